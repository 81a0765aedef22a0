"""Step-by-step traces of y = f(Wx + b) and its backward pass, as data for the pages.

Every number a page shows comes from here: the pages only format these records.
Shapes: W (n, m), x (m,), b (n,), so n outputs and m inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..nn.activations import ACTIVATIONS, Softmax, make_activation


@dataclass(frozen=True)
class Term:
    """One multiply-add of output i: W[i, j] * x[j], and the running sum after adding it."""

    i: int
    j: int
    w: float
    x: float
    product: float
    partial_sum: float


@dataclass(frozen=True)
class OutputTrace:
    """Output i: its m terms, then + b_i = z_i, then f(z_i) = a_i."""

    i: int
    terms: tuple[Term, ...]
    weighted_sum: float  # sum_j W_ij x_j
    bias: float
    z: float
    a: float


@dataclass(frozen=True)
class Step:
    """One stepper position: kind is 'mul' (term j of output i), 'bias' or 'act'."""

    kind: str
    i: int
    j: int  # -1 for 'bias' and 'act'


@dataclass(frozen=True)
class ForwardTrace:
    """Trace of a = f(W x + b) for one vector. z, a: (n,)."""

    activation: str
    outputs: tuple[OutputTrace, ...]
    z: np.ndarray
    a: np.ndarray
    steps: tuple[Step, ...]


def _check_layer(W: np.ndarray, x: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    W = np.asarray(W, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if W.ndim != 2:
        raise ValueError(f"W must be a matrix (n, m), got shape {W.shape}")
    n, m = W.shape
    if x.shape != (m,):
        raise ValueError(f"x must have {m} entries (one per column of W), got shape {x.shape}")
    if b.shape != (n,):
        raise ValueError(f"b must have {n} entries (one per row of W), got shape {b.shape}")
    for name, arr in (("W", W), ("x", x), ("b", b)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} contains NaN or infinity")
    return W, x, b


def forward_trace(W: np.ndarray, x: np.ndarray, b: np.ndarray, activation: str) -> ForwardTrace:
    """Every product, running sum, bias, z and a of f(W x + b). W: (n, m), x: (m,), b: (n,)."""
    W, x, b = _check_layer(W, x, b)
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}")
    n, m = W.shape
    products = W * x  # (n, m): products[i, j] = W_ij x_j
    partial = np.cumsum(products, axis=1)
    # z from the same cumulative sums the trace shows, so the last partial sum + b is z exactly.
    z = partial[:, -1] + b
    a = make_activation(activation).forward(z)
    outputs = []
    steps: list[Step] = []
    for i in range(n):
        terms = tuple(
            Term(i, j, float(W[i, j]), float(x[j]), float(products[i, j]), float(partial[i, j]))
            for j in range(m)
        )
        outputs.append(
            OutputTrace(i, terms, float(partial[i, -1]), float(b[i]), float(z[i]), float(a[i]))
        )
        steps.extend(Step("mul", i, j) for j in range(m))
        steps.append(Step("bias", i, -1))
        if activation != "softmax":
            steps.append(Step("act", i, -1))
    if activation == "softmax":  # softmax needs every z before any a
        steps.extend(Step("act", i, -1) for i in range(n))
    return ForwardTrace(activation, tuple(outputs), z, a, tuple(steps))


@dataclass(frozen=True)
class BatchTrace:
    """Trace of A = f(X W^T + b) for a batch. X: (batch, m); Z, A: (batch, n)."""

    rows: tuple[ForwardTrace, ...]
    Z: np.ndarray
    A: np.ndarray


def batch_trace(W: np.ndarray, X: np.ndarray, b: np.ndarray, activation: str) -> BatchTrace:
    """One ForwardTrace per row of X: (batch, m); Z[r] is row r's z."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be (batch, m), got shape {X.shape}")
    rows = tuple(forward_trace(W, X[r], b, activation) for r in range(X.shape[0]))
    Z = np.array([t.z for t in rows]).reshape(X.shape[0], -1)
    A = np.array([t.a for t in rows]).reshape(X.shape[0], -1)
    return BatchTrace(rows, Z, A)


@dataclass(frozen=True)
class GradTerm:
    """dW_ij = delta_i * x_j."""

    i: int
    j: int
    delta: float
    x: float
    value: float


@dataclass(frozen=True)
class InputGradTerm:
    """One term of dx_j = sum_i W_ij delta_i, with the running sum after it."""

    i: int
    j: int
    w: float
    delta: float
    product: float
    partial_sum: float


@dataclass(frozen=True)
class BackwardTrace:
    """Backward of a = f(W x + b) given dL/da. dA, fprime, delta, db: (n,); dW: (n, m); dx: (m,).

    For softmax, fprime is the Jacobian's diagonal and `jacobian` the full (n, n) matrix;
    delta = J^T dA.  For element-wise f, delta_i = dA_i * f'(z_i) and jacobian is None.
    """

    dA: np.ndarray
    fprime: np.ndarray
    jacobian: np.ndarray | None
    delta: np.ndarray
    dW_terms: tuple[GradTerm, ...]
    dW: np.ndarray
    db: np.ndarray
    dx_terms: tuple[tuple[InputGradTerm, ...], ...]  # dx_terms[j] lists i = 0..n-1
    dx: np.ndarray


def backward_trace(
    W: np.ndarray, x: np.ndarray, b: np.ndarray, activation: str, dA: np.ndarray
) -> BackwardTrace:
    """Every delta_i, dW_ij = delta_i x_j, db_i = delta_i and dx_j = sum_i W_ij delta_i."""
    W, x, b = _check_layer(W, x, b)
    n, m = W.shape
    dA = np.asarray(dA, dtype=np.float64)
    if dA.shape != (n,):
        raise ValueError(f"dL/da must have {n} entries, got shape {dA.shape}")
    if not np.all(np.isfinite(dA)):
        raise ValueError("dL/da contains NaN or infinity")
    z = W @ x + b
    act = make_activation(activation)
    if isinstance(act, Softmax):
        jac = act.jacobian(z)
        fprime = np.diag(jac).copy()
        delta = jac.T @ dA
    else:
        jac = None
        fprime = act.derivative(z)
        delta = dA * fprime
    dW = np.outer(delta, x)
    dW_terms = tuple(
        GradTerm(i, j, float(delta[i]), float(x[j]), float(dW[i, j]))
        for i in range(n)
        for j in range(m)
    )
    contrib = W * delta[:, None]  # (n, m): W_ij delta_i
    partial = np.cumsum(contrib, axis=0)
    dx = partial[-1, :].copy()
    dx_terms = tuple(
        tuple(
            InputGradTerm(i, j, float(W[i, j]), float(delta[i]), float(contrib[i, j]),
                          float(partial[i, j]))
            for i in range(n)
        )
        for j in range(m)
    )
    return BackwardTrace(dA, fprime, jac, delta, dW_terms, dW, delta.copy(), dx_terms, dx)


@dataclass(frozen=True)
class BatchBackwardTrace:
    """Per-row backward traces and their sums: dW = sum_r delta_r x_r^T, db = sum_r delta_r.
    dA, Delta: (batch, n); dW: (n, m); db: (n,); dX: (batch, m)."""

    rows: tuple[BackwardTrace, ...]
    Delta: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    dX: np.ndarray


def batch_backward_trace(
    W: np.ndarray, X: np.ndarray, b: np.ndarray, activation: str, dA: np.ndarray
) -> BatchBackwardTrace:
    """Backward trace for X: (batch, m) given dL/dA: (batch, n)."""
    X = np.asarray(X, dtype=np.float64)
    dA = np.asarray(dA, dtype=np.float64)
    if X.ndim != 2 or dA.ndim != 2 or dA.shape[0] != X.shape[0]:
        raise ValueError(f"X (batch, m) and dL/dA (batch, n) must agree, got {X.shape}, {dA.shape}")
    rows = tuple(backward_trace(W, X[r], b, activation, dA[r]) for r in range(X.shape[0]))
    Delta = np.array([t.delta for t in rows])
    return BatchBackwardTrace(
        rows,
        Delta,
        Delta.T @ X,
        Delta.sum(axis=0),
        np.array([t.dx for t in rows]),
    )
