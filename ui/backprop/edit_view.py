"""Editors on the backpropagation page: the explorer's own editors for the shared W, x, b
(ui.editors), and plain number inputs for the second layer's W2 and b2."""

from __future__ import annotations

import streamlit as st

from core.course.layer_setup import MAX_ABS_VALUE
from ui import layer_state as ls
from ui.backprop import state as bs
from ui.classroom.teacher_link import locked, unless_locked
from ui.editors import grid_editor, number_editor, value_input
from ui.format import fmt


@unless_locked
def _on_cell(array: str, index: tuple[int, ...], key: str) -> None:
    bs.set_second_cell(array, index, st.session_state.get(key))


def _cell(where, array: str, index: tuple[int, ...], value: float) -> None:
    key = f"bp_num_{array}_{'_'.join(map(str, index))}"
    label = f"{array}[{', '.join(str(k + 1) for k in index)}]"
    value_input(where, label, key, value, _on_cell, (array, index, key))


def second_layer_editor() -> None:
    W2, b2 = st.session_state[bs.KEY_W2], st.session_state[bs.KEY_B2]
    k, n = W2.shape
    left, right = st.columns([max(n, 2), 1], gap="medium")
    with left:
        st.markdown("**Weights W2** (layer 2: one row per output y, one column per a)")
        for r in range(k):
            cols = st.columns(n)
            for c in range(n):
                _cell(cols[c], "W2", (r, c), W2[r, c])
    with right:
        st.markdown("**Bias b2**")
        for r in range(k):
            _cell(st, "b2", (r,), b2[r])
    for array in ("W2", "b2"):
        message = st.session_state[bs.KEY_ERRORS].get(array)
        if message:
            st.error(message, icon=":material/block:")


def edit_view(two_layers: bool) -> None:
    """An expander with the shared editors; open it to change the numbers here."""
    with st.expander("Edit W, x and b here (the same numbers as on the explorer)",
                     icon=":material/edit:"):
        if locked():
            st.caption(":material/lock: Locked by your teacher: these numbers are read-only.")
        plain = st.toggle("Plain number inputs (keyboard and screen-reader friendly)",
                          key="bp_plain_inputs")
        v = ls.get_values()
        c_w, c_x, c_b = st.columns([max(v.m, 2) * 1.1, 1, 1], gap="medium")
        for column, array in ((c_w, "W"), (c_x, "x"), (c_b, "b")):
            with column:
                if plain:
                    number_editor(array)
                else:
                    grid_editor(array)
        if two_layers:
            st.divider()
            second_layer_editor()
        st.caption(f"Values between ±{fmt(MAX_ABS_VALUE)}. Change the sizes and the activation in "
                   "the sidebar.")

