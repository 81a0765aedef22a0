"""XOR: one neuron cannot classify the four points, a 2-2-1 network with hand-set weights can.

The four points are the corners of the unit square with labels 0, 1, 1, 0. One neuron
predicts class 1 where z = w1 x1 + w2 x2 + b > 0. Why it never gets all four right:
z(0,1) + z(1,0) = (w2 + b) + (w1 + b) = z(0,0) + z(1,1) for every w and b, but all four right
needs the left sum > 0 (both positive) and the right sum <= 0 (both not positive).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..trace.trace import ForwardTrace, forward_trace
from .common import as_array, frozen

XOR_X = frozen([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # (4, 2)
XOR_Y = np.array([0, 1, 1, 0])  # (4,)
XOR_Y.flags.writeable = False  # shared by every session

# OR and NAND in the hidden layer, AND of them at the output: sigmoid units, large weights
# so each is nearly 0 or 1 (the classic hand-set XOR network).
HAND_W1 = frozen([[20.0, 20.0], [-20.0, -20.0]])  # rows: OR, NAND
HAND_B1 = frozen([-10.0, 30.0])
HAND_W2 = frozen([[20.0, 20.0]])  # AND of the two hidden units
HAND_B2 = frozen([-30.0])
HIDDEN_NAMES = ("OR", "NAND")


@dataclass(frozen=True)
class NeuronRow:
    """One XOR point under one neuron: its trace (z), the prediction z > 0, right or wrong."""

    x: np.ndarray
    label: int
    trace: ForwardTrace
    predicted: int
    correct: bool


@dataclass(frozen=True)
class OneNeuron:
    """rows: the four points; correct: how many are right; pair_sums: (z(0,1) + z(1,0),
    z(0,0) + z(1,1)), always equal (the reason 4/4 is impossible)."""

    w: np.ndarray
    b: float
    rows: tuple[NeuronRow, ...]
    correct: int
    pair_sums: tuple[float, float]


def one_neuron(w, b) -> OneNeuron:
    """The neuron z = w . x + b on the four XOR points; w: (2,), b: a number."""
    w = as_array(w, "w", (2,))
    b = float(as_array(b, "b", ()))
    rows = []
    for x, y in zip(XOR_X, XOR_Y, strict=True):
        t = forward_trace(w[None, :], x, np.array([b]), "linear")
        pred = int(t.z[0] > 0)
        rows.append(NeuronRow(x, int(y), t, pred, pred == int(y)))
    z = [r.trace.z[0] for r in rows]
    return OneNeuron(w, b, tuple(rows), sum(r.correct for r in rows),
                     (float(z[1] + z[2]), float(z[0] + z[3])))


@dataclass(frozen=True)
class TwoLayerRow:
    """One XOR point through the 2-2-1 network: hidden trace (sigmoid), output trace."""

    x: np.ndarray
    label: int
    hidden: ForwardTrace
    output: ForwardTrace
    predicted: int


def two_layer_table(W1=HAND_W1, b1=HAND_B1, W2=HAND_W2, b2=HAND_B2) -> tuple[TwoLayerRow, ...]:
    """Forward pass of the 2-2-1 sigmoid network on each XOR point (prediction: output > 0.5)."""
    W1 = as_array(W1, "W1", (2, 2))
    b1 = as_array(b1, "b1", (2,))
    W2 = as_array(W2, "W2", (1, 2))
    b2 = as_array(b2, "b2", (1,))
    rows = []
    for x, y in zip(XOR_X, XOR_Y, strict=True):
        hidden = forward_trace(W1, x, b1, "sigmoid")
        output = forward_trace(W2, hidden.a, b2, "sigmoid")
        rows.append(TwoLayerRow(x, int(y), hidden, output, int(output.a[0] > 0.5)))
    return tuple(rows)
