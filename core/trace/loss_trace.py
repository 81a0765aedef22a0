"""The loss computed step by step, and dL/dpred from it, as data for the backpropagation page.

`pred` is what the loss reads: the network's output, shape (n,). The cross-entropy losses read it
as logits (raw scores) and apply the sigmoid / softmax themselves, exactly as PyTorch's
BCEWithLogitsLoss and CrossEntropyLoss do, so the page never applies them twice by accident.

- mse: residual r_i = pred_i - t_i, square r_i^2, L = (sum of squares) / n;  dL/dpred_i = 2 r_i / n.
- bce: p_i = sigmoid(pred_i), l_i = -[t_i log p_i + (1 - t_i) log(1 - p_i)] (computed in the stable
  form max(z, 0) - z t + log(1 + e^-|z|)), L = (sum of l_i) / n;  dL/dpred_i = (p_i - t_i) / n.
- ce: shifted s_i = pred_i - max(pred), e^{s_i}, p_i = e^{s_i} / sum_k e^{s_k},
  L = -log p_c for the correct class c;  dL/dpred_i = p_i - [i = c].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..nn.activations import stable_sigmoid

LOSS_KINDS = ("mse", "bce", "ce")


@dataclass(frozen=True)
class LossTrace:
    """Every intermediate number of one loss evaluation. Vectors are (n,).

    terms: what is summed (mse: squares; bce: per-element losses; ce: -log p_i for every i, of
    which only the correct class counts); total: their sum (ce: -log p_c); count: what the sum is
    divided by (n, or 1 for ce); value: the loss; dA: dL/dpred.
    """

    kind: str
    pred: np.ndarray
    target: np.ndarray  # mse/bce: the targets; ce: the one-hot vector of the label
    label: int | None  # ce only: the correct class, counted from 0 as in PyTorch
    residual: np.ndarray | None  # mse: pred - target
    prob: np.ndarray | None  # bce: sigmoid(pred); ce: softmax(pred)
    shifted: np.ndarray | None  # ce: pred - max(pred)
    exps: np.ndarray | None  # ce: e^shifted
    exp_sum: float | None  # ce: sum of exps
    terms: np.ndarray
    total: float
    count: int
    value: float
    dA: np.ndarray

    @property
    def n(self) -> int:
        return int(self.pred.size)


def check_target(kind: str, target: object, n: int) -> np.ndarray | int:
    """Validate a target for a loss on n outputs: mse and bce take (n,) finite numbers (bce: each
    in [0, 1]); ce takes one whole class index in 0..n-1 and needs n >= 2. ValueError says why."""
    if kind not in LOSS_KINDS:
        raise ValueError(f"unknown loss {kind!r}; use one of {', '.join(LOSS_KINDS)}")
    if kind == "ce":
        if n < 2:
            raise ValueError("cross-entropy needs at least 2 outputs (one score per class)")
        arr = np.asarray(target, dtype=np.float64).reshape(-1)
        if arr.size != 1 or not math.isfinite(arr[0]) or arr[0] != round(arr[0]):
            raise ValueError("the target of cross-entropy is one whole class number")
        label = int(arr[0])
        if not 0 <= label < n:
            raise ValueError(f"the class must be between 1 and {n}")
        return label
    arr = np.asarray(target, dtype=np.float64).reshape(-1)
    if arr.size != n:
        raise ValueError(f"need {n} target value{'s' if n != 1 else ''}, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("targets must be finite numbers")
    if kind == "bce" and np.any((arr < 0) | (arr > 1)):
        raise ValueError("binary cross-entropy targets must be between 0 and 1")
    return arr.copy()


def _check_pred(pred: np.ndarray) -> np.ndarray:
    pred = np.asarray(pred, dtype=np.float64).reshape(-1)
    if pred.size == 0 or not np.all(np.isfinite(pred)):
        raise ValueError("the loss needs finite predictions")
    return pred


def loss_trace(kind: str, pred: np.ndarray, target: object) -> LossTrace:
    """The loss of pred (n,) against target (see check_target), with every step kept."""
    pred = _check_pred(pred)
    n = pred.size
    checked = check_target(kind, target, n)
    if kind == "mse":
        t = np.asarray(checked)
        r = pred - t
        sq = r * r
        total = float(sq.sum())
        return LossTrace(kind, pred, t, None, r, None, None, None, None, sq, total, n,
                         total / n, 2.0 * r / n)
    if kind == "bce":
        t = np.asarray(checked)
        p = stable_sigmoid(pred)
        # The stable form never takes log(0): equal to -[t log p + (1-t) log(1-p)].
        terms = np.maximum(pred, 0.0) - pred * t + np.log1p(np.exp(-np.abs(pred)))
        total = float(terms.sum())
        return LossTrace(kind, pred, t, None, None, p, None, None, None, terms, total, n,
                         total / n, (p - t) / n)
    label = int(checked)
    onehot = np.zeros(n)
    onehot[label] = 1.0
    shifted = pred - pred.max()  # e^shifted <= 1: never overflows
    exps = np.exp(shifted)
    exp_sum = float(exps.sum())
    p = exps / exp_sum
    neg_log_p = math.log(exp_sum) - shifted  # -log p_i without log(0) for tiny p_i
    value = float(neg_log_p[label])
    return LossTrace(kind, pred, onehot, label, None, p, shifted, exps, exp_sum, neg_log_p,
                     value, 1, value, p - onehot)


def loss_value(kind: str, pred: np.ndarray, target: object) -> float:
    """Just L (same formulas as loss_trace), for finite differences and many descent steps."""
    return loss_trace(kind, pred, target).value
