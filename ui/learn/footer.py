"""The line every tool page ends with: the guided lessons that use it, each a link to the
lesson's first step that uses that page (one call per page: `lesson_footer("explorer")`)."""

from __future__ import annotations

import streamlit as st

from ui.classroom.present import presenting
from ui.classroom.teacher_link import shown
from ui.learn.course import LEARN_PAGE, lessons
from ui.learn.schema import LessonError


def lessons_using(page: str) -> list[tuple[int, int, str]]:
    """(lesson, first step that uses the page, title) for every lesson that uses `page`
    (a ui.learn.registry.LINK_PAGES name), in course order."""
    found = []
    try:
        course = lessons()
    except LessonError:
        return []  # /learn says what is wrong; a tool page works without its lesson links
    for lesson in course:
        for k, step in enumerate(lesson.steps, start=1):
            if step.tool.split(".")[0] == page or any(l.page == page for l in step.links):
                found.append((lesson.number, k, lesson.title))
                break
    return found


def lesson_footer(page: str) -> None:
    used = lessons_using(page)
    if not used or presenting() or not shown("lessons"):  # presenter mode, a class link
        return
    st.divider()
    with st.container(horizontal=True, vertical_alignment="center", gap="small",
                      key=f"lesson_footer_{page}"):
        st.markdown("**Guided lessons that use this page:**", width="content")
        for number, step, title in used:
            st.page_link(LEARN_PAGE, label=f"Lesson {number}: {title}",
                         icon=":material/school:",
                         query_params={"lesson": str(number), "step": str(step)})
