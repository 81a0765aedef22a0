"""The batch-norm trace of /operations: the same numbers as the trainer's BatchNorm1d, a
hand-worked 2 x 2 batch, PyTorch's definitions, the batch of one, the redundant bias, and the
backward pass against central differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core import BatchNorm1d, batchnorm_gradients, batchnorm_trace, bias_redundancy
from core.trace.ops_batchnorm import BATCH_OF_ONE, upstream_gradient

EPS = 1e-5


def test_hand_worked_two_by_two_batch() -> None:
    # X = [[1, 2], [3, 6]], gamma = 1, beta = 0, running stats start at mean 0, var 1.
    # Feature 1: mean (1 + 3) / 2 = 2; deviations -1, 1; biased var (1 + 1) / 2 = 1;
    #   unbiased var (1 + 1) / (2 - 1) = 2; x_hat = -+1 / sqrt(1 + 1e-5);
    #   running_mean = 0.9 * 0 + 0.1 * 2 = 0.2; running_var = 0.9 * 1 + 0.1 * 2 = 1.1.
    # Feature 2: mean 4; deviations -2, 2; biased var 4; unbiased 8; x_hat = -+2 / sqrt(4 + 1e-5);
    #   running_mean = 0.4; running_var = 0.9 + 0.8 = 1.7.
    t = batchnorm_trace(np.array([[1.0, 2.0], [3.0, 6.0]]), np.ones(2), np.zeros(2),
                        np.zeros(2), np.ones(2), training=True, momentum=0.1, eps=EPS)
    f1, f2 = t.features
    assert f1.total == 4 and f1.batch_mean == 2 and f1.deviations == (-1.0, 1.0)
    assert f1.squares == (1.0, 1.0) and f1.batch_var == 1 and f1.unbiased_var == 2
    assert f2.batch_mean == 4 and f2.deviations == (-2.0, 2.0)
    assert f2.batch_var == 4 and f2.unbiased_var == 8
    assert f1.x_hat == pytest.approx((-1 / math.sqrt(1 + EPS), 1 / math.sqrt(1 + EPS)), abs=1e-15)
    assert f2.x_hat == pytest.approx((-2 / math.sqrt(4 + EPS), 2 / math.sqrt(4 + EPS)), abs=1e-15)
    assert t.running_mean.tolist() == pytest.approx([0.2, 0.4], abs=1e-15)
    assert t.running_var.tolist() == pytest.approx([1.1, 1.7], abs=1e-15)
    assert (f1.running_mean_before, f1.running_var_before) == (0.0, 1.0)


def test_eval_mode_uses_the_running_statistics_and_updates_nothing() -> None:
    # The running statistics after the batch above: mean (0.2, 0.4), var (1.1, 1.7).
    # Eval: x_hat = (x - 0.2) / sqrt(1.1 + eps) for feature 1: (1 - 0.2) / 1.04881362 = 0.76276660.
    X = np.array([[1.0, 2.0], [3.0, 6.0]])
    rm, rv = np.array([0.2, 0.4]), np.array([1.1, 1.7])
    t = batchnorm_trace(X, np.array([2.0, 1.0]), np.array([0.5, 0.0]), rm, rv, training=False)
    expected_hat = (X - rm) / np.sqrt(rv + EPS)
    np.testing.assert_allclose(t.X_hat, expected_hat, rtol=1e-15)
    np.testing.assert_allclose(t.Y, expected_hat * [2.0, 1.0] + [0.5, 0.0], rtol=1e-15)
    assert t.features[0].x_hat[0] == pytest.approx(0.8 / 1.04881361547, rel=1e-11)
    assert t.running_mean.tolist() == rm.tolist() and t.running_var.tolist() == rv.tolist()
    assert t.features[0].mean == 0.2 and t.features[0].var == 1.1
    # ... and so the outputs differ from train mode's for the same X.
    train = batchnorm_trace(X, np.array([2.0, 1.0]), np.array([0.5, 0.0]), rm, rv, training=True)
    assert np.max(np.abs(train.Y - t.Y)) > 0.1


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_trace_equals_the_trainers_module(training: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(5, 3)) * 3 + 1
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    rm, rv = rng.normal(size=3), rng.uniform(0.5, 2, size=3)
    t = batchnorm_trace(X, gamma, beta, rm, rv, training=training, momentum=0.3, eps=1e-3)
    bn = BatchNorm1d(3, eps=1e-3, momentum=0.3)
    bn.weight.data[...], bn.bias.data[...] = gamma, beta
    bn.running_mean, bn.running_var = rm.copy(), rv.copy()
    bn.train(training)
    np.testing.assert_array_equal(t.Y, bn.forward(X))
    np.testing.assert_array_equal(t.running_mean, bn.running_mean)
    np.testing.assert_array_equal(t.running_var, bn.running_var)
    # The terms the page shows rebuild the module's numbers.
    for f in t.features:
        assert f.y == pytest.approx(tuple(f.gamma * h + f.beta for h in f.x_hat), abs=1e-12)
        assert f.x_hat == pytest.approx(tuple(c / f.std for c in f.centered), abs=1e-12)
        assert f.std == pytest.approx(math.sqrt(f.var + 1e-3), rel=1e-15)


def test_pytorch_definitions_biased_to_normalize_unbiased_for_running_var() -> None:
    rng = np.random.default_rng(7)
    X = rng.normal(size=(4, 2))
    t = batchnorm_trace(X, np.ones(2), np.zeros(2), np.zeros(2), np.ones(2))
    np.testing.assert_allclose([f.batch_var for f in t.features], X.var(axis=0, ddof=0))
    np.testing.assert_allclose([f.unbiased_var for f in t.features], X.var(axis=0, ddof=1))
    np.testing.assert_allclose(t.X_hat, (X - X.mean(0)) / np.sqrt(X.var(0) + EPS), rtol=1e-12)
    np.testing.assert_allclose(t.running_var, 0.9 + 0.1 * X.var(axis=0, ddof=1), rtol=1e-15)
    np.testing.assert_allclose(t.running_mean, 0.1 * X.mean(axis=0), rtol=1e-15)


def test_batch_of_one_is_refused_in_training_like_pytorch() -> None:
    t = batchnorm_trace(np.array([[3.0, -1.0]]), np.ones(2), np.zeros(2), np.zeros(2),
                        np.ones(2), training=True)
    assert t.refusal == BATCH_OF_ONE and t.Y is None
    assert [f.batch_var for f in t.features] == [0.0, 0.0]
    assert all(math.isnan(f.unbiased_var) for f in t.features)
    assert t.running_mean.tolist() == [0.0, 0.0]  # nothing moved
    # In eval mode a single row is fine: it uses the running statistics.
    ok = batchnorm_trace(np.array([[3.0, -1.0]]), np.ones(2), np.zeros(2), np.zeros(2),
                         np.ones(2), training=False)
    assert ok.refusal is None and ok.Y[0, 0] == pytest.approx(3 / math.sqrt(1 + EPS))


def test_a_bias_before_batch_norm_cancels() -> None:
    X = np.array([[1.0, 2.0], [3.0, 6.0], [-2.0, 0.0]])
    r = bias_redundancy(X, np.array([10.0, -4.0]), np.array([1.5, 1.0]), np.array([0.0, 1.0]))
    assert [f.batch_mean for f in r.shifted.features] == pytest.approx(
        [f.batch_mean + c for f, c in zip(r.plain.features, (10.0, -4.0), strict=True)])
    for a, b in zip(r.plain.features, r.shifted.features, strict=True):
        assert a.deviations == pytest.approx(b.deviations, abs=1e-12)
    assert r.max_output_change < 1e-12


@pytest.mark.parametrize("training", [True, False])
def test_backward_matches_central_differences(training: bool) -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4, 3))
    g = batchnorm_gradients(X, rng.normal(size=3), rng.normal(size=3), rng.normal(size=3),
                            rng.uniform(0.5, 2, size=3), training=training)
    assert g.max_rel_error < 1e-6 and g.agree_dX().all()
    np.testing.assert_allclose(g.dX, g.dX_numeric, atol=1e-7)
    np.testing.assert_allclose(g.dbeta, g.G.sum(axis=0), rtol=1e-12)  # dL/dbeta = sum of G


def test_backward_in_train_mode_is_not_the_eval_formula() -> None:
    # Train mode: mean and variance depend on every row, so dX is not G * gamma / std.
    X = np.array([[1.0, 2.0], [3.0, 6.0], [0.0, 1.0]])
    g = batchnorm_gradients(X, np.ones(2), np.zeros(2), np.zeros(2), np.ones(2))
    naive = g.G / np.sqrt(X.var(axis=0) + EPS)
    assert np.max(np.abs(g.dX - naive)) > 0.1
    assert g.agree_dX().all()
    # Each column of dX sums to 0 (shifting a whole feature changes nothing).
    np.testing.assert_allclose(g.dX.sum(axis=0), 0.0, atol=1e-12)


def test_the_check_does_not_move_the_running_statistics() -> None:
    rm, rv = np.array([0.5, -1.0]), np.array([2.0, 0.5])
    batchnorm_gradients(np.array([[1.0, 2.0], [3.0, 5.0]]), np.ones(2), np.zeros(2), rm, rv)
    assert rm.tolist() == [0.5, -1.0] and rv.tolist() == [2.0, 0.5]


def test_upstream_gradient_is_fixed_and_not_all_ones() -> None:
    G = upstream_gradient((3, 2))
    assert G.tolist() == [[1.0, -2.0], [0.5, 3.0], [-1.0, 2.0]]


@pytest.mark.parametrize("bad", [np.zeros((0, 2)), np.array([1.0, 2.0]),
                                 np.array([[1.0, np.nan], [2.0, 3.0]])])
def test_bad_batches_raise_value_error(bad) -> None:
    with pytest.raises(ValueError):
        batchnorm_trace(bad, np.ones(2), np.zeros(2), np.zeros(2), np.ones(2))


def test_bad_settings_raise_value_error() -> None:
    X = np.ones((2, 2))
    with pytest.raises(ValueError, match="momentum"):
        batchnorm_trace(X, np.ones(2), np.zeros(2), np.zeros(2), np.ones(2), momentum=1.5)
    with pytest.raises(ValueError, match="eps"):
        batchnorm_trace(X, np.ones(2), np.zeros(2), np.zeros(2), np.ones(2), eps=0.0)
    with pytest.raises(ValueError, match="beta"):
        batchnorm_trace(X, np.ones(2), np.zeros(3), np.zeros(2), np.ones(2))
