"""Figures for the geometry of a 2-input layer (pure: arrays in, plotly figure out)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.figures.colors import DIVERGING, MARK, MUTED, NEGATIVE, POSITIVE

BASE_LAYOUT = {
    "margin": {"l": 40, "r": 20, "t": 40, "b": 40},
    "plot_bgcolor": "white",
    "legend": {"orientation": "h", "y": -0.12},
    "font": {"size": 15},
}


def _axis(lo: float, hi: float, title: str) -> dict:
    return {"range": [lo, hi], "zeroline": True, "zerolinecolor": "#888", "gridcolor": "#e5e7eb",
            "title": title}


def mapping_figure(square: np.ndarray, square_img: np.ndarray, grid: np.ndarray,
                   grid_img: np.ndarray, x: np.ndarray, z: np.ndarray) -> go.Figure:
    """Before (grey) and after (orange) for the unit square and a lattice; the learner's x and
    its image z.  All arrays (k, 2)."""
    everything = np.vstack([square, square_img, grid, grid_img, x[None], z[None]])
    half = max(float(np.max(np.abs(everything))) * 1.35, 1.5)  # room for labels
    data = [
        {"type": "scatter", "x": grid[:, 0].tolist(), "y": grid[:, 1].tolist(), "mode": "markers",
         "marker": {"color": MUTED, "size": 7}, "name": "grid points p"},
        {"type": "scatter", "x": square[:, 0].tolist(), "y": square[:, 1].tolist(),
         "mode": "lines", "fill": "toself", "line": {"color": MUTED, "width": 2},
         "fillcolor": "rgba(156,163,175,0.25)", "name": "unit square"},
        {"type": "scatter", "x": grid_img[:, 0].tolist(), "y": grid_img[:, 1].tolist(),
         "mode": "markers", "marker": {"color": POSITIVE, "size": 7},
         "name": "W p + b"},
        {"type": "scatter", "x": square_img[:, 0].tolist(), "y": square_img[:, 1].tolist(),
         "mode": "lines", "fill": "toself", "line": {"color": POSITIVE, "width": 3},
         "fillcolor": "rgba(179,88,6,0.2)", "name": "image of the square"},
        {"type": "scatter", "x": [float(x[0])], "y": [float(x[1])], "mode": "markers+text",
         "marker": {"color": NEGATIVE, "size": 13, "symbol": "circle"}, "text": ["x"],
         "textposition": "top right", "name": "your x"},
        {"type": "scatter", "x": [float(z[0])], "y": [float(z[1])], "mode": "markers+text",
         "marker": {"color": NEGATIVE, "size": 13, "symbol": "diamond"}, "text": ["z = Wx + b"],
         "textposition": "top left" if z[0] > 0 else "top right", "name": "its image z"},
    ]
    layout = dict(BASE_LAYOUT, height=520,
                  xaxis=_axis(-half, half, "first coordinate"),
                  yaxis=dict(_axis(-half, half, "second coordinate"), scaleanchor="x"))
    return go.Figure({"data": data, "layout": layout})


def halfplane_figure(w: np.ndarray, b: float, line: np.ndarray | None, x: np.ndarray, z: float,
                     lo: float, hi: float, grid_z: np.ndarray, ticks: np.ndarray) -> go.Figure:
    """The sign of z = w.x + b over the plane (heatmap of grid_z (k, k) on `ticks`), the line
    z = 0 and the learner's point x."""
    scale = float(np.max(np.abs(grid_z))) or 1.0
    data = [
        {"type": "heatmap", "x": ticks.tolist(), "y": ticks.tolist(), "z": grid_z.tolist(),
         "colorscale": DIVERGING, "zmin": -scale, "zmax": scale, "opacity": 0.55,
         "colorbar": {"title": {"text": "z"}}, "hovertemplate": "x1=%{x:.2f}, x2=%{y:.2f}"
         "<br>z=%{z:.3g}<extra></extra>"},
    ]
    if line is not None:
        data.append({"type": "scatter", "x": line[:, 0].tolist(), "y": line[:, 1].tolist(),
                     "mode": "lines", "line": {"color": "black", "width": 3},
                     "name": "w·x + b = 0"})
    side = "z > 0" if z > 0 else ("z < 0" if z < 0 else "z = 0 (on the line)")
    data.append({"type": "scatter", "x": [float(x[0])], "y": [float(x[1])],
                 "mode": "markers+text", "marker": {"color": "black", "size": 14,
                                                    "symbol": "x"},
                 "text": [f"x: {side}"], "textposition": "top right", "name": "your x"})
    layout = dict(BASE_LAYOUT, height=520, xaxis=_axis(lo, hi, "x1"),
                  yaxis=dict(_axis(lo, hi, "x2"), scaleanchor="x"),
                  annotations=side_labels(w, line, lo, hi))
    return go.Figure({"data": data, "layout": layout})


def side_labels(w: np.ndarray, line: np.ndarray | None, lo: float, hi: float) -> list[dict]:
    """'z > 0' and 'z < 0' written on the two sides of the line (w: (2,), line: (k, 2) points
    on it): the sides are named in words, not only told apart by colour."""
    if line is None or not np.any(w):
        return []
    normal = np.asarray(w, float) / float(np.hypot(*w))  # z grows along w
    mid = np.asarray(line, float).mean(axis=0)
    notes = []
    for sign, text in ((1, "z > 0 side"), (-1, "z < 0 side")):
        for d in (0.22, 0.12, 0.34):  # the first spot inside the plot
            p = mid + sign * normal * d * (hi - lo)
            if lo * 0.9 <= min(p) and max(p) <= hi * 0.9:
                notes.append({"x": float(p[0]), "y": float(p[1]), "text": f"<b>{text}</b>",
                              "showarrow": False, "font": {"size": 16, "color": "#111827"},
                              "bgcolor": "rgba(255,255,255,0.8)"})
                break
    return notes


# A lesson's names for the parts of these figures (ui.highlight) -> the traces' names.
PART_TRACES = {"square": "unit square", "image": "image of the square", "point": "your x",
               "z": "its image z", "boundary": "w·x + b = 0"}


def mark_parts(fig: go.Figure, parts) -> go.Figure:
    """Outline the named parts (PART_TRACES keys) in the MARK colour, dashed, and say so in
    the legend ("◆ marked: unit square"), so the outline is not the only carrier."""
    for trace in fig.data:
        part = next((p for p in parts if PART_TRACES.get(p) == trace.name), None)
        if part is None:
            continue
        if "lines" in (trace.mode or ""):
            trace.line.update(color=MARK, width=5, dash="dash")
        else:
            trace.marker.update(size=18, line={"color": MARK, "width": 4})
        trace.name = f"◆ marked: {trace.name}"
        trace.showlegend = True
    return fig
