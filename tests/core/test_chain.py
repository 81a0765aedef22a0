"""One or two chained layers with a loss (core.trace.chain), the page's gradient check
(core.trace.net_gradcheck) and gradient descent (core.trace.descent)."""

from __future__ import annotations

import numpy as np
import pytest

from core import ACTIVATIONS, ELEMENTWISE_ACTIVATIONS, Linear, MSELoss, Tanh
from core.trace.chain import Network, network_grads, network_loss, network_trace
from core.trace.descent import gradient_step, run_descent, stable_lr_bound
from core.trace.net_gradcheck import check_network

DEFAULT_W = np.array([[4.0, 2.0, 1.0], [-1.0, 0.5, 2.0]])
DEFAULT_X = np.array([3.0, 5.0, 6.0])
DEFAULT_B = np.array([3.0, -1.0])


def random_case(seed: int, activation: str, loss: str, two_layers: bool):
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    k = int(rng.integers(1, 4))
    W2 = rng.normal(0, 1, (k, n)) if two_layers else None
    b2 = rng.normal(0, 1, k) if two_layers else None
    net = Network(rng.normal(0, 1, (n, m)), rng.normal(0, 1, n), activation, W2, b2)
    out = net.out_size
    if loss == "ce" and out < 2:
        net = Network(net.W, net.b, activation, rng.normal(0, 1, (2, n)), rng.normal(0, 1, 2)) \
            if two_layers else Network(rng.normal(0, 1, (2, m)), rng.normal(0, 1, 2), activation)
        out = 2
    target = {"mse": rng.normal(0, 1, out), "bce": rng.uniform(0, 1, out),
              "ce": int(rng.integers(0, out))}[loss]
    return net, rng.normal(0, 1.5, m), target


def test_hand_worked_single_layer():
    net = Network(DEFAULT_W, DEFAULT_B, "linear")
    tr = network_trace(net, DEFAULT_X, "mse", np.array([30.0, 12.0]))
    assert tr.output.tolist() == [31.0, 10.5]
    assert tr.loss.value == 1.625
    assert tr.back1.delta.tolist() == [1.0, -1.5]
    assert tr.back1.dW.tolist() == [[3.0, 5.0, 6.0], [-4.5, -7.5, -9.0]]
    assert tr.back1.db.tolist() == [1.0, -1.5]
    assert tr.back1.dx.tolist() == [4 * 1 + (-1) * (-1.5), 2 - 0.75, 1 - 3.0]
    kinds = [s.kind for s in tr.steps]
    assert kinds == ["dA"] * 2 + ["delta"] * 2 + ["dW"] * 6 + ["db"] * 2 + ["dx"] * 3


def test_hand_worked_chain_hands_layer2_gradient_to_layer1():
    net = Network(DEFAULT_W, DEFAULT_B, "relu", np.array([[1.0, -1.0]]), np.array([0.0]))
    tr = network_trace(net, DEFAULT_X, "mse", np.array([20.0]))
    assert tr.output.tolist() == [20.5]  # 31 - 10.5
    assert tr.loss.dA.tolist() == [1.0]  # 2 (20.5 - 20) / 1
    assert tr.back2.dW.tolist() == [[31.0, 10.5]]
    # The chain rule in numbers: layer 2's dL/d(input) is layer 1's dL/da.
    assert tr.back2.dx.tolist() == [1.0, -1.0]
    assert tr.back1.dA.tolist() == [1.0, -1.0]
    assert tr.back1.delta.tolist() == [1.0, -1.0]  # ReLU passes both (z > 0)
    assert [s.layer for s in tr.steps][:5] == [2] * 5
    assert not any(s.kind == "dx" and s.layer == 2 for s in tr.steps)


@pytest.mark.parametrize("two_layers", [False, True])
@pytest.mark.parametrize("loss", ["mse", "bce", "ce"])
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_every_gradient_passes_the_finite_difference_check(activation, loss, two_layers):
    for seed in range(3):
        net, x, target = random_case(seed, activation, loss, two_layers)
        tr = network_trace(net, x, loss, target)
        checks = check_network(net, x, loss, target, tr.grads())
        assert set(checks) == set(tr.grads())
        for c in checks.values():
            assert c.all_passed, (c.name, c.analytic, c.numeric)
            assert c.max_rel_error < 1e-5 or np.all(np.abs(c.analytic - c.numeric) < 1e-7)


@pytest.mark.parametrize("activation", ELEMENTWISE_ACTIVATIONS)
def test_trace_and_fast_gradients_agree_and_match_the_modules(activation):
    net, x, target = random_case(7, activation, "mse", two_layers=True)
    tr = network_trace(net, x, "mse", target)
    fast = network_grads(net, x, "mse", target)
    for k, v in tr.grads().items():
        np.testing.assert_allclose(fast[k], v, rtol=1e-12, atol=1e-14)
    assert network_loss(net, x, "mse", target) == pytest.approx(tr.loss.value, rel=1e-12)


def test_matches_core_modules_for_tanh():
    net, x, target = random_case(3, "tanh", "mse", two_layers=False)
    lin = Linear(x.size, net.W.shape[0])
    lin.weight.data[...] = net.W
    lin.bias.data[...] = net.b
    act, mse = Tanh(), MSELoss()
    value = mse.forward(act.forward(lin.forward(x)), target)
    dx = lin.backward(act.backward(mse.backward()))
    tr = network_trace(net, x, "mse", target)
    assert tr.loss.value == pytest.approx(value)
    np.testing.assert_allclose(tr.back1.dW, lin.weight.grad)
    np.testing.assert_allclose(tr.back1.dx, dx)


def test_relu_kink_is_flagged_not_failed():
    net = Network(np.array([[1.0, -1.0]]), np.array([0.0]), "relu")
    x = np.array([2.0, 2.0])  # z = 0 exactly: ReLU's corner
    tr = network_trace(net, x, "mse", np.array([1.0]))
    checks = check_network(net, x, "mse", np.array([1.0]), tr.grads())
    assert checks["b"].kink.all() and checks["b"].all_passed


def test_second_layer_shapes_are_checked():
    with pytest.raises(ValueError, match="W2 must have 2 columns"):
        Network(DEFAULT_W, DEFAULT_B, "linear", np.ones((1, 3)), np.zeros(1))
    with pytest.raises(ValueError, match="both W2 and b2"):
        Network(DEFAULT_W, DEFAULT_B, "linear", np.ones((1, 2)), None)


def test_small_step_lowers_the_loss_and_matches_the_formula():
    net = Network(DEFAULT_W, DEFAULT_B, "linear")
    t = np.array([30.0, 12.0])
    step = gradient_step(net, DEFAULT_X, "mse", t, lr=0.01)
    assert step.status == "decreased" and step.loss_after < step.loss_before
    np.testing.assert_allclose(step.after.W, DEFAULT_W - 0.01 * step.grads["W"])
    np.testing.assert_allclose(step.after.b, DEFAULT_B - 0.01 * step.grads["b"])
    # Linear + MSE: each residual is scaled by 1 - 2 lr (|x|^2 + 1) / n = 1 - 0.71.
    assert step.loss_after == pytest.approx(1.625 * 0.29**2)


def test_stable_bound_separates_convergence_from_divergence():
    net = Network(DEFAULT_W, DEFAULT_B, "linear")
    t = np.array([30.0, 12.0])
    bound = stable_lr_bound(net, DEFAULT_X, "mse")
    assert bound == pytest.approx(2 / 71)
    assert run_descent(net, DEFAULT_X, "mse", t, 0.9 * bound, 50).status == "decreased"
    grew = run_descent(net, DEFAULT_X, "mse", t, 1.1 * bound, 50)
    assert grew.status == "grew" and grew.increases == 50
    assert stable_lr_bound(net, DEFAULT_X, "bce") is None


def test_huge_learning_rate_overflows_without_nan():
    net = Network(DEFAULT_W, DEFAULT_B, "linear")
    run = run_descent(net, DEFAULT_X, "mse", np.array([30.0, 12.0]), 1e6, 1000)
    assert run.status == "overflow" and run.overflow_step is not None
    assert np.all(np.isfinite(run.losses)) and len(run.losses) == run.overflow_step
    assert all(np.all(np.isfinite(v)) for v in run.final.params().values())
    step = gradient_step(net, DEFAULT_X, "mse", np.array([30.0, 12.0]), 1e300)
    assert step.status == "overflow" and step.after is None and step.loss_after is None


def test_descent_refuses_bad_settings():
    net = Network(DEFAULT_W, DEFAULT_B, "linear")
    with pytest.raises(ValueError, match="learning rate"):
        gradient_step(net, DEFAULT_X, "mse", np.zeros(2), float("nan"))
    with pytest.raises(ValueError, match="steps"):
        run_descent(net, DEFAULT_X, "mse", np.zeros(2), 0.01, 0)
