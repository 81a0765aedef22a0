"""/operations?op=batchnorm through app.py: by link and by widgets, stepping, train vs eval,
the batch of one, the bias, the backward check, and every bad link field and cell."""

from __future__ import annotations

import numpy as np
import pytest
from ops_helpers import link, open_ops, texts
from streamlit.testing.v1 import AppTest


def test_default_view_steps_through_feature_one() -> None:
    at = open_ops()
    assert "Step 0 of 12" in texts(at)
    # every feature at once, under the stepper: y of row 1 = gamma x_hat + beta = -1.41421 ...
    assert at.table[-1].value.loc["row 1", "y1"] == "-1.41421"
    at.button(key="ops_bn_next").click().run()
    # feature 1 of the default batch: 1, 3, 5, 3 -> mean 12 / 4 = 3
    assert r"\tfrac{12}{4} = 3" in texts(at)
    at.button(key="ops_bn_next").click().run()
    at.button(key="ops_bn_next").click().run()
    shown = texts(at)
    assert r"\tfrac{8}{4} = 2" in shown and "unbiased" in shown and r"\tfrac{8}{3}" in shown
    assert link(at)["step"] == "3" and link(at)["op"] == "batchnorm"


def test_a_link_opens_the_step_it_names_and_round_trips() -> None:
    query = {"op": "batchnorm", "view": "steps", "X": "1,2;3,6", "gamma": "1,1", "beta": "0,0",
             "mode": "train", "momentum": "0.1", "eps": "0.00001", "rmean": "0,0",
             "rvar": "1,1", "step": "6"}
    at = open_ops(query)
    shown = texts(at)
    assert "Step 6 of 12" in shown
    # step 6 = feature 1's running statistics: 0.9 * 0 + 0.1 * 2 = 0.2; 0.9 * 1 + 0.1 * 2 = 1.1
    assert "= 0.2" in shown and "= 1.1" in shown
    got = link(at)
    assert got["X"] == "1,2;3,6" and got["step"] == "6" and got["rvar"] == "1,1"
    assert got["eps"] == "1e-05"


def test_eval_mode_by_widget_uses_running_statistics() -> None:
    at = open_ops()
    at.radio(key="ops_ch_bn_mode").set_value("eval").run()
    assert "Step 0 of 6" in texts(at) and link(at)["mode"] == "eval"
    at.button(key="ops_bn_next").click().run()
    assert "nothing is updated" in texts(at)


def test_train_vs_eval_and_training_the_running_statistics() -> None:
    at = open_ops({"op": "batchnorm", "view": "modes"})
    shown = texts(at)
    assert "Largest difference between the two" in shown and "0 → 0.3" in shown
    at.button(key="ops_bn_train1").click().run()
    assert at.session_state["ops_bn_rmean"].tolist() == pytest.approx([0.3, 0.3])
    at.button(key="ops_bn_train20").click().run()
    # 21 updates toward mean 3: 3 (1 - 0.9^21)
    assert at.session_state["ops_bn_rmean"][0] == pytest.approx(3 * (1 - 0.9 ** 21))
    at.button(key="ops_bn_reset_running").click().run()
    assert at.session_state["ops_bn_rmean"].tolist() == [0.0, 0.0]


def test_batch_of_one_is_explained() -> None:
    at = open_ops({"op": "batchnorm", "X": "3,-1"})
    assert "cannot be normalized in train mode" in texts(at)
    at = open_ops({"op": "batchnorm", "X": "3,-1", "view": "one"})
    shown = texts(at)
    assert "÷ 0: undefined" in shown and "y = β whatever x" in shown


def test_bias_view_shows_the_shift_cancels() -> None:
    at = open_ops({"op": "batchnorm", "view": "bias"})
    shown = texts(at)
    assert "mean of x + c" in shown and "Largest change in any output" in shown
    assert "bias=False" in shown


@pytest.mark.parametrize("mode", ["train", "eval"])
def test_backward_view_agrees_with_finite_differences(mode: str) -> None:
    at = open_ops({"op": "batchnorm", "view": "backward", "mode": mode})
    table = at.table[0].value
    assert len(table) == 8 and set(table["agree"]) == {"yes"}
    assert "Largest relative error" in texts(at)


def test_view_and_op_by_widget() -> None:
    at = open_ops()
    at.segmented_control(key="ops_view_batchnorm").set_value("backward").run()
    assert link(at)["view"] == "backward"
    at.segmented_control(key="ops_op_select").set_value("penalty").run()
    assert link(at)["op"] == "penalty" and "Conventions." in texts(at)


def test_sizes_and_presets_by_widget() -> None:
    at = open_ops()
    at.selectbox(key="ops_bn_rows").set_value(2).run()
    assert at.session_state["ops_bn_X"].shape == (2, 2)
    at.selectbox(key="ops_bn_features").set_value(3).run()
    assert at.session_state["ops_bn_gamma"].tolist() == [1.0, 2.0, 1.0]
    at.selectbox(key="ops_bn_preset").set_value("one").run()
    at.button(key="ops_bn_load").click().run()
    assert "cannot be normalized" in texts(at)
    at.button(key="ops_reset").click().run()
    assert at.session_state["ops_bn_X"].shape == (4, 2)


@pytest.mark.parametrize("query, field, kept", [
    ({"momentum": "2"}, "momentum", ("ops_bn_momentum", 0.1)),
    ({"eps": "0"}, "eps", ("ops_bn_eps", 1e-5)),
    ({"mode": "sideways"}, "mode", ("ops_bn_mode", "train")),
    ({"X": "1,a;2,3"}, "X", ("ops_bn_X", None)),
    ({"gamma": "1,2,3"}, "gamma", ("ops_bn_gamma", [1.0, 2.0])),
    ({"rvar": "1,-1"}, "rvar", ("ops_bn_rvar", [1.0, 1.0])),
    ({"X": "1,2,3,4,5,6,7;1,2,3,4,5,6,7"}, "X", ("ops_bn_X", None)),
    ({"view": "zzz"}, "view", ("ops_views", None)),
    ({"step": "-1"}, "step", ("ops_bn_momentum", 0.1)),
])
def test_bad_link_fields_fall_back_with_a_warning(query, field, kept) -> None:
    at = open_ops({"op": "batchnorm"} | query)
    warning = " ".join(w.value for w in at.warning)
    assert "could not be read completely" in warning and field in warning
    key, value = kept
    if value is None and key == "ops_bn_X":
        assert at.session_state[key].tolist() == [[1, 2], [3, 6], [5, 1], [3, 3]]
    elif value is not None:
        got = at.session_state[key]
        assert (got.tolist() if isinstance(got, np.ndarray) else got) == value


def test_unknown_op_opens_batch_norm_and_says_so() -> None:
    at = open_ops({"op": "convolution"})
    assert "op" in at.warning[0].value and "Batch X" in texts(at)


def test_markup_in_a_link_is_shown_literally() -> None:
    at = open_ops({"op": "batchnorm", "mode": "![](//example.com/x.png)"})
    warning = at.warning[0].value
    assert "![](//" not in warning and r"\!\[\](\/\/example" in warning


def test_bad_typed_settings_are_refused_where_typed() -> None:
    at = open_ops()
    at.text_input(key="ops_in_momentum").set_value("abc").run()
    assert "momentum: abc was refused" in " ".join(e.value for e in at.error)
    assert at.session_state["ops_bn_momentum"] == 0.1
    assert at.text_input(key="ops_in_momentum").value == "0.1"  # the kept value shows again
    at.text_input(key="ops_in_momentum").set_value("0.5").run()
    assert at.session_state["ops_bn_momentum"] == 0.5 and not at.error
    at.text_input(key="ops_in_eps").set_value("-1").run()
    assert "eps" in at.error[0].value and at.session_state["ops_bn_eps"] == 1e-5


def _edit_script(array: str, text: str) -> None:
    import streamlit as st

    from ui.cell_grid import _on_edit
    from ui.operations import state as os_
    from ui.operations.common import show_array_error

    os_.ensure_state()
    key = f"cells_ops_batchnorm_{array}"
    st.session_state[key] = {"edit": {"i": 0, "j": 0, "text": text}}
    _on_edit(array, key, os_.grid_store("batchnorm"))
    show_array_error(array)


@pytest.mark.parametrize("array, text, message", [
    ("X", "abc", "is not a number"), ("X", "", "is empty"), ("gamma", "inf", "infinite"),
    ("running_var", "-2", "must be 0 or more"), ("beta", "nan", "NaN"),
])
def test_bad_cells_are_refused_and_the_value_kept(array: str, text: str, message: str) -> None:
    at = AppTest.from_function(_edit_script, args=(array, text), default_timeout=20)
    at.run()
    assert not at.exception
    assert message in at.error[0].value and "Kept the previous value" in at.error[0].value
    key = {"X": "ops_bn_X", "gamma": "ops_bn_gamma", "running_var": "ops_bn_rvar",
           "beta": "ops_bn_beta"}[array]
    default = {"X": 1.0, "gamma": 1.0, "running_var": 1.0, "beta": 0.0}[array]
    assert at.session_state[key].reshape(-1)[0] == default


def test_a_good_cell_applies() -> None:
    at = AppTest.from_function(_edit_script, args=("X", "7"), default_timeout=20)
    at.run()
    assert not at.error and at.session_state["ops_bn_X"][0, 0] == 7.0
