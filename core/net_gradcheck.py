"""Finite-difference checks of every gradient the backpropagation page shows.

Each entry of W, b, x (and W2, b2) is nudged by +-eps and the loss re-evaluated:
(L(p + eps) - L(p - eps)) / (2 eps) estimates dL/dp independently of the backward pass, so
agreement means the chain rule was applied correctly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .chain import Network, network_loss
from .gradcheck import central_difference, relative_error

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


def _kink_rows(net: Network, x: np.ndarray, eps: float) -> np.ndarray:
    """(n,) True where layer 1's z_i is so close to 0 that a nudge of eps crosses ReLU's corner."""
    n = np.shape(net.W)[0]
    if net.activation not in KINKED:
        return np.zeros(n, dtype=bool)
    z = net.W @ x + net.b
    reach = eps * max(1.0, float(np.max(np.abs(x))), float(np.max(np.abs(net.W))))
    return np.abs(z) <= 2.0 * reach


def check_network(net: Network, x: np.ndarray, loss: str, target: object,
                  analytic: dict[str, np.ndarray], eps: float = EPS) -> dict[str, ParamCheck]:
    """Compare `analytic` (names W, b, x, W2, b2 as NetworkTrace.grads()) with central
    differences of the loss. Returns one ParamCheck per name, in the same order."""
    work = {k: np.array(v, dtype=np.float64) for k, v in net.params().items()}
    work["x"] = np.array(x, dtype=np.float64)

    def loss_now() -> float:  # reads the arrays central_difference perturbs in place
        return network_loss(net.with_params(work), work["x"], loss, target)

    kink_rows = _kink_rows(net, work["x"], eps)
    any_kink = bool(kink_rows.any())
    out: dict[str, ParamCheck] = {}
    for name, grad in analytic.items():
        a = np.asarray(grad, dtype=np.float64)
        num = central_difference(loss_now, work[name], eps)
        ok = np.abs(a - num) <= PASS_ATOL + PASS_RTOL * (np.abs(a) + np.abs(num))
        if name == "W":
            kink = np.repeat(kink_rows[:, None], a.shape[1], axis=1)
        elif name == "b":
            kink = kink_rows.copy()
        else:  # x and layer 2 see every kinked output of layer 1
            kink = np.full(a.shape, any_kink)
        out[name] = ParamCheck(name, a, num, relative_error(a, num), ok, kink & ~ok)
    return out
