"""What a lesson step's tool holds back until a checkpoint is tried (predict, then reveal).

A tool draws the numbers of its preset, so it could give away the answer of this step's
checkpoint and of a later step's that uses the same tool and preset (lesson 7's first step
draws the gradients that steps 2 to 4 ask for; lesson 12's CNN step draws the convolution
that step 2 asks for). Each such checkpoint not yet tried (a wrong try, a right answer or
Show me) adds its `conceal` names ("?" in the tool) and its `walk_stops_at` (where the tool's
stepper stops); the tightest stop wins. A later step's name is left out where holding it would
also hide what this step shows as its own (its marks, its answer; ui.highlight.hides_any): in
the loss view any gradient hides every gradient, so lesson 7's step 3 shows dx, which step 4
asks for, once dW (its own answer) is shown.
"""

from __future__ import annotations

from ui.classroom.teacher_link import shown
from ui.highlight import CONCEALED, SHOW_ALL, Conceal, hides_any
from ui.learn import checkpoint
from ui.learn.schema import Lesson
from ui.stepper import HOLD_NOTE


def holding_steps(lesson: Lesson, k: int) -> list[int]:
    """The steps (k and later, 1-based) whose checkpoint step k's tool holds back while it
    is untried: a number or choice checkpoint on the same tool and preset."""
    step = lesson.steps[k - 1]
    return [j for j, later in enumerate(lesson.steps[k - 1:], start=k)
            if later.checkpoint is not None and later.tool == step.tool
            and later.preset == step.preset and step.tool != "text"]


def concealed(lesson: Lesson, k: int) -> Conceal:
    """What step k's tool draws as "?" and where its stepper stops, for the checkpoints of
    holding_steps not tried yet; nothing once they all are."""
    step = lesson.steps[k - 1]
    # what this step shows as its own (its marks, its answer): a later step's name is held
    # back only where that does not hide them too (a view may conceal downstream of a name)
    own = step.highlight + (step.checkpoint.conceal if step.checkpoint is not None else ())
    names: list[str] = []
    names_for: list[int] = []
    stops: list[tuple[int, int]] = []  # (walk_stops_at, the step it is for)
    for j in holding_steps(lesson, k):
        if checkpoint.revealed(lesson.number, j):
            continue
        cp = lesson.steps[j - 1].checkpoint
        held = [n for n in cp.conceal if j == k or not hides_any(step.tool, n, own)]
        if held:
            names += [n for n in held if n not in names]
            names_for.append(j)
        if cp.walk_stops_at is not None:
            stops.append((cp.walk_stops_at, j))
    if not names and not stops:
        return SHOW_ALL
    cap, for_step = min(stops) if stops else (None, None)
    return Conceal(tuple(names), walk_cap=cap, walk_note=_walk_note(k, for_step),
                   names_for=tuple(names_for), walk_for=for_step,
                   held_for=tuple(sorted(set(names_for) | {j for _, j in stops})))


def _walk_note(k: int, for_step: int | None) -> str:
    """The stepper's line at the stop: which checkpoint it waits for, and how to go on."""
    if for_step is None:
        return ""
    if for_step == k:
        how = " (or press Show me)" if shown("answers") else ""
        return (f"the steps after it {HOLD_NOTE} to this step's checkpoint. Answer it "
                f"first{how}; then Next walks on.")
    how = "Try it" if shown("answers") else "Answer it"
    return (f"the steps after it {HOLD_NOTE} to the checkpoint of step {for_step}. {how} "
            "there first; then Next walks on here too.")


def _whose(steps: tuple[int, ...], k: int) -> str:
    """'the checkpoint' (this step's), 'the checkpoint of step 4', or both."""
    others = [str(j) for j in sorted(set(steps)) if j != k]
    listed = ", ".join(others[:-1]) + " and " + others[-1] if len(others) > 1 else "".join(others)
    later = (f"the checkpoints of steps {listed}" if len(others) > 1
             else f"the checkpoint of step {listed}")
    if k in steps:
        return "this step's checkpoint and " + later if others else "the checkpoint"
    return later


def waits_for(conceal: Conceal, lesson: Lesson, k: int) -> str:
    """Whose checkpoints step k's tool waits for, in words ("" when none): this step's
    (untried), and the later steps' it holds back for."""
    steps = set(conceal.held_for)
    cp = lesson.steps[k - 1].checkpoint
    if cp is not None and not checkpoint.revealed(lesson.number, k):
        steps.add(k)
    return _whose(tuple(sorted(steps)), k) if steps else ""


def held_words(conceal: Conceal, k: int) -> str:
    """The words above the tool for what it holds back ("" when nothing)."""
    words = ""
    if conceal.names:
        words += (f" **{CONCEALED}** = held back until you answer "
                  f"{_whose(conceal.names_for, k)}.")
    if conceal.holds_walk:
        words += (f" The stepper stops at step {conceal.walk_cap} until you answer "
                  f"{_whose((conceal.walk_for,), k)}.")
    return words
