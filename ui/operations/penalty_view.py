"""op=penalty: L1 / L2 regularization with numbers — the total loss as data loss + penalty,
the penalty's gradient per weight, one step with and without it; then many steps on a
2-weight problem (contours, the L1 diamond / L2 circle, the path, exact zeros).
Every number comes from core.trace.ops_penalty (Linear, MSELoss and SGD, as the trainer uses)."""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np
import pandas as pd
import streamlit as st

from core import penalty_path, penalty_trace
from core.trace.ops_penalty import PATH_W_STAR, PATH_X, PATH_Y, PenaltyTrace, path_loss_grid
from ui import marks
from ui.cell_grid import cell_grid
from ui.classroom.present import presenting
from ui.classroom.present_fold import figure_and_formula, folded_when_presenting
from ui.classroom.teacher_link import shown
from ui.figures.ops_charts import penalty_path_figure
from ui.format import fmt, latex_num, latex_term
from ui.highlight import CONCEALED, NONE, SHOW_ALL, Conceal, Highlight
from ui.marks import part
from ui.operations import state as os_
from ui.operations.common import show_array_error, stepper_at
from ui.wrap_row import wrap_row

CONVENTION = (
    "**Conventions.** L1 adds λ·Σ|w|, whose gradient is λ·sign(w). L2 adds **(λ/2)·Σw²**, "
    "whose gradient is λ·w: exactly what PyTorch's `SGD(..., weight_decay=λ)` adds to each "
    "weight's gradient, so weight decay λ is this L2 penalty. **Biases are not penalized** "
    "(only the weights W; as TensorFlow Playground and the usual PyTorch parameter groups).")
PRESENT_PATH_HEIGHT = 365  # px: the path's figure in presenter mode, under the stepper at 720 px
L1_RULE = (
    "**The rule when an L1 step would cross zero:** first the data loss's step, "
    "v = w − lr·∂L_data/∂w; then the penalty moves v toward 0 by lr·λ **but never past it**: "
    "w = sign(v)·max(|v| − lr·λ, 0) (soft-thresholding, the proximal-gradient rule; PyTorch "
    "has no built-in L1). A weight whose data gradient is smaller than λ stays at exactly 0.")


def editors() -> None:
    store = os_.grid_store("penalty")
    c_w, c_b, c_x, c_t = wrap_row(["content"] * 4, gap="large")
    for column, name, label in ((c_w, "W", "Weights W"), (c_b, "b", "Bias b"),
                                (c_x, "x", "Input x"), (c_t, "t", "Target t")):
        with column:
            st.markdown(f"**{label}**")
            cell_grid(name, os_.array("penalty", name), store)
            show_array_error(name)


def penalty_view(view: str, link: bool = True, highlight: Highlight = NONE,
                 conceal: Conceal = SHOW_ALL) -> None:
    """link=False: embedded on another page (/learn), whose URL says something else.
    highlight: what a lesson step's text refers to (a weight's row, the total loss).
    conceal: weights (W[i,j]) whose penalty gradient, total gradient and new value are
    written "?" until a lesson's checkpoint is answered."""
    s = os_.penalty_setup()
    if view != "step":
        path_part(s, link)
        return
    st.markdown(CONVENTION)
    if view == "step":
        if shown("editor"):  # a class link may hide the grids
            editors()
        step_part(penalty_trace(s.W, s.b, s.x, s.t, s.lam, s.kind, s.lr), highlight, conceal)


def total_latex(t: PenaltyTrace) -> str:
    ws = [w.w for w in t.terms]
    if t.kind == "l1":
        inner = " + ".join(rf"\lvert {latex_num(w)}\rvert" for w in ws)
        pen = rf"{latex_num(t.lam)}\cdot({inner})"
    else:
        inner = " + ".join(rf"{latex_term(w)}^2" for w in ws)
        pen = rf"\tfrac{{{latex_num(t.lam)}}}{{2}}({inner})"
    if len(ws) > 6:
        pen = (rf"{latex_num(t.lam)}\textstyle\sum|w|" if t.kind == "l1"
               else rf"\tfrac{{{latex_num(t.lam)}}}{{2}}\textstyle\sum w^2")
    return (rf"L = \underbrace{{{latex_num(t.data_loss)}}}_{{\text{{data (MSE)}}}} + "
            rf"\underbrace{{{pen}}}_{{\text{{penalty}}}} = {latex_num(t.data_loss)} + "
            rf"{latex_term(t.penalty)} = \mathbf{{{latex_num(t.total)}}}")


def step_part(t: PenaltyTrace, highlight: Highlight = NONE, conceal: Conceal = SHOW_ALL) -> None:
    z = ", ".join(fmt(v) for v in t.z)
    st.markdown(f"The data loss is the mean squared error of z = Wx + b = ({z}) against "
                f"t = ({', '.join(fmt(v) for v in t.t)}).")
    with part(highlight, "total loss"):
        st.latex(total_latex(t))
    grad_word = "λ·sign(w)" if t.kind == "l1" else "λ·w"
    hidden = conceal.cells("W", t.W.shape)  # the penalty gradient and what follows from it

    def num(w, text: str) -> str:
        return CONCEALED if (w.i, w.j) in hidden else text

    rows = [{"weight": f"W[{w.i + 1},{w.j + 1}]", "w": fmt(w.w),
             ("|w|" if t.kind == "l1" else "w²"): fmt(w.term),
             "∂L_data/∂w": fmt(w.data_grad),
             f"penalty gradient {grad_word}": num(w, fmt(w.penalty_grad)),
             "total gradient": num(w, fmt(w.total_grad)), "after a step without": fmt(w.without),
             "after a step with": num(w, fmt(w.with_penalty) + (" (stopped at 0)"
                                                                if w.stopped_at_zero else ""))}
            for w in t.terms]
    st.markdown(f"**Per weight**, one step with learning rate lr = {fmt(t.lr)}:")
    frame = pd.DataFrame(rows).set_index("weight")
    named = highlight.cells("W", t.W.shape)  # a named weight: its whole row of the table
    st.table(marks.table(frame, {(k, c) for k, w in enumerate(t.terms) if (w.i, w.j) in named
                                 for c in range(frame.shape[1])}))
    for w in t.terms:
        if w.stopped_at_zero and (w.i, w.j) not in hidden:
            crossed = (f"the plain step w − lr·(total gradient) = {fmt(w.subgradient_step)} "
                       "would cross 0, so" if w.subgradient_step * w.w < 0 else "")
            st.markdown(f"W[{w.i + 1},{w.j + 1}]: after the data step v = {fmt(w.without)}, "
                        f"|v| ≤ lr·λ = {fmt(t.lr * t.lam)}: {crossed} the rule stops it at "
                        "exactly 0.")
    st.markdown(
        f"Biases (not penalized): ∂L/∂b = ({', '.join(fmt(v) for v in t.db)}), the same step "
        f"with and without the penalty: b → ({', '.join(fmt(v) for v in t.b_after)}).")
    c1, c2 = st.columns(2)
    c1.metric("Total loss after a step without the penalty", fmt(t.total_after_without),
              help="data loss + penalty, both measured after the step")
    c2.metric("… after a step with it", fmt(t.total_after_with))
    st.markdown(f"Weights exactly 0: **{t.zeros_without}** after the step without, "
                f"**{t.zeros_with}** after the step with the penalty.")
    if t.kind == "l1":
        st.info(L1_RULE, icon=":material/rule:")


def path_part(s: os_.PenaltySetup, link: bool = True) -> None:
    # presenter mode: the conventions, the problem and its data fold into one box (an expander
    # cannot hold another), so the stepper and its step fit the projector's screen
    with folded_when_presenting("The conventions, the problem and the 4 data points"):
        st.markdown(CONVENTION)
        st.markdown(
            "**A 2-weight problem**: y = w1·x1 + w2·x2 fitted to 4 points (MSE). Without a "
            f"penalty the best fit is w* = ({fmt(PATH_W_STAR[0])}, {fmt(PATH_W_STAR[1])}). "
            "Each step is the same rule as on “One step”, with the λ, kind and lr of the "
            f"sidebar, starting from ({fmt(s.start[0])}, {fmt(s.start[1])}).")
        with nullcontext() if presenting() else st.expander("The 4 data points",
                                                             icon=":material/table:"):
            st.table(pd.DataFrame({"x1": [fmt(v) for v in PATH_X[:, 0]],
                                   "x2": [fmt(v) for v in PATH_X[:, 1]],
                                   "y": [fmt(v) for v in PATH_Y]}))
    path = penalty_path(s.start, s.lam, s.kind, s.lr, s.steps)
    other = penalty_path(s.start, s.lam, "l2" if s.kind == "l1" else "l1", s.lr, s.steps)
    if path.diverged:
        st.warning(f"The weights grew past 10⁶ after {len(path.path) - 1} steps: the learning "
                   "rate is too large for this problem (try lr ≤ 0.5). The path stops there.",
                   icon=":material/trending_up:")
    reach = float(max(np.abs(path.path).max(), np.abs(PATH_W_STAR).max(), 1.0)) * 1.15
    reach = min(reach, 50.0)
    axis = np.linspace(-reach, reach, 61)
    grid = path_loss_grid(axis, axis)
    sig = os_.signature("pen", path.path, s.kind, s.lam, s.lr)
    total = len(path.path) - 1

    def render(k: int) -> None:
        fig = penalty_path_figure(axis, axis, grid, path.path, k, s.kind, PATH_W_STAR)
        figure_side, text_side = figure_and_formula()
        if presenting():  # beside its text, short enough for the projector's screen
            fig.update_layout(height=PRESENT_PATH_HEIGHT)
        with figure_side:
            st.plotly_chart(fig, width="stretch", key="ops_pen_figure",
                            config={"displayModeBar": False})
        w = path.path[k]
        pen_word = "λ·(|w1| + |w2|)" if s.kind == "l1" else "(λ/2)·(w1² + w2²)"
        with text_side:
            st.markdown(f"**Step {k}:** w = ({fmt(w[0])}, {fmt(w[1])}); data loss "
                        f"{fmt(path.data[k])} + penalty {pen_word} = {fmt(path.penalty[k])} "
                        f"→ total **{fmt(path.total[k])}**; weights exactly 0: "
                        f"**{path.zeros[k]}**.")

    stepper_at("ops_pen", "penalty", total, sig, render, url=link)
    st.markdown("**L1 against L2**, same start, λ, lr and number of steps:")
    st.table(pd.DataFrame([_summary(p) for p in sorted((path, other), key=lambda p: p.kind)])
             .set_index("penalty"))
    st.markdown(
        "The L1 penalty's level sets are diamonds with corners on the axes, and its pull "
        "toward 0 has the same size λ however small w is: a weight whose data gradient is "
        "weaker than λ ends at exactly 0. L2's level sets are circles and its pull λ·w fades "
        "as w shrinks: weights get smaller but not 0.")
    if s.kind == "l1":
        st.info(L1_RULE, icon=":material/rule:")


def _summary(p) -> dict:
    end = p.path[-1]
    first = p.first_zero_step
    return {"penalty": "L1" if p.kind == "l1" else "L2",
            "final w": f"({fmt(end[0])}, {fmt(end[1])})",
            "total loss": fmt(p.total[-1]),
            "weights exactly 0": str(int(p.zeros[-1])),
            "first exact 0 at step": "never" if first is None else str(first)}
