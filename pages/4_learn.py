"""/learn — the guided course: one lesson per ?lesson=N, one step per &step=K.

Thin page: the lesson files (assets/lessons/*.toml, ui.learn.schema) -> the step's preset put
into the tools' canonical state -> the step's text (numbers from the core), checkpoint and the
page's own live tool -> Previous / Next. Progress lives in the browser (ui.learn.bridge).
"""

import streamlit as st

from ui.classroom.teacher_link import class_notice
from ui.learn import bridge
from ui.learn.course import lessons_or_message, step_counts
from ui.learn.lesson_view import lesson_view, on_key, overview, read_position
from ui.nav import setup_page

setup_page("Lessons", ":material/school:")
class_notice("learn")  # a teacher's link: unknown hide= names, the lock notice
course = lessons_or_message()
if course is None:
    st.stop()
position = read_position(course)
if position is None:
    st.session_state.pop("learn_here", None)
    overview(course)
else:
    lesson_view(course, *position)
# Last: progress to and from the browser's storage, and the keyboard (on a lesson only).
bridge.bridge(step_counts(course), on_nav=on_key if position is not None else None)
