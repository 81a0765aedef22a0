"""Whole-number boxes (seeds, neurons) refuse what they cannot take, with a message under the
box, and keep the value: an integer box used to turn 2.9 into 2 and 1e7 into 1 silently."""

from __future__ import annotations

import pytest
from apptest_helpers import no_exception, open_page

from ui.whole_number import whole_number


@pytest.mark.parametrize(("raw", "says"), [
    (None, "is empty or not a number"),
    (2.9, "must be a whole number, not 2.9"),
    (float("nan"), "must be a whole number"),
    (float("inf"), "must be a whole number"),
    (-1.0, "must be from 0 to 99, not -1"),
    (100.0, "must be from 0 to 99, not 100"),
])
def test_whole_number_refuses(raw, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        whole_number(raw, "The seed", 0, 99)


def test_whole_number_takes_a_whole_float_and_exponent_notation() -> None:
    assert whole_number(7.0, "The seed", 0, 99) == 7
    assert whole_number(1e7, "The seed", 0, 2**31 - 1) == 10_000_000


def _settings(at):
    return at.session_state["train_session"].settings


def _errors(at) -> str:
    return " ".join(e.value for e in at.error)


@pytest.mark.parametrize(("key", "field", "typed", "says"), [
    ("tr_seed", "seed", 2.9, "must be a whole number, not 2.9"),
    ("tr_seed", "seed", None, "is empty or not a number"),
    ("tr_data_seed", "data_seed", 2.0**31, "must be from 0 to 2,147,483,647"),
    ("tr_neurons_0", "hidden", 1e7, "must be from 1 to 64, not 10,000,000"),
    ("tr_neurons_0", "hidden", 2.9, "must be a whole number, not 2.9"),
])
def test_train_box_refuses_and_keeps_the_setting(key: str, field: str, typed, says: str) -> None:
    at = open_page("train")
    before = getattr(_settings(at), field)
    at.number_input(key=key).set_value(typed).run()
    no_exception(at)
    assert says in _errors(at) and "Kept" in _errors(at)
    assert getattr(_settings(at), field) == before
    shown = at.number_input(key=key).value
    assert shown == (before[0] if field == "hidden" else before)  # the kept value, again


def test_train_box_accepts_a_good_value_and_clears_the_message() -> None:
    at = open_page("train")
    at.number_input(key="tr_seed").set_value(2.5).run()
    assert "not 2.5" in _errors(at)
    at.number_input(key="tr_seed").set_value(1e7).run()
    assert _settings(at).seed == 10_000_000 and not at.error
    at.number_input(key="tr_neurons_0").set_value(7.0).run()
    assert _settings(at).hidden[0] == 7


def test_explorer_seed_box_refuses_and_the_kept_seed_loads_the_preset() -> None:
    at = open_page("explorer")
    at.number_input(key="random_seed").set_value(2.9).run()
    assert "must be a whole number, not 2.9" in _errors(at)
    assert at.number_input(key="random_seed").value == 0  # kept, shown again
    at.number_input(key="random_seed").set_value(7.0).run()
    assert not at.error and at.session_state["random_seed_value"] == 7


def test_backprop_steps_box_refuses_a_fraction_and_runs_the_kept_n() -> None:
    at = open_page("backprop", {"view": "descent"})
    no_exception(at)
    at.number_input(key="bp_steps_input").set_value(2.9).run()
    assert "must be a whole number, not 2.9" in _errors(at)
    at.button(key="bp_take_steps").click().run()
    assert at.session_state["bp_run_n"] == 20  # the kept N, not 2


@pytest.mark.parametrize(("topic", "key", "typed", "says"), [
    ("rnn", "concepts_rnn_T", 2.5, "must be a whole number, not 2.5"),
    ("rnn", "concepts_rnn_T", 9.0, "must be from 1 to 4, not 9"),
    ("cnn", "concepts_pixel_row", 0.0, "must be from 1 to 4, not 0"),
    ("transformer", "concepts_seed_input", 1.5, "must be a whole number, not 1.5"),
])
def test_concepts_boxes_refuse_and_keep(topic: str, key: str, typed, says: str) -> None:
    at = open_page("concepts", {"topic": topic})
    before = at.number_input(key=key).value
    at.number_input(key=key).set_value(typed).run()
    no_exception(at)
    assert says in _errors(at)
    assert at.number_input(key=key).value == before
