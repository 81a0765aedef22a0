"""Shared helpers for the concept traces: a core Linear with given numbers, checked arrays.

Every concept computes Wx + b with core.Linear (batches) or core.forward_trace (the terms of
one vector); nothing here multiplies weights by inputs itself.
"""

from __future__ import annotations

import numpy as np

from ..nn.linear import Linear


def as_array(value: object, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """value as a float64 array of exactly `shape` with finite entries, else ValueError."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity")
    return arr


def linear_with(W: np.ndarray, b: np.ndarray | None) -> Linear:
    """A core.Linear whose weight is W: (out, in) and bias b: (out,) (None: bias=False)."""
    W = np.asarray(W, dtype=np.float64)
    layer = Linear(W.shape[1], W.shape[0], bias=b is not None, init="zeros")
    layer.weight.data[...] = W
    if b is not None:
        layer.bias.data[...] = np.asarray(b, dtype=np.float64)
    return layer


def apply_over_leading(layer: Linear, X: np.ndarray) -> np.ndarray:
    """torch.nn.Linear semantics over any leading dimensions: (..., in) -> (..., out).

    core.Linear takes (in,) or (batch, in); the leading dimensions are flattened into one
    batch and restored, which is exactly what torch.nn.Linear computes."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim <= 2:
        return layer.forward(X)
    flat = layer.forward(X.reshape(-1, X.shape[-1]))
    return flat.reshape(*X.shape[:-1], layer.out_features)


def frozen(a: np.ndarray) -> np.ndarray:
    """A read-only float64 copy: module-level examples are shared by every session."""
    a = np.array(a, dtype=np.float64)
    a.flags.writeable = False
    return a
