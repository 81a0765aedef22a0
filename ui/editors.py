"""Editors for the canonical W, x, b: a grid (ui.cell_grid) and plain number inputs.

Both write through ui.layer_state, which refuses bad values and keeps the last good one; the
grid redraws from the canonical arrays after every change (an edit, a preset, a refusal).
"""

from __future__ import annotations

import streamlit as st

from core.course.layer_setup import MAX_ABS_VALUE
from ui import layer_state as ls
from ui.cell_grid import cell_grid
from ui.classroom.teacher_link import locked, unless_locked

ARRAY_KEYS = {"W": ls.KEY_W, "x": ls.KEY_X, "b": ls.KEY_B}
LABELS = {"W": "Weights W", "x": "Input x", "b": "Bias b"}
HELPS = {
    "W": "Row i holds the weights into output i; column xj multiplies input x_j.",
    "x": "One value per input.",
    "b": "One bias per output.",
}
GRID_HINT = ("Type a value and press Enter. Paste a block copied from a spreadsheet (or values "
             "separated by commas, rows by semicolons) to fill several cells at once.")


def grid_editor(array: str, marked: frozenset[tuple[int, int]] = frozenset()) -> None:
    """A grid for one array (ui.cell_grid); refused cells are reported right under it.
    marked: cells a lesson step outlines (ui.highlight)."""
    st.markdown(f"**{LABELS[array]}**", help=HELPS[array] + " " + GRID_HINT)
    cell_grid(array, st.session_state[ARRAY_KEYS[array]], marked=marked)
    show_error(array)


def show_error(array: str) -> None:
    message = st.session_state.get(ls.KEY_ERRORS, {}).get(array)
    if message:
        st.error(message, icon=":material/block:")


def _on_number_change(array: str, index: tuple[int, ...], widget_key: str) -> None:
    ls.set_cell(array, index, st.session_state.get(widget_key))


def number_editor(array: str, marked: frozenset[tuple[int, int]] = frozenset()) -> None:
    """Plain number inputs, one per cell, for keyboard and screen-reader users. marked:
    cells a lesson step names, whose labels say so ("◆ W[1,2] (marked)")."""
    values = st.session_state[ARRAY_KEYS[array]]
    st.markdown(f"**{LABELS[array]}**")

    def label(name: str, cell: tuple[int, int]) -> str:
        return f"◆ {name} (marked)" if cell in marked else name

    if values.ndim == 2:
        for i in range(values.shape[0]):
            cols = st.columns(values.shape[1])
            for j in range(values.shape[1]):
                _one_input(cols[j], array, (i, j), label(f"{array}[{i + 1},{j + 1}]", (i, j)),
                           values[i, j])
    else:
        for k in range(values.size):
            _one_input(st, array, (k,), label(f"{array}[{k + 1}]", (k, 0)), values[k])
    show_error(array)


# The browser drops a comma from a number box before the app sees it (1,5 arrives as 15), so
# the rule everywhere is a decimal point, and these boxes say so.
DECIMAL_HELP = ("Type a number with a decimal point, e.g. -1.5 (a comma is not a decimal "
                f"separator here). Values between ±{MAX_ABS_VALUE:g}; an empty box or text "
                "is refused and the last value kept.")


def value_input(where, label: str, key: str, value: float, on_change, args: tuple) -> None:
    """A plain number box showing the canonical `value`; `on_change(*args)` reads the typed
    value from st.session_state[key] and refuses bad ones (layer_state.write_cell).

    No min/max on the widget: with one, an emptied box or text jumps to the minimum
    (-1,000,000) and a value beyond it is clamped, both silently. value=None lets an empty or
    unreadable entry arrive as None, which is refused with a message; the box then shows the
    kept value again (it is re-seeded from the canonical array on every run)."""
    if st.session_state.get(key) != float(value):
        st.session_state[key] = float(value)
    where.number_input(label, value=None, key=key, format="%g", step=1.0, help=DECIMAL_HELP,
                       on_change=unless_locked(on_change), args=args, disabled=locked())


def _one_input(where, array: str, index: tuple[int, ...], label: str, value: float) -> None:
    key = f"num_{array}_{'_'.join(map(str, index))}"
    value_input(where, label, key, value, _on_number_change, (array, index, key))
