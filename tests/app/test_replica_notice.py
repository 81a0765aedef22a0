"""ui/replica.py through the real pages: the class server's name in the sidebar, and the notice
for a browser that reconnected naming a session this server does not hold (a failover)."""

from __future__ import annotations

import pytest
from apptest_helpers import no_exception, open_page

from ui import replica


def test_previous_session_id_is_the_third_protocol_entry() -> None:
    assert replica.previous_session_id("streamlit, tok, 1234-abcd") == "1234-abcd"
    assert replica.previous_session_id("streamlit, tok") == ""
    assert replica.previous_session_id("streamlit") == ""
    assert replica.previous_session_id("streamlit, , ") == ""
    assert replica.previous_session_id(None) == ""


def test_a_single_server_shows_no_replica_and_no_notice(monkeypatch) -> None:
    monkeypatch.delenv(replica.REPLICA_ENV, raising=False)
    at = open_page("explorer")
    no_exception(at)
    assert not [c for c in at.sidebar.caption if "Class server" in c.value]
    assert not [w for w in at.warning if w.value == replica.MOVED_NOTICE]


@pytest.mark.parametrize("page", ["home", "explorer", "backprop", "train"])
def test_replica_name_in_the_sidebar(monkeypatch, page: str) -> None:
    monkeypatch.setenv(replica.REPLICA_ENV, "r2")
    at = open_page(page)
    no_exception(at)
    assert [c.value for c in at.sidebar.caption if "Class server" in c.value] == [
        "Class server: r2"]


def test_a_fresh_page_load_gets_no_notice(monkeypatch) -> None:
    monkeypatch.setattr(replica, "_protocol_header", lambda: "streamlit, xsrf-token")
    at = open_page("train")
    no_exception(at)
    assert not [w for w in at.warning if w.value == replica.MOVED_NOTICE]


def test_a_lost_session_gets_the_notice_once_until_dismissed(monkeypatch) -> None:
    # The browser names a session this server never had: its first run says so.
    monkeypatch.setattr(replica, "_protocol_header", lambda: "streamlit, tok, old-session")
    at = open_page("train")
    no_exception(at)
    assert [w.value for w in at.warning if w.value == replica.MOVED_NOTICE]
    at.run()  # still shown on the next run (and on other pages) until dismissed
    assert [w.value for w in at.warning if w.value == replica.MOVED_NOTICE]
    at.button(key="replica_notice_ok").click().run()
    no_exception(at)
    assert not [w for w in at.warning if w.value == replica.MOVED_NOTICE]
    at.run()  # the same session, still naming its old id: not "moved" again
    assert not [w for w in at.warning if w.value == replica.MOVED_NOTICE]


def test_a_replica_name_is_shown_as_text_not_markdown(monkeypatch) -> None:
    monkeypatch.setenv(replica.REPLICA_ENV, "pod-7f9c_*x*")  # a Kubernetes pod name, say
    at = open_page("home")
    no_exception(at)
    assert [c.value for c in at.sidebar.caption if "Class server" in c.value] == [
        "Class server: pod-7f9c\\_\\*x\\*"]  # '*' and '_' escaped: no emphasis
