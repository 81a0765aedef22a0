"""topic=rnn: PyTorch's RNNCell, h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh), unrolled
over a short sequence with the stepper: the same two linear layers at every step."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.concepts import MAX_STEPS, RnnTrace, rnn_unroll
from core.concepts.rnn import position
from ui.classroom.present_fold import folded_when_presenting
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.concepts import state as cs
from ui.concepts.link import restore_step, share_box
from ui.concepts.widgets import array_grid, latex_matrix, reset_button, terms_latex
from ui.figures.rnn_unroll import rnn_unroll_figure
from ui.format import fmt, latex_num, latex_term
from ui.highlight import SHOW_ALL, Conceal
from ui.stepper import stepper
from ui.whole_number import whole_number_box
from ui.wrap_row import wrap_row

STEP_PREFIX = "concepts_rnn_step"


@unless_locked
def _set_length(T: int) -> None:
    xs = cs.get("xs")
    new = np.zeros((T, xs.shape[1]))
    keep = min(T, xs.shape[0])
    new[:keep] = xs[:keep]  # growing keeps every value; new steps start at 0
    cs.set_array("xs", new)


def rnn_view(link: bool = True, conceal: Conceal = SHOW_ALL) -> None:
    """link=False: embedded on another page (/learn), whose URL says something else.
    conceal: a lesson's hold on the stepper until its checkpoint is tried
    (ui.highlight.Conceal.walk_cap)."""
    # presenter mode: the introduction and the grids fold away, so the stepper and its step
    # fit the projector's screen
    with folded_when_presenting(
            "What it shows, and the numbers: W_ih, b_ih, W_hh, b_hh, x_1 … x_T, h_0"):
        st.markdown("An RNN reads a sequence one step at a time. PyTorch's `nn.RNNCell` computes "
                    "**h_t = tanh(W_ih x_t + b_ih + W_hh h_(t−1) + b_hh)**: two linear layers (one "
                    "for the input, one for the previous hidden state, each with its own bias), "
                    "added, then tanh. The **same** W_ih, W_hh, b_ih and b_hh are used at every "
                    "step.")
        row1 = wrap_row(["content"] * 4)
        with row1[0]:
            array_grid("W_ih", "W_ih (input → hidden)", "Row i: the weights from x_t into h_i.")
        with row1[1]:
            array_grid("b_ih", "b_ih", "The input layer's bias.")
        with row1[2]:
            array_grid("W_hh", "W_hh (hidden → hidden)",
                       "Row i: the weights from h_(t−1) into h_i.")
        with row1[3]:
            array_grid("b_hh", "b_hh", "The hidden layer's bias.")
        row2 = wrap_row(["content", "content", 220])
        with row2[0]:
            array_grid("xs", "Sequence x_1 … x_T", "Row t is the input x_t at step t.")
        with row2[1]:
            array_grid("h0", "h_0", "The hidden state before the first step.")
        T = cs.get("xs").shape[0]
        with row2[2]:
            if shown("settings"):
                whole_number_box("Steps T", "concepts_rnn_T", T, 1, MAX_STEPS, _set_length,
                                 disabled=locked(), help="Rows of the sequence (1 to 4).")
            reset_button("rnn")
    t = rnn_unroll(cs.get("W_ih"), cs.get("b_ih"), cs.get("W_hh"), cs.get("b_hh"),
                   cs.get("xs"), cs.get("h0"))
    signature = rnn_signature()
    if link:
        restore_step(STEP_PREFIX, t.total_positions, signature)
    stepper(STEP_PREFIX, t.total_positions, signature, lambda k: _render(t, k, link),
            cap=conceal.walk_cap, cap_note=conceal.walk_note)


def rnn_signature() -> tuple:
    """What the stepper keys its position on: any edit of the numbers starts it again."""
    return ("rnn", cs.version())


def _render(t: RnnTrace, k: int, link: bool = True) -> None:
    pos = position(k)
    st.plotly_chart(unrolled_figure(t, k), width="stretch", key="concepts_rnn_diagram",
                    config={"displayModeBar": False, "staticPlot": True})
    st.latex(step_latex(t, k))
    if pos is not None:
        step = t.steps[pos[0]]
        part = pos[1]
        if part in ("input", "hidden"):
            lin = step.input_part if part == "input" else step.hidden_part
            name = (rf"W_{{ih}}x_{{{step.t}}} + b_{{ih}}" if part == "input"
                    else rf"W_{{hh}}h_{{{step.t - 1}}} + b_{{hh}}")
            for out in lin.outputs:
                st.latex(terms_latex(out.terms, out.bias, out.z,
                                     rf"({name})_{{{out.i + 1}}}"))
    st.table(unrolled_table(t, k))
    if link:
        share_box("rnn", k)


def step_latex(t: RnnTrace, k: int) -> str:
    pos = position(k)
    if pos is None:
        return (r"\text{Press Next: each step runs the same two linear layers, adds them, "
                r"then } \tanh")
    step = t.steps[pos[0]]
    s, part = step.t, pos[1]
    if part == "input":
        return (rf"\text{{step {s}, input layer: }} W_{{ih}} x_{{{s}}} + b_{{ih}} = "
                rf"{latex_matrix(step.input_part.z)}")
    if part == "hidden":
        return (rf"\text{{step {s}, hidden layer: }} W_{{hh}} h_{{{s - 1}}} + b_{{hh}} = "
                rf"{latex_matrix(step.hidden_part.z)}")
    parts = ", ".join(
        rf"\tanh({latex_num(a)} + {latex_term(b)}) = {latex_num(h)}"
        for a, b, h in zip(step.input_part.z, step.hidden_part.z, step.h, strict=True))
    return rf"h_{{{s}}}:\ {parts}"


def unrolled_table(t: RnnTrace, k: int) -> pd.DataFrame:
    """One row per time step; the parts not reached by step k show '?'."""
    rows = []
    for idx, step in enumerate(t.steps):
        done = max(0, min(3, k - 3 * idx))  # parts of this step already taken

        def vec(v: np.ndarray, needed: int, done: int = done) -> str:
            return ", ".join(fmt(x) for x in v) if done >= needed else "?"

        rows.append({"t": str(step.t), "x_t": ", ".join(fmt(x) for x in step.x),
                     "h_(t−1)": vec(step.h_prev, 2),
                     "W_ih x_t + b_ih": vec(step.input_part.z, 1),
                     "W_hh h_(t−1) + b_hh": vec(step.hidden_part.z, 2),
                     "h_t = tanh(sum)": vec(step.h, 3)})
    return pd.DataFrame(rows).set_index("t").astype(str)


def unrolled_figure(t: RnnTrace, k: int):
    """The diagram after stepper position k: h_t appears once its tanh step is done."""
    pos = position(k)
    h0 = t.steps[0].h_prev
    h_texts = [", ".join(fmt(v) for v in h0)]
    for idx, step in enumerate(t.steps):
        done = k >= 3 * (idx + 1)
        h_texts.append(", ".join(fmt(v) for v in step.h) if done else "?")
    x_texts = [", ".join(fmt(v) for v in step.x) for step in t.steps]
    return rnn_unroll_figure(x_texts, h_texts, None if pos is None else pos[0])
