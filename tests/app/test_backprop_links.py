"""AppTest for /backprop: share links (round trips and malformed values) and bad inputs give
warnings where they happen, never exceptions; the last good value is kept."""

from __future__ import annotations

import pytest
from apptest_helpers import no_exception, open_expander, open_page

GOOD = {"W": "1,2;3,4", "x": "1,-1", "b": "0.5,0", "act": "tanh", "loss": "ce", "t": "2",
        "lr": "0.1"}


def link_warning(at) -> str:
    return next((w.value for w in at.warning if "link could not be read" in w.value), "")


def test_a_shared_link_opens_the_page_and_round_trips():
    at = open_page("backprop", GOOD)
    no_exception(at)
    assert not link_warning(at)
    s = at.session_state
    assert s["layer_W"].tolist() == [[1.0, 2.0], [3.0, 4.0]] and s["layer_act"] == "tanh"
    assert s["bp_loss"] == "ce" and s["bp_label"] == 1 and s["bp_lr"] == 0.1
    written = {k: at.query_params[k] for k in GOOD}
    assert written == GOOD
    assert not at.code  # the share box builds its content only when opened
    open_expander(at, "bp_share_open")
    assert any("/backprop?W=1,2;3,4" in c.value for c in at.code)


def test_a_link_with_a_second_layer_turns_it_on():
    at = open_page("backprop", {**GOOD, "loss": "mse", "t": "3", "W2": "1,1", "b2": "-2"})
    no_exception(at)
    assert not link_warning(at)
    assert at.session_state["bp_two_layers"] and at.toggle(key="bp_two_toggle").value
    assert at.session_state["bp_b2"].tolist() == [-2.0]


@pytest.mark.parametrize("query, names, kept", [
    ({"W": "1,abc"}, "`W`", "layer_W"),
    ({"loss": "hinge"}, "`loss`", "bp_loss"),
    ({"lr": "-1"}, "`lr`", "bp_lr"),
    ({"lr": "nan"}, "`lr`", "bp_lr"),
    ({"loss": "ce", "t": "5"}, "`t`", "bp_label"),
    ({"loss": "mse", "t": "1,2,3"}, "`t`", "bp_t_mse"),
    ({"t": "x"}, "`t`", "bp_t_mse"),
    ({"loss": "bce"}, "`loss=bce`", "bp_loss"),
    ({"W": "1,2", "x": "1,2", "b": "0", "loss": "bce", "t": "7"}, "`t`", "bp_t_bce"),
    ({"W2": "1,2,3"}, "`W2`", "bp_two_layers"),
    ({"W2": "1,2", "b2": "1,2"}, "`b2`", "bp_two_layers"),
    ({"b2": "1"}, "`b2`", "bp_two_layers"),
    ({"act": "swish"}, "`act`", "layer_act"),
])
def test_malformed_links_fall_back_with_a_warning_naming_the_parameter(query, names, kept):
    at = open_page("backprop", query)
    no_exception(at)
    message = link_warning(at)
    assert names in message, message
    defaults = {"layer_W": [[4.0, 2.0, 1.0], [-1.0, 0.5, 2.0]], "bp_loss": "mse", "bp_lr": 0.01,
                "bp_label": 0, "bp_t_mse": [30.0, 12.0], "bp_two_layers": False,
                "layer_act": "linear", "bp_t_bce": [1.0]}
    value = at.session_state[kept]
    assert (value.tolist() if hasattr(value, "tolist") else value) == defaults[kept]
    # The page still works: the stepper and the loss are there.
    assert any("Step 0 of" in m.value for m in at.markdown)
    at.button(key="bp_dismiss_link_warning").click().run()
    assert not link_warning(at)


def test_a_huge_link_is_refused_whole():
    at = open_page("backprop", {"W": "1," * 5000 + "1"})
    no_exception(at)
    assert "longer than 8000 characters, so none of it was used" in link_warning(at)
    assert at.session_state["layer_W"].shape == (2, 3)


def test_bad_targets_are_refused_where_they_are_typed():
    at = open_page("backprop")
    for text, words in (("abc", "is not a number"), ("1, 2, 3", "need 2 target values"),
                        ("", "1 to 8"), ("1, inf", "infinite")):
        at.text_input(key="bp_t_text").set_value(text).run()
        no_exception(at)
        assert at.error and words in at.error[0].value.lower(), (text, [e.value for e in at.error])
        assert at.session_state["bp_t_mse"].tolist() == [30.0, 12.0]  # kept
        assert at.text_input(key="bp_t_text").value == text  # left for the learner to fix
    at.text_input(key="bp_t_text").set_value("31, 10").run()
    assert not at.error and at.session_state["bp_t_mse"].tolist() == [31.0, 10.0]


def test_bce_targets_must_be_probabilities():
    at = open_page("backprop", {"W": "4,2,1", "x": "3,5,6", "b": "3", "loss": "bce", "t": "1"})
    at.text_input(key="bp_t_text").set_value("1.5").run()
    no_exception(at)
    assert "between 0 and 1" in at.error[0].value
    assert at.session_state["bp_t_bce"].tolist() == [1.0]


def test_resizing_to_one_output_switches_cross_entropy_to_mse_and_says_why():
    at = open_page("backprop", {"loss": "ce", "t": "2"})
    at.number_input(key="bp_n").set_value(1).run()
    no_exception(at)
    assert at.session_state["bp_loss"] == "mse"
    assert any("switched to MSE" in i.value for i in at.info)
    assert at.selectbox(key="bp_loss_select").options == ["Mean squared error (MSE)",
                                                          "Binary cross-entropy (with logits)"]


def test_relu_kink_is_explained_not_failed():
    # z1 = 1*1 + (-1)*1 + 0 = 0 exactly: ReLU's corner.
    at = open_page("backprop", {"W": "1,-1", "x": "1,1", "b": "0", "act": "relu", "t": "1"})
    at.segmented_control(key="bp_view").set_value("check").run()
    no_exception(at)
    assert at.warning and "ReLU's corner" in at.warning[0].value
