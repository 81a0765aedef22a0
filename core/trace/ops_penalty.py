"""L1 / L2 regularization, number by number: the traces the /operations page formats.

The model is the trainer's Linear, the data loss its MSELoss, the step its SGD (core.nn.optim):
  L2: total = data + (lam / 2) * sum w^2; its gradient lam * w is exactly what PyTorch's
      SGD(weight_decay=lam) adds, so the step IS SGD(weight_decay=lam) on the weights.
  L1: total = data + lam * sum |w|; gradient lam * sign(w) (any value in [-lam, lam] at 0).
      The step: SGD on the data loss gives v, then the penalty's part moves v toward 0 by
      lr * lam but never past it: w = sign(v) * max(|v| - lr * lam, 0) (soft-thresholding,
      the proximal-gradient rule; PyTorch has no built-in L1). A weight whose data gradient
      is smaller than lam in size therefore stays at exactly 0.
Biases are never penalized (as PyTorch's usual parameter groups and TensorFlow Playground).
Shapes: W (n, m), b (n,), x (m,) or X (N, m), t (n,) or T (N, n).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..nn.linear import Linear
from ..nn.losses import MSELoss
from ..nn.module import as_float_array
from ..nn.optim import SGD

KINDS = ("l1", "l2")
KIND_LABELS = {"l1": "L1 (lasso): λ·Σ|w|", "l2": "L2 (weight decay): (λ/2)·Σw²"}
MAX_LAMBDA = 10.0
MAX_LR = 10.0
MAX_PATH_STEPS = 1000
DIVERGED_AT = 1e6  # a weight beyond this on the 2-weight problem: the steps diverged

# The 2-weight problem: y = w1 x1 + w2 x2 on four points. X^T X / 4 is the identity, so the
# data loss's contours are circles around w* = (2, 0.4) (the data's best fit), and the
# answers can be checked by hand: with L1 at lam = 1, w -> (1.5, 0); with L2, w -> w* / 1.5.
PATH_X = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])
PATH_W_STAR = np.array([2.0, 0.4])
PATH_Y = PATH_X @ PATH_W_STAR  # (2.4, 1.6, -1.6, -2.4)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"the penalty must be one of {', '.join(KINDS)}, got {kind!r}")
    return kind


def _check_rates(lam: float, lr: float) -> tuple[float, float]:
    lam, lr = float(lam), float(lr)
    if not (math.isfinite(lam) and 0.0 <= lam <= MAX_LAMBDA):
        raise ValueError(f"λ must be between 0 and {MAX_LAMBDA:g}, got {lam}")
    if not (math.isfinite(lr) and 0.0 < lr <= MAX_LR):
        raise ValueError(f"the learning rate must be above 0 and at most {MAX_LR:g}, got {lr}")
    return lam, lr


def penalty_value(W: np.ndarray, lam: float, kind: str) -> float:
    """lam * sum|w| (L1) or (lam / 2) * sum w^2 (L2), over weights only."""
    W = np.asarray(W, dtype=np.float64)
    if check_kind(kind) == "l1":
        return float(lam * np.abs(W).sum())
    return float(0.5 * lam * (W * W).sum())


def penalty_gradient(W: np.ndarray, lam: float, kind: str) -> np.ndarray:
    """lam * sign(w) (L1; 0 at w = 0) or lam * w (L2). W: any shape."""
    W = np.asarray(W, dtype=np.float64)
    return lam * np.sign(W) if check_kind(kind) == "l1" else lam * W


def l1_shrink(v: np.ndarray, amount: float) -> tuple[np.ndarray, np.ndarray]:
    """Move every value toward 0 by `amount`, stopping at 0: sign(v) * max(|v| - amount, 0).
    Returns (new values, stopped) where stopped marks values the rule set to exactly 0."""
    v = np.asarray(v, dtype=np.float64)
    shrunk = np.sign(v) * np.maximum(np.abs(v) - amount, 0.0)
    stopped = (np.abs(v) <= amount) & (v != 0)
    return shrunk + 0.0, stopped  # (+ 0.0 turns -0.0 into 0.0)


def _model(W: np.ndarray, b: np.ndarray | None) -> Linear:
    n, m = W.shape
    layer = Linear(m, n, bias=b is not None, rng=np.random.default_rng(0))
    layer.weight.data[...] = W
    if b is not None:
        layer.bias.data[...] = b
    return layer


def _data_grads(layer: Linear, X: np.ndarray, T: np.ndarray) -> float:
    """Forward, MSELoss and backward into layer's .grad (zeroed first); returns the loss."""
    loss_fn = MSELoss()
    layer.zero_grad()
    loss = loss_fn.forward(layer.forward(X), T)
    layer.backward(loss_fn.backward())
    return loss


def _penalized_step(layer: Linear, lam: float, kind: str, lr: float) -> np.ndarray:
    """One step from the gradients already in layer's .grad. Biases: plain SGD. Weights:
    SGD(weight_decay=lam) for L2; SGD then l1_shrink for L1. Returns the L1 'stopped' mask
    (all False for L2)."""
    w = layer.weight
    if layer.bias is not None:
        SGD([layer.bias], lr=lr).step()
    if kind == "l2":
        SGD([w], lr=lr, weight_decay=lam).step()
        return np.zeros(w.data.shape, dtype=bool)
    SGD([w], lr=lr).step()
    w.data[...], stopped = l1_shrink(w.data, lr * lam)
    return stopped


@dataclass(frozen=True)
class WeightTerm:
    """Weight W[i, j]: its penalty term (|w| or w^2), gradients and the two steps."""

    i: int
    j: int
    w: float
    term: float  # |w| for L1, w^2 for L2
    data_grad: float
    penalty_grad: float
    total_grad: float
    subgradient_step: float  # w - lr * total_grad: the plain step, which may cross 0
    without: float  # after one SGD step on the data loss only
    with_penalty: float  # after one step with the penalty
    stopped_at_zero: bool  # L1: the rule stopped it at 0 (it would have crossed)


@dataclass(frozen=True)
class PenaltyTrace:
    """One step on data loss + penalty for a layer W (n, m), b (n,) on x (m,) with target t."""

    kind: str
    lam: float
    lr: float
    W: np.ndarray
    b: np.ndarray
    x: np.ndarray
    t: np.ndarray
    z: np.ndarray  # W x + b
    data_loss: float
    term_sum: float  # sum|w| or sum w^2
    penalty: float  # lam * sum|w| or (lam / 2) * sum w^2
    total: float
    terms: tuple[WeightTerm, ...]
    db: np.ndarray  # the bias gradient: the data loss's only
    W_without: np.ndarray
    W_with: np.ndarray
    b_after: np.ndarray  # the same with and without (biases are not penalized)
    total_after_without: float
    total_after_with: float

    @property
    def zeros_without(self) -> int:
        return int(np.count_nonzero(self.W_without == 0))

    @property
    def zeros_with(self) -> int:
        return int(np.count_nonzero(self.W_with == 0))


def total_loss(W: np.ndarray, b: np.ndarray, X: np.ndarray, T: np.ndarray, lam: float,
               kind: str) -> tuple[float, float]:
    """(data loss, penalty) of Linear(W, b) on X, T with MSELoss."""
    layer = _model(np.asarray(W, dtype=np.float64), np.asarray(b, dtype=np.float64))
    data = MSELoss().forward(layer.forward(X), T)
    return data, penalty_value(W, lam, kind)


def penalty_trace(W: np.ndarray, b: np.ndarray, x: np.ndarray, t: np.ndarray, lam: float,
                  kind: str, lr: float) -> PenaltyTrace:
    """Data loss MSE(W x + b, t), the penalty per weight, its gradient, and one step with and
    one without it, from Linear, MSELoss and SGD."""
    kind = check_kind(kind)
    lam, lr = _check_rates(lam, lr)
    W = as_float_array(W, "W")
    if W.ndim != 2:
        raise ValueError(f"W must be a matrix (n, m), got shape {W.shape}")
    n, m = W.shape
    b = as_float_array(b, "b").reshape(-1)
    x = as_float_array(x, "x").reshape(-1)
    t = as_float_array(t, "t").reshape(-1)
    for name, arr, size in (("b", b, n), ("x", x, m), ("t", t, n)):
        if arr.size != size:
            raise ValueError(f"{name} must have {size} entries, got {arr.size}")

    plain, penalized = _model(W, b), _model(W, b)
    data_loss = _data_grads(plain, x, t)
    _data_grads(penalized, x, t)
    dW_data, db = plain.weight.grad.copy(), plain.bias.grad.copy()
    z = plain.forward(x)
    SGD(plain.parameters(), lr=lr).step()
    stopped = _penalized_step(penalized, lam, kind, lr)
    W_without, W_with = plain.weight.data.copy(), penalized.weight.data.copy()

    pen_grad = penalty_gradient(W, lam, kind)
    total_grad = dW_data + pen_grad
    terms_arr = np.abs(W) if kind == "l1" else W * W
    terms = tuple(
        WeightTerm(i, j, float(W[i, j]), float(terms_arr[i, j]), float(dW_data[i, j]),
                   float(pen_grad[i, j]), float(total_grad[i, j]),
                   float(W[i, j] - lr * total_grad[i, j]),
                   float(W_without[i, j]), float(W_with[i, j]), bool(stopped[i, j]))
        for i in range(n) for j in range(m))
    penalty = penalty_value(W, lam, kind)
    after_without = sum(total_loss(W_without, plain.bias.data, x, t, lam, kind))
    after_with = sum(total_loss(W_with, penalized.bias.data, x, t, lam, kind))
    return PenaltyTrace(kind, lam, lr, W, b, x, t, z, data_loss, float(terms_arr.sum()), penalty,
                        data_loss + penalty, terms, db, W_without, W_with,
                        penalized.bias.data.copy(), after_without, after_with)


@dataclass(frozen=True)
class PenaltyPath:
    """Repeated steps on the 2-weight problem (PATH_X, PATH_Y). path: (k + 1, 2) weights from
    the start; data, penalty, total: (k + 1,); zeros: (k + 1,) count of weights exactly 0.
    diverged is True when a weight passed DIVERGED_AT (the path stops there)."""

    kind: str
    lam: float
    lr: float
    path: np.ndarray
    data: np.ndarray
    penalty: np.ndarray
    zeros: np.ndarray
    diverged: bool

    @property
    def total(self) -> np.ndarray:
        return self.data + self.penalty

    @property
    def first_zero_step(self) -> int | None:
        hit = np.nonzero(self.zeros > 0)[0]
        return int(hit[0]) if hit.size else None


def path_data_loss(w: np.ndarray) -> float:
    """The 2-weight problem's data loss at w (2,), from Linear and MSELoss."""
    layer = _model(np.asarray(w, dtype=np.float64).reshape(1, 2), None)
    return MSELoss().forward(layer.forward(PATH_X), PATH_Y.reshape(-1, 1))


def penalty_path(w0: np.ndarray, lam: float, kind: str, lr: float, steps: int) -> PenaltyPath:
    """`steps` penalized steps from w0 (2,) on the 2-weight problem (same rule as one step)."""
    kind = check_kind(kind)
    lam, lr = _check_rates(lam, lr)
    w0 = as_float_array(w0, "the start").reshape(-1)
    if w0.size != 2:
        raise ValueError("the 2-weight problem starts from 2 weights")
    steps = int(steps)
    if not 1 <= steps <= MAX_PATH_STEPS:
        raise ValueError(f"the number of steps must be from 1 to {MAX_PATH_STEPS}, got {steps}")
    layer = _model(w0.reshape(1, 2), None)
    T = PATH_Y.reshape(-1, 1)
    path, data, pen = [w0.copy()], [], []
    diverged = False
    for _ in range(steps):
        data.append(_data_grads(layer, PATH_X, T))
        pen.append(penalty_value(layer.weight.data, lam, kind))
        _penalized_step(layer, lam, kind, lr)
        w = layer.weight.data.reshape(-1).copy()
        if not np.all(np.abs(w) < DIVERGED_AT):
            diverged = True
            break
        path.append(w)
    if not diverged:  # the losses at the last point (the loop listed those before each step)
        data.append(path_data_loss(path[-1]))
        pen.append(penalty_value(path[-1], lam, kind))
    P = np.array(path)
    return PenaltyPath(kind, lam, lr, P, np.array(data), np.array(pen),
                       np.count_nonzero(P == 0, axis=1), diverged)


def path_loss_grid(w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """The data loss over a grid: (len(w2), len(w1)), for contour lines. One Linear with a
    row of weights per grid point evaluates every point at once: output k is point k's
    prediction, and the MSE is taken per point (per output column)."""
    g1, g2 = np.meshgrid(np.asarray(w1, float), np.asarray(w2, float))
    points = np.column_stack([g1.reshape(-1), g2.reshape(-1)])  # (G, 2)
    layer = _model(points, None)
    pred = layer.forward(PATH_X)  # (N, G)
    err = pred - PATH_Y[:, None]
    return (err * err).mean(axis=0).reshape(g1.shape)
