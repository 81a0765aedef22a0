"""Dropout, number by number: the traces the /operations page formats.

Everything comes from the Dropout module the trainer uses (core.nn.layers), given a generator
seeded by the page: p is the probability of DROPPING a unit, as torch.nn.Dropout; each unit
draws u ~ U[0, 1) and is kept when u >= p, and kept values are scaled by 1 / (1 - p) (inverted
dropout, so the expected output equals x and eval mode is the identity).
Shapes: X (B, F) — a vector x is a batch of one row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..nn.layers import Dropout
from ..nn.module import as_float_array

MAX_MASKS = 5000  # the average over N masks: N at most this


@dataclass(frozen=True)
class DropoutTrace:
    """One forward pass. X, draws, keep, Y: (B, F). draws are the uniform numbers the module's
    generator produced (a unit is kept when its draw >= p); keep is 1 for kept, 0 for dropped;
    scale = 1 / (1 - p); Y = X * keep * scale in train mode, Y = X in eval mode."""

    training: bool
    p: float
    seed: int
    scale: float
    X: np.ndarray
    draws: np.ndarray | None  # None in eval mode (nothing is drawn)
    keep: np.ndarray
    Y: np.ndarray

    @property
    def kept(self) -> int:
        return int(self.keep.sum())


def _check(X: np.ndarray, p: float) -> np.ndarray:
    X = as_float_array(X, "x")
    if X.ndim == 1:
        X = X.reshape(1, -1)
    if X.ndim != 2 or X.size == 0:
        raise ValueError(f"x must be a vector or a batch (rows, features), got shape {X.shape}")
    if not 0.0 <= float(p) < 1.0:
        raise ValueError(f"p (the probability of dropping) must be in [0, 1), got {p}")
    return X


def make_dropout(p: float, seed: int, training: bool = True) -> Dropout:
    """The trainer's Dropout with a generator from `seed`."""
    d = Dropout(p, rng=np.random.default_rng(int(seed)))
    d.train(training)
    return d


def dropout_trace(X: np.ndarray, p: float, seed: int, training: bool = True) -> DropoutTrace:
    """One pass of Dropout(p) over X with the generator seeded by `seed`."""
    X = _check(X, p)
    p = float(p)
    module = make_dropout(p, seed, training)
    Y = module.forward(X)
    if not training:
        return DropoutTrace(False, p, int(seed), 1.0, X, None, np.ones_like(X), Y)
    # The draws the module compared with p: the same generator, the same first call.
    draws = np.random.default_rng(int(seed)).random(X.shape)
    mask = module._mask if module._mask is not None else np.ones_like(X)
    keep = (mask != 0).astype(np.float64)
    return DropoutTrace(True, p, int(seed), 1.0 / (1.0 - p), X, draws, keep, Y)


def calls_in_mode(X: np.ndarray, p: float, seed: int, calls: int,
                  training: bool) -> np.ndarray:
    """Outputs of `calls` consecutive forward passes of ONE module (as predicting with a model
    left in train mode would): (calls, B, F). In eval mode every call returns X."""
    X = _check(X, p)
    module = make_dropout(p, seed, training)
    return np.stack([module.forward(X) for _ in range(max(int(calls), 1))])


@dataclass(frozen=True)
class DropoutAverage:
    """The running mean of the outputs of N passes (N = 1..n): means (n, B, F); gap[k] is the
    largest |mean - x| after k + 1 masks (it shrinks roughly like 1 / sqrt(N))."""

    X: np.ndarray
    means: np.ndarray
    gap: np.ndarray

    @property
    def n(self) -> int:
        return int(self.means.shape[0])


def dropout_average(X: np.ndarray, p: float, seed: int, n: int) -> DropoutAverage:
    """Average the outputs of n passes of one train-mode Dropout module (new mask each pass)."""
    X = _check(X, p)
    n = int(n)
    if not 1 <= n <= MAX_MASKS:
        raise ValueError(f"the number of masks must be from 1 to {MAX_MASKS}, got {n}")
    outputs = calls_in_mode(X, p, seed, n, training=True)
    means = np.cumsum(outputs, axis=0) / np.arange(1, n + 1)[:, None, None]
    gap = np.abs(means - X).reshape(n, -1).max(axis=1)
    return DropoutAverage(X, means, gap)
