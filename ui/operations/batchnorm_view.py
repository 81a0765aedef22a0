"""op=batchnorm: BatchNorm1d on a batch the learner types, step by step, in train and eval
mode; the batch of one; the redundant bias; the backward pass beside finite differences.

Every number comes from core.trace.ops_batchnorm (the trainer's BatchNorm1d); this module formats.
"""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np
import pandas as pd
import streamlit as st

from core import batchnorm_gradients, batchnorm_trace, bias_redundancy
from core.trace.ops_batchnorm import BatchNormTrace
from ui.cell_grid import cell_grid
from ui.classroom.present_fold import figure_and_formula, folded_when_presenting, formula_lines
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.figures.ops_grids import BN_LEGEND, batchnorm_figure
from ui.format import fmt
from ui.highlight import CONCEALED_NOTE, SHOW_ALL, Conceal
from ui.operations import state as os_
from ui.operations.batchnorm_text import STAGE_NOTES, STAGE_TITLES, step_latex, steps_of
from ui.operations.common import show_array_error, stepper_at
from ui.wrap_row import wrap_row

LABELS = {"X": "Batch X (a row per example)", "gamma": "γ (weight)",
          "beta": "β (bias)", "running_mean": "running_mean", "running_var": "running_var"}


def editors() -> None:
    store = os_.grid_store("batchnorm")
    columns = wrap_row(["content"] * 3, gap="large")
    for column, names in zip(columns, (("X",), ("gamma", "beta"),
                                       ("running_mean", "running_var")), strict=True):
        with column:
            for name in names:
                st.markdown(f"**{LABELS[name]}**")
                cell_grid(name, os_.array("batchnorm", name), store)
                show_array_error(name)


def trace_of(s: os_.BatchNormSetup, training: bool | None = None) -> BatchNormTrace:
    return batchnorm_trace(s.X, s.gamma, s.beta, s.running_mean, s.running_var,
                           s.training if training is None else training, s.momentum, s.eps)


def batchnorm_view(view: str, link: bool = True, conceal: Conceal = SHOW_ALL) -> None:
    """link=False: embedded on another page (/learn), whose URL says something else.
    conceal: a lesson's hold on the stepper (and its table of every feature) until its
    checkpoint is tried (ui.highlight.Conceal.walk_cap)."""
    s = os_.batchnorm_setup()
    mode = "train" if s.training else "eval"
    # presenter mode, step by step: the introduction and the grids fold away, so the stepper
    # and its step fit the projector's screen
    with folded_when_presenting("What it does, and the numbers: X, γ, β, running_mean, "
                                "running_var") if view == "steps" else nullcontext():
        st.markdown(
            f"**torch.nn.BatchNorm1d in {mode} mode**, per feature (column): subtract the "
            "mean, divide by the standard deviation, then scale by γ and shift by β, so every "
            "feature reaches the next layer with a similar range.")
        if shown("editor"):  # a class link may hide the grids
            editors()
    trace = trace_of(s)
    if view == "steps":
        steps_part(trace, link, conceal)
    elif view == "modes":
        modes_part(s)
    elif view == "one":
        batch_of_one_part(s)
    elif view == "bias":
        bias_part(s)
    else:
        backward_part(s)


def steps_signature(trace: BatchNormTrace) -> tuple:
    """What the stepper keys its position on: every number it walks (it restarts on a change)."""
    return os_.signature("bn", trace.training, trace.X, trace.momentum, trace.eps,
                         *(np.array([f.gamma, f.beta, f.running_mean_before, f.running_var_before])
                           for f in trace.features))


def steps_part(trace: BatchNormTrace, link: bool = True, conceal: Conceal = SHOW_ALL) -> None:
    if trace.refusal is not None:
        refusal_message()
        return
    steps = steps_of(trace)
    sig = steps_signature(trace)

    def render(k: int) -> None:
        current = steps[k - 1] if k else None
        j = current[0] if current else 0
        done = {stage for jj, stage in steps[:k] if jj == j}
        fig = batchnorm_figure(trace.features[j], trace.training, done,
                               current[1] if current else None)
        figure_side, formula_side = figure_and_formula((1, 1))
        with figure_side:
            st.markdown(f"**Feature {j + 1}**" + (f" of {len(trace.features)}"
                                                   if len(trace.features) > 1 else ""))
            st.plotly_chart(fig, width="stretch", key="ops_bn_figure",
                            config={"displayModeBar": False, "staticPlot": True})
            st.caption(BN_LEGEND[trace.training])
        with formula_side:
            if current is None:
                st.markdown("Press **Next**: feature 1's mean first, then each step of its "
                            "normalization; then feature 2, and so on.")
                return
            j, stage = current
            st.markdown(f"**Feature {j + 1}: {STAGE_TITLES[stage]}**")
            formula_lines(step_latex(trace, j, stage))
            note = STAGE_NOTES.get(stage)
            if note:
                st.caption(note.format(m=fmt(trace.momentum), eps=fmt(trace.eps)))

    stepper_at("ops_bn", "batchnorm", len(steps), sig, render, url=link, cap=conceal.walk_cap,
               cap_note=conceal.walk_note)
    with st.expander("Every feature at once", icon=":material/table:"):
        if conceal.holds_walk:  # the whole walk's results: the checkpoint's answer among them
            st.caption(CONCEALED_NOTE)
            return
        st.table(stats_table(trace))
        st.markdown("**Outputs y**")
        st.table(_output_table(trace.Y))


def stats_table(trace: BatchNormTrace) -> pd.DataFrame:
    rows = []
    for f in trace.features:
        rows.append({"feature": str(f.j + 1), "batch mean": fmt(f.batch_mean),
                     "batch var (÷B, normalizes)": fmt(f.batch_var),
                     "unbiased var (÷(B−1))": fmt(f.unbiased_var),
                     "running_mean before → after": f"{fmt(f.running_mean_before)} → "
                                                    f"{fmt(f.running_mean_after)}",
                     "running_var before → after": f"{fmt(f.running_var_before)} → "
                                                   f"{fmt(f.running_var_after)}"})
    return pd.DataFrame(rows).set_index("feature")


def _output_table(Y: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame([[fmt(v) for v in row] for row in Y],
                        index=[f"row {r + 1}" for r in range(Y.shape[0])],
                        columns=[f"y{j + 1}" for j in range(Y.shape[1])])


@unless_locked
def _train_repeatedly(times: int) -> None:
    s = os_.batchnorm_setup()
    rm, rv = s.running_mean, s.running_var
    for _ in range(times):
        t = batchnorm_trace(s.X, s.gamma, s.beta, rm, rv, True, s.momentum, s.eps)
        if t.refusal is not None:
            return
        rm, rv = t.running_mean, t.running_var
    os_.set_array("batchnorm", "running_mean", rm)
    os_.set_array("batchnorm", "running_var", rv)


@unless_locked
def _reset_running() -> None:
    F = os_.array("batchnorm", "X").shape[1]
    os_.set_array("batchnorm", "running_mean", np.zeros(F))
    os_.set_array("batchnorm", "running_var", np.ones(F))


def modes_part(s: os_.BatchNormSetup) -> None:
    train, evals = trace_of(s, True), trace_of(s, False)
    st.markdown(
        "**Train mode** normalizes with this batch's own mean and variance and moves the "
        "running statistics; **eval mode** normalizes with the running statistics and changes "
        "nothing. The same X gives different outputs:")
    c1, c2 = st.columns(2, gap="medium")
    with c1:
        st.markdown("**Train mode** (batch statistics)")
        if train.Y is None:
            refusal_message()
        else:
            st.table(_output_table(train.Y))
    with c2:
        st.markdown("**Eval mode** (running statistics)")
        st.table(_output_table(evals.Y))
    if train.Y is not None:
        gap = float(np.max(np.abs(train.Y - evals.Y)))
        st.markdown(f"Largest difference between the two: **{fmt(gap)}**. A model must be "
                    "switched to eval (`model.eval()`) before it predicts: otherwise one "
                    "example's prediction depends on the other examples in its batch, and a "
                    "single example (a batch of one) cannot be normalized at all.")
    st.markdown("**The statistics**")
    st.table(stats_table(train))
    st.caption("The running variance moves toward the unbiased variance (÷(B−1)), while "
               "normalizing uses the biased one (÷B): the batch's own spread, versus an estimate "
               "of the spread of all the data.")
    b1, b2, b3 = st.columns(3)
    lock = locked()  # the running statistics are part of the link: a teacher's lock keeps them
    b1.button("Train on this batch once", key="ops_bn_train1", on_click=_train_repeatedly,
              args=(1,), icon=":material/play_arrow:", width="stretch", disabled=lock,
              help="running statistics ← their value after one training pass on this batch")
    b2.button("Train on it 20 times", key="ops_bn_train20", on_click=_train_repeatedly,
              args=(20,), icon=":material/fast_forward:", width="stretch", disabled=lock)
    b3.button("Reset running statistics", key="ops_bn_reset_running", on_click=_reset_running,
              icon=":material/restart_alt:", width="stretch", help="running_mean 0, running_var 1",
              disabled=lock)
    st.caption("Training on the same batch again and again moves the running mean toward the "
               "batch mean and the running variance toward the unbiased variance; the eval "
               "outputs then come close to the train outputs (but not equal: ÷B vs ÷(B−1)).")


def refusal_message() -> None:
    st.error("A batch of one row cannot be normalized in train mode. PyTorch refuses it "
             "(“Expected more than 1 value per channel when training”): the mean is the row "
             "itself, every deviation is 0, the variance is 0, and the unbiased variance "
             "divides by B − 1 = 0. Add a row, or switch to eval mode (running statistics).",
             icon=":material/block:")


def batch_of_one_part(s: os_.BatchNormSetup) -> None:
    row = s.X[:1]
    t = batchnorm_trace(row, s.gamma, s.beta, s.running_mean, s.running_var, True,
                        s.momentum, s.eps)
    st.markdown(f"The first row of X on its own, **x = ({', '.join(fmt(v) for v in row[0])})**, "
                "as a batch of one in train mode:")
    st.table(pd.DataFrame([{"feature": str(f.j + 1), "x": fmt(f.values[0]),
                            "batch mean": fmt(f.batch_mean), "x − mean": fmt(f.deviations[0]),
                            "biased var": fmt(f.batch_var), "unbiased var": "÷ 0: undefined"}
                           for f in t.features]).set_index("feature"))
    refusal_message()
    st.markdown(
        "Even if it were allowed, x̂ = 0 / √(0 + ε) = 0 for every feature, so y = β whatever x "
        f"is (β = {', '.join(fmt(v) for v in s.beta)}): the layer would forget its input. "
        "In eval mode the same row is fine, because the running statistics do not depend on it:")
    ev = batchnorm_trace(row, s.gamma, s.beta, s.running_mean, s.running_var, False,
                         s.momentum, s.eps)
    st.table(_output_table(ev.Y))


def bias_part(s: os_.BatchNormSetup) -> None:
    F = s.X.shape[1]
    c = np.array([10.0, -4.0, 2.5, -1.0, 7.0, 3.0][:F])
    r = bias_redundancy(s.X, c, s.gamma, s.beta, s.momentum, s.eps)
    if r.plain.Y is None:
        refusal_message()
        return
    st.markdown(
        "A Linear layer before batch norm adds its bias c to every row. Adding c to a feature "
        "moves its batch mean by exactly c, so x − mean — and therefore x̂ and y — do not change: "
        f"the bias is redundant. Here c = ({', '.join(fmt(v) for v in c)}):")
    st.table(pd.DataFrame([{"feature": str(a.j + 1), "c": fmt(cj),
                            "mean of x": fmt(a.batch_mean), "mean of x + c": fmt(b.batch_mean),
                            "x − mean (row 1)": fmt(a.deviations[0]),
                            "(x + c) − mean (row 1)": fmt(b.deviations[0]),
                            "y (row 1)": fmt(a.y[0]), "y with c (row 1)": fmt(b.y[0])}
                           for a, b, cj in zip(r.plain.features, r.shifted.features, c,
                                               strict=True)]).set_index("feature"))
    st.markdown(f"Largest change in any output: **{fmt(r.max_output_change)}** (floating-point "
                "rounding at most). That is why a Linear layer followed by BatchNorm1d is "
                "usually built with `bias=False`: β plays the bias's role.")


def backward_part(s: os_.BatchNormSetup) -> None:
    if s.training and s.X.shape[0] < 2:
        refusal_message()
        return
    g = batchnorm_gradients(s.X, s.gamma, s.beta, s.running_mean, s.running_var, s.training,
                            s.momentum, s.eps)
    st.markdown(
        "The loss here is L = Σ G ⊙ y for the fixed numbers G below, so dL/dy = G. "
        "BatchNorm1d.backward gives dL/dx, dL/dγ and dL/dβ; beside each is its central-"
        "difference estimate (L(x + h) − L(x − h)) / 2h from the core's gradcheck, h = 1e-6.")
    if s.training:
        st.caption("In train mode every x_r moves the mean and variance too, so dL/dx is not "
                   "just G·γ/σ: dL/dx = (γ/σ)·(G − mean(G) − x̂·mean(G·x̂)), per feature.")
    else:
        st.caption("In eval mode the statistics are constants: dL/dx = G·γ/√(running_var + ε).")
    rel, agree = g.rel_dX, g.agree_dX()
    rows = []
    B, F = s.X.shape
    for r in range(B):
        for j in range(F):
            rows.append({"element": f"x[{r + 1},{j + 1}]", "G = dL/dy": fmt(g.G[r, j]),
                         "dL/dx (backward)": fmt(g.dX[r, j]),
                         "finite difference": fmt(g.dX_numeric[r, j]),
                         "relative error": f"{rel[r, j]:.1e}",
                         "agree": "yes" if agree[r, j] else "NO"})
    st.table(pd.DataFrame(rows).set_index("element"))
    params = []
    for j in range(F):
        params.append({"parameter": f"γ{j + 1}", "backward": fmt(g.dgamma[j]),
                       "finite difference": fmt(g.dgamma_numeric[j])})
        params.append({"parameter": f"β{j + 1}", "backward": fmt(g.dbeta[j]),
                       "finite difference": fmt(g.dbeta_numeric[j])})
    st.table(pd.DataFrame(params).set_index("parameter"))
    st.markdown(f"Largest relative error: **{g.max_rel_error:.1e}**. “agree” uses the core's "
                "gradcheck rule: |backward − estimate| ≤ 1e-7 + 1e-5·(|backward| + |estimate|), "
                "so a gradient that is 0 up to rounding noise (a few 1e-6 here) still agrees.")
