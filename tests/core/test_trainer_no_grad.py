"""The no-grad evaluation path: evaluating a model for a figure or a metric never changes a
training step, even when it runs between the step's forward and backward pass (as a chart
redraw from another thread can). Module.predict is torch.no_grad() + model.eval()."""

from __future__ import annotations

import numpy as np
import pytest
from trainer_helpers import RICH, all_state, blobs_data, xor_data

from core import (
    BatchNorm1d,
    Dropout,
    Linear,
    ModelConfig,
    Sequential,
    Tanh,
    Trainer,
    export_json,
)
from core.nn.activations import ACTIVATIONS

CONFIGS = {
    "tanh": dict(hidden=(8, 8), activations=("tanh", "tanh"), task="binary", loss="bce",
                 batch_size=10, lr=0.03, seed=3),
    "rich": RICH,  # dropout, batch norm, Adam, L2
    "multiclass": dict(hidden=(6,), activations=("relu",), task="multiclass", n_classes=3,
                       loss="ce", batch_size=7, lr=0.1, seed=4, dropout=0.3),
}


def _trainer(name: str) -> Trainer:
    data = blobs_data() if name == "multiclass" else xor_data(120, seed=1)
    return Trainer(ModelConfig(**CONFIGS[name]), data)


def _evaluate_everything(t: Trainer) -> None:
    """What the page's figures, metrics and export do with a model (a 50 x 50 grid, the
    neuron maps, full-data metrics, the JSON file)."""
    grid = np.random.default_rng(9).uniform(-3, 3, (2500, 2))
    t.predict_proba_or_value(grid)
    t.hidden_outputs(grid[:256])
    t.evaluate()
    export_json(t)


@pytest.mark.parametrize("name", list(CONFIGS))
def test_evaluation_between_forward_and_backward_leaves_the_step_bit_identical(name):
    alone, interleaved = _trainer(name), _trainer(name)
    real_backward = interleaved.loss_fn.backward

    def backward_after_a_chart_redraw():
        _evaluate_everything(interleaved)  # the step's forward has run, its backward has not
        return real_backward()

    interleaved.loss_fn.backward = backward_after_a_chart_redraw
    for _ in range(40):  # several epochs' worth, BatchNorm running stats and dropout included
        alone.step()
        interleaved.step()
    assert interleaved.steps == alone.steps == 40
    for a, b in zip(all_state(alone), all_state(interleaved), strict=True):
        np.testing.assert_array_equal(a, b)
    assert alone.history.to_csv() == interleaved.history.to_csv()


def test_predict_equals_eval_mode_forward_and_caches_nothing():
    rng = np.random.default_rng(0)
    bn = BatchNorm1d(3)
    bn.forward(rng.normal(size=(8, 3)))  # running statistics away from 0 and 1
    model = Sequential(Linear(2, 3, rng=rng), bn, Tanh(), Dropout(0.5, rng=rng),
                       Linear(3, 1, rng=rng))
    x = rng.normal(size=(5, 2))
    model.forward(rng.normal(size=(4, 2)))  # a training forward: inputs kept for backward
    kept = [getattr(m, "_x", None) for m in model.layers]
    running = (bn.running_mean.copy(), bn.running_var.copy())
    dropout_state = model.layers[3].rng.bit_generator.state
    out = model.predict(x)
    assert model.training and all(m.training for m in model.layers)  # no flag flipped
    assert all(getattr(m, "_x", None) is k for m, k in zip(model.layers, kept, strict=True))
    np.testing.assert_array_equal(bn.running_mean, running[0])
    np.testing.assert_array_equal(bn.running_var, running[1])
    assert model.layers[3].rng.bit_generator.state == dropout_state
    model.eval()
    np.testing.assert_allclose(out, model.forward(x), rtol=0, atol=1e-15)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_each_activation_predicts_what_forward_computes(name):
    z = np.linspace(-4, 4, 12).reshape(3, 4)
    act = ACTIVATIONS[name]()
    np.testing.assert_array_equal(act.predict(z), act.forward(z))


def test_linear_predict_refuses_a_wrong_size_like_forward():
    layer = Linear(3, 2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="size 3"):
        layer.predict(np.ones((4, 2)))
