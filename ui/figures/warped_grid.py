"""The plane's grid after a network (pure: arrays in, plotly figure out).

Horizontal grid lines are solid, vertical ones dashed (the line style, not only the colour,
says which family a line belongs to); the learner's x is a labelled point."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.colors import NEGATIVE, POSITIVE

LAYOUT = {"margin": {"l": 40, "r": 16, "t": 48, "b": 36}, "plot_bgcolor": "white",
          "font": {"size": 15}, "showlegend": False, "height": 420}


def warped_grid_figure(images: np.ndarray, point: np.ndarray, title: str,
                       half: float) -> go.Figure:
    """images: (k, p, 2) the images of k grid lines (the first half horizontal, the rest
    vertical); point: (2,) the image of x; half: the axes show [-half, half]^2."""
    k = images.shape[0]
    data = []
    for idx in range(k):
        horizontal = idx < k // 2
        data.append({"type": "scatter", "x": images[idx, :, 0].tolist(),
                     "y": images[idx, :, 1].tolist(), "mode": "lines", "hoverinfo": "skip",
                     "line": {"color": POSITIVE if horizontal else NEGATIVE, "width": 2,
                              "dash": "solid" if horizontal else "dash"}})
    data.append({"type": "scatter", "x": [float(point[0])], "y": [float(point[1])],
                 "mode": "markers+text", "text": ["image of x"], "textposition": "top right",
                 "marker": {"color": "black", "size": 12, "symbol": "diamond"}})
    axis = {"range": [-half, half], "zeroline": True, "zerolinecolor": "#888",
            "gridcolor": "#eef0f3"}
    layout = dict(LAYOUT, title={"text": title, "font": {"size": 16}}, xaxis=dict(axis),
                  yaxis=dict(axis, scaleanchor="x"))
    return go.Figure({"data": data, "layout": layout})


def common_half(*arrays: np.ndarray) -> float:
    """One axis range for figures shown side by side, so their sizes compare."""
    top = max(float(np.max(np.abs(a))) for a in arrays)
    return max(1.0, min(top * 1.1, 50.0))
