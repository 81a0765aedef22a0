"""Batch view: Y = X W^T + b for a few rows at once, with the bias broadcast made visible."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core import batch_trace
from core.course.layer_setup import LayerValues, parse_number
from ui import layer_state as ls
from ui.classroom.teacher_link import locked, unless_locked
from ui.format import fmt, latex_num
from ui.highlight import CONCEALED, CONCEALED_TEX, NONE, SHOW_ALL, Conceal, Highlight
from ui.marks import boxed, table
from ui.safe_text import MESSAGE_CHARS, user_text

KEY_X, KEY_VER, KEY_ERR = "batch_X", "batch_version", "batch_error"

CONVENTIONS = (
    "**Two ways to write the same layer.** For one input written as a column vector, "
    "$z = Wx + b$ with $W$ of shape (outputs × inputs). Code stores a *batch* as rows, "
    "$X$ of shape (batch × inputs), so the same layer becomes $Z = XW^\\top + b$: row r of Z is "
    "$W x_r + b$. PyTorch keeps $W$ as `(out_features, in_features)` so that row i of W is "
    "exactly the weights of output i, and `x @ W.T + b` handles one row or a thousand. "
    "Adding $b$ (n values) to $XW^\\top$ (batch × n) *broadcasts* it: the same bias is added to "
    "every row."
)


def _default_X(x: np.ndarray, rows: int = 3) -> np.ndarray:
    base = [x, x[::-1], np.ones_like(x), -x, np.arange(1.0, x.size + 1)]
    return np.array([base[r % len(base)] for r in range(rows)])


def _current_X(x: np.ndarray) -> np.ndarray:
    X = st.session_state.get(KEY_X)
    if X is None:
        X = _default_X(x)
    elif X.shape[1] != x.size:  # m changed: keep the columns that still fit
        new = np.zeros((X.shape[0], x.size))
        k = min(X.shape[1], x.size)
        new[:, :k] = X[:, :k]
        X = new
    st.session_state[KEY_X] = X
    return X


def _on_rows_change() -> None:
    X = st.session_state[KEY_X]
    rows = ls.size_error("batch_rows", st.session_state.get("batch_rows"), "Rows in the batch",
                         f"Kept the batch as it is ({X.shape[0]} rows).")
    if rows is None:
        return
    new = np.zeros((rows, X.shape[1]))
    k = min(rows, X.shape[0])
    new[:k] = X[:k]
    st.session_state[KEY_X] = new
    st.session_state[KEY_VER] = st.session_state.get(KEY_VER, 0) + 1


def _on_edit(widget_key: str) -> None:
    X = st.session_state[KEY_X].copy()
    errors = []
    for r, changes in (st.session_state.get(widget_key) or {}).get("edited_rows", {}).items():
        for col, raw in changes.items():
            c = int(str(col)[1:]) - 1
            if int(r) >= X.shape[0] or not 0 <= c < X.shape[1]:
                continue
            try:
                X[int(r), c] = parse_number(raw)
            except ValueError as exc:
                errors.append(f"X[{int(r) + 1}, {c + 1}] {user_text(exc, MESSAGE_CHARS)}. "
                              "Kept the previous value.")
    st.session_state[KEY_X] = X
    st.session_state[KEY_ERR] = " ".join(errors)
    if errors:  # rebuild the grid so refused cells show the kept values
        st.session_state[KEY_VER] = st.session_state.get(KEY_VER, 0) + 1


def batch_view(v: LayerValues, activation: str, highlight: Highlight = NONE,
               narrow: bool = False, conceal: Conceal = SHOW_ALL) -> None:
    """highlight: cells of Z, A or b a lesson step's text refers to (outlined / boxed).
    narrow: the view sits in a narrow column (a lesson's tool): the broadcast is written one
    matrix per line. conceal: cells of Z (or A) drawn "?" until the step's checkpoint is
    answered; a concealed Z[r,i] also conceals A[r,i] and X Wᵀ's [r,i] (Z is XWᵀ + b, A is
    f(Z): one step away)."""
    st.markdown(CONVENTIONS)
    X = _current_X(v.x)
    if st.session_state.get("batch_rows") != float(X.shape[0]):  # float box: ls.size_entry
        st.session_state["batch_rows"] = float(X.shape[0])
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.number_input("Rows in the batch", value=None, step=1.0, format="%g",
                        key="batch_rows", on_change=unless_locked(_on_rows_change),
                        help=ls.SIZE_HELP, disabled=locked())
        message = st.session_state.get(ls.KEY_ERRORS, {}).get("batch_rows")
        if message:
            st.error(message, icon=":material/block:")
        key = f"batch_grid_{st.session_state.get(KEY_VER, 0)}"
        frame = pd.DataFrame(X, columns=[f"x{j + 1}" for j in range(v.m)],
                             index=[f"row {r + 1}" for r in range(X.shape[0])])
        st.markdown("**Batch X** (batch × inputs)")
        st.data_editor(frame, key=key, num_rows="fixed", on_change=unless_locked(_on_edit),
                       args=(key,), disabled=locked(),
                       column_config={c: st.column_config.NumberColumn(c, format="%g",
                                                                       required=True)
                                      for c in frame.columns})
        if st.session_state.get(KEY_ERR):
            st.error(st.session_state[KEY_ERR], icon=":material/block:")
    trace = batch_trace(v.W, X, v.b, activation)
    XWt = np.array([[o.weighted_sum for o in row.outputs] for row in trace.rows])
    hide_z = conceal.cells("Z", trace.Z.shape)
    hide_a = hide_z | conceal.cells("A", trace.A.shape)
    with right:
        st.markdown("**Z = X Wᵀ + b** (batch × outputs)")
        st.table(table(_frame(trace.Z, "z", hide_z), highlight.cells("Z", trace.Z.shape)))
        st.markdown(f"**A = {activation}(Z)**")
        st.table(table(_frame(trace.A, "a", hide_a), highlight.cells("A", trace.A.shape)))
    if X.shape[0] * v.n <= 48 and v.m <= 6:
        st.markdown("##### The bias is broadcast: the same b is added to every row")
        B = np.tile(v.b, (X.shape[0], 1))
        # b[i] names column i of the repeated b: every row gets the same b_i.
        b_cols = {i for i, _ in highlight.cells("b", (v.n,))}
        marked_b = {(r, i) for r in range(B.shape[0]) for i in b_cols}
        parts = [rf"X W^\top = {_bmatrix(XWt, concealed=hide_z)}",
                 rf"\underbrace{{{_bmatrix(B, marked_b)}}}_{{b\text{{ repeated for every row}}}}",
                 rf"Z = X W^\top + b = {_bmatrix(trace.Z, concealed=hide_z)}"]
        for line in (parts if narrow else [r",\quad ".join(parts)]):
            st.latex(line)


def _frame(M: np.ndarray, prefix: str, concealed=frozenset()) -> pd.DataFrame:
    """M (rows, outputs) as text; concealed (row, col) cells written "?"."""
    return pd.DataFrame([[CONCEALED if (r, c) in concealed else fmt(v)
                          for c, v in enumerate(row)] for r, row in enumerate(M)],
                        columns=[f"{prefix}{i + 1}" for i in range(M.shape[1])],
                        index=[f"row {r + 1}" for r in range(M.shape[0])])


def _bmatrix(M: np.ndarray, marked: set[tuple[int, int]] = frozenset(),
             concealed=frozenset()) -> str:
    """marked: (row, col) entries drawn boxed (a lesson's highlight); concealed: written "?"."""
    whole = M.size > 1 and len(marked) == M.size  # the whole matrix: one box around it

    def num(r: int, c: int, v: float) -> str:
        return CONCEALED_TEX if (r, c) in concealed else latex_num(v)

    rows = r" \\ ".join(" & ".join(boxed(num(r, c, v), (r, c) in marked and not whole)
                                    for c, v in enumerate(row)) for r, row in enumerate(M))
    return boxed(rf"\begin{{bmatrix}} {rows} \end{{bmatrix}}", whole)
