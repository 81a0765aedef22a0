"""Finite-difference checks of every gradient the backpropagation page shows.

Each entry of W, b, x (and W2, b2) is nudged by +-eps and the loss re-evaluated:
(L(p + eps) - L(p - eps)) / (2 eps) estimates dL/dp independently of the backward pass, so
agreement means the chain rule was applied correctly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..nn.activations import make_activation
from ..nn.gradcheck import central_difference, relative_error
from .chain import Network, network_loss

EPS = 1e-6
PASS_RTOL = 1e-5  # element passes when |analytic - numeric| <= ATOL + RTOL (|analytic| + |numeric|)
PASS_ATOL = 1e-7  # covers gradients that are zero up to rounding noise
KINKED = ("relu", "leaky_relu")


@dataclass(frozen=True)
class ParamCheck:
    """One array's check; every field has the array's shape (W (n, m), b (n,), ...).

    kink: True where the element's output sits (within the nudge) on ReLU's corner at z = 0,
    where the derivative does not exist, so the two estimates may honestly disagree."""

    name: str
    analytic: np.ndarray
    numeric: np.ndarray
    rel_error: np.ndarray
    passed: np.ndarray
    kink: np.ndarray

    @property
    def all_passed(self) -> bool:
        return bool(np.all(self.passed | self.kink))

    @property
    def max_rel_error(self) -> float:
        return float(self.rel_error.max()) if self.rel_error.size else 0.0


def _near_corner(activation: str, W: np.ndarray, inp: np.ndarray, b: np.ndarray,
                 eps: float) -> np.ndarray:
    """(rows,) True where z_i = (W inp + b)_i is so close to 0 that a nudge of eps crosses
    ReLU's corner (always False for smooth activations)."""
    if activation not in KINKED:
        return np.zeros(np.shape(W)[0], dtype=bool)
    z = W @ inp + b
    reach = eps * max(1.0, float(np.max(np.abs(inp))), float(np.max(np.abs(W))))
    return np.abs(z) <= 2.0 * reach


def _kink_rows(net: Network, x: np.ndarray, eps: float) -> np.ndarray:
    """(n,) True where layer 1's z_i is so close to 0 that a nudge of eps crosses ReLU's corner."""
    return _near_corner(net.activation, net.W, x, net.b, eps)


def _kink_rows2(net: Network, x: np.ndarray, eps: float) -> np.ndarray:
    """(k,) the same for layer 2's z2 (empty without a second layer)."""
    if net.W2 is None:
        return np.zeros(0, dtype=bool)
    a = make_activation(net.activation).forward(net.W @ x + net.b)
    return _near_corner(net.activation2, net.W2, a, net.b2, eps)


def check_network(net: Network, x: np.ndarray, loss: str, target: object,
                  analytic: dict[str, np.ndarray], eps: float = EPS) -> dict[str, ParamCheck]:
    """Compare `analytic` (names W, b, x, W2, b2 as NetworkTrace.grads()) with central
    differences of the loss. Returns one ParamCheck per name, in the same order."""
    work = {k: np.array(v, dtype=np.float64) for k, v in net.params().items()}
    work["x"] = np.array(x, dtype=np.float64)

    def loss_now() -> float:  # reads the arrays central_difference perturbs in place
        return network_loss(net.with_params(work), work["x"], loss, target)

    kink_rows = _kink_rows(net, work["x"], eps)
    kink_rows2 = _kink_rows2(net, work["x"], eps)
    any_kink = bool(kink_rows.any())
    any_kink2 = bool(kink_rows2.any())  # a corner in layer 2 spoils every estimate below it
    out: dict[str, ParamCheck] = {}
    for name, grad in analytic.items():
        a = np.asarray(grad, dtype=np.float64)
        num = central_difference(loss_now, work[name], eps)
        ok = np.abs(a - num) <= PASS_ATOL + PASS_RTOL * (np.abs(a) + np.abs(num))
        if name == "W2":  # layer 2's own rows, and every kinked output of layer 1
            kink = np.repeat(kink_rows2[:, None], a.shape[1], axis=1) | any_kink
        elif name == "b2":
            kink = kink_rows2 | any_kink
        elif name == "W":
            kink = np.repeat(kink_rows[:, None], a.shape[1], axis=1) | any_kink2
        elif name == "b":
            kink = kink_rows | any_kink2
        else:  # x sees every kinked output of either layer
            kink = np.full(a.shape, any_kink or any_kink2)
        out[name] = ParamCheck(name, a, num, relative_error(a, num), ok, kink & ~ok)
    return out
