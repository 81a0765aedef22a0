"""The model's output over the (x1, x2) plane with the data points on top, as an ECharts option
(pure: arrays in, dict out). Classification shows P(class 1) or the predicted class,
regression the output surface. Each class has its own marker shape as well as its own colour;
training points are filled, test points hollow (ECharts' empty symbols, outlined in the class
colour). A colour
bar explains a continuous map (probability or output), so colour is never the only key.

Two grids share one square box: a heatmap on hidden category axes (one cell per grid point,
with its value on hover) under the points on value axes.
"""

from __future__ import annotations

import numpy as np

from ui.figures.class_colors import class_colors, class_symbols
from ui.figures.colors import DIVERGING
from ui.figures.compact import chart_text, rounded

BOX = {"left": 62, "right": 70, "top": 24, "bottom": 60}  # room for the colour bar
TEXT = {"fontSize": 15, "color": "#111827"}
ROLE_STYLE = {
    "train": {"symbol": "circle", "symbolSize": 10, "border": "#ffffff", "borderWidth": 1},
    "test": {"symbol": "emptyCircle", "symbolSize": 12, "border": "#111111", "borderWidth": 2},
}


def role_symbol(symbol: str, role: str) -> str:
    """A class's shape for training points, or its hollow twin for test points ('circle' ->
    'emptyCircle'; a path:// shape has none and keeps its shape with a dark outline)."""
    if role == "test" and not symbol.startswith("path://"):
        return "empty" + symbol[0].upper() + symbol[1:]
    return symbol


def lighten(color: str, amount: float = 0.45) -> str:
    """Mix `color` ('#rrggbb') with white: the map stays lighter than the points on it (mixing
    in advance instead of drawing it translucent avoids seams between the cells)."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


MAP_COLORS = [lighten(c) for _, c in DIVERGING]


def color_bar(top: str, bottom: str) -> dict:
    """A visualMap's settings to show it as a colour bar at the chart's right edge, its ends
    labelled (BOX leaves room for it): a continuous map is read from the bar, not guessed."""
    return {"show": True, "orient": "vertical", "right": 4, "top": "middle", "itemWidth": 14,
            "itemHeight": 150, "calculable": False, "text": [top, bottom],
            "textGap": 6, "textStyle": {"fontSize": 13, "color": "#111827"}}


def output_heatmap(out: np.ndarray, *, task: str, zrange: tuple[float, float] = (0.0, 1.0),
                   discretize: bool = False) -> tuple[dict, dict]:
    """out: (G, G) P(class 1) or value, or (G, G, K) class probabilities; row i is the i-th y
    grid line from the bottom, column j the j-th x grid line. Returns (heatmap series, its
    visualMap)."""
    if task == "multiclass":
        k = out.shape[-1]
        z = out.argmax(axis=-1).astype(np.float64)
        vmap = {"type": "piecewise", "show": False, "seriesIndex": 0, "dimension": 2,
                "pieces": [{"value": c, "color": lighten(col)}
                           for c, col in enumerate(class_colors(k))]}
        what = "predicted class"
    elif task == "binary":
        z = (out > 0.5).astype(np.float64) if discretize else out
        vmap = {"type": "continuous", "seriesIndex": 0, "dimension": 2,
                "min": 0.0, "max": 1.0, "inRange": {"color": MAP_COLORS},
                **color_bar("P = 1", "P = 0")}
        what = "P(class 1)"
    else:
        z = out
        vmap = {"type": "continuous", "seriesIndex": 0, "dimension": 2,
                "min": float(zrange[0]), "max": float(zrange[1]),
                "inRange": {"color": MAP_COLORS},
                **color_bar(f"{zrange[1]:.3g}", f"{zrange[0]:.3g}")}
        what = "output"
    g_rows, g_cols = z.shape
    jj, ii = np.meshgrid(np.arange(g_cols), np.arange(g_rows))  # jj: x index, ii: y index
    cells = np.column_stack([jj.ravel(), ii.ravel(), np.asarray(z).ravel()])
    data = [[int(a), int(b), v] for (a, b), v in
            zip(cells[:, :2].astype(int).tolist(), rounded(cells[:, 2], 3), strict=True)]
    series = {"type": "heatmap", "name": what, "xAxisIndex": 0, "yAxisIndex": 0, "data": data,
              "emphasis": {"disabled": True}, "progressive": 0,
              "tooltip": {"formatter": f"{what} = {{@[2]}}"}}
    return series, vmap


def point_series(X: np.ndarray, y: np.ndarray, *, task: str, role: str,
                 class_names: tuple[str, ...] = (), axis_names: tuple[str, str] = ("x1", "x2"),
                 ) -> list[dict]:
    """X: (n, 2) points, y: (n,) class indices or targets; role 'train' or 'test'. One scatter
    series per class (classification), or one coloured by its target (regression)."""
    style = ROLE_STYLE[role]
    a, b = (chart_text(n) for n in axis_names)
    base = {"type": "scatter", "xAxisIndex": 1, "yAxisIndex": 1, "symbol": style["symbol"],
            "symbolSize": style["symbolSize"], "animation": False,
            "emphasis": {"scale": 1.6}}
    where = f"{a} = {{@[0]}}, {b} = {{@[1]}}"
    label = "training point" if role == "train" else "test point"
    if task == "regression":
        data = np.column_stack([X[:, 0], X[:, 1], y])
        return [{**base, "name": f"{label}s", "data": rounded(data, 3),
                 # the grey shows in the legend; the points take the target's colour
                 "itemStyle": {"color": "#9ca3af", "borderColor": style["border"],
                               "borderWidth": style["borderWidth"]},
                 "tooltip": {"formatter": f"{label}: {where}<br/>target = {{@[2]}}"}}]
    series = []
    n = len(class_names)
    for k, (name, color, symbol) in enumerate(zip(class_names, class_colors(n),
                                                  class_symbols(n), strict=True)):
        cls = f"class {chart_text(name, 20)}"
        # Training and test series of a class share a name: one legend entry per class (the
        # caption under the chart tells the outlines apart).
        hollow = role == "test" and not symbol.startswith("path://")
        series.append({**base, "name": cls, "data": rounded(X[y == k], 3),
                       "symbol": role_symbol(symbol, role),
                       "itemStyle": {"color": color,
                                     "borderColor": color if hollow else style["border"],
                                     "borderWidth": style["borderWidth"]},
                       "tooltip": {"formatter": f"{cls}, {label}<br/>{where}"}})
    return series


def boundary_option(heatmap: dict, visual_map: dict, points: list[dict], *, n_grid: int,
                    extent: tuple[float, float, float, float], axis_names: tuple[str, str],
                    point_map: dict | None = None) -> dict:
    """The whole chart: heatmap (output_heatmap) under the points (point_series). point_map:
    a visualMap for regression points coloured by target."""
    hidden = {"type": "category", "data": list(range(n_grid)), "show": False, "gridIndex": 0}
    value_axis = {"type": "value", "gridIndex": 1, "nameLocation": "middle", "nameGap": 32,
                  "nameTextStyle": TEXT, "axisLabel": {"fontSize": 15},
                  "splitLine": {"show": False}, "axisLine": {"onZero": False}}
    vmaps = [visual_map] + ([point_map] if point_map else [])
    return {
        "animation": False,
        "textStyle": TEXT,
        "grid": [BOX, BOX],
        "xAxis": [hidden, {**value_axis, "name": chart_text(axis_names[0]), "min": extent[0],
                           "max": extent[1]}],
        "yAxis": [{**hidden}, {**value_axis, "name": chart_text(axis_names[1]), "min": extent[2],
                               "max": extent[3], "nameGap": 38}],
        "visualMap": vmaps,
        "tooltip": {"trigger": "item"},
        "legend": {"data": list(dict.fromkeys(s["name"] for s in points)), "bottom": 0,
                   "itemGap": 14, "textStyle": {"fontSize": 15}},
        "series": [heatmap, *points],
    }


def target_map(series_indices: list[int], zrange: tuple[float, float]) -> dict:
    """Colour regression points by their target with the map's (unlightened) scale."""
    return {"type": "continuous", "show": False, "seriesIndex": series_indices, "dimension": 2,
            "min": float(zrange[0]), "max": float(zrange[1]),
            "inRange": {"color": [c for _, c in DIVERGING]}}
