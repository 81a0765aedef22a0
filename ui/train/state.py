"""The TrainSession in st.session_state, and the glue between widgets and its settings.

Widgets never own a setting: before a widget is drawn its key is set from the canonical
TrainSettings (ui.widget_sync.show), and its on_change callback writes the new value back
(`bind`), so a setting survives its widget being hidden, and a link or an imported file can
set any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.classroom.teacher_link import locked
from ui.safe_text import MESSAGE_CHARS, user_text
from ui.train.session import TrainSession

KEY = "train_session"
ERRORS = "train_field_errors"  # {setting name: message} for the last refused value


def get_session() -> TrainSession:
    """This browser session's run (created and synced on first use)."""
    sess = st.session_state.get(KEY)
    if sess is None:
        sess = st.session_state[KEY] = TrainSession()
        sess.sync()
    return sess


def field_errors() -> dict[str, str]:
    return st.session_state.setdefault(ERRORS, {})


def bind(key: str, field: str, parse: Callable[[Any], Any] = lambda v: v,
         lockable: bool = True) -> dict:
    """Widget kwargs: key plus an on_change that parses the widget's value into setting `field`.
    A ValueError keeps the last good setting and records the message for `field_error`.
    A lockable setting (one that changes the example) is left as it is on a teacher's locked
    page (lock=1), whatever the widget sends; display settings pass lockable=False."""

    def on_change() -> None:
        if lockable and locked():
            return
        errors = field_errors()
        try:
            value = parse(st.session_state[key])
        except ValueError as exc:
            errors[field] = user_text(exc, MESSAGE_CHARS)
            return
        errors.pop(field, None)
        get_session().update(**{field: value})

    return {"key": key, "on_change": on_change}


def field_error(field: str) -> None:
    """Show the last refused value's message for `field`, where the learner typed it."""
    message = field_errors().get(field)
    if message:
        st.error(message, icon=":material/error:")


def code_text(name: str) -> str:
    """A user-supplied name (file, column) in quotes for a markdown message, shown as typed
    (ui.safe_text; a code span would not stop Streamlit's :material/...: icons)."""
    return "'" + user_text(name, 60) + "'"


def left_page() -> bool:
    """True on the first run after the learner was on another page (or on the first visit).

    Streamlit forgets a widget's state after a run that did not draw it, so the dataset
    selector's key is missing exactly when the last full run was another page's. Training
    stops when the learner leaves the page; coming back must not resume it silently."""
    return "tr_dataset" not in st.session_state
