"""Checkpoints: predict, then reveal. The learner types a number (or picks an option); the
answer shows only after a right answer or "Show me". A wrong number that matches a known
mistake (forgot the bias, used a column of W, the article's 22) is named.

One rule for "right": core.course.answer_check (agree to the significant figures typed, at least 3),
the same as every "Check yourself" box in the app. The answer and the mistakes' values are the
core's numbers for the step's preset (core.course.lesson_values), never numbers typed into a file,
except a mistake that is not from the example at all (the article's printed 22).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from core.course.answer_check import check_answer
from ui.classroom.teacher_link import shown
from ui.format import fmt
from ui.learn import bridge
from ui.learn.schema_checkpoint import Checkpoint, Mistake
from ui.learn.text import fill

KEY_RESULTS = "learn_cp_results"  # {(lesson, step): Verdict} for this session


@dataclass(frozen=True)
class Verdict:
    kind: str  # "success" | "error" | "warning" | "info" (revealed)
    message: str
    done: bool  # right, or revealed: the step may go on


def mistake_value(m: Mistake, values: Mapping[str, float]) -> float:
    """A mistake's number: a quantity ("sum1"), a negated one ("-delta1": the wrong sign) or
    a number that does not come from the example (the article's printed 22)."""
    if not isinstance(m.value, str):
        return float(m.value)
    if m.value.startswith("-"):
        return -float(values[m.value[1:]])
    return float(values[m.value])


def judge_number(cp: Checkpoint, typed: str, values: Mapping[str, float]) -> Verdict:
    """The verdict on a typed answer (the message never echoes the typed text)."""
    truth = float(values[cp.answer])
    mistakes = {m.name: mistake_value(m, values) for m in cp.mistakes}
    result = check_answer(typed, truth, mistakes)
    if result.error is not None:
        return Verdict("warning", result.error, False)
    if result.ok:
        return Verdict("success", f"Right: {fmt(truth)} (your answer {result.closeness}).", True)
    if result.mistake is not None:
        m = next(m for m in cp.mistakes if m.name == result.mistake)
        return Verdict("error", f"Not quite: {fmt(result.parsed)} is what you get when you "
                                f"**{m.name}**. {fill(m.explain, values)}", False)
    return Verdict("error", f"Not yet: {fmt(result.parsed)} {result.closeness} with the "
                            "answer. Try again, or press **Show me**.", False)


def judge_choice(cp: Checkpoint, picked: int | None, values: Mapping[str, float]) -> Verdict:
    if picked is None:
        return Verdict("warning", "Pick one of the options first.", False)
    line = fill(cp.feedback[picked], values)
    if picked == cp.correct:
        return Verdict("success", f"Right. {line}", True)
    return Verdict("error", f"Not this one. {line}", False)


def results() -> dict:
    return st.session_state.setdefault(KEY_RESULTS, {})


def verdict(lesson: int, step: int) -> Verdict | None:
    return results().get((lesson, step))


def is_done(lesson: int, step: int) -> bool:
    v = verdict(lesson, step)
    return (v is not None and v.done) or bridge.is_marked("checks", lesson, step)


def revealed(lesson: int, step: int) -> bool:
    """Whether the answer may show in the step's tool: the checkpoint is done (right, or
    Show me) or the learner has tried a number or an option that was wrong (a message about
    an empty box or a text that is not a number is not an attempt). A class link that keeps
    the answers back (hide=answers: no Show me) keeps the tool's answer back too until the
    answer is right."""
    v = verdict(lesson, step)
    tried = v is not None and v.kind == "error" and shown("answers")
    return is_done(lesson, step) or tried


def _record(lesson: int, step: int, v: Verdict) -> None:
    results()[(lesson, step)] = v
    if v.done:
        bridge.mark("checks", lesson, step)


def _widget_key(lesson: int, step: int) -> str:
    return f"learn_cp_{lesson}_{step}"


def _on_check(lesson: int, step: int, cp: Checkpoint, values: dict) -> None:
    raw = st.session_state.get(_widget_key(lesson, step))
    if cp.kind == "number":
        v = judge_number(cp, "" if raw is None else str(raw), values)
    else:
        v = judge_choice(cp, raw if isinstance(raw, int) else None, values)
    _record(lesson, step, v)


def _on_show(lesson: int, step: int) -> None:
    _record(lesson, step, Verdict("info", "Here is the answer.", True))


def checkpoint_view(lesson: int, step: int, cp: Checkpoint, values: dict) -> None:
    """The question, the answer box (Enter checks), Check and Show me, then the feedback and,
    once done, the worked answer."""
    with st.container(border=True, key=f"learn_cp_box_{lesson}_{step}"):
        st.markdown(f"**:material/quiz: Checkpoint.** {fill(cp.question, values)}")
        with st.form(f"learn_cp_form_{lesson}_{step}", border=False, enter_to_submit=True):
            if cp.kind == "number":
                st.text_input("Your answer", key=_widget_key(lesson, step), width=360,
                              placeholder="Type a number, then press Enter")
            else:
                st.radio("Your answer", range(len(cp.options)), index=None,
                         format_func=lambda i: fill(cp.options[i], values),
                         key=_widget_key(lesson, step))
            bar = st.container(horizontal=True, gap="small")
            with bar:
                st.form_submit_button("Check", icon=":material/check:", type="primary",
                                      on_click=_on_check, args=(lesson, step, cp, values))
                if shown("answers"):  # a class link may keep the answers back
                    st.form_submit_button("Show me", icon=":material/visibility:",
                                          on_click=_on_show, args=(lesson, step))
        v = verdict(lesson, step)
        if v is not None:
            getattr(st, v.kind)(v.message)
        if is_done(lesson, step):
            answer = ""
            if cp.kind == "number":
                answer = f"**Answer: {fmt(values[cp.answer])}.** "
            else:
                answer = f"**Answer: {fill(cp.options[cp.correct], values)}.** "
            st.markdown(answer + fill(cp.reveal, values))
