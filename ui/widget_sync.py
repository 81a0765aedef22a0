"""Widgets that show a canonical value kept elsewhere (st.session_state, a TrainSession).

Widgets never own a setting: before a widget is drawn its key is set from the canonical value,
and its on_change callback writes a new value back, so a setting survives its widget being
hidden, and a link, a preset or an imported file can set any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def show(key: str, value: Any) -> Any:
    """Make widget `key` display `value`; returns `value`, to be passed as the widget's
    default as well (`value=show(...)`, or `index=show_index(...)` for a selectbox).

    Why both: while the browser is still mounting a widget after a run, it shows the widget's
    default, and a click in that moment sends the default back as the widget's value; under
    CPU starvation that reset settings to their defaults (seen on the explorer). With the
    canonical value as the default, what is sent is what is true. (.streamlit/config.toml turns
    off Streamlit's warning about a default plus a Session State value.)"""
    if st.session_state.get(key) != value:
        st.session_state[key] = value
    return value


def show_index(key: str, options: Sequence[Any], value: Any) -> int | None:
    """show() for a selectbox: the index of `value` in `options` (None if it is not one)."""
    show(key, value)
    options = list(options)
    return options.index(value) if value in options else None
