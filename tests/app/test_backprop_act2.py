"""/backprop: layer 2's own activation f2 on the page and in the link (act2=), with the chain
rule's steps, the gradient check and descent covering it (the textbook 2-2-2 sigmoid example)."""

from __future__ import annotations

from apptest_helpers import no_exception, open_expander, open_page
from streamlit.testing.v1 import AppTest

MAZUR = {"W": "0.15,0.2;0.25,0.3", "x": "0.05,0.1", "b": "0.35,0.35", "act": "sigmoid",
         "W2": "0.4,0.45;0.5,0.55", "b2": "0.6,0.6", "act2": "sigmoid", "loss": "mse",
         "t": "0.01,0.99", "lr": "0.5"}


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "latex", "success", "warning", "error", "info")
             for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def show(at: AppTest, view: str) -> AppTest:
    at.segmented_control(key="bp_view").set_value(view).run()
    no_exception(at)
    return at


def test_the_textbook_example_opens_from_a_link_and_round_trips():
    at = open_page("backprop", MAZUR)
    no_exception(at)
    assert not any("could not be read" in w.value for w in at.warning)
    assert at.session_state["bp_act2"] == "sigmoid"
    assert at.selectbox(key="bp_act2_select").value == "sigmoid"
    assert "L = 0.298371" in texts(at)  # E_total in the example
    assert {k: at.query_params[k] for k in MAZUR} == MAZUR
    open_expander(at, "bp_share_open")
    assert any("act2=sigmoid" in c.value for c in at.code)


def test_the_steps_go_back_through_f2_first():
    at = open_page("backprop", MAZUR)
    assert "Step 0 of 22" in texts(at)
    for _ in range(3):  # dA, dA, delta of layer 2
        at.button(key="bp_step_next").click().run()
    no_exception(at)
    text = texts(at)
    assert "back through layer 2's activation f2" in text
    assert r"f_2'(z^{(2)}_{1}) = y_{1}(1 - y_{1})" in text
    for _ in range(2):  # delta 2, then dW2[1,1]
        at.button(key="bp_step_next").click().run()
    assert r"= 0.082167" in texts(at)  # dE/dw5


def test_gradient_check_and_descent_cover_layer2():
    at = show(open_page("backprop", MAZUR), "check")
    assert any("All 14 gradients agree" in s.value for s in at.success)
    show(at, "descent")
    assert "0.358916" in texts(at)  # w5 after one step with lr 0.5
    assert "0.149781" in texts(at)  # w1


def test_choosing_f2_in_the_sidebar_updates_the_link_and_the_loss():
    link = {k: v for k, v in MAZUR.items() if k != "act2"}
    at = open_page("backprop", link)
    assert at.session_state["bp_act2"] == "linear" and at.query_params["act2"] == "linear"
    at.selectbox(key="bp_act2_select").set_value("sigmoid").run()
    no_exception(at)
    assert at.query_params["act2"] == "sigmoid" and "L = 0.298371" in texts(at)


def test_a_bad_act2_names_the_field_once_and_opens_linear():
    at = open_page("backprop", {**MAZUR, "act2": "swish"})
    no_exception(at)
    warning = next(w.value for w in at.warning if "could not be read" in w.value)
    assert "act2" in warning and at.session_state["bp_act2"] == "linear"
