"""The W | x | b | z | a picture of one layer, as annotated heatmap blocks.

Each block is a column-stacked grid of cells that shows its numbers; highlighted cells get a
thick outline. Blocks are laid out left to right on one pair of axes (y grows downwards).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from ui.figures.colors import DIVERGING, HIGHLIGHT
from ui.format import fmt


@dataclass
class Block:
    """A named grid. values: (rows, cols); text overrides what a cell shows ('' hides it)."""

    title: str
    values: np.ndarray
    text: list[list[str]] | None = None
    highlight: set[tuple[int, int]] = field(default_factory=set)
    operator_after: str = ""


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


def grid_figure(blocks: list[Block], height: int | None = None) -> go.Figure:
    """One heatmap per block, with numbers in the cells and outlines on highlighted cells."""
    traces = []
    shapes = []
    annotations = []
    x0 = 0.0
    max_rows = max(bl.values.shape[0] for bl in blocks)
    for bl in blocks:
        rows, cols = bl.values.shape
        vals = np.asarray(bl.values, dtype=float)
        scale = float(np.max(np.abs(vals))) if vals.size and np.max(np.abs(vals)) > 0 else 1.0
        text = bl.text if bl.text is not None else [[fmt(v) for v in row] for row in vals]
        xs = [x0 + c for c in range(cols)]
        traces.append(
            {
                "type": "heatmap",
                "z": (vals / scale).tolist(),
                "x": xs,
                "y": list(range(rows)),
                "text": text,
                "texttemplate": "%{text}",
                "textfont": {"size": 18, "color": "#111111"},
                "colorscale": DIVERGING,
                # A wider range than the data keeps every cell light enough for black text.
                "zmin": -1.7,
                "zmax": 1.7,
                "showscale": False,
                "xgap": 2,
                "ygap": 2,
                "hovertemplate": f"{bl.title}" + "[%{y}]: %{text}<extra></extra>",
            }
        )
        for r, c in bl.highlight:
            shapes.append(
                {
                    "type": "rect",
                    "x0": x0 + c - 0.5,
                    "x1": x0 + c + 0.5,
                    "y0": r - 0.5,
                    "y1": r + 0.5,
                    "line": {"color": HIGHLIGHT, "width": 4},
                }
            )
        annotations.append(
            {"x": x0 + (cols - 1) / 2, "y": -0.85, "text": f"<b>{bl.title}</b>",
             "showarrow": False, "font": {"size": 16}}
        )
        if bl.operator_after:
            annotations.append(
                {"x": x0 + cols - 0.5 + 0.6, "y": (max_rows - 1) / 2, "text": bl.operator_after,
                 "showarrow": False, "font": {"size": 22}}
            )
        x0 += cols + 1.2
    fig = go.Figure(
        {
            "data": traces,
            "layout": {
                "shapes": shapes,
                "annotations": annotations,
                "xaxis": {"visible": False, "range": [-0.7, x0 - 0.5]},
                "yaxis": {"visible": False, "autorange": "reversed", "range": None,
                          "scaleanchor": "x"},
                "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
                "height": height or 90 + 62 * max(max_rows, 2),
                "plot_bgcolor": "white",
                "paper_bgcolor": "white",
                "dragmode": False,
            },
        }
    )
    return fig
