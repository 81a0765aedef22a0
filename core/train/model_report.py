"""What a training page shows about a model besides its loss: the loss as data loss + penalty,
the weights' histogram and how many are exactly 0, and the layers in order (with Dropout and
BatchNorm1d, and whether the model is in train or eval mode).

Pure NumPy on the trainer's own modules (core.nn.layers, core.nn.linear); biases are not weights
here, as the penalty never touches them (core.trace.ops_penalty's convention, which the Trainer's
penalty() follows: l1 * sum|w| + (l2 / 2) * sum w^2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..nn.layers import BatchNorm1d, Dropout, Sequential
from ..nn.linear import Linear
from ..trace.ops_penalty import penalty_value

NEAR_ZERO = 1e-3


@dataclass(frozen=True)
class WeightReport:
    """weights: every Linear weight, flattened (biases excluded). counts (bins,) over edges
    (bins + 1,), symmetric around 0. penalty = l1 part + l2 part."""

    weights: np.ndarray
    l1_part: float
    l2_part: float
    exact_zeros: int
    near_zeros: int  # |w| < NEAR_ZERO, including the exact zeros
    counts: np.ndarray
    edges: np.ndarray

    @property
    def penalty(self) -> float:
        return self.l1_part + self.l2_part


def linear_weights(model: Sequential) -> list[np.ndarray]:
    return [m.weight.data for m in model.layers if isinstance(m, Linear)]


def weight_report(model: Sequential, l1: float, l2: float, bins: int = 21) -> WeightReport:
    """The weights of every Linear layer in `model`, their penalty and histogram."""
    arrays = linear_weights(model)
    w = np.concatenate([a.reshape(-1) for a in arrays]) if arrays else np.zeros(0)
    l1_part = sum(penalty_value(a, l1, "l1") for a in arrays) if l1 else 0.0
    l2_part = sum(penalty_value(a, l2, "l2") for a in arrays) if l2 else 0.0
    reach = float(np.max(np.abs(w))) if w.size and np.any(w) else 1.0
    counts, edges = np.histogram(w, bins=bins, range=(-reach, reach))
    return WeightReport(w.copy(), float(l1_part), float(l2_part), int(np.count_nonzero(w == 0)),
                        int(np.count_nonzero(np.abs(w) < NEAR_ZERO)), counts, edges)


@dataclass(frozen=True)
class LayerInfo:
    """One module of the network, as the diagram's caption lists it."""

    kind: str  # 'linear', 'batchnorm', 'dropout' or 'activation'
    text: str


def describe_layers(model: Sequential) -> list[LayerInfo]:
    out = []
    for m in model.layers:
        if isinstance(m, Linear):
            out.append(LayerInfo("linear", f"Linear({m.in_features}→{m.out_features})"))
        elif isinstance(m, BatchNorm1d):
            out.append(LayerInfo("batchnorm", f"BatchNorm1d({m.num_features})"))
        elif isinstance(m, Dropout):
            out.append(LayerInfo("dropout", f"Dropout(p={m.p:g})"))
        elif type(m).__name__ != "Identity":
            out.append(LayerInfo("activation", type(m).__name__))
    return out
