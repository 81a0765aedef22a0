"""topic=notation: the explorer's layer in the three conventions learners meet, with the same
numbers: W x + b (column vector), x A^T + b (PyTorch), X W + b with W (in, out) (Keras, d2l)."""

from __future__ import annotations

import streamlit as st

from core.concepts import notation_forms
from ui import layer_state as ls
from ui.concepts.link import share_box
from ui.concepts.widgets import latex_matrix
from ui.editors import grid_editor
from ui.format import fmt


def notation_view() -> None:
    st.markdown("The same layer is written three ways in books and libraries. The numbers "
                "are the explorer's layer (edit them here or there).")
    v = ls.get_values()
    # W as wide as its columns need (as on the explorer), so no cell is cut off.
    cols = st.columns([max(v.m, 2) * 1.2 + 1, 1.5, 1.5, max(6 - v.m, 0.1)], gap="medium")
    for col, array in zip(cols, ("W", "x", "b"), strict=False):
        with col:
            grid_editor(array)
    f = notation_forms(v.W, v.x, v.b)
    n, m = v.n, v.m
    c1 = c2 = c3 = st.container()
    with c1:
        st.markdown("**1. Column vector** (this course, most textbooks)")
        st.latex(rf"z = W x + b = {latex_matrix(f.W)}{latex_matrix(f.x)} + "
                 rf"{latex_matrix(f.b)} = {latex_matrix(f.column.z)}")
        st.caption(f"W: ({n}, {m}) = (out, in); x: a column of {m}; z: a column of {n}.")
    with c2:
        st.markdown("**2. PyTorch** `nn.Linear(in_features, out_features)`")
        st.latex(rf"y = x A^T + b = {latex_matrix(f.x[None, :])}{latex_matrix(f.W.T)} + "
                 rf"{latex_matrix(f.b[None, :])} = {latex_matrix(f.pytorch)}")
        st.caption(f"A = layer.weight: ({n}, {m}) = (out_features, in_features), the same "
                   f"matrix as W; x: a row (1, {m}) or a batch (batch, {m}).")
    with c3:
        st.markdown("**3. Keras `Dense` / d2l**")
        st.latex(rf"Y = X W' + b = {latex_matrix(f.x[None, :])}{latex_matrix(f.kernel)} + "
                 rf"{latex_matrix(f.b[None, :])} = {latex_matrix(f.keras)}")
        st.caption(f"W' = the kernel: ({m}, {n}) = (in, out), the transpose Wᵀ.")
    st.success(f"Same numbers all three ways: the largest difference is "
               f"{fmt(f.max_difference, 3)}.", icon=":material/check_circle:")
    st.markdown("##### How this app's exports write it")
    st.markdown(
        "- **JSON** (train page, *Export*): `\"weight\"` has shape (out, in) and `\"bias\"` "
        "(out), as PyTorch stores them.\n"
        "- **NumPy code**: `W0 = np.array(...)` of shape (out, in), and the forward line "
        "`h = h @ W0.T + b0`, PyTorch's x Aᵀ + b on a batch of rows.\n"
        "- **PyTorch code**: `nn.Linear(in, out)` with `model[0].weight.copy_(...)` of shape "
        "(out, in).\n"
        "- To load the weights into Keras, transpose them: `kernel = weight.T`.")
    share_box("notation")
