"""The loss against the step of gradient descent on one example (pure: numbers in, plotly
figure out)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.colors import NEGATIVE, POSITIVE


def descent_curve_figure(losses: np.ndarray, overflow_step: int | None = None) -> go.Figure:
    """losses: (s + 1,) finite values, the loss before step 1 then after each step.

    A log scale is used when the values span more than two orders of magnitude (a diverging
    run grows by factors; a converging one shrinks towards 0), and an overflow is marked."""
    losses = np.asarray(losses, dtype=float)
    steps = np.arange(losses.size)
    positive = losses[losses > 0]
    log = positive.size == losses.size and positive.size > 1 and (
        positive.max() / positive.min() > 100)
    data = [{
        "type": "scatter", "x": steps.tolist(), "y": losses.tolist(),
        "mode": "lines+markers" if losses.size <= 60 else "lines",
        "line": {"color": NEGATIVE, "width": 3}, "marker": {"size": 7},
        "name": "loss", "hovertemplate": "step %{x}: L = %{y:.6g}<extra></extra>",
    }]
    annotations = []
    if overflow_step is not None:
        annotations.append({
            "x": steps[-1], "y": float(np.log10(losses[-1])) if log and losses[-1] > 0
            else float(losses[-1]),
            "text": f"step {overflow_step}: overflow", "showarrow": True, "arrowhead": 2,
            "ax": -90, "ay": 30, "font": {"size": 16, "color": POSITIVE},
        })
    layout = {
        "height": 380,
        "margin": {"l": 70, "r": 30, "t": 20, "b": 60},
        "plot_bgcolor": "white",
        "font": {"size": 16},
        "xaxis": {"title": {"text": "step"}, "gridcolor": "#e5e7eb", "rangemode": "tozero"},
        "yaxis": {"title": {"text": "loss L" + (" (log scale)" if log else "")},
                  "type": "log" if log else "linear", "gridcolor": "#e5e7eb",
                  "exponentformat": "power"},
        "annotations": annotations,
        "showlegend": False,
    }
    return go.Figure({"data": data, "layout": layout})
