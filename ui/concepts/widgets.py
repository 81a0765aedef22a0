"""Small shared pieces of the /concepts views: an array grid with its refusal message, LaTeX
matrices and tables of numbers (every number formatted by ui.format)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ui import marks
from ui.cell_grid import cell_grid
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.concepts import state as cs
from ui.format import fmt, latex_num
from ui.highlight import CONCEALED, CONCEALED_TEX
from ui.safe_text import user_text

GRID_HELP = ("Type a value and press Enter (or paste a block copied from a spreadsheet). A value "
             "that is not a number is refused and the last good one is kept.")


def array_grid(name: str, label: str, help_text: str = "") -> None:
    """The editable grid of cs array `name` (headers from cs.HEADERS), its label, and its
    last refusal right under it. A class link may hide the grids (hide=editor)."""
    if not shown("editor"):
        return
    st.markdown(f"**{label}**", help=(help_text + " " + GRID_HELP).strip())
    cell_grid(name, cs.get(name), cs.CONCEPTS_STORE)
    message = cs.error(name)
    if message:  # the message echoes the typed text: escaped, never Markdown
        st.error(user_text(message, limit=300), icon=":material/block:")


def latex_matrix(a: np.ndarray) -> str:
    """A vector (as a column) or a matrix as a LaTeX bmatrix."""
    a = np.asarray(a, dtype=np.float64)
    rows = a.reshape(-1, 1) if a.ndim == 1 else a
    body = r" \\ ".join(" & ".join(latex_num(v) for v in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def table_number(v: float, scale: float) -> str:
    """fmt(v), except float64 rounding noise next to larger numbers (|v| below 1e-12 of the
    table's largest value, e.g. 0.1 + 0.2 - 0.3) is written '≈ 0', not as 5.55112e-17."""
    if v != 0 and abs(v) < 1e-12 * scale:
        return "≈ 0"
    return fmt(v)


def number_table(a: np.ndarray, row_names: list[str], col_names: list[str],
                 marked: set[tuple[int, int]] | None = None,
                 concealed: set[tuple[int, int]] | None = None) -> None:
    """A plain HTML table (readable by screen readers) of a (rows, cols) array; `marked`
    cells (a lesson's highlight) outlined and bold (ui.marks); `concealed` cells written "?"
    (a lesson's checkpoint not yet answered)."""
    a = np.asarray(a, dtype=np.float64).reshape(len(row_names), len(col_names))
    scale = float(np.max(np.abs(a))) if a.size else 0.0
    hidden = concealed or set()
    st.table(marks.table(pd.DataFrame([[CONCEALED if (r, c) in hidden else table_number(v, scale)
                                        for c, v in enumerate(row)] for r, row in enumerate(a)],
                                      index=row_names, columns=col_names), marked or ()))


def terms_latex(terms, bias: float | None, result: float, lhs: str,
                skip_zero_inputs: bool = False, hide_result: bool = False) -> str:
    """lhs = w1·x1 + w2·x2 + ... (+ b) = result, from a trace's terms (core.trace.trace.Term);
    hide_result: the result written "?" (a lesson's checkpoint asks for it)."""
    from ui.format import latex_term

    shown = [t for t in terms if not (skip_zero_inputs and t.x == 0)]
    parts = [rf"{latex_term(t.w)}\cdot{latex_term(t.x)}" for t in shown] or ["0"]
    text = f"{lhs} = " + " + ".join(parts)
    if bias is not None:
        text += f" + {latex_term(bias)}"
    return text + f" = {CONCEALED_TEX if hide_result else latex_num(result)}"


def reset_button(topic: str) -> None:
    """Put every number of `topic` back to its default example."""
    if not shown("reset"):
        return
    st.button("Default numbers", key=f"concepts_reset_{topic}", icon=":material/restart_alt:",
              on_click=unless_locked(cs.reset), args=(cs.TOPIC_ARRAYS[topic],),
              disabled=locked(),
              help="Back to this topic's default example.")


def signed_sum(coefficients, names, constant: float) -> str:
    """'20 x_1 - 20 x_2 + 30' for LaTeX: each term with its own sign, never '+ (-20)'."""
    out = ""
    for v, name in zip(coefficients, names, strict=True):
        sign = "-" if v < 0 else "+"
        body = rf"{latex_num(abs(v))}\,{name}"
        out = (f"-{body}" if sign == "-" else body) if not out else f"{out} {sign} {body}"
    sign = "-" if constant < 0 else "+"
    return f"{out} {sign} {latex_num(abs(constant))}" if constant else out
