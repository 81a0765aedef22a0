"""Layer 2's own activation (core.trace.chain Network.activation2): the textbook two-layer example,
gradient checks for every activation on layer 2, and the modules the trainer uses."""

from __future__ import annotations

import numpy as np
import pytest

from core import ACTIVATIONS, Linear, MSELoss, Sequential, make_activation
from core.trace.chain import Network, network_grads, network_loss, network_trace
from core.trace.descent import gradient_step, run_descent
from core.trace.net_gradcheck import check_network

# Matt Mazur, "A Step by Step Backpropagation Example" (2015): 2-2-2, sigmoid on both layers,
# E = sum 1/2 (t - o)^2, which for 2 outputs equals PyTorch's MSELoss (mean of squares).
MAZUR = Network(np.array([[0.15, 0.20], [0.25, 0.30]]), np.array([0.35, 0.35]), "sigmoid",
                np.array([[0.40, 0.45], [0.50, 0.55]]), np.array([0.60, 0.60]), "sigmoid")
MAZUR_X = np.array([0.05, 0.10])
MAZUR_T = np.array([0.01, 0.99])


def test_the_textbook_two_layer_example_with_a_sigmoid_output():
    tr = network_trace(MAZUR, MAZUR_X, "mse", MAZUR_T)
    assert tr.layer1.a == pytest.approx([0.593269992, 0.596884378], abs=1e-9)
    assert tr.output == pytest.approx([0.75136507, 0.772928465], abs=1e-8)
    assert tr.loss.value == pytest.approx(0.298371109, abs=1e-9)
    assert tr.back2.dW[0, 0] == pytest.approx(0.082167041, abs=1e-9)  # dE/dw5
    assert tr.back1.dW[0, 0] == pytest.approx(0.000438568, abs=1e-9)  # dE/dw1
    kinds = [(s.layer, s.kind) for s in tr.steps[:4]]
    assert kinds == [(2, "dA"), (2, "dA"), (2, "delta"), (2, "delta")]
    step = gradient_step(MAZUR, MAZUR_X, "mse", MAZUR_T, 0.5)
    assert step.after.W2[0, 0] == pytest.approx(0.35891648, abs=1e-8)  # w5+
    assert step.after.W2[1, 1] == pytest.approx(0.56137012, abs=1e-8)  # w8+
    assert step.after.W[0, 0] == pytest.approx(0.149780716, abs=1e-9)  # w1+
    assert step.after.W[1, 1] == pytest.approx(0.29950229, abs=1e-8)  # w4+


def test_layer2_linear_by_default_changes_nothing():
    net = Network(MAZUR.W, MAZUR.b, "sigmoid", MAZUR.W2, MAZUR.b2)
    tr = network_trace(net, MAZUR_X, "mse", MAZUR_T)
    assert net.activation2 == "linear"
    assert np.array_equal(tr.output, MAZUR.W2 @ tr.layer1.a + MAZUR.b2)


@pytest.mark.parametrize("act2", list(ACTIVATIONS))
@pytest.mark.parametrize("loss", ["mse", "bce", "ce"])
def test_every_layer2_activation_passes_the_gradient_check(act2, loss):
    rng = np.random.default_rng(7)
    k = 1 if loss == "bce" else 3
    net = Network(rng.normal(0, 1, (3, 2)), rng.normal(0, 1, 3), "tanh",
                  rng.normal(0, 1, (k, 3)), rng.normal(0, 1, k), act2)
    x = rng.normal(0, 1, 2)
    target = {"mse": rng.normal(0, 1, k), "bce": rng.uniform(0, 1, k), "ce": 1}[loss]
    tr = network_trace(net, x, loss, target)
    checks = check_network(net, x, loss, target, tr.grads())
    assert all(c.all_passed for c in checks.values()), {n: c.max_rel_error
                                                        for n, c in checks.items()}
    fast = network_grads(net, x, loss, target)
    for name, grad in tr.grads().items():
        np.testing.assert_allclose(fast[name], grad, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("act2", ["sigmoid", "tanh", "relu", "softmax"])
def test_layer2_matches_the_modules_the_trainer_uses(act2):
    rng = np.random.default_rng(3)
    l1, l2 = Linear(2, 3), Linear(3, 2)
    for layer in (l1, l2):
        layer.weight.data[:] = rng.normal(0, 1, layer.weight.data.shape)
        layer.bias.data[:] = rng.normal(0, 1, layer.bias.data.shape)
    model = Sequential(l1, make_activation("tanh"), l2, make_activation(act2))
    x, t = rng.normal(0, 1, 2), rng.normal(0, 1, 2)
    loss = MSELoss()
    value = loss.forward(model.forward(x[None]), t[None])
    model.backward(loss.backward())
    net = Network(l1.weight.data, l1.bias.data, "tanh", l2.weight.data, l2.bias.data, act2)
    tr = network_trace(net, x, "mse", t)
    assert tr.loss.value == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(tr.back2.dW, l2.weight.grad, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(tr.back1.dW, l1.weight.grad, rtol=1e-10, atol=1e-14)


def test_a_relu_corner_on_layer2_is_flagged_not_failed():
    net = Network(np.eye(2), np.zeros(2), "linear", np.array([[1.0, -1.0]]), np.zeros(1),
                  "relu")
    x = np.array([1.0, 1.0])  # z2 = 0 exactly
    tr = network_trace(net, x, "mse", [1.0])
    checks = check_network(net, x, "mse", [1.0], tr.grads())
    assert all(c.all_passed for c in checks.values())
    assert checks["W2"].kink.any() or checks["W2"].passed.all()


def test_descent_with_a_sigmoid_output_lowers_the_loss():
    run = run_descent(MAZUR, MAZUR_X, "mse", MAZUR_T, 0.5, 100)
    assert run.status == "decreased"
    assert run.losses[-1] < run.losses[0] / 2
    assert network_loss(run.final, MAZUR_X, "mse", MAZUR_T) == pytest.approx(run.losses[-1])
