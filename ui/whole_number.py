"""A box for a whole number (a seed, a count of neurons) that refuses what it cannot take.

Streamlit's integer number box truncates what the browser sends and clamps it to its limits,
silently: 2.9 arrives as 2, 1e7 as 1 (the browser's parseInt), 10**9 as the maximum. So the
box here is a float box without min/max: it sends what was typed (None when it is empty or
not a number), `whole_number` refuses anything that is not a whole number in range with a
message said under the box, and the box shows the kept value again on the next run (it is
re-seeded from the canonical value each run, ui.widget_sync.show).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import streamlit as st

from ui.safe_text import MESSAGE_CHARS, user_text
from ui.widget_sync import show


def whole_number(raw: object, what: str, low: int, high: int) -> int:
    """raw (the box's value: a float or None) -> int, or ValueError saying why not."""
    rule = f"type a whole number from {low:,} to {high:,}"
    if raw is None:
        raise ValueError(f"{what} is empty or not a number: {rule}")
    value = float(raw)  # type: ignore[arg-type]
    if not math.isfinite(value) or not value.is_integer():
        raise ValueError(f"{what} must be a whole number, not {value:g}: {rule}")
    if not low <= value <= high:
        raise ValueError(f"{what} must be from {low:,} to {high:,}, not {value:,.0f}")
    return int(value)


def _error_key(key: str) -> str:
    return f"{key}__refused"


def whole_number_box(label: str, key: str, value: int, low: int, high: int,
                     on_value: Callable[[int], None], *, disabled: bool = False,
                     help: str | None = None, where=st) -> None:
    """Draw the box showing `value`; a good entry calls on_value(int), a bad one keeps the
    value and leaves a message under the box until the next good entry. `where` is the
    container to draw in (st, a column, st.sidebar)."""

    def on_change() -> None:
        try:
            number = whole_number(st.session_state[key], label, low, high)
        except ValueError as exc:
            st.session_state[_error_key(key)] = f"{exc}. Kept {value:,}."
            return
        st.session_state.pop(_error_key(key), None)
        on_value(number)

    show(key, float(value))  # value=None below: an emptied box then sends None, not its default
    where.number_input(label, value=None, step=1.0, format="%.0f",
                       key=key, on_change=on_change, disabled=disabled,
                       help=help or f"A whole number from {low:,} to {high:,}.")
    message = st.session_state.get(_error_key(key))
    if message:
        where.error(user_text(message, MESSAGE_CHARS), icon=":material/block:")
