"""No silent value changes (issue 10): the plain number boxes and the layer-size boxes refuse an
empty, unreadable, out-of-range or fractional entry with a message and keep the last good value.

A box that is emptied, or holds text such as `abc`, `nan` or `--1`, sends None (the boxes have
value=None and no min/max, see ui.editors.value_input and ui.layer_state.size_entry); AppTest
sends the same None. What the browser itself does with `1e7`, `2.9` and `1,5` is checked in
tests/e2e/test_refused_entries_browser.py."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import no_exception, open_page
from streamlit.testing.v1 import AppTest

from core.course.layer_setup import parse_number
from ui.safe_text import shown_text


def errors(at: AppTest) -> str:
    return " ".join(shown_text(e.value) for e in at.error)


@pytest.fixture
def explorer() -> AppTest:
    at = open_page("explorer")
    at.toggle(key="plain_inputs").set_value(True).run()
    return at


@pytest.mark.parametrize(("typed", "says"), [
    (None, "W[1, 1] is empty or not a number"),
    (2e6, "W[1, 1] is too large"),
])
def test_number_box_refuses_and_keeps_the_weight(explorer: AppTest, typed, says: str) -> None:
    explorer.number_input(key="num_W_0_0").set_value(typed).run()
    no_exception(explorer)
    assert explorer.session_state["layer_W"][0, 0] == 4.0
    assert says in errors(explorer) and "Kept the previous value" in errors(explorer)
    assert explorer.number_input(key="num_W_0_0").value == 4.0  # the box shows the kept value
    explorer.number_input(key="num_W_0_0").set_value(-2.5).run()  # a good value still applies
    assert explorer.session_state["layer_W"][0, 0] == -2.5 and not explorer.error


def test_number_boxes_have_no_min_that_an_empty_box_jumps_to(explorer: AppTest) -> None:
    for box in explorer.number_input:
        if box.key.startswith("num_"):
            assert box.min is None and box.max is None and not box.proto.HasField("default")
            assert "decimal point" in box.help


@pytest.mark.parametrize(("key", "typed", "says"), [
    ("m_inputs", 1e7, "Inputs m must be a whole number from 1 to 8, not 1e+07"),
    ("m_inputs", 2.9, "Inputs m must be a whole number from 1 to 8, not 2.9"),
    ("m_inputs", 0.0, "Inputs m must be a whole number from 1 to 8, not 0"),
    ("m_inputs", None, "Inputs m is empty or not a number"),
    ("n_outputs", 15.0, "Outputs n must be a whole number from 1 to 8, not 15"),
])
def test_explorer_size_box_refuses_and_keeps_the_layer(key: str, typed, says: str) -> None:
    at = open_page("explorer")
    W = at.session_state["layer_W"].copy()
    at.number_input(key=key).set_value(typed).run()
    no_exception(at)
    assert np.array_equal(at.session_state["layer_W"], W)  # 2 x 3, every value kept
    assert says in errors(at) and "Kept the layer as it is (2 outputs × 3 inputs)" in errors(at)
    assert at.number_input(key=key).value == (3.0 if key == "m_inputs" else 2.0)
    at.number_input(key="m_inputs").set_value(4.0).run()  # a good size resizes and clears it
    assert at.session_state["layer_W"].shape == (2, 4) and not at.error


def test_backprop_sizes_second_layer_and_learning_rate_refuse_bad_entries() -> None:
    at = open_page("backprop")
    W = at.session_state["layer_W"].copy()
    at.number_input(key="bp_m").set_value(2.9).run()
    assert np.array_equal(at.session_state["layer_W"], W)
    assert "Inputs m must be a whole number from 1 to 8, not 2.9" in errors(at)
    at.number_input(key="bp_m").set_value(2.0).run()
    assert at.session_state["layer_W"].shape == (2, 2) and not at.error

    lr = at.session_state["bp_lr"]
    at.number_input(key="bp_lr_input").set_value(None).run()
    no_exception(at)
    assert "learning rate box is empty or not a number" in errors(at)
    assert at.session_state["bp_lr"] == lr and at.number_input(key="bp_lr_input").value == lr
    at.number_input(key="bp_lr_input").set_value(0.5).run()
    assert not at.error

    at.toggle(key="bp_two_toggle").set_value(True).run()
    at.number_input(key="bp_k").set_value(1e7).run()
    assert "Outputs of layer 2 (k) must be a whole number from 1 to 8" in errors(at)
    assert "Kept layer 2 as it is" in errors(at)


def test_backprop_second_layer_box_refuses_an_empty_entry() -> None:
    at = open_page("backprop", {"W2": "1,2", "b2": "0"})
    no_exception(at)
    at.toggle(key="bp_plain_inputs").set_value(True).run()
    at.number_input(key="bp_num_W2_0_0").set_value(None).run()
    no_exception(at)
    assert "W2[1, 1] is empty or not a number" in errors(at)
    assert at.number_input(key="bp_num_W2_0_0").value == 1.0


def test_one_rule_for_a_decimal_comma_everywhere_it_can_be_seen() -> None:
    with pytest.raises(ValueError, match=r"'1,5' uses a decimal comma: .*\(1\.5\)"):
        parse_number("1,5")  # the grid, the batch table, the target box
    assert parse_number("1.5") == 1.5


@pytest.mark.parametrize("typed", [2.9, 1e7, None])
def test_batch_rows_box_refuses_and_keeps_the_batch(typed) -> None:
    at = open_page("explorer")
    at.segmented_control(key="explorer_view").set_value("batch").run()
    X = at.session_state["batch_X"].copy()
    at.number_input(key="batch_rows").set_value(typed).run()
    no_exception(at)
    assert np.array_equal(at.session_state["batch_X"], X)
    assert "Rows in the batch" in errors(at) and f"Kept the batch as it is ({X.shape[0]} rows)" \
        in errors(at)
    at.number_input(key="batch_rows").set_value(5.0).run()
    assert at.session_state["batch_X"].shape == (5, 3) and "Rows in the batch" not in errors(at)


def test_size_refusal_counts_a_single_output_in_the_singular() -> None:
    at = open_page("explorer", {"W": "4,2,1", "x": "3,5,6", "b": "3"})
    at.number_input(key="n_outputs").set_value(2.5).run()
    no_exception(at)
    assert "Kept the layer as it is (1 output × 3 inputs)" in errors(at)
