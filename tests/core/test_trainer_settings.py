"""Trainer and ModelConfig settings: L1/L2, the bounded history, validation of configs and
data, and run_for's time and epoch limits."""

from __future__ import annotations

import math

import numpy as np
import pytest
from trainer_helpers import (
    RICH,
    linear_weights,
    xor_data,
    xor_trainer,
)

from core import History, Linear, ModelConfig, TrainData, Trainer, build_model
from core.train.trainer import RUN_FOR_CHECK_EVERY

# --- regularization --------------------------------------------------------------------------


def _reg_pair(**reg) -> tuple[Trainer, Trainer]:
    base = dict(n_inputs=2, hidden=(5,), activations=("tanh",), task="binary", loss="bce",
                optimizer="sgd", lr=0.1, batch_size=200, init="pytorch", seed=9)
    data = xor_data(200, seed=1)
    return Trainer(ModelConfig(**base), data), Trainer(ModelConfig(**base, **reg), data)


def test_l1_adds_l1_sign_w_to_weight_gradients_only():
    plain, reg = _reg_pair(l1=0.05)
    weights_before = [w.data.copy() for w in linear_weights(reg)]
    assert len(weights_before) == 2
    plain.step()
    reg.step()
    for p_plain, p_reg in zip(plain.params, reg.params, strict=True):
        if p_reg.name == "weight":
            k = [w is p_reg for w in linear_weights(reg)].index(True)
            np.testing.assert_allclose(
                p_reg.grad - p_plain.grad, 0.05 * np.sign(weights_before[k]), rtol=0,
                atol=1e-15,
            )
        else:
            np.testing.assert_array_equal(p_reg.grad, p_plain.grad)  # biases untouched


def test_l2_adds_l2_w_to_weight_gradients_only():
    plain, reg = _reg_pair(l2=0.1)
    weights_before = [w.data.copy() for w in linear_weights(reg)]
    plain.step()
    reg.step()
    biases = [p for p in reg.params if p.name == "bias"]
    assert biases
    for k, w in enumerate(linear_weights(reg)):
        w_plain = linear_weights(plain)[k]
        np.testing.assert_allclose(w.grad - w_plain.grad, 0.1 * weights_before[k], atol=1e-15)
    for p_plain, p_reg in zip(plain.params, reg.params, strict=True):
        if p_reg.name == "bias":
            np.testing.assert_array_equal(p_reg.grad, p_plain.grad)


def test_penalty_is_reported_apart_from_the_data_loss():
    plain, reg = _reg_pair(l1=0.05, l2=0.2)
    weights = [m.weight.data for m in reg.model.layers if isinstance(m, Linear)]
    expected = sum(0.05 * np.abs(w).sum() + 0.5 * 0.2 * (w * w).sum() for w in weights)
    assert reg.metrics["penalty"] == pytest.approx(expected, rel=1e-12)
    assert reg.metrics["penalty"] > 0
    assert plain.metrics["penalty"] == 0.0
    # Same initial weights: the data loss is the same with or without the penalty.
    assert reg.metrics["train_loss"] == plain.metrics["train_loss"]
    assert reg.history.rows["train_loss"][0] == plain.history.rows["train_loss"][0]


def test_l1_drives_weights_toward_zero():
    plain, reg = _reg_pair(l1=0.05)
    for t in (plain, reg):
        t.run_for(60.0, max_epochs=60)
    total = [sum(np.abs(w.data).sum() for w in linear_weights(t)) for t in (plain, reg)]
    assert total[1] < total[0]


# --- bounded history -------------------------------------------------------------------------


def _is_power_of_two(v: int) -> bool:
    return v > 0 and v & (v - 1) == 0


def test_history_is_dense_at_first_then_log_spaced():
    h = History()
    wanted = [e for e in range(200) if h.wants(e)]
    assert wanted[:32] == list(range(32))  # every epoch while the loss moves fastest
    steps = np.diff(wanted)
    assert np.all(np.diff(steps) >= 0) and all(_is_power_of_two(int(v)) for v in steps)
    assert len([e for e in range(10_000) if h.wants(e)]) < 200  # ~16 points per doubling


def test_history_stays_bounded_and_ordered():
    h = History(max_points=50)
    for epoch in range(5000):
        h.record(epoch, 1.0 / (epoch + 1), 2.0, 0.5, 0.5)
        assert len(h) < 50
    epochs = np.array(h.rows["epoch"])
    steps = np.diff(epochs)
    assert len(h) >= 20  # coarser, but still a picture
    assert np.all(steps > 0) and all(_is_power_of_two(int(v)) for v in steps)
    assert epochs[0] == 0 and epochs[-1] >= 4999 - steps[-1]
    assert all(len(col) == len(h) for col in h.rows.values())
    lines = h.to_csv().strip().split("\n")
    assert lines[0] == "epoch,train_loss,test_loss,train_acc,test_acc"
    assert len(lines) == len(h) + 1


def test_trainer_history_stays_bounded():
    data = xor_data(20, seed=2)
    cfg = ModelConfig(n_inputs=2, hidden=(3,), activations=("tanh",), batch_size=20, seed=0)
    t = Trainer(cfg, data)
    t.history = History(max_points=50)
    t.run_for(60.0, max_epochs=400)
    assert t.epoch == 400
    assert len(t.history) < 50
    steps = np.diff(t.history.rows["epoch"])
    assert np.all(steps > 0) and all(_is_power_of_two(int(v)) for v in steps)
    assert t.history.rows["epoch"][-1] >= 400 - steps[0]


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"lr": 0.0},
        {"lr": -0.1},
        {"lr": 1000.0},
        {"lr": float("nan")},
        {"lr": float("inf")},
        {"hidden": (0,), "activations": ("tanh",)},
        {"hidden": (65,), "activations": ("tanh",)},
        {"hidden": (4,) * 7, "activations": ("tanh",) * 7},
        {"hidden": (4,), "activations": ("tanh", "relu")},
        {"hidden": (4,), "activations": ("softmax",)},
        {"hidden": (4,), "activations": ("swish",)},
        {"task": "ranking"},
        {"task": "binary", "loss": "ce"},
        {"task": "regression", "loss": "bce"},
        {"task": "multiclass", "n_classes": 2, "loss": "ce"},
        {"task": "multiclass", "n_classes": 11, "loss": "ce"},
        {"dropout": 1.0},
        {"dropout": -0.1},
        {"batch_norm": 1},
        {"init": "normal"},
        {"optimizer": "rmsprop"},
        {"momentum": 1.0},
        {"batch_size": 0},
        {"batch_size": 2.5},
        {"batch_size": True},
        {"l1": -0.01},
        {"l2": 11.0},
        {"seed": -1},
        {"seed": 2**32},
        {"n_inputs": 0},
        {"n_inputs": "2"},
    ],
)
def test_bad_config_values_raise_value_error(bad):
    with pytest.raises(ValueError):
        ModelConfig(**bad)


def test_config_dict_round_trip_and_rejections():
    cfg = ModelConfig(**RICH)
    assert ModelConfig.from_dict(cfg.to_dict()) == cfg
    with pytest.raises(ValueError, match="unknown"):
        ModelConfig.from_dict({**cfg.to_dict(), "colour": "red"})
    with pytest.raises(ValueError):
        ModelConfig.from_dict({"hidden": 4})
    with pytest.raises(ValueError):
        ModelConfig.from_dict(["not", "a", "dict"])


def test_trainer_rejects_data_of_the_wrong_shape():
    cfg = ModelConfig()
    X = np.zeros((10, 3))
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        Trainer(cfg, TrainData(X, np.zeros(10), X[:0], np.zeros(0)))
    with pytest.raises(ValueError):
        Trainer(cfg, TrainData(np.zeros((0, 2)), np.zeros(0), np.zeros((0, 2)), np.zeros(0)))


def test_build_model_layout():
    cfg = ModelConfig(hidden=(4, 3), activations=("relu", "tanh"), dropout=0.1,
                      batch_norm=True, loss="mse")
    model = build_model(cfg, np.random.default_rng(0), np.random.default_rng(1))
    names = [type(m).__name__ for m in model.layers]
    assert names == [
        "Linear", "BatchNorm1d", "ReLU", "Dropout",
        "Linear", "BatchNorm1d", "Tanh", "Dropout",
        "Linear", "Sigmoid",  # binary + mse compares probabilities
    ]
    sizes = [(m.in_features, m.out_features) for m in model.layers if isinstance(m, Linear)]
    assert sizes == [(2, 4), (4, 3), (3, 1)]


# --- run_for ---------------------------------------------------------------------------------


def test_run_for_respects_max_epochs():
    t = xor_trainer((8,), ("tanh",))
    done = t.run_for(30.0, max_epochs=3, clock=lambda: 0.0)  # only the cap can stop it
    assert done == 3 and t.epoch == 3
    assert t.run_for(30.0, max_epochs=0) == 0 and t.epoch == 3


def test_run_for_returns_when_the_time_is_up():
    t = xor_trainer((8,), ("tanh",))
    ticks = iter(np.arange(0.0, 100.0, 0.0625))  # a fake clock: 62.5 ms more at every look
    done = t.run_for(0.25, clock=lambda: float(next(ticks)))  # no epoch cap
    # Deadline 0.25 at the first look; the clock is read after every RUN_FOR_CHECK_EVERY
    # steps and reaches 0.25 at the fourth reading.
    assert t.steps == 4 * RUN_FOR_CHECK_EVERY
    assert done == t.epoch >= 1
    assert t.steps > 0 and t.state == "ready"
    # metrics are fresh for display after a slice (evaluated on the current weights)
    assert t.metrics == pytest.approx(t.evaluate(), nan_ok=True)


def test_history_knows_when_the_loss_stays_far_above_its_start():
    h = History()
    h.record(0, 0.8, math.nan)
    for e, loss in enumerate([10.0, 100.0, 30.0, 20.0], start=1):
        h.record(e, loss, math.nan)
    assert not h.stays_above_start()  # only four epochs since the start
    h.record(5, 28.0, math.nan)
    assert h.stays_above_start()
    assert not h.stays_above_start(after_epoch=1)  # four since a change at epoch 1
    assert not h.stays_above_start(start=20.0)  # not far above a start of 20 (a rate change)
    h.record(6, 1.0, math.nan)  # one low value: the loss still jumps about up there
    assert h.stays_above_start()
    for e in (7, 8):
        h.record(e, 0.9, math.nan)  # mostly back below twice the start
    assert not h.stays_above_start()
