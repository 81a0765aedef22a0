"""Batch normalization, number by number: the trace the /operations page formats.

Every output, every running statistic and every gradient comes from the BatchNorm1d module the
trainer uses (core.nn.layers); the trace adds the intermediate terms a learner writes by hand (the
sum, each deviation, each squared deviation), and the tests check that those terms rebuild the
module's numbers exactly. Definitions as torch.nn.BatchNorm1d:
  train: mean_j = (1/B) sum_r x_rj,  var_j = (1/B) sum_r (x_rj - mean_j)^2   (biased)
         x_hat = (x - mean) / sqrt(var + eps),  y = gamma * x_hat + beta
         running_mean <- (1 - momentum) running_mean + momentum * mean
         running_var  <- (1 - momentum) running_var  + momentum * var * B / (B - 1)  (unbiased)
  eval:  x_hat = (x - running_mean) / sqrt(running_var + eps), nothing is updated.
Shapes: X (B, F) — B rows (the batch), F features; gamma, beta, running stats (F,).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from ..nn.gradcheck import central_difference, relative_error
from ..nn.layers import BatchNorm1d
from ..nn.module import as_float_array

BATCH_OF_ONE = ("Expected more than 1 value per channel when training: with one row the "
                "batch variance is 0 and the unbiased variance divides by B - 1 = 0")


@dataclass(frozen=True)
class FeatureTrace:
    """Feature j (column j of X): the terms of its mean and variance, x_hat and y per row.

    values, deviations, squares, x_hat, y: (B,). In eval mode `mean` and `var` are the running
    statistics the column is normalized with, and deviations/squares are measured from them
    (squares and the batch variances are still shown: they are what training would have used).
    """

    j: int
    values: tuple[float, ...]
    total: float  # sum_r x_rj
    batch_mean: float  # total / B
    deviations: tuple[float, ...]  # x_rj - batch_mean
    squares: tuple[float, ...]  # (x_rj - batch_mean)^2
    square_sum: float
    batch_var: float  # square_sum / B: the biased variance train mode normalizes with
    unbiased_var: float  # square_sum / (B - 1): what running_var moves toward (NaN for B = 1)
    mean: float  # the mean used to normalize (batch mean in train mode, running in eval)
    var: float  # the variance used to normalize (biased batch var in train, running in eval)
    std: float  # sqrt(var + eps)
    centered: tuple[float, ...]  # x_rj - mean (what is divided by std)
    x_hat: tuple[float, ...]
    gamma: float
    beta: float
    y: tuple[float, ...]
    running_mean_before: float
    running_mean_after: float
    running_var_before: float
    running_var_after: float


@dataclass(frozen=True)
class BatchNormTrace:
    """The whole batch: one FeatureTrace per column. Y, X_hat: (B, F); running stats (F,).
    `refusal` is set (and Y is None) for a batch of one in train mode, as PyTorch refuses it."""

    training: bool
    momentum: float
    eps: float
    X: np.ndarray
    features: tuple[FeatureTrace, ...]
    X_hat: np.ndarray | None
    Y: np.ndarray | None
    running_mean: np.ndarray  # after this forward pass (unchanged in eval)
    running_var: np.ndarray
    refusal: str | None = None

    @property
    def batch(self) -> int:
        return int(self.X.shape[0])


def make_batchnorm(gamma: np.ndarray, beta: np.ndarray, running_mean: np.ndarray,
                   running_var: np.ndarray, momentum: float, eps: float,
                   training: bool) -> BatchNorm1d:
    """The trainer's BatchNorm1d with these parameters and statistics, in train or eval mode."""
    gamma = as_float_array(gamma, "gamma").reshape(-1)
    features = gamma.size
    bn = BatchNorm1d(features, eps=eps, momentum=momentum)
    for name, arr in (("beta", beta), ("running_mean", running_mean),
                      ("running_var", running_var)):
        if as_float_array(arr, name).reshape(-1).size != features:
            raise ValueError(f"{name} must have {features} entries (one per feature)")
    bn.weight.data[...] = gamma
    bn.bias.data[...] = as_float_array(beta).reshape(-1)
    bn.running_mean = as_float_array(running_mean).reshape(-1).copy()
    bn.running_var = as_float_array(running_var).reshape(-1).copy()
    bn.train(training)
    return bn


def _check(X: np.ndarray, momentum: float, eps: float) -> np.ndarray:
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must be a batch (rows, features), got shape {X.shape}")
    if not 0.0 <= momentum <= 1.0:
        raise ValueError(f"momentum must be between 0 and 1, got {momentum}")
    if not eps > 0:
        raise ValueError(f"eps must be greater than 0, got {eps}")
    return X


def batchnorm_trace(X: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                    running_mean: np.ndarray, running_var: np.ndarray, training: bool = True,
                    momentum: float = 0.1, eps: float = 1e-5) -> BatchNormTrace:
    """Every term of BatchNorm1d on X: (B, F), from the module itself (see the module doc)."""
    X = _check(X, momentum, eps)
    B, F = X.shape
    bn = make_batchnorm(gamma, beta, running_mean, running_var, momentum, eps, training)
    rm_before, rv_before = bn.running_mean.copy(), bn.running_var.copy()
    refusal = None
    try:
        Y = bn.forward(X)
        X_hat = bn._cache[0].copy()  # the module's own x_hat (what backward uses)
    except ValueError:
        if not (training and B == 1):
            raise
        Y = X_hat = None
        refusal = BATCH_OF_ONE
    total = X.sum(axis=0)
    batch_mean = total / B
    dev = X - batch_mean
    squares = dev * dev
    square_sum = squares.sum(axis=0)
    batch_var = square_sum / B
    unbiased = square_sum / (B - 1) if B > 1 else np.full(F, np.nan)
    if training:
        mean, var = batch_mean, batch_var
    else:
        mean, var = rm_before, rv_before
    std = np.sqrt(var + eps)
    centered = X - mean
    features = []
    for j in range(F):
        col = (lambda a, j=j: tuple(float(v) for v in a[:, j]))  # noqa: E731
        features.append(FeatureTrace(
            j=j, values=col(X), total=float(total[j]), batch_mean=float(batch_mean[j]),
            deviations=col(dev), squares=col(squares), square_sum=float(square_sum[j]),
            batch_var=float(batch_var[j]), unbiased_var=float(unbiased[j]),
            mean=float(mean[j]), var=float(var[j]), std=float(std[j]), centered=col(centered),
            x_hat=col(X_hat) if X_hat is not None else (),
            gamma=float(bn.weight.data[j]), beta=float(bn.bias.data[j]),
            y=col(Y) if Y is not None else (),
            running_mean_before=float(rm_before[j]), running_mean_after=float(bn.running_mean[j]),
            running_var_before=float(rv_before[j]), running_var_after=float(bn.running_var[j]),
        ))
    return BatchNormTrace(training, float(momentum), float(eps), X, tuple(features), X_hat, Y,
                          bn.running_mean.copy(), bn.running_var.copy(), refusal)


@dataclass(frozen=True)
class BatchNormGradients:
    """Backward through batch norm for L = sum(G * Y), so dL/dY = G: (B, F).
    dX: (B, F); dgamma, dbeta: (F,); each *_numeric is the central-difference estimate
    (core.nn.gradcheck) and rel_* the relative error per element."""

    G: np.ndarray
    dX: np.ndarray
    dX_numeric: np.ndarray
    dgamma: np.ndarray
    dgamma_numeric: np.ndarray
    dbeta: np.ndarray
    dbeta_numeric: np.ndarray

    @property
    def rel_dX(self) -> np.ndarray:
        return relative_error(self.dX, self.dX_numeric)

    def agree_dX(self, rtol: float = 1e-5, atol: float = 1e-7) -> np.ndarray:
        """Per element, the gradcheck rule (GradCheckResult.passed): |a - n| <= atol +
        rtol (|a| + |n|); atol covers entries that are 0 up to finite-difference noise."""
        a, n = self.dX, self.dX_numeric
        return np.abs(a - n) <= atol + rtol * (np.abs(a) + np.abs(n))

    @property
    def max_rel_error(self) -> float:
        return float(max(relative_error(a, n).max() for a, n in (
            (self.dX, self.dX_numeric), (self.dgamma, self.dgamma_numeric),
            (self.dbeta, self.dbeta_numeric))))


def upstream_gradient(shape: tuple[int, int]) -> np.ndarray:
    """A fixed, hand-readable dL/dY for the backward view: 1, -2, 0.5, 3, -1, 2, ... row by
    row. (With dL/dY all ones, dL/dX is exactly 0 in train mode — sum(Y) does not depend on X
    — which hides every interesting number.)"""
    pattern = np.array([1.0, -2.0, 0.5, 3.0, -1.0, 2.0, -0.5, 1.5, -3.0])
    return pattern[np.arange(shape[0] * shape[1]) % pattern.size].reshape(shape)


def batchnorm_gradients(X: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                        running_mean: np.ndarray, running_var: np.ndarray,
                        training: bool = True, momentum: float = 0.1, eps: float = 1e-5,
                        G: np.ndarray | None = None, fd_eps: float = 1e-6) -> BatchNormGradients:
    """BatchNorm1d.backward for L = sum(G * Y), beside central differences of the module's
    own forward. Each forward pass runs on a fresh copy, so the running statistics the page
    shows are never moved by the check."""
    X = _check(X, momentum, eps).copy()
    G = upstream_gradient(X.shape) if G is None else as_float_array(G, "dL/dY")
    bn = make_batchnorm(gamma, beta, running_mean, running_var, momentum, eps, training)
    pristine = copy.deepcopy(bn)
    bn.zero_grad()
    bn.forward(X)
    dX = bn.backward(G.copy())

    probe = copy.deepcopy(pristine)

    def loss() -> float:
        probe.running_mean = pristine.running_mean.copy()  # eval mode reads them; keep fixed
        probe.running_var = pristine.running_var.copy()
        return float(np.sum(probe.forward(X) * G))

    dX_num = central_difference(loss, X, fd_eps)
    dgamma_num = central_difference(loss, probe.weight.data, fd_eps)
    dbeta_num = central_difference(loss, probe.bias.data, fd_eps)
    return BatchNormGradients(G, dX, dX_num, bn.weight.grad.copy(), dgamma_num,
                              bn.bias.grad.copy(), dbeta_num)


@dataclass(frozen=True)
class BiasRedundancy:
    """A bias c added to every row before batch norm (train mode): the batch mean moves by c,
    the deviations and therefore x_hat and y do not change. c: (F,)."""

    c: np.ndarray
    plain: BatchNormTrace
    shifted: BatchNormTrace

    @property
    def max_output_change(self) -> float:
        if self.plain.Y is None or self.shifted.Y is None:
            return float("nan")
        return float(np.max(np.abs(self.shifted.Y - self.plain.Y)))


def bias_redundancy(X: np.ndarray, c: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                    momentum: float = 0.1, eps: float = 1e-5) -> BiasRedundancy:
    """Train-mode traces of X and of X + c (c broadcast over rows) with the same parameters."""
    X = _check(X, momentum, eps)
    c = as_float_array(c, "c").reshape(-1)
    F = X.shape[1]
    zeros, ones = np.zeros(F), np.ones(F)
    plain = batchnorm_trace(X, gamma, beta, zeros, ones, True, momentum, eps)
    shifted = batchnorm_trace(X + c, gamma, beta, zeros, ones, True, momentum, eps)
    return BiasRedundancy(c, plain, shifted)
