"""The linear layer inside a CNN, an RNN and a transformer, and the three notations."""

from __future__ import annotations

import numpy as np
import pytest

from core import Linear
from core.concepts import (
    CLASSES,
    HEAD_W,
    IMAGE_PRESETS,
    apply_over_leading,
    conv_1x1_as_linear,
    conv_1x1_direct,
    conv_trace,
    head_trace,
    linear_with,
    notation_forms,
    rnn_unroll,
    transformer_trace,
)
from core.concepts.rnn import position
from core.concepts.transformer import default_weights


@pytest.mark.parametrize("seed", range(10))
def test_1x1_convolution_equals_the_per_pixel_linear(seed: int) -> None:
    rng = np.random.default_rng(seed)
    c_in, c_out, H, W = 1 + seed % 3, 1 + seed % 4, 2 + seed % 3, 3
    feature = rng.normal(size=(c_in, H, W))
    weight, bias = rng.normal(size=(c_out, c_in)), rng.normal(size=c_out)
    direct = conv_1x1_direct(feature, weight, bias)
    np.testing.assert_allclose(conv_1x1_as_linear(feature, weight, bias), direct, rtol=0,
                               atol=1e-12)
    # The definition, once more with einsum: out[o, r, c] = bias[o] + sum_k w[o, k] in[k, r, c].
    np.testing.assert_allclose(direct, np.einsum("ok,krc->orc", weight, feature)
                               + bias[:, None, None], atol=1e-12)
    # Every pixel is the same Linear applied to that pixel's channel vector.
    layer = linear_with(weight, bias)
    for r in range(H):
        for c in range(W):
            np.testing.assert_allclose(layer.forward(feature[:, r, c]), direct[:, r, c],
                                       atol=1e-12)


def test_conv_trace_pixel_terms_match_the_output() -> None:
    t = conv_trace(IMAGE_PRESETS["cross"], row=1, col=2)
    assert t.max_difference < 1e-12
    np.testing.assert_allclose(t.pixel_trace.z, t.direct[:, 1, 2], atol=1e-12)
    # The cross has a 1 at (1, 2): channel values (1, 0); out[0] = 1*1 + (-1)*0 + 0 = 1.
    assert t.pixel_trace.z[0] == 1.0
    with pytest.raises(ValueError, match="outside"):
        conv_trace(IMAGE_PRESETS["cross"], row=4, col=0)


@pytest.mark.parametrize("name", ["vertical", "horizontal", "diagonal"])
def test_head_classifies_each_bar_preset_as_its_class(name: str) -> None:
    h = head_trace(IMAGE_PRESETS[name])
    assert CLASSES[h.predicted].startswith(name)
    assert h.probabilities.sum() == pytest.approx(1.0)
    layer = Linear(16, 3)
    layer.weight.data[...] = HEAD_W
    layer.bias.data[...] = 0
    np.testing.assert_allclose(h.scores.z, layer.forward(h.flat), atol=1e-12)
    assert h.flat.tolist() == IMAGE_PRESETS[name].reshape(-1).tolist()  # row by row


def test_head_hand_worked_vertical_bar_scores() -> None:
    # The bar is in column 2 (index 1); the vertical template has +0.5 there: 4 * 0.5 = 2.
    h = head_trace(IMAGE_PRESETS["vertical"])
    assert h.scores.z.tolist() == [2.0, 0.0, 0.0]
    e = np.exp(2.0)
    assert h.probabilities[0] == pytest.approx(e / (e + 2))


def rnn_cell(x, h, W_ih, b_ih, W_hh, b_hh):
    """torch.nn.RNNCell by its documented definition: h' = tanh(W_ih x + b_ih + W_hh h + b_hh)."""
    return np.tanh(W_ih @ x + b_ih + W_hh @ h + b_hh)


@pytest.mark.parametrize("seed", range(10))
def test_rnn_unroll_equals_repeated_rnn_cell_steps(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_in, hidden, T = 1 + seed % 3, 1 + seed % 4, 1 + seed % 4
    W_ih, b_ih = rng.normal(size=(hidden, n_in)), rng.normal(size=hidden)
    W_hh, b_hh = rng.normal(size=(hidden, hidden)), rng.normal(size=hidden)
    xs, h = rng.normal(size=(T, n_in)), rng.normal(size=hidden)
    trace = rnn_unroll(W_ih, b_ih, W_hh, b_hh, xs, h)
    for t in range(T):
        h = rnn_cell(xs[t], h, W_ih, b_ih, W_hh, b_hh)
        np.testing.assert_allclose(trace.hs[t], h, rtol=0, atol=1e-12)
        step = trace.steps[t]
        np.testing.assert_allclose(step.input_part.z + step.hidden_part.z, step.pre, atol=0)


def test_rnn_hand_worked_one_unit() -> None:
    # h1 = tanh(2*1 + 0 + 0.5*0 + 0) = tanh(2); h2 = tanh(2*(-1) + 0.5*tanh(2)).
    trace = rnn_unroll([[2.0]], [0.0], [[0.5]], [0.0], [[1.0], [-1.0]], [0.0])
    assert trace.hs[0, 0] == pytest.approx(np.tanh(2.0))
    assert trace.hs[1, 0] == pytest.approx(np.tanh(-2.0 + 0.5 * np.tanh(2.0)))
    assert trace.total_positions == 6
    assert position(0) is None and position(1) == (0, "input") and position(6) == (1, "tanh")


def test_rnn_refuses_long_or_mismatched_sequences() -> None:
    with pytest.raises(ValueError, match="T from 1 to 4"):
        rnn_unroll(np.eye(2), [0, 0], np.eye(2), [0, 0], np.zeros((5, 2)), [0, 0])
    with pytest.raises(ValueError, match="h0"):
        rnn_unroll(np.eye(2), [0, 0], np.eye(2), [0, 0], np.zeros((3, 2)), [0, 0, 0])


def test_transformer_projections_are_one_linear_per_token() -> None:
    rng = np.random.default_rng(1)
    X = np.round(rng.normal(size=(3, 4)), 1)
    w = default_weights(2)
    t = transformer_trace(X, w)
    np.testing.assert_allclose(t.Q, X @ w["W_Q"].T + w["b_Q"], atol=1e-12)
    np.testing.assert_allclose(t.V, X @ w["W_V"].T + w["b_V"], atol=1e-12)
    hidden = np.maximum(X @ w["W_1"].T + w["b_1"], 0)
    np.testing.assert_allclose(t.mlp, hidden @ w["W_2"].T + w["b_2"], atol=1e-12)
    assert t.max_token_difference < 1e-12
    for tok in range(3):  # token tok alone through the same Linear gives row tok
        np.testing.assert_allclose(linear_with(w["W_K"], w["b_K"]).forward(X[tok]), t.K[tok])


def test_apply_over_leading_dimensions_as_torch_linear() -> None:
    rng = np.random.default_rng(0)
    layer = linear_with(rng.normal(size=(3, 4)), rng.normal(size=3))
    X = rng.normal(size=(2, 5, 4))  # (batch, tokens, in)
    Y = apply_over_leading(layer, X)
    assert Y.shape == (2, 5, 3)
    np.testing.assert_allclose(Y[1, 3], layer.forward(X[1, 3]), atol=1e-12)


def test_the_three_notations_give_the_same_numbers() -> None:
    W = np.array([[4.0, 2.0, 1.0], [-1.0, 0.5, 2.0]])
    f = notation_forms(W, [3, 5, 6], [3, -1])
    assert f.column.z.tolist() == [31.0, 10.5]  # the worked example's 31; -3 + 2.5 + 12 - 1
    assert f.pytorch.shape == (1, 2) and f.keras.shape == (1, 2)
    assert f.kernel.shape == (3, 2) and f.kernel.tolist() == W.T.tolist()
    assert f.max_difference == 0.0
    with pytest.raises(ValueError, match="x must have shape"):
        notation_forms(W, [1, 2], [0, 0])
