"""Shared Hypothesis strategies for the core tests: small shapes and finite, sane float arrays.

Values stay in |v| <= 10 (MAX_ABS) so finite-difference checks and hand formulas are well
conditioned; shapes stay small so every example runs in microseconds.
"""

from __future__ import annotations

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

MAX_ABS = 10.0
MAX_DIM = 5
MAX_BATCH = 6

# One profile for every core property test: few examples, no per-example deadline (the first
# call of a NumPy path can be slow on a busy 2-core machine).
FAST = settings(max_examples=40, deadline=None)
FASTER = settings(max_examples=25, deadline=None)

dims = st.integers(min_value=1, max_value=MAX_DIM)
batch_sizes = st.integers(min_value=1, max_value=MAX_BATCH)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def finite_floats(max_abs: float = MAX_ABS) -> st.SearchStrategy[float]:
    """Finite float64 in [-max_abs, max_abs], no subnormals."""
    return st.floats(
        min_value=-max_abs,
        max_value=max_abs,
        allow_nan=False,
        allow_infinity=False,
        allow_subnormal=False,
        width=64,
    )


def float_arrays(shape: tuple[int, ...] | st.SearchStrategy, max_abs: float = MAX_ABS):
    """float64 arrays of the given shape (or shape strategy), every entry in |v| <= max_abs."""
    return hnp.arrays(np.float64, shape, elements=finite_floats(max_abs))


def away_from_zero(min_abs: float = 1e-2, max_abs: float = MAX_ABS) -> st.SearchStrategy[float]:
    """Finite floats with min_abs <= |v| <= max_abs: for kinks at 0 (ReLU, LeakyReLU)."""
    magnitude = st.floats(min_value=min_abs, max_value=max_abs, allow_subnormal=False)
    return st.tuples(st.sampled_from([-1.0, 1.0]), magnitude).map(lambda t: t[0] * t[1])


def kink_free_arrays(shape: tuple[int, ...] | st.SearchStrategy, min_abs: float = 1e-2):
    """Arrays whose entries are all at least min_abs away from 0."""
    return hnp.arrays(np.float64, shape, elements=away_from_zero(min_abs))


@st.composite
def vector_or_batch(draw, n_features: int | None = None) -> np.ndarray:
    """A vector (n,) or a batch (batch, n) of finite floats."""
    n = draw(dims) if n_features is None else n_features
    shape = draw(st.sampled_from([(n,), (draw(batch_sizes), n)]))
    return draw(float_arrays(shape))


@st.composite
def linear_cases(draw, batched: bool | None = None):
    """(in_features, out_features, x) with x of shape (in,) or (batch, in)."""
    n_in, n_out = draw(dims), draw(dims)
    if batched is None:
        batched = draw(st.booleans())
    shape = (draw(batch_sizes), n_in) if batched else (n_in,)
    return n_in, n_out, draw(float_arrays(shape))


@st.composite
def spread_batches(draw, min_batch: int = 2, min_std: float = 0.1):
    """(batch, features) arrays in which every column varies (std >= min_std): what batch
    normalization needs for a well-conditioned finite-difference check."""
    n = draw(dims)
    b = draw(st.integers(min_value=min_batch, max_value=MAX_BATCH))
    seed = draw(seeds)
    scale = draw(st.floats(min_value=0.5, max_value=5.0))
    shift = draw(float_arrays((n,), max_abs=5.0))
    rng = np.random.default_rng(seed)
    x = shift + scale * rng.standard_normal((b, n))
    if np.any(x.std(axis=0) < min_std):
        # Re-centre a degenerate column on a fixed spread so the example is still used.
        x = shift + scale * np.linspace(-1.0, 1.0, b)[:, None] * np.ones((1, n))
    return x


@st.composite
def classification_cases(draw, min_classes: int = 2, max_classes: int = 5):
    """(logits (batch, C), labels (batch,) ints in 0..C-1)."""
    c = draw(st.integers(min_value=min_classes, max_value=max_classes))
    b = draw(batch_sizes)
    logits = draw(float_arrays((b, c)))
    labels = np.array(draw(st.lists(st.integers(0, c - 1), min_size=b, max_size=b)))
    return logits, labels
