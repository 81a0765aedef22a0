"""A lesson step's checkpoint (`[steps.checkpoint]` in a lesson file) -> a checked Checkpoint.
No Streamlit here.

    kind ("number" | "choice"), question, reveal
    number: answer (a quantity of the step's preset), expect, [[mistakes]] name, value, explain
    choice: options, correct (1-based), feedback (one line per option)
    conceal: names (ui.highlight) the tool draws "?" until an attempt
    walk_stops_at: on a tool with a stepper, the last step Next may reach before an attempt
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ui.learn.registry import STEPPER_TOOLS
from ui.learn.schema_fields import LessonError, known_fields, number_field, text_field

CHECKPOINT_KEYS = {"kind", "question", "reveal", "answer", "expect", "mistakes", "options",
                   "correct", "feedback", "conceal", "walk_stops_at"}


@dataclass(frozen=True)
class Mistake:
    name: str  # "forgot the bias"
    value: str | float  # a quantity name, or a number that is not from the example (22)
    explain: str


@dataclass(frozen=True)
class Checkpoint:
    kind: str  # "number" or "choice"
    question: str
    reveal: str  # shown after an attempt or "Show me"
    answer: str = ""  # number: the quantity that is the answer
    expect: float | None = None  # number: the answer written out (checked by the tests)
    mistakes: tuple[Mistake, ...] = ()
    options: tuple[str, ...] = ()  # choice
    correct: int = 0  # choice: index into options
    feedback: tuple[str, ...] = ()  # choice: one line per option
    conceal: tuple[str, ...] = ()  # what the tool draws "?" until an attempt (ui.highlight)
    # The last step the tool's stepper may reach until an attempt: the step after it shows
    # the answer (ui.stepper's cap). None: the tool has no stepper.
    walk_stops_at: int | None = None


def _mistake(raw: Mapping, where: str) -> Mistake:
    value = raw.get("value")
    if not isinstance(value, str):
        value = number_field(value, f"{where}: `value`")
    return Mistake(text_field(raw, "name", where), value, text_field(raw, "explain", where))


def names_field(raw: object, where: str, field_name: str) -> tuple[str, ...]:
    """A list of ui.highlight names (checked against the step's tool later)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(n, str) and n.strip() for n in raw):
        raise LessonError(f"{where}: `{field_name}` must be a list of names, e.g. "
                          '["z[1]", "a[1]"]')
    return tuple(n.strip() for n in raw)


def _walk_stop(raw: Mapping, where: str) -> int | None:
    value = raw.get("walk_stops_at")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise LessonError(f"{where}: `walk_stops_at` must be a whole number from 0")
    return value


def parse_checkpoint(raw: Mapping, where: str) -> Checkpoint:
    known_fields(raw, CHECKPOINT_KEYS, where)
    kind = raw.get("kind", "number")
    question, reveal = text_field(raw, "question", where), text_field(raw, "reveal", where)
    conceal, stop = names_field(raw.get("conceal"), where, "conceal"), _walk_stop(raw, where)
    if kind == "number":
        mistakes = tuple(_mistake(m, f"{where}, mistake {k + 1}")
                         for k, m in enumerate(raw.get("mistakes", [])))
        return Checkpoint("number", question, reveal, answer=text_field(raw, "answer", where),
                          expect=number_field(raw.get("expect"), f"{where}: `expect`"),
                          mistakes=mistakes, conceal=conceal, walk_stops_at=stop)
    if kind == "choice":
        options = raw.get("options")
        feedback = raw.get("feedback")
        correct = raw.get("correct")
        if not isinstance(options, list) or len(options) < 2:
            raise LessonError(f"{where}: a choice needs at least two `options`")
        if not isinstance(feedback, list) or len(feedback) != len(options):
            raise LessonError(f"{where}: `feedback` needs one line per option")
        if not isinstance(correct, int) or not 1 <= correct <= len(options):
            raise LessonError(f"{where}: `correct` is the number of the right option, "
                              f"1 to {len(options)}")
        return Checkpoint("choice", question, reveal, options=tuple(map(str, options)),
                          correct=correct - 1, feedback=tuple(map(str, feedback)),
                          conceal=conceal, walk_stops_at=stop)
    raise LessonError(f"{where}: checkpoint kind must be number or choice, got {kind!r}")


def check_walk_stop(cp: Checkpoint, tool: str, walk: int | None, where: str) -> None:
    """A number checkpoint on a tool with a stepper says where the walk stops before an
    attempt (else Next walks to the answer); the step may not open past that stop."""
    if cp.walk_stops_at is None:
        if cp.kind == "number" and tool in STEPPER_TOOLS:
            raise LessonError(f"{where}: the tool {tool} has a stepper that walks to the "
                              "answer; say where it stops before an attempt with "
                              "`walk_stops_at = K` (the last step that does not show it)")
        return
    if tool not in STEPPER_TOOLS:
        raise LessonError(f"{where}: `walk_stops_at` needs a tool with a stepper "
                          f"({', '.join(sorted(STEPPER_TOOLS))}), not {tool}")
    if walk is not None and walk > cp.walk_stops_at:
        raise LessonError(f"{where}: the step opens its stepper at step {walk}, past "
                          f"`walk_stops_at = {cp.walk_stops_at}`")


def check_later_stops(steps, where: str) -> None:
    """A step that asks to walk its stepper to step N (complete.kind = stepper_at) cannot
    have a later step on the same tool and preset whose checkpoint stops the walk before N:
    that stop holds until the later checkpoint is tried, so the step could never be done.
    steps: the lesson's Step records in order."""
    for k, step in enumerate(steps, start=1):
        complete = step.complete or {}
        if complete.get("kind") != "stepper_at":
            continue
        for j, later in enumerate(steps[k:], start=k + 1):
            stop = later.checkpoint.walk_stops_at if later.checkpoint is not None else None
            if (later.tool == step.tool and later.preset == step.preset and stop is not None
                    and stop < int(complete["step"])):
                raise LessonError(
                    f"{where}, step {k}: it asks for step {complete['step']} of the stepper, "
                    f"but step {j}'s checkpoint stops the same walk at step {stop} until "
                    "it is tried (use another preset, or a later stop)")
