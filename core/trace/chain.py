"""One linear layer, or two chained, with a loss on top: the forward pass, the loss and the
backward pass as one record, plus the backward stepper's steps.

One layer:  z = W x + b,  a = f(z),  L = loss(a, t).
Two layers: z = W x + b,  a = f(z),  z2 = W2 a + b2,  y = f2(z2),  L = loss(y, t).
Layer 2's activation f2 is linear by default (y = z2 goes straight into the loss, as logits for
bce/ce); a sigmoid there with MSE is the common textbook two-layer example.

Shapes: x (m,), W (n, m), b (n,), W2 (k, n), b2 (k,); the loss reads (n,) or (k,).
The chain rule in numbers: layer 2's backward gives delta2 = dL/dy * f2'(z2) and
dL/da = W2^T delta2, and that vector *is* layer 1's upstream gradient dL/da, from which
delta1 = dL/da * f'(z) as for one layer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..nn.activations import make_activation
from .loss_trace import LossTrace, loss_trace, loss_value
from .trace import BackwardTrace, ForwardTrace, backward_trace, forward_trace


@dataclass(frozen=True)
class Network:
    """W (n, m), b (n,), the activation after layer 1, and optionally W2 (k, n), b2 (k,) with
    their own activation (activation2, 'linear' unless set; ignored without a second layer)."""

    W: np.ndarray
    b: np.ndarray
    activation: str
    W2: np.ndarray | None = None
    b2: np.ndarray | None = None
    activation2: str = "linear"

    def __post_init__(self) -> None:
        if (self.W2 is None) != (self.b2 is None):
            raise ValueError("a second layer needs both W2 and b2")
        if self.W2 is not None:
            n = np.shape(self.W)[0]
            if np.ndim(self.W2) != 2 or np.shape(self.W2)[1] != n:
                raise ValueError(f"W2 must have {n} columns (one per output of layer 1), "
                                 f"got shape {np.shape(self.W2)}")
            if np.shape(self.b2) != (np.shape(self.W2)[0],):
                raise ValueError(f"b2 must have {np.shape(self.W2)[0]} entries (one per row "
                                 f"of W2), got shape {np.shape(self.b2)}")

    @property
    def two_layers(self) -> bool:
        return self.W2 is not None

    @property
    def out_size(self) -> int:
        """How many numbers the loss reads: n, or k with two layers."""
        return int(np.shape(self.W2 if self.W2 is not None else self.W)[0])

    def params(self) -> dict[str, np.ndarray]:
        """The learnable arrays by name: W, b (and W2, b2)."""
        out = {"W": self.W, "b": self.b}
        if self.W2 is not None:
            out.update(W2=self.W2, b2=self.b2)
        return out

    def with_params(self, params: dict[str, np.ndarray]) -> Network:
        return replace(self, **{k: v for k, v in params.items() if k in self.params()})


def forward(net: Network, x: np.ndarray) -> np.ndarray:
    """The output the loss reads, vectorised (no trace): (n,) or (k,)."""
    a = make_activation(net.activation).forward(net.W @ x + net.b)
    if net.W2 is None:
        return a
    return make_activation(net.activation2).forward(net.W2 @ a + net.b2)


@dataclass(frozen=True)
class BackStep:
    """One stepper position of the backward pass, on layer 1 or 2 (layer 2 comes first).

    kind: 'dA' (upstream gradient dL/da_i), 'delta' (f'(z_i) and delta_i), 'dW' (i, j),
    'db' (i) or 'dx' (j, layer 1 only: with two layers, layer 2's dL/d(input) is layer 1's dA).
    """

    kind: str
    layer: int
    i: int
    j: int = -1


@dataclass(frozen=True)
class NetworkTrace:
    """Everything the backpropagation page shows, from one forward and backward pass.

    layer1/back1: layer 1's forward and backward traces; layer2/back2: layer 2's (activation
    net.activation2), or None; loss: the loss step by step on `output`; steps: the backward stepper.
    """

    net: Network
    x: np.ndarray
    layer1: ForwardTrace
    layer2: ForwardTrace | None
    output: np.ndarray
    loss: LossTrace
    back2: BackwardTrace | None
    back1: BackwardTrace
    steps: tuple[BackStep, ...]

    def grads(self) -> dict[str, np.ndarray]:
        """Analytic dL/d(param) for every learnable array, and dL/dx under the name 'x'."""
        out = {"W": self.back1.dW, "b": self.back1.db, "x": self.back1.dx}
        if self.back2 is not None:
            out.update(W2=self.back2.dW, b2=self.back2.db)
        return out


def _layer_steps(layer: int, n: int, m: int, with_dx: bool) -> list[BackStep]:
    steps = [BackStep("dA", layer, i) for i in range(n)]
    steps += [BackStep("delta", layer, i) for i in range(n)]
    steps += [BackStep("dW", layer, i, j) for i in range(n) for j in range(m)]
    steps += [BackStep("db", layer, i) for i in range(n)]
    if with_dx:
        steps += [BackStep("dx", layer, -1, j) for j in range(m)]
    return steps


def network_trace(net: Network, x: np.ndarray, loss: str, target: object) -> NetworkTrace:
    """Forward through one or two layers, the loss step by step, then backward to x.

    target: (out_size,) numbers for mse/bce, a class index (from 0) for ce."""
    x = np.asarray(x, dtype=np.float64)
    layer1 = forward_trace(net.W, x, net.b, net.activation)
    n, m = np.shape(net.W)
    if net.W2 is None:
        output = layer1.a
        lt = loss_trace(loss, output, target)
        back1 = backward_trace(net.W, x, net.b, net.activation, lt.dA)
        steps = _layer_steps(1, n, m, with_dx=True)
        return NetworkTrace(net, x, layer1, None, output, lt, None, back1, tuple(steps))
    layer2 = forward_trace(net.W2, layer1.a, net.b2, net.activation2)
    output = layer2.a
    lt = loss_trace(loss, output, target)
    back2 = backward_trace(net.W2, layer1.a, net.b2, net.activation2, lt.dA)
    # The chain rule: layer 2's gradient with respect to its input is layer 1's dL/da.
    back1 = backward_trace(net.W, x, net.b, net.activation, back2.dx)
    k = np.shape(net.W2)[0]
    steps = _layer_steps(2, k, n, with_dx=False) + _layer_steps(1, n, m, with_dx=True)
    return NetworkTrace(net, x, layer1, layer2, output, lt, back2, back1, tuple(steps))


def network_loss(net: Network, x: np.ndarray, loss: str, target: object) -> float:
    """L alone (vectorised, no trace): what finite differences and descent runs evaluate."""
    return loss_value(loss, forward(net, np.asarray(x, dtype=np.float64)), target)


def network_grads(net: Network, x: np.ndarray, loss: str, target: object) -> dict[str, np.ndarray]:
    """Analytic gradients without the per-element records (for many descent steps).

    Same names as NetworkTrace.grads(): W, b, x (and W2, b2)."""
    x = np.asarray(x, dtype=np.float64)
    act = make_activation(net.activation)
    z = net.W @ x + net.b
    a = act.forward(z)
    if net.W2 is None:
        out = a
    else:
        act2 = make_activation(net.activation2)
        out = act2.forward(net.W2 @ a + net.b2)
    dout = loss_trace(loss, out, target).dA
    grads: dict[str, np.ndarray] = {}
    if net.W2 is not None:
        delta2 = act2.backward(dout)  # the same module's backward as every other layer
        grads["W2"] = np.outer(delta2, a)
        grads["b2"] = delta2.copy()
        dA = net.W2.T @ delta2
    else:
        dA = dout
    delta = act.backward(dA)
    grads.update(W=np.outer(delta, x), b=delta, x=net.W.T @ delta)
    return grads
