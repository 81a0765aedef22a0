"""topic=cnn: a 4 x 4 image -> flatten -> Linear(16, 3) -> softmax (a CNN's classifier head),
then a 1 x 1 convolution computed as its definition and as one Linear at every pixel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.concepts import (
    CLASSES,
    HEAD_W,
    IMAGE_LABELS,
    IMAGE_PRESETS,
    conv_trace,
    head_trace,
)
from ui import marks
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.concepts import state as cs
from ui.concepts.link import share_box
from ui.concepts.widgets import (
    array_grid,
    latex_matrix,
    number_table,
    reset_button,
    terms_latex,
)
from ui.figures.value_heatmaps import value_heatmaps
from ui.format import fmt
from ui.highlight import NONE, SHOW_ALL, Conceal, Highlight
from ui.marks import part
from ui.whole_number import whole_number_box
from ui.wrap_row import wrap_row


@unless_locked
def _load_image() -> None:
    cs.set_array("image", IMAGE_PRESETS[st.session_state["concepts_image_preset"]])


def _set_pixel_row(row: int) -> None:
    st.session_state[cs.KEY_PIXEL] = (row - 1, st.session_state[cs.KEY_PIXEL][1])


def _set_pixel_col(col: int) -> None:
    st.session_state[cs.KEY_PIXEL] = (st.session_state[cs.KEY_PIXEL][0], col - 1)


def cnn_view(link: bool = True, highlight: Highlight = NONE, conceal: Conceal = SHOW_ALL
             ) -> None:
    """link=False: embedded on another page (/learn), whose URL says something else.
    highlight: what a lesson step's text refers to (a class's score, the convolution).
    conceal: the convolution's output channels ("out[3]") written "?" until a lesson's
    checkpoint is answered."""
    st.markdown("A CNN ends like CNN Explainer's classifier: the last feature map is "
                "**flattened** into one vector and a **Linear** layer gives one score per "
                "class; **softmax** turns the scores into probabilities. Here the \"feature "
                "map\" is a 4 × 4 image you can edit.")
    left, right = wrap_row(["content", 320], gap="large")
    with left:
        array_grid("image", "Image (4 × 4)", "Row r, column c: the pixel's brightness.")
    with right:
        if shown("settings"):
            st.selectbox("Image preset", list(IMAGE_PRESETS), format_func=IMAGE_LABELS.get,
                         key="concepts_image_preset", disabled=locked())
            st.button("Load this image", key="concepts_image_load", on_click=_load_image,
                      icon=":material/download:", disabled=locked())
        reset_button("cnn")
    h = head_trace(cs.get("image"))
    maps = [(h.image, "your image")] + [(row.reshape(4, 4), f"weights: {c}")
                                        for row, c in zip(HEAD_W, CLASSES, strict=True)]
    _heatmap_row(maps, "concepts_cnn_map")
    st.caption("Your image and each row of the Linear's weight W (3 × 16), drawn as a 4 × 4 "
               "picture: a class's score is large when the image looks like its template.")
    st.markdown("##### flatten → Linear(16, 3) → softmax")
    st.latex(r"x = \mathrm{flatten}(\text{image}) = (" +
             ", ".join(fmt(v) for v in h.flat) + r")\quad(16\ \text{numbers, row by row})")
    for out, name in zip(h.scores.outputs, CLASSES, strict=True):
        st.latex(terms_latex(out.terms, out.bias, out.z, rf"z_{{\text{{{name}}}}}",
                             skip_zero_inputs=True))
    st.caption("Terms with a 0 pixel are left out (they add 0); all 16 are in the table below.")
    probs = pd.DataFrame({"score z": [fmt(v) for v in h.scores.z],
                          "softmax probability": [f"{100 * v:.1f} %" for v in h.probabilities]},
                         index=list(CLASSES))
    c1, c2 = st.columns([1, 1])
    c1.table(marks.table(probs, marks.rows_of(highlight.cells("score", (len(CLASSES),)), 2)))
    top = [CLASSES[i] for i, v in enumerate(h.probabilities) if v == h.probabilities.max()]
    c2.metric("Prediction", top[0] if len(top) == 1 else "a tie: " + " / ".join(top))
    with st.expander("All 16 products of each score"):
        number_table(HEAD_W * h.flat, list(CLASSES), [f"x{j + 1}" for j in range(16)])
    with part(highlight, "convolution"):
        _conv(conceal)
    if link:
        share_box("cnn")


def _conv(conceal: Conceal = SHOW_ALL) -> None:
    st.markdown("##### A 1 × 1 convolution is the same Linear at every pixel")
    row, col = st.session_state[cs.KEY_PIXEL]
    t = conv_trace(cs.get("image"), row, col)
    # a concealed channel is held back everywhere: every pixel uses the same weights, so
    # another pixel with the same inputs would show the answer
    hidden = {i for i, _ in conceal.cells("out", (len(t.pixel_trace.outputs),))}
    st.markdown("The feature map has 2 channels (channel 1: your image; channel 2: 1 − image). "
                "A 1 × 1 convolution with 3 output channels has a weight of shape (3, 2, 1, 1) "
                "and a bias of 3: at each pixel it mixes that pixel's 2 channel values, "
                "exactly **Linear(2, 3)** with weight = conv.weight[:, :, 0, 0].")
    st.latex(rf"\text{{weight}} = {latex_matrix(t.weight)},\quad \text{{bias}} = "
             rf"{latex_matrix(t.bias)}")
    c1, c2 = st.columns(2)
    whole_number_box("Pixel row", "concepts_pixel_row", row + 1, 1, 4, _set_pixel_row,
                     where=c1)
    whole_number_box("Pixel column", "concepts_pixel_col", col + 1, 1, 4, _set_pixel_col,
                     where=c2)
    for out in t.pixel_trace.outputs:
        st.latex(terms_latex(out.terms, out.bias, out.z,
                             rf"\text{{out}}_{{{out.i + 1}}}[{row + 1},{col + 1}]",
                             hide_result=out.i in hidden))
    _heatmap_row([(t.direct[o], f"out channel {o + 1}") for o in range(3)],
                 "concepts_conv_map", frozenset(hidden))
    st.caption("The three output channels, from the convolution's definition.")
    st.success(f"Computed both ways (the convolution's definition, and core.Linear on the 16 "
               f"pixels as a batch of 16 × 2): largest difference {fmt(t.max_difference, 3)}.",
               icon=":material/check_circle:")


def _heatmap_row(maps, key: str, concealed: frozenset[int] = frozenset()) -> None:
    """One small value heatmap per column (the columns stack on a phone, so each stays
    readable); one colour scale for the row; the maps in `concealed` read "?"."""
    scale = max(float(abs(g).max()) for g, _ in maps) or 1.0
    for k, (col, (grid, title)) in enumerate(zip(st.columns(len(maps)), maps, strict=True)):
        col.plotly_chart(value_heatmaps([grid], [title], height=280, scale=scale,
                                        colorbar=False,
                                        concealed=frozenset({0}) if k in concealed else
                                        frozenset()),
                         width="stretch", key=f"{key}_{k}",
                         config={"displayModeBar": False, "staticPlot": True})
