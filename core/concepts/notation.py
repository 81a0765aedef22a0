"""One layer in the three conventions learners meet, with the same numbers.

1. Column vector (the course, most textbooks): z = W x + b, W (out, in), x (in,) a column.
2. PyTorch: y = x A^T + b, x a row (1, in) or a batch (batch, in), A = layer.weight (out, in).
3. Keras / d2l: Y = X W' + b with the kernel W' of shape (in, out): W' = A^T.
All three are the same function; `notation_forms` computes each and their largest gap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..trace.trace import ForwardTrace, forward_trace
from .common import as_array, linear_with


@dataclass(frozen=True)
class NotationForms:
    """column: forward_trace of W x + b (its z: (out,)); pytorch: Linear on the row x (1, out);
    kernel: W' = W^T (in, out); keras: the row x times the kernel plus b (1, out)."""

    W: np.ndarray
    x: np.ndarray
    b: np.ndarray
    column: ForwardTrace
    pytorch: np.ndarray
    kernel: np.ndarray
    keras: np.ndarray

    @property
    def max_difference(self) -> float:
        z = self.column.z
        return float(max(np.max(np.abs(self.pytorch[0] - z)), np.max(np.abs(self.keras[0] - z))))


def notation_forms(W, x, b) -> NotationForms:
    W = np.asarray(W, dtype=np.float64)
    if W.ndim != 2:
        raise ValueError("W must be a matrix (out, in)")
    W = as_array(W, "W", W.shape)
    x = as_array(x, "x", (W.shape[1],))
    b = as_array(b, "b", (W.shape[0],))
    column = forward_trace(W, x, b, "linear")
    row = x[None, :]  # (1, in)
    pytorch = linear_with(W, b).forward(row)  # x A^T + b
    kernel = W.T.copy()  # (in, out): how Keras' Dense and d2l store the same weights
    keras = row @ kernel + b
    return NotationForms(W, x, b, column, pytorch, kernel, keras)
