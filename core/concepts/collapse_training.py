"""Two linear layers represent the same functions as one, but they train differently.

One SGD step on the same data and loss, from the same function: the two-layer network
W2 (W1 x + b1) + b2 (parameters W1, b1, W2, b2) and the single layer W x + b with W = W2 W1,
b = W2 b1 + b2. Both start with the same outputs and loss; after the step they differ,
because the gradient of a product W2 W1 moves it differently from the gradient of W itself.
Everything runs on core modules, MSELoss and SGD.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..nn.losses import MSELoss
from ..nn.optim import SGD
from .collapse import collapse_trace, two_layer_network
from .common import linear_with

# Four points and the targets of "swap x1 and x2": a task both models can learn exactly.
STEP_X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])  # (4, 2)
STEP_Y = STEP_X[:, ::-1].copy()  # (4, 2)


@dataclass(frozen=True)
class StepComparison:
    """loss_before: the same for both; loss_after_deep / _single after one step;
    W_after_deep / b_after_deep: the two-layer network collapsed after its step (W2 W1 and
    W2 b1 + b2); W_after_single / b_after_single: the single layer after its step."""

    lr: float
    loss_before: float
    loss_after_deep: float
    loss_after_single: float
    W_after_deep: np.ndarray
    b_after_deep: np.ndarray
    W_after_single: np.ndarray
    b_after_single: np.ndarray

    @property
    def max_difference(self) -> float:
        return float(max(np.max(np.abs(self.W_after_deep - self.W_after_single)),
                         np.max(np.abs(self.b_after_deep - self.b_after_single))))


def _step(model, X: np.ndarray, Y: np.ndarray, lr: float) -> tuple[float, float]:
    loss = MSELoss()
    before = loss.forward(model.forward(X), Y)
    model.zero_grad()
    model.backward(loss.backward())
    SGD(model.parameters(), lr=lr).step()
    return before, MSELoss().forward(model.forward(X), Y)


def one_step_comparison(W1, b1, W2, b2, lr: float = 0.1, X: np.ndarray = STEP_X,
                        Y: np.ndarray = STEP_Y) -> StepComparison:
    """One SGD step (MSE on X: (k, 2), Y: (k, n)) for both models from the same function."""
    collapsed = collapse_trace(W1, b1, W2, b2, np.zeros(np.asarray(W1).shape[1]))
    deep = two_layer_network(W1, b1, W2, b2, "linear")
    single = linear_with(collapsed.W, collapsed.b)
    before_deep, after_deep = _step(deep, X, Y, lr)
    before_single, after_single = _step(single, X, Y, lr)
    l1, l2 = deep.layers[0], deep.layers[2]
    again = collapse_trace(l1.weight.data, l1.bias.data, l2.weight.data, l2.bias.data,
                           np.zeros(l1.in_features))
    return StepComparison(lr, before_deep, after_deep, after_single, again.W, again.b,
                          single.weight.data.copy(), single.bias.data.copy())
