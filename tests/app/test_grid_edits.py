"""The grid editor's callback: bad cells are refused with a message, good ones apply.

AppTest cannot type into a custom component, so these tests run the real callback on the
state the grid (ui.cell_grid) sends for one committed cell ({"edit": {i, j, text}})."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest


def _script(edits: list, array: str) -> None:
    import streamlit as st

    from ui import layer_state as ls
    from ui.cell_grid import _on_edit
    from ui.editors import show_error

    ls.ensure_layer_state()
    for i, j, text in edits:  # one commit per cell, as the grid sends them
        st.session_state[f"cells_{array}"] = {"edit": {"i": i, "j": j, "text": text}}
        _on_edit(array, f"cells_{array}")
    show_error(array)


def run_edit(edits: list, array: str = "W") -> AppTest:
    at = AppTest.from_function(_script, args=(edits, array), default_timeout=20)
    at.run()
    assert not at.exception
    return at


BAD = {
    "empty": ("", "is empty"),
    "spaces": ("   ", "is empty"),
    "text": ("abc", "'abc' is not a number"),
    "nan text": ("nan", "NaN"),
    "inf": ("inf", "infinite"),
    "overflow": ("1e400", "infinite"),
    "too large": ("1e7", "too large"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_cell_is_refused_and_the_last_good_value_kept(case: str) -> None:
    raw, expected = BAD[case]
    at = run_edit([(0, 1, raw)])
    assert at.session_state["layer_W"][0, 1] == 2.0  # the default's W[1,2], unchanged
    assert at.error and expected in at.error[0].value and "W[1, 2]" in at.error[0].value


def test_a_refusal_redraws_the_grid_from_the_kept_values() -> None:
    before = run_edit([]).session_state["layer_version"]
    after = run_edit([(0, 1, "abc")]).session_state["layer_version"]
    assert after == before + 1  # the grid's data changes, so it shows 2 again, not 'abc'


def test_good_cells_apply_and_a_bad_one_is_reported_until_the_next_good_edit() -> None:
    at = run_edit([(0, 0, "-3.5"), (1, 1, "8"), (1, 2, " −2 "), (0, 2, "oops")])
    W = at.session_state["layer_W"]
    np.testing.assert_array_equal(W, [[-3.5, 2, 1], [-1, 8, -2]])
    assert "W[1, 3]" in at.error[0].value
    at = run_edit([(0, 2, "oops"), (0, 2, "7")])
    assert at.session_state["layer_W"][0, 2] == 7 and not at.error


def test_vector_edits_apply_to_x_and_b() -> None:
    at = run_edit([(2, 0, "0.25")], "x")
    np.testing.assert_array_equal(at.session_state["layer_x"], [3, 5, 0.25])
    assert not at.error
    at = run_edit([(1, 0, "")], "b")
    np.testing.assert_array_equal(at.session_state["layer_b"], [3, -1])
    assert "b[2] is empty" in at.error[0].value


def test_an_edit_for_a_cell_the_layer_no_longer_has_is_ignored() -> None:
    at = run_edit([(5, 0, "9"), (0, 7, "9")])
    np.testing.assert_array_equal(at.session_state["layer_W"], [[4, 2, 1], [-1, 0.5, 2]])
    assert not at.error


def _junk_script(event) -> None:
    import streamlit as st

    from ui import layer_state as ls
    from ui.cell_grid import _on_edit

    ls.ensure_layer_state()
    st.session_state["cells_W"] = {"edit": event}
    _on_edit("W", "cells_W")


@pytest.mark.parametrize("event", [None, "junk", {}, {"i": "a", "j": 0, "text": "1"},
                                   {"i": None, "j": 0, "text": "1"}, {"i": -1, "j": 0}])
def test_a_malformed_grid_event_changes_nothing_and_raises_nothing(event) -> None:
    at = AppTest.from_function(_junk_script, args=(event,), default_timeout=20)
    at.run()
    assert not at.exception
    np.testing.assert_array_equal(at.session_state["layer_W"], [[4, 2, 1], [-1, 0.5, 2]])


def test_cell_text_reads_back_exactly() -> None:
    from ui.cell_grid import cell_text

    # Anything typed by hand (up to 10 significant digits) reads back exactly; a longer
    # machine-made value is written as the tables and equations write it (ui.format.fmt).
    for v in (4.0, -1.0, 0.1, 0.5, 0.3333333333, -2.5e-7, 123456.0, 0.123456789):
        assert float(cell_text(v)) == v
    assert cell_text(1 / 3) == "0.333333"
    assert cell_text(4.0) == "4" and cell_text(0.1) == "0.1"
