"""Small grids of numbers as heatmaps with each value written in its cell (pure: arrays in,
plotly figure out): the CNN's image, the head's class templates, the 1 x 1 convolution's
channels."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.figures.colors import DIVERGING
from ui.format import fmt
from ui.highlight import CONCEALED

HELD_BACK = [[0.0, "#eeeeee"], [1.0, "#eeeeee"]]  # one light grey: no value to read


def value_heatmaps(grids: list[np.ndarray], titles: list[str], height: int = 260,
                   scale: float | None = None, colorbar: bool = True,
                   concealed: frozenset[int] = frozenset()) -> go.Figure:
    """One heatmap per (h, w) grid side by side, on one symmetric colour scale (`scale`, or
    the largest |value|), values written in the cells (row 1 at the top, as the image is
    drawn). concealed: the indices of grids held back (a lesson's checkpoint asks for
    them): every cell reads "?" on one grey, since a colour would give the value away."""
    scale = scale or max(float(np.max(np.abs(g))) for g in grids) or 1.0
    fig = make_subplots(rows=1, cols=len(grids), subplot_titles=titles,
                        horizontal_spacing=0.04)
    for k, g in enumerate(grids, start=1):
        h, w = g.shape
        hidden = k - 1 in concealed
        fig.add_trace(go.Heatmap(
            z=np.zeros((h, w)).tolist() if hidden else g.tolist(),
            x=[f"c{j + 1}" for j in range(w)], y=[f"r{i + 1}" for i in range(h)],
            text=[[CONCEALED if hidden else fmt(v, 3) for v in row] for row in g],
            texttemplate="%{text}",
            textfont={"size": 15}, colorscale=HELD_BACK if hidden else DIVERGING,
            zmin=-scale, zmax=scale,
            showscale=colorbar and k == len(grids), xgap=2, ygap=2,
            hovertemplate="%{y}, %{x}: %{text}<extra></extra>"), row=1, col=k)
        fig.update_yaxes(autorange="reversed", scaleanchor=f"x{k if k > 1 else ''}",
                         row=1, col=k)
    fig.update_layout(height=height, margin={"l": 30, "r": 10, "t": 40, "b": 20},
                      font={"size": 14}, plot_bgcolor="white")
    return fig
