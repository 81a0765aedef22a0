"""/train's regularization panel pieces: the loss as data + penalty = total with the trainer's
numbers, the weights' histogram option and the layer list (the panel in the page is tested in
test_train_penalty_page.py once hooked)."""

from __future__ import annotations

import numpy as np
import pytest

from core import ModelConfig, Trainer
from core.train.model_report import describe_layers, weight_report
from ui.figures.weights_histogram import weights_histogram_option
from ui.train.layer_notes import hidden_titles, layers_sentence
from ui.train.penalty_panel import penalty_sentence, zeros_sentence


def test_penalty_sentence_adds_up() -> None:
    text = penalty_sentence(0.5, 0.25, 0.001, 0.0)
    assert text.startswith("Training loss with the penalty: data loss **0.5** + penalty "
                           "**0.25** = total **0.75**")
    assert "λ·Σ|w| with λ = 0.001" in text and "not the biases" in text
    both = penalty_sentence(1.0, 0.125, 0.01, 0.03)
    assert "L1" in both and "(λ/2)·Σw² with λ = 0.03" in both
    assert penalty_sentence(0.5, 0.0, 0.0, 0.0) is None


def test_histogram_option_counts_every_weight() -> None:
    X = np.random.default_rng(0).uniform(-1, 1, (30, 2))
    y = (X[:, 0] > 0).astype(float)
    from core import TrainData
    tr = Trainer(ModelConfig(hidden=(3,), activations=("tanh",), l1=0.01),
                 TrainData(X, y, X[:0], y[:0]))
    report = weight_report(tr.model, 0.01, 0.0)
    option = weights_histogram_option(report.counts, report.edges)
    values = [bar["value"] for bar in option["series"][0]["data"]]
    assert sum(values) == report.weights.size == 2 * 3 + 3
    labels = option["xAxis"]["data"]
    assert len(labels) == 21 and labels[10] == "0"  # the middle bin is centred on 0
    assert not any("e-1" in label for label in labels)  # no -1.1e-16 for 0
    colors = [bar["itemStyle"]["color"] for bar in option["series"][0]["data"]]
    assert colors[0] != colors[-1]


@pytest.mark.parametrize("dropout, batch_norm, note", [(0.0, False, False), (0.3, True, True)])
def test_layers_sentence(dropout: float, batch_norm: bool, note: bool) -> None:
    X = np.random.default_rng(1).uniform(-1, 1, (20, 2))
    y = (X[:, 1] > 0).astype(float)
    from core import TrainData
    tr = Trainer(ModelConfig(hidden=(4,), activations=("relu",), dropout=dropout,
                             batch_norm=batch_norm), TrainData(X, y, X[:0], y[:0]))
    text = layers_sentence([layer.text for layer in describe_layers(tr.model)], note)
    assert text.startswith("Layers: Linear(2→4) → ")
    assert ("Dropout(p=0.3)" in text and "BatchNorm1d(4)" in text) == note
    assert ("eval mode" in text) == note


def test_zeros_sentence() -> None:
    assert zeros_sentence(2, 5, 30) == "Weights exactly 0: **2** of 30 (|w| < 0.001: 5)."
    assert "hover around 0" in zeros_sentence(0, 3, 30, l1=0.01)


def test_hidden_titles_name_batch_norm_and_dropout() -> None:
    titles = ["Inputs", "Layer 1\n4 × tanh", "Layer 2\n2 × relu", "Output\nsigmoid"]
    assert hidden_titles(titles, 2, False, 0.0) == titles
    got = hidden_titles(titles, 2, True, 0.25)
    assert got == ["Inputs", "Layer 1 · BN\n4 × tanh · dropout 0.25",
                   "Layer 2 · BN\n2 × relu · dropout 0.25", "Output\nsigmoid"]
