"""Every gradient of the current example at a glance, as soon as the forward pass is shown:
∂L/∂W, ∂L/∂b, ∂L/∂x (and ∂L/∂W2, ∂L/∂b2), the core's numbers as text (KaTeX writes MathML
that screen readers read). The backward stepper stays the way to build them up one by one."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.trace.chain import NetworkTrace
from ui.backprop.step_text import bmatrix
from ui.highlight import NONE, Highlight

TEX = {"W": "W", "b": "b", "x": "x", "W2": "W^{(2)}", "b2": "b^{(2)}"}
HIDDEN = ("The gradients are hidden while you check yourself: work one out, then check it "
          "or reveal it.")


def gradient_latex(trace: NetworkTrace, highlight: Highlight = NONE,
                   narrow: bool = False) -> list[str]:
    """One line per layer: layer 2's gradients first (backprop reaches them first), then W, b
    and x. highlight: entries of dW, db, dx (dW2, db2) a lesson names, boxed. narrow: one
    line per gradient (a narrow column would hide the end of a long line)."""
    grads = trace.grads()

    def line(names: tuple[str, ...]) -> str:
        return r",\quad ".join(
            rf"\frac{{\partial L}}{{\partial {TEX[k]}}} = "
            + bmatrix(grads[k], highlight.cells("d" + k, np.shape(grads[k]))) for k in names)

    groups = [("W2", "b2")] if "W2" in grads else []
    groups.append(("W", "b", "x"))
    if narrow:
        groups = [(k,) for group in groups for k in group]
    return [line(group) for group in groups]


def gradient_summary(trace: NetworkTrace, hidden: bool = False,
                     highlight: Highlight = NONE, narrow: bool = False,
                     note: str | None = None) -> None:
    """hidden: a line says why they are not shown (note: that line, e.g. a lesson's
    "shown after you answer")."""
    st.markdown("##### The gradients")
    if hidden:
        st.caption(note or HIDDEN)
        return
    for tex in gradient_latex(trace, highlight, narrow):
        st.latex(tex)
    st.caption("Each number is how much L changes per unit change of that one entry. "
               "**Backward step by step** below builds them up one at a time.")
