"""Step-by-step view: walk through f(Wx + b) one multiply-add at a time.

The controls come from ui.stepper (shared with the backprop page); this module draws the
picture, the arithmetic and the table for step k.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core import ACTIVATION_LABELS, ForwardTrace
from ui.explorer.controls import STEPPER, link_step, start_steps_from_link
from ui.figures.layer_grid import grid_figure, layer_blocks, mark_blocks
from ui.format import fmt, latex_num, latex_term
from ui.highlight import NONE, Highlight
from ui.safe_text import user_text
from ui.stepper import stepper
from ui.style import fixed_figure


def step_view(trace: ForwardTrace, signature: tuple, link: bool = True,
              highlight: Highlight = NONE, scale: float = 1.0) -> None:
    """link=False: embedded on another page (/learn), whose URL says something else.
    highlight: cells a lesson step's text refers to, outlined dashed in the picture;
    scale: the picture's size (smaller in a lesson's column)."""
    if link:
        start_steps_from_link(signature, len(trace.steps))
    stepper(STEPPER, len(trace.steps), signature,
            lambda k: _render(trace, k, link, highlight, scale))


def _render(trace: ForwardTrace, k: int, link: bool = True,
            highlight: Highlight = NONE, scale: float = 1.0) -> None:
    if link:
        link_step(k)  # the link follows the walk (this runs in the stepper's fragment)
    fixed_figure(step_figure(trace, k, highlight), key="step_figure", scale=scale)
    st.latex(step_latex(trace, k))
    if k:
        i = trace.steps[k - 1].i
        st.markdown(f"**How output {i + 1} is built** (row {i + 1} of W against x):")
        done = [s for s in trace.steps[:k] if s.i == i]
        st.table(output_table(trace, i, done).set_index("j"))


def step_figure(trace: ForwardTrace, k: int, highlight: Highlight = NONE):
    """The W | x | b | z | a grid after k steps: finished outputs show z and a, the current
    output shows its running sum, the rest show '?'. The current cells are outlined (solid),
    the cells a lesson names are outlined dashed."""
    steps = trace.steps[:k]
    n = len(trace.outputs)
    z_text = ["?"] * n
    a_text = ["?"] * n
    for s in steps:
        out = trace.outputs[s.i]
        if s.kind == "mul":
            z_text[s.i] = fmt(out.terms[s.j].partial_sum) + " …"
        elif s.kind == "bias":
            z_text[s.i] = fmt(out.z)
        else:
            a_text[s.i] = fmt(out.a)
    W = _matrix(trace)
    x = _vector_x(trace)
    b = [o.bias for o in trace.outputs]


    # Cells not reached yet are neutral (0): their colour must not give the answer away.
    z_shown = np.array([trace.z[i] if z_text[i] != "?" else 0.0 for i in range(n)])
    a_shown = np.array([trace.a[i] if a_text[i] != "?" else 0.0 for i in range(n)])
    blocks = layer_blocks(np.array(W), np.array(x), np.array(b), z_text, a_text,
                          z=z_shown, a=a_shown, act_label=trace.activation)
    if k:
        s = trace.steps[k - 1]
        if s.kind == "mul":
            blocks[0].highlight.add((s.i, s.j))
            blocks[1].highlight.add((s.j, 0))
            blocks[3].highlight.add((s.i, 0))
        elif s.kind == "bias":
            blocks[2].highlight.add((s.i, 0))
            blocks[3].highlight.add((s.i, 0))
        else:
            blocks[3].highlight.add((s.i, 0))
            blocks[4].highlight.add((s.i, 0))
    return grid_figure(mark_blocks(blocks, ("W", "x", "b", "z", "a"), highlight))


def _matrix(trace: ForwardTrace) -> list[list[float]]:
    return [[t.w for t in o.terms] for o in trace.outputs]


def _vector_x(trace: ForwardTrace) -> list[float]:
    return [t.x for t in trace.outputs[0].terms]


def step_latex(trace: ForwardTrace, k: int) -> str:
    """The arithmetic of step k with its numbers substituted (all from the trace)."""
    if k == 0:
        return r"\text{Press Next: each output } z_i = \textstyle\sum_j W_{ij}x_j + b_i"
    s = trace.steps[k - 1]
    out = trace.outputs[s.i]
    i1 = s.i + 1
    if s.kind == "mul":
        t = out.terms[s.j]
        j1 = s.j + 1
        prod = rf"W_{{{i1}{j1}}}\,x_{{{j1}}} = {latex_term(t.w)} \cdot {latex_term(t.x)}"
        if s.j == 0:
            return rf"{prod} = {latex_num(t.product)}"
        prev = out.terms[s.j - 1].partial_sum
        return (rf"{prod} = {latex_num(t.product)},\quad \text{{running sum}} = "
                rf"{latex_num(prev)} + {latex_term(t.product)} = {latex_num(t.partial_sum)}")
    if s.kind == "bias":
        return (rf"z_{{{i1}}} = {latex_num(out.weighted_sum)} + b_{{{i1}}} = "
                rf"{latex_num(out.weighted_sum)} + {latex_term(out.bias)} = {latex_num(out.z)}")
    return activation_latex(trace, s.i)


def activation_latex(trace: ForwardTrace, i: int) -> str:
    out = trace.outputs[i]
    i1 = i + 1
    z, a = latex_term(out.z), latex_num(out.a)
    name = trace.activation
    if name == "linear":
        return rf"a_{{{i1}}} = z_{{{i1}}} = {a}"
    if name == "relu":
        return rf"a_{{{i1}}} = \max(0, {latex_num(out.z)}) = {a}"
    if name == "leaky_relu":
        if out.z > 0:
            return rf"a_{{{i1}}} = z_{{{i1}}} = {a}\quad(z > 0)"
        return rf"a_{{{i1}}} = 0.01 \cdot {z} = {a}\quad(z \le 0)"
    if name == "sigmoid":
        return rf"a_{{{i1}}} = \frac{{1}}{{1 + e^{{-{z}}}}} = {a}"
    if name == "tanh":
        return rf"a_{{{i1}}} = \tanh({latex_num(out.z)}) = {a}"
    return (rf"a_{{{i1}}} = \frac{{e^{{z_{{{i1}}}}}}}{{\sum_k e^{{z_k}}}} = "
            rf"\frac{{e^{{{latex_num(out.z)}}}}}{{\sum_k e^{{z_k}}}} = {a}"
            r"\quad(\text{softmax uses every } z_k)")


def output_table(trace: ForwardTrace, i: int, done: list) -> pd.DataFrame:
    """The rows of output i's arithmetic reached so far (done: its steps already taken)."""
    out = trace.outputs[i]
    rows = []
    for s in done:
        if s.kind == "mul":
            t = out.terms[s.j]
            rows.append({"j": str(t.j + 1), f"W[{i + 1},j]": fmt(t.w), "x[j]": fmt(t.x),
                         "W·x": fmt(t.product), "running sum": fmt(t.partial_sum)})
        elif s.kind == "bias":
            # st.table renders cells as Markdown: a bare "+ b" became a bullet "• b".
            rows.append({"j": user_text("+ b"), f"W[{i + 1},j]": "", "x[j]": "",
                         "W·x": fmt(out.bias), "running sum": f"z = {fmt(out.z)}"})
        else:
            rows.append({"j": ACTIVATION_LABELS[trace.activation], f"W[{i + 1},j]": "",
                         "x[j]": "", "W·x": "", "running sum": f"a = {fmt(out.a)}"})
    return pd.DataFrame(rows).astype(str)
