"""Predict, then reveal across steps: a step's tool draws its preset's numbers, so it holds
back the answer of every later checkpoint on the same tool and preset until that checkpoint
is tried (ui.learn.hold_back). Lesson 7's first step draws the gradients steps 2 to 4 ask for;
lesson 12's CNN step draws the convolution step 2 asks for; lesson 11's first batch-norm step
could walk on to step 2's x̂. AppTest through the real entry point.
"""

from __future__ import annotations

import re

import pytest
from apptest_helpers import open_step, reveal_steps, show_me
from learn_ops_drivers import STEPPER_OF_TOOL, stepper_position, walk_while_next
from test_learn_reveal import NOT_IN_TOOL, UNRELATED, concealed_marks, screen_texts, shows, truth

from ui.highlight import hides_any
from ui.learn.hold_back import holding_steps
from ui.learn.schema import load_course

COURSE = load_course()
# (lesson, k, j): step k's tool is step j's (j > k, a number checkpoint): the same tool and
# preset, so it draws the same numbers (written out here, not taken from the code under test)
PAIRS = [(lesson.number, k, j) for lesson in COURSE
         for k, step in enumerate(lesson.steps, start=1) if step.tool != "text"
         for j, later in enumerate(lesson.steps, start=1) if j > k
         and later.tool == step.tool and later.preset == step.preset
         and later.checkpoint is not None and later.checkpoint.kind == "number"]


# Pairs where later names are left out: holding them would also hide what step k shows as
# its own (its marks, its answer), because the loss view conceals downstream of a name (any
# gradient hides every gradient; a loss row hides L). Step k then shows its own answer, and
# the later step's answer shows too (say so in the closing note; the view would need finer
# concealment).
LEFT_OUT = {
    (7, 1, 2): "7.2's loss[2] would hide L, step 1's answer (δ₂ = a₂ − t₂ is in the loss row)",
    (7, 2, 3): "7.3's dW[2,3] would hide every gradient, db[2] among them (step 2's answer)",
    (7, 2, 4): "7.4's dx[1] would hide every gradient, db[2] among them (step 2's answer)",
    (7, 3, 4): "7.4's dx[1] would hide every gradient, dW among them (step 3's answer)",
}


def test_the_course_has_such_steps():
    """Lessons 5, 7, 8, 9, 11 and 12 have a step whose tool draws a later step's answer."""
    assert {n for n, _, _ in PAIRS} >= {5, 7, 8, 9, 11, 12}


@pytest.mark.parametrize(("lesson", "k", "j"), PAIRS,
                         ids=[f"lesson{n}-step{k}-for-step{j}" for n, k, j in PAIRS])
def test_a_later_answer_waits_until_its_checkpoint_is_tried(lesson, k, j):
    at = open_step(lesson, k)
    if COURSE[lesson - 1].steps[k - 1].checkpoint is not None:
        show_me(at)  # this step's own answer is out of the way
    later = COURSE[lesson - 1].steps[j - 1]
    value = truth(lesson, later)
    if (lesson, k, j) in LEFT_OUT:
        step = COURSE[lesson - 1].steps[k - 1]
        own = step.highlight + step.checkpoint.conceal
        assert any(hides_any(step.tool, n, own) for n in later.checkpoint.conceal
                   if n not in step.checkpoint.conceal), LEFT_OUT[(lesson, k, j)]
        assert shows(screen_texts(at, tool_only=True), truth(lesson, step))  # its own answer
        return
    if (lesson, j) in UNRELATED:  # the number is on screen for another reason
        assert concealed_marks(at, tool_only=True), UNRELATED[(lesson, j)]
    else:
        assert not shows(screen_texts(at, tool_only=True), value), (lesson, k, j)
    stop = later.checkpoint.walk_stops_at
    if not later.checkpoint.conceal and stop is None:
        return  # nothing of it is drawn here (NOT_IN_TOOL): nothing to hold back
    stepper = STEPPER_OF_TOOL.get(later.tool)
    if stop is not None:  # the stepper goes as far as the later step's stop, and says why
        walk_while_next(at, stepper)
        assert stepper_position(at, stepper) == stop
        assert f"the checkpoint of step {j}" in " ".join(c.value for c in at.caption)
        assert not shows(screen_texts(at, tool_only=True), value), (lesson, k, j)
    assert concealed_marks(at, tool_only=True)
    words = " ".join(c.value for c in at.caption)  # the line above the tool says for whom
    assert re.search(rf"until you answer the checkpoints? of steps? [0-9, and]*\b{j}\b", words)
    reveal_steps(at, lesson, holding_steps(COURSE[lesson - 1], k)[1:], back_to=k)
    assert not concealed_marks(at, tool_only=True)
    if stop is not None:  # tried: the walk goes on past the stop
        walk_while_next(at, stepper)
        assert stepper_position(at, stepper) > stop
    elif (lesson, j) not in NOT_IN_TOOL:
        assert shows(screen_texts(at, tool_only=True), value), (lesson, k, j)


def test_a_step_s_links_to_the_tool_pages_wait_for_its_checkpoint():
    """The pages conceal nothing, so a link there would show the answer: lesson 11, step 1
    ("Open this batch on /operations") offers it once the checkpoint is tried."""
    at = open_step(11, 1)
    links = [p.label for p in at.get("page_link")]
    assert not any(label.startswith("Open this batch") for label in links), links
    assert any("appear once you have tried this step's checkpoint and the checkpoint of "
               "step 2" in c.value for c in at.caption)
    show_me(at)
    # step 2 (the same batch) still holds its stop: the links wait for it, and say so
    assert not any(p.label.startswith("Open this batch") for p in at.get("page_link"))
    assert any("appear once you have tried the checkpoint of step 2" in c.value
               for c in at.caption)
    reveal_steps(at, 11, [2], back_to=1)
    assert any(p.label.startswith("Open this batch") for p in at.get("page_link"))
