"""Optimizers, loss reductions, BatchNorm1d running statistics, Dropout scaling and weight
initialization, each against a hand-written reference of PyTorch's documented definition."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import FAST, seeds

from core import (
    INITS,
    SGD,
    Adam,
    BatchNorm1d,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    Dropout,
    Linear,
    MSELoss,
    Parameter,
    init_bias,
    init_weight,
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


# --- loss reductions (mean) ------------------------------------------------------------------


def test_mse_mean_over_every_element():
    pred = np.array([[1.0, 2.0], [3.0, 4.0]])
    target = np.array([[0.0, 1.0], [1.0, 1.0]])
    loss = MSELoss()
    # diffs 1, 1, 2, 3 -> squares 1, 1, 4, 9 -> mean 15 / 4
    assert loss.forward(pred, target) == 3.75
    np.testing.assert_allclose(loss.backward(), 2.0 * (pred - target) / 4)


def test_bce_with_logits_mean_matches_the_definition():
    z = np.array([0.0, 2.0, -1.0, 30.0])
    t = np.array([1.0, 0.0, 0.5, 1.0])

    def sig(v):
        return 1.0 / (1.0 + math.exp(-v))

    # torch: l_n = -[t log sigma(z) + (1 - t) log(1 - sigma(z))], mean over n.
    expected = sum(
        -(tn * math.log(sig(zn)) + (1 - tn) * math.log(1 - sig(zn)))
        for zn, tn in zip(z, t, strict=True)
    ) / 4
    loss = BCEWithLogitsLoss()
    assert loss.forward(z, t) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(
        loss.backward(), [(sig(zn) - tn) / 4 for zn, tn in zip(z, t, strict=True)], rtol=1e-12
    )
    assert loss.forward([0.0], [1.0]) == pytest.approx(math.log(2.0), rel=1e-15)


def test_bce_rejects_targets_outside_zero_one():
    with pytest.raises(ValueError):
        BCEWithLogitsLoss().forward(np.zeros(2), np.array([0.0, 1.5]))


def test_cross_entropy_mean_over_the_batch():
    logits = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    labels = np.array([2, 0])
    e = math.e
    row0 = -math.log(e**3 / (e + e**2 + e**3))
    row1 = -math.log(1.0 / 3.0)
    loss = CrossEntropyLoss()
    assert loss.forward(logits, labels) == pytest.approx((row0 + row1) / 2, rel=1e-12)
    p0 = np.array([e, e**2, e**3]) / (e + e**2 + e**3)
    expected = np.array([p0 - [0, 0, 1], np.full(3, 1 / 3) - [1, 0, 0]]) / 2
    np.testing.assert_allclose(loss.backward(), expected, rtol=1e-12)


def test_cross_entropy_unbatched_logits_with_a_scalar_label():
    loss = CrossEntropyLoss()
    value = loss.forward(np.array([0.0, 0.0, 0.0, 0.0]), 3)
    assert value == pytest.approx(math.log(4.0), rel=1e-15)
    np.testing.assert_allclose(loss.backward(), [0.25, 0.25, 0.25, -0.75])


def test_cross_entropy_rejects_bad_labels():
    loss = CrossEntropyLoss()
    with pytest.raises(ValueError):
        loss.forward(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError):
        loss.forward(np.zeros((2, 3)), np.array([0.5, 1.0]))
    with pytest.raises(ValueError):
        loss.forward(np.zeros((2, 3)), np.array([0, 1, 2]))


# --- BatchNorm1d -----------------------------------------------------------------------------


def test_batchnorm_running_stats_unbiased_momentum_point_one():
    x1 = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
    bn = BatchNorm1d(2)
    assert bn.momentum == 0.1 and bn.eps == 1e-5
    np.testing.assert_array_equal(bn.running_mean, [0.0, 0.0])
    np.testing.assert_array_equal(bn.running_var, [1.0, 1.0])
    y = bn.forward(x1)
    # batch mean [3, 6]; biased var [8/3, 32/3] normalizes; unbiased var [4, 16] is tracked.
    np.testing.assert_allclose(bn.running_mean, [0.1 * 3, 0.1 * 6])
    np.testing.assert_allclose(bn.running_var, [0.9 + 0.1 * 4, 0.9 + 0.1 * 16])
    np.testing.assert_allclose(
        y[:, 0], (x1[:, 0] - 3.0) / math.sqrt(8 / 3 + 1e-5), rtol=1e-12
    )
    np.testing.assert_allclose(
        y[:, 1], (x1[:, 1] - 6.0) / math.sqrt(32 / 3 + 1e-5), rtol=1e-12
    )
    # A second batch: running = 0.9 * running + 0.1 * batch statistic.
    x2 = np.array([[0.0, 1.0], [2.0, 1.0]])  # mean [1, 1], unbiased var [2, 0]
    bn.forward(x2)
    np.testing.assert_allclose(bn.running_mean, [0.9 * 0.3 + 0.1, 0.9 * 0.6 + 0.1])
    np.testing.assert_allclose(bn.running_var, [0.9 * 1.3 + 0.1 * 2, 0.9 * 2.5 + 0.0])


def test_batchnorm_eval_uses_running_stats_and_does_not_update_them():
    bn = BatchNorm1d(2)
    bn.weight.data[:] = [2.0, 0.5]
    bn.bias.data[:] = [1.0, -1.0]
    bn.running_mean = np.array([1.0, -2.0])
    bn.running_var = np.array([4.0, 0.25])
    bn.eval()
    x = np.array([[3.0, 0.0]])  # a batch of one is fine in eval mode
    y = bn.forward(x)
    np.testing.assert_allclose(
        y, [[2.0 * 2.0 / math.sqrt(4.0 + 1e-5) + 1.0, 0.5 * 2.0 / math.sqrt(0.25 + 1e-5) - 1.0]]
    )
    np.testing.assert_array_equal(bn.running_mean, [1.0, -2.0])
    np.testing.assert_array_equal(bn.running_var, [4.0, 0.25])


def test_batchnorm_train_needs_more_than_one_row():
    with pytest.raises(ValueError):
        BatchNorm1d(3).forward(np.ones((1, 3)))
    with pytest.raises(ValueError):
        BatchNorm1d(3).forward(np.ones((4, 2)))


# --- Dropout ---------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.1, 0.25, 0.5, 0.8])
def test_dropout_scales_kept_values(p):
    x = np.full((400, 50), 3.0)
    layer = Dropout(p, rng=np.random.default_rng(11))
    y = layer.forward(x)
    kept = y != 0
    np.testing.assert_allclose(y[kept], 3.0 / (1.0 - p), rtol=1e-15)
    assert abs(kept.mean() - (1.0 - p)) < 0.02
    assert abs(y.mean() - 3.0) < 0.15  # expectation preserved
    # backward uses the same mask and scale
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), y / 3.0)


def test_dropout_is_identity_in_eval_mode_and_for_p_zero():
    x = np.arange(12.0).reshape(3, 4)
    layer = Dropout(0.5, rng=np.random.default_rng(0))
    layer.eval()
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.backward(x), x)
    zero = Dropout(0.0)
    np.testing.assert_array_equal(zero.forward(x), x)


def test_dropout_rejects_bad_p():
    for p in (-0.1, 1.0, 1.5):
        with pytest.raises(ValueError):
            Dropout(p)


# --- initialization --------------------------------------------------------------------------

FAN_IN, FAN_OUT = 20, 30

BOUNDS = {
    "pytorch": 1.0 / math.sqrt(FAN_IN),
    "xavier": math.sqrt(6.0 / (FAN_IN + FAN_OUT)),
    "he": math.sqrt(6.0 / FAN_IN),
    "uniform": 0.5,
}


@pytest.mark.parametrize("init", sorted(BOUNDS))
def test_init_weight_bounds(init):
    layer = Linear(FAN_IN, FAN_OUT, rng=np.random.default_rng(5), init=init)
    w = layer.weight.data
    a = BOUNDS[init]
    assert w.shape == (FAN_OUT, FAN_IN)
    assert np.all(np.abs(w) <= a)
    assert np.abs(w).max() > 0.95 * a  # 600 uniform draws reach close to the bound
    assert abs(w.mean()) < 0.1 * a
    assert w.min() < 0 < w.max()


def test_init_bias_per_scheme():
    rng = np.random.default_rng(3)
    b = init_bias("pytorch", 1000, FAN_IN, rng)
    assert np.all(np.abs(b) <= 1.0 / math.sqrt(FAN_IN))
    assert np.abs(b).max() > 0.95 / math.sqrt(FAN_IN)
    np.testing.assert_array_equal(init_bias("uniform", 4, FAN_IN, rng), np.full(4, 0.1))
    for name in ("xavier", "he", "zeros"):
        np.testing.assert_array_equal(init_bias(name, 4, FAN_IN, rng), np.zeros(4))


def test_zeros_init():
    layer = Linear(3, 4, init="zeros")
    np.testing.assert_array_equal(layer.weight.data, np.zeros((4, 3)))
    np.testing.assert_array_equal(layer.bias.data, np.zeros(4))


def test_unknown_init_is_a_value_error():
    with pytest.raises(ValueError, match="unknown init"):
        Linear(2, 2, init="glorot_normal")
    with pytest.raises(ValueError):
        init_weight("nope", 2, 2, np.random.default_rng(0))


@FAST
@given(seed=seeds, init=st.sampled_from(INITS))
def test_init_is_reproducible_from_a_seed(seed, init):
    a = Linear(4, 3, rng=np.random.default_rng(seed), init=init)
    b = Linear(4, 3, rng=np.random.default_rng(seed), init=init)
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    np.testing.assert_array_equal(a.bias.data, b.bias.data)
    if init != "zeros":
        c = Linear(4, 3, rng=np.random.default_rng(seed + 1), init=init)
        assert not np.array_equal(a.weight.data, c.weight.data)
