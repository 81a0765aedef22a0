"""The course as a whole: the lessons (loaded once per change of their files), where a learner
stands in it, and the course map shown on /learn and on the home page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from ui.learn import bridge
from ui.learn.schema import LESSON_DIR, Lesson, LessonError, load_course
from ui.safe_text import user_text

LEARN_PAGE = "pages/4_learn.py"


@st.cache_resource(show_spinner=False)
def _cached(stamp: tuple) -> tuple[Lesson, ...]:
    """Lessons are read-only course content shared by every session (no learner state)."""
    return load_course()


def lessons() -> tuple[Lesson, ...]:
    """Every lesson; a teacher's edit to a file is picked up on the next page load."""
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(LESSON_DIR.glob("*.toml")))
    return _cached(stamp)


def lessons_or_message() -> tuple[Lesson, ...] | None:
    """The lessons, or None after showing which file is wrong and where (a teacher's typo in
    a lesson file gets a message on the page, never a traceback)."""
    try:
        return lessons()
    except LessonError as exc:
        st.error(f"A lesson file could not be read: {user_text(exc, 400)}",
                 icon=":material/error:")
        return None


def step_counts(course: Sequence[Lesson]) -> list[int]:
    return [len(lesson.steps) for lesson in course]


@dataclass(frozen=True)
class Standing:
    done: int  # steps completed
    total: int
    status: str  # "done" | "current" | "started" | "not started"

    @property
    def label(self) -> str:
        return {"done": "Done", "current": f"You are here ({self.done} of {self.total} steps)",
                "started": f"Started ({self.done} of {self.total} steps)",
                "not started": "Not started"}[self.status]

    @property
    def icon(self) -> str:
        return {"done": ":material/check_circle:", "current": ":material/play_circle:",
                "started": ":material/timelapse:",
                "not started": ":material/radio_button_unchecked:"}[self.status]


def standing(lesson: Lesson) -> Standing:
    p = bridge.progress()
    done = len(p["done"].get(str(lesson.number), []))
    total = len(lesson.steps)
    last = p.get("last")
    if done >= total:
        status = "done"
    elif last and last[0] == lesson.number:
        status = "current"
    else:
        status = "started" if done else "not started"
    return Standing(done, total, status)


def resume_target(course: Sequence[Lesson]) -> tuple[int, int] | None:
    """Where "Continue" goes: the last step visited, or None for a new learner."""
    last = bridge.progress().get("last")
    if not last:
        return None
    lesson, step = last
    if 1 <= lesson <= len(course) and 1 <= step <= len(course[lesson - 1].steps):
        return lesson, step
    return None


def start_button(course: Sequence[Lesson]) -> None:
    """"Start the course", or "Continue: lesson 4, step 2" for a learner who has begun."""
    target = resume_target(course)
    with st.container(border=True, key="course_start"):
        if target is None:
            st.markdown("**New here?** Twelve short lessons, each beside the live tool it "
                        "talks about.")
            st.page_link(LEARN_PAGE, label=f"Start the course: lesson 1, {course[0].title}",
                         icon=":material/play_arrow:",
                         query_params={"lesson": "1", "step": "1"})
            return
        lesson, step = target
        title = course[lesson - 1].title
        st.markdown("**Welcome back.** Your progress is kept in this browser.")
        st.page_link(LEARN_PAGE, label=f"Continue: lesson {lesson}, step {step} ({title})",
                     icon=":material/play_arrow:",
                     query_params={"lesson": str(lesson), "step": str(step)})


def course_map(course: Sequence[Lesson], columns: int = 3) -> None:
    """Every lesson with its state in words and an icon (never colour alone), each a link."""
    rows = [course[k:k + columns] for k in range(0, len(course), columns)]
    for row in rows:
        cols = st.columns(columns)
        for col, lesson in zip(cols, row, strict=False):
            s = standing(lesson)
            with col.container(border=True, key=f"course_map_{lesson.number}"):
                st.page_link(LEARN_PAGE, label=f"{lesson.number}. {lesson.title}",
                             icon=s.icon, query_params={"lesson": str(lesson.number),
                                                        "step": "1"})
                st.caption(f"**{s.label}** · {lesson.goal}")
                st.progress(s.done / s.total if s.total else 0.0)
