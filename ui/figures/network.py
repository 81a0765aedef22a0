"""The network drawn as Playground does: a column of nodes per layer, each node a small map of
its output, edges coloured by the sign of the weight and as thick as its size, weights and biases
on hover (pure: arrays in, plotly figure dict out).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ui.figures.colors import NEGATIVE, POSITIVE
from ui.figures.compact import plain, rounded
from ui.figures.neuron_maps import map_traces

DX, HALF = 1.9, 0.36  # column spacing and half a node box, in units of the node spacing
# |w| thresholds and the line width (px) of each bucket: a few traces instead of one per edge.
WIDTH_EDGES = (0.1, 0.3, 0.6, 1.0, 2.0)
WIDTHS = (0.7, 1.5, 2.5, 3.5, 5.0, 7.0)
MAX_HOVER_EDGES = 1200  # beyond this, hover markers would cost more than the picture is worth


def node_positions(sizes: Sequence[int]) -> list[np.ndarray]:
    """One (n_l, 2) array of node centres per layer; columns DX apart, nodes 1 apart, centred
    on y = 0, first node at the top."""
    return [np.column_stack([np.full(n, l * DX), (n - 1) / 2 - np.arange(n)])
            for l, n in enumerate(sizes)]


def _edge_traces(pos: list[np.ndarray], weights: Sequence[np.ndarray]) -> list[dict]:
    """Line traces grouped by (sign, width bucket); None breaks the line between edges."""
    x0s, y0s, x1s, y1s, ws = [], [], [], [], []
    for l, W in enumerate(weights):  # W: (n_{l+1}, n_l), edge i -> j is W[j, i]
        src, dst = pos[l], pos[l + 1]
        j, i = np.meshgrid(np.arange(W.shape[0]), np.arange(W.shape[1]), indexing="ij")
        x0s.append(src[i.ravel(), 0] + HALF)
        y0s.append(src[i.ravel(), 1])
        x1s.append(dst[j.ravel(), 0] - HALF)
        y1s.append(dst[j.ravel(), 1])
        ws.append(W.ravel())
    x0, y0, x1, y1, w = (np.concatenate(a) for a in (x0s, y0s, x1s, y1s, ws))
    bucket = np.searchsorted(WIDTH_EDGES, np.abs(w))
    traces = []
    for positive, color in ((False, NEGATIVE), (True, POSITIVE)):
        for b, width in enumerate(WIDTHS):
            m = (bucket == b) & ((w > 0) if positive else (w <= 0))
            if not m.any():
                continue
            gap = np.full(m.sum(), np.nan)
            xs = np.column_stack([x0[m], x1[m], gap]).ravel()
            ys = np.column_stack([y0[m], y1[m], gap]).ravel()
            traces.append({"type": "scatter", "mode": "lines", "x": rounded(xs, 3),
                           "y": rounded(ys, 3), "line": {"color": color, "width": width},
                           "opacity": 0.85, "hoverinfo": "skip", "showlegend": False})
    return traces


def _edge_hover(pos: list[np.ndarray], weights: Sequence[np.ndarray],
                names: list[list[str]]) -> list[dict]:
    """Invisible markers at edge midpoints that show 'from -> to: w = ...' on hover."""
    xs, ys, texts = [], [], []
    for l, W in enumerate(weights):
        for j in range(W.shape[0]):
            for i in range(W.shape[1]):
                # Spread midpoints along the edge a little so crossing edges stay pickable.
                t = 0.35 + 0.3 * (i + 0.5) / W.shape[1]
                xs.append((1 - t) * (pos[l][i, 0] + HALF) + t * (pos[l + 1][j, 0] - HALF))
                ys.append((1 - t) * pos[l][i, 1] + t * pos[l + 1][j, 1])
                texts.append(f"{names[l][i]} → {names[l + 1][j]}<br>w = {W[j, i]:.4g}")
    return [{"type": "scatter", "mode": "markers", "x": rounded(np.array(xs), 3),
             "y": rounded(np.array(ys), 3), "text": texts, "showlegend": False,
             "marker": {"size": 9, "color": "rgba(0,0,0,0)"},
             "hovertemplate": "%{text}<extra></extra>"}]


def _borders(centres: np.ndarray) -> dict:
    """Every node's box outline in one line trace (cheaper for the browser than shapes)."""
    h = HALF + 0.03
    corner_x = np.array([-h, h, h, -h, -h, np.nan])
    corner_y = np.array([-h, -h, h, h, -h, np.nan])
    xs = (centres[:, :1] + corner_x).ravel()
    ys = (centres[:, 1:] + corner_y).ravel()
    return {"type": "scatter", "mode": "lines", "x": rounded(xs, 3), "y": rounded(ys, 3),
            "line": {"color": "#4b5563", "width": 1}, "hoverinfo": "skip", "showlegend": False}


def _labels(pos: list[np.ndarray], names: list[list[str]], titles: list[str],
            title_y: float) -> dict:
    """Column titles, input names (left) and output names (right) as one text trace
    (cheaper for the browser than annotations)."""
    items: list[tuple[float, float, str, str]] = []
    items += [(l * DX, title_y, title, "top center") for l, title in enumerate(titles)]
    items += [(x - HALF - 0.05, y, plain(names[0][k], 14), "middle left")
              for k, (x, y) in enumerate(pos[0].tolist())]
    items += [(x + HALF + 0.05, y, plain(names[-1][k], 14), "middle right")
              for k, (x, y) in enumerate(pos[-1].tolist())]
    xs, ys, texts, where = (list(col) for col in zip(*items, strict=True))
    return {"type": "scatter", "mode": "text", "x": xs, "y": ys, "text": texts,
            "textposition": where, "textfont": {"size": 14, "color": "#111827"},
            "hoverinfo": "skip", "showlegend": False}


def network_figure(sizes: Sequence[int], weights: Sequence[np.ndarray],
                   biases: Sequence[np.ndarray], maps: Sequence[np.ndarray], *,
                   names: list[list[str]], titles: list[str], height: int | None = None) -> dict:
    """sizes: nodes per column (inputs, hidden..., outputs); weights[l]: (sizes[l+1], sizes[l]);
    biases[l]: (sizes[l+1],); maps[l]: (sizes[l], g, g) in [-1, 1]; names[l]: a label per node;
    titles[l]: a heading per column."""
    pos = node_positions(sizes)
    data = _edge_traces(pos, weights)
    n_edges = sum(W.size for W in weights)
    if n_edges <= MAX_HOVER_EDGES:
        data += _edge_hover(pos, weights, names)
    for l, (p, m) in enumerate(zip(pos, maps, strict=True)):
        hover = [f"<b>{names[l][k]}</b>" + (f"<br>bias = {biases[l - 1][k]:.4g}" if l else "")
                 for k in range(sizes[l])]
        data += map_traces(p, m, HALF, hover)
    centres = np.vstack(pos)
    data += [_borders(centres), _labels(pos, names, titles, (max(sizes) - 1) / 2 + 0.62)]
    top = (max(sizes) - 1) / 2
    if height is None:
        height = int(min(760, max(360, 95 * (max(sizes) + 1.6))))
    hidden = {"visible": False, "fixedrange": True}
    return {
        "data": data,
        "layout": {
            "height": height,
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "plot_bgcolor": "white",
            "showlegend": False,
            "font": {"size": 14},
            "xaxis": {**hidden, "range": [-1.6, (len(sizes) - 1) * DX + 1.6]},
            "yaxis": {**hidden, "range": [-top - 0.6, top + 1.35], "scaleanchor": "x"},
            "hovermode": "closest",
        },
    }
