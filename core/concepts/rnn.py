"""The linear layer in an RNN: PyTorch's RNNCell unrolled over a short sequence.

h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh), with torch.nn.RNNCell's two biases.
Shapes: W_ih (hidden, input), b_ih (hidden,), W_hh (hidden, hidden), b_hh (hidden,),
xs (T, input), h0 (hidden,). The same two linear layers (the same numbers) run at every step:
step t is the trace of W_ih x_t + b_ih, the trace of W_hh h_(t-1) + b_hh, their sum and tanh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..nn.activations import Tanh
from ..trace.trace import ForwardTrace, forward_trace
from .common import as_array

MAX_STEPS = 4
PARTS = ("input", "hidden", "tanh")  # the stepper's three positions per time step


@dataclass(frozen=True)
class RnnStep:
    """Step t: input_part = W_ih x_t + b_ih, hidden_part = W_hh h_(t-1) + b_hh (traces),
    pre = their sum (hidden,), h = tanh(pre) (hidden,)."""

    t: int
    x: np.ndarray
    h_prev: np.ndarray
    input_part: ForwardTrace
    hidden_part: ForwardTrace
    pre: np.ndarray
    h: np.ndarray


@dataclass(frozen=True)
class RnnTrace:
    steps: tuple[RnnStep, ...]
    hs: np.ndarray  # (T, hidden): h_1 .. h_T

    @property
    def total_positions(self) -> int:
        """Stepper positions: three per time step (input Linear, hidden Linear, add + tanh)."""
        return len(PARTS) * len(self.steps)


def rnn_unroll(W_ih, b_ih, W_hh, b_hh, xs, h0) -> RnnTrace:
    W_ih = np.asarray(W_ih, dtype=np.float64)
    if W_ih.ndim != 2:
        raise ValueError("W_ih must be a matrix (hidden, input)")
    hidden, n_in = W_ih.shape
    W_ih = as_array(W_ih, "W_ih", (hidden, n_in))
    b_ih = as_array(b_ih, "b_ih", (hidden,))
    W_hh = as_array(W_hh, "W_hh", (hidden, hidden))
    b_hh = as_array(b_hh, "b_hh", (hidden,))
    xs = np.asarray(xs, dtype=np.float64)
    if xs.ndim != 2 or xs.shape[1] != n_in or not 1 <= xs.shape[0] <= MAX_STEPS:
        raise ValueError(f"the sequence must be (T, {n_in}) with T from 1 to {MAX_STEPS}, "
                         f"got {xs.shape}")
    xs = as_array(xs, "xs", xs.shape)
    h = as_array(h0, "h0", (hidden,))
    steps = []
    for t in range(xs.shape[0]):
        inp = forward_trace(W_ih, xs[t], b_ih, "linear")
        rec = forward_trace(W_hh, h, b_hh, "linear")
        pre = inp.z + rec.z
        h_new = Tanh().forward(pre)
        steps.append(RnnStep(t + 1, xs[t].copy(), h, inp, rec, pre, h_new))
        h = h_new
    return RnnTrace(tuple(steps), np.array([s.h for s in steps]))


def position(k: int) -> tuple[int, str] | None:
    """Stepper position k (1-based) -> (time step index from 0, part); None for k = 0."""
    if k <= 0:
        return None
    return (k - 1) // len(PARTS), PARTS[(k - 1) % len(PARTS)]
