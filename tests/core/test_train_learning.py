"""The trainer really learns the playground's datasets (fixed seeds, so these are exact runs):
circle and xor to >= 95 % test accuracy, regression loss falls, multi-class with cross-entropy,
and the extra features let a network without hidden layers separate the circle."""

from __future__ import annotations

import numpy as np
import pytest

from core import ModelConfig, TrainData, Trainer, expand_features, make_dataset, train_test_split


def trainer_for(name: str, config: ModelConfig, *, n: int = 500, noise: float = 0.0,
                seed: int = 1, features: tuple[str, ...] | None = None, **kw) -> Trainer:
    ds = make_dataset(name, n, noise, seed, **kw)
    Xtr, ytr, Xte, yte = train_test_split(ds.X, ds.y, 0.5, seed)
    if features:
        Xtr, Xte = expand_features(Xtr, features), expand_features(Xte, features)
    return Trainer(config, TrainData(Xtr, ytr, Xte, yte))


def train_epochs(t: Trainer, epochs: int) -> dict[str, float]:
    for _ in range(epochs):
        t.run_epoch()
    assert t.state == "ready", t.reason
    return t.evaluate()


@pytest.mark.parametrize("name", ["circle", "xor"])
def test_default_network_learns_the_classic_sets(name: str) -> None:
    # Playground's defaults: 2 inputs, hidden 4 and 2, tanh, batch 10, learning rate 0.03.
    t = trainer_for(name, ModelConfig())
    before = t.evaluate()
    after = train_epochs(t, 150)
    assert after["test_acc"] >= 0.95
    assert after["train_loss"] < before["train_loss"] / 5


@pytest.mark.parametrize("optimizer,lr", [("momentum", 0.01), ("adam", 0.01)])
def test_momentum_and_adam_learn_xor(optimizer: str, lr: float) -> None:
    t = trainer_for("xor", ModelConfig(optimizer=optimizer, lr=lr))
    assert train_epochs(t, 150)["test_acc"] >= 0.95


def test_circle_with_squared_features_needs_no_hidden_layer() -> None:
    # The lesson of Playground's x1^2, x2^2: a linear boundary in the right features.
    cfg = ModelConfig(n_inputs=4, hidden=(), activations=(), lr=0.01)
    t = trainer_for("circle", cfg, features=("x1", "x2", "x1^2", "x2^2"))
    assert train_epochs(t, 100)["test_acc"] >= 0.95


def test_xor_without_hidden_layer_cannot_learn() -> None:
    # Allowed on the page, and it teaches: a linear model of (x1, x2) stays near chance.
    t = trainer_for("xor", ModelConfig(hidden=(), activations=()))
    assert train_epochs(t, 50)["test_acc"] < 0.75


@pytest.mark.parametrize("name", ["plane", "gaussian-mix"])
def test_regression_loss_falls(name: str) -> None:
    cfg = ModelConfig(task="regression", loss="mse", hidden=(8, 8), activations=("tanh", "tanh"))
    t = trainer_for(name, cfg)
    first = t.evaluate()["test_loss"]
    last = train_epochs(t, 60)["test_loss"]
    assert last < first / 3
    assert np.isnan(t.evaluate()["test_acc"])  # no accuracy for a regression


@pytest.mark.parametrize("k", [3, 5])
def test_multiclass_learns_with_cross_entropy(k: int) -> None:
    cfg = ModelConfig(task="multiclass", n_classes=k, loss="ce")
    t = trainer_for("blobs", cfg, noise=0.1, n_classes=k)
    before = t.evaluate()
    after = train_epochs(t, 60)
    assert after["test_acc"] >= 0.9
    assert after["train_loss"] < before["train_loss"] / 3
    probs = t.predict_proba_or_value(t.X_test)
    assert probs.shape == (t.X_test.shape[0], k)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def test_multiclass_with_mse_as_playground_does_also_learns() -> None:
    cfg = ModelConfig(task="multiclass", n_classes=3, loss="mse", lr=0.1)
    t = trainer_for("blobs", cfg, n_classes=3)
    assert train_epochs(t, 80)["test_acc"] >= 0.9


def test_same_seed_same_run_bit_for_bit() -> None:
    runs = []
    for _ in range(2):
        t = trainer_for("circle", ModelConfig(dropout=0.1, seed=7))
        train_epochs(t, 5)
        runs.append(np.concatenate([p.data.ravel() for p in t.params]))
    np.testing.assert_array_equal(runs[0], runs[1])
