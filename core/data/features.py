"""TensorFlow Playground's extra input features, computed from the two raw coordinates.

A linear layer can only draw straight decision boundaries in the space it is fed. Feeding it
``x1^2`` and ``x2^2`` lets a single layer separate the circle dataset; ``x1*x2`` does the same
for xor. That is the lesson these features exist for: the non-linearity is in the features
(or in an activation), never in the linear layer itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

# Each feature maps the two coordinate columns (batch,) to one column (batch,).
_FEATURE_FUNCS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda a, b: a,
    "x2": lambda a, b: b,
    "x1^2": lambda a, b: a * a,
    "x2^2": lambda a, b: b * b,
    "x1*x2": lambda a, b: a * b,
    "sin x1": lambda a, b: np.sin(a),
    "sin x2": lambda a, b: np.sin(b),
}

FEATURES: tuple[str, ...] = tuple(_FEATURE_FUNCS)


def expand_features(X: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Build the input matrix for the chosen features.

    X: (batch, 2) raw coordinates (x1, x2), finite. names: non-empty, distinct, each in FEATURES.
    Returns (batch, len(names)) float64, columns in the order of ``names``.
    Raises ValueError for a bad shape, non-finite X, or an unknown, repeated or empty selection.
    """
    # A bare string is a Sequence[str] too; "x1" would silently become ["x", "1"].
    if isinstance(names, str):
        raise ValueError(f"names must be a list of feature names, not the string {names!r}")
    names = list(names)
    if not names:
        raise ValueError(f"select at least one feature from: {', '.join(FEATURES)}")
    unknown = [n for n in names if n not in _FEATURE_FUNCS]
    if unknown:
        raise ValueError(f"unknown feature {unknown[0]!r}; choose from: {', '.join(FEATURES)}")
    # A repeated column makes X^T X singular and draws the same input node twice.
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"feature {repeated[0]!r} is selected more than once")

    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (batch, 2) holding (x1, x2), got {X.shape}")
    if not np.isfinite(X).all():
        raise ValueError("X contains NaN or infinite values")

    x1, x2 = X[:, 0], X[:, 1]
    out = np.empty((X.shape[0], len(names)), dtype=np.float64)
    for j, name in enumerate(names):
        out[:, j] = _FEATURE_FUNCS[name](x1, x2)
    return out
