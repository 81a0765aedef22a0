"""Setting up a single layer for the explorer: presets, resizing, and checking typed numbers.

Shapes: W (n, m), x (m,), b (n,) — n outputs, m inputs, each from 1 to MAX_SIZE.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

MAX_SIZE = 8
MAX_ABS_VALUE = 1e6

PRESETS = ("worked_example", "identity", "rotation", "shear", "random_integers", "zeros")
PRESET_LABELS = {
    "worked_example": "Worked example (x = [3, 5, 6])",
    "identity": "Identity",
    "rotation": "2×2 rotation by 30°",
    "shear": "2×2 shear",
    "random_integers": "Small random integers (seeded)",
    "zeros": "All zeros",
}


@dataclass(frozen=True)
class LayerValues:
    """W: (n, m), x: (m,), b: (n,)."""

    W: np.ndarray
    x: np.ndarray
    b: np.ndarray

    @property
    def n(self) -> int:
        return self.W.shape[0]

    @property
    def m(self) -> int:
        return self.W.shape[1]


def check_size(value: int, what: str) -> int:
    if not isinstance(value, int | np.integer) or not 1 <= int(value) <= MAX_SIZE:
        raise ValueError(f"{what} must be a whole number from 1 to {MAX_SIZE}, got {value!r}")
    return int(value)


def preset(name: str, n: int = 2, m: int = 3, seed: int = 0) -> LayerValues:
    """The named example. worked_example is always 1x3, rotation and shear 2x2; identity,
    random_integers and zeros use the requested n x m (identity: ones on the diagonal)."""
    n, m = check_size(n, "outputs n"), check_size(m, "inputs m")
    if name == "worked_example":
        return LayerValues(np.array([[4.0, 2.0, 1.0]]), np.array([3.0, 5.0, 6.0]), np.array([3.0]))
    if name == "rotation":
        # Exact where exact exists: sin 30° = 0.5 (math.sin(pi / 6) is 0.49999999999999994),
        # cos 30° = sqrt(3) / 2 correctly rounded.
        c, s = math.sqrt(3.0) / 2.0, 0.5
        return LayerValues(np.array([[c, -s], [s, c]]), np.array([1.0, 0.0]), np.zeros(2))
    if name == "shear":
        return LayerValues(np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([1.0, 1.0]), np.zeros(2))
    if name == "identity":
        return LayerValues(np.eye(n, m), np.arange(1.0, m + 1), np.zeros(n))
    if name == "random_integers":
        rng = np.random.default_rng(seed)
        return LayerValues(
            rng.integers(-5, 6, size=(n, m)).astype(np.float64),
            rng.integers(-5, 6, size=m).astype(np.float64),
            rng.integers(-5, 6, size=n).astype(np.float64),
        )
    if name == "zeros":
        return LayerValues(np.zeros((n, m)), np.zeros(m), np.zeros(n))
    raise ValueError(f"unknown preset {name!r}; expected one of {', '.join(PRESETS)}")


def resize(values: LayerValues, n: int, m: int) -> LayerValues:
    """Keep every value whose position still exists; new cells are 0."""
    n, m = check_size(n, "outputs n"), check_size(m, "inputs m")
    W = np.zeros((n, m))
    x = np.zeros(m)
    b = np.zeros(n)
    kn, km = min(n, values.n), min(m, values.m)
    W[:kn, :km] = values.W[:kn, :km]
    x[:km] = values.x[:km]
    b[:kn] = values.b[:kn]
    return LayerValues(W, x, b)


def parse_number(raw: object) -> float:
    """A typed cell -> float, or ValueError with a message a learner understands.

    Refuses empty cells, text, NaN, infinity and |value| > 1e6 (so products stay readable).
    """
    if raw is None:  # (a number box sends None when it is empty or holds no number)
        raise ValueError("is empty or not a number: type a number such as -1.5")
    if isinstance(raw, str) and not raw.strip():
        raise ValueError("is empty: type a number")
    if isinstance(raw, str) and re.fullmatch(r"\s*[-−+]?\d+,\d+\s*", raw):
        raise ValueError(f"'{raw.strip()}' uses a decimal comma: write it with a decimal point "
                         f"({raw.strip().replace(',', '.')})")
    if isinstance(raw, bool):
        raise ValueError("must be a number, not true/false")
    if isinstance(raw, str):
        try:
            value = float(raw.strip().replace("−", "-"))
        except ValueError:
            raise ValueError(f"'{raw.strip()[:20]}' is not a number") from None
    else:
        try:
            value = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError("must be a number") from None
    if math.isnan(value):
        raise ValueError("is empty or not a number (NaN)")
    if math.isinf(value):
        raise ValueError("is infinite: type a finite number")
    if abs(value) > MAX_ABS_VALUE:
        limit = f"{MAX_ABS_VALUE:.0f}"  # '1000000', as the page writes it (not '1e+06')
        raise ValueError(f"is too large: keep values between -{limit} and {limit}")
    return value
