"""Two layers, chained: how layer 2's gradient with respect to its input becomes layer 1's
upstream gradient dL/da, and then layer 1's δ (the chain rule in numbers)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import ACTIVATION_LABELS
from core.trace.chain import NetworkTrace
from ui.backprop import state as bs
from ui.backprop.step_text import bmatrix, dA_latex, delta_latex
from ui.classroom.teacher_link import locked, unless_locked
from ui.format import fmt
from ui.highlight import CONCEALED, CONCEALED_NOTE, NONE, SHOW_ALL, Conceal, Highlight
from ui.marks import table

EXPLAIN = (
    "With a second layer, $y = f_2(W^{(2)}a + b^{(2)})$ and the loss reads $y$ ($f_2$ is "
    "linear unless you pick one). Backpropagation runs layer 2 first, exactly as for one "
    "layer: $\\delta^{(2)} = \\partial L/\\partial y \\odot f_2'(z^{(2)})$ (just "
    "$\\partial L/\\partial y$ when $f_2$ is linear), "
    "$\\partial L/\\partial W^{(2)} = \\delta^{(2)} a^\\top$. Then layer 2's "
    "gradient with respect to **its input**, $W^{(2)\\top}\\delta^{(2)}$, is handed back: it "
    "*is* layer 1's upstream gradient $\\partial L/\\partial a$. From there layer 1 does "
    "what it always does: $\\delta = \\partial L/\\partial a \\odot f'(z)$. That hand-over is "
    "the chain rule, and it is all a deep network does, layer after layer."
)
OFF = (
    "Turn on a second linear layer to see the chain rule in numbers: the loss then reads "
    "$y = W^{(2)}a + b^{(2)}$, and layer 1 receives its gradient from layer 2 instead of "
    "from the loss."
)


def handoff_frame(trace: NetworkTrace, hidden_delta=frozenset()) -> pd.DataFrame:
    """Per output i of layer 1: dL/da_i from layer 2, f'(z_i), δ_i (formatted); the δ_i of
    hidden_delta (output indices) written "?"."""
    b1 = trace.back1
    return pd.DataFrame({
        "z (layer 1)": [fmt(v) for v in trace.layer1.z],
        "∂L/∂a = (W2ᵀ δ⁽²⁾)": [fmt(v) for v in trace.back2.dx],
        "f′(z)": [fmt(v) for v in b1.fprime],
        "δ = ∂L/∂z": [CONCEALED if i in hidden_delta else fmt(v)
                      for i, v in enumerate(b1.delta)],
    }, index=[f"a{i + 1}" for i in range(b1.delta.size)])


@unless_locked
def _turn_on() -> None:
    bs.set_two_layers(True)


HANDOFF_COLUMNS = ("z", "dA", "fprime", "delta")  # a lesson's names for handoff_frame's columns


def handoff_cells(highlight: Highlight, n: int) -> set[tuple[int, int]]:
    """The cells of handoff_frame (n rows) a lesson names: z[i], dA[i], fprime, delta...;
    "handoff" is the whole table."""
    cells = {(r, c) for r in range(n) for c in range(len(HANDOFF_COLUMNS))} if highlight.has(
        "handoff") else set()
    for c, name in enumerate(HANDOFF_COLUMNS):
        cells |= {(r, c) for r, _ in highlight.cells(name, (n,))}
    return cells


def chain_view(trace: NetworkTrace, highlight: Highlight = NONE,
               conceal: Conceal = SHOW_ALL) -> None:
    """highlight: what a lesson step's text refers to (cells of the hand-over table, δ⁽²⁾).
    conceal: delta[i] of layer 1, "?" in the table and its formula left out, until a
    lesson's checkpoint is answered."""
    if not trace.net.two_layers:
        st.markdown(OFF)
        st.button("Add a second linear layer", key="bp_chain_on", on_click=_turn_on,
                  icon=":material/add:", disabled=locked())
        return
    st.markdown(EXPLAIN)
    if trace.net.activation2 == "linear":
        st.markdown("**Layer 2's output gradient** (from the loss, no activation):")
        d2 = bmatrix(trace.back2.delta)
        st.latex(r"\delta^{(2)} = \frac{\partial L}{\partial y} = "
                 + (rf"\boxed{{{d2}}}" if highlight.has("delta2") else d2)
                 + r",\qquad \frac{\partial L}{\partial a} = W^{(2)\top}\delta^{(2)} = "
                 + bmatrix(trace.back2.dx))
    else:
        st.markdown("**Layer 2's output gradient**, back through its own activation f2 = "
                    f"{ACTIVATION_LABELS[trace.net.activation2]}:")
        for i in range(trace.back2.delta.size):
            st.latex(delta_latex(trace, 2, i))
        st.latex(r"\frac{\partial L}{\partial a} = W^{(2)\top}\delta^{(2)} = "
                 + bmatrix(trace.back2.dx))
    st.markdown("**The hand-over, output by output of layer 1:**")
    n = trace.back1.delta.size
    hidden = {r for r, _ in conceal.cells("delta", (n,))}
    frame = handoff_frame(trace, hidden)
    st.table(table(frame, handoff_cells(highlight, frame.shape[0])))  # text: screen readers
    for i in range(n):
        st.latex(dA_latex(trace, 1, i))
        if i in hidden:
            st.caption(f"δ{i + 1}: {CONCEALED_NOTE}")
        else:
            st.latex(delta_latex(trace, 1, i))
    st.caption("Step through the same numbers in the Backward step by step view: layer 2 "
               "comes first, then layer 1.")
