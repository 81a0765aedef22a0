"""topic=collapse: two linear layers collapse into one, W = W2 W1 and b = W2 b1 + b2, step by
step; an activation between them breaks it (the difference and the bent grid show it)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core import ACTIVATION_LABELS
from core.concepts import CollapseTrace, collapse_trace, warped_grid
from core.concepts.collapse_training import one_step_comparison
from ui.classroom.present_fold import folded_when_presenting
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.concepts import state as cs
from ui.concepts.link import restore_step, share_box
from ui.concepts.widgets import array_grid, latex_matrix, reset_button
from ui.figures.warped_grid import common_half, warped_grid_figure
from ui.format import fmt, latex_num, latex_term
from ui.stepper import stepper
from ui.widget_sync import show
from ui.wrap_row import wrap_row

STEP_PREFIX = "concepts_collapse_step"


# Presets: (label, W1, b1, W2, b2); x is kept.
PRESETS = {
    "undo": ("W2 undoes W1 (W = I)", [[2, 1], [1, 1]], [0, 0], [[1, -1], [-1, 2]], [0, 0]),
    "squash": ("W1 squashes the plane to a line", [[1, 1], [1, 1]], [0, 0], [[1, 0], [0, 1]],
               [0, 0]),
}


@unless_locked
def _load_preset(name: str) -> None:
    _, W1, b1, W2, b2 = PRESETS[name]
    for key, value in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2)):
        cs.set_array(key, np.array(value, dtype=np.float64))


@unless_locked
def _on_act() -> None:
    st.session_state[cs.KEY_ACT] = st.session_state["concepts_act_select"]


def collapse_view(link: bool = True) -> None:
    """link=False: embedded on another page (/learn), whose URL says something else."""
    # presenter mode: the introduction and the grids fold away, so the stepper and its step
    # fit the projector's screen
    with folded_when_presenting(
            "What it shows, and the numbers: W1, b1, W2, b2, x, and the collapsed layer W, b"):
        st.markdown("Two layers, **z = W2 · f(W1 x + b1) + b2**. With no activation (f = identity) "
                    "they are one layer in disguise: **W2(W1 x + b1) + b2 = (W2 W1) x + "
                    "(W2 b1 + b2)**. Edit any number and watch.")
        cols = wrap_row(["content"] * 4)
        specs = (("W1", "W1 (layer 1)", "Row i: the weights into hidden unit i."),
                 ("b1", "b1", "Layer 1's biases."),
                 ("W2", "W2 (layer 2)", "Row i: the weights from the hidden units into output i."),
                 ("b2", "b2", "Layer 2's biases."))
        for col, (name, label, help_text) in zip(cols, specs, strict=True):
            with col:
                array_grid(name, label, help_text)
        act = show("concepts_act_select", st.session_state[cs.KEY_ACT])
        x_col, a_col, r_col = wrap_row(["content", "content", "content"], gap="large",
                                       vertical_alignment="bottom")
        with x_col:
            array_grid("x", "x", "The input.")
        if shown("settings"):
            a_col.segmented_control(
                "Activation f between the layers", cs.COLLAPSE_ACTS, key="concepts_act_select",
                default=act, format_func=ACTIVATION_LABELS.get, on_change=_on_act, required=True,
                disabled=locked())
        with r_col:
            reset_button("collapse")
        p_cols = st.columns(len(PRESETS)) if shown("settings") else []
        for col, (name, (label, *_)) in zip(p_cols, PRESETS.items(), strict=False):
            col.button(label, key=f"concepts_collapse_{name}", on_click=_load_preset, args=(name,),
                       width="stretch", help="Load these layers (x and the activation stay).",
                       disabled=locked())
        act = st.session_state[cs.KEY_ACT]
        t = collapse_trace(cs.get("W1"), cs.get("b1"), cs.get("W2"), cs.get("b2"), cs.get("x"),
                           act)
        _equality(t)
        _grids(t)
        if act == "linear":
            _training(t)
    st.markdown("##### Step by step: every product of W = W2 W1 and b = W2 b1 + b2")
    steps = collapse_steps(t)
    signature = ("collapse", cs.version(), act)
    if link:
        restore_step(STEP_PREFIX, len(steps), signature)
    stepper(STEP_PREFIX, len(steps), signature, lambda k: _render_step(t, steps, k, link))


def _equality(t: CollapseTrace) -> None:
    left, right = st.columns(2, gap="large")
    with left:
        st.latex(rf"W = W_2 W_1 = {latex_matrix(t.W)}")
        st.latex(rf"b = W_2 b_1 + b_2 = {latex_matrix(t.b)}")
        two = "W_2 f(W_1 x + b_1) + b_2" if t.act != "linear" else "W_2 (W_1 x + b_1) + b_2"
        st.latex(rf"{two} = {latex_matrix(t.layer2.z)}")
        st.latex(rf"W x + b = {latex_matrix(t.single.z)}")
    with right:
        diff = t.max_difference
        st.metric("Largest difference between the two", fmt(diff, 3),
                  help="max |two layers − one layer| over the outputs, for this x.")
        if t.act == "linear":
            st.success("Equal (up to rounding in the last binary digit of a float64, about "
                       "1e-16): two linear layers are one linear layer.",
                       icon=":material/check_circle:")
        elif diff == 0:
            st.info(f"Equal at this x: every hidden value W1 x + b1 is in the part where "
                    f"{ACTIVATION_LABELS[t.act]} changes nothing here. The grid below still "
                    "bends; try another x.", icon=":material/info:")
        else:
            st.warning(f"Not equal: {ACTIVATION_LABELS[t.act]} between the layers bends the "
                       "map, and no single W x + b can do that.", icon=":material/warning:")
        hidden = ", ".join(f"{fmt(z)} → {fmt(a)}" for z, a in zip(t.layer1.z, t.layer1.a,
                                                                   strict=True))
        st.caption(f"Hidden layer W1 x + b1 → f: {hidden}")


def _training(t: CollapseTrace) -> None:
    """One SGD step for the two-layer linear network and for its collapsed single layer."""
    st.markdown("##### Same functions, different training")
    c = one_step_comparison(cs.get("W1"), cs.get("b1"), cs.get("W2"), cs.get("b2"))
    st.markdown(f"Even with no activation, the two layers **train differently** from the one "
                f"layer they equal: one SGD step (learning rate {fmt(c.lr)}, mean squared "
                "error on 4 points whose targets swap x1 and x2) from the same function:")
    st.latex(rf"\text{{two layers, collapsed after the step: }} W = "
             rf"{latex_matrix(c.W_after_deep)},\ b = {latex_matrix(c.b_after_deep)}")
    st.latex(rf"\text{{one layer after the step: }} W = {latex_matrix(c.W_after_single)},\ "
             rf"b = {latex_matrix(c.b_after_single)}")
    left, right = st.columns([3, 2])
    with left:
        st.table(pd.DataFrame(
            {"loss before": [fmt(c.loss_before)] * 2,
             "loss after one step": [fmt(c.loss_after_deep), fmt(c.loss_after_single)]},
            index=["two layers (W1, b1, W2, b2)", "one layer (W, b)"]))
    with right:
        st.caption(f"The two results differ by up to {fmt(c.max_difference, 3)}: the "
                   "gradient moves W1 and W2, and their product moves differently from W. "
                   "Both can still only ever be some W x + b.")


def _grids(t: CollapseTrace) -> None:
    g = warped_grid(cs.get("W1"), cs.get("b1"), cs.get("W2"), cs.get("b2"), t.act)
    half = common_half(g.deep, g.single)
    left, right = st.columns(2)
    name = "W2 f(W1 p + b1) + b2" if t.act != "linear" else "W2 (W1 p + b1) + b2"
    left.plotly_chart(warped_grid_figure(g.deep, t.layer2.z, f"Two layers: {name}", half),
                      width="stretch", key="concepts_grid_deep",
                      config={"displayModeBar": False, "staticPlot": True})
    right.plotly_chart(warped_grid_figure(g.single, t.single.z, "One layer: W p + b", half),
                       width="stretch", key="concepts_grid_single",
                       config={"displayModeBar": False, "staticPlot": True})
    st.caption("The square grid [−2, 2]² (solid: horizontal lines, dashed: vertical lines) "
               "after each map. A linear map keeps lines straight and evenly spaced; the two "
               "pictures are the same exactly when the activation is linear.")


def collapse_steps(t: CollapseTrace) -> list[tuple[str, int, int, int]]:
    """Stepper positions: ('W', i, j, k) adds W2[i,k]·W1[k,j] to W[i,j]; ('b', i, -1, k) adds
    W2[i,k]·b1[k] to b[i]; ('b+', i, -1, -1) adds b2[i]."""
    n, m = t.W.shape
    h = len(t.W_columns[0].outputs[0].terms)
    steps = [("W", i, j, k) for i in range(n) for j in range(m) for k in range(h)]
    for i in range(n):
        steps += [("b", i, -1, k) for k in range(h)] + [("b+", i, -1, -1)]
    return steps


def _render_step(t: CollapseTrace, steps, k: int, link: bool = True) -> None:
    n, m = t.W.shape
    W_text = [["?"] * m for _ in range(n)]
    b_text = ["?"] * n
    for kind, i, j, kk in steps[:k]:
        if kind == "W":
            term = t.W_columns[j].outputs[i].terms[kk]
            W_text[i][j] = fmt(term.partial_sum) + ("" if kk == len(
                t.W_columns[j].outputs[i].terms) - 1 else " …")
        elif kind == "b":
            b_text[i] = fmt(t.bias.outputs[i].terms[kk].partial_sum) + " …"
        else:
            b_text[i] = fmt(t.bias.outputs[i].z)
    st.latex(step_latex(t, steps, k))
    c1, c2 = st.columns([2, 1])


    c1.table(pd.DataFrame(W_text, index=[f"row {i + 1}" for i in range(n)],
                          columns=[f"W[·,{j + 1}]" for j in range(m)]))
    c2.table(pd.DataFrame({"b": b_text}, index=[f"b{i + 1}" for i in range(n)]))
    if link:
        share_box("collapse", k)


def step_latex(t: CollapseTrace, steps, k: int) -> str:
    if k == 0:
        return (r"\text{Press Next: } W_{ij} = \textstyle\sum_k (W_2)_{ik}(W_1)_{kj},\quad "
                r"b_i = \sum_k (W_2)_{ik}(b_1)_k + (b_2)_i")
    kind, i, j, kk = steps[k - 1]
    if kind == "W":
        out = t.W_columns[j].outputs[i]
        term = out.terms[kk]
        head = (rf"(W_2)_{{{i + 1}{kk + 1}}}(W_1)_{{{kk + 1}{j + 1}}} = {latex_term(term.w)}"
                rf"\cdot{latex_term(term.x)} = {latex_num(term.product)}")
        if kk == 0:
            return head
        total = rf"W_{{{i + 1}{j + 1}}}" if kk == len(out.terms) - 1 else r"\text{running sum}"
        prev = out.terms[kk - 1].partial_sum
        return (rf"{head},\quad {total} = {latex_num(prev)} + {latex_term(term.product)} = "
                rf"{latex_num(term.partial_sum)}")
    out = t.bias.outputs[i]
    if kind == "b":
        term = out.terms[kk]
        head = (rf"(W_2)_{{{i + 1}{kk + 1}}}(b_1)_{{{kk + 1}}} = {latex_term(term.w)}\cdot"
                rf"{latex_term(term.x)} = {latex_num(term.product)}")
        if kk == 0:
            return head
        prev = out.terms[kk - 1].partial_sum
        return (rf"{head},\quad \text{{running sum}} = {latex_num(prev)} + "
                rf"{latex_term(term.product)} = {latex_num(term.partial_sum)}")
    return (rf"b_{{{i + 1}}} = {latex_num(out.weighted_sum)} + (b_2)_{{{i + 1}}} = "
            rf"{latex_num(out.weighted_sum)} + {latex_term(out.bias)} = {latex_num(out.z)}")


