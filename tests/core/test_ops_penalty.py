"""The L1/L2 traces of /operations: data loss + penalty with numbers, the penalty's gradient,
one step with and without it (the trainer's SGD; L2 is SGD's weight_decay, PyTorch's
convention), the L1 rule at zero, biases unpenalized, and the 2-weight paths."""

from __future__ import annotations

import numpy as np
import pytest

from core import SGD, Linear, MSELoss, central_difference, penalty_path, penalty_trace
from core.trace.ops_penalty import (
    PATH_W_STAR,
    l1_shrink,
    path_data_loss,
    path_loss_grid,
    penalty_gradient,
    penalty_value,
    total_loss,
)

W = np.array([[0.5, -1.5]])
B = np.array([0.5])
X = np.array([1.0, 2.0])
T = np.array([1.0])


def test_hand_worked_l2_step() -> None:
    # z = 0.5*1 + (-1.5)*2 + 0.5 = -2; data loss (z - t)^2 = 9; dL/dz = 2 (z - t) = -6;
    # dL/dW = -6 * x = (-6, -12); db = -6. Penalty (lam/2) sum w^2 = 0.5 * (0.25 + 2.25) = 1.25
    # (lam = 1); its gradient lam * w = (0.5, -1.5). lr = 0.1:
    # without: w - 0.1 * (-6, -12) = (1.1, -0.3); with: w - 0.1 * (-5.5, -13.5) = (1.05, -0.15).
    t = penalty_trace(W, B, X, T, lam=1.0, kind="l2", lr=0.1)
    assert t.z.tolist() == [-2.0] and t.data_loss == 9.0
    assert t.term_sum == 2.5 and t.penalty == 1.25 and t.total == 10.25
    assert [(w.data_grad, w.penalty_grad, w.total_grad) for w in t.terms] == [
        (-6.0, 0.5, -5.5), (-12.0, -1.5, -13.5)]
    np.testing.assert_allclose(t.W_without, [[1.1, -0.3]], rtol=1e-15)
    np.testing.assert_allclose(t.W_with, [[1.05, -0.15]], rtol=1e-14)
    assert t.db.tolist() == [-6.0]
    np.testing.assert_allclose(t.b_after, [1.1], rtol=1e-15)


def test_hand_worked_l1_step_and_the_rule_at_zero() -> None:
    # L1, lam = 1: penalty sum |w| = 2; gradient sign(w) = (1, -1). lr = 0.1:
    # v = w - 0.1 * data grad = (1.1, -0.3); shrink by lr * lam = 0.1 toward 0: (1.0, -0.2).
    t = penalty_trace(W, B, X, T, lam=1.0, kind="l1", lr=0.1)
    assert t.penalty == 2.0 and t.total == 11.0
    assert [w.penalty_grad for w in t.terms] == [1.0, -1.0]
    np.testing.assert_allclose(t.W_with, [[1.0, -0.2]], rtol=1e-14)
    # lam = 4: the shrink 0.4 is larger than |v2| = 0.3: w2 stops at exactly 0, not at +0.1.
    t4 = penalty_trace(W, B, X, T, lam=4.0, kind="l1", lr=0.1)
    assert t4.W_with[0, 1] == 0.0 and t4.terms[1].stopped_at_zero
    assert not t4.terms[0].stopped_at_zero and t4.W_with[0, 0] == pytest.approx(0.7)
    assert t4.zeros_with == 1 and t4.zeros_without == 0
    # the plain subgradient step w - lr (data + lam sign(w)) = -1.5 + 0.1 (12 + 4) = 0.1 crosses
    assert t4.terms[1].subgradient_step == pytest.approx(0.1)


def test_l1_shrink_never_crosses_zero() -> None:
    v = np.array([0.3, -0.3, 0.05, -0.05, 0.0, 2.0])
    out, stopped = l1_shrink(v, 0.1)
    np.testing.assert_allclose(out, [0.2, -0.2, 0.0, 0.0, 0.0, 1.9], atol=1e-15)
    assert stopped.tolist() == [False, False, True, True, False, False]
    assert not np.signbit(out).any() or (out[np.signbit(out)] != 0).all()  # no -0.0


@pytest.mark.parametrize("lam", [0.0, 0.3, 2.0])
def test_l2_step_is_pytorchs_weight_decay(lam: float) -> None:
    rng = np.random.default_rng(1)
    Wr, br, xr, tr = rng.normal(size=(3, 4)), rng.normal(size=3), rng.normal(size=4), rng.normal(
        size=3)
    t = penalty_trace(Wr, br, xr, tr, lam=lam, kind="l2", lr=0.05)
    # torch.optim.SGD(weight_decay=lam): g = grad + lam * w; w -= lr * g.
    dW = np.array([w.data_grad for w in t.terms]).reshape(3, 4)
    np.testing.assert_allclose(t.W_with, Wr - 0.05 * (dW + lam * Wr), rtol=1e-14)
    # ... which is gradient descent on data + (lam / 2) sum w^2:
    layer = Linear(4, 3)
    layer.weight.data[...], layer.bias.data[...] = Wr, br
    loss_fn = MSELoss()
    loss_fn.forward(layer.forward(xr), tr)
    layer.backward(loss_fn.backward())
    SGD([layer.weight], lr=0.05, weight_decay=lam).step()
    np.testing.assert_array_equal(t.W_with, layer.weight.data)


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_total_gradient_matches_central_differences(kind: str) -> None:
    rng = np.random.default_rng(2)
    Wr = rng.normal(size=(2, 3)) + 0.5  # away from 0, where |w| has its kink
    br, xr, tr = rng.normal(size=2), rng.normal(size=3), rng.normal(size=2)
    t = penalty_trace(Wr, br, xr, tr, lam=0.7, kind=kind, lr=0.1)
    Wc = Wr.copy()

    def total() -> float:
        return sum(total_loss(Wc, br, xr.reshape(1, -1), tr.reshape(1, -1), 0.7, kind))

    numeric = central_difference(total, Wc)
    analytic = np.array([w.total_grad for w in t.terms]).reshape(2, 3)
    np.testing.assert_allclose(analytic, numeric, atol=1e-6)


def test_biases_are_not_penalized() -> None:
    big_bias = np.array([50.0])
    a = penalty_trace(W, big_bias, X, T, lam=5.0, kind="l2", lr=0.01)
    b = penalty_trace(W, big_bias, X, T, lam=0.0, kind="l2", lr=0.01)
    assert a.penalty == penalty_value(W, 5.0, "l2")  # no 50^2 term
    assert a.b_after.tolist() == b.b_after.tolist()
    assert a.db.tolist() == b.db.tolist()


def test_penalty_conventions() -> None:
    Wm = np.array([[1.0, -2.0], [0.0, 3.0]])
    assert penalty_value(Wm, 0.5, "l1") == 0.5 * 6
    assert penalty_value(Wm, 0.5, "l2") == 0.25 * 14
    assert penalty_gradient(Wm, 0.5, "l1").tolist() == [[0.5, -0.5], [0.0, 0.5]]
    assert penalty_gradient(Wm, 0.5, "l2").tolist() == [[0.5, -1.0], [0.0, 1.5]]


def test_l1_path_reaches_exact_zero_and_l2_only_shrinks() -> None:
    # Data loss mean((X w - y)^2) with X^T X / 4 = I: gradient 2 (w - w*), w* = (2, 0.4).
    # L1 (lam = 1) optimum: w = w* - (lam / 2) sign(w) where that keeps the sign, else 0:
    # (1.5, 0). L2 optimum: 2 (w - w*) + lam w = 0 -> w = 2 w* / (2 + lam) = (4/3, 0.8/3).
    l1 = penalty_path(np.array([-1.0, 2.0]), 1.0, "l1", 0.1, 200)
    l2 = penalty_path(np.array([-1.0, 2.0]), 1.0, "l2", 0.1, 200)
    np.testing.assert_allclose(l1.path[-1], [1.5, 0.0], atol=1e-6)
    assert l1.path[-1][1] == 0.0 and l1.zeros[-1] == 1 and l1.first_zero_step is not None
    np.testing.assert_allclose(l2.path[-1], 2 * PATH_W_STAR / 3, atol=1e-9)
    assert l2.zeros.max() == 0 and l2.first_zero_step is None
    assert l1.path.shape == (201, 2) and l1.data.shape == (201,)
    # the totals go down
    assert l1.total[-1] < l1.total[0] and l2.total[-1] < l2.total[0]


def test_path_steps_are_the_one_step_rule() -> None:
    p = penalty_path(np.array([0.7, -0.2]), 0.5, "l1", 0.2, 3)
    w = np.array([[0.7, -0.2]])
    Xp = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])
    yp = Xp @ PATH_W_STAR
    for k in range(3):
        grad = 2 * (Xp @ w[0] - yp) @ Xp / 4  # dL/dw of mean((Xw - y)^2)
        w, _ = l1_shrink(w - 0.2 * grad, 0.2 * 0.5)
        np.testing.assert_allclose(p.path[k + 1], w[0], atol=1e-14)


def test_divergence_stops_the_path() -> None:
    p = penalty_path(np.array([1.0, 1.0]), 0.0, "l2", 2.0, 500)
    assert p.diverged and p.path.shape[0] < 501 and np.all(np.isfinite(p.path))
    assert p.data.shape == (p.path.shape[0],)


def test_loss_grid_matches_the_modules_loss() -> None:
    w1, w2 = np.array([-1.0, 0.0, 2.0]), np.array([0.4, 3.0])
    grid = path_loss_grid(w1, w2)
    for r, b in enumerate(w2):
        for c, a in enumerate(w1):
            assert grid[r, c] == pytest.approx(path_data_loss(np.array([a, b])), rel=1e-14)
    assert path_data_loss(PATH_W_STAR) == 0.0


@pytest.mark.parametrize("kwargs, match", [
    ({"lam": -1.0}, "λ"), ({"lam": 11.0}, "λ"), ({"lr": 0.0}, "learning rate"),
    ({"kind": "l3"}, "penalty"),
])
def test_bad_settings_are_refused(kwargs: dict, match: str) -> None:
    args = {"lam": 1.0, "kind": "l2", "lr": 0.1} | kwargs
    with pytest.raises(ValueError, match=match):
        penalty_trace(W, B, X, T, **args)
