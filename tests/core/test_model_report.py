"""The trainer's penalty, weights and layers as /train reports them, and the trainer's use of
eval mode for predictions, boundaries and test loss (train mode only to train)."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from trainer_helpers import xor_data

from core import BatchNorm1d, Dropout, ModelConfig, Trainer
from core.train.model_report import describe_layers, weight_report


def _trainer(**kw) -> Trainer:
    base = {"hidden": (4, 3), "activations": ("tanh", "tanh"), "loss": "bce", "lr": 0.1,
            "seed": 3}
    return Trainer(ModelConfig(**(base | kw)), xor_data(60))


@pytest.mark.parametrize("l1, l2", [(0.01, 0.0), (0.0, 0.03), (0.02, 0.05)])
def test_penalty_is_the_trainers(l1: float, l2: float) -> None:
    tr = _trainer(l1=l1, l2=l2)
    for _ in range(20):
        tr.step()
    report = weight_report(tr.model, l1, l2)
    assert report.penalty == pytest.approx(tr.penalty(), rel=1e-14)
    # by hand over the Linear weights only (biases excluded)
    ws = np.concatenate([m.weight.data.ravel() for m in tr.model.layers if hasattr(m, "weight")
                         and m.weight.data.ndim == 2])
    assert report.penalty == pytest.approx(l1 * np.abs(ws).sum() + 0.5 * l2 * (ws ** 2).sum())
    assert report.weights.size == 2 * 4 + 4 * 3 + 3 * 1
    assert report.counts.sum() == report.weights.size


def test_zero_counts() -> None:
    tr = _trainer()
    tr.model.layers[0].weight.data[0, :] = 0.0
    tr.model.layers[0].weight.data[1, 0] = 5e-4
    report = weight_report(tr.model, 0.0, 0.0)
    assert report.exact_zeros == 2 and report.near_zeros == 3


def test_layers_list_dropout_and_batch_norm() -> None:
    tr = _trainer(dropout=0.2, batch_norm=True)
    texts = [layer.text for layer in describe_layers(tr.model)]
    assert texts == ["Linear(2→4)", "BatchNorm1d(4)", "Tanh", "Dropout(p=0.2)",
                     "Linear(4→3)", "BatchNorm1d(3)", "Tanh", "Dropout(p=0.2)", "Linear(3→1)"]


def test_predictions_use_eval_mode_and_training_uses_train_mode() -> None:
    tr = _trainer(dropout=0.5, batch_norm=True)
    for _ in range(30):
        tr.step()
    X = tr.X[:7]
    bns = [m for m in tr.model.layers if isinstance(m, BatchNorm1d)]
    stats = [(b.running_mean.copy(), b.running_var.copy()) for b in bns]
    first, second = tr.predict(X), tr.predict(X)
    np.testing.assert_array_equal(first, second)  # no dropout mask, no batch statistics
    reference = copy.deepcopy(tr.model).eval()
    np.testing.assert_allclose(first, reference.forward(X), rtol=1e-12)
    metrics = tr.evaluate()
    assert metrics == tr.evaluate()  # the test loss is deterministic (eval mode)
    for b, (rm, rv) in zip(bns, stats, strict=True):  # evaluating moved no running statistic
        np.testing.assert_array_equal(b.running_mean, rm)
        np.testing.assert_array_equal(b.running_var, rv)
    assert tr.model.training  # back in train mode for the next step
    tr.step()
    drops = [m for m in tr.model.layers if isinstance(m, Dropout)]
    assert all(d.training for d in drops)
    assert any(not np.array_equal(b.running_mean, rm) for b, (rm, _) in zip(bns, stats,
                                                                           strict=True))
