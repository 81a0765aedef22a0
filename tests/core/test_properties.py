"""Hypothesis properties of the core modules: shapes, linearity, batch-of-one equals the vector
form, softmax sums to one, numerically stable sigmoid, gradient accumulation and zero_grad."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    FAST,
    batch_sizes,
    dims,
    finite_floats,
    float_arrays,
    linear_cases,
    seeds,
    spread_batches,
    vector_or_batch,
)

from core import (
    ACTIVATIONS,
    SGD,
    Adam,
    BatchNorm1d,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    Dropout,
    Linear,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
    make_activation,
    softmax,
    stable_sigmoid,
)

# --- shapes ----------------------------------------------------------------------------------


@FAST
@given(case=linear_cases(), bias=st.booleans(), seed=seeds)
def test_linear_shapes(case, bias, seed):
    n_in, n_out, x = case
    layer = Linear(n_in, n_out, bias=bias, rng=np.random.default_rng(seed))
    assert layer.weight.data.shape == (n_out, n_in)
    assert layer.weight.grad.shape == (n_out, n_in)
    if bias:
        assert layer.bias.data.shape == (n_out,)
    else:
        assert layer.bias is None
    y = layer.forward(x)
    assert y.shape == x.shape[:-1] + (n_out,)
    assert y.dtype == np.float64
    dx = layer.backward(np.ones_like(y))
    assert dx.shape == x.shape
    for p in layer.parameters():
        assert p.grad.shape == p.data.shape


@FAST
@given(x=vector_or_batch())
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_shapes(name, x):
    act = make_activation(name)
    a = act.forward(x)
    assert a.shape == x.shape
    assert act.backward(np.ones_like(a)).shape == x.shape


@FAST
@given(x=spread_batches(), training=st.booleans())
def test_batchnorm_shapes(x, training):
    bn = BatchNorm1d(x.shape[1])
    bn.train(training)
    y = bn.forward(x)
    assert y.shape == x.shape
    assert bn.backward(np.ones_like(y)).shape == x.shape
    assert bn.running_mean.shape == bn.running_var.shape == (x.shape[1],)


@FAST
@given(x=spread_batches())
def test_batchnorm_train_output_is_normalized(x):
    y = BatchNorm1d(x.shape[1]).forward(x)  # gamma = 1, beta = 0
    np.testing.assert_allclose(y.mean(axis=0), 0.0, atol=1e-9)
    var = x.var(axis=0)
    np.testing.assert_allclose(y.var(axis=0), var / (var + 1e-5), rtol=1e-9)


@FAST
@given(case=linear_cases(), hidden=dims, seed=seeds)
def test_sequential_shapes(case, hidden, seed):
    n_in, n_out, x = case
    rng = np.random.default_rng(seed)
    model = Sequential(Linear(n_in, hidden, rng=rng), Tanh(), Linear(hidden, n_out, rng=rng))
    assert len(model) == 3 and model[1] is model.layers[1]
    y = model.forward(x)
    assert y.shape == x.shape[:-1] + (n_out,)
    assert model.backward(np.ones_like(y)).shape == x.shape


@FAST
@given(n_in=dims, n_out=dims, bad=dims, batch=st.one_of(st.none(), batch_sizes))
def test_linear_rejects_wrong_sizes(n_in, n_out, bad, batch):
    layer = Linear(n_in, n_out, rng=np.random.default_rng(0))
    width = n_in + bad
    x = np.zeros(width) if batch is None else np.zeros((batch, width))
    with pytest.raises(ValueError, match=f"size {n_in}"):
        layer.forward(x)


# --- linearity -------------------------------------------------------------------------------


@FAST
@given(
    case=linear_cases(),
    data=st.data(),
    a=finite_floats(),
    b=finite_floats(),
    seed=seeds,
)
def test_linear_without_bias_is_linear(case, data, a, b, seed):
    n_in, n_out, x = case
    y = data.draw(float_arrays(x.shape))
    layer = Linear(n_in, n_out, bias=False, rng=np.random.default_rng(seed))
    lhs = layer.forward(a * x + b * y)
    rhs = a * layer.forward(x) + b * layer.forward(y)
    scale = 1.0 + np.abs(a * x).sum() + np.abs(b * y).sum()
    np.testing.assert_allclose(lhs, rhs, rtol=0, atol=1e-12 * scale)


@FAST
@given(x=float_arrays(st.tuples(dims)), seed=seeds)
def test_linear_with_bias_is_affine_not_linear(x, seed):
    layer = Linear(x.shape[0], 3, rng=np.random.default_rng(seed))
    np.testing.assert_allclose(layer.forward(np.zeros_like(x)), layer.bias.data)
    np.testing.assert_allclose(
        layer.forward(2 * x), 2 * layer.forward(x) - layer.bias.data, atol=1e-10
    )


@FAST
@given(case=linear_cases(), hidden=dims, seed=seeds)
def test_stacked_linear_layers_collapse_to_one(case, hidden, seed):
    """W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2): no activation, no extra power."""
    n_in, n_out, x = case
    rng = np.random.default_rng(seed)
    l1, l2 = Linear(n_in, hidden, rng=rng), Linear(hidden, n_out, rng=rng)
    merged = Linear(n_in, n_out, rng=rng)
    merged.weight.data = l2.weight.data @ l1.weight.data
    merged.bias.data = l2.weight.data @ l1.bias.data + l2.bias.data
    np.testing.assert_allclose(
        Sequential(l1, l2).forward(x), merged.forward(x), rtol=1e-10, atol=1e-10
    )


# --- batch of one equals the vector form -----------------------------------------------------


@FAST
@given(case=linear_cases(batched=False), seed=seeds, data=st.data())
def test_linear_batch_of_one_equals_vector(case, seed, data):
    n_in, n_out, x = case
    g = data.draw(float_arrays((n_out,)))
    vec = Linear(n_in, n_out, rng=np.random.default_rng(seed))
    bat = Linear(n_in, n_out, rng=np.random.default_rng(seed))
    y_vec = vec.forward(x)
    y_bat = bat.forward(x[None, :])
    assert y_bat.shape == (1, n_out)
    np.testing.assert_array_equal(y_bat[0], y_vec)
    dx_vec = vec.backward(g)
    dx_bat = bat.backward(g[None, :])
    np.testing.assert_allclose(dx_bat[0], dx_vec, rtol=1e-12, atol=1e-12)
    for pv, pb in zip(vec.parameters(), bat.parameters(), strict=True):
        np.testing.assert_allclose(pb.grad, pv.grad, rtol=1e-12, atol=1e-12)


@FAST
@given(case=linear_cases(batched=False), seed=seeds)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_model_batch_of_one_equals_vector(name, case, seed):
    n_in, n_out, x = case

    def model():
        rng = np.random.default_rng(seed)
        return Sequential(Linear(n_in, 4, rng=rng), make_activation(name),
                          Linear(4, n_out, rng=rng))

    np.testing.assert_allclose(model().forward(x[None, :])[0], model().forward(x),
                               rtol=1e-12, atol=1e-12)


# --- softmax and sigmoid ---------------------------------------------------------------------


@FAST
@given(z=float_arrays(st.tuples(batch_sizes, dims), max_abs=1000.0))
def test_softmax_rows_sum_to_one(z):
    a = Softmax().forward(z)
    assert np.all(np.isfinite(a))
    assert np.all(a >= 0) and np.all(a <= 1)
    np.testing.assert_allclose(a.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(softmax(z, dim=0).sum(axis=0), 1.0, rtol=0, atol=1e-12)


@FAST
@given(z=float_arrays(st.tuples(dims)), shift=finite_floats(100.0))
def test_softmax_is_shift_invariant_and_order_preserving(z, shift):
    a = softmax(z)
    np.testing.assert_allclose(softmax(z + shift), a, rtol=1e-9, atol=1e-12)
    # A larger logit never gets a smaller probability.
    order = np.argsort(z, kind="stable")
    assert np.all(np.diff(a[order]) >= 0)


def _forbidden(*args, **kwargs):
    raise AssertionError("the core must not hide floating-point errors with errstate/seterr")


@FAST
@given(z=float_arrays(st.tuples(dims), max_abs=1000.0))
def test_sigmoid_is_stable_without_hiding_warnings(z):
    with pytest.MonkeyPatch.context() as mp, np.errstate(over="raise", invalid="raise",
                                                         divide="raise"):
        mp.setattr(np, "errstate", _forbidden)
        mp.setattr(np, "seterr", _forbidden)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            extremes = np.concatenate([z, [1000.0, -1000.0, 0.0]])
            sig = Sigmoid()
            a = sig.forward(extremes)
            da = sig.backward(np.ones_like(extremes))
            bce = BCEWithLogitsLoss()
            loss = bce.forward(extremes, (extremes > 0).astype(float))
            dz = bce.backward()
            ce = CrossEntropyLoss()
            ce_loss = ce.forward(extremes, 0)
            dce = ce.backward()
    for arr in (a, da, dz, dce):
        assert np.all(np.isfinite(arr))
    assert np.isfinite(loss) and np.isfinite(ce_loss)
    assert a[-3] == 1.0 and a[-2] == 0.0 and a[-1] == 0.5
    assert np.all((a >= 0) & (a <= 1))
    # Agrees with the textbook 1 / (1 + e^-z) where that form is itself safe.
    safe = np.abs(extremes) < 30
    np.testing.assert_allclose(a[safe], 1.0 / (1.0 + np.exp(-extremes[safe])), rtol=1e-12)
    np.testing.assert_allclose(stable_sigmoid(-extremes), 1.0 - a, atol=1e-12)


# --- gradient accumulation and zero_grad -----------------------------------------------------


def _modules_for(n_in: int, seed: int):
    rng = np.random.default_rng(seed)
    return [
        Linear(n_in, 3, rng=rng),
        Linear(n_in, 2, bias=False, rng=rng),
        BatchNorm1d(n_in),
        Sequential(Linear(n_in, 4, rng=rng), Tanh(), Linear(4, 2, rng=rng)),
    ]


@FAST
@given(x=spread_batches(), seed=seeds)
def test_backward_accumulates(x, seed):
    for module in _modules_for(x.shape[1], seed):
        y = module.forward(x)
        g = np.random.default_rng(seed).standard_normal(y.shape)
        dx1 = module.backward(g)
        once = [p.grad.copy() for p in module.parameters()]
        dx2 = module.backward(g)
        np.testing.assert_array_equal(dx1, dx2)  # dL/dx is returned, never accumulated
        for p, g1 in zip(module.parameters(), once, strict=True):
            np.testing.assert_allclose(p.grad, 2 * g1, rtol=1e-12, atol=1e-12)
        assert any(np.any(g1 != 0) for g1 in once)


@FAST
@given(x=spread_batches(), seed=seeds)
def test_zero_grad_resets(x, seed):
    for module in _modules_for(x.shape[1], seed):
        y = module.forward(x)
        g = np.random.default_rng(seed).standard_normal(y.shape)
        module.backward(g)
        params = module.parameters()
        assert any(np.any(p.grad != 0) for p in params)
        arrays = [p.grad for p in params]
        module.zero_grad()
        for p, arr in zip(params, arrays, strict=True):
            np.testing.assert_array_equal(p.grad, np.zeros_like(p.data))
            assert p.grad is arr  # reset in place: optimizers holding the array see it
        # and accumulation starts again from zero
        module.backward(g)
        fresh = [p.grad.copy() for p in params]
        module.zero_grad()
        module.backward(g)
        for p, f in zip(params, fresh, strict=True):
            np.testing.assert_allclose(p.grad, f)


@FAST
@given(x=spread_batches(), seed=seeds)
def test_optimizer_zero_grad_resets(x, seed):
    model = Sequential(Linear(x.shape[1], 3, rng=np.random.default_rng(seed)), Tanh())
    for opt in (SGD(model.parameters(), lr=0.1), Adam(model.parameters())):
        model.forward(x)
        model.backward(np.ones((x.shape[0], 3)))
        assert any(np.any(p.grad != 0) for p in model.parameters())
        opt.zero_grad()
        assert all(np.all(p.grad == 0) for p in model.parameters())


# --- train / eval ----------------------------------------------------------------------------


@FAST
@given(x=vector_or_batch(), seed=seeds)
def test_eval_mode_propagates_and_dropout_becomes_identity(x, seed):
    model = Sequential(Dropout(0.5, rng=np.random.default_rng(seed)), Tanh())
    assert model.eval() is model
    assert not any(m.training for m in model.layers)
    np.testing.assert_array_equal(model.forward(x), np.tanh(x))
    model.train()
    assert all(m.training for m in model.layers)
