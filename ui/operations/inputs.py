"""Settings typed as text on /operations (momentum, eps, p, λ, lr, seed, ...), and choices.

Text boxes, not number inputs: a number input clamps or drops what it cannot take without a
word, while here every entry goes through the same decoder as the share link, and a refused
entry gets a message under its box while the last good value is kept (and shown again).
Widgets never own a value (ui.widget_sync): the canonical one lives in ui.operations.state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import streamlit as st

from core.course.url_codec import encode_vector, format_number
from ui.classroom.teacher_link import locked, unless_locked
from ui.operations import state as os_
from ui.safe_text import user_text
from ui.widget_sync import show, show_index

KEY_INPUT_ERRORS = "ops_input_errors"  # {setting: message}


def _errors() -> dict[str, str]:
    return st.session_state.setdefault(KEY_INPUT_ERRORS, {})


@unless_locked
def _on_text(setting: str, key: str, label: str, decode: Callable[[str], object]) -> None:
    raw = st.session_state.get(key, "")
    try:
        value = decode(str(raw))
    except ValueError as exc:
        _errors()[setting] = (f"{label}: {user_text(raw)} was refused: {user_text(exc, 200)}. "
                              "Kept the previous value.")
        return
    _errors().pop(setting, None)
    os_.put(setting, value)


def setting_text(where, label: str, setting: str, decode: Callable[[str], object],
                 help: str) -> None:
    """A text box for one setting; a refusal is shown right under it."""
    key = f"ops_in_{setting}"
    current = os_.get(setting)
    text = (", ".join(encode_vector(current).split(",")) if isinstance(current, np.ndarray)
            else format_number(current))
    value = show(key, text)
    where.text_input(label, value=value, key=key, help=help, on_change=_on_text,
                     args=(setting, key, label, decode), disabled=locked())
    message = _errors().get(setting)
    if message:
        where.error(message, icon=":material/block:")


@unless_locked
def _on_choice(setting: str, key: str) -> None:
    os_.put(setting, st.session_state[key])


def setting_choice(where, label: str, setting: str, options: Sequence, format_func=str,
                   help: str | None = None, horizontal: bool = True) -> None:
    """A radio for one setting (train/eval, l1/l2)."""
    key = f"ops_ch_{setting}"
    index = show_index(key, options, os_.get(setting))
    where.radio(label, list(options), index=index, key=key, format_func=format_func,
                horizontal=horizontal, help=help, on_change=_on_choice, args=(setting, key),
                disabled=locked())


def size_select(where, label: str, key: str, value: int, high: int,
                on_change: Callable[[], None], low: int = 1) -> None:
    """A size from low..high as a select box (nothing to mistype)."""
    options = list(range(low, high + 1))
    index = show_index(key, options, value)
    where.selectbox(label, options, index=index, key=key, on_change=unless_locked(on_change),
                    disabled=locked())
