"""A small histogram of a network's weights for /train, as an ECharts option (the live charts
there are ECharts updated in place). Pure: counts and edges in (core.train.model_report), option
out. Bars left of 0 are blue, right of 0 orange, and the axis labels carry the signed values, so
colour is never the only carrier."""

from __future__ import annotations

import numpy as np

from ui.figures.colors import MUTED, NEGATIVE, POSITIVE

HEIGHT = 170


def _label(v: float) -> str:
    return f"{v:.2g}" if v else "0"


def weights_histogram_option(counts: np.ndarray, edges: np.ndarray) -> dict:
    """counts: (bins,), edges: (bins + 1,) symmetric around 0."""
    centers = (edges[:-1] + edges[1:]) / 2
    # The middle bin's centre is 0 up to rounding (-1.1e-16): call it 0.
    centers[np.abs(centers) < 1e-9 * max(float(np.max(np.abs(edges))), 1e-300)] = 0.0
    bars = []
    for c, n in zip(centers.tolist(), counts.tolist(), strict=True):
        color = MUTED if c == 0 else NEGATIVE if c < 0 else POSITIVE
        bars.append({"value": int(n), "itemStyle": {"color": color}})
    return {
        "animation": False,
        "grid": {"left": 40, "right": 12, "top": 12, "bottom": 34},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [_label(c) for c in centers.tolist()],
                  "name": "weight", "nameLocation": "middle", "nameGap": 22,
                  "axisLabel": {"interval": max(len(centers) // 5, 0), "fontSize": 12}},
        "yAxis": {"type": "value", "minInterval": 1, "axisLabel": {"fontSize": 12}},
        "series": [{"type": "bar", "data": bars, "barCategoryGap": "10%",
                    "name": "weights in this range"}],
    }
