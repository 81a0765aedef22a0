"""Two stacked linear layers collapse into one: W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2).

Shapes: W1 (h, m), b1 (h,), W2 (n, h), b2 (n,), x (m,); the collapsed W = W2 W1 is (n, m)
and b = W2 b1 + b2 is (n,). Every product of the matrix product is a trace: column j of
W2 W1 is W2 applied to column j of W1 (a core.forward_trace with zero bias), and the collapsed
bias is core.forward_trace(W2, b1, b2). With an activation between the layers (act != linear)
the two-layer output is W2 f(W1 x + b1) + b2 and the equality breaks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..nn.activations import ELEMENTWISE_ACTIVATIONS, make_activation
from ..nn.layers import Sequential
from ..trace.trace import ForwardTrace, forward_trace
from .common import as_array, linear_with


@dataclass(frozen=True)
class CollapseTrace:
    """W_columns[j]: the trace of W2 @ W1[:, j] (its z is column j of W); bias: the trace of
    W2 b1 + b2; layer1 = f(W1 x + b1), layer2 = W2 a1 + b2 (the two-layer network);
    single = W x + b (the collapsed layer). difference = layer2.z - single.z: (n,)."""

    act: str
    W: np.ndarray
    b: np.ndarray
    W_columns: tuple[ForwardTrace, ...]
    bias: ForwardTrace
    layer1: ForwardTrace
    layer2: ForwardTrace
    single: ForwardTrace
    difference: np.ndarray

    @property
    def max_difference(self) -> float:
        return float(np.max(np.abs(self.difference)))


def check_layers(W1, b1, W2, b2) -> tuple[np.ndarray, ...]:
    W1 = np.asarray(W1, dtype=np.float64)
    W2 = np.asarray(W2, dtype=np.float64)
    if W1.ndim != 2 or W2.ndim != 2:
        raise ValueError("W1 and W2 must be matrices")
    h, m = W1.shape
    n = W2.shape[0]
    if W2.shape[1] != h:
        raise ValueError(f"W2 must have {h} columns (one per row of W1), got {W2.shape[1]}")
    return (as_array(W1, "W1", (h, m)), as_array(b1, "b1", (h,)),
            as_array(W2, "W2", (n, h)), as_array(b2, "b2", (n,)))


def collapse_trace(W1, b1, W2, b2, x, act: str = "linear") -> CollapseTrace:
    """The collapse with every product, and both networks evaluated at x: (m,)."""
    if act not in ELEMENTWISE_ACTIVATIONS:
        raise ValueError(f"act must be one of {', '.join(ELEMENTWISE_ACTIVATIONS)}, got {act!r}")
    W1, b1, W2, b2 = check_layers(W1, b1, W2, b2)
    x = as_array(x, "x", (W1.shape[1],))
    n = W2.shape[0]
    columns = tuple(forward_trace(W2, W1[:, j], np.zeros(n), "linear")
                    for j in range(W1.shape[1]))
    W = np.column_stack([c.z for c in columns])
    bias = forward_trace(W2, b1, b2, "linear")
    layer1 = forward_trace(W1, x, b1, act)
    layer2 = forward_trace(W2, layer1.a, b2, "linear")
    single = forward_trace(W, x, bias.z, "linear")
    return CollapseTrace(act, W, bias.z.copy(), columns, bias, layer1, layer2, single,
                         layer2.z - single.z)


def two_layer_network(W1, b1, W2, b2, act: str) -> Sequential:
    """The network the trace describes as core modules: Linear -> act -> Linear."""
    W1, b1, W2, b2 = check_layers(W1, b1, W2, b2)
    return Sequential(linear_with(W1, b1), make_activation(act), linear_with(W2, b2))


@dataclass(frozen=True)
class WarpedGrid:
    """Lines of a square grid in the input plane and their images. lines: (k, p, 2) (k lines
    of p points); deep: their images under the two-layer network; single: under the
    collapsed layer W x + b (both (k, p, 2))."""

    lines: np.ndarray
    deep: np.ndarray
    single: np.ndarray


def warped_grid(W1, b1, W2, b2, act: str, half: float = 2.0, count: int = 9,
                points: int = 41) -> WarpedGrid:
    """The grid over [-half, half]^2 (count lines each way) through both networks (2 inputs,
    2 outputs). The images come from core modules evaluated on a fresh copy (nothing cached)."""
    W1, b1, W2, b2 = check_layers(W1, b1, W2, b2)
    if W1.shape[1] != 2 or W2.shape[0] != 2:
        raise ValueError("the warped grid needs 2 inputs and 2 outputs")
    t = np.linspace(-half, half, points)
    offsets = np.linspace(-half, half, count)
    horizontal = [np.column_stack([t, np.full_like(t, c)]) for c in offsets]
    vertical = [np.column_stack([np.full_like(t, c), t]) for c in offsets]
    lines = np.array(horizontal + vertical)  # (2 count, points, 2)
    flat = lines.reshape(-1, 2)
    deep = two_layer_network(W1, b1, W2, b2, act).forward(flat)
    collapsed = collapse_trace(W1, b1, W2, b2, np.zeros(2), "linear")
    single = linear_with(collapsed.W, collapsed.b).forward(flat)
    return WarpedGrid(lines, deep.reshape(lines.shape), single.reshape(lines.shape))
