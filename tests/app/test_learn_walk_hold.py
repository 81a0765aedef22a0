"""Predict, then reveal on the lessons' steppers (lessons 11-12: batch norm, dropout, the RNN).

Before an attempt the embedded stepper stops at the checkpoint's `walk_stops_at`: Next (and
Play, when there is nothing to play) is disabled there, the stepper says why, and nothing it
drew on the way shows the answer. After a wrong try or Show me it walks on, and the answer is
among what it draws (after the step's own action, e.g. eval mode, when the answer needs it).
AppTest through the real entry point; the keys are in tests/e2e/test_learn_hold_browser.py.
"""

from __future__ import annotations

import pytest
from apptest_helpers import ROOT, open_step
from learn_ops_drivers import (
    OPS_DRIVERS,
    STEPPER_OF_TOOL,
    STEPPER_PREFIX,
    stepper_position,
    walk_while_next,
)
from streamlit.testing.v1 import AppTest
from test_learn_reveal import NUMBER, UNRELATED, _attempt, answer_forms, screen_texts, truth

from ui.learn.hold_back import holding_steps
from ui.learn.registry import STEPPER_TOOLS
from ui.learn.schema import load_course
from ui.stepper import HOLD_NOTE

COURSE = load_course()
HELD = [(lesson.number, k, step) for lesson in COURSE
        for k, step in enumerate(lesson.steps, start=1)
        if step.checkpoint is not None and step.checkpoint.walk_stops_at is not None]
IDS = [f"lesson{n}-step{k}" for n, k, _ in HELD]


def answer_count(at: AppTest, value: float) -> int:
    """How many numbers in the lesson's tool column read as the answer (fmt or 3 s.f.)."""
    forms = answer_forms(value)
    texts = [t.replace("−", "-").replace("\u2009", "") for t in screen_texts(at, True)]
    return sum(token in forms for text in texts for token in NUMBER.findall(text))


def hold_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if HOLD_NOTE in c.value]


def test_every_number_checkpoint_on_a_stepper_holds_the_walk():
    on_steppers = [(lesson.number, k) for lesson in COURSE
                   for k, step in enumerate(lesson.steps, start=1)
                   if step.tool in STEPPER_TOOLS and step.checkpoint is not None
                   and step.checkpoint.kind == "number"]
    assert on_steppers and on_steppers == [(n, k) for n, k, _ in HELD]


@pytest.mark.parametrize(("lesson", "k", "step"), HELD, ids=IDS)
def test_next_waits_before_an_attempt(lesson, k, step):
    at = open_step(lesson, k)
    stepper, cap = STEPPER_OF_TOOL[step.tool], step.checkpoint.walk_stops_at
    value = truth(lesson, step)
    counts: list[int] = []
    presses = walk_while_next(at, stepper, lambda a: counts.append(answer_count(a, value)))
    assert stepper_position(at, stepper) == cap
    assert presses == cap - (step.walk or 0)
    prefix = STEPPER_PREFIX[stepper]
    assert at.button(key=f"{prefix}_next").disabled
    if cap == 0:
        assert at.button(key=f"{prefix}_play").disabled  # nothing to play up to step 0
    assert hold_captions(at) and f"Next waits at step {cap}:" in hold_captions(at)[0]
    complete = step.complete or {}
    if complete.get("kind") == "stepper_at":  # the step's own "to go on" says what comes first
        assert any("Answer the checkpoint first" in c.value and
                   f"until step {complete['step']}" in c.value for c in at.caption)
    if (lesson, k) in UNRELATED:  # the number is on screen for another reason: not more of it
        assert max(counts) == counts[0], (UNRELATED[(lesson, k)], counts)
    else:
        assert max(counts) == 0, counts


@pytest.mark.parametrize(("lesson", "k", "step"), HELD, ids=IDS)
@pytest.mark.parametrize("how", ["wrong", "show"])
def test_an_attempt_lets_the_walk_go_on_to_the_answer(lesson, k, step, how):
    at = open_step(lesson, k)
    stepper = STEPPER_OF_TOOL[step.tool]
    value = truth(lesson, step)
    before = answer_count(at, value)
    _attempt(at, lesson, k, how, value)
    # a later step on the same tool and preset may still hold the walk, further on
    later = [(COURSE[lesson - 1].steps[j - 1].checkpoint.walk_stops_at, j)
             for j in holding_steps(COURSE[lesson - 1], k)[1:]]
    later = [(stop, j) for stop, j in later if stop is not None]
    counts: list[int] = []
    walk_while_next(at, stepper, lambda a: counts.append(answer_count(a, value)))
    assert stepper_position(at, stepper) > step.checkpoint.walk_stops_at
    assert at.button(key=f"{STEPPER_PREFIX[stepper]}_next").disabled  # at the end, or...
    if later:  # ...at the later step's stop, which says whose checkpoint it waits for
        stop, j = min(later)
        assert stepper_position(at, stepper) == stop
        assert hold_captions(at) and f"the checkpoint of step {j}" in hold_captions(at)[0]
    else:
        assert not hold_captions(at)
    complete = step.complete or {}
    if max(counts) <= before and complete.get("kind") == "op_mode":
        # the answer is the other mode's (lesson 11.3: eval mode's normalization)
        OPS_DRIVERS["op_mode"](at, complete)
        at.run()
        walk_while_next(at, stepper, lambda a: counts.append(answer_count(a, value)))
    assert max(counts) > before, f"lesson {lesson} step {k}: the walk never drew {value}"


def test_a_class_link_without_show_me_does_not_offer_it_at_the_stop():
    """hide=answers (no Show me): the stop says to answer, and only a right answer lifts it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/4_learn.py")
    at.query_params.update({"lesson": "11", "step": "2", "hide": "answers"})
    at.run()
    assert hold_captions(at) and "Show me" not in hold_captions(at)[0]
    _attempt(at, 11, 2, "wrong", -1.41421)
    assert hold_captions(at)  # a wrong try does not lift it here
    at.text_input(key="learn_cp_11_2").input("-1.41421")
    next(b for b in at.button if b.label == "Check").click()
    at.run()
    assert not hold_captions(at)
