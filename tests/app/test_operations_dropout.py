"""/operations?op=dropout through app.py: the mask step by step, another mask, eval identity,
the average over N masks, the train-mode prediction bug, bad links and typed settings."""

from __future__ import annotations

import numpy as np
import pytest
from ops_helpers import link, open_ops, texts


def test_a_link_steps_through_the_mask() -> None:
    # default_rng(0).random(4) = 0.637, 0.270, 0.041, 0.017; p = 0.25: keep, keep, drop, drop.
    at = open_ops({"op": "dropout", "x": "3,-1.5,2,6", "p": "0.25", "seed": "0"})
    shown = texts(at)
    assert "Step 0 of 4" in shown and "p is the probability of dropping" in shown
    assert "1/(1 − p) = 1.33333" in shown
    at.button(key="ops_do_next").click().run()
    assert r"\text{keep: }" in texts(at) and "= 4" in texts(at)
    for _ in range(2):
        at.button(key="ops_do_next").click().run()
    assert r"\text{drop: } y = 0" in texts(at)
    assert "kept **2** of 4 units" in texts(at)
    assert link(at)["step"] == "3" and link(at)["x"] == "3,-1.5,2,6"


def test_another_mask_moves_the_seed_and_the_link() -> None:
    at = open_ops({"op": "dropout"})
    at.button(key="ops_do_another").click().run()
    assert link(at)["seed"] == "1" and "Seed **1**" in texts(at)


def test_eval_mode_is_the_identity() -> None:
    at = open_ops({"op": "dropout", "x": "1,2,3", "mode": "eval"})
    assert "Eval mode: nothing is drawn" in texts(at)
    assert at.table[0].value.iloc[0].tolist() == ["1", "2", "3"]


def test_a_batch_link_keeps_X() -> None:
    at = open_ops({"op": "dropout", "X": "1,2;3,4"})
    assert at.session_state["ops_do_x"].tolist() == [[1, 2], [3, 4]]
    assert link(at)["X"] == "1,2;3,4" and "x" not in link(at)
    assert "Step 0 of 4" in texts(at)


def test_average_over_masks() -> None:
    at = open_ops({"op": "dropout", "view": "average", "x": "1,2,3,4", "n": "1000"})
    table = at.table[0].value
    assert table.index.tolist() == ["1", "10", "100", "1000"]
    gaps = [float(v) for v in table["largest |mean − x|"]]
    assert gaps[-1] < 0.4 < gaps[0]
    at.text_input(key="ops_in_masks").set_value("50").run()
    assert at.table[0].value.index.tolist() == ["1", "10", "50"] and link(at)["n"] == "50"


def test_predicting_in_train_mode_changes_each_call() -> None:
    at = open_ops({"op": "dropout", "view": "bug"})
    at.button(key="ops_do_predict").click().run()
    at.button(key="ops_do_predict").click().run()
    table = at.table[0].value
    assert len(table) == 3 and len(set(table["eval mode"])) == 1
    assert len(set(table["train mode (bug)"])) > 1
    assert "**1** in eval mode" in texts(at)
    at.button(key="ops_do_calls_reset").click().run()
    assert len(at.table[0].value) == 1


def test_mode_by_widget() -> None:
    at = open_ops({"op": "dropout"})
    at.radio(key="ops_ch_do_mode").set_value("eval").run()
    assert link(at)["mode"] == "eval" and "Eval mode" in texts(at)


@pytest.mark.parametrize("query, field", [
    ({"p": "1"}, "p"), ({"p": "-0.2"}, "p"), ({"seed": "1.5"}, "seed"), ({"n": "0"}, "n"),
    ({"x": "1,,2"}, "x"), ({"mode": "test"}, "mode"),
])
def test_bad_link_fields_fall_back_with_a_warning(query, field) -> None:
    at = open_ops({"op": "dropout"} | query)
    warning = at.warning[0].value
    assert "could not be read completely" in warning and f"`{field}`" in warning
    assert at.session_state["ops_do_p"] == (0.5 if "p" in query else 0.5)


@pytest.mark.parametrize("setting, text, message", [
    ("p", "1.5", "from 0 to 0.95"), ("p", "abc", "is not a number"),
    ("seed", "-3", "whole number"), ("masks", "99999", "whole number"),
])
def test_bad_typed_settings_are_refused_where_typed(setting, text, message) -> None:
    at = open_ops({"op": "dropout"})
    before = at.session_state[f"ops_do_{setting}"]
    at.text_input(key=f"ops_in_{setting}").set_value(text).run()
    assert message in at.error[0].value and "Kept the previous value" in at.error[0].value
    assert at.session_state[f"ops_do_{setting}"] == before


def test_sizes_by_widget_keep_values() -> None:
    at = open_ops({"op": "dropout"})
    at.selectbox(key="ops_do_rows").set_value(2).run()
    X = at.session_state["ops_do_x"]
    assert X.shape == (2, 6) and X[0].tolist() == [1, 2, 3, 4, 5, 6] and not np.any(X[1])


def test_presets_load_arrays_and_settings() -> None:
    at = open_ops({"op": "dropout"})
    at.selectbox(key="ops_dropout_preset").set_value("batch").run()
    at.button(key="ops_dropout_load").click().run()
    assert at.session_state["ops_do_x"].shape == (3, 4) and "X" in link(at)
    at.selectbox(key="ops_dropout_preset").set_value("small_p").run()
    at.button(key="ops_dropout_load").click().run()
    assert link(at)["p"] == "0.1" and at.session_state["ops_do_x"].shape == (1, 6)
