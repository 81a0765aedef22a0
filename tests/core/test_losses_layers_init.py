"""Loss reductions, BatchNorm1d running statistics, Dropout scaling and weight initialization,
each against a hand-written reference of PyTorch's documented definition."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import FAST, seeds

from core import (
    INITS,
    BatchNorm1d,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    Dropout,
    Linear,
    MSELoss,
    init_bias,
    init_weight,
)

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
