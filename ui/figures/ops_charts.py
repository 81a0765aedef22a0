"""Charts for /operations: the running mean of dropout's outputs against the number of masks,
and the 2-weight L1/L2 picture (data-loss contours, the penalty's diamond or circle through the
current point, the path of the weights). Pure: numbers in, plotly figure out."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.class_colors import OKABE_ITO
from ui.figures.colors import HIGHLIGHT, NEGATIVE, POSITIVE

DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "hexagon")


def dropout_average_figure(x: np.ndarray, means: np.ndarray) -> go.Figure:
    """x: (F,) one row's inputs; means: (N, F) the running mean after 1..N masks. One line
    per unit (colour AND dash differ), its x as a thin dotted level with a label."""
    N, F = means.shape
    n = np.arange(1, N + 1)
    data, annotations = [], []
    for j in range(F):
        color = OKABE_ITO[j % len(OKABE_ITO)]
        data.append({"type": "scatter", "x": n.tolist(), "y": np.round(means[:, j], 4).tolist(),
                     "mode": "lines", "name": f"unit {j + 1} (x = {x[j]:g})",
                     "line": {"color": color, "width": 2.5, "dash": DASHES[j % len(DASHES)]},
                     "hovertemplate": f"unit {j + 1}: mean %{{y}} after %{{x}} masks"
                                      "<extra></extra>"})
        data.append({"type": "scatter", "x": [1, N], "y": [float(x[j])] * 2, "mode": "lines",
                     "line": {"color": color, "width": 1, "dash": "dot"}, "showlegend": False,
                     "hoverinfo": "skip"})
        annotations.append({"x": 1, "xref": "paper", "xanchor": "left", "y": float(x[j]),
                            "text": f"x{j + 1} = {x[j]:g}", "showarrow": False,
                            "font": {"size": 13, "color": color}})
    layout = {
        "height": 400, "margin": {"l": 70, "r": 90, "t": 20, "b": 60},
        "plot_bgcolor": "white", "font": {"size": 16},
        "xaxis": {"title": {"text": "number of masks N (log scale)"}, "type": "log",
                  "gridcolor": "#e5e7eb"},
        "yaxis": {"title": {"text": "mean output over N masks"}, "gridcolor": "#e5e7eb"},
        "legend": {"orientation": "h", "y": -0.25}, "annotations": annotations,
    }
    return go.Figure({"data": data, "layout": layout})


def _level_set(kind: str, radius: float) -> tuple[list[float], list[float]]:
    """|w1| + |w2| = r (L1's diamond) or w1² + w2² = r² (L2's circle)."""
    if kind == "l1":
        return [radius, 0, -radius, 0, radius], [0, radius, 0, -radius, 0]
    t = np.linspace(0, 2 * np.pi, 121)
    return (radius * np.cos(t)).round(5).tolist(), (radius * np.sin(t)).round(5).tolist()


def penalty_path_figure(w1: np.ndarray, w2: np.ndarray, loss_grid: np.ndarray,
                        path: np.ndarray, k: int, kind: str, w_star: np.ndarray) -> go.Figure:
    """loss_grid: (len(w2), len(w1)) data loss; path: (S + 1, 2); the first k steps are drawn
    and point k is the current one. The penalty's level set passes through point k."""
    current = path[min(k, len(path) - 1)]
    radius = float(np.abs(current).sum() if kind == "l1" else np.hypot(*current))
    lx, ly = _level_set(kind, radius)
    shown = path[: k + 1]
    data = [
        {"type": "contour", "x": w1.round(4).tolist(), "y": w2.round(4).tolist(),
         "z": np.sqrt(loss_grid).round(4).tolist(), "showscale": False,
         "contours": {"coloring": "lines", "showlabels": False}, "ncontours": 14,
         "colorscale": [[0, "#9ca3af"], [1, "#9ca3af"]], "line": {"width": 1},
         "hoverinfo": "skip", "name": "data-loss contours"},
        {"type": "scatter", "x": lx, "y": ly, "mode": "lines",
         "name": "penalty level: |w1| + |w2| = " if kind == "l1" else "penalty level: ‖w‖ = ",
         "line": {"color": POSITIVE, "width": 3, "dash": "dash"}, "hoverinfo": "skip"},
        {"type": "scatter", "x": shown[:, 0].round(6).tolist(), "y": shown[:, 1].round(6).tolist(),
         "mode": "lines+markers", "name": "path of (w1, w2)",
         "line": {"color": NEGATIVE, "width": 2.5}, "marker": {"size": 6},
         "hovertemplate": "w = (%{x}, %{y})<extra></extra>"},
        {"type": "scatter", "x": [float(w_star[0])], "y": [float(w_star[1])], "mode": "markers",
         "name": "best fit without a penalty (w*)",
         "marker": {"symbol": "x", "size": 14, "color": HIGHLIGHT}},
        {"type": "scatter", "x": [float(current[0])], "y": [float(current[1])],
         "mode": "markers", "name": f"step {k}",
         "marker": {"symbol": "circle-open", "size": 18, "color": HIGHLIGHT,
                    "line": {"width": 3}}},
    ]
    data[1]["name"] += f"{radius:.3g}"
    span = [float(min(w1.min(), w2.min())), float(max(w1.max(), w2.max()))]
    layout = {
        "height": 520, "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
        "plot_bgcolor": "white", "font": {"size": 16},
        # constrain="domain": equal units on both axes by narrowing the plot, not by
        # stretching w1's range past the contours on a wide screen.
        "xaxis": {"title": {"text": "w1"}, "range": span, "zeroline": True, "constrain": "domain",
                  "zerolinecolor": "#111111", "zerolinewidth": 1.5, "gridcolor": "#e5e7eb"},
        "yaxis": {"title": {"text": "w2"}, "range": span, "scaleanchor": "x", "constrain": "domain",
                  "zeroline": True, "zerolinecolor": "#111111", "zerolinewidth": 1.5,
                  "gridcolor": "#e5e7eb"},
        "legend": {"orientation": "h", "y": -0.18}, "dragmode": False,
    }
    return go.Figure({"data": data, "layout": layout})
