"""Data and small helpers shared by the trainer tests (made here, not taken from
core.data.datasets, so the trainer is tested on data it did not make)."""

from __future__ import annotations

import numpy as np

from core import Linear, ModelConfig, TrainData, Trainer


def xor_data(n: int = 200, seed: int = 0) -> TrainData:
    """n points uniform in [-1, 1]^2; label 1 where x1 * x2 > 0 (quadrants I and III)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.float64)
    return TrainData(X, y, X[:0], y[:0])


def regression_data(n: int = 80, seed: int = 1, scale: float = 1.0) -> TrainData:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-scale, scale, size=(n, 2))
    y = np.sin(2.0 * X[:, 0]) + 0.5 * X[:, 1] + 0.05 * rng.standard_normal(n)
    return TrainData(X[:60], y[:60], X[60:], y[60:])


def blobs_data(n_per_class: int = 30, seed: int = 2) -> TrainData:
    rng = np.random.default_rng(seed)
    centers = np.array([[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]])
    X = np.concatenate([c + 0.5 * rng.standard_normal((n_per_class, 2)) for c in centers])
    y = np.repeat(np.arange(3), n_per_class)
    order = rng.permutation(len(y))
    X, y = X[order], y[order]
    return TrainData(X[:70], y[:70], X[70:], y[70:])


def best_straight_line_accuracy(X: np.ndarray, y: np.ndarray, n_angles: int = 360) -> float:
    """The best accuracy any half-plane w.x > c reaches on (X, y), by brute force."""
    theta = np.linspace(0.0, 2.0 * np.pi, n_angles, endpoint=False)
    proj = X @ np.stack([np.cos(theta), np.sin(theta)])  # (n, angles)
    best = 0.0
    n = len(y)
    for k in range(n_angles):
        order = np.argsort(proj[:, k])
        ys = y[order]
        # threshold after position i: points 0..i predicted 0, the rest 1
        ones_above = ys[::-1].cumsum()[::-1]  # ones at index >= i
        zeros_below = np.concatenate([[0], (1 - ys).cumsum()])[:-1]  # zeros at index < i
        best = max(best, float(((ones_above + zeros_below) / n).max()))
    return best


def linear_weights(t: Trainer) -> list:
    """The weight Parameters of every Linear layer (what L1/L2 regularize)."""
    return [m.weight for m in t.model.layers if isinstance(m, Linear)]


def all_state(t: Trainer) -> list[np.ndarray]:
    arrays = [p.data.copy() for p in t.params]
    for m in t.model.layers:
        if hasattr(m, "running_mean"):
            arrays += [m.running_mean.copy(), m.running_var.copy()]
    return arrays


def xor_trainer(hidden, activations) -> Trainer:
    cfg = ModelConfig(
        n_inputs=2, hidden=hidden, activations=activations, task="binary", loss="bce",
        optimizer="sgd", lr=0.3, batch_size=10, init="xavier", seed=0,
    )
    return Trainer(cfg, xor_data(200, seed=0))


# A config that uses every moving part (dropout, batch norm, Adam, L2).
RICH = dict(
    n_inputs=2,
    hidden=(6, 4),
    activations=("tanh", "relu"),
    task="binary",
    loss="bce",
    dropout=0.2,
    batch_norm=True,
    optimizer="adam",
    lr=0.01,
    batch_size=8,
    l2=0.001,
    seed=1234,
)
