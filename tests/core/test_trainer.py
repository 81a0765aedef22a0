"""Trainer: reproducibility, the XOR teaching demonstration, regression and multiclass
training, divergence handling. (L1/L2, history, validation, run_for: test_trainer_settings.)"""

from __future__ import annotations

import math

import numpy as np
import pytest
from trainer_helpers import (
    RICH,
    all_state,
    best_straight_line_accuracy,
    blobs_data,
    regression_data,
    xor_data,
    xor_trainer,
)

from core import ModelConfig, TrainData, Trainer
from core.nn.module import shared_buffers

# --- reproducibility -------------------------------------------------------------------------



def test_same_config_data_and_seed_give_bit_identical_runs():
    data = xor_data(60, seed=5)
    data = TrainData(data.X_train[:40], data.y_train[:40], data.X_train[40:], data.y_train[40:])
    a = Trainer(ModelConfig(**RICH), data)
    b = Trainer(ModelConfig(**RICH), data)
    for _ in range(15):
        a.run_epoch()
    b.run_for(60.0, max_epochs=15)  # sliced differently, same run
    assert a.epoch == b.epoch == 15 and a.steps == b.steps
    for x, y in zip(all_state(a), all_state(b), strict=True):
        np.testing.assert_array_equal(x, y)
    assert a.history.rows.keys() == b.history.rows.keys()
    for key in a.history.rows:
        np.testing.assert_array_equal(a.history.rows[key], b.history.rows[key])
    assert a.history.to_csv() == b.history.to_csv()
    assert len(a.history) == 16  # epoch 0 and one row per epoch
    # ... and a different seed really is a different run (the check above can fail).
    c = Trainer(ModelConfig(**{**RICH, "seed": 1235}), data)
    for _ in range(15):
        c.run_epoch()
    assert not np.array_equal(all_state(a)[0], all_state(c)[0])


# --- the teaching demonstration: XOR needs a hidden layer ------------------------------------


def test_xor_is_learned_with_one_hidden_tanh_layer():
    t = xor_trainer((8,), ("tanh",))
    start = t.metrics["train_acc"]
    done = t.run_for(60.0, max_epochs=100)
    assert done == 100 and t.state == "ready"
    assert t.metrics["train_acc"] >= 0.95
    assert t.metrics["train_acc"] > start
    assert t.history.rows["train_loss"][-1] < t.history.rows["train_loss"][0]


def test_xor_is_not_learned_without_a_hidden_layer():
    t = xor_trainer((), ())
    assert [type(m).__name__ for m in t.model.layers] == ["Linear", "Identity"]
    t.run_for(60.0, max_epochs=100)
    assert t.state == "ready"
    assert t.metrics["train_acc"] < 0.70
    # Not bad luck: no straight line at all separates this sample much better.
    data = xor_data(200, seed=0)
    best_line = best_straight_line_accuracy(data.X_train, data.y_train)
    assert best_line < 0.75
    assert max(t.history.rows["train_acc"]) <= best_line + 1e-12


def test_xor_with_features_x1_times_x2_needs_no_hidden_layer():
    """The non-linearity can live in the features instead: x1*x2 makes XOR linear."""
    data = xor_data(200, seed=0)
    X = np.column_stack([data.X_train, data.X_train[:, 0] * data.X_train[:, 1]])
    cfg = ModelConfig(n_inputs=3, hidden=(), activations=(), task="binary", loss="bce",
                      optimizer="sgd", lr=0.3, batch_size=10, seed=0)
    t = Trainer(cfg, TrainData(X, data.y_train, X[:0], data.y_train[:0]))
    t.run_for(60.0, max_epochs=100)
    assert t.metrics["train_acc"] >= 0.95


# --- regression and multiclass ---------------------------------------------------------------


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_regression_loss_falls(optimizer):
    cfg = ModelConfig(
        n_inputs=2, hidden=(8,), activations=("tanh",), task="regression", loss="mse",
        optimizer=optimizer, lr=0.01 if optimizer != "sgd" else 0.05, batch_size=10, seed=3,
    )
    t = Trainer(cfg, regression_data())
    first = t.metrics["train_loss"]
    t.run_for(60.0, max_epochs=80)
    assert t.state == "ready"
    assert t.metrics["train_loss"] < 0.25 * first
    assert t.metrics["test_loss"] < first
    assert math.isnan(t.metrics["train_acc"])  # no accuracy for regression
    pred = t.predict_proba_or_value(t.X)
    assert pred.shape == (60,)


def test_multiclass_cross_entropy():
    cfg = ModelConfig(
        n_inputs=2, hidden=(8,), activations=("relu",), task="multiclass", n_classes=3,
        loss="ce", optimizer="adam", lr=0.02, batch_size=10, seed=4,
    )
    data = blobs_data()
    t = Trainer(cfg, data)
    assert t.model.layers[-2].out_features == 3
    assert t.Y.shape == (70,)  # CE takes integer labels
    first = t.metrics["train_loss"]
    t.run_for(60.0, max_epochs=60)
    assert t.metrics["train_loss"] < 0.5 * first
    assert t.metrics["train_acc"] >= 0.95 and t.metrics["test_acc"] >= 0.9
    proba = t.predict_proba_or_value(data.X_test)
    assert proba.shape == (20, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    hidden = t.hidden_outputs(data.X_test)
    assert len(hidden) == 1 and hidden[0].shape == (20, 8) and np.all(hidden[0] >= 0)


def test_multiclass_mse_uses_one_hot_and_softmax():
    cfg = ModelConfig(
        n_inputs=2, hidden=(8,), activations=("tanh",), task="multiclass", n_classes=3,
        loss="mse", optimizer="adam", lr=0.02, batch_size=10, seed=4,
    )
    t = Trainer(cfg, blobs_data())
    assert t.Y.shape == (70, 3)
    np.testing.assert_array_equal(t.Y.sum(axis=1), np.ones(70))
    assert type(t.model.layers[-1]).__name__ == "Softmax"
    t.run_for(60.0, max_epochs=60)
    assert t.metrics["train_acc"] >= 0.9


# --- divergence ------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_huge_learning_rate_diverges_cleanly():
    cfg = ModelConfig(
        n_inputs=2, hidden=(4,), activations=("tanh",), task="regression", loss="mse",
        optimizer="sgd", lr=50.0, batch_size=10, seed=0,
    )
    t = Trainer(cfg, regression_data(scale=2.0))
    last_finite = all_state(t)
    for _ in range(500):  # far more than it takes; must stop by itself
        t.run_epoch()
        if t.state == "diverged":
            break
        last_finite = all_state(t)
    assert t.state == "diverged"
    assert isinstance(t.reason, str) and t.reason.strip()
    state = all_state(t)
    assert all(np.all(np.isfinite(a)) for a in state)
    for got, want in zip(state, last_finite, strict=True):
        np.testing.assert_array_equal(got, want)  # the last weights that were all finite
    # Once diverged, nothing moves and nothing raises.
    assert math.isnan(t.step())
    assert t.run_for(0.5) == 0
    t.run_epoch()
    for got, want in zip(all_state(t), last_finite, strict=True):
        np.testing.assert_array_equal(got, want)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_run_for_stops_at_divergence_without_raising():
    cfg = ModelConfig(
        n_inputs=2, hidden=(4,), activations=("tanh",), task="regression", loss="mse",
        optimizer="sgd", lr=100.0, batch_size=10, seed=1,
    )
    t = Trainer(cfg, regression_data(scale=2.0))
    done = t.run_for(1.0, max_epochs=10_000, clock=lambda: 0.0)  # a clock that never moves
    assert done < 10_000  # so divergence is what stopped it
    assert t.state == "diverged" and t.reason
    assert all(np.all(np.isfinite(p.data)) for p in t.params)


@pytest.mark.parametrize("n_train", [21, 11, 3])
def test_batchnorm_training_survives_a_last_batch_of_one_row(n_train):
    """BatchNorm1d cannot normalize one row in train mode (PyTorch raises too); the trainer
    must not hand it one when n_train % batch_size == 1."""
    data = xor_data(n_train, seed=3)
    cfg = ModelConfig(hidden=(4,), activations=("tanh",), batch_norm=True, batch_size=10,
                      optimizer="adam", lr=0.01, seed=0)
    t = Trainer(cfg, data)
    done = t.run_for(30.0, max_epochs=5)
    assert done == 5 and t.state == "ready"
    assert all(np.all(np.isfinite(a)) for a in all_state(t))


def test_batchnorm_needs_two_rows_per_batch():
    with pytest.raises(ValueError, match="batch"):
        ModelConfig(batch_norm=True, batch_size=1)
    data = xor_data(1, seed=0)
    with pytest.raises(ValueError, match="2 training rows"):
        Trainer(ModelConfig(batch_norm=True), data)
    Trainer(ModelConfig(batch_norm=False), data).run_epoch()  # fine without batch norm




# --- mini-batches and the flat parameter arrays ----------------------------------------------


def test_each_epoch_feeds_every_training_row_once_in_a_new_order():
    data = xor_data(20, seed=4)
    t = Trainer(ModelConfig(hidden=(3,), activations=("tanh",), batch_size=7, seed=2), data)
    seen: list[np.ndarray] = []
    forward = t.model.forward

    def recording_forward(x):
        if t.model.training:  # not the evaluations after each epoch
            seen.append(x.copy())
        return forward(x)

    t.model.forward = recording_forward
    t.run_epoch()
    first = np.concatenate(seen)
    assert [len(b) for b in seen] == [7, 7, 6]
    seen.clear()
    t.run_epoch()
    second = np.concatenate(seen)
    rows = sorted(map(tuple, data.X_train))
    assert sorted(map(tuple, first)) == sorted(map(tuple, second)) == rows
    assert not np.array_equal(first, second)  # reshuffled


def test_parameters_share_one_array_so_the_optimizer_steps_them_at_once():
    t = xor_trainer((4,), ("tanh",))
    found = shared_buffers(t.params)
    assert found is not None
    before = found[0].copy()
    t.step()
    assert not np.array_equal(found[0], before)  # the views the model uses are what moved
    assert all(np.shares_memory(p.data, found[0]) for p in t.params)


def test_binary_targets_outside_0_1_are_refused_when_the_trainer_is_made():
    data = xor_data(10, seed=0)
    bad = TrainData(data.X_train, 2.0 * data.y_train, data.X_test, data.y_test)
    with pytest.raises(ValueError, match="between 0 and 1"):
        Trainer(ModelConfig(loss="bce"), bad)
