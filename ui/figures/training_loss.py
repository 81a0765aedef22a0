"""The training and test loss over epochs, as an ECharts option (pure: arrays in, dict out)."""

from __future__ import annotations

import numpy as np

from ui.figures.colors import NEGATIVE, POSITIVE
from ui.figures.compact import significant

MAX_POINTS = 400  # per curve: more than the chart has pixels to show
TEXT = {"fontSize": 15, "color": "#111827"}


def thin(n: int, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices of at most max_points rows spread evenly over n, always keeping the last."""
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(np.int64))


def _pairs(x: list[int], y: list) -> list[list]:
    return [[a, b] for a, b in zip(x, y, strict=True)]


def loss_option(epochs: np.ndarray, train: np.ndarray, test: np.ndarray, *,
                log_y: bool = False) -> dict:
    """epochs, train, test: (n,) with n >= 1 (test may be all NaN: no test set). One line per
    set; non-finite losses (a diverged step) are gaps."""
    idx = thin(len(epochs))
    x = epochs[idx].astype(np.int64).tolist()
    train_y = significant(train[idx])
    if log_y:  # a log axis cannot show 0
        train_y = [v if v is None or v > 0 else None for v in train_y]
    series = [{"type": "line", "name": "training loss", "data": _pairs(x, train_y),
               "showSymbol": False, "lineStyle": {"width": 3, "color": NEGATIVE},
               "itemStyle": {"color": NEGATIVE}}]
    names = ["training loss"]
    if np.isfinite(test).any():
        test_y = significant(test[idx])
        if log_y:
            test_y = [v if v is None or v > 0 else None for v in test_y]
        series.append({"type": "line", "name": "test loss", "data": _pairs(x, test_y),
                       "showSymbol": False,
                       "lineStyle": {"width": 3, "color": POSITIVE, "type": "dashed"},
                       "itemStyle": {"color": POSITIVE}})
        names.append("test loss")
    axis = {"nameLocation": "middle", "nameTextStyle": TEXT, "axisLabel": {"fontSize": 15},
            "splitLine": {"lineStyle": {"color": "#e5e7eb"}}}
    return {
        "animation": False,
        "textStyle": TEXT,
        "grid": {"left": 72, "right": 24, "top": 40, "bottom": 52},
        "legend": {"data": names, "top": 4, "right": 10, "textStyle": {"fontSize": 15}},
        "tooltip": {"trigger": "axis"},
        "xAxis": {**axis, "type": "value", "name": "epoch", "nameGap": 30, "min": 0},
        "yAxis": {**axis, "type": "log" if log_y else "value", "nameGap": 52,
                  "name": "loss (log scale)" if log_y else "loss",
                  **({} if log_y else {"min": 0})},
        "series": series,
    }
