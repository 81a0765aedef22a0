"""Seeded, deterministic 2-D toy datasets in the spirit of TensorFlow Playground's ``dataset.ts``.

Every generator draws from one ``np.random.default_rng(seed)`` and nothing else, so the same
``(name, n, noise, seed)`` always gives bit-identical arrays (safe to memoise with
``st.cache_data``). Inputs keep Playground's scale: coordinates lie roughly in ``[-6, 6]``
(the circle has radius 5, xor and the regression sets draw from ``[-5, 5]`` / ``[-6, 6]``,
gaussian clusters may spill a little past 6 at high noise). We deliberately do not rescale to
``[-1, 1]``, so that what learners see matches Playground's axes.

Playground labels classes -1/+1; here classification labels are ``0..K-1`` (int64) because the
losses take class indices. Playground's "positive" class (+1) becomes label 1.

How ``noise`` (a fraction in ``[0, 0.5]``, Playground's 0-50 %) acts, as in Playground:

- circle, xor, plane, gaussian-mix: the *label* is computed at a jittered copy of the point
  (jitter uniform in ``[-r, r] * noise`` per axis), the stored point is not moved. So noise
  flips labels near the boundary instead of blurring the inputs.
- spiral: the points themselves get uniform jitter in ``[-1, 1] * noise``.
- gaussians, blobs: noise widens the clusters (variance from 0.5 at noise 0 to 4 at 0.5).

Rows are shuffled (with the same generator) so the first k rows are not all one class.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

DATASETS: tuple[str, ...] = (
    "circle",
    "xor",
    "gaussians",
    "spiral",
    "blobs",
    "plane",
    "gaussian-mix",
)
DATASET_TASKS: dict[str, str] = {
    "circle": "binary",
    "xor": "binary",
    "gaussians": "binary",
    "spiral": "binary",
    "blobs": "multiclass",
    "plane": "regression",
    "gaussian-mix": "regression",
}
TASKS: tuple[str, ...] = ("binary", "multiclass", "regression")

N_MIN, N_MAX = 4, 10_000
NOISE_MIN, NOISE_MAX = 0.0, 0.5
BLOBS_MIN_CLASSES, BLOBS_MAX_CLASSES = 3, 6
TEST_RATIO_MIN, TEST_RATIO_MAX = 0.1, 0.9


@dataclass(frozen=True, eq=False)
class Dataset:
    """A labelled dataset. Arrays are copied on construction and made read-only.

    X: (n, d) float64 inputs (d == 2 for the generated sets; CSV files may have more).
    y: (n,) int64 class indices 0..K-1 for "binary"/"multiclass", float64 targets for
       "regression".
    n_classes: K for classification, 0 for regression.
    label_values: the original label of each class index (``label_values[k]`` is what class k
       was called in a CSV file); empty for generated datasets, whose classes are just 0..K-1.
    """

    X: np.ndarray
    y: np.ndarray
    task: str
    n_classes: int
    feature_names: tuple[str, ...] = ("x1", "x2")
    name: str = ""
    label_values: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        # Validate once here so every producer (generators, CSV loader) is held to one contract.
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, got {self.task!r}")
        X = np.array(self.X, dtype=np.float64, copy=True)
        if X.ndim != 2 or X.shape[1] < 1:
            raise ValueError(f"X must have shape (n, d), got {X.shape}")
        y_dtype = np.float64 if self.task == "regression" else np.int64
        y = np.array(self.y, dtype=y_dtype, copy=True)
        if y.shape != (X.shape[0],):
            raise ValueError(f"y must have shape ({X.shape[0]},), got {y.shape}")
        if len(self.feature_names) != X.shape[1]:
            raise ValueError(
                f"feature_names has {len(self.feature_names)} names for {X.shape[1]} columns"
            )
        if self.task == "regression":
            if self.n_classes != 0:
                raise ValueError("n_classes must be 0 for regression")
        else:
            if self.n_classes < 2:
                raise ValueError(f"classification needs n_classes >= 2, got {self.n_classes}")
            if y.size and (y.min() < 0 or y.max() >= self.n_classes):
                raise ValueError(f"class labels must lie in 0..{self.n_classes - 1}")
            if self.label_values and len(self.label_values) != self.n_classes:
                raise ValueError("label_values must have one entry per class")
        # Read-only: a frozen dataclass whose arrays could be edited in place would be a lie,
        # and cached datasets are shared between reruns.
        X.flags.writeable = False
        y.flags.writeable = False
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "feature_names", tuple(str(f) for f in self.feature_names))
        object.__setattr__(self, "label_values", tuple(self.label_values))

    @property
    def n_samples(self) -> int:
        return int(self.X.shape[0])

    @property
    def class_names(self) -> tuple[str, ...]:
        """Display name of each class index: the CSV label if known, else "0".."K-1"."""
        if self.task == "regression":
            return ()
        if self.label_values:
            return tuple(str(v) for v in self.label_values)
        return tuple(str(k) for k in range(self.n_classes))


# --------------------------------------------------------------------------- argument checks


def _check_int(value: object, name: str, lo: int, hi: int | None) -> int:
    # bool is an int subclass; True as a sample count is always a bug, so refuse it.
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    try:
        v = operator.index(value)  # accepts int and NumPy integers, refuses 10.0 and "10"
    except TypeError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None
    if v < lo or (hi is not None and v > hi):
        allowed = f"from {lo} to {hi}" if hi is not None else f">= {lo}"
        raise ValueError(f"{name} must be {allowed}, got {v}")
    return int(v)


def _check_float(value: object, name: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number from {lo} to {hi}, got {value!r}")
    v = float(value)
    if not np.isfinite(v) or v < lo or v > hi:  # NaN fails every comparison, so test it first
        raise ValueError(f"{name} must be a number from {lo} to {hi}, got {v}")
    return v


# --------------------------------------------------------------------------- generators
# Each returns (X (n, 2), y (n,)) in class order; make_dataset shuffles afterwards.


def _halves(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


def _circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    radius = 5.0
    n_in, n_out = _halves(n)
    # Inner disc r < 2.5 is class 1, outer ring 3.5 <= r < 5 is class 0: a clear gap at noise 0.
    r = np.concatenate(
        [rng.uniform(0.0, radius * 0.5, n_in), rng.uniform(radius * 0.7, radius, n_out)]
    )
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    jitter = rng.uniform(-radius, radius, (n, 2)) * noise
    y = (np.hypot(*(X + jitter).T) < radius * 0.5).astype(np.int64)
    return X, y


def _xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    padding = 0.3  # pushes points off the axes so sign(x1 * x2) is never ambiguous at noise 0
    X = rng.uniform(-5.0, 5.0, (n, 2))
    X += np.where(X > 0, padding, -padding)
    jitter = rng.uniform(-5.0, 5.0, (n, 2)) * noise
    shifted = X + jitter
    y = (shifted[:, 0] * shifted[:, 1] >= 0).astype(np.int64)
    return X, y


def _variance(noise: float) -> float:
    # Playground's scale: variance 0.5 at noise 0 up to 4 at noise 0.5.
    return 0.5 + (4.0 - 0.5) * noise / NOISE_MAX


def _gaussians(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    std = np.sqrt(_variance(noise))
    n_pos, n_neg = _halves(n)
    X = np.concatenate([rng.normal(2.0, std, (n_pos, 2)), rng.normal(-2.0, std, (n_neg, 2))])
    y = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])
    return X, y


def _spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for count, delta, label in zip(_halves(n), (0.0, np.pi), (1, 0), strict=True):
        i = np.arange(count) / count  # count >= 2 because n >= 4
        r = i * 5.0
        t = 1.75 * i * 2.0 * np.pi + delta  # 1.75 turns; the second arm is rotated half a turn
        pts = np.column_stack([r * np.sin(t), r * np.cos(t)])
        xs.append(pts + rng.uniform(-1.0, 1.0, (count, 2)) * noise)
        ys.append(np.full(count, label, np.int64))
    return np.concatenate(xs), np.concatenate(ys)


def _blobs(
    n: int, noise: float, rng: np.random.Generator, n_classes: int
) -> tuple[np.ndarray, np.ndarray]:
    std = np.sqrt(_variance(noise))
    # Centres evenly spaced on a circle of radius 4, class 0 at the top.
    angles = np.pi / 2 + 2.0 * np.pi * np.arange(n_classes) / n_classes
    centres = 4.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    counts = [n // n_classes + (k < n % n_classes) for k in range(n_classes)]
    y = np.repeat(np.arange(n_classes, dtype=np.int64), counts)
    X = centres[y] + rng.normal(0.0, std, (n, 2))
    return X, y


def _plane(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    radius = 6.0
    X = rng.uniform(-radius, radius, (n, 2))
    jitter = rng.uniform(-radius, radius, (n, 2)) * noise
    y = (X + jitter).sum(axis=1) / 10.0  # Playground maps x1 + x2 in [-10, 10] to [-1, 1]
    return X, y


_MIX = np.array(
    [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]],
    dtype=np.float64,
)


def _gaussian_mix(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    radius = 6.0
    X = rng.uniform(-radius, radius, (n, 2))
    p = X + rng.uniform(-radius, radius, (n, 2)) * noise
    # Each bump is +-1 at its centre and falls linearly to 0 at distance 2; the label is the
    # bump with the largest magnitude (Playground's regressGaussian). dist: (n, 6).
    dist = np.hypot(p[:, None, 0] - _MIX[:, 0], p[:, None, 1] - _MIX[:, 1])
    bumps = _MIX[:, 2] * np.clip(1.0 - dist / 2.0, 0.0, 1.0)
    y = bumps[np.arange(n), np.abs(bumps).argmax(axis=1)]
    return X, y


_Generator = Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]
_GENERATORS: dict[str, _Generator] = {
    "circle": _circle,
    "xor": _xor,
    "gaussians": _gaussians,
    "spiral": _spiral,
    "plane": _plane,
    "gaussian-mix": _gaussian_mix,
}


def make_dataset(
    name: str, n: int, noise: float, seed: int, *, n_classes: int | None = None
) -> Dataset:
    """Generate dataset ``name`` with ``n`` points. Returns X: (n, 2) float64, y: (n,).

    n: 4..10_000. noise: 0.0..0.5 (fraction). seed: int >= 0.
    n_classes: only for "blobs", 3..6 (default 3); must be <= n.
    Raises ValueError naming the parameter and its allowed range.
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}")
    n = _check_int(n, "n", N_MIN, N_MAX)
    noise = _check_float(noise, "noise", NOISE_MIN, NOISE_MAX)
    seed = _check_int(seed, "seed", 0, None)
    rng = np.random.default_rng(seed)
    if name == "blobs":
        k = (
            3
            if n_classes is None
            else _check_int(n_classes, "n_classes", BLOBS_MIN_CLASSES, BLOBS_MAX_CLASSES)
        )
        if k > n:
            raise ValueError(f"n must be at least n_classes ({k}) so every class has a point")
        X, y = _blobs(n, noise, rng, k)
    else:
        if n_classes is not None:
            raise ValueError(f"n_classes applies only to 'blobs', not to {name!r}")
        X, y = _GENERATORS[name](n, noise, rng)
        k = 0 if DATASET_TASKS[name] == "regression" else 2
    order = rng.permutation(n)
    return Dataset(X=X[order], y=y[order], task=DATASET_TASKS[name], n_classes=k, name=name)


def train_test_split(
    X: np.ndarray, y: np.ndarray, test_ratio: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle deterministically and split. X: (n, d), y: (n,).

    Returns (X_train, y_train, X_test, y_test) with round(n * test_ratio) test rows, clamped so
    both parts keep at least one row. test_ratio: 0.1..0.9; seed: int >= 0; needs n >= 2.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (n, d), got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X, got {y.shape}")
    test_ratio = _check_float(test_ratio, "test_ratio", TEST_RATIO_MIN, TEST_RATIO_MAX)
    seed = _check_int(seed, "seed", 0, None)
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"need at least 2 rows to split into train and test, got {n}")
    n_test = min(max(int(round(n * test_ratio)), 1), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]
