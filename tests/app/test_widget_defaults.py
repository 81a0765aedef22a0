"""Every settings widget's default is the value it shows (on every page, after a link that
changes many settings from their plain defaults).

Why it matters: while the browser is still mounting a widget after a run it shows the widget's
default, and a click in that moment sends the default back as the widget's value; under CPU
starvation this reset the explorer's layer to 1 x 1 with a linear activation (found with the
Play test and two CPU hogs). So the synced widgets carry the canonical value as their default
too (ui.widget_sync.show); this checks that none is missed. Boxes that have no default at all
(value=None) send None instead, which is refused (tests/app/test_refused_entries.py)."""

from __future__ import annotations

import pytest
from apptest_helpers import no_exception, open_page
from streamlit.testing.v1 import AppTest

LINKS = {
    "explorer": {"W": "4,2,1", "x": "3,5,6", "b": "3", "act": "relu"},
    "backprop": {"W": "1,2;3,4", "x": "1,-1", "b": "0.5,0", "act": "tanh", "loss": "mse",
                 "t": "0.5,1", "lr": "0.1"},
    "train": {"data": "blobs", "classes": "4", "n": "300", "noise": "20", "train": "70",
              "dseed": "3", "test": "1", "feat": "x1,x2,x1x2", "hidden": "5,3,2",
              "act": "relu", "drop": "0.1", "bn": "1", "init": "he", "seed": "7",
              "opt": "momentum", "mom": "0.5", "lr": "0.1", "batch": "20", "l2": "0.001"},
}
NOT_SYNCED = {"preset_choice", "random_seed"}  # plain choices that nothing else changes


def mismatches(at: AppTest) -> list[str]:
    """Widgets whose default (what a fresh mount shows) differs from their value."""
    bad = []
    for w in at.get("number_input"):
        # A box without a default (value=None: the layer's number and size boxes) sends None
        # from a fresh mount, which is refused with a message: it cannot reset anything.
        if not w.proto.HasField("default"):
            continue
        if float(w.proto.default) != float(w.value):
            bad.append(f"{w.key}: default {w.proto.default}, value {w.value}")
    for w in at.get("selectbox"):
        if w.proto.default != w.index:
            bad.append(f"{w.key}: default index {w.proto.default}, value index {w.index}")
    for w in at.get("slider"):
        if [float(v) for v in w.proto.default] != [float(w.value)]:
            bad.append(f"{w.key}: default {list(w.proto.default)}, value {w.value}")
    for kind in ("checkbox", "toggle"):
        for w in at.get(kind):
            if w.proto.default != w.value:
                bad.append(f"{w.key}: default {w.proto.default}, value {w.value}")
    for w in at.get("button_group"):
        options = [o.content for o in w.proto.options]
        shown = [options[i] for i in w.proto.default]
        values = w.value if isinstance(w.value, list) else [w.value]
        if w.key.startswith("tr_") and [w.format_func(v) for v in values] != shown:
            bad.append(f"{w.key}: default {shown}, value {w.value}")
    return [b for b in bad if b.split(":")[0] not in NOT_SYNCED]


@pytest.mark.parametrize("page", list(LINKS))
def test_every_synced_widget_defaults_to_the_value_it_shows(page: str) -> None:
    at = open_page(page, LINKS[page])
    no_exception(at)
    assert not at.warning, [w.value for w in at.warning]  # the link was read completely
    assert len(at.get("number_input")) + len(at.get("selectbox")) >= 3
    assert mismatches(at) == []
