"""One table of fields drives both reading and writing a page's share link (as Playground's
state.ts). Reading happens when the link differs from what this session last wrote, so a
deep link or a hand-edited URL is applied once, and the app's own updates are not re-read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui.safe_text import MESSAGE_CHARS, user_text

MAX_QUERY_CHARS = 8000

# Classroom parameters (presenter mode, a teacher's hide= and lock=) belong to no page's
# fields: every page keeps them in the URL when it writes its own state, so a class link stays
# a class link while the students step and edit (ui/classroom/ reads them).
CLASS_PARAMS = ("present", "hide", "lock")


def _with_class_params(encoded: Mapping[str, str]) -> dict[str, str]:
    """`encoded` plus the classroom parameters the current URL carries."""
    current = st.query_params.to_dict()
    kept = {k: current[k] for k in CLASS_PARAMS if k in current}
    return {**encoded, **kept}


@dataclass(frozen=True)
class UrlField:
    name: str
    decode: Callable[[str], Any]  # raises ValueError with a readable message
    encode: Callable[[Any], str]


def _last_key(page: str) -> str:
    return f"_url_last_{page}"


def pending_link(page: str, fields: Sequence[UrlField]) -> dict[str, str] | None:
    """The link's fields if they are new to this session (a deep link or a hand edit), else
    None. Unknown parameters are ignored; an empty link never resets anything."""
    params = st.query_params.to_dict()
    mine = {f.name: params[f.name] for f in fields if f.name in params}
    if not mine:
        return None
    if st.session_state.get(_last_key(page)) == mine:
        return None
    return mine


def decode_link(
    raw: Mapping[str, str], fields: Sequence[UrlField]
) -> tuple[dict[str, Any], list[str]]:
    """Decode every present field; returns (values, problems), one problem per bad field."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    if sum(len(k) + len(v) for k, v in raw.items()) > MAX_QUERY_CHARS:
        return {}, [f"the link is longer than {MAX_QUERY_CHARS} characters"]
    for f in fields:
        if f.name in raw:
            try:
                values[f.name] = f.decode(raw[f.name])
            except ValueError as exc:
                problems.append(name_once(f.name, str(exc)))
    return values, problems


def name_once(name: str, message: str) -> str:
    """'`W`: ...' for a message about field `name`, naming it once: a decoder's message that
    already starts with the name ('W row 1, entry 2: ...') gets the name marked, not repeated
    ('`W` row 1, entry 2: ...', never '`W`: W row 1, ...')."""
    # The message may quote the user's text: escaped. The field name is the app's own.
    if message == name or message.startswith((name + " ", name + ":", name + ",")):
        return f"`{name}`{user_text(message[len(name):], MESSAGE_CHARS)}"
    return f"`{name}`: {user_text(message, MESSAGE_CHARS)}"


def write_link(page: str, fields: Sequence[UrlField], values: Mapping[str, Any]) -> dict[str, str]:
    """Put the current state in the URL (only when it changed) and remember it as ours."""
    encoded = {f.name: f.encode(values[f.name]) for f in fields if f.name in values}
    st.session_state[_last_key(page)] = encoded
    wanted = _with_class_params(encoded)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    return encoded


def update_link(page: str, changes: Mapping[str, str | None]) -> None:
    """Change a few fields of this page's link from inside a fragment (e.g. the stepper's
    step=), keeping the rest; None removes a field. Remembered as ours, so the next full run
    does not mistake it for a new deep link."""
    last = dict(st.session_state.get(_last_key(page)) or {})
    for name, value in changes.items():
        if value is None:
            last.pop(name, None)
        else:
            last[name] = value
    st.session_state[_last_key(page)] = last
    wanted = _with_class_params(last)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def decode_choice(text: str, choices: Sequence[str], what: str) -> str:
    """One of `choices` (a view name, ...), or ValueError listing them."""
    value = str(text).strip().lower()
    if value not in choices:
        raise ValueError(f"unknown {what} '{value[:20]}'; use one of {', '.join(choices)}")
    return value


def decode_step(text: str) -> int:
    """A stepper position: a whole number from 0 (clamped to the walk's length later)."""
    value = str(text).strip()
    if not value.isdigit() or len(value) > 4:
        raise ValueError("must be a whole number of steps from 0")
    return int(value)


def share_url(path: str, encoded: Mapping[str, str]) -> str:
    """An absolute link when the browser told us its address, else a relative one."""
    from urllib.parse import urlencode

    query = urlencode(encoded, safe=",;")
    base = ""
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - context is unavailable in some test runners
        url = None
    if url:
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
    return f"{base}/{path}?{query}"


def show_link_warning(state_key: str, dismiss_key: str) -> None:
    """The warning left by a link that could not be read completely
    (st.session_state[state_key]), with a button that dismisses it."""
    message = st.session_state.get(state_key)
    if message:
        st.warning(message, icon=":material/link_off:")
        if st.button("Dismiss", key=dismiss_key):
            st.session_state.pop(state_key, None)
            st.rerun()
