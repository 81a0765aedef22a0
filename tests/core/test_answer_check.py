"""The one rule for hand-worked answers: agree to the significant figures typed (at least 3)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.course.answer_check import (
    MAX_SIG_FIGS,
    MIN_SIG_FIGS,
    agreeing_figures,
    check_answer,
    closeness_text,
    parse_answer,
)

VALUE = 0.0834454  # the backprop quiz's dL/dW that a relative tolerance of 1e-6 refused


@pytest.mark.parametrize("typed", ["0.0834", "0.08345", "0.0834456", "0.0834454",
                                   "8.34e-2", " 0.08345 ", "+0.0834"])
def test_hand_answers_to_the_figures_typed_are_accepted(typed):
    result = check_answer(typed, VALUE)
    assert result.ok, result
    assert result.error is None and result.mistake is None


@pytest.mark.parametrize("typed", ["0.08", "0.083", "0.0839", "0.08350", "0.0834470",
                                   "-0.0834", "0.834", "0.0828"])
def test_too_few_figures_or_wrong_figures_are_refused(typed):
    result = check_answer(typed, VALUE)
    assert not result.ok, result
    assert result.error is None


def test_three_figures_mean_half_a_percent_as_in_the_textbook_definition():
    # |0.0835 - 0.0834454| / 0.0834454 = 0.065 % <= 0.5 %: agrees to 3 figures, not to 4.
    assert check_answer("0.0835", VALUE).ok
    assert not check_answer("0.08350", VALUE).ok


def test_more_figures_than_float64_holds_are_checked_to_all_it_holds():
    assert check_answer("1.9986704391849344", 1.9986704391849344).ok
    assert check_answer("0.10000000000000000001", 0.1).ok


def test_too_short_an_answer_is_refused_and_says_how_close_it_was():
    result = check_answer("0.08", VALUE)
    assert (result.sig_figs, result.needed, result.agrees_to) == (1, 3, 2)
    assert result.closeness == "agrees to 2 significant figures"


def test_closeness_counts_agreeing_figures():
    assert check_answer("0.0834", VALUE).closeness == "agrees to 3 significant figures"
    assert check_answer("0.08345", VALUE).agrees_to == 4
    assert check_answer("0.0834456", VALUE).agrees_to == 6
    assert check_answer("31", 31.0).closeness == "agrees exactly"
    assert closeness_text(1) == "agrees to 1 significant figure"
    assert closeness_text(0) == "does not agree to even 1 significant figure"


def test_short_exact_answers_count_as_three_figures():
    assert check_answer("31", 31.0).ok
    assert check_answer("0.5", 0.49999999999999994).ok  # cos 60° in float
    assert check_answer("-2", -2.0).ok
    assert check_answer("0", 5.551115123125783e-17).ok  # float noise around zero
    assert check_answer("0", 0.0).ok
    assert not check_answer("0", 0.01).ok
    assert not check_answer("30", 31.0).ok  # "30" is 2 figures, checked to 3: 30.0 != 31


def test_typographic_minus_and_exponent():
    assert check_answer("−0.355", -0.355082).ok
    assert check_answer("-3.55082E-1", -0.355082).ok


def test_forgot_fprime_hint_fires_at_the_same_precision():
    mistakes = {"forgot f'(z)": 0.355082, "forgot the bias": 0.2, "used the wrong sign": -VALUE}
    result = check_answer("0.355082", VALUE, mistakes)
    assert not result.ok
    assert result.mistake == "forgot f'(z)"
    assert check_answer("0.355", VALUE, mistakes).mistake == "forgot f'(z)"
    assert check_answer("0.3551", VALUE, mistakes).mistake == "forgot f'(z)"
    # Typed to more figures than it agrees with the slip: no hint (it is some other number).
    assert check_answer("0.355900", VALUE, mistakes).mistake is None
    assert check_answer("-0.08345", VALUE, mistakes).mistake == "used the wrong sign"
    assert check_answer("0.2", VALUE, mistakes).mistake == "forgot the bias"
    assert check_answer("0.7", VALUE, mistakes).mistake is None


def test_a_correct_answer_never_reports_a_mistake_even_if_a_slip_gives_the_same_value():
    # With a linear activation f'(z) = 1, so forgetting it changes nothing.
    result = check_answer("0.0834", VALUE, {"forgot f'(z)": VALUE})
    assert result.ok and result.mistake is None


def test_the_closest_matching_mistake_wins_and_non_finite_ones_are_skipped():
    mistakes = {"a": 1.004, "b": 1.0001, "c": math.nan, "d": math.inf}
    assert check_answer("1.00", 5.0, mistakes).mistake == "b"
    assert check_answer("1.00", 5.0, {"c": math.nan}).mistake is None


@pytest.mark.parametrize(("typed", "fragment"), [
    ("", "Type a number"),
    ("   ", "Type a number"),
    ("abc", "not a number"),
    ("1/3", "not a number"),
    ("1_000", "not a number"),
    ("nan", "not a number"),
    ("inf", "not a number"),
    ("1e999", "finite"),
    ("0,0834", "point, not a comma"),
    ("1,5", "point, not a comma"),
    ("-1,5e3", "point, not a comma"),
])
def test_unreadable_input_gets_a_message_and_no_verdict(typed, fragment):
    result = check_answer(typed, 1.5)
    assert not result.ok
    assert result.parsed is None and result.agrees_to is None and result.mistake is None
    assert fragment in result.error


def test_messages_do_not_echo_what_was_typed():
    assert "![" not in check_answer("![](//host/x)", 1.0).error


@pytest.mark.parametrize(("typed", "figures"), [
    ("31", 2), ("300", 3), ("0.0300", 3), ("8.34e-2", 3), ("0", 0), ("0.000", 0),
    (".5", 1), ("5.", 1), ("-0.0834456", 6), ("1.000", 4),
])
def test_significant_figures_typed(typed, figures):
    assert parse_answer(typed)[1] == figures


def test_agreeing_figures_follows_the_textbook_definition():
    assert agreeing_figures(1.0, 1.0) == MAX_SIG_FIGS
    assert agreeing_figures(1.0, 0.0) == 0
    assert agreeing_figures(-1.0, 1.0) == 0
    # |a - v| / |v| = 5e-3 exactly is still 3 figures; a hair more is 2.
    assert agreeing_figures(1.005, 1.0) == 3
    assert agreeing_figures(1.00501, 1.0) == 2
    assert agreeing_figures(1.0004, 1.0) == 4


values = st.floats(min_value=1e-6, max_value=1e6).flatmap(
    lambda v: st.sampled_from([v, -v]))


@given(values, st.integers(min_value=MIN_SIG_FIGS, max_value=12))
def test_any_correctly_rounded_answer_is_accepted(value, figures):
    typed = f"{value:.{figures - 1}e}"
    assert check_answer(typed, value).ok, (typed, value)


@given(values)
def test_the_shortest_text_of_a_value_is_accepted(value):
    assert check_answer(repr(value), value).ok
