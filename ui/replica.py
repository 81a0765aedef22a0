"""Which class server this is, and the notice for a learner whose server went away.

Behind the classroom balancer (deploy/classroom.py) every replica gets its name in the
CLASSROOM_REPLICA environment variable; the sidebar shows it in small print, so a teacher can
tell who is on which server. A learner's session lives in one replica's memory. When that
replica stops (or a single server restarts), the browser reconnects on its own and, through
the balancer, reaches a live replica that has never seen the session: Streamlit starts a
fresh one there and reruns the page from its URL. The browser tells the new server the id of
the session it had (the third entry of the websocket's Sec-WebSocket-Protocol header, which
Streamlit uses to resume a session it still holds), so the first run of a session whose
browser names a previous session is exactly "your session was lost": the page says so once,
and what the link holds (numbers, settings) is back while training progress and uploads are
not. Nothing here keeps user state outside st.session_state.
"""

from __future__ import annotations

import os

import streamlit as st

from ui.classroom.present import presenting
from ui.safe_text import user_text

REPLICA_ENV = "CLASSROOM_REPLICA"
SEEN_KEY = "_replica_session_seen"  # set on a session's first run
NOTICE_KEY = "_replica_moved_notice"  # the notice, until dismissed
MOVED_NOTICE = (
    "You were reconnected to another class server: the one you were on stopped or restarted, "
    "and this page started again from its link. The numbers and settings in the link are "
    "back; training progress and uploaded files are not (train again, upload the file again).")


def replica_name() -> str:
    """This server's name in the class ('' when it runs on its own)."""
    return os.environ.get(REPLICA_ENV, "")


def previous_session_id(protocol_header: str | None) -> str:
    """The session id a reconnecting browser names in Sec-WebSocket-Protocol
    ("streamlit, <xsrf token>, <previous session id>"), or ''."""
    entries = [e.strip() for e in (protocol_header or "").split(",")]
    return entries[2] if len(entries) >= 3 else ""


def _protocol_header() -> str | None:
    try:
        return st.context.headers.get("Sec-Websocket-Protocol")
    except Exception:  # noqa: BLE001 - no websocket in some test runners (AppTest)
        return None


def check_session() -> None:
    """On a session's first run: remember a notice if the browser had a session this server
    does not hold (it would otherwise have been resumed, with SEEN_KEY set)."""
    if st.session_state.get(SEEN_KEY):
        return
    st.session_state[SEEN_KEY] = True
    if previous_session_id(_protocol_header()):
        st.session_state[NOTICE_KEY] = MOVED_NOTICE


def _dismiss() -> None:
    st.session_state.pop(NOTICE_KEY, None)


def show_replica_notice() -> None:
    """The moved-session notice (main area, until dismissed) and the replica's name (sidebar).
    Called by ui.nav.setup_page on every page."""
    check_session()
    name = replica_name()
    if name and not presenting():  # presenter mode: the class does not need to see it
        st.sidebar.caption(f"Class server: {user_text(name)}")  # set by whoever deploys
    if st.session_state.get(NOTICE_KEY):
        st.warning(MOVED_NOTICE, icon=":material/sync_problem:")
        st.button("Dismiss", key="replica_notice_ok", on_click=_dismiss)
