"""Lesson files (assets/lessons/NN_name.toml) -> checked Lesson records. No Streamlit here.

One schema for every lesson, so a teacher can fix a sentence or add a step without touching
code, and a mistake in a file is reported with the file and step it is in:

    number, title, goal                       the lesson
    [teacher] misconception, ask, answers, preset   collapsed teacher notes
    [presets.NAME]  W, x, b, activation, W2, b2, loss, target, lr, X, [train]
    [[steps]] title, goal, text, tool, preset, walk (stepper position), highlight,
              complete = {kind = ..., ...}, links = [{page, label, query}],
              [steps.checkpoint] (ui.learn.schema_checkpoint)

Text fields may contain {=name}: a number computed by the core from the step's preset at
render time (core.course.lesson_values). A checkpoint's `answer` names that quantity; `expect` is
the same number written out for the teacher, and the tests check the two agree.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.course.lesson_values import LessonPreset, parse_preset, quantities
from ui.learn.registry import (
    CONCEALING_TOOLS,
    CONDITION_VALUES,
    CONDITIONS,
    LINK_PAGES,
    NEEDS_LOSS,
    NEEDS_PRESET,
    PAGE_TOOLS,
    STEPPER_TOOLS,
    TOOLS,
)
from ui.learn.schema_checkpoint import (
    Checkpoint,
    check_later_stops,
    check_walk_stop,
    parse_checkpoint,
)
from ui.learn.schema_fields import LessonError, known_fields, text_field
from ui.learn.schema_names import answer_names, outline_names

LESSON_DIR = Path(__file__).resolve().parents[2] / "assets" / "lessons"
PLACEHOLDER = re.compile(r"\{=([A-Za-z][A-Za-z0-9_]*)\}")
FILE_NAME = re.compile(r"^(\d\d)_[a-z0-9_]+\.toml$")
MIN_STEPS, MAX_STEPS = 4, 10


@dataclass(frozen=True)
class Link:
    """A link to a tool page. With a preset, the link also carries the preset's W, x, b and
    activation (in the page's own link format), so the page opens with the lesson's layer."""

    page: str  # a LINK_PAGES name
    label: str
    query: Mapping[str, str] = field(default_factory=dict)
    preset: str | None = None


@dataclass(frozen=True)
class Step:
    title: str
    goal: str
    text: str
    tool: str = "text"
    preset: str | None = None
    walk: int | None = None  # the stepper position the step opens at (explorer.steps and
    # the page tools with a stepper, registry.STEPPER_TOOLS)
    complete: Mapping[str, object] | None = None  # {"kind": ..., params}
    checkpoint: Checkpoint | None = None
    links: tuple[Link, ...] = ()
    highlight: tuple[str, ...] = ()  # what the text refers to, outlined in the tool

    @property
    def is_action(self) -> bool:
        return self.complete is not None


@dataclass(frozen=True)
class Teacher:
    misconception: str
    ask: str
    answers: str
    preset: str | None = None


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str  # from the file name: "01_one_neuron" -> "one_neuron"
    title: str
    goal: str
    teacher: Teacher
    presets: Mapping[str, LessonPreset]
    steps: tuple[Step, ...]

    def values(self, preset: str | None) -> dict[str, float]:
        return quantities(self.presets[preset]) if preset else {}

    @property
    def pages(self) -> set[str]:
        """The tool pages this lesson uses (their names in LINK_PAGES)."""
        used = {s.tool.split(".")[0] for s in self.steps if s.tool != "text"}
        used |= {link.page for s in self.steps for link in s.links}
        return used & set(LINK_PAGES)


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def _condition(raw: object, where: str) -> Mapping[str, object] | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or raw.get("kind") not in CONDITIONS:
        raise LessonError(f"{where}: `complete.kind` must be one of {', '.join(CONDITIONS)}")
    needed, _ = CONDITIONS[str(raw["kind"])]
    missing = [p for p in needed if p not in raw]
    if missing:
        raise LessonError(f"{where}: `complete` needs {', '.join(missing)}")
    for name, allowed in CONDITION_VALUES.get(str(raw["kind"]), {}).items():
        if raw[name] not in allowed:
            raise LessonError(f"{where}: `complete.{name}` must be one of "
                              f"{', '.join(map(str, allowed))}, got {raw[name]!r}")
    if raw["kind"] == "op_setting":  # kind is "l1" or "l2"; every other setting a number
        value, want = raw["value"], ("l1", "l2") if raw["name"] == "kind" else None
        if (value not in want) if want else (isinstance(value, bool)
                                             or not isinstance(value, int | float)):
            raise LessonError(f"{where}: `complete.value` for {raw['name']} must be "
                              + ("l1 or l2" if want else "a number"))
    return dict(raw)


def _links(raw: object, where: str, presets: Mapping[str, LessonPreset]) -> tuple[Link, ...]:
    links = []
    for k, item in enumerate(raw or []):
        w = f"{where}, link {k + 1}"
        page = text_field(item, "page", w)
        if page not in LINK_PAGES:
            raise LessonError(f"{w}: page must be one of {', '.join(LINK_PAGES)}")
        query = item.get("query", {})
        if not isinstance(query, Mapping):
            raise LessonError(f"{w}: `query` must be a table")
        preset = item.get("preset")
        if preset is not None and (preset not in presets or presets[preset].W is None):
            raise LessonError(f"{w}: no layer preset named {preset!r} in this file")
        links.append(Link(page, text_field(item, "label", w),
                          {str(a): str(b) for a, b in query.items()}, preset))
    return tuple(links)


STEP_KEYS = {"title", "goal", "text", "tool", "preset", "walk", "complete", "checkpoint", "links",
             "highlight"}

def _step(raw: Mapping, where: str, presets: Mapping[str, LessonPreset]) -> Step:
    known_fields(raw, STEP_KEYS, where)
    tool = raw.get("tool", "text")
    if tool not in TOOLS:
        raise LessonError(f"{where}: unknown tool {tool!r}; use one of {', '.join(TOOLS)}")
    preset = raw.get("preset")
    if tool in NEEDS_PRESET and preset is None:
        raise LessonError(f"{where}: the tool {tool} needs a `preset`")
    if preset is not None and preset not in presets:
        raise LessonError(f"{where}: no preset named {preset!r} in this file")
    if tool in NEEDS_LOSS and presets[preset].loss is None:
        raise LessonError(f"{where}: the tool {tool} needs a preset with a `loss`")
    if tool == "train" and presets[preset].train is None:
        raise LessonError(f"{where}: the train tool needs a preset with a [train] table")
    if tool in PAGE_TOOLS:
        _check_page_preset(tool, presets[preset], where)
        if raw.get("walk") is not None and tool not in STEPPER_TOOLS:
            raise LessonError(f"{where}: `walk` needs a tool with a stepper "
                              f"({', '.join(sorted(STEPPER_TOOLS))})")
    walk = raw.get("walk")
    if walk is not None and (not isinstance(walk, int) or walk < 0):
        raise LessonError(f"{where}: `walk` must be a whole number from 0")
    checkpoint = raw.get("checkpoint")
    highlight = outline_names(raw.get("highlight"), where, tool,
                           presets[preset] if preset is not None else None)
    if isinstance(checkpoint, Mapping) and checkpoint.get("conceal") is not None:
        if tool not in CONCEALING_TOOLS:
            raise LessonError(f"{where}, checkpoint: `conceal` needs a tool that can conceal "
                              f"({', '.join(sorted(CONCEALING_TOOLS))}), not {tool}")
        outline_names(checkpoint.get("conceal"), f"{where}, checkpoint", tool,
                   presets[preset] if preset is not None else None, "conceal")
    cp = None if checkpoint is None else parse_checkpoint(checkpoint, f"{where}, checkpoint")
    if cp is not None:
        check_walk_stop(cp, tool, walk, f"{where}, checkpoint")
    if cp is not None and tool in CONCEALING_TOOLS:
        cp = replace(cp, conceal=cp.conceal + answer_names(cp, tool, presets.get(preset)))
    return Step(
        text_field(raw, "title", where), text_field(raw, "goal", where),
        text_field(raw, "text", where), tool,
        preset, walk, _condition(raw.get("complete"), where), cp,
        _links(raw.get("links"), where, presets), highlight,
    )


def _check_page_preset(tool: str, preset: LessonPreset, where: str) -> None:
    """An /operations or /concepts tool needs a preset table for its page (and topic)."""
    page, view, _ = PAGE_TOOLS[tool]
    state = preset.tool
    want = f"[presets.NAME.{page}]" + (f" with topic = {view!r}" if page == "concepts" else "")
    if state is None or state.kind != page or (
            page == "concepts" and state.settings["topic"] != view):
        raise LessonError(f"{where}: the tool {tool} needs a preset {want}")


def _check_placeholders(lesson: Lesson, where: str) -> None:
    """Every {=name} and every quantity a checkpoint names exists in the step's preset."""
    for k, step in enumerate(lesson.steps, start=1):
        values = lesson.values(step.preset)
        texts = [step.title, step.goal, step.text]
        cp = step.checkpoint
        if cp is not None:
            texts += [cp.question, cp.reveal, *cp.options, *cp.feedback,
                      *(m.explain for m in cp.mistakes)]
            names = [cp.answer] if cp.kind == "number" else []
            names += [m.value.removeprefix("-") for m in cp.mistakes
                      if isinstance(m.value, str)]
            for name in names:
                if name not in values:
                    raise LessonError(f"{where}, step {k}: the checkpoint names {name!r}, which "
                                      f"preset {step.preset!r} does not compute")
        for text in texts:
            for name in placeholders(text):
                if name not in values:
                    raise LessonError(f"{where}, step {k}: {{={name}}} is not a quantity of "
                                      f"preset {step.preset!r}")
    t = lesson.teacher
    values = lesson.values(t.preset)
    for text in (t.misconception, t.ask, t.answers):
        for name in placeholders(text):
            if name not in values:
                raise LessonError(f"{where}, teacher notes: {{={name}}} is not a quantity of "
                                  f"preset {t.preset!r}")


def parse_lesson(raw: Mapping, file_name: str) -> Lesson:
    match = FILE_NAME.match(file_name)
    if not match:
        raise LessonError(f"{file_name}: lesson files are named NN_name.toml (e.g. "
                          "01_one_neuron.toml)")
    where = file_name
    number = raw.get("number")
    if number != int(match.group(1)):
        raise LessonError(f"{where}: `number` must be {int(match.group(1))}, as in the file name")
    presets: dict[str, LessonPreset] = {}
    for name, table in (raw.get("presets") or {}).items():
        try:
            presets[name] = parse_preset(table)
        except ValueError as exc:
            raise LessonError(f"{where}, preset {name!r}: {exc}") from None
    steps_raw = raw.get("steps") or []
    if not MIN_STEPS <= len(steps_raw) <= MAX_STEPS:
        raise LessonError(f"{where}: a lesson has {MIN_STEPS} to {MAX_STEPS} steps, this one "
                          f"has {len(steps_raw)}")
    steps = tuple(_step(s, f"{where}, step {k}", presets) for k, s in
                  enumerate(steps_raw, start=1))
    teacher_raw = raw.get("teacher")
    if not isinstance(teacher_raw, Mapping):
        raise LessonError(f"{where}: [teacher] notes are missing")
    teacher_preset = teacher_raw.get("preset")
    if teacher_preset is not None and teacher_preset not in presets:
        raise LessonError(f"{where}, teacher notes: no preset named {teacher_preset!r}")
    teacher = Teacher(text_field(teacher_raw, "misconception", f"{where}, teacher"),
                      text_field(teacher_raw, "ask", f"{where}, teacher"),
                      text_field(teacher_raw, "answers", f"{where}, teacher"), teacher_preset)
    check_later_stops(steps, where)
    lesson = Lesson(int(number), file_name[3:-5], text_field(raw, "title", where),
                    text_field(raw, "goal", where), teacher, presets, steps)
    _check_placeholders(lesson, where)
    return lesson


def load_file(path: Path) -> Lesson:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LessonError(f"{path.name}: not valid TOML ({exc})") from None
    return parse_lesson(raw, path.name)


def load_course(directory: Path = LESSON_DIR) -> tuple[Lesson, ...]:
    """Every lesson file in order; numbers must run 1, 2, 3, ... without gaps."""
    lessons = tuple(load_file(p) for p in sorted(directory.glob("*.toml")))
    for k, lesson in enumerate(lessons, start=1):
        if lesson.number != k:
            raise LessonError(f"lesson numbers must run 1, 2, 3, ...: expected {k}, found "
                              f"{lesson.number} ({lesson.slug})")
    return lessons


__all__ = ["LESSON_DIR", "PLACEHOLDER", "Lesson", "LessonError", "Link", "Step", "Teacher",
           "load_course", "load_file", "parse_lesson", "placeholders"]
