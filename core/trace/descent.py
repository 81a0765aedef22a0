"""Plain gradient descent on one example: p <- p - lr * dL/dp for W, b (and W2, b2).

x and the target stay fixed; only the layer's parameters learn. A step that makes a number
too large for float64 is reported as an overflow (with the step it happened at), never passed on
as NaN or infinity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .chain import Network, network_grads, network_loss

MAX_STEPS = 1000
STATUSES = ("decreased", "increased", "unchanged", "overflow")
RUN_STATUSES = ("decreased", "bumpy", "grew", "unchanged", "overflow")


def _check_lr(lr: float) -> float:
    lr = float(lr)
    if not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"the learning rate must be a finite number above 0, got {lr}")
    return lr


def _finite(net: Network) -> bool:
    return all(bool(np.all(np.isfinite(v))) for v in net.params().values())


def _safe_loss(net: Network, x: np.ndarray, loss: str, target: object) -> float | None:
    """L, or None when the parameters or the loss are no longer finite numbers."""
    if not _finite(net):
        return None
    with np.errstate(all="ignore"):
        try:
            value = network_loss(net, x, loss, target)
        except ValueError:  # the output itself overflowed
            return None
    return value if math.isfinite(value) else None


def _update(net: Network, grads: dict[str, np.ndarray], lr: float) -> Network:
    with np.errstate(all="ignore"):
        return net.with_params({k: v - lr * grads[k] for k, v in net.params().items()})


def _compare(before: float, after: float) -> str:
    # Rounding can move L by a few ulps even when nothing changed.
    tiny = 1e-12 * max(abs(before), 1e-300)
    if after < before - tiny:
        return "decreased"
    if after > before + tiny:
        return "increased"
    return "unchanged"


@dataclass(frozen=True)
class StepResult:
    """One step. grads: dL/dp before the step (names as Network.params()); `after` holds the
    updated arrays only when finite (status != 'overflow'), else it is None."""

    lr: float
    before: Network
    after: Network | None
    grads: dict[str, np.ndarray]
    loss_before: float
    loss_after: float | None
    status: str

    @property
    def change(self) -> float | None:
        """loss_after - loss_before (negative: the step helped), None after an overflow."""
        return None if self.loss_after is None else self.loss_after - self.loss_before

    @property
    def largest_gradient(self) -> float:
        """The largest |dL/dp| over every parameter: lr times this is the biggest move."""
        return max(float(np.max(np.abs(g))) for g in self.grads.values())


def gradient_step(net: Network, x: np.ndarray, loss: str, target: object, lr: float) -> StepResult:
    """W' = W - lr dL/dW, b' = b - lr dL/db (and W2, b2), with the loss before and after."""
    lr = _check_lr(lr)
    x = np.asarray(x, dtype=np.float64)
    grads = {k: v for k, v in network_grads(net, x, loss, target).items() if k != "x"}
    before = network_loss(net, x, loss, target)
    after_net = _update(net, grads, lr)
    after = _safe_loss(after_net, x, loss, target)
    if after is None:
        return StepResult(lr, net, None, grads, before, None, "overflow")
    return StepResult(lr, net, after_net, grads, before, after, _compare(before, after))


@dataclass(frozen=True)
class DescentRun:
    """`steps` steps (or fewer on overflow). losses: (s + 1,) the loss before step 1, then after
    each finite step; final: the parameters after the last finite step; overflow_step: the step
    whose result was not finite, or None; increases: how many steps raised the loss."""

    lr: float
    steps: int
    losses: np.ndarray
    final: Network
    status: str
    overflow_step: int | None
    increases: int


def run_descent(net: Network, x: np.ndarray, loss: str, target: object, lr: float,
                steps: int) -> DescentRun:
    """Repeat gradient_step `steps` times (1..MAX_STEPS), stopping at the first overflow."""
    lr = _check_lr(lr)
    if not 1 <= int(steps) <= MAX_STEPS:
        raise ValueError(f"steps must be between 1 and {MAX_STEPS}, got {steps}")
    x = np.asarray(x, dtype=np.float64)
    losses = [network_loss(net, x, loss, target)]
    overflow_step = None
    for s in range(1, int(steps) + 1):
        with np.errstate(all="ignore"):
            grads = network_grads(net, x, loss, target)
        grads.pop("x")
        nxt = _update(net, grads, lr)
        value = _safe_loss(nxt, x, loss, target)
        if value is None:
            overflow_step = s
            break
        net = nxt
        losses.append(value)
    arr = np.array(losses)
    ups = int(np.sum(np.diff(arr) > 1e-12 * np.maximum(np.abs(arr[:-1]), 1e-300)))
    if overflow_step is not None:
        status = "overflow"
    else:
        status = _compare(arr[0], arr[-1])
        if status == "increased":
            status = "grew"
        elif status == "decreased" and ups:
            status = "bumpy"
    return DescentRun(lr, int(steps), arr, net, status, overflow_step, ups)


def stable_lr_bound(net: Network, x: np.ndarray, loss: str) -> float | None:
    """For one layer with no activation and MSE: steps with lr above n / (|x|^2 + 1) overshoot
    more every time. Each residual is multiplied per step by 1 - 2 lr (|x|^2 + 1) / n, which
    shrinks only while lr < n / (|x|^2 + 1). None for other set-ups (no simple formula)."""
    if net.two_layers or net.activation != "linear" or loss != "mse":
        return None
    x = np.asarray(x, dtype=np.float64)
    return float(np.shape(net.W)[0] / (float(x @ x) + 1.0))


def fits(net: Network, limit: float) -> bool:
    """True when every parameter is at most `limit` in size (what the editors accept)."""
    return all(bool(np.all(np.abs(v) <= limit)) for v in net.params().values())
