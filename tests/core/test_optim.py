"""SGD (with momentum and weight decay) and Adam, step by step against a hand-written
reference of PyTorch's documented update rules."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import FAST

from core import (
    SGD,
    Adam,
    Parameter,
)

# --- a fixed quadratic -----------------------------------------------------------------------
# f(p) = 1/2 sum A * (p - C)^2 over two parameters (a matrix and a vector); grad = A * (p - C).

A_W = np.array([[1.0, 4.0], [0.5, 2.0]])
C_W = np.array([[1.0, -2.0], [3.0, 0.5]])
A_B = np.array([3.0, 0.25])
C_B = np.array([-1.0, 2.0])
START_W = np.array([[0.0, 1.0], [-1.0, 2.0]])
START_B = np.array([0.5, -0.5])
STEPS = 8


def _grad(p: list[float], a: list[float], c: list[float]) -> list[float]:
    return [ai * (pi - ci) for pi, ai, ci in zip(p, a, c, strict=True)]


def _flat_problem() -> list[tuple[list[float], list[float], list[float]]]:
    """(start, A, C) per parameter, as plain Python lists for the scalar references."""
    return [
        (START_W.ravel().tolist(), A_W.ravel().tolist(), C_W.ravel().tolist()),
        (START_B.tolist(), A_B.tolist(), C_B.tolist()),
    ]


def reference_sgd(lr, momentum=0.0, weight_decay=0.0, steps=STEPS):
    """torch.optim.SGD (dampening 0, no nesterov), written out scalar by scalar:
    g = grad + wd * p; b = g (t = 1) or momentum * b + g; p -= lr * (b if momentum else g)."""
    out = []
    for p, a, c in _flat_problem():
        p = list(p)
        buf = [0.0] * len(p)
        for t in range(1, steps + 1):
            g = _grad(p, a, c)
            for k in range(len(p)):
                gk = g[k] + weight_decay * p[k]
                if momentum:
                    buf[k] = gk if t == 1 else momentum * buf[k] + gk
                    gk = buf[k]
                p[k] = p[k] - lr * gk
        out.append(p)
    return out


def reference_adam(lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, steps=STEPS):
    """torch.optim.Adam (amsgrad off), scalar by scalar:
    g = grad + wd * p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
    m_hat = m / (1 - b1^t); v_hat = v / (1 - b2^t); p -= lr * m_hat / (sqrt(v_hat) + eps)."""
    b1, b2 = betas
    out = []
    for p, a, c in _flat_problem():
        p = list(p)
        m = [0.0] * len(p)
        v = [0.0] * len(p)
        for t in range(1, steps + 1):
            g = _grad(p, a, c)
            for k in range(len(p)):
                gk = g[k] + weight_decay * p[k]
                m[k] = b1 * m[k] + (1 - b1) * gk
                v[k] = b2 * v[k] + (1 - b2) * gk * gk
                m_hat = m[k] / (1 - b1**t)
                v_hat = v[k] / (1 - b2**t)
                p[k] = p[k] - lr * m_hat / (math.sqrt(v_hat) + eps)
        out.append(p)
    return out


def run_core(make_optimizer, steps=STEPS):
    w = Parameter(START_W.copy(), "w")
    b = Parameter(START_B.copy(), "b")
    opt = make_optimizer([w, b])
    for _ in range(steps):
        opt.zero_grad()
        w.grad += A_W * (w.data - C_W)
        b.grad += A_B * (b.data - C_B)
        opt.step()
    return [w.data.ravel().tolist(), b.data.tolist()]


def assert_same_trajectory(core_result, reference):
    for got, want in zip(core_result, reference, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    ("lr", "momentum", "weight_decay"),
    [
        (0.1, 0.0, 0.0),  # plain
        (0.05, 0.9, 0.0),  # momentum
        (0.1, 0.0, 0.01),  # weight decay
        (0.03, 0.5, 0.1),  # both
    ],
)
def test_sgd_matches_torch_rule(lr, momentum, weight_decay):
    got = run_core(lambda ps: SGD(ps, lr=lr, momentum=momentum, weight_decay=weight_decay))
    assert_same_trajectory(got, reference_sgd(lr, momentum, weight_decay))
    # and the parameters did move
    assert got[0] != START_W.ravel().tolist()


def test_sgd_momentum_buffer_starts_at_the_gradient():
    # torch: on the first step buf = g (not (1 - momentum) g), so step 1 equals plain SGD.
    p = Parameter(np.array([1.0, -2.0]))
    opt = SGD([p], lr=0.1, momentum=0.9)
    p.grad[:] = [2.0, 4.0]
    opt.step()
    np.testing.assert_allclose(p.data, [1.0 - 0.2, -2.0 - 0.4])
    p.grad[:] = [2.0, 4.0]
    opt.step()  # buf = 0.9 * g + g = 1.9 g
    np.testing.assert_allclose(p.data, [0.8 - 0.1 * 3.8, -2.4 - 0.1 * 7.6])


@pytest.mark.parametrize(
    ("lr", "betas", "eps", "weight_decay"),
    [
        (0.01, (0.9, 0.999), 1e-8, 0.0),
        (0.1, (0.8, 0.99), 1e-6, 0.0),
        (0.01, (0.9, 0.999), 1e-8, 0.05),
        (0.2, (0.5, 0.9), 1e-3, 0.5),
    ],
)
def test_adam_matches_torch_rule(lr, betas, eps, weight_decay):
    got = run_core(
        lambda ps: Adam(ps, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)
    )
    assert_same_trajectory(got, reference_adam(lr, betas, eps, weight_decay))


@FAST
@given(
    grad=st.lists(
        st.floats(min_value=1e-3, max_value=1e3).flatmap(
            lambda m: st.sampled_from([m, -m])
        ),
        min_size=1,
        max_size=6,
    ),
    lr=st.sampled_from([1e-3, 1e-2, 0.1]),
)
def test_adam_first_step_moves_each_parameter_by_about_lr(grad, lr):
    g = np.array(grad)
    p = Parameter(np.zeros_like(g))
    opt = Adam([p], lr=lr)
    p.grad[:] = g
    opt.step()
    # m_hat = g, v_hat = g^2, so the step is lr * g / (|g| + eps): lr against the gradient.
    np.testing.assert_allclose(p.data, -lr * np.sign(g), rtol=1e-4)


def test_adam_default_hyperparameters_are_torchs():
    opt = Adam([Parameter(np.zeros(1))])
    assert opt.lr == 1e-3
    assert opt.betas == (0.9, 0.999)
    assert opt.eps == 1e-8
    assert opt.weight_decay == 0.0


def test_optimizers_reject_bad_hyperparameters():
    ps = [Parameter(np.zeros(2))]
    for bad in (
        lambda: SGD(ps, lr=-0.1),
        lambda: SGD(ps, lr=float("nan")),
        lambda: SGD(ps, lr=0.1, momentum=1.0),
        lambda: SGD(ps, lr=0.1, weight_decay=-1.0),
        lambda: Adam(ps, lr=float("inf")),
        lambda: Adam(ps, betas=(1.0, 0.999)),
        lambda: Adam(ps, betas=(0.9, -0.1)),
    ):
        with pytest.raises(ValueError):
            bad()
