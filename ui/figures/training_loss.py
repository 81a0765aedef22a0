"""The training and test loss over epochs (pure: arrays in, plotly figure dict out)."""

from __future__ import annotations

import numpy as np

from ui.figures.colors import NEGATIVE, POSITIVE
from ui.figures.compact import significant

MAX_POINTS = 400  # per curve: more than the chart has pixels to show


def thin(n: int, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices of at most max_points rows spread evenly over n, always keeping the last."""
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(np.int64))


def loss_figure(epochs: np.ndarray, train: np.ndarray, test: np.ndarray, *,
                log_y: bool = False, height: int = 430) -> dict:
    """epochs, train, test: (n,) with n >= 1 (test may be all NaN when there is no test set).
    Returns a plotly figure dict with one line per set."""
    idx = thin(len(epochs))
    x = epochs[idx].astype(np.int64).tolist()
    data = [
        {"type": "scatter", "mode": "lines", "name": "training loss", "x": x,
         "y": significant(train[idx]), "line": {"color": NEGATIVE, "width": 3},
         "hovertemplate": "epoch %{x}<br>training loss %{y}<extra></extra>"},
    ]
    if np.isfinite(test).any():
        data.append(
            {"type": "scatter", "mode": "lines", "name": "test loss", "x": x,
             "y": significant(test[idx]), "line": {"color": POSITIVE, "width": 3, "dash": "dash"},
             "hovertemplate": "epoch %{x}<br>test loss %{y}<extra></extra>"})
    y_axis = {"title": {"text": "loss" + (" (log scale)" if log_y else "")},
              "gridcolor": "#e5e7eb", "rangemode": "tozero", "exponentformat": "power"}
    if log_y:
        y_axis = {**y_axis, "type": "log", "rangemode": "normal"}
    return {
        "data": data,
        "layout": {
            "title": {"text": "Loss", "x": 0.02},
            "height": height,
            "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
            "plot_bgcolor": "white",
            "font": {"size": 15},
            "legend": {"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right",
                       "yanchor": "bottom"},
            "xaxis": {"title": {"text": "epoch"}, "gridcolor": "#e5e7eb", "rangemode": "tozero"},
            "yaxis": y_axis,
            "uirevision": "loss",  # keeps a zoom the user set while new points arrive
        },
    }
