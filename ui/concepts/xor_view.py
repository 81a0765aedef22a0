"""topic=xor: one neuron never classifies all four XOR points (and why, in numbers); a 2-2-1
network with hand-set weights (OR and NAND into AND) does; then train both on /train."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.concepts import XOR_X, XOR_Y, one_neuron, two_layer_table
from core.concepts.xor import HAND_B1, HAND_B2, HAND_W1, HAND_W2, HIDDEN_NAMES
from core.trace.geometry import line_points
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.concepts import state as cs
from ui.concepts.link import share_box
from ui.concepts.widgets import array_grid, reset_button, signed_sum
from ui.figures.xor_plane import xor_figure
from ui.format import fmt, latex_num, latex_term

NEURON_PRESETS = {"or": ("OR line", [1.0, 1.0], [-0.5]),
                  "and": ("AND line", [1.0, 1.0], [-1.5]),
                  "diagonal": ("x1 − x2", [1.0, -1.0], [-0.5])}
TRAIN_LINKS = (("0 hidden layers (one neuron)", {"data": "xor", "hidden": "none"}),
               ("1 hidden layer of 4 tanh units", {"data": "xor", "hidden": "4", "act": "tanh"}))


@unless_locked
def _load(name: str) -> None:
    _, w, b = NEURON_PRESETS[name]
    cs.set_array("w", np.array(w))
    cs.set_array("bias", np.array(b))


def xor_view() -> None:
    st.markdown("XOR is 1 when exactly one input is 1. **One neuron** predicts class 1 where "
                "z = w1·x1 + w2·x2 + b > 0, i.e. on one side of a straight line. Try to get "
                "all four points right.")
    left, right = st.columns([1, 1.3], gap="large")
    with left:
        g1, g2 = st.columns(2)
        with g1:
            array_grid("w", "Weights w", "w1 multiplies x1, w2 multiplies x2.")
        with g2:
            array_grid("bias", "Bias b", "The neuron's bias.")
        p = st.columns(len(NEURON_PRESETS)) if shown("settings") else []
        for col, (name, (label, _, _)) in zip(p, NEURON_PRESETS.items(), strict=False):
            col.button(label, key=f"concepts_xor_{name}", on_click=_load, args=(name,),
                       width="stretch", help=f"Load the {label} preset for w and b.",
                       disabled=locked())
        reset_button("xor")
        r = one_neuron(cs.get("w"), cs.get("bias")[0])
        st.metric("Points classified correctly", f"{r.correct} of 4")
        st.table(pd.DataFrame(
            [{"x1": fmt(row.x[0]), "x2": fmt(row.x[1]), "label": str(row.label),
              "z = w·x + b": fmt(row.trace.z[0]), "predicted (z > 0)": str(row.predicted),
              "right?": "yes" if row.correct else "NO"} for row in r.rows]).astype(str))
    with right:
        ticks = np.linspace(-0.5, 1.5, 41)
        gx, gy = np.meshgrid(ticks, ticks)
        grid_z = (r.w[0] * gx + r.w[1] * gy + r.b)
        st.plotly_chart(xor_figure(XOR_X, XOR_Y, [row.correct for row in r.rows],
                                   line_points(r.w, r.b, -0.5, 1.5), ticks, grid_z),
                        width="stretch", key="concepts_xor_plane",
                        config={"displayModeBar": False, "staticPlot": True})
        st.caption("Circles: class 1; squares: class 0; a cross marks a wrong prediction. "
                   "Shading: z (orange z > 0 → predicts 1, blue z < 0 → predicts 0).")
    _why(r)
    _two_layer()
    _train_links()
    share_box("xor")


def _why(r) -> None:
    z = [row.trace.z[0] for row in r.rows]
    st.markdown("##### Why 4 of 4 is impossible for one neuron")
    st.latex(rf"z(0,1) + z(1,0) = {latex_num(z[1])} + {latex_term(z[2])} = "
             rf"{latex_num(r.pair_sums[0])}")
    st.latex(rf"z(0,0) + z(1,1) = {latex_num(z[0])} + {latex_term(z[3])} = "
             rf"{latex_num(r.pair_sums[1])}")
    st.markdown("Both sums are always **w1 + w2 + 2b**, whatever w and b are. Getting all four "
                "right needs z(0,1) > 0 and z(1,0) > 0, so the first sum > 0, and z(0,0) ≤ 0 "
                "and z(1,1) ≤ 0, so the second sum ≤ 0: impossible. No straight line puts "
                "(0,1) and (1,0) on one side and (0,0) and (1,1) on the other.")


def _two_layer() -> None:
    st.markdown("##### A hidden layer fixes it: OR and NAND into AND (hand-set weights)")
    for lhs, w, inputs, b, note in (
            ("h_1", HAND_W1[0], ("x_1", "x_2"), HAND_B1[0], r"\text{OR}"),
            ("h_2", HAND_W1[1], ("x_1", "x_2"), HAND_B1[1], r"\text{NAND}"),
            ("y", HAND_W2[0], ("h_1", "h_2"), HAND_B2[0], r"\text{AND of } h_1, h_2")):
        st.latex(rf"{lhs} = \sigma({signed_sum(w, inputs, b)})\quad({note})")
    rows = two_layer_table()
    st.table(pd.DataFrame(
        [{"x1": fmt(r.x[0]), "x2": fmt(r.x[1]),
          f"h1 = {HIDDEN_NAMES[0]}": fmt(r.hidden.a[0], 4),
          f"h2 = {HIDDEN_NAMES[1]}": fmt(r.hidden.a[1], 4),
          "y (output)": fmt(r.output.a[0], 4), "predicted (y > 0.5)": str(r.predicted),
          "label": str(r.label)} for r in rows]).astype(str))
    right = sum(r.predicted == r.label for r in rows)
    st.caption(f"{right} of 4 right. σ is the sigmoid: the sigmoid between the layers is what "
               "lets the output be a non-linear function of x. Without it, the three neurons "
               "would collapse into one (see Stacking collapses).")


def _train_links() -> None:
    st.markdown("##### Train it yourself")
    cols = st.columns(len(TRAIN_LINKS))
    for col, (label, params) in zip(cols, TRAIN_LINKS, strict=True):
        col.page_link("pages/3_train.py", label=f"Open /train on xor with {label}",
                      icon=":material/model_training:", query_params=params)
    st.caption("With 0 hidden layers the loss stalls and the boundary stays a straight line. "
               "Two hidden units are enough in principle (as above); with 4, training finds a "
               "solution from more starting points.")
