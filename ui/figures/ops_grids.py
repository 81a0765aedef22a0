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


def short(v: float) -> str:
    """A cell's text: at most 4 significant digits (the equations below show every digit)."""
    return fmt(v, digits=4)


def _hidden(values: np.ndarray, shown: np.ndarray) -> tuple[np.ndarray, list[list[str]]]:
    """Values with not-yet-shown cells neutral (0) and their text '?'. shown: bool, same shape."""
    values, shown = np.atleast_2d(values), np.atleast_2d(shown)
    v = np.where(shown, values, 0.0)
    text = [[short(val) if ok else "?" for val, ok in zip(row, oks, strict=True)]
            for row, oks in zip(values, shown, strict=True)]
    return v, text


def _readable(fig):
    """Smaller cell text than the explorer's: these cells hold 4-digit decimals."""
    fig.update_traces(textfont={"size": 15})
    return fig


BN_LEGEND = {True: "Columns: x = this feature of every row · μ, σ² = the batch mean and "
                   "(biased) variance · x − μ · x̂ = (x − μ)/√(σ² + ε) · y = γx̂ + β.",
             False: "Columns: x = this feature of every row · μ, σ² = the running mean and "
                    "variance (eval mode) · x − μ · x̂ = (x − μ)/√(σ² + ε) · y = γx̂ + β."}
DROPOUT_LEGEND = ("Columns: x · u = the unit's random draw, kept when u ≥ p · mask = keep "
                  "(× 1/(1 − p)) or drop · y = the output.")


def batchnorm_figure(f, training: bool, done: set[str], current: str | None):
    """Feature f (a core.trace.ops_batchnorm.FeatureTrace) of a batch of B rows, one column per
    quantity: x | μ | x − μ | σ² | x̂ | y (the statistics are the batch's in train mode, the
    running ones in eval). done: the stages already shown; current: the stage to outline."""
    B = len(f.values)
    col = np.array(f.values).reshape(B, 1)

    def part(values, stage: str):
        arr = np.array(values, dtype=float).reshape(-1, 1)
        return _hidden(arr, np.full(arr.shape, stage in done))

    m_v, m_t = part([f.mean], "mean" if training else "stats")
    d_v, d_t = part(f.centered, "dev" if training else "norm")
    s_v, s_t = part([f.var], "var" if training else "stats")
    h_v, h_t = part(f.x_hat, "norm")
    y_v, y_t = part(f.y, "affine")
    # Short titles, so they fit over one-cell columns on a phone; the page's caption says
    # what each is (BN_LEGEND).
    blocks = [Block("x", col, [[short(v)] for v in f.values]), Block("μ", m_v, m_t),
              Block("x − μ", d_v, d_t), Block("σ²", s_v, s_t), Block("x̂", h_v, h_t),
              Block("y", y_v, y_t)]
    if current is not None:
        targets = {"mean": (0, 1), "dev": (0, 1, 2), "var": (2, 3), "norm": (2, 3, 4),
                   "affine": (4, 5), "running": (1, 3), "stats": (1, 3)}[current]
        if not training and current == "norm":
            targets = (0, 1, 2, 3, 4)
        for k in targets:
            blocks[k].highlight.update((r, 0) for r in range(blocks[k].values.shape[0]))
    return _readable(grid_figure(blocks))


def dropout_figure(x: np.ndarray, draws: np.ndarray | None, keep: np.ndarray, y: np.ndarray,
                   p: float, scale: float, shown: int, current: int | None):
    """One row of the batch, its units as rows: x | u | mask | y, each (F,). The first `shown`
    units are revealed; unit `current` is outlined. The mask says 'keep' or 'drop' in words
    (its title gives the factor), so colour is never the only carrier."""
    F = x.size
    revealed = np.arange(F) < shown
    col = lambda a: np.asarray(a, dtype=float).reshape(F, 1)  # noqa: E731
    blocks = [Block("x", col(x))]
    if draws is not None:
        u_v, _ = _hidden(col(draws) - p, col(revealed).astype(bool))  # colour: which side of p
        u_t = [[short(float(draws[k]))] if revealed[k] else ["?"] for k in range(F)]
        blocks.append(Block("u", u_v, u_t))
    mask_text = [[("keep" if keep[k] else "drop") if revealed[k] else "?"] for k in range(F)]
    blocks.append(Block("mask", col(np.where(revealed, keep * 2 - 1, 0.0) * 0.6), mask_text))
    y_v, y_t = _hidden(col(y), col(revealed).astype(bool))
    blocks.append(Block("y", y_v, y_t))
    if current is not None:
        for bl in blocks:
            bl.highlight.add((current, 0))
    return _readable(grid_figure(blocks))
