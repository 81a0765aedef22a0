"""A teacher's class link: hide= (controls to hide, by name) and lock=1 (the numbers are
read-only), read from the page's URL on every run, and the "Make a class link" box.

Why the URL and not the session: a class link is for one page. Every page keeps hide= and
lock= in its URL when it rewrites its own link (ui.url_state.CLASS_PARAMS), so a rerun, a step
or a view change never lifts a lock; a sidebar link to another page opens that page without
them. Editing the URL by hand lifts them: that is the documented editable copy, which the
locked page offers as a link.

Control modules ask `shown("activation")` before drawing a control and pass
`disabled=locked()` to every widget that changes the example; their callbacks are wrapped in
`unless_locked`, so a locked session changes nothing even if a widget's message arrives.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import streamlit as st

from ui.classroom.controls_table import LOCK_KEEPS, PAGE_CONTROLS, names
from ui.expanders import lazy_expander
from ui.safe_text import user_text
from ui.url_state import CLASS_PARAMS, _last_key, share_url

MAX_HIDE_NAMES = 30  # a hide= list is cut here (a page has about ten names)
MAX_BAD_SHOWN = 5  # the notice quotes this many unknown names, then counts the rest
F = TypeVar("F", bound=Callable[..., Any])


def _param(name: str) -> str:
    try:
        return str(st.query_params.get(name, "") or "")
    except Exception:  # noqa: BLE001 - no script context (a plain unit test): no class link
        return ""


def listed_names() -> list[str]:
    """The names in hide=, in order, lower case, without blanks or repeats."""
    seen: list[str] = []
    for part in _param("hide").split(",")[:MAX_HIDE_NAMES]:
        name = part.strip().lower()
        if name and name not in seen:
            seen.append(name)
    return seen


KEY_PAGE = "class_page"  # the page this session's last full run drew (class_page)


def class_page(page: str) -> None:
    """Say which page is running, first thing on every page (class_notice does it too): a
    hide= name counts only where the table lists it, so a tool that one page borrows from
    another (/learn shows the explorer's editors) never hides what the notice called
    unknown."""
    st.session_state[KEY_PAGE] = page


def shown(name: str) -> bool:
    """False when the page's link hides control `name` (a name of this page's table)."""
    if name not in listed_names():
        return True
    page = st.session_state.get(KEY_PAGE)
    return page in PAGE_CONTROLS and name not in names(page)


def locked() -> bool:
    """True when the page's link says lock=1: every number that changes the example is
    read-only."""
    return _param("lock").strip() == "1"


def unless_locked(callback: F) -> F:
    """`callback`, doing nothing while the page is locked: the server-side half of a lock
    (the disabled widget is the browser's half)."""

    @functools.wraps(callback)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if locked():
            return None
        return callback(*args, **kwargs)

    return guarded  # type: ignore[return-value]


def editable_params(page: str) -> dict[str, str]:
    """The page's current link without hide= and lock= (presenter mode stays). Drawn under
    the title, before the page writes its link on this run: a link that carries no numbers
    (lock=1 alone) opens what this session's page last wrote (ui.url_state), else defaults."""
    current = st.query_params.to_dict()
    params = {k: v for k, v in current.items() if k not in CLASS_PARAMS}
    if not params:
        params = dict(st.session_state.get(_last_key(page)) or {})
    if current.get("present"):
        params["present"] = current["present"]
    return params


def class_notice(page: str) -> None:
    """Under the page's title: unknown hide= names (ignored, named, the valid ones listed),
    a lock= that is not 1 or 0, and the lock notice with a link to an editable copy."""
    class_page(page)
    valid = names(page)
    bad = [n for n in listed_names() if n not in valid]
    if bad:
        quoted = ", ".join(f"“{user_text(n)}”" for n in bad[:MAX_BAD_SHOWN])
        if len(bad) > MAX_BAD_SHOWN:
            quoted += f" and {len(bad) - MAX_BAD_SHOWN} more"
        st.warning(f"This class link hides controls this page does not have: {quoted}. "
                   f"They were ignored. The names on this page are: {', '.join(valid)}.",
                   icon=":material/visibility_off:")
    lock = _param("lock").strip()
    if lock not in ("", "0", "1"):
        st.warning(f"This class link says lock=“{user_text(lock)}”, which is not 1 (locked) "
                   "or 0 (editable); the page is editable.", icon=":material/lock_open:")
    if locked():
        with st.container(border=True, key=f"class_lock_notice_{page}"):
            st.markdown(f":material/lock: **This page is locked by your teacher.** The numbers "
                        f"are read-only; {LOCK_KEEPS[page]} still work.")
            st.link_button("Open an editable copy (the same numbers, in a new tab)",
                           share_url(page, editable_params(page)), icon=":material/edit:")


def class_url(page: str, encoded: Mapping[str, str], hide: list[str], lock: bool) -> str:
    """The page's share link `encoded` plus the chosen hide= names and lock=1 (and the
    current presenter mode)."""
    params = {k: v for k, v in encoded.items() if k not in ("hide", "lock")}
    present = _param("present")
    if present:
        params["present"] = present
    if hide:
        params["hide"] = ",".join(hide)
    if lock:
        params["lock"] = "1"
    return share_url(page, params)


def class_link_box(page: str, encoded: Mapping[str, str]) -> None:
    """The "Make a class link" expander: a checkbox per hideable control, "Lock the
    numbers", and the link (this example's numbers from the page's share link `encoded`)
    in a code box with its copy button. Called by each page's share-link function."""
    box = lazy_expander("Make a class link", f"class_link_open_{page}", ":material/school:")
    if box is None:
        return
    current = listed_names()
    with box:
        st.caption("For a class: choose what your students should not see, lock the numbers, "
                   "and copy the link. It opens this example as it is now.")
        chosen = []
        for control in PAGE_CONTROLS[page]:  # one column: every label reads in full
            key = f"class_hide_{page}_{control.name}"
            if key not in st.session_state:
                st.session_state[key] = control.name in current
            if st.checkbox(f"Hide {control.what}", key=key, help=f"hide={control.name}"):
                chosen.append(control.name)
        lock_key = f"class_lock_{page}"
        if lock_key not in st.session_state:
            st.session_state[lock_key] = locked()
        lock = st.checkbox("Lock the numbers (read-only; stepping and the views still work)",
                           key=lock_key)
        st.code(class_url(page, encoded, chosen, lock), language=None, wrap_lines=True)
        st.caption("Copy it with the button at the right of the box.")
