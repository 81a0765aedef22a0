"""Geometry view for 2 inputs: a 2x2 layer maps the plane; a 1x2 layer splits it with a line."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.course.layer_setup import LayerValues
from core.trace.geometry import determinant, grid_points, line_points, transform_points, unit_square
from ui.figures.geometry import PART_TRACES, halfplane_figure, mapping_figure, mark_parts
from ui.format import fmt, linear_text
from ui.highlight import CONCEALED, NONE, SHOW_ALL, Conceal, Highlight
from ui.marks import part


def _marked(highlight: Highlight) -> list[str]:
    return [p for p in PART_TRACES if highlight.has(p)]


def geometry_view(v: LayerValues, highlight: Highlight = NONE, narrow: bool = False,
                  conceal: Conceal = SHOW_ALL) -> None:
    """highlight: parts a lesson step's text refers to (det, square, image, boundary, point,
    z), outlined dashed and named. narrow: the view sits in a narrow column (a lesson's tool
    beside its text): the words go under the picture instead of beside it. conceal: "det"
    or "z" written "?" (the metric, the area sentence, the z on hover) until the step's
    checkpoint is answered."""
    if v.m != 2 or v.n not in (1, 2):
        st.info(
            "The geometry view draws layers with **2 inputs** and **1 or 2 outputs** "
            f"(this one has m = {v.m} inputs and n = {v.n} outputs). Set the sizes in the "
            "sidebar, or load the rotation or shear preset.", icon=":material/info:")
        return
    if v.n == 2:
        _mapping(v, highlight, narrow, conceal)
    else:
        _halfplane(v, highlight, narrow, conceal)
    st.caption("These pictures show z = Wx + b, before the activation.")


def _columns(narrow: bool):
    """The picture's place and its words' place: side by side, or stacked when narrow."""
    return (st.container(), st.container()) if narrow else st.columns([3, 2])


def _mapping(v: LayerValues, highlight: Highlight = NONE, narrow: bool = False,
             conceal: Conceal = SHOW_ALL) -> None:
    square, grid = unit_square(), grid_points()
    det = determinant(v.W)
    z = transform_points(v.W, v.b, v.x[None])[0]
    fig = mapping_figure(square, transform_points(v.W, v.b, square), grid,
                         transform_points(v.W, v.b, grid), v.x, z)
    left, right = _columns(narrow)
    left.plotly_chart(mark_parts(fig, _marked(highlight)), width="stretch",
                      key="geometry_map", config={"displayModeBar": False})
    with right:
        with part(highlight, "det"):
            st.metric("det(W)", CONCEALED if conceal.hides("det") else fmt(det),
                      help="W11·W22 − W12·W21")
        if det == 0:
            st.markdown("det(W) = 0: the layer squashes the plane onto a line (or a point), "
                        "so different inputs can give the same output.")
        else:
            flip = " and **flips** it (negative determinant)" if det < 0 else ""
            area = CONCEALED if conceal.hides("det") else fmt(abs(det))
            st.markdown(f"The unit square (grey, area 1) becomes the orange parallelogram of "
                        f"area |det W| = {area}{flip}. Straight lines stay straight "
                        "and the grid stays evenly spaced: that is what *linear* means.")
        st.markdown(f"The bias b = ({fmt(v.b[0])}, {fmt(v.b[1])}) then shifts every point by "
                    "the same amount (an *affine* map).")


def _halfplane(v: LayerValues, highlight: Highlight = NONE, narrow: bool = False,
               conceal: Conceal = SHOW_ALL) -> None:
    w, b = v.W[0], float(v.b[0])
    z = float(transform_points(v.W, v.b, v.x[None])[0, 0])
    half = max(6.0, float(np.max(np.abs(v.x))) * 1.2)
    ticks = np.linspace(-half, half, 61)
    gx, gy = np.meshgrid(ticks, ticks)
    grid_z = transform_points(v.W, v.b, np.column_stack([gx.ravel(), gy.ravel()]))
    fig = halfplane_figure(w, b, line_points(w, b, -half, half), v.x, z, -half, half,
                           grid_z[:, 0].reshape(gx.shape), ticks,
                           show_z=not conceal.hides("z"))
    left, right = _columns(narrow)
    left.plotly_chart(mark_parts(fig, _marked(highlight)), width="stretch",
                      key="geometry_line", config={"displayModeBar": False})
    with right:
        with part(highlight, "z", "z at your point x"):
            st.metric("z = w·x + b", CONCEALED if conceal.hides("z") else fmt(z))
        if w[0] == 0 and w[1] == 0:
            st.markdown("With w = 0 the output is the bias everywhere: no line.")
        else:
            line = linear_text(w, ["x1", "x2"], b)
            st.markdown(f"The line {line} = 0 splits the plane into a z > 0 side (orange) and "
                        "a z < 0 side (blue), as labelled. A single output neuron can only draw "
                        "one straight line: that is why XOR needs a hidden layer.")
