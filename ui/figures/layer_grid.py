"""The W | x | b | z | a picture of one layer, as annotated heatmap blocks.

Each block is a column-stacked grid of cells that shows its numbers; highlighted cells get a
thick outline. Blocks are laid out left to right on one pair of axes (y grows downwards).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from ui.figures.colors import DIVERGING, HIGHLIGHT, MARK, MARK_DASH
from ui.format import fmt


@dataclass
class Block:
    """A named grid. values: (rows, cols); text overrides what a cell shows ('' hides it).
    highlight: cells outlined solid (the stepper's current cells); marked: cells outlined
    dashed (what a lesson's text refers to, ui.highlight)."""

    title: str
    values: np.ndarray
    text: list[list[str]] | None = None
    highlight: set[tuple[int, int]] = field(default_factory=set)
    operator_after: str = ""
    marked: set[tuple[int, int]] = field(default_factory=set)


def mark_blocks(blocks: Sequence[Block], names: Sequence[str], highlight) -> list[Block]:
    """Copy the cells a ui.highlight.Highlight names into each block's `marked` set: block k
    is the array names[k] (e.g. ("W", "x", "b", "z", "a")). Returns the blocks."""
    for bl, name in zip(blocks, names, strict=False):
        bl.marked |= highlight.cells(name, bl.values.shape)
    return list(blocks)


def cell_outline(x0: float, x1: float, y0: float, y1: float, marked: bool) -> dict:
    """A plotly rect around one cell: solid for the current cell, dashed for a marked one
    (inset a little, so both show when a cell is current and marked)."""
    if not marked:
        return {"type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
                "line": {"color": HIGHLIGHT, "width": 4}}
    inset = 5
    return {"type": "rect", "x0": x0 + inset, "x1": x1 - inset, "y0": y0 + inset,
            "y1": y1 - inset, "line": {"color": MARK, "width": 3, "dash": MARK_DASH},
            "name": "marked"}


def layer_blocks(
    W: np.ndarray,
    x: np.ndarray,
    b: np.ndarray,
    z_text: Sequence[str] | None = None,
    a_text: Sequence[str] | None = None,
    z: np.ndarray | None = None,
    a: np.ndarray | None = None,
    act_label: str = "f",
) -> list[Block]:
    """Blocks for W (n, m), x (m,), b (n,), z and a (n,); z_text/a_text override the labels."""
    n, m = W.shape
    z = np.zeros(n) if z is None else z
    blocks = [
        Block("W", W, operator_after="·"),
        Block("x", x.reshape(m, 1), operator_after="+"),
        Block("b", b.reshape(n, 1), operator_after="="),
        Block("z", z.reshape(n, 1), [[t] for t in z_text] if z_text is not None else None,
              operator_after=f"→ {act_label}" if a is not None else ""),
    ]
    if a is not None:
        a_cells = [[t] for t in a_text] if a_text is not None else None
        blocks.append(Block("a = f(z)", a.reshape(n, 1), a_cells))
    return blocks


# Sizes in px. The figure is laid out in pixels, not stretched to its container: numbers keep
# their size on every screen (a projector's 1280 px or a phone), every cell is as wide as its
# longest number, and a figure wider than its column scrolls sideways (ui.style.fixed_figure).
CELL_H = 54  # a row of cells
CELL_FONT = 20  # the numbers: the largest text of the figure, they are the results
TITLE_FONT = 17
OP_FONT = 24
LABEL_FONT = 15  # the activation's name under the arrow
TITLE_H = 34  # room above the cells for the block titles
PAD = 12  # px between a number and its cell's sides
MARGIN = 8


def text_px(text: str, size: float) -> float:
    """A generous estimate of the rendered width of `text` at font size `size` (px): digits
    and letters of plotly's sans-serif fonts are at most ~0.6 em wide."""
    return 0.62 * size * len(text)


def cell_width(texts: Sequence[str]) -> float:
    """Width (px) of the cells of a block: square, or wider to hold its longest number."""
    return max([CELL_H, *(text_px(t, CELL_FONT) + 2 * PAD for t in texts)])


def operator_annotations(op: str, x: float, y: float) -> tuple[list[dict], float]:
    """The operator between two blocks at centre (x, y), and the gap it needs (px). An
    activation ("→ sigmoid") is an arrow with the function's name under it, so a long name
    never runs into the cells beside it."""
    if op.startswith("→ "):
        name = op[2:]
        notes = [{"x": x, "y": y - 10, "text": "→", "showarrow": False,
                  "font": {"size": OP_FONT}},
                 {"x": x, "y": y + 16, "text": name, "showarrow": False,
                  "font": {"size": LABEL_FONT}}]
        return notes, max(text_px("→", OP_FONT), text_px(name, LABEL_FONT)) + 20
    return ([{"x": x, "y": y, "text": op, "showarrow": False, "font": {"size": OP_FONT}}],
            max(text_px(op, OP_FONT) + 20, 40))


def grid_figure(blocks: list[Block], height: int | None = None) -> go.Figure:
    """One heatmap per block, left to right, with numbers in the cells, outlines on
    highlighted cells and the operators between blocks. Axes are in px (y down), and the
    figure's width and height are set to fit exactly: show it at its own size."""
    traces, shapes, annotations = [], [], []
    max_rows = max(bl.values.shape[0] for bl in blocks)
    mid = TITLE_H + max_rows * CELL_H / 2
    x = 0.0
    for bl in blocks:
        rows, cols = bl.values.shape
        vals = np.asarray(bl.values, dtype=float)
        scale = float(np.max(np.abs(vals))) if vals.size and np.max(np.abs(vals)) > 0 else 1.0
        text = bl.text if bl.text is not None else [[fmt(v) for v in row] for row in vals]
        cw = cell_width([t for row in text for t in row])
        span = max(cols * cw, text_px(bl.title, TITLE_FONT) + 8)
        left = x + (span - cols * cw) / 2
        traces.append({
            "type": "heatmap", "z": (vals / scale).tolist(),
            "x": [left + c * cw for c in range(cols + 1)],  # cell edges
            "y": [TITLE_H + r * CELL_H for r in range(rows + 1)],
            "text": text, "texttemplate": "%{text}",
            "textfont": {"size": CELL_FONT, "color": "#111111"},
            "colorscale": DIVERGING,
            # A wider range than the data keeps every cell light enough for black text.
            "zmin": -1.7, "zmax": 1.7, "showscale": False, "xgap": 2, "ygap": 2,
            "hovertemplate": f"{bl.title}" + ": %{text}<extra></extra>",
        })
        for cells, marked in ((bl.highlight, False), (bl.marked, True)):
            for r, c in sorted(cells):
                shapes.append(cell_outline(left + c * cw, left + (c + 1) * cw,
                                           TITLE_H + r * CELL_H, TITLE_H + (r + 1) * CELL_H,
                                           marked))
        annotations.append({"x": x + span / 2, "y": TITLE_H / 2, "text": f"<b>{bl.title}</b>",
                            "showarrow": False, "font": {"size": TITLE_FONT}})
        x += span
        if bl.operator_after:
            _, gap = operator_annotations(bl.operator_after, 0.0, mid)
            notes, _ = operator_annotations(bl.operator_after, x + gap / 2, mid)
            annotations += notes
            x += gap
        else:
            x += 24
    width = x + 2 * MARGIN
    full_height = height or int(TITLE_H + max_rows * CELL_H + 2 * MARGIN)
    return go.Figure({"data": traces, "layout": {
        "shapes": shapes, "annotations": annotations,
        "xaxis": {"visible": False, "range": [-MARGIN, x + MARGIN], "fixedrange": True},
        "yaxis": {"visible": False, "range": [full_height - MARGIN, -MARGIN],
                  "fixedrange": True},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0},
        "width": int(round(width)), "height": full_height,
        "plot_bgcolor": "white", "paper_bgcolor": "white", "dragmode": False,
    }})
