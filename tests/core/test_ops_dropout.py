"""The dropout traces of /operations: the same numbers as the trainer's Dropout, PyTorch's
definition (p drops; kept values scaled by 1/(1-p)), eval identity, the average over masks."""

from __future__ import annotations

import numpy as np
import pytest

from core import Dropout, dropout_average, dropout_trace
from core.trace.ops_dropout import calls_in_mode


def test_hand_worked_mask_from_seed_0() -> None:
    # default_rng(0).random(4) = 0.637, 0.270, 0.041, 0.017: with p = 0.25 the first two are
    # >= p (kept, scaled by 1 / 0.75), the last two < p (dropped).
    t = dropout_trace(np.array([3.0, -1.5, 2.0, 6.0]), 0.25, seed=0)
    assert t.draws[0].tolist() == pytest.approx([0.636962, 0.269787, 0.040974, 0.016528], abs=1e-6)
    assert t.keep.tolist() == [[1.0, 1.0, 0.0, 0.0]]
    assert t.scale == pytest.approx(4 / 3)
    np.testing.assert_allclose(t.Y, [[4.0, -2.0, 0.0, 0.0]], rtol=1e-15)
    assert t.kept == 2


@pytest.mark.parametrize("p", [0.0, 0.1, 0.5, 0.9])
@pytest.mark.parametrize("seed", [0, 5, 123])
def test_trace_equals_the_trainers_module(p: float, seed: int) -> None:
    X = np.arange(1.0, 13.0).reshape(3, 4)
    t = dropout_trace(X, p, seed)
    module = Dropout(p, rng=np.random.default_rng(seed))
    np.testing.assert_array_equal(t.Y, module.forward(X))
    np.testing.assert_array_equal(t.keep, (t.draws >= p).astype(float))
    np.testing.assert_allclose(t.Y, X * t.keep / (1 - p), rtol=1e-15)


def test_eval_mode_is_the_identity() -> None:
    X = np.array([[1.0, -2.0, 3.0]])
    t = dropout_trace(X, 0.5, seed=1, training=False)
    assert t.Y.tolist() == X.tolist() and t.draws is None and t.kept == 3
    calls = calls_in_mode(X, 0.5, 1, 4, training=False)
    assert all(c.tolist() == X.tolist() for c in calls)


def test_predicting_in_train_mode_changes_from_call_to_call() -> None:
    calls = calls_in_mode(np.arange(1.0, 9.0), 0.5, 2, 3, training=True)
    assert not np.array_equal(calls[0], calls[1]) or not np.array_equal(calls[1], calls[2])
    # the first call is the trace's mask
    np.testing.assert_array_equal(calls[0], dropout_trace(np.arange(1.0, 9.0), 0.5, 2).Y)


def test_average_over_many_masks_approaches_x() -> None:
    # Each output is x/(1-p) with probability 1-p, else 0: mean x, standard deviation
    # |x| sqrt(p/(1-p)) = |x| for p = 0.5. After N masks the mean's deviation is |x|/sqrt(N):
    # 4/sqrt(4000) = 0.063 for the largest x; 0.3 is nearly 5 of those.
    x = np.array([1.0, -2.0, 3.0, 4.0])
    avg = dropout_average(x, 0.5, seed=0, n=4000)
    assert avg.gap[-1] < 0.3
    assert avg.gap[0] >= 1.0  # one mask: every value is 0 or doubled
    assert np.mean(avg.gap[-100:]) < np.mean(avg.gap[:10])
    np.testing.assert_array_equal(avg.means[0], dropout_trace(x, 0.5, 0).Y)
    np.testing.assert_allclose(avg.means[-1][0], x, atol=0.3)


def test_average_is_the_running_mean_of_the_modules_outputs() -> None:
    x = np.array([2.0, 5.0])
    avg = dropout_average(x, 0.3, seed=4, n=5)
    outs = calls_in_mode(x, 0.3, 4, 5, training=True)
    for k in range(5):
        np.testing.assert_allclose(avg.means[k], outs[: k + 1].mean(axis=0), rtol=1e-15)


@pytest.mark.parametrize("p", [1.0, -0.1, 1.5])
def test_p_outside_0_1_is_refused(p: float) -> None:
    with pytest.raises(ValueError, match="probability of dropping"):
        dropout_trace(np.ones(3), p, 0)


def test_too_many_masks_is_refused() -> None:
    with pytest.raises(ValueError, match="number of masks"):
        dropout_average(np.ones(3), 0.5, 0, 10_000)
