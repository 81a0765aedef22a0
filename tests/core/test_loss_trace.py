"""The loss step by step (core.trace.loss_trace): hand-worked examples, agreement with the loss
modules, finite-difference checks of dL/dpred, and refused targets."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, central_difference
from core.trace.loss_trace import check_target, loss_trace, loss_value


def test_mse_by_hand():
    # Outputs of the default layer (31, 10.5) against targets (30, 12).
    lt = loss_trace("mse", np.array([31.0, 10.5]), np.array([30.0, 12.0]))
    assert lt.residual.tolist() == [1.0, -1.5]
    assert lt.terms.tolist() == [1.0, 2.25]
    assert lt.total == 3.25 and lt.count == 2
    assert lt.value == 1.625
    assert lt.dA.tolist() == [1.0, -1.5]  # 2 r_i / n


def test_bce_by_hand():
    lt = loss_trace("bce", np.array([0.0]), np.array([1.0]))
    assert lt.prob.tolist() == [0.5]
    assert lt.value == pytest.approx(math.log(2.0), rel=1e-15)
    assert lt.dA.tolist() == [-0.5]  # sigmoid(0) - 1


def test_ce_by_hand():
    lt = loss_trace("ce", np.array([2.0, 0.0, 0.0]), 0)
    e = math.exp(-2.0)
    assert lt.shifted.tolist() == [0.0, -2.0, -2.0]
    assert lt.exp_sum == pytest.approx(1 + 2 * e)
    assert lt.prob[0] == pytest.approx(1 / (1 + 2 * e))
    assert lt.value == pytest.approx(math.log(1 + 2 * e))
    assert lt.dA.tolist() == pytest.approx([lt.prob[0] - 1, lt.prob[1], lt.prob[2]])
    assert lt.target.tolist() == [1.0, 0.0, 0.0] and lt.label == 0


@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_the_loss_modules(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 6))
    pred = rng.normal(0, 3, n)
    t = rng.normal(0, 2, n)
    p = rng.uniform(0, 1, n)
    c = int(rng.integers(0, n))
    for kind, target, module in (("mse", t, MSELoss()), ("bce", p, BCEWithLogitsLoss()),
                                 ("ce", c, CrossEntropyLoss())):
        lt = loss_trace(kind, pred, target)
        assert lt.value == pytest.approx(module.forward(pred, np.array(target)), rel=1e-12)
        assert lt.dA == pytest.approx(module.backward(), rel=1e-12, abs=1e-15)
        assert lt.value == pytest.approx(lt.total / lt.count)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("kind", ["mse", "bce", "ce"])
def test_dA_matches_central_differences(kind, seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 6))
    pred = rng.normal(0, 3, n)
    target = {"mse": rng.normal(0, 2, n), "bce": rng.uniform(0, 1, n),
              "ce": int(rng.integers(0, n))}[kind]
    lt = loss_trace(kind, pred, target)
    numeric = central_difference(lambda: loss_value(kind, pred, target), pred)
    np.testing.assert_allclose(lt.dA, numeric, rtol=1e-6, atol=1e-8)


def test_extreme_logits_stay_finite():
    lt = loss_trace("bce", np.array([-800.0]), np.array([1.0]))
    assert lt.value == pytest.approx(800.0) and np.isfinite(lt.dA).all()
    lt = loss_trace("ce", np.array([1000.0, -1000.0]), 1)
    assert lt.value == pytest.approx(2000.0) and lt.dA.tolist() == [1.0, -1.0]


@pytest.mark.parametrize(
    "kind, target, n, words",
    [
        ("mse", [1.0], 2, "need 2 target values"),
        ("mse", [1.0, float("nan")], 2, "finite"),
        ("bce", [1.5], 1, "between 0 and 1"),
        ("ce", 2, 2, "between 1 and 2"),
        ("ce", 0.5, 3, "whole class"),
        ("ce", 0, 1, "at least 2 outputs"),
        ("hinge", [0.0], 1, "unknown loss"),
    ],
)
def test_bad_targets_are_refused_with_a_reason(kind, target, n, words):
    with pytest.raises(ValueError, match=words):
        check_target(kind, target, n)


def test_non_finite_predictions_are_refused():
    with pytest.raises(ValueError, match="finite"):
        loss_trace("mse", np.array([np.inf]), np.array([0.0]))
