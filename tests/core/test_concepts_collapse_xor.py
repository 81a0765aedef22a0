"""Stacked linear layers collapse (to 1e-12) and stop collapsing with an activation; XOR."""

from __future__ import annotations

import numpy as np
import pytest

from core import Linear, Sequential, make_activation
from core.concepts import (
    collapse_trace,
    one_neuron,
    two_layer_network,
    two_layer_table,
    warped_grid,
)
from core.concepts.xor import XOR_Y


def random_layers(seed: int, m: int = 3, h: int = 4, n: int = 2):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(h, m)), rng.normal(size=h), rng.normal(size=(n, h)),
            rng.normal(size=n), rng.normal(size=m))


@pytest.mark.parametrize("seed", range(20))
def test_collapse_equals_two_layers_to_1e12_for_random_layers(seed: int) -> None:
    W1, b1, W2, b2, x = random_layers(seed, m=1 + seed % 4, h=1 + seed % 5, n=1 + seed % 3)
    t = collapse_trace(W1, b1, W2, b2, x)
    np.testing.assert_allclose(t.W, W2 @ W1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(t.b, W2 @ b1 + b2, rtol=0, atol=1e-12)
    assert t.max_difference < 1e-12
    # ...and the two-layer side is what core modules compute.
    net = two_layer_network(W1, b1, W2, b2, "linear")
    np.testing.assert_allclose(t.layer2.z, net.forward(x), rtol=0, atol=1e-12)


@pytest.mark.parametrize("act", ["relu", "tanh", "sigmoid", "leaky_relu"])
def test_an_activation_between_the_layers_breaks_the_collapse(act: str) -> None:
    W1 = np.array([[1.0, -2.0], [0.5, 1.0]])
    b1 = np.array([0.0, -1.0])
    W2 = np.array([[1.0, 1.0], [2.0, -1.0]])
    b2 = np.array([0.5, 0.0])
    x = np.array([1.0, 1.0])  # W1 x + b1 = (-1, 0.5): ReLU changes the first unit
    t = collapse_trace(W1, b1, W2, b2, x, act)
    assert t.max_difference > 1e-3
    expected = W2 @ make_activation(act).forward(W1 @ x + b1) + b2
    np.testing.assert_allclose(t.layer2.z, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(t.single.z, (W2 @ W1) @ x + W2 @ b1 + b2, atol=1e-12)


def test_collapse_hand_worked_example_lists_every_product() -> None:
    # W2 W1 = [[1*1 + 2*3, 1*2 + 2*4]] = [[7, 10]]; b = 1*1 + 2*(-1) + 5 = 4.
    t = collapse_trace([[1, 2], [3, 4]], [1, -1], [[1, 2]], [5], [1, 1])
    assert t.W.tolist() == [[7.0, 10.0]]
    assert t.b.tolist() == [4.0]
    col0 = t.W_columns[0].outputs[0]
    assert [(term.w, term.x, term.product) for term in col0.terms] == [(1, 1, 1), (2, 3, 6)]
    assert [term.partial_sum for term in t.W_columns[1].outputs[0].terms] == [2.0, 10.0]
    assert t.single.z.tolist() == [21.0] and t.layer2.z.tolist() == [21.0]  # 7 + 10 + 4


def test_warped_grid_is_the_same_picture_only_without_an_activation() -> None:
    W1, b1, W2, b2, _ = random_layers(3, m=2, h=2, n=2)
    flat = warped_grid(W1, b1, W2, b2, "linear")
    assert flat.lines.shape == flat.deep.shape == flat.single.shape
    np.testing.assert_allclose(flat.deep, flat.single, rtol=0, atol=1e-12)
    bent = warped_grid(W1, b1, W2, b2, "relu")
    assert np.max(np.abs(bent.deep - bent.single)) > 1e-3
    np.testing.assert_allclose(bent.single, flat.single)


def test_collapse_refuses_mismatched_and_non_finite_layers() -> None:
    with pytest.raises(ValueError, match="W2 must have 2 columns"):
        collapse_trace(np.eye(2), [0, 0], np.eye(3), [0, 0, 0], [1, 1])
    with pytest.raises(ValueError, match="NaN or infinity"):
        collapse_trace(np.eye(2), [0, np.nan], np.eye(2), [0, 0], [1, 1])
    with pytest.raises(ValueError, match="act must be"):
        collapse_trace(np.eye(2), [0, 0], np.eye(2), [0, 0], [1, 1], "softmax")


@pytest.mark.parametrize("seed", range(200))
def test_one_neuron_never_gets_all_four_xor_points(seed: int) -> None:
    rng = np.random.default_rng(seed)
    w, b = rng.normal(scale=5, size=2), float(rng.normal(scale=5))
    r = one_neuron(w, b)
    assert r.correct <= 3
    # The reason, in numbers: z(0,1) + z(1,0) equals z(0,0) + z(1,1) for every w and b.
    assert r.pair_sums[0] == pytest.approx(r.pair_sums[1], abs=1e-12)
    net = Linear(2, 1)
    net.weight.data[...] = w
    net.bias.data[...] = b
    z = net.forward(np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float))[:, 0]
    assert [row.trace.z[0] for row in r.rows] == pytest.approx(z.tolist(), abs=1e-12)


def test_one_neuron_or_line_gets_three_of_four() -> None:
    r = one_neuron([1, 1], -0.5)  # OR: right on (0,0), (0,1), (1,0); wrong on (1,1)
    assert r.correct == 3
    assert [row.correct for row in r.rows] == [True, True, True, False]
    assert r.pair_sums == (1.0, 1.0)


def test_hand_set_two_layer_network_solves_xor_like_core_modules() -> None:
    rows = two_layer_table()
    assert [r.predicted for r in rows] == XOR_Y.tolist()
    assert [round(float(v), 3) for v in rows[1].hidden.a] == [1.0, 1.0]  # OR = 1, NAND = 1
    assert [round(float(v), 3) for v in rows[3].hidden.a] == [1.0, 0.0]  # OR = 1, NAND = 0
    from core.concepts.xor import HAND_B1, HAND_B2, HAND_W1, HAND_W2
    net = Sequential(Linear(2, 2), make_activation("sigmoid"), Linear(2, 1),
                     make_activation("sigmoid"))
    net[0].weight.data[...], net[0].bias.data[...] = HAND_W1, HAND_B1
    net[2].weight.data[...], net[2].bias.data[...] = HAND_W2, HAND_B2
    out = net.forward(np.array([r.x for r in rows]))[:, 0]
    np.testing.assert_allclose([r.output.a[0] for r in rows], out, rtol=0, atol=1e-15)


def test_the_collapsed_network_trains_differently_from_one_layer() -> None:
    from core.concepts.collapse_training import STEP_X, STEP_Y, one_step_comparison

    W1, b1, W2, b2, _ = random_layers(5, m=2, h=2, n=2)
    c = one_step_comparison(W1, b1, W2, b2, lr=0.1)
    W, b = W2 @ W1, W2 @ b1 + b2
    assert c.loss_before == pytest.approx(np.mean((STEP_X @ W.T + b - STEP_Y) ** 2))
    # The single layer's step by hand: dL/dW = 2/N (Z - Y)^T X, N = all 8 output numbers.
    Z = STEP_X @ W.T + b
    dZ = 2 * (Z - STEP_Y) / Z.size
    np.testing.assert_allclose(c.W_after_single, W - 0.1 * dZ.T @ STEP_X, atol=1e-12)
    np.testing.assert_allclose(c.b_after_single, b - 0.1 * dZ.sum(axis=0), atol=1e-12)
    # The two-layer step moves W1 and W2; the product moves differently.
    dW2 = dZ.T @ (STEP_X @ W1.T + b1)
    dH = dZ @ W2
    W1n, b1n = W1 - 0.1 * dH.T @ STEP_X, b1 - 0.1 * dH.sum(axis=0)
    W2n, b2n = W2 - 0.1 * dW2, b2 - 0.1 * dZ.sum(axis=0)
    np.testing.assert_allclose(c.W_after_deep, W2n @ W1n, atol=1e-12)
    np.testing.assert_allclose(c.b_after_deep, W2n @ b1n + b2n, atol=1e-12)
    assert c.max_difference > 1e-3


@pytest.mark.parametrize("act", ["linear", "relu", "tanh"])
def test_two_layer_network_gradients_match_finite_differences(act: str) -> None:
    from core import grad_check_module

    W1, b1, W2, b2, x = random_layers(7, m=2, h=3, n=2)
    net = two_layer_network(W1, b1, W2, b2, act)
    X = np.random.default_rng(1).normal(size=(5, 2))
    for r in grad_check_module(net, X, np.random.default_rng(2)):
        assert r.passed(), (r.name, r.max_rel_error)
