"""The four XOR points and one neuron's line (pure: arrays in, plotly figure out).

Class 1 points are circles, class 0 points are squares; a wrongly classified point gets a
cross over it, so neither colour nor shape alone carries the meaning."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.colors import DIVERGING, NEGATIVE, POSITIVE


def xor_figure(points: np.ndarray, labels: np.ndarray, correct: list[bool],
               line: np.ndarray | None, ticks: np.ndarray, grid_z: np.ndarray) -> go.Figure:
    """points: (4, 2), labels: (4,), correct: right or wrong per point; line: (2, 2) or None;
    grid_z: (len(ticks), len(ticks)) the neuron's z over the square (shaded by sign)."""
    scale = float(np.max(np.abs(grid_z))) or 1.0
    data = [{"type": "heatmap", "x": ticks.tolist(), "y": ticks.tolist(), "z": grid_z.tolist(),
             "colorscale": DIVERGING, "zmin": -scale, "zmax": scale, "opacity": 0.45,
             "colorbar": {"title": {"text": "z"}, "thickness": 12},
             "hovertemplate": "x1=%{x:.2f}, x2=%{y:.2f}<br>z=%{z:.3g}<extra></extra>"}]
    if line is not None:
        data.append({"type": "scatter", "x": line[:, 0].tolist(), "y": line[:, 1].tolist(),
                     "mode": "lines", "line": {"color": "black", "width": 3},
                     "name": "z = 0", "hoverinfo": "skip"})
    for cls, symbol, color in ((1, "circle", POSITIVE), (0, "square", NEGATIVE)):
        idx = [i for i in range(len(labels)) if labels[i] == cls]
        data.append({"type": "scatter", "x": [float(points[i, 0]) for i in idx],
                     "y": [float(points[i, 1]) for i in idx], "mode": "markers+text",
                     "text": [f"class {cls}" for _ in idx], "textposition": "top center",
                     "marker": {"symbol": symbol, "size": 20, "color": color,
                                "line": {"color": "black", "width": 1.5}},
                     "name": f"class {cls}"})
    wrong = [i for i, ok in enumerate(correct) if not ok]
    if wrong:
        data.append({"type": "scatter", "x": [float(points[i, 0]) for i in wrong],
                     "y": [float(points[i, 1]) for i in wrong], "mode": "markers+text",
                     "text": ["wrong" for _ in wrong], "textposition": "bottom center",
                     "marker": {"symbol": "x-thin", "size": 30,
                                "line": {"color": "black", "width": 3}}, "name": "wrong"})
    lo, hi = float(ticks[0]), float(ticks[-1])
    axis = {"range": [lo, hi], "zeroline": False, "gridcolor": "#e5e7eb"}
    layout = {"margin": {"l": 40, "r": 16, "t": 16, "b": 36}, "plot_bgcolor": "white",
              "font": {"size": 15}, "showlegend": False, "height": 400,
              "xaxis": dict(axis, title="x1"), "yaxis": dict(axis, title="x2", scaleanchor="x")}
    return go.Figure({"data": data, "layout": layout})
