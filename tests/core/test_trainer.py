"""Trainer and ModelConfig: reproducibility, the XOR teaching demonstration, regression and
multiclass training, divergence handling, L1/L2, bounded history, validation and run_for."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from core import History, Linear, ModelConfig, TrainData, Trainer, build_model

# --- data made here, not taken from core.datasets --------------------------------------------


def xor_data(n: int = 200, seed: int = 0) -> TrainData:
    """n points uniform in [-1, 1]^2; label 1 where x1 * x2 > 0 (quadrants I and III)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.float64)
    return TrainData(X, y, X[:0], y[:0])


def regression_data(n: int = 80, seed: int = 1, scale: float = 1.0) -> TrainData:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-scale, scale, size=(n, 2))
    y = np.sin(2.0 * X[:, 0]) + 0.5 * X[:, 1] + 0.05 * rng.standard_normal(n)
    return TrainData(X[:60], y[:60], X[60:], y[60:])


def blobs_data(n_per_class: int = 30, seed: int = 2) -> TrainData:
    rng = np.random.default_rng(seed)
    centers = np.array([[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]])
    X = np.concatenate([c + 0.5 * rng.standard_normal((n_per_class, 2)) for c in centers])
    y = np.repeat(np.arange(3), n_per_class)
    order = rng.permutation(len(y))
    X, y = X[order], y[order]
    return TrainData(X[:70], y[:70], X[70:], y[70:])


def best_straight_line_accuracy(X: np.ndarray, y: np.ndarray, n_angles: int = 360) -> float:
    """The best accuracy any half-plane w.x > c reaches on (X, y), by brute force."""
    theta = np.linspace(0.0, 2.0 * np.pi, n_angles, endpoint=False)
    proj = X @ np.stack([np.cos(theta), np.sin(theta)])  # (n, angles)
    best = 0.0
    n = len(y)
    for k in range(n_angles):
        order = np.argsort(proj[:, k])
        ys = y[order]
        # threshold after position i: points 0..i predicted 0, the rest 1
        ones_above = ys[::-1].cumsum()[::-1]  # ones at index >= i
        zeros_below = np.concatenate([[0], (1 - ys).cumsum()])[:-1]  # zeros at index < i
        best = max(best, float(((ones_above + zeros_below) / n).max()))
    return best


def linear_weights(t: Trainer) -> list:
    """The weight Parameters of every Linear layer (what L1/L2 regularize)."""
    return [m.weight for m in t.model.layers if isinstance(m, Linear)]


def all_state(t: Trainer) -> list[np.ndarray]:
    arrays = [p.data.copy() for p in t.params]
    for m in t.model.layers:
        if hasattr(m, "running_mean"):
            arrays += [m.running_mean.copy(), m.running_var.copy()]
    return arrays


# --- reproducibility -------------------------------------------------------------------------

RICH = dict(
    n_inputs=2,
    hidden=(6, 4),
    activations=("tanh", "relu"),
    task="binary",
    loss="bce",
    dropout=0.2,
    batch_norm=True,
    optimizer="adam",
    lr=0.01,
    batch_size=8,
    l2=0.001,
    seed=1234,
)


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


def _xor_trainer(hidden, activations) -> Trainer:
    cfg = ModelConfig(
        n_inputs=2, hidden=hidden, activations=activations, task="binary", loss="bce",
        optimizer="sgd", lr=0.3, batch_size=10, init="xavier", seed=0,
    )
    return Trainer(cfg, xor_data(200, seed=0))


def test_xor_is_learned_with_one_hidden_tanh_layer():
    t = _xor_trainer((8,), ("tanh",))
    start = t.metrics["train_acc"]
    done = t.run_for(60.0, max_epochs=100)
    assert done == 100 and t.state == "ready"
    assert t.metrics["train_acc"] >= 0.95
    assert t.metrics["train_acc"] > start
    assert t.history.rows["train_loss"][-1] < t.history.rows["train_loss"][0]


def test_xor_is_not_learned_without_a_hidden_layer():
    t = _xor_trainer((), ())
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
    t0 = time.perf_counter()
    t.run_for(5.0)
    assert time.perf_counter() - t0 < 5.0  # stopped on divergence, not on the time budget
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
    t = _xor_trainer((8,), ("tanh",))
    t0 = time.perf_counter()
    done = t.run_for(30.0, max_epochs=3)
    assert done == 3 and t.epoch == 3
    assert time.perf_counter() - t0 < 10.0
    assert t.run_for(30.0, max_epochs=0) == 0 and t.epoch == 3


def test_run_for_returns_when_the_time_is_up():
    t = _xor_trainer((8,), ("tanh",))
    budget = 0.2
    t0 = time.perf_counter()
    done = t.run_for(budget)  # no epoch cap: only the clock stops it
    elapsed = time.perf_counter() - t0
    assert elapsed < budget + 1.0
    assert done == t.epoch >= 1
    assert t.steps > 0 and t.state == "ready"
    # metrics are fresh for display after a slice (evaluated on the current weights)
    assert t.metrics == pytest.approx(t.evaluate(), nan_ok=True)
