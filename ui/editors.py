"""Editors for the canonical W, x, b: a grid (st.data_editor) and plain number inputs.

Both write through ui.layer_state, which refuses bad values and keeps the last good one.
The grid's key carries the layer version, so after any change (an edit, a preset, a refused
value) the grid is rebuilt from the canonical array instead of showing a stale edit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.layer_setup import MAX_ABS_VALUE
from ui import layer_state as ls

ARRAY_KEYS = {"W": ls.KEY_W, "x": ls.KEY_X, "b": ls.KEY_B}


def frame_for(array: str, values: np.ndarray) -> pd.DataFrame:
    """W: columns x1..xm (the input each weight multiplies), rows out 1..n; x, b: one column."""
    if array == "W":
        n, m = values.shape
        return pd.DataFrame(values, columns=[f"x{j + 1}" for j in range(m)],
                            index=[f"row {i + 1}" for i in range(n)])
    label = {"x": "x", "b": "b"}[array]
    return pd.DataFrame({label: values}, index=[f"{label}{k + 1}" for k in range(values.size)])


def _on_grid_change(array: str, widget_key: str) -> None:
    state = st.session_state.get(widget_key) or {}
    edited = state.get("edited_rows", {}) if isinstance(state, dict) else {}
    shape = st.session_state[ARRAY_KEYS[array]].shape
    ls.apply_grid_edits(array, _by_position(array, edited), shape)


def _by_position(array: str, edited: dict) -> dict:
    """data_editor reports {row: {column name: value}}; turn W's 'xj' names into positions."""
    out: dict[int, dict[int, object]] = {}
    for row, changes in edited.items():
        out[int(row)] = {}
        for col, value in changes.items():
            c = int(str(col)[1:]) - 1 if array == "W" else 0
            out[int(row)][c] = value
    return out


def grid_editor(array: str, label: str, help_text: str) -> None:
    """A grid for one array; refused cells are reported right under it."""
    values = st.session_state[ARRAY_KEYS[array]]
    widget_key = f"grid_{array}_{ls.version()}"
    config = {
        col: st.column_config.NumberColumn(col, format="%g", required=True,
                                           min_value=-MAX_ABS_VALUE, max_value=MAX_ABS_VALUE)
        for col in frame_for(array, values).columns
    }
    st.markdown(f"**{label}**", help=help_text)
    st.data_editor(
        frame_for(array, values),
        key=widget_key,
        column_config=config,
        num_rows="fixed",
        width="stretch",
        on_change=_on_grid_change,
        args=(array, widget_key),
    )
    show_error(array)


def show_error(array: str) -> None:
    message = st.session_state.get(ls.KEY_ERRORS, {}).get(array)
    if message:
        st.error(message, icon=":material/block:")


def _on_number_change(array: str, index: tuple[int, ...], widget_key: str) -> None:
    ls.set_cell(array, index, st.session_state.get(widget_key))


def number_editor(array: str, label: str) -> None:
    """Plain number inputs, one per cell, for keyboard and screen-reader users."""
    values = st.session_state[ARRAY_KEYS[array]]
    st.markdown(f"**{label}**")
    if values.ndim == 2:
        for i in range(values.shape[0]):
            cols = st.columns(values.shape[1])
            for j in range(values.shape[1]):
                _one_input(cols[j], array, (i, j), f"{array}[{i + 1},{j + 1}]", values[i, j])
    else:
        for k in range(values.size):
            _one_input(st, array, (k,), f"{array}[{k + 1}]", values[k])
    show_error(array)


def _one_input(where, array: str, index: tuple[int, ...], label: str, value: float) -> None:
    key = f"num_{array}_{'_'.join(map(str, index))}"
    # Seed the widget from the canonical value (widgets may not be given both value= and state).
    if st.session_state.get(key) != float(value):
        st.session_state[key] = float(value)
    where.number_input(
        label, key=key, format="%g", step=1.0, min_value=-MAX_ABS_VALUE, max_value=MAX_ABS_VALUE,
        on_change=_on_number_change, args=(array, index, key),
    )
