"""Finite-difference gradient checks: every module's backward and every loss's backward agree
with central differences of its own forward.

Modules go through the one shared helper, core.grad_check_module (L = sum(forward(x) * R) for a
fixed random R; checks dL/dx and dL/dp for every parameter). Losses go through
core.central_difference directly.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    FAST,
    FASTER,
    batch_sizes,
    classification_cases,
    dims,
    float_arrays,
    kink_free_arrays,
    linear_cases,
    seeds,
    spread_batches,
    vector_or_batch,
)

from core import (
    BatchNorm1d,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    Dropout,
    Identity,
    LeakyReLU,
    Linear,
    Module,
    MSELoss,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
    central_difference,
    grad_check_module,
)

# eps = 1e-5 keeps float rounding in f(x +- eps) (|f| can reach ~1e3 here) well below atol,
# while the O(eps^2) truncation error of the smooth modules stays far below it too.
EPS = 1e-5
RTOL = 1e-5
ATOL = 1e-6


def assert_gradients_match(module: Module, x: np.ndarray, seed: int = 0) -> None:
    results = grad_check_module(module, x, np.random.default_rng(seed), eps=EPS)
    names = [r.name for r in results]
    assert names[0] == "input"
    assert len(results) == 1 + len(module.parameters())
    for r in results:
        assert r.analytic.shape == r.numeric.shape
        assert r.passed(rtol=RTOL, atol=ATOL), (
            f"{type(module).__name__}: gradient of {r.name} off by max relative error "
            f"{r.max_rel_error:.3g}\nanalytic={r.analytic}\nnumeric={r.numeric}"
        )


def assert_loss_gradient_matches(loss, pred: np.ndarray, target) -> None:
    pred = np.array(pred, dtype=np.float64)
    value = loss.forward(pred, target)
    assert np.isfinite(value)
    analytic = np.array(loss.backward(), copy=True)
    numeric = central_difference(lambda: loss.forward(pred, target), pred, eps=EPS)
    assert analytic.shape == pred.shape
    np.testing.assert_allclose(analytic, numeric, rtol=RTOL, atol=ATOL)


# --- the checker itself catches a wrong backward -------------------------------------------


class _WrongTanh(Tanh):
    """tanh with the classic bug: f'(z) = 1 - z^2 instead of 1 - tanh(z)^2."""

    def forward(self, x):
        self._z = np.asarray(x, dtype=np.float64)
        return super().forward(x)

    def backward(self, grad_out):
        return grad_out * (1.0 - self._z**2)


def test_gradcheck_flags_a_wrong_backward():
    x = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
    results = grad_check_module(_WrongTanh(), x, np.random.default_rng(0), eps=EPS)
    assert not results[0].passed(rtol=RTOL, atol=ATOL)
    assert results[0].max_rel_error > 0.1


def test_gradcheck_flags_a_wrong_weight_gradient():
    layer = Linear(3, 2, rng=np.random.default_rng(1))
    original = layer.backward

    def wrong_backward(grad_out):
        dx = original(grad_out)
        layer.weight.grad *= 2.0  # the bug: dW doubled
        return dx

    layer.backward = wrong_backward
    results = grad_check_module(layer, np.array([1.0, -2.0, 0.5]), np.random.default_rng(2))
    by_name = {r.name: r for r in results}
    assert by_name["input"].passed(rtol=RTOL, atol=ATOL)
    assert not by_name["weight"].passed(rtol=RTOL, atol=ATOL)
    assert by_name["bias"].passed(rtol=RTOL, atol=ATOL)


# --- Linear ----------------------------------------------------------------------------------


@FAST
@given(case=linear_cases(batched=False), bias=st.booleans(), seed=seeds)
def test_linear_vector_input(case, bias, seed):
    n_in, n_out, x = case
    layer = Linear(n_in, n_out, bias=bias, rng=np.random.default_rng(seed))
    assert [p.name for p in layer.parameters()] == (["weight", "bias"] if bias else ["weight"])
    assert_gradients_match(layer, x, seed)


@FAST
@given(case=linear_cases(batched=True), bias=st.booleans(), seed=seeds)
def test_linear_batch_input(case, bias, seed):
    n_in, n_out, x = case
    layer = Linear(n_in, n_out, bias=bias, rng=np.random.default_rng(seed))
    assert_gradients_match(layer, x, seed)


@pytest.mark.parametrize("init", ["pytorch", "xavier", "he", "uniform"])
def test_linear_every_init(init):
    rng = np.random.default_rng(7)
    layer = Linear(4, 3, rng=rng, init=init)
    assert_gradients_match(layer, rng.uniform(-3, 3, size=(5, 4)), seed=7)


# --- activations -----------------------------------------------------------------------------


@FAST
@given(x=vector_or_batch(), seed=seeds)
@pytest.mark.parametrize("module_cls", [Identity, Sigmoid, Tanh, Softmax])
def test_smooth_activations(module_cls, x, seed):
    assert_gradients_match(module_cls(), x, seed)


@FAST
@given(
    shape=st.tuples(batch_sizes, dims),
    data=st.data(),
    seed=seeds,
)
@pytest.mark.parametrize("module_factory", [ReLU, LeakyReLU, lambda: LeakyReLU(0.2)])
def test_kinked_activations_away_from_zero(module_factory, shape, data, seed):
    # The derivative jumps at 0, where a central difference straddles the kink: stay clear.
    x = data.draw(kink_free_arrays(shape))
    assert_gradients_match(module_factory(), x, seed)


def test_relu_derivative_at_zero_is_zero_like_pytorch():
    relu = ReLU()
    relu.forward(np.array([0.0, -1.0, 2.0]))
    np.testing.assert_array_equal(relu.backward(np.ones(3)), [0.0, 0.0, 1.0])


@FAST
@given(x=float_arrays(st.tuples(batch_sizes, dims)), seed=seeds)
def test_softmax_along_dim_0(x, seed):
    assert_gradients_match(Softmax(dim=0), x, seed)


# --- Dropout ---------------------------------------------------------------------------------


class FixedMaskDropout(Dropout):
    """Dropout whose generator is re-seeded on every forward, so the mask is the same on every
    call: the finite differences then see one fixed function."""

    def __init__(self, p: float, seed: int) -> None:
        super().__init__(p, rng=np.random.default_rng(seed))
        self.seed = seed

    def forward(self, x):
        self.rng = np.random.default_rng(self.seed)
        return super().forward(x)


@FAST
@given(x=vector_or_batch(), p=st.sampled_from([0.1, 0.5, 0.8]), seed=seeds)
def test_dropout_train_mode_with_a_fixed_mask(x, p, seed):
    # A seeded generator gives a reproducible mask: two fresh layers agree bit for bit.
    a = Dropout(p, rng=np.random.default_rng(seed)).forward(x)
    b = Dropout(p, rng=np.random.default_rng(seed)).forward(x)
    np.testing.assert_array_equal(a, b)
    layer = FixedMaskDropout(p, seed)
    np.testing.assert_array_equal(layer.forward(x), a)
    assert_gradients_match(layer, x, seed)


@FAST
@given(x=vector_or_batch(), seed=seeds)
def test_dropout_eval_mode(x, seed):
    layer = Dropout(0.5, rng=np.random.default_rng(seed))
    layer.eval()
    assert_gradients_match(layer, x, seed)


# --- BatchNorm1d -----------------------------------------------------------------------------


def _batchnorm(n: int, seed: int) -> BatchNorm1d:
    """A BatchNorm1d with non-trivial gamma, beta and running statistics."""
    rng = np.random.default_rng(seed)
    bn = BatchNorm1d(n)
    bn.weight.data[:] = rng.uniform(0.5, 2.0, n) * rng.choice([-1.0, 1.0], n)
    bn.bias.data[:] = rng.uniform(-1.0, 1.0, n)
    bn.running_mean = rng.uniform(-1.0, 1.0, n)
    bn.running_var = rng.uniform(0.5, 2.0, n)
    return bn


@FAST
@given(x=spread_batches(), seed=seeds)
def test_batchnorm_train_mode(x, seed):
    bn = _batchnorm(x.shape[1], seed)
    assert bn.training
    assert_gradients_match(bn, x, seed)


@FAST
@given(x=spread_batches(min_batch=1), seed=seeds)
def test_batchnorm_eval_mode(x, seed):
    bn = _batchnorm(x.shape[1], seed)
    bn.eval()
    assert_gradients_match(bn, x, seed)


# --- Sequential ------------------------------------------------------------------------------


@FASTER
@given(case=linear_cases(), hidden=dims, seed=seeds)
@pytest.mark.parametrize("act", [Tanh, Sigmoid, Identity, Softmax])
def test_sequential_mlp(act, case, hidden, seed):
    n_in, n_out, x = case
    rng = np.random.default_rng(seed)
    model = Sequential(Linear(n_in, hidden, rng=rng), act(), Linear(hidden, n_out, rng=rng))
    assert len(model.parameters()) == 4
    assert_gradients_match(model, x, seed)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("training", [True, False])
def test_sequential_with_batchnorm_and_dropout(seed, training):
    rng = np.random.default_rng(seed)
    model = Sequential(
        Linear(3, 5, rng=rng, init="xavier"),
        _batchnorm(5, seed),
        Tanh(),
        FixedMaskDropout(0.3, seed),
        Linear(5, 2, rng=rng),
        Sigmoid(),
    )
    model.train(training)
    assert all(m.training == training for m in model.layers)
    x = rng.standard_normal((8, 3)) * 2.0
    assert_gradients_match(model, x, seed)


# --- losses ----------------------------------------------------------------------------------


@FAST
@given(data=st.data(), shape=st.sampled_from([(1,), (4,), (3, 1), (5, 3)]))
def test_mse_loss(data, shape):
    pred = data.draw(float_arrays(shape))
    target = data.draw(float_arrays(shape))
    assert_loss_gradient_matches(MSELoss(), pred, target)


@FAST
@given(data=st.data(), shape=st.sampled_from([(1,), (4,), (3, 1), (5, 3)]))
def test_bce_with_logits_loss(data, shape):
    pred = data.draw(float_arrays(shape))
    target = data.draw(float_arrays(shape, max_abs=1.0).map(np.abs))
    assert_loss_gradient_matches(BCEWithLogitsLoss(), pred, target)


@FAST
@given(case=classification_cases())
def test_cross_entropy_loss_batch(case):
    logits, labels = case
    assert_loss_gradient_matches(CrossEntropyLoss(), logits, labels)


@FAST
@given(data=st.data(), n_classes=st.integers(2, 6))
def test_cross_entropy_loss_1d_logits_scalar_label(data, n_classes):
    logits = data.draw(float_arrays((n_classes,)))
    label = data.draw(st.integers(0, n_classes - 1))
    loss = CrossEntropyLoss()
    assert_loss_gradient_matches(loss, logits, label)
    # The unbatched form is the batch-of-one form.
    assert loss.forward(logits, label) == pytest.approx(
        CrossEntropyLoss().forward(logits[None, :], np.array([label])), rel=1e-12, abs=1e-12
    )


@FAST
@given(case=classification_cases(), seed=seeds)
def test_loss_through_a_model_end_to_end(case, seed):
    """dL/dW of CE(Linear(x)) through backward() equals the finite difference of the loss."""
    logits, labels = case
    n_in = 3
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, size=(logits.shape[0], n_in))
    layer = Linear(n_in, logits.shape[1], rng=rng)
    loss = CrossEntropyLoss()

    def f() -> float:
        return loss.forward(layer.forward(x), labels)

    f()
    layer.zero_grad()
    layer.backward(loss.backward())
    analytic = layer.weight.grad.copy()
    numeric = central_difference(f, layer.weight.data, eps=EPS)
    np.testing.assert_allclose(analytic, numeric, rtol=RTOL, atol=ATOL)
