"""The network drawn as Playground does, as an ECharts graph (pure: arrays in, dict out): a
column of nodes per layer, each node a small map of its output, edges coloured (and, when
negative, dashed) by the sign of the weight and as thick as its size, weights and biases on
hover."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ui.figures.colors import NEGATIVE, POSITIVE

DX = 2.3  # column spacing, in units of the node spacing
# The chart stretches to its column (about 440 px beside the boundary on a 1280 px projector,
# 830 px at 1920, 360 px on a phone) but never below min_width(sizes): sizes in px are chosen
# for that narrowest width, so node maps, names and titles never overprint; wider screens only
# spread the columns, and a deep network on a phone scrolls sideways (ui.style.scroll_box).
COLUMN_MIN_PX = 82  # px per column of nodes at the narrowest (a phone shows 4 columns)
SIDE = 14  # px left and right of the outer columns (their names sit under the nodes)
PAD = 10  # px above and below
MAX_HEIGHT = 370  # px: the network and the boundary share the first screen at 1280 x 720
LABEL_CHARS = 10  # an input or output name beside its node (the tooltip has all of it)
# |w| thresholds and the line width (px) of each bucket.
WIDTH_EDGES = (0.1, 0.3, 0.6, 1.0, 2.0)
WIDTHS = (0.7, 1.5, 2.5, 3.5, 5.0, 7.0)
TEXT = {"fontSize": 14, "color": "#111827"}


def min_width(sizes: Sequence[int]) -> int:
    """The narrowest the chart may be drawn (px): every column gets COLUMN_MIN_PX."""
    return max(340, COLUMN_MIN_PX * len(sizes) + 2 * SIDE)


def layout(sizes: Sequence[int]) -> tuple[float, int, tuple[float, float], tuple[float, float]]:
    """(node box side px, chart height px, x range, y range). Rows are 1 unit apart and as
    tall as MAX_HEIGHT allows (84 px at most); a node's box fits both its row and the column
    spacing at min_width(sizes). The chart must be drawn this tall (node symbols are sized in
    px)."""
    tallest, columns = max(sizes), len(sizes)
    x_range = (-0.55, (columns - 1) * DX + 0.55)
    y_range = (-(tallest - 1) / 2 - 1.45, (tallest - 1) / 2 + 0.6)  # titles above
    span_x, span_y = x_range[1] - x_range[0], y_range[1] - y_range[0]
    row_px = min(84.0, (MAX_HEIGHT - 2 * PAD) / span_y)
    gap_px = (min_width(sizes) - 2 * SIDE) / span_x * DX
    box = round(min(0.72 * row_px, 0.55 * gap_px), 1)
    return box, int(row_px * span_y + 2 * PAD), x_range, y_range


def short(name: str, limit: int = LABEL_CHARS) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def column_px(sizes: Sequence[int]) -> float:
    """Px between two columns' centres on the narrowest chart (min_width)."""
    _, _, x_range, _ = layout(sizes)
    return (min_width(sizes) - 2 * SIDE) / (x_range[1] - x_range[0]) * DX


def wrap_title(title: str, width_px: float, size: float = 14) -> str:
    """A column title broken into lines that fit `width_px` ("Layer 1\n8 × leaky_relu" ->
    "Layer 1\n8 ×\nleaky_relu" on a phone), so neighbouring titles never overprint."""
    out = []
    for line in title.split("\n"):
        current = ""
        for word in line.split(" "):
            trial = f"{current} {word}" if current else word
            if current and 0.62 * size * len(trial) > width_px:
                out.append(current)
                current = word
            else:
                current = trial
        out.append(current)
    return "\n".join(out)


def node_positions(sizes: Sequence[int]) -> list[np.ndarray]:
    """One (n_l, 2) array of node centres per layer; columns DX apart, nodes 1 apart, centred,
    first node at the top (the y axis points down, as on screen)."""
    return [np.column_stack([np.full(n, l * DX), np.arange(n) - (n - 1) / 2])
            for l, n in enumerate(sizes)]


def _edges(pos: list[np.ndarray], weights: Sequence[np.ndarray], names: list[list[str]],
           half: float) -> list[dict]:
    """One lines series per (sign, width bucket): a uniform style per series (ECharts drew
    stray segments when widths varied per edge), a weight on hover per edge. Edges run between
    the boxes' sides (half: half a box, in x units), not under the maps."""
    buckets: dict[tuple[bool, int], list[dict]] = {}
    for l, W in enumerate(weights):  # W: (n_{l+1}, n_l); edge i -> j carries W[j, i]
        bucket = np.searchsorted(WIDTH_EDGES, np.abs(W))
        src = (pos[l] + [half, 0.0]).tolist()
        dst = (pos[l + 1] - [half, 0.0]).tolist()
        for j in range(W.shape[0]):
            for i in range(W.shape[1]):
                w = float(W[j, i])
                item = {"coords": [src[i], dst[j]], "value": float(f"{w:.4g}"),
                        "name": f"{names[l][i]} → {names[l + 1][j]}"}
                buckets.setdefault((w > 0, int(bucket[j, i])), []).append(item)
    return [{"type": "lines", "coordinateSystem": "cartesian2d", "data": items,
             # Negative weights are dashed as well as blue: colour is not the only carrier.
             "lineStyle": {"color": POSITIVE if positive else NEGATIVE, "width": WIDTHS[b],
                           "opacity": 0.85, "curveness": 0,
                           "type": "solid" if positive else "dashed"},
             "emphasis": {"lineStyle": {"opacity": 1}},
             "tooltip": {"formatter": "{b}<br/>w = {c}"}}
            for (positive, b), items in sorted(buckets.items())]


def network_option(sizes: Sequence[int], weights: Sequence[np.ndarray],
                   biases: Sequence[np.ndarray], maps: Sequence[Sequence[str]], *,
                   names: list[list[str]], titles: list[str]) -> dict:
    """sizes: nodes per column (inputs, hidden..., outputs); weights[l]: (sizes[l+1], sizes[l]);
    biases[l]: (sizes[l+1],); maps[l]: an image URI per node of column l; names[l]: a label per
    node (safe text, see compact.chart_text); titles[l]: a heading per column (may hold a line
    break)."""
    box, _height, x_range, y_range = layout(sizes)
    pos = node_positions(sizes)
    nodes = []
    for l, (p, uris) in enumerate(zip(pos, maps, strict=True)):
        side = "left" if l == 0 else "right" if l == len(sizes) - 1 else None
        for k, ((x, y), uri) in enumerate(zip(p.tolist(), uris, strict=True)):
            tip = f"<b>{names[l][k]}</b>" + (f"<br/>bias = {biases[l - 1][k]:.4g}" if l else "")
            nodes.append({"value": [x, y], "name": names[l][k], "symbol": uri,
                          "symbolSize": box, "tooltip": {"formatter": tip},
                          # Under the node: beside it, a name ran into the next column.
                          "label": {"show": side is not None, "position": "bottom",
                                    "distance": 3, "formatter": short(names[l][k])}})
    fit = column_px(sizes) * 0.95
    heads = [{"value": [l * DX, y_range[0] + 0.45], "name": wrap_title(t, fit)}
             for l, t in enumerate(titles)]
    axis = {"type": "value", "show": False}
    return {
        "animation": False,
        "textStyle": TEXT,
        "grid": {"left": SIDE, "right": SIDE, "top": PAD, "bottom": PAD},
        "xAxis": {**axis, "min": x_range[0], "max": x_range[1]},
        "yAxis": {**axis, "min": y_range[0], "max": y_range[1], "inverse": True},
        "tooltip": {"trigger": "item"},
        "series": [
            # Edges run centre to centre under the nodes (the chart's width, hence its px per
            # x unit, is only known in the browser).
            *_edges(pos, weights, names, 0.0),
            # zlevel 1: its own canvas layer over the edges ("z" alone left them on top).
            {"type": "scatter", "data": nodes, "zlevel": 1, "itemStyle": {"opacity": 1},
             "label": {"formatter": "{b}", "fontSize": 14, "color": "#111827"},
             "emphasis": {"scale": False}},
            {"type": "scatter", "data": heads, "symbolSize": 0, "silent": True,
             "label": {"show": True, "position": "inside", "formatter": "{b}",
                       "fontSize": 14, "lineHeight": 18, "color": "#111827"},
             "tooltip": {"show": False}},
        ],
    }
