"""Pictures of the backward pass of one layer, as annotated heatmap blocks (pure: numbers and
labels in, plotly figure out).

- delta_figure:   dL/da ⊙ f'(z) = delta  (softmax: Jᵀ · dL/da = delta)
- outer_figure:   the outer product dL/dW = delta · inputᵀ, with inputᵀ above the grid and delta
                  to its left, and dL/db = delta beside it
- input_figure:   Wᵀ · delta = dL/d(input)

Cells not computed yet show '?' (and no colour), so the grids fill in as the stepper advances.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ui.figures.colors import DIVERGING
from ui.figures.layer_grid import (
    CELL_FONT,
    CELL_H,
    MARGIN,
    OP_FONT,
    TITLE_FONT,
    TITLE_H,
    Block,
    cell_outline,
    cell_width,
    grid_figure,
    text_px,
)
from ui.format import fmt

UNKNOWN = "?"


def cell_text(v: float) -> str:
    """A number in a cell, written exactly as the formulas and tables beside the figure write
    it (ui.format.fmt: one way per page); the cells are as wide as their longest number."""
    return fmt(v)


def text_grid(values: np.ndarray) -> list[list[str]]:
    """cell_text for every cell of a 2-D array."""
    return [[cell_text(v) for v in row] for row in np.asarray(values, dtype=float)]


def masked_block(title: str, values: np.ndarray, known: np.ndarray, highlight=(),
                 operator_after: str = "") -> Block:
    """A block whose unknown cells show '?' and no colour. values, known: same 2-D shape."""
    values = np.asarray(values, dtype=float)
    known = np.asarray(known, dtype=bool)
    text = [[cell_text(v) if k else UNKNOWN for v, k in zip(row, krow, strict=True)]
            for row, krow in zip(values, known, strict=True)]
    return Block(title, np.where(known, values, 0.0), text, set(highlight), operator_after)


def column(v: Sequence[float]) -> np.ndarray:
    return np.asarray(v, dtype=float).reshape(-1, 1)


def _mark(block: Block, marks: Mapping[str, set] | None, role: str) -> Block:
    """Cells a lesson names for this block's role ("delta", "dW", ...), outlined dashed."""
    if marks:
        block.marked |= set(marks.get(role, ()))
    return block


def delta_figure(dA: np.ndarray, fprime: np.ndarray, delta: np.ndarray, known_dA: np.ndarray,
                 known_delta: np.ndarray, names: dict[str, str], current: int | None,
                 jacobian: np.ndarray | None = None,
                 marks: Mapping[str, set] | None = None) -> go.Figure:
    """dL/da (n,) ⊙ f'(z) (n,) = delta (n,); with a (n, n) softmax Jacobian: Jᵀ · dL/da.
    marks: role ("dA", "fprime", "delta") -> cells a lesson names, outlined dashed."""
    hi = [(current, 0)] if current is not None else []
    a, z = names["a"], names["z"]
    da = _mark(masked_block(f"∂L/∂{a}", column(dA), column(known_dA), hi), marks, "dA")
    out = _mark(masked_block("δ", column(delta), column(known_delta), hi), marks, "delta")
    if jacobian is not None:
        n = jacobian.shape[0]
        jt = masked_block(f"Jᵀ = ∂{a}/∂{z}", jacobian.T,
                          np.repeat(column(known_delta), n, axis=1),
                          [(current, c) for c in range(n)] if current is not None else [], "·")
        da.operator_after = "="
        return grid_figure([jt, da, out])
    da.operator_after = "⊙"
    fp = _mark(masked_block(f"f′({z})", column(fprime), column(known_delta), hi, "="), marks,
               "fprime")
    return grid_figure([da, fp, out])


@dataclass(frozen=True)
class Placed:
    """A block with its top-left cell at (col, row) on the figure's grid (rows grow down)."""

    block: Block
    col: float
    row: float


def placed_figure(items: Sequence[Placed], labels: Sequence[tuple[float, float, str]] = ()
                  ) -> go.Figure:
    """Blocks anywhere on one grid, each with its title above it; labels: (col, row, text).

    Laid out in px like grid_figure: a grid column is as wide as the longest number of the
    figure (so inputᵀ's cells line up with the columns of ∂L/∂W under them), a grid row is
    CELL_H; show it at its own size."""
    cw = cell_width([t for p in items for row in p.block.text for t in row])
    top = min(p.row for p in items) - 1.0  # one grid row above the first block for its title
    traces, shapes, annotations = [], [], []
    right, bottom = 0.0, 0.0

    def px(col: float, row: float) -> tuple[float, float]:
        return col * cw, TITLE_H + (row - top - 1.0) * CELL_H

    for p in items:
        bl = p.block
        rows, cols = bl.values.shape
        vals = np.asarray(bl.values, dtype=float)
        peak = float(np.max(np.abs(vals))) if vals.size else 0.0
        scale = peak if peak > 0 else 1.0
        x0, y0 = px(p.col, p.row)
        traces.append({
            "type": "heatmap", "z": (vals / scale).tolist(),
            "x": [x0 + c * cw for c in range(cols + 1)],
            "y": [y0 + r * CELL_H for r in range(rows + 1)],
            "text": bl.text, "texttemplate": "%{text}",
            "textfont": {"size": CELL_FONT, "color": "#111111"},
            "colorscale": DIVERGING, "zmin": -1, "zmax": 1, "showscale": False,
            "xgap": 2, "ygap": 2, "hovertemplate": f"{bl.title}: " + "%{text}<extra></extra>",
        })
        for cells, marked in ((bl.highlight, False), (bl.marked, True)):
            for r, c in sorted(cells):
                shapes.append(cell_outline(x0 + c * cw, x0 + (c + 1) * cw, y0 + r * CELL_H,
                                           y0 + (r + 1) * CELL_H, marked))
        annotations.append({"x": x0 + cols * cw / 2, "y": y0 - TITLE_H / 2,
                            "text": f"<b>{bl.title}</b>", "showarrow": False,
                            "font": {"size": TITLE_FONT}})
        right = max(right, x0 + cols * cw, x0 + cols * cw / 2 + text_px(bl.title, TITLE_FONT) / 2)
        bottom = max(bottom, y0 + rows * CELL_H)
    for col, row, text in labels:
        x, y = px(col + 0.5, row + 0.5)
        annotations.append({"x": x, "y": y, "text": text, "showarrow": False,
                            "font": {"size": OP_FONT}})
    height = int(bottom + 2 * MARGIN)
    return go.Figure({"data": traces, "layout": {
        "shapes": shapes, "annotations": annotations,
        "xaxis": {"visible": False, "range": [-MARGIN, right + MARGIN], "fixedrange": True},
        "yaxis": {"visible": False, "range": [bottom + MARGIN, -MARGIN], "fixedrange": True},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0},
        "width": int(round(right + 2 * MARGIN)), "height": height,
        "plot_bgcolor": "white", "paper_bgcolor": "white", "dragmode": False,
    }})


def outer_figure(inp: np.ndarray, delta: np.ndarray, dW: np.ndarray, known_dW: np.ndarray,
                 known_db: np.ndarray, names: dict[str, str], current: tuple[int, int] | None,
                 bias_row: int | None, marks: Mapping[str, set] | None = None) -> go.Figure:
    """inputᵀ (1, m) above dL/dW (n, m), delta (n, 1) to its left, dL/db (n, 1) to its right.

    current: the (i, j) of the dW cell just computed; bias_row: the db cell just computed;
    marks: role ("delta", "dW", "db") -> cells a lesson names."""
    n, m = dW.shape
    x_name, w_name, b_name = names["x"], names["W"], names["b"]
    hi_x = [(0, current[1])] if current else []
    hi_d = [(current[0], 0)] if current else ([(bias_row, 0)] if bias_row is not None else [])
    x_row = masked_block(f"{x_name}ᵀ", np.asarray(inp, float).reshape(1, -1),
                         np.ones((1, m), bool), hi_x)
    d_col = _mark(masked_block("δ", column(delta), np.ones((n, 1), bool), hi_d), marks, "delta")
    grid = _mark(masked_block(f"∂L/∂{w_name} = δ·{x_name}ᵀ", dW, known_dW,
                              [current] if current else []), marks, "dW")
    db = _mark(masked_block(f"∂L/∂{b_name} = δ", column(delta), column(known_db),
                            [(bias_row, 0)] if bias_row is not None else []), marks, "db")
    top = 2.0
    return placed_figure(
        [Placed(x_row, 1.6, 0.0), Placed(d_col, 0.0, top), Placed(grid, 1.6, top),
         Placed(db, 1.6 + m + 0.9, top)],
    )


def input_figure(W: np.ndarray, delta: np.ndarray, dx: np.ndarray, known_dx: np.ndarray,
                 names: dict[str, str], current: int | None,
                 marks: Mapping[str, set] | None = None) -> go.Figure:
    """Wᵀ (m, n) · delta (n,) = dL/d(input) (m,); row `current` of Wᵀ is outlined; marks:
    role ("delta", "dx") -> cells a lesson names."""
    n, m = W.shape
    hi_row = [(current, i) for i in range(n)] if current is not None else []
    wt = masked_block(f"{names['W']}ᵀ", W.T, np.ones((m, n), bool), hi_row, "·")
    d = _mark(masked_block("δ", column(delta), np.ones((n, 1), bool),
                           [(i, 0) for i in range(n)] if current is not None else [], "="),
              marks, "delta")
    out = _mark(masked_block(f"∂L/∂{names['x']}", column(dx), column(known_dx),
                             [(current, 0)] if current is not None else []), marks, "dx")
    return grid_figure([wt, d, out])
