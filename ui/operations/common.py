"""Pieces every /operations view shares: a grid's refusal message, and the stepper (ui.stepper)
started at the step a link asked for, keeping the URL's step= in step with it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.operations import link
from ui.operations import state as os_
from ui.safe_text import user_text
from ui.stepper import stepper


def show_array_error(name: str) -> None:
    """The last refusal for grid `name` (it echoes what was typed, so it is escaped)."""
    message = st.session_state.get(os_.KEY_ERRORS, {}).get(name)
    if message:
        st.error(user_text(message, 300), icon=":material/block:")


def current_step(prefix: str) -> int:
    return int(st.session_state.get(f"{prefix}_k", 0))


def stepper_at(prefix: str, op: str, total: int, signature: tuple,
               render: Callable[[int], None], url: bool = True, cap: int | None = None,
               cap_note: str = "") -> None:
    """ui.stepper.stepper, first moved to a link's step= (once); every redraw of the stepper
    also writes the step into the URL, so the address bar always opens this step.
    url=False: embedded on another page (/learn), whose URL says something else; there a
    lesson may hold the walk at step `cap` until its checkpoint is tried (ui.stepper; cap_note
    says which)."""
    if not url:
        stepper(prefix, total, signature, render, cap=cap, cap_note=cap_note)
        return
    asked = link.pending_step(op)
    if asked is not None:
        st.session_state[f"{prefix}_sig"] = signature
        st.session_state[f"{prefix}_k"] = min(asked, total)
        st.session_state[f"{prefix}_playing"] = False

    def render_and_sync(k: int) -> None:
        render(k)
        link.sync_url(op, k)

    stepper(prefix, total, signature, render_and_sync)
