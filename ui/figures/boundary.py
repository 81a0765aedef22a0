"""The model's output over the (x1, x2) plane with the data points on top (pure: arrays in,
plotly figure dict out). Classification shows P(class 1) or the predicted class, regression the
output surface as a heatmap; training points are filled circles, test points outlined diamonds.
"""

from __future__ import annotations

import numpy as np

from ui.figures.class_colors import class_colors
from ui.figures.colors import DIVERGING
from ui.figures.compact import plain, rounded

MAP_OPACITY = 0.6  # lighter than the points, so saturated point colours stand out on it
# Shape, not an outline, tells training from test points: outlined markers and a colour bar
# roughly double the browser's time to draw this chart, which it does several times a second.
ROLE_STYLE = {
    "train": {"symbol": "circle", "size": 8},
    "test": {"symbol": "diamond-tall", "size": 11},
}


def _class_scale(n_classes: int) -> list[list]:
    """A stepped colour scale: z = k (for zmin -0.5, zmax K - 0.5) gets class k's colour."""
    colors = class_colors(n_classes)
    scale: list[list] = []
    for k, c in enumerate(colors):
        scale += [[k / n_classes, c], [(k + 1) / n_classes, c]]
    return scale


def output_heatmap(xs: np.ndarray, ys: np.ndarray, out: np.ndarray, *, task: str,
                   axis_names: tuple[str, str], zrange: tuple[float, float] = (0.0, 1.0),
                   discretize: bool = False) -> dict:
    """xs: (G,), ys: (G,) grid lines; out: (G, G) P(class 1) or value, or (G, G, K) class
    probabilities for multiclass; row i of out is at ys[i]. Returns one heatmap trace."""
    a, b = plain(axis_names[0]), plain(axis_names[1])
    where = f"{a} %{{x:.2f}}, {b} %{{y:.2f}}<br>"
    trace = {"type": "heatmap", "x": rounded(xs, 3), "y": rounded(ys, 3),
             "opacity": MAP_OPACITY, "zsmooth": False if discretize else "fast"}
    if task == "multiclass":
        k = out.shape[-1]
        z = out.argmax(axis=-1)
        return {**trace, "z": z.tolist(), "zmin": -0.5, "zmax": k - 0.5,
                "colorscale": _class_scale(k), "showscale": False, "zsmooth": False,
                "hovertemplate": where + "predicted class %{z}<extra></extra>"}
    if task == "binary":
        z = (out > 0.5).astype(np.float64) if discretize else out
        return {**trace, "z": rounded(z, 3), "zmin": 0.0, "zmax": 1.0, "colorscale": DIVERGING,
                "showscale": False, "hovertemplate": where + "P(class 1) = %{z:.3f}<extra></extra>"}
    lo, hi = zrange
    return {**trace, "z": rounded(out, 4), "zmin": lo, "zmax": hi, "colorscale": DIVERGING,
            "showscale": False, "hovertemplate": where + "output = %{z:.3f}<extra></extra>"}


def point_traces(X: np.ndarray, y: np.ndarray, *, task: str, role: str,
                 class_names: tuple[str, ...] = (), zrange: tuple[float, float] = (-1, 1),
                 axis_names: tuple[str, str] = ("x1", "x2")) -> list[dict]:
    """X: (n, 2) points, y: (n,) class indices or targets; role 'train' or 'test'.
    One scatter trace per class (classification) or one coloured by target (regression)."""
    style = ROLE_STYLE[role]
    a, b = plain(axis_names[0]), plain(axis_names[1])
    where = f"{a} %{{x:.2f}}, {b} %{{y:.2f}}"
    if task == "regression":
        lo, hi = zrange
        return [{
            "type": "scatter", "mode": "markers", "name": f"{role} points",
            "x": rounded(X[:, 0], 3), "y": rounded(X[:, 1], 3),
            "marker": {**style, "color": rounded(y, 3), "colorscale": DIVERGING, "cmin": lo,
                       "cmax": hi},
            "hovertemplate": f"{role}: {where}<br>target %{{marker.color:.3f}}<extra></extra>",
        }]
    colors = class_colors(len(class_names))
    traces = []
    for k, name in enumerate(class_names):
        mask = y == k
        label = f"class {plain(name, 20)}"
        traces.append({
            "type": "scatter", "mode": "markers", "name": f"{label} ({role})",
            "x": rounded(X[mask, 0], 3), "y": rounded(X[mask, 1], 3),
            "marker": {**style, "color": colors[k]},
            "hovertemplate": f"{label}, {role}: {where}<extra></extra>",
        })
    return traces


def boundary_figure(heatmap: dict, points: list[dict], *, axis_names: tuple[str, str],
                    extent: tuple[float, float, float, float], title: str, square: bool = True,
                    height: int = 500) -> dict:
    """Heatmap trace (output_heatmap) under the point traces (point_traces)."""
    x_axis = {"title": {"text": plain(axis_names[0])}, "range": list(extent[:2]),
              "zeroline": False, "showgrid": False, "constrain": "domain"}
    y_axis = {"title": {"text": plain(axis_names[1])}, "range": list(extent[2:]),
              "zeroline": False, "showgrid": False, "constrain": "domain"}
    if square:
        y_axis["scaleanchor"] = "x"
    return {
        "data": [heatmap, *points],
        "layout": {
            "title": {"text": title, "x": 0.02},
            "height": height,
            "margin": {"l": 55, "r": 10, "t": 50, "b": 45},
            "plot_bgcolor": "white",
            "font": {"size": 15},
            "legend": {"orientation": "h", "y": -0.14, "x": 0, "font": {"size": 13}},
            "xaxis": x_axis,
            "yaxis": y_axis,
            "uirevision": "boundary",
        },
    }
