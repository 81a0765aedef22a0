"""AppTest for /backprop through the real entry point: the gradients shown are the core's, the
gradient check passes, one step of descent lowers the loss (or is reported as divergence), the
stepper, the quiz, the second layer, and state shared with the explorer.

Links (query parameters) set the page up, as a shared link would; test_backprop_links.py covers
malformed links and bad inputs.
"""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import no_exception, open_page
from streamlit.testing.v1 import AppTest

from core import ACTIVATIONS
from core.course.url_codec import encode_matrix, encode_vector
from core.trace.chain import Network, network_trace
from core.trace.descent import gradient_step
from core.trace.net_gradcheck import check_network
from ui.format import fmt

DEFAULT_W = np.array([[4.0, 2.0, 1.0], [-1.0, 0.5, 2.0]])
DEFAULT_X = np.array([3.0, 5.0, 6.0])
DEFAULT_B = np.array([3.0, -1.0])
DEFAULT_T = np.array([30.0, 12.0])


def show(at: AppTest, view: str) -> AppTest:
    at.segmented_control(key="bp_view").set_value(view).run()
    no_exception(at)
    return at


def texts(at: AppTest) -> str:
    """Every message, markdown and LaTeX string on the page, joined."""
    parts = [e.value for kind in ("markdown", "latex", "success", "warning", "error", "info")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def check_frames(at: AppTest) -> dict[str, object]:
    """The gradient-check tables by parameter name (index 'W[1, 2]' -> 'W'). They are st.table
    (text a screen reader can read), never st.dataframe canvases."""
    assert not at.dataframe
    out = {}
    for df in at.table:
        frame = df.value
        if "finite differences" in frame.columns:
            out[str(frame.index[0]).split("[")[0]] = frame
    return out


@pytest.fixture(scope="module")
def page() -> AppTest:
    at = open_page("backprop")
    no_exception(at)
    return at


def test_default_page_shows_the_forward_pass_and_the_loss_step_by_step(page):
    table = page.table[0].value
    assert list(table["a"]) == ["31", "10.5"] and list(table["(a − t)²"]) == ["1", "2.25"]
    assert r"\mathbf{1.625}" in texts(page)
    assert "Step 0 of 15" in texts(page)


def test_displayed_gradients_equal_the_core(page):
    show(page, "check")
    net = Network(DEFAULT_W, DEFAULT_B, "linear")
    trace = network_trace(net, DEFAULT_X, "mse", DEFAULT_T)
    checks = check_network(net, DEFAULT_X, "mse", DEFAULT_T, trace.grads())
    frames = check_frames(page)
    assert set(frames) == {"W", "b", "x"}
    for name, frame in frames.items():
        grad = trace.grads()[name].reshape(-1)
        assert list(frame["backprop"]) == [fmt(v) for v in grad]
        assert list(frame["finite differences"]) == [fmt(v) for v in
                                                     checks[name].numeric.reshape(-1)]
        assert all(mark.endswith("pass") for mark in frame["check"])
    assert "All 11 gradients agree" in texts(page)


def test_stepper_walks_every_gradient_with_its_numbers_and_check(page):
    show(page, "steps")
    trace = network_trace(Network(DEFAULT_W, DEFAULT_B, "linear"), DEFAULT_X, "mse", DEFAULT_T)
    page.button(key="bp_step_reset").click().run()
    seen = []
    for k in range(1, len(trace.steps) + 1):
        page.button(key="bp_step_next").click().run()
        no_exception(page)
        body = texts(page)
        assert f"Step {k} of {len(trace.steps)}" in body
        step = trace.steps[k - 1]
        if step.kind == "dW":
            value = fmt(trace.back1.dW[step.i, step.j])
            assert f"= {value}\n$$" in body
            assert f"backprop gives **{value}**" in body and "pass" in body
            seen.append(value)
    assert seen == ["3", "5", "6", "-4.5", "-7.5", "-9"]
    assert page.button(key="bp_step_next").disabled
    page.button(key="bp_step_prev").click().run()
    assert f"Step {len(trace.steps) - 1} of" in texts(page)


def random_link(rng: np.random.Generator, act: str, loss: str) -> tuple[dict, Network, object]:
    n = 1 if loss == "bce" else int(rng.integers(2, 4))
    m = int(rng.integers(1, 4))
    W = np.round(rng.uniform(-2, 2, (n, m)), 2)
    x = np.round(rng.uniform(-2, 2, m), 2)
    b = np.round(rng.uniform(-1, 1, n), 2)
    if loss == "mse":
        t = np.round(rng.uniform(-1, 1, n), 2)
        link_t, target = encode_vector(t), t
    elif loss == "bce":
        t = np.round(rng.uniform(0, 1, 1), 2)
        link_t, target = encode_vector(t), t
    else:
        c = int(rng.integers(0, n))
        link_t, target = str(c + 1), c
    link = {"W": encode_matrix(W), "x": encode_vector(x), "b": encode_vector(b), "act": act,
            "loss": loss, "t": link_t}
    return link, Network(W, b, act), target


def test_gradient_check_passes_for_every_activation_and_loss():
    at = open_page("backprop")
    show(at, "check")
    rng = np.random.default_rng(4)
    for act in ACTIVATIONS:
        for loss in ("mse", "bce", "ce"):
            link, net, target = random_link(rng, act, loss)
            at.query_params.clear()
            for key, value in {**link, "view": "check"}.items():  # a link opens its view
                at.query_params[key] = value
            at.run()
            no_exception(at)
            assert not at.warning or "link" not in at.warning[0].value, at.warning[0].value
            assert at.success and "gradients agree with finite differences" in \
                at.success[0].value, (act, loss, texts(at))
            trace = network_trace(net, np.array([float(v) for v in link["x"].split(",")]),
                                  loss, target)
            frames = check_frames(at)
            assert list(frames["W"]["backprop"]) == [fmt(v) for v in trace.back1.dW.ravel()]


def test_small_learning_rate_lowers_the_loss_in_one_step():
    at = show(open_page("backprop", {"lr": "0.01"}), "descent")
    step = gradient_step(Network(DEFAULT_W, DEFAULT_B, "linear"), DEFAULT_X, "mse", DEFAULT_T,
                         0.01)
    assert step.loss_after < step.loss_before
    assert at.metric[0].value == f"{fmt(step.loss_before)} → {fmt(step.loss_after)}"
    assert "went **down**" in at.success[0].value
    W_new = r" \\ ".join(" & ".join(fmt(v) for v in row) for row in step.after.W)
    assert W_new in texts(at)
    # A preview only: the shared W is unchanged until Apply is pressed.
    assert at.session_state["layer_W"].tolist() == DEFAULT_W.tolist()
    at.button(key="bp_apply_step").click().run()
    no_exception(at)
    np.testing.assert_allclose(at.session_state["layer_W"], step.after.W)
    assert "Applied one step" in texts(at)


def test_take_n_steps_plots_a_falling_loss():
    at = show(open_page("backprop", {"lr": "0.01"}), "descent")
    at.number_input(key="bp_steps_input").set_value(30).run()
    at.button(key="bp_take_steps").click().run()
    no_exception(at)
    assert any("After 30 steps the loss went down from 1.625" in s.value for s in at.success)
    assert at.button(key="bp_apply_run")


@pytest.mark.parametrize("lr, run_words", [
    ("0.05", "**Diverging.**"),
    ("1000", "**Diverged and overflowed.**"),
])
def test_large_learning_rate_is_reported_as_divergence(lr, run_words):
    at = show(open_page("backprop", {"lr": lr}), "descent")
    at.number_input(key="bp_steps_input").set_value(50).run()
    at.button(key="bp_take_steps").click().run()
    no_exception(at)
    body = texts(at)
    assert "went **up**" in body and run_words in body
    assert "0.028169" in body  # the stable bound n / (|x|^2 + 1) for linear + MSE
    assert "NaN" not in body and "inf" not in body.split()
    if lr == "1000":  # the run stops at the overflow and offers nothing to apply
        assert "the run stopped there" in body
        assert not any(b.key == "bp_apply_run" for b in at.button)


def test_editing_W_on_the_explorer_shows_here():
    at = open_page("explorer")
    at.toggle(key="plain_inputs").set_value(True).run()
    at.number_input(key="num_W_0_0").set_value(7).run()
    no_exception(at)
    at.switch_page("pages/2_backprop.py").run()
    no_exception(at)
    # z1 = 7*3 + 2*5 + 1*6 + 3 = 40, so dL/da1 = 2 (40 - 30) / 2 = 10 and dW[1, 1] = 30.
    assert list(at.table[0].value["a"]) == ["40", "10.5"]
    show(at, "check")
    assert check_frames(at)["W"]["backprop"].iloc[0] == "30"


def test_presets_on_the_explorer_show_here():
    at = open_page("explorer")
    at.selectbox(key="preset_choice").set_value("worked_example").run()
    at.button(key="load_preset").click().run()
    at.switch_page("pages/2_backprop.py").run()
    no_exception(at)
    table = at.table[0].value
    assert list(table["a"]) == ["31"] and list(table["t"]) == ["30"]  # targets refitted to n = 1


def test_second_layer_hands_its_gradient_to_layer_one():
    at = open_page("backprop", {"act": "relu"})
    at.toggle(key="bp_two_toggle").set_value(True).run()
    no_exception(at)
    net = Network(DEFAULT_W, DEFAULT_B, "relu", np.array([[1.0, -1.0]]), np.zeros(1))
    trace = network_trace(net, DEFAULT_X, "mse", np.array([30.0]))
    assert "Step 0 of 20" in texts(at)
    show(at, "chain")
    assert not at.dataframe
    frame = next(d.value for d in at.table if "f′(z)" in d.value.columns)
    assert list(frame.iloc[:, 1]) == [fmt(v) for v in trace.back2.dx]
    assert list(frame["δ = ∂L/∂z"]) == [fmt(v) for v in trace.back1.delta]
    show(at, "check")
    assert set(check_frames(at)) == {"W", "b", "x", "W2", "b2"}
    assert at.query_params["W2"] == "1,-1"


def test_cross_entropy_shows_probabilities_and_the_class():
    at = open_page("backprop", {"loss": "ce", "t": "2"})
    no_exception(at)
    table = at.table[0].value
    assert "p = eˢ / Σeˢ" in table.columns and table.index[1] == "2 (class c)"
    assert at.selectbox(key="bp_label_select").value == 1


def test_predict_then_reveal_checks_to_the_figures_typed():
    at = show(open_page("backprop"), "quiz")
    at.selectbox(key="bp_quiz_i").set_value(1).run()
    at.selectbox(key="bp_quiz_j").set_value(2).run()
    assert not any(r"\frac{\partial L}{\partial W_{23}}" in e.value for e in at.latex)
    at.text_input(key="bp_quiz_answer").set_value("-9.05").run()  # 3 figures, 0.56 % off
    at.button(key="bp_quiz_check").click().run()
    assert at.error and "is not it" in at.error[0].value
    at.text_input(key="bp_quiz_answer").set_value("-9.00").run()
    at.button(key="bp_quiz_check").click().run()
    assert at.success and "Correct" in at.success[0].value
    assert any(r"= (-1.5)\cdot6 = -9" in e.value for e in at.latex)
    at.text_input(key="bp_quiz_answer").set_value("-1.5").run()  # delta_2, without x_3
    at.button(key="bp_quiz_check").click().run()
    assert "That is δ2; now multiply it by x3" in at.error[0].value
    at.text_input(key="bp_quiz_answer").set_value("abc").run()
    at.button(key="bp_quiz_check").click().run()
    no_exception(at)
    assert "Type a number" in at.warning[0].value
