"""The row of views at the top of /explorer and /backprop (Edit & compute, Step by step, ...).

One function for both pages, because a teacher's link changes it the same way on each:
`hide=quiz` drops the "Check yourself" view, and `hide=views` drops the switcher itself, and
then the view is the one the URL keeps (Streamlit forgets the state of a widget it did not
draw, so the session's value alone would fall back to the default on the next run).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ui.classroom.teacher_link import shown


def shown_views(views: Mapping[str, str]) -> list[str]:
    """The view names a class link leaves (all but the quiz when `hide=quiz`)."""
    return [v for v in views if v != "quiz" or shown("quiz")]


def current_view(key: str, views: Mapping[str, str], default: str) -> str:
    """The view this run shows, before the switcher is drawn (a link may have set it)."""
    st.session_state.setdefault(key, default)
    if st.session_state[key] not in shown_views(views):
        st.session_state[key] = default
    return st.session_state[key]


def view_switcher(key: str, views: Mapping[str, str], default: str) -> str:
    """Draw the switcher (unless hidden) and return the chosen view."""
    names = shown_views(views)
    current_view(key, views, default)
    if shown("views"):
        return st.segmented_control("View", names, format_func=views.get, key=key,
                                    label_visibility="collapsed") or default
    linked = st.query_params.get("view")
    st.session_state[key] = linked if linked in names else st.session_state[key]
    return st.session_state[key]
