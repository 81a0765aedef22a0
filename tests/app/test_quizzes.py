"""Check yourself on /explorer and /backprop: the rule of core.course.answer_check on the page
(agree to
the figures typed, at least 3; say how close; name the slip that matches to that precision)."""

from __future__ import annotations

import math

import numpy as np
from apptest_helpers import no_exception, open_page
from streamlit.testing.v1 import AppTest

from core import forward_trace
from core.trace.chain import Network, network_trace

BP_LINK = {"W": "0.5,-0.3", "x": "1,2", "b": "0.4", "act": "sigmoid", "loss": "mse", "t": "1"}


def bp_trace():
    net = Network(np.array([[0.5, -0.3]]), np.array([0.4]), "sigmoid")
    return network_trace(net, np.array([1.0, 2.0]), "mse", np.array([1.0]))


def answer(at: AppTest, prefix: str, text: str) -> tuple[str, str]:
    """Type `text`, press Check, return (kind, message) of the verdict shown."""
    at.text_input(key=f"{prefix}answer").set_value(text).run()
    at.button(key=f"{prefix}check").click().run()
    no_exception(at)
    for kind in ("success", "error", "warning"):
        for element in getattr(at, kind):
            if any(w in element.value for w in ("Correct", "is not it", "significant figure",
                                                "number", "comma")):
                return kind, element.value
    raise AssertionError("no verdict shown")


def sig(v: float, figures: int) -> str:
    return f"{v:.{figures}g}"


def open_bp_quiz() -> AppTest:
    at = open_page("backprop", BP_LINK)
    at.segmented_control(key="bp_view").set_value("quiz").run()
    no_exception(at)
    return at


def test_backprop_quiz_accepts_rounded_hand_answers_and_says_how_close():
    truth = float(bp_trace().back1.dW[0, 1])
    at = open_bp_quiz()
    at.selectbox(key="bp_quiz_j").set_value(1).run()
    for figures in (3, 4, 6):
        kind, message = answer(at, "bp_quiz_", sig(truth, figures))
        assert kind == "success", message
        assert "agrees" in message and "significant figures" in message
    # Worked from the page's own 6-figure numbers: two units off in the 6th figure.
    kind, message = answer(at, "bp_quiz_", sig(truth * (1 + 2.2e-6), 6))
    assert kind == "success", message


def test_backprop_quiz_refuses_too_few_figures_and_wrong_ones():
    truth = float(bp_trace().back1.dW[0, 1])
    at = open_bp_quiz()
    at.selectbox(key="bp_quiz_j").set_value(1).run()
    kind, message = answer(at, "bp_quiz_", sig(truth, 1))
    assert kind == "error" and "give at least 3" in message
    kind, message = answer(at, "bp_quiz_", sig(truth * 1.02, 4))
    assert kind == "error" and "is not it" in message and "agrees to 2 significant" in message


def test_backprop_quiz_names_the_slip_at_the_same_precision():
    trace = bp_trace()
    back, x = trace.back1, trace.x
    at = open_bp_quiz()
    at.selectbox(key="bp_quiz_j").set_value(1).run()
    forgot_fprime = float(back.dA[0] * x[1])
    kind, message = answer(at, "bp_quiz_", sig(forgot_fprime, 6))
    assert kind == "error" and "first multiply it by f′(z1)" in message, message
    kind, message = answer(at, "bp_quiz_", sig(-float(back.dW[0, 1]), 4))
    assert "the sign is not" in message, message
    kind, message = answer(at, "bp_quiz_", sig(float(back.delta[0]), 5))
    assert "That is δ1; now multiply it by x2" in message, message
    no_bias = network_trace(Network(trace.net.W, np.zeros(1), "sigmoid"), x, "mse", [1.0])
    kind, message = answer(at, "bp_quiz_", sig(float(no_bias.back1.dW[0, 1]), 4))
    assert "without the bias" in message, message
    # The same slip typed to more figures than it matches: no hint, just "not it".
    kind, message = answer(at, "bp_quiz_", sig(forgot_fprime * (1 + 1e-3), 6))
    assert "f′(z1)" in message and "first multiply" not in message


def test_backprop_quiz_refuses_a_decimal_comma_with_a_message():
    at = open_bp_quiz()
    kind, message = answer(at, "bp_quiz_", "0,08")
    assert kind == "warning" and "point, not a comma" in message


def open_explorer_quiz(link: dict[str, str]) -> AppTest:
    at = open_page("explorer", link)
    at.segmented_control(key="explorer_view").set_value("quiz").run()
    no_exception(at)
    return at


def test_explorer_quiz_z_hints_for_the_bias_and_the_sign():
    at = open_explorer_quiz({"W": "4,2,1", "x": "3,5,6", "b": "3"})
    assert "without the bias" in answer(at, "quiz_", "28")[1]
    assert "the sign is not" in answer(at, "quiz_", "-31")[1]
    assert "Check the sign of W[1,2]·x2" in answer(at, "quiz_", "11")[1]  # 31 - 2·10
    kind, message = answer(at, "quiz_", "31")
    assert kind == "success" and "agrees exactly" in message


def test_explorer_quiz_also_asks_for_a_after_the_activation():
    at = open_explorer_quiz({"W": "0.5,-0.25", "x": "1,2", "b": "1", "act": "tanh"})
    at.radio(key="quiz_quantity").set_value("a").run()
    assert at.text_input(key="quiz_answer").label == "Your value for a1"
    a = float(forward_trace([[0.5, -0.25]], [1.0, 2.0], [1.0], "tanh").a[0])
    assert math.isclose(a, math.tanh(1.0))
    assert "That is z1; now apply the activation" in answer(at, "quiz_", "1")[1]
    assert "without the bias" in answer(at, "quiz_", "0")[1]
    kind, message = answer(at, "quiz_", sig(a, 4))
    assert kind == "success", message
    assert any(r"\tanh(1) = 0.761594" in e.value for e in at.latex)  # revealed after success
