"""'Reset everything' on /explorer and /backprop returns the page to a fresh session's state;
/backprop shows every gradient as numbers (text) as soon as the forward pass is shown."""

from __future__ import annotations

import numpy as np
from apptest_helpers import no_exception, open_page
from streamlit.testing.v1 import AppTest

from core.trace.chain import Network, network_trace
from ui.backprop.step_text import bmatrix

DEFAULT_W = [[4.0, 2.0, 1.0], [-1.0, 0.5, 2.0]]


def markdown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_explorer_reset_everything_is_a_fresh_session():
    at = open_page("explorer", {"W": "1,2", "x": "3,4", "b": "5", "act": "tanh",
                                "view": "steps", "step": "3"})
    at.button(key="step_next").click().run()
    assert "Step 4 of" in markdown(at)
    at.button(key="reset_everything").click().run()
    no_exception(at)
    s = at.session_state
    assert s["layer_W"].tolist() == DEFAULT_W and s["layer_act"] == "linear"
    assert at.segmented_control(key="explorer_view").value == "compute"
    assert at.query_params["view"] == "compute" and at.query_params["W"] == "4,2,1;-1,0.5,2"
    at.segmented_control(key="explorer_view").set_value("steps").run()
    assert "Step 0 of 10" in markdown(at)


def test_explorer_reset_everything_clears_the_quiz_and_the_batch():
    at = open_page("explorer", {"view": "batch", "X": "9,9,9"})
    assert at.session_state["batch_X"].tolist() == [[9.0, 9.0, 9.0]]
    at.segmented_control(key="explorer_view").set_value("quiz").run()
    at.text_input(key="quiz_answer").set_value("31").run()
    at.button(key="quiz_check").click().run()
    assert at.success
    at.button(key="reset_everything").click().run()
    at.segmented_control(key="explorer_view").set_value("quiz").run()
    no_exception(at)
    assert not at.success and at.text_input(key="quiz_answer").value == ""
    at.segmented_control(key="explorer_view").set_value("batch").run()
    assert at.session_state["batch_X"].tolist() != [[9.0, 9.0, 9.0]]
    assert at.session_state["batch_X"].shape == (3, 3)


def test_backprop_reset_everything_is_a_fresh_session():
    at = open_page("backprop", {"W": "1,2", "x": "3,4", "b": "5", "act": "sigmoid",
                                "W2": "1", "b2": "0", "act2": "tanh", "loss": "mse", "t": "1",
                                "lr": "0.5", "view": "check"})
    assert at.session_state["bp_two_layers"]
    at.button(key="bp_reset_everything").click().run()
    no_exception(at)
    s = at.session_state
    assert s["layer_W"].tolist() == DEFAULT_W and s["layer_act"] == "linear"
    assert not s["bp_two_layers"] and s["bp_act2"] == "linear"
    assert s["bp_loss"] == "mse" and s["bp_lr"] == 0.01 and s["bp_t_mse"].tolist() == [30, 12]
    assert at.segmented_control(key="bp_view").value == "steps"
    assert "Step 0 of 15" in markdown(at)
    assert "W2" not in at.query_params and at.query_params["view"] == "steps"


def test_backprop_shows_every_gradient_with_the_forward_pass():
    at = open_page("backprop")
    no_exception(at)
    trace = network_trace(Network(np.array(DEFAULT_W), np.array([3.0, -1.0]), "linear"),
                          np.array([3.0, 5.0, 6.0]), "mse", np.array([30.0, 12.0]))
    latex = " ".join(e.value for e in at.latex)
    for name in ("W", "b", "x"):
        expected = rf"\frac{{\partial L}}{{\partial {name}}} = {bmatrix(trace.grads()[name])}"
        assert expected in latex, name
    assert r"\begin{bmatrix} 3 & 5 & 6 \\ -4.5 & -7.5 & -9 \end{bmatrix}" in latex


def test_backprop_shows_layer2_gradients_too_and_hides_all_during_the_quiz():
    at = open_page("backprop", {"W2": "1,-1", "b2": "0", "t": "3"})
    latex = " ".join(e.value for e in at.latex)
    assert r"\frac{\partial L}{\partial W^{(2)}}" in latex
    at.segmented_control(key="bp_view").set_value("quiz").run()
    latex = " ".join(e.value for e in at.latex)
    assert r"\frac{\partial L}{\partial W} =" not in latex
    assert any("hidden while you check yourself" in c.value for c in at.caption)
