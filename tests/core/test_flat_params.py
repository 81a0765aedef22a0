"""Parameters flattened into one array (module.flatten_parameters): same values and shapes,
and every optimizer takes the same steps on them, bit for bit, as on separate arrays."""

from __future__ import annotations

import numpy as np
import pytest
from test_optim import A_B, A_W, C_B, C_W, START_B, START_W, reference_adam, reference_sgd

from core import SGD, Adam, Parameter
from core.nn.module import flatten_parameters, shared_buffers

OPTIMIZERS = {
    "sgd": lambda ps: SGD(ps, lr=0.1),
    "momentum": lambda ps: SGD(ps, lr=0.05, momentum=0.9),
    "momentum + wd": lambda ps: SGD(ps, lr=0.03, momentum=0.5, weight_decay=0.1),
    "adam": lambda ps: Adam(ps, lr=0.01),
    "adam + wd": lambda ps: Adam(ps, lr=0.2, betas=(0.5, 0.9), eps=1e-3, weight_decay=0.5),
}
REFERENCES = {
    "sgd": lambda: reference_sgd(0.1),
    "momentum": lambda: reference_sgd(0.05, 0.9),
    "momentum + wd": lambda: reference_sgd(0.03, 0.5, 0.1),
    "adam": lambda: reference_adam(0.01),
    "adam + wd": lambda: reference_adam(0.2, (0.5, 0.9), 1e-3, 0.5),
}


def params() -> list[Parameter]:
    return [Parameter(START_W.copy(), "w"), Parameter(START_B.copy(), "b")]


def descend(ps: list[Parameter], make, steps: int = 8, rebind_at: int | None = None):
    """Minimise 1/2 sum A (p - C)^2 (as test_optim); optionally rebind w.data mid-way."""
    w, b = ps
    opt = make(ps)
    for t in range(steps):
        if t == rebind_at:
            w.data = w.data.copy()  # no longer a view of the flat array
        opt.zero_grad()
        w.grad += A_W * (w.data - C_W)
        b.grad += A_B * (b.data - C_B)
        opt.step()
    return [w.data.ravel().tolist(), b.data.tolist()]


def test_flatten_keeps_values_and_shapes_and_makes_views():
    ps = params()
    ps[0].grad[...] = 7.0
    data, grad = flatten_parameters(ps)
    assert data.shape == grad.shape == (6,)
    np.testing.assert_array_equal(ps[0].data, START_W)
    np.testing.assert_array_equal(ps[1].data, START_B)
    np.testing.assert_array_equal(grad, [7.0, 7.0, 7.0, 7.0, 0.0, 0.0])
    data[:] = np.arange(6.0)  # writes through to the parameters
    np.testing.assert_array_equal(ps[0].data, [[0.0, 1.0], [2.0, 3.0]])
    np.testing.assert_array_equal(ps[1].data, [4.0, 5.0])
    found = shared_buffers(ps)
    assert found is not None and found[0] is data and found[1] is grad


def test_shared_buffers_refuses_what_is_not_one_back_to_back_pair():
    assert shared_buffers(params()) is None  # separate arrays
    ps = params()
    flatten_parameters(ps)
    assert shared_buffers(ps[::-1]) is None  # out of order
    assert shared_buffers(ps[:1]) is None  # does not cover the whole array
    ps[1].grad = ps[1].grad.copy()
    assert shared_buffers(ps) is None  # one grad rebound


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_flat_steps_equal_separate_steps_bit_for_bit(name):
    separate = descend(params(), OPTIMIZERS[name])
    ps = params()
    flatten_parameters(ps)
    flat = descend(ps, OPTIMIZERS[name])
    assert flat == separate  # exactly, not approximately
    for got, want in zip(flat, REFERENCES[name](), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_rebinding_a_parameter_mid_way_falls_back_without_losing_state(name):
    ps = params()
    flatten_parameters(ps)
    got = descend(ps, OPTIMIZERS[name], rebind_at=3)
    assert got == descend(params(), OPTIMIZERS[name])  # momentum / Adam moments carried on


def test_a_deep_copied_trainer_keeps_training_and_leaves_the_original_alone():
    from copy import deepcopy

    from trainer_helpers import xor_trainer

    original = xor_trainer((4,), ("tanh",))
    original.step()
    before = [p.data.copy() for p in original.params]
    twin = deepcopy(original)  # its parameters are arrays of their own now, not views
    start = [p.data.copy() for p in twin.params]
    twin.run_epoch()
    assert any(not np.array_equal(p.data, s) for p, s in zip(twin.params, start, strict=True))
    for p, b in zip(original.params, before, strict=True):
        np.testing.assert_array_equal(p.data, b)
    # and it trains exactly as the original does from the same point
    original.run_epoch()
    for p, q in zip(original.params, twin.params, strict=True):
        np.testing.assert_array_equal(p.data, q.data)
