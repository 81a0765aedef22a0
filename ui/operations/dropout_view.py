"""op=dropout: torch.nn.Dropout on numbers the learner types — the mask from the seed, unit by
unit; the average over N masks approaching x; eval mode's identity and the bug of predicting
in train mode. Every number comes from core.trace.ops_dropout (the trainer's Dropout)."""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np
import pandas as pd
import streamlit as st

from core import dropout_average, dropout_trace
from core.trace.ops_dropout import DropoutTrace, calls_in_mode
from ui.cell_grid import cell_grid
from ui.classroom.present import presenting
from ui.classroom.present_fold import figure_and_formula, folded_when_presenting
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.figures.ops_charts import dropout_average_figure
from ui.figures.ops_grids import DROPOUT_LEGEND, dropout_figure
from ui.format import fmt
from ui.highlight import SHOW_ALL, Conceal
from ui.operations import state as os_
from ui.operations.common import show_array_error, stepper_at

P_NOTE = ("**p is the probability of dropping** a unit, as in PyTorch's `nn.Dropout(p)` "
          "(some texts, and the original paper, use p for the probability of *keeping*).")


def editors(sidebar: bool = True) -> None:
    """sidebar=False: embedded without the page's sidebar (no size controls to point to)."""
    x = os_.array("dropout", "x")
    one_row = "**Input x** (one row; add rows in the sidebar for a batch X)" if sidebar else \
        "**Input x** (one row)"
    st.markdown(one_row if x.shape[0] == 1 else "**Batch X** (a row per example)")
    cell_grid("x", x, os_.grid_store("dropout"))
    show_array_error("x")


@unless_locked
def _another_mask() -> None:
    os_.put("seed", (int(os_.get("seed")) + 1) % (os_.MAX_SEED + 1))


def dropout_view(view: str, link: bool = True, conceal: Conceal = SHOW_ALL) -> None:
    """link=False: embedded on another page (/learn), whose URL says something else.
    conceal: a lesson's hold on the mask's stepper until its checkpoint is tried
    (ui.highlight.Conceal.walk_cap)."""
    s = os_.dropout_setup()
    scale = 1 / (1 - s.p)
    # presenter mode, the mask stepper: the introduction and the grid fold away, so the
    # stepper and its step fit the projector's screen
    # stepper and its step fit the projector's screen (the seed's row goes in the same box)
    folded = view == "steps" and presenting()
    with folded_when_presenting("What it does, the numbers: x, and another mask") \
            if view == "steps" else nullcontext():
        st.markdown(P_NOTE + f" In train mode each unit is kept with probability 1 − p = "
                    f"{fmt(1 - s.p)} and a kept value is multiplied by 1/(1 − p) = "
                    f"{fmt(scale)} (inverted dropout), so the expected output is x itself; "
                    "eval mode passes x through unchanged.")
        if shown("editor"):  # a class link may hide the grids
            editors(sidebar=link)
        if folded:
            _mask_row(dropout_trace(s.X, s.p, s.seed, s.training))
    if view == "steps":
        steps_part(dropout_trace(s.X, s.p, s.seed, s.training), link, mask_row=not folded,
                   hold=conceal)
    elif view == "average":
        average_part(s)
    else:
        bug_part(s)


def steps_part(trace: DropoutTrace, link: bool = True, mask_row: bool = True,
               hold: Conceal = SHOW_ALL) -> None:
    """mask_row=False: the seed's row is drawn elsewhere (presenter mode's folded box).
    hold: a lesson's stop for the stepper (Conceal.walk_cap, walk_note; ui.stepper)."""
    if mask_row:
        _mask_row(trace)
    if not trace.training:
        st.info("Eval mode: nothing is drawn and nothing is dropped or scaled, y = x. "
                "(`model.eval()` switches every Dropout layer off.)", icon=":material/info:")
        st.table(_table(trace.Y, "y"))
        return
    _mask_stepper(trace, link, hold)


def _mask_row(trace: DropoutTrace) -> None:
    """The seed, how many units it keeps, and the button for the next seed."""
    c1, c2 = st.columns([1, 2], vertical_alignment="center")
    c1.button("Draw another mask", key="ops_do_another", on_click=_another_mask,
              icon=":material/casino:", width="stretch", disabled=not trace.training or locked(),
              help="The next seed: a new set of random draws u")
    c2.markdown(f"Seed **{trace.seed}** · kept **{trace.kept}** of {trace.X.size} units")


def _mask_stepper(trace: DropoutTrace, link: bool, hold: Conceal = SHOW_ALL) -> None:
    total = int(trace.X.size)
    sig = steps_signature(trace)
    B, F = trace.X.shape

    def render(k: int) -> None:
        r, c = divmod(k - 1, F) if k else (0, -1)
        fig = dropout_figure(trace.X[r], trace.draws[r], trace.keep[r], trace.Y[r], trace.p,
                             trace.scale, c + 1, c if k else None)
        figure_side, formula_side = figure_and_formula((1, 1))
        with figure_side:
            if B > 1:
                st.markdown(f"**Row {r + 1}** of {B}")
            st.plotly_chart(fig, width="stretch", key="ops_do_figure",
                            config={"displayModeBar": False, "staticPlot": True})
            st.caption(DROPOUT_LEGEND)
        if not k:
            with formula_side:
                st.markdown("Press **Next**: each unit draws u from U[0, 1) with the seeded "
                            "generator, is kept when u ≥ p, and a kept value is scaled.")
            return
        where = f"x_{{{c + 1}}}" if B == 1 else f"x_{{{r + 1},{c + 1}}}"
        with formula_side:
            _unit_latex(trace, r, c, where)

    stepper_at("ops_do", "dropout", total, sig, render, url=link, cap=hold.walk_cap,
               cap_note=hold.walk_note)


def _unit_latex(trace: DropoutTrace, r: int, c: int, where: str) -> None:
    """Unit (r, c)'s draw u, keep or drop, and its output y."""
    u, x, y = trace.draws[r, c], trace.X[r, c], trace.Y[r, c]
    if trace.keep[r, c]:
        st.latex(rf"u = {fmt(round(float(u), 6))} \ge p = {fmt(trace.p)}\ \Rightarrow\ "
                 rf"\text{{keep: }} y = {where}\cdot\tfrac{{1}}{{1 - {fmt(trace.p)}}} = "
                 rf"{fmt(x)}\cdot{fmt(trace.scale)} = {fmt(y)}")
    else:
        st.latex(rf"u = {fmt(round(float(u), 6))} < p = {fmt(trace.p)}\ \Rightarrow\ "
                 rf"\text{{drop: }} y = 0")


def steps_signature(trace: DropoutTrace) -> tuple:
    """What the mask stepper keys its position on (it restarts when one of them changes)."""
    return os_.signature("do", trace.X, trace.p, trace.seed)


def _table(Y: np.ndarray, name: str) -> pd.DataFrame:
    return pd.DataFrame([[fmt(v) for v in row] for row in Y],
                        index=[f"row {r + 1}" for r in range(Y.shape[0])],
                        columns=[f"{name}{j + 1}" for j in range(Y.shape[1])])


def average_part(s: os_.DropoutSetup) -> None:
    avg = dropout_average(s.X, s.p, s.seed, s.masks)
    st.markdown(f"The running mean of the outputs over N = 1 … {avg.n} masks (new random draws "
                "each time) for row 1. Each output is x/(1 − p) or 0, and on average x: the "
                "mean approaches x as N grows, about as fast as 1/√N.")
    st.plotly_chart(dropout_average_figure(s.X[0], avg.means[:, 0, :]), width="stretch",
                    key="ops_do_average", config={"displayModeBar": False})
    marks = [n for n in (1, 10, 100, 1000, avg.n) if n <= avg.n]
    marks = sorted(set(marks))
    st.table(pd.DataFrame([{"masks N": str(n),
                            "mean (row 1)": ", ".join(fmt(round(float(v), 4))
                                                      for v in avg.means[n - 1, 0]),
                            "largest |mean − x|": fmt(round(float(avg.gap[n - 1]), 4))}
                           for n in marks]).set_index("masks N"))
    st.caption("Change N with “Masks N” in the sidebar (up to 5000), and the seed for "
               "another sequence of masks.")


def _predict_again() -> None:
    os_.put("calls", min(int(os_.get("calls")) + 1, 20))


def _reset_calls() -> None:
    os_.put("calls", 1)


def bug_part(s: os_.DropoutSetup) -> None:
    st.markdown(
        "**The classic bug: predicting with the model still in train mode.** Dropout keeps "
        "drawing new masks, so the same input gives a different prediction on every call. "
        "In eval mode the prediction is x every time.")
    b1, b2 = st.columns(2)
    b1.button("Predict again", key="ops_do_predict", on_click=_predict_again,
              icon=":material/replay:", width="stretch", disabled=s.calls >= 20)
    b2.button("Start over", key="ops_do_calls_reset", on_click=_reset_calls,
              icon=":material/restart_alt:", width="stretch")
    train = calls_in_mode(s.X[:1], s.p, s.seed, s.calls, training=True)
    evals = calls_in_mode(s.X[:1], s.p, s.seed, s.calls, training=False)
    rows = []
    for c in range(s.calls):
        rows.append({"call": str(c + 1),
                     "train mode (bug)": ", ".join(fmt(v) for v in train[c, 0]),
                     "eval mode": ", ".join(fmt(v) for v in evals[c, 0])})
    st.table(pd.DataFrame(rows).set_index("call"))
    distinct = len({tuple(row[0]) for row in train})
    st.markdown(f"{s.calls} call{'s' if s.calls != 1 else ''}: **{distinct}** different "
                f"train-mode prediction{'s' if distinct != 1 else ''}, **1** in eval mode. "
                "Call `model.eval()` before predicting (and `model.train()` to train again).")
