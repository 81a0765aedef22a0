"""The geometry of a layer with 2 inputs: where it maps points, and the line it draws."""

from __future__ import annotations

import numpy as np


def transform_points(W: np.ndarray, b: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Images of points under p -> W p + b.  W: (2, 2), b: (2,), P: (k, 2) -> (k, 2)."""
    return np.asarray(P, dtype=np.float64) @ np.asarray(W, dtype=np.float64).T + b


def determinant(W: np.ndarray) -> float:
    """det W for a 2x2 W: the factor by which the layer scales areas (negative: flips)."""
    W = np.asarray(W, dtype=np.float64)
    if W.shape != (2, 2):
        raise ValueError(f"determinant needs a 2x2 W, got {W.shape}")
    return float(W[0, 0] * W[1, 1] - W[0, 1] * W[1, 0])


def unit_square() -> np.ndarray:
    """Corners of the unit square in drawing order, closed: (5, 2)."""
    return np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])


def grid_points(lo: float = -1.0, hi: float = 1.0, count: int = 5) -> np.ndarray:
    """A count x count lattice over [lo, hi]^2: (count^2, 2)."""
    t = np.linspace(lo, hi, count)
    gx, gy = np.meshgrid(t, t)
    return np.column_stack([gx.ravel(), gy.ravel()])


def line_points(w: np.ndarray, b: float, lo: float, hi: float) -> np.ndarray | None:
    """Two points of the line w1 x1 + w2 x2 + b = 0 inside the box [lo, hi]^2 (None if w = 0).
    Returns (2, 2)."""
    w1, w2 = float(w[0]), float(w[1])
    if w1 == 0 and w2 == 0:
        return None
    if abs(w2) >= abs(w1):  # solve for x2 (the line is not steep)
        xs = np.array([lo, hi])
        return np.column_stack([xs, -(w1 * xs + b) / w2])
    ys = np.array([lo, hi])
    return np.column_stack([-(w2 * ys + b) / w1, ys])
