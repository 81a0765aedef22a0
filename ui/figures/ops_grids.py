"""Step pictures for /operations' batch-norm and dropout views, drawn with the explorer's
annotated heatmap blocks (ui.figures.layer_grid): every cell shows its number, cells not
computed yet show '?' (and a neutral colour that does not give the answer away), and the
cells of the current step are outlined.

Pure: trace data in, plotly figure out.
"""

from __future__ import annotations

import numpy as np

from ui.figures.layer_grid import Block, grid_figure
from ui.format import fmt

BN_STAGES = ("mean", "dev", "var", "norm", "affine", "running")
BN_EVAL_STAGES = ("stats", "norm", "affine")


def _hidden(values: np.ndarray, shown: np.ndarray) -> tuple[np.ndarray, list[list[str]]]:
    """Values with not-yet-shown cells neutral (0) and their text '?'. shown: bool, same shape."""
    v = np.where(shown, values, 0.0)
    text = [[fmt(val) if ok else "?" for val, ok in zip(row, oks, strict=True)]
            for row, oks in zip(np.atleast_2d(values), np.atleast_2d(shown), strict=True)]
    return np.atleast_2d(v), text


def batchnorm_figure(X: np.ndarray, mean: np.ndarray, centered: np.ndarray, var: np.ndarray,
                     x_hat: np.ndarray, Y: np.ndarray, done: dict[str, set[int]],
                     current: tuple[int, str] | None, training: bool):
    """X, centered, x_hat, Y: (B, F); mean, var: (F,) — the statistics used to normalize.
    done[stage] is the set of features j whose `stage` is shown; current = (j, stage) is
    outlined. Columns are features."""
    B, F = X.shape
    cols = np.arange(F)

    def col_mask(stage: str, rows: int) -> np.ndarray:
        return np.tile(np.isin(cols, sorted(done.get(stage, set()))), (rows, 1))

    stats = "mean" if training else "stats"
    varst = "var" if training else "stats"
    m_v, m_t = _hidden(mean.reshape(1, F), col_mask(stats, 1))
    d_v, d_t = _hidden(centered, col_mask("dev" if training else "norm", B))
    s_v, s_t = _hidden(var.reshape(1, F), col_mask(varst, 1))
    h_v, h_t = _hidden(x_hat, col_mask("norm", B))
    y_v, y_t = _hidden(Y, col_mask("affine", B))
    mu = "batch mean μ" if training else "running mean"
    sigma = "batch var σ²" if training else "running var"
    blocks = [Block("X", X, operator_after=""), Block(mu, m_v, m_t), Block("x − μ", d_v, d_t),
              Block(sigma, s_v, s_t), Block("x̂", h_v, h_t), Block("y = γx̂ + β", y_v, y_t)]
    if current is not None:
        j, stage = current
        targets = {"mean": (0, 1), "dev": (0, 1, 2), "var": (2, 3), "norm": (2, 3, 4),
                   "affine": (4, 5), "running": (1, 3), "stats": (1, 3)}[stage]
        if not training and stage == "norm":
            targets = (0, 1, 2, 3, 4)
        for k in targets:
            rows = blocks[k].values.shape[0]
            blocks[k].highlight.update((r, j) for r in range(rows))
    return grid_figure(blocks)


def dropout_figure(X: np.ndarray, draws: np.ndarray | None, keep: np.ndarray, Y: np.ndarray,
                   p: float, scale: float, shown: int, current: int | None):
    """X, draws, keep, Y: (B, F). The first `shown` units (row by row) are revealed; unit
    `current` (flat index) is outlined. The mask block says 'keep ×s' or 'drop' in words."""
    B, F = X.shape
    flat = np.arange(B * F).reshape(B, F)
    revealed = flat < shown
    blocks = [Block("x", X)]
    if draws is not None:
        u_v, u_t = _hidden(draws - p, revealed)  # coloured by the side of p it falls on
        u_t = [[fmt(round(float(draws[r, c]), 3)) if revealed[r, c] else "?" for c in range(F)]
               for r in range(B)]
        blocks.append(Block(f"u (keep if u ≥ {fmt(p)})", u_v, u_t))
    mask_text = [[("keep ×" + fmt(round(scale, 4)) if keep[r, c] else "drop")
                  if revealed[r, c] else "?" for c in range(F)] for r in range(B)]
    blocks.append(Block("mask", np.where(revealed, keep * 2 - 1, 0.0) * 0.6, mask_text))
    y_v, y_t = _hidden(Y, revealed)
    blocks.append(Block("y", y_v, y_t))
    if current is not None:
        r, c = divmod(current, F)
        for bl in blocks:
            bl.highlight.add((r, c))
    return grid_figure(blocks)
