"""Losses with mean reduction, as torch.nn: forward(pred, target) -> float, backward() -> dL/dpred.

Shapes: MSELoss and BCEWithLogitsLoss take pred and target of the same shape, (n,) or
(batch, n), and average over every element.  CrossEntropyLoss takes logits (C,) with a class
index, or (batch, C) with integer labels (batch,), and averages over the batch.
"""

from __future__ import annotations

import numpy as np

from .activations import softmax


def _same_shape(pred: np.ndarray, target: object, name: str) -> tuple[np.ndarray, np.ndarray]:
    pred = np.asarray(pred, dtype=np.float64)
    if type(target) is not np.ndarray or target.dtype != np.float64:
        target = np.asarray(target, dtype=np.float64)
    if target.shape != pred.shape:
        if target.size == pred.size:
            target = target.reshape(pred.shape)
        else:
            raise ValueError(f"{name}: target shape {target.shape} must match pred {pred.shape}")
    return pred, target


class MSELoss:
    """L = mean((pred - target)^2);  dL/dpred = 2 (pred - target) / N, N = number of elements."""

    def forward(self, pred: np.ndarray, target: np.ndarray) -> float:
        pred, target = _same_shape(pred, target, "MSELoss")
        d = pred - target
        self._diff = d
        flat = d.reshape(-1)
        return float(flat @ flat) / flat.size  # the mean of squares, without np.mean's overhead

    __call__ = forward

    def backward(self) -> np.ndarray:
        return (2.0 / self._diff.size) * self._diff


class BCEWithLogitsLoss:
    """L = mean(max(z,0) - z*t + log(1 + e^-|z|)) (the stable form of sigmoid + BCE);
    dL/dz = (sigmoid(z) - t) / N.  Targets are probabilities in [0, 1]: checked on every call,
    unless the caller checked all of them once and set targets_checked (the Trainer does)."""

    targets_checked = False

    @staticmethod
    def check_targets(t: np.ndarray) -> None:
        if t.size and (t.min() < 0 or t.max() > 1):
            raise ValueError("BCEWithLogitsLoss: targets must be between 0 and 1")

    def forward(self, pred: np.ndarray, target: np.ndarray) -> float:
        z, t = _same_shape(pred, target, "BCEWithLogitsLoss")
        if not self.targets_checked:
            self.check_targets(t)
        # e^-|z| serves both the loss and, in backward, the sigmoid (as stable_sigmoid):
        # this loss runs on every training step, so it is computed once.
        e = np.exp(-np.abs(z))
        self._z, self._t, self._e = z, t, e
        terms = np.maximum(z, 0) - z * t + np.log1p(e)
        return float(np.add.reduce(terms, axis=None)) / terms.size  # np.mean, without its overhead

    __call__ = forward

    def backward(self) -> np.ndarray:
        z, e = self._z, self._e
        # = stable_sigmoid(z): 1 / (1 + e^-z) for z >= 0, e^z / (1 + e^z) below
        sigmoid = np.where(z >= 0, 1.0, e) / (1.0 + e)
        return (sigmoid - self._t) / z.size


class CrossEntropyLoss:
    """L = mean over the batch of -log softmax(z)[label];  dL/dz = (softmax(z) - onehot) / B."""

    def forward(self, pred: np.ndarray, target: np.ndarray) -> float:
        z = np.asarray(pred, dtype=np.float64)
        labels = np.asarray(target)
        if z.ndim == 1:
            z, labels = z[None, :], labels.reshape(1)
        if z.ndim != 2 or labels.shape != (z.shape[0],):
            raise ValueError(
                f"CrossEntropyLoss expects logits (batch, C) and labels (batch,), "
                f"got {np.shape(pred)} and {np.shape(target)}"
            )
        if labels.dtype.kind == "f":
            if not np.all(np.isfinite(labels)) or np.any(labels != np.round(labels)):
                raise ValueError("CrossEntropyLoss: labels must be whole class indices")
        labels = labels.astype(np.int64)
        n_classes = z.shape[1]
        if np.any((labels < 0) | (labels >= n_classes)):
            raise ValueError(f"CrossEntropyLoss: class index must be in 0..{n_classes - 1}")
        shifted = z - z.max(axis=1, keepdims=True)
        log_sum = np.log(np.exp(shifted).sum(axis=1))
        rows = np.arange(z.shape[0])
        self._shape = np.shape(pred)
        self._z, self._labels = z, labels
        return float(np.mean(log_sum - shifted[rows, labels]))

    __call__ = forward

    def backward(self) -> np.ndarray:
        grad = softmax(self._z, dim=1)
        grad[np.arange(grad.shape[0]), self._labels] -= 1.0
        grad /= grad.shape[0]
        return grad.reshape(self._shape)


LOSSES = {"mse": MSELoss, "bce": BCEWithLogitsLoss, "ce": CrossEntropyLoss}
LOSS_LABELS = {
    "mse": "Mean squared error",
    "bce": "Binary cross-entropy (with logits)",
    "ce": "Cross-entropy (softmax)",
}
