"""Readable example tests: the course's worked example, hand-worked traces, error messages."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from core import (
    Linear,
    ReLU,
    Sigmoid,
    backward_trace,
    batch_backward_trace,
    batch_trace,
    forward_trace,
)

ROOT = Path(__file__).resolve().parents[2]

# The article's example: inputs [3, 5, 6], weights [4, 2, 1], bias 3.
X = np.array([3.0, 5.0, 6.0])
W = np.array([[4.0, 2.0, 1.0]])
B = np.array([3.0])


def test_worked_example_through_linear():
    layer = Linear(3, 1)
    layer.weight.data[:] = W
    layer.bias.data[:] = B
    y = layer.forward(X)
    assert y.shape == (1,)
    assert y[0] == 31.0  # 3*4 + 5*2 + 6*1 + 3; the article's 25 is wrong
    # Without the bias only the weighted sum is left: 28 (the article prints 22).
    no_bias = Linear(3, 1, bias=False)
    no_bias.weight.data[:] = W
    assert no_bias.forward(X)[0] == 28.0


def test_worked_example_as_a_batch():
    layer = Linear(3, 1)
    layer.weight.data[:] = W
    layer.bias.data[:] = B
    y = layer.forward(np.stack([X, 2 * X]))
    np.testing.assert_array_equal(y, [[31.0], [59.0]])  # 2 * 28 + 3 = 59


def test_worked_example_forward_trace_every_number():
    t = forward_trace(W, X, B, "linear")
    assert t.activation == "linear"
    assert len(t.outputs) == 1
    out = t.outputs[0]
    assert [(term.i, term.j) for term in out.terms] == [(0, 0), (0, 1), (0, 2)]
    assert [term.w for term in out.terms] == [4.0, 2.0, 1.0]
    assert [term.x for term in out.terms] == [3.0, 5.0, 6.0]
    assert [term.product for term in out.terms] == [12.0, 10.0, 6.0]
    assert [term.partial_sum for term in out.terms] == [12.0, 22.0, 28.0]
    assert out.weighted_sum == 28.0
    assert out.bias == 3.0
    assert out.z == 31.0
    assert out.a == 31.0
    np.testing.assert_array_equal(t.z, [31.0])
    np.testing.assert_array_equal(t.a, [31.0])
    # 3 multiply-adds, then + bias, then the activation: 5 stepper positions.
    assert len(t.steps) == 5
    assert [s.kind for s in t.steps] == ["mul", "mul", "mul", "bias", "act"]
    assert [s.j for s in t.steps] == [0, 1, 2, -1, -1]


@pytest.mark.parametrize(
    ("activation", "expected_a"),
    [
        ("relu", 31.0),
        ("leaky_relu", 31.0),
        ("tanh", math.tanh(31.0)),
        ("sigmoid", 1.0 / (1.0 + math.exp(-31.0))),
    ],
)
def test_worked_example_with_an_activation(activation, expected_a):
    t = forward_trace(W, X, B, activation)
    assert t.outputs[0].z == 31.0
    assert t.outputs[0].a == pytest.approx(expected_a, rel=1e-15)


def test_forward_trace_two_outputs_and_a_negative():
    Wm = np.array([[1.0, -2.0], [0.5, 3.0]])
    x = np.array([4.0, 1.0])
    b = np.array([-3.0, 1.0])
    t = forward_trace(Wm, x, b, "relu")
    # output 0: 1*4 = 4, 4 + (-2)*1 = 2, z = 2 - 3 = -1, relu -> 0
    # output 1: 0.5*4 = 2, 2 + 3*1 = 5, z = 5 + 1 = 6, relu -> 6
    assert [term.partial_sum for term in t.outputs[0].terms] == [4.0, 2.0]
    assert [term.partial_sum for term in t.outputs[1].terms] == [2.0, 5.0]
    np.testing.assert_array_equal(t.z, [-1.0, 6.0])
    np.testing.assert_array_equal(t.a, [0.0, 6.0])
    # Each output: 2 mul, bias, act.
    assert [(s.kind, s.i) for s in t.steps] == [
        ("mul", 0), ("mul", 0), ("bias", 0), ("act", 0),
        ("mul", 1), ("mul", 1), ("bias", 1), ("act", 1),
    ]


def test_relu_gives_plus_zero_like_pytorch():
    """torch.relu(-1.) is 0., not -0.: a page must never show '-0' for a blocked unit."""
    relu = ReLU()
    a = relu.forward(np.array([-3.0, -0.5, 2.0]))
    np.testing.assert_array_equal(a, [0.0, 0.0, 2.0])
    assert not np.signbit(a).any()
    g = relu.backward(np.array([-1.0, -2.0, -3.0]))
    np.testing.assert_array_equal(g, [0.0, 0.0, -3.0])
    assert not np.signbit(g[:2]).any()
    t = forward_trace(np.array([[1.0, -2.0]]), np.array([4.0, 3.0]), np.array([0.0]), "relu")
    assert t.outputs[0].z == -2.0
    assert t.outputs[0].a == 0.0 and not math.copysign(1.0, t.outputs[0].a) < 0


def test_softmax_trace_activations_come_after_every_z():
    Wm = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    x = np.array([1.0, 2.0])
    b = np.zeros(3)
    t = forward_trace(Wm, x, b, "softmax")
    kinds = [s.kind for s in t.steps]
    assert len(t.steps) == 3 * 2 + 3 + 3
    last_bias = max(k for k, kind in enumerate(kinds) if kind == "bias")
    first_act = min(k for k, kind in enumerate(kinds) if kind == "act")
    assert first_act > last_bias
    assert kinds[-3:] == ["act", "act", "act"]
    assert [s.i for s in t.steps[-3:]] == [0, 1, 2]
    np.testing.assert_array_equal(t.z, [1.0, 2.0, 3.0])
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(t.a, e / e.sum(), rtol=1e-15)
    assert sum(o.a for o in t.outputs) == pytest.approx(1.0, abs=1e-15)


def test_backward_trace_hand_worked_linear():
    # z = W x + b with W = [[1, 2], [3, -1]], x = [2, 1]; identity activation so delta = dA.
    Wm = np.array([[1.0, 2.0], [3.0, -1.0]])
    x = np.array([2.0, 1.0])
    b = np.array([0.0, 0.0])
    dA = np.array([1.0, -2.0])
    t = backward_trace(Wm, x, b, "linear", dA)
    # delta_i = dA_i * f'(z_i) = dA_i * 1
    np.testing.assert_array_equal(t.fprime, [1.0, 1.0])
    np.testing.assert_array_equal(t.delta, [1.0, -2.0])
    assert t.jacobian is None
    # dW_ij = delta_i * x_j
    np.testing.assert_array_equal(t.dW, [[1.0 * 2.0, 1.0 * 1.0], [-2.0 * 2.0, -2.0 * 1.0]])
    assert [(g.i, g.j, g.value) for g in t.dW_terms] == [
        (0, 0, 2.0), (0, 1, 1.0), (1, 0, -4.0), (1, 1, -2.0),
    ]
    # db_i = delta_i
    np.testing.assert_array_equal(t.db, [1.0, -2.0])
    # dx_j = sum_i W_ij delta_i: dx_0 = 1*1 + 3*(-2) = -5, dx_1 = 2*1 + (-1)*(-2) = 4
    np.testing.assert_array_equal(t.dx, [-5.0, 4.0])
    assert [term.product for term in t.dx_terms[0]] == [1.0, -6.0]
    assert [term.partial_sum for term in t.dx_terms[0]] == [1.0, -5.0]
    assert [term.product for term in t.dx_terms[1]] == [2.0, 2.0]
    assert [term.partial_sum for term in t.dx_terms[1]] == [2.0, 4.0]


def test_backward_trace_hand_worked_relu():
    # z = [1*2 + 2*1 + 0.5, 3*2 - 1*1 - 6] = [4.5, -1]: relu passes output 0, blocks output 1.
    Wm = np.array([[1.0, 2.0], [3.0, -1.0]])
    x = np.array([2.0, 1.0])
    b = np.array([0.5, -6.0])
    dA = np.array([0.5, 2.0])
    t = backward_trace(Wm, x, b, "relu", dA)
    np.testing.assert_array_equal(t.fprime, [1.0, 0.0])
    np.testing.assert_array_equal(t.delta, [0.5, 0.0])
    np.testing.assert_array_equal(t.dW, [[1.0, 0.5], [0.0, 0.0]])
    np.testing.assert_array_equal(t.db, [0.5, 0.0])
    np.testing.assert_array_equal(t.dx, [0.5, 1.0])  # [1*0.5 + 3*0, 2*0.5 + (-1)*0]


def test_backward_trace_sigmoid_matches_the_module():
    Wm = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]])
    x = np.array([1.0, -2.0, 0.5])
    b = np.array([0.1, -0.2])
    dA = np.array([0.3, -1.2])
    t = backward_trace(Wm, x, b, "sigmoid", dA)
    z = Wm @ x + b
    s = 1.0 / (1.0 + np.exp(-z))
    np.testing.assert_allclose(t.fprime, s * (1 - s), rtol=1e-14)
    np.testing.assert_allclose(t.delta, dA * s * (1 - s), rtol=1e-14)
    layer = Linear(3, 2)
    layer.weight.data[:] = Wm
    layer.bias.data[:] = b
    act = Sigmoid()
    act.forward(layer.forward(x))
    dx = layer.backward(act.backward(dA))
    np.testing.assert_allclose(t.dW, layer.weight.grad, rtol=1e-14)
    np.testing.assert_allclose(t.db, layer.bias.grad, rtol=1e-14)
    np.testing.assert_allclose(t.dx, dx, rtol=1e-14)


def test_backward_trace_softmax_uses_the_full_jacobian():
    Wm = np.array([[1.0, 0.0], [0.0, 1.0]])
    x = np.array([0.0, 0.0])
    b = np.array([0.0, 0.0])
    # z = [0, 0] -> a = [1/2, 1/2]; J = [[1/4, -1/4], [-1/4, 1/4]]
    t = backward_trace(Wm, x, b, "softmax", np.array([1.0, 0.0]))
    np.testing.assert_allclose(t.jacobian, [[0.25, -0.25], [-0.25, 0.25]])
    np.testing.assert_allclose(t.fprime, [0.25, 0.25])
    np.testing.assert_allclose(t.delta, [0.25, -0.25])


def test_batch_traces_sum_over_rows():
    Wm = np.array([[1.0, 2.0], [3.0, -1.0]])
    Xb = np.array([[2.0, 1.0], [0.0, -1.0]])
    b = np.array([0.0, 1.0])
    fw = batch_trace(Wm, Xb, b, "linear")
    np.testing.assert_array_equal(fw.Z, [[4.0, 6.0], [-2.0, 2.0]])
    dA = np.array([[1.0, 0.0], [0.0, 1.0]])
    bw = batch_backward_trace(Wm, Xb, b, "linear", dA)
    # dW = sum_r delta_r x_r^T = [[2, 1], [0, 0]] + [[0, 0], [0, -1]]
    np.testing.assert_array_equal(bw.dW, [[2.0, 1.0], [0.0, -1.0]])
    np.testing.assert_array_equal(bw.db, [1.0, 1.0])
    np.testing.assert_array_equal(bw.dX, [[1.0, 2.0], [3.0, -1.0]])


# --- errors ----------------------------------------------------------------------------------


def test_linear_wrong_size_names_the_expected_size():
    layer = Linear(3, 2)
    with pytest.raises(ValueError, match=r"size 3") as info:
        layer.forward(np.ones(4))
    assert "(4,)" in str(info.value)
    with pytest.raises(ValueError, match=r"size 3"):
        layer.forward(np.ones((5, 2)))
    with pytest.raises(ValueError, match=r"size 3"):
        layer.forward(np.ones((2, 2, 3)))


def test_linear_rejects_nonsense_sizes():
    with pytest.raises(ValueError):
        Linear(0, 2)
    with pytest.raises(ValueError):
        Linear(2, 0)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", ["W", "x", "b"])
def test_traces_reject_non_finite_values(bad, where):
    arrays = {"W": W.copy(), "x": X.copy(), "b": B.copy()}
    arrays[where].flat[0] = bad
    with pytest.raises(ValueError, match="NaN or infinity"):
        forward_trace(arrays["W"], arrays["x"], arrays["b"], "linear")
    with pytest.raises(ValueError, match="NaN or infinity"):
        backward_trace(arrays["W"], arrays["x"], arrays["b"], "linear", np.ones(1))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_backward_trace_rejects_non_finite_upstream_gradient(bad):
    with pytest.raises(ValueError, match="NaN or infinity"):
        backward_trace(W, X, B, "linear", np.array([bad]))


def test_traces_reject_bad_shapes_and_names():
    with pytest.raises(ValueError, match="3 entries"):
        forward_trace(W, np.ones(2), B, "linear")
    with pytest.raises(ValueError, match="1 entries"):
        forward_trace(W, X, np.ones(2), "linear")
    with pytest.raises(ValueError):
        forward_trace(np.ones(3), X, B, "linear")
    with pytest.raises(ValueError, match="activation"):
        forward_trace(W, X, B, "swish")
    with pytest.raises(ValueError):
        backward_trace(W, X, B, "linear", np.ones(2))


# --- import hygiene --------------------------------------------------------------------------


def test_import_core_loads_neither_streamlit_nor_plotly():
    code = textwrap.dedent(
        """
        import sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("streamlit", "plotly"):
                    raise ImportError(f"core imported {name}")
                return None

        sys.meta_path.insert(0, Block())
        import core
        from core import Linear
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("streamlit", "plotly"))
        assert not loaded, loaded
        assert Linear(3, 1).forward([3, 5, 6]).shape == (1,)
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
