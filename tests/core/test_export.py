"""Tests for core.train.export: JSON round trips, every rejection with its message, and continuing
training from an imported file. Code generation is tested in test_codegen.py."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.nn.layers import BatchNorm1d, Dropout
from core.nn.linear import Linear
from core.train.export import (
    FORMAT,
    MAX_BYTES,
    ImportedModel,
    export_json,
    import_into_trainer,
    import_json,
    numpy_code,
)
from core.train.model_config import ModelConfig
from core.train.trainer import TrainData, Trainer

# Batch norm, dropout and three different activations in one network.
RICH = ModelConfig(n_inputs=3, hidden=(6, 5, 4), activations=("tanh", "relu", "leaky_relu"),
                   batch_norm=True, dropout=0.25, lr=0.05)
CONFIGS = {
    "rich-binary-bce": RICH,
    "binary-mse": ModelConfig(hidden=(4,), activations=("sigmoid",), loss="mse"),
    "multiclass-ce": ModelConfig(hidden=(5, 3), activations=("tanh", "linear"), task="multiclass",
                                 n_classes=3, loss="ce", batch_norm=True, optimizer="adam"),
    "multiclass-mse": ModelConfig(hidden=(4,), activations=("relu",), task="multiclass",
                                  n_classes=4, loss="mse", dropout=0.1),
    "regression": ModelConfig(hidden=(8,), activations=("tanh",), task="regression", loss="mse",
                              batch_norm=True, dropout=0.1, init="he"),
}


def make_data(cfg: ModelConfig, n: int = 60, seed: int = 0) -> TrainData:
    """Small synthetic data for the config's task: X (n, n_inputs), y labels or values."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, cfg.n_inputs))
    if cfg.task == "binary":
        y = (X[:, 0] * X[:, -1] > 0).astype(np.int64)
    elif cfg.task == "multiclass":
        y = np.digitize(X[:, 0], np.quantile(X[:, 0], np.linspace(0, 1, cfg.n_classes + 1)[1:-1]))
    else:
        y = np.sin(X[:, 0]) + 0.5 * X[:, -1]
    k = n * 3 // 4
    return TrainData(X[:k], y[:k], X[k:], y[k:])


def trained(cfg: ModelConfig, epochs: int = 5) -> Trainer:
    """A trainer a few epochs in, so weights and BatchNorm running stats have moved."""
    t = Trainer(cfg, make_data(cfg))
    for _ in range(epochs):
        t.run_epoch()
    return t


def module_arrays(model) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for m in model.layers:
        if isinstance(m, Linear):
            out += [m.weight.data, m.bias.data]
        elif isinstance(m, BatchNorm1d):
            out += [m.weight.data, m.bias.data, m.running_mean, m.running_var,
                    np.array([m.eps, m.momentum])]
        elif isinstance(m, Dropout):
            out.append(np.array([m.p]))
    return out


@pytest.fixture(scope="module")
def rich() -> Trainer:
    return trained(RICH)


@pytest.mark.parametrize("name", CONFIGS)
def test_round_trip_is_bit_identical(name: str) -> None:
    t = trained(CONFIGS[name])
    text = export_json(t, [f"f{i}" for i in range(t.config.n_inputs)])
    for source in (text, text.encode("utf-8")):
        imported = import_json(source)
        assert isinstance(imported, ImportedModel)
        cfg, model, names = imported
        assert cfg == t.config
        assert names == tuple(f"f{i}" for i in range(t.config.n_inputs))
        assert [type(m) for m in model.layers] == [type(m) for m in t.model.layers]
        for a, b in zip(module_arrays(model), module_arrays(t.model), strict=True):
            assert a.shape == b.shape and a.tobytes() == b.tobytes()
        assert not model.training  # returned ready for inference
        X = np.random.default_rng(7).normal(scale=2.0, size=(50, cfg.n_inputs))
        assert np.array_equal(model.forward(X), t.predict(X))


@settings(max_examples=40, deadline=None)
@example([5e-324, -0.0, 0.1 + 0.2, 1e-300, -1e6, 1e6, 3 * 2.0**-1074, 1 / 3, -2 / 3] * 2)
@given(st.lists(st.floats(-1e6, 1e6, allow_subnormal=True), min_size=18, max_size=18))
def test_any_float_round_trips_exactly(values: list[float]) -> None:
    """Subnormals, -0.0 and values like 0.1 + 0.2 keep every bit through JSON and the snippet."""
    t = Trainer(RICH, make_data(RICH, n=8))
    w = t.model.layers[0].weight
    w.data[...] = np.array(values).reshape(6, 3)
    imported = import_json(export_json(t))
    assert imported.model.layers[0].weight.data.tobytes() == w.data.tobytes()
    ns: dict = {}
    exec(numpy_code(t), ns)
    assert ns["W0"].tobytes() == w.data.tobytes()


def test_document_layout(rich: Trainer) -> None:
    doc = json.loads(export_json(rich))
    assert doc["format"] == FORMAT and doc["version"] == 1
    assert doc["config"] == RICH.to_dict()
    assert doc["feature_names"] == ["x1", "x2", "x3"]  # default: one name per input
    assert [r["type"] for r in doc["layers"]] == [
        "Linear", "BatchNorm1d", "Tanh", "Dropout", "Linear", "BatchNorm1d", "ReLU", "Dropout",
        "Linear", "BatchNorm1d", "LeakyReLU", "Dropout", "Linear", "Identity",
    ]
    lin, bn, drop = doc["layers"][0], doc["layers"][1], doc["layers"][3]
    assert np.array(lin["weight"]).shape == (6, 3) and np.array(lin["bias"]).shape == (6,)
    assert set(bn) == {"type", "weight", "bias", "running_mean", "running_var", "eps", "momentum"}
    assert drop == {"type": "Dropout", "p": 0.25}
    assert json.loads(export_json(trained(CONFIGS["binary-mse"], 1)))["layers"][-1] == {
        "type": "Sigmoid"}
    assert json.loads(export_json(trained(CONFIGS["multiclass-mse"], 1)))["layers"][-1] == {
        "type": "Softmax"}


def test_export_checks_feature_names_and_values(rich: Trainer) -> None:
    with pytest.raises(ValueError, match="must list 3 names, got 2"):
        export_json(rich, ("a", "b"))
    with pytest.raises(ValueError, match="printable"):
        export_json(rich, ("a", "b\nc", "d"))
    with pytest.raises(ValueError, match="unique"):
        export_json(rich, ("a", "a", "b"))
    t = trained(CONFIGS["binary-mse"], 1)
    t.model.layers[0].weight.data[0, 0] = 2e6  # exporting would write a file we cannot read
    with pytest.raises(ValueError, match=r"layer 0 \(Linear\) weight: value 2000000.0 is beyond"):
        export_json(t)


# -- rejections -----------------------------------------------------------------------------
def _set(path: tuple, value: object) -> Callable[[dict], None]:
    def mutate(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _delete(path: tuple) -> Callable[[dict], None]:
    def mutate(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


def _drop_row(doc: dict) -> None:
    doc["layers"][0]["weight"].pop()


def _ragged(doc: dict) -> None:
    doc["layers"][0]["weight"][1].pop()


# (mutation of a valid export of RICH, expected message). Layers: 0 Linear(3->6),
# 1 BatchNorm1d(6), 2 Tanh, 3 Dropout, 4 Linear(6->5), ..., 12 Linear(4->1), 13 Identity.
MUTATIONS = {
    "format tag": (_set(("format",), "something-else"), "format tag is 'something-else'"),
    "no format tag": (_delete(("format",)), "no format tag"),
    "newer version": (_set(("version",), 2), r"version 2 \(made by a newer version"),
    "version as text": (_set(("version",), "1"), "unsupported file version 1;"),
    "missing layers": (_delete(("layers",)), "missing layers"),
    "extra top field": (_set(("extra",), 1), r"unexpected field\(s\) extra"),
    "bad config value": (_set(("config", "hidden"), [6, 0, 4]), "bad config: each hidden"),
    "unknown config field": (_set(("config", "colour"), "red"), "unknown config field"),
    "names count": (_set(("feature_names",), ["a"]), "must list 3 names, got 1"),
    "names not text": (_set(("feature_names",), ["a", 2, "c"]), "printable text, got 2"),
    "layers not list": (_set(("layers",), {}), "layers must be a list"),
    "layer count": (_delete(("layers", 13)), "lists 13 layers but its config .* needs 14"),
    "layer type": (_set(("layers", 2, "type"), "ReLU"),
                   "layer 2: expected type Tanh .*got 'ReLU'"),
    "layer not object": (_set(("layers", 2), "Tanh"), "layer 2: expected type Tanh"),
    "missing bias": (_delete(("layers", 0, "bias")), r"layer 0 \(Linear\): missing bias"),
    "extra layer field": (_set(("layers", 2, "slope"), 1), r"layer 2 \(Tanh\): unexpected"),
    "wrong shape": (_drop_row,
                    r"layer 0 \(Linear\) weight: expected shape \(6, 3\), got \(5, 3\)"),
    "wrong bias shape": (_set(("layers", 4, "bias"), [0.0] * 6),
                         r"layer 4 \(Linear\) bias: expected shape \(5,\), got \(6,\)"),
    "scalar for array": (_set(("layers", 4, "bias"), 0.5),
                         r"expected shape \(5,\), got \(\)"),
    "too deep": (_set(("layers", 4, "bias"), [[0.5]] * 5), "nested deeper than expected"),
    "ragged": (_ragged, "rows of different lengths"),
    "text value": (_set(("layers", 0, "bias", 2), "0.5"), "bias: non-numeric value '0.5'"),
    "bool value": (_set(("layers", 0, "bias", 2), True), "bias: non-numeric value 'True'"),
    "null value": (_set(("layers", 0, "bias"), None), "bias: non-numeric value 'None'"),
    "nan": (_set(("layers", 4, "weight", 0, 0), float("nan")), "weight: contains NaN or inf"),
    "infinity": (_set(("layers", 1, "running_mean", 0), float("inf")), "NaN or infinite"),
    "too large": (_set(("layers", 0, "bias", 0), -2e6), "value -2000000.0 is beyond ±1e"),
    "huge integer": (_set(("layers", 0, "bias", 0), 10**400), r"bias: value 1000.* is beyond"),
    "negative running_var": (_set(("layers", 5, "running_var", 1), -0.5),
                             r"layer 5 \(BatchNorm1d\) running_var: .*cannot be negative"),
    "zero eps": (_set(("layers", 1, "eps"), 0), r"eps: must be in \(0, 1\]"),
    "momentum text": (_set(("layers", 1, "momentum"), "x"), "momentum: must be a number"),
    "dropout p": (_set(("layers", 3, "p"), 0.5), "p: 0.5 does not match the config's dropout"),
}


@pytest.mark.parametrize("case", MUTATIONS)
def test_rejects_with_specific_message(rich: Trainer, case: str) -> None:
    mutate, message = MUTATIONS[case]
    doc = json.loads(export_json(rich))
    mutate(doc)
    text = json.dumps(doc)  # NaN/Infinity are written as JSON's non-standard literals
    with pytest.raises(ValueError, match=message):
        import_json(text)
    with pytest.raises(ValueError, match=message):
        import_into_trainer(text, make_data(RICH))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": ', "not valid JSON"),
        ("", "not valid JSON"),
        (b'{"format": "\xff\xfe"}', r"not UTF-8 text \(bad byte at position 12\)"),
        ("[1, 2]", "the JSON must be an object"),
        ("[" * 100_000, "not valid JSON"),
        ('{"a": 1' + " " * MAX_BYTES + "}", "too large"),
        (b" " * (MAX_BYTES + 1), "too large"),
        ("é" * (MAX_BYTES // 2 + 1), "too large"),  # few characters, but over 2 MB as UTF-8
        ('{"format": "linear-layer-course/model", "version": 1, "config": ' + "1" * 5000 + "}",
         "not valid JSON"),
        (42, "expected JSON text, got int"),
    ],
    ids=["truncated", "empty", "not utf-8", "array", "deep", "big str", "big bytes",
         "big utf-8", "long int", "not text"],
)
def test_rejects_bad_files(text: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        import_json(text)  # type: ignore[arg-type]


def test_accepts_utf8_byte_order_mark(rich: Trainer) -> None:
    text = export_json(rich, ("Größe", "温度", "x3"))
    imported = import_json(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert imported.feature_names == ("Größe", "温度", "x3")


# -- continuing training --------------------------------------------------------------------
def test_import_into_trainer_continues_training(rich: Trainer) -> None:
    data = make_data(RICH)
    t2 = import_into_trainer(export_json(rich), data)
    for a, b in zip(module_arrays(t2.model), module_arrays(rich.model), strict=True):
        assert a.tobytes() == b.tobytes()
    X = np.random.default_rng(3).normal(size=(20, 3))
    assert np.array_equal(t2.predict(X), rich.predict(X))
    # Metrics and the first history row describe the imported weights, not a fresh init.
    assert t2.metrics["train_loss"] == rich.evaluate()["train_loss"]
    assert t2.history.rows["train_loss"] == [rich.evaluate()["train_loss"]]
    assert t2.epoch == 0 and t2.state == "ready" and t2.model.training
    fresh_loss = Trainer(RICH, data).metrics["train_loss"]
    before = [p.data.copy() for p in t2.params]
    for _ in range(10):
        t2.run_epoch()
    assert t2.epoch == 10 and t2.state == "ready"
    assert any(not np.array_equal(a, p.data) for a, p in zip(before, t2.params, strict=True))
    assert t2.evaluate()["train_loss"] < fresh_loss  # kept learning from where the file was


def test_divergence_after_import_restores_the_imported_weights() -> None:
    cfg = ModelConfig(hidden=(8,), activations=("relu",), task="regression", loss="mse")
    source = trained(cfg)
    doc = json.loads(export_json(source))
    # Far too large a step, taken 45 times an epoch: the loss overflows within the first epoch.
    doc["config"].update(lr=100.0, batch_size=1)
    t2 = import_into_trainer(json.dumps(doc), make_data(cfg))
    with np.errstate(over="ignore", invalid="ignore"):
        t2.run_epoch()
    assert t2.state == "diverged" and t2.epoch == 0
    for a, b in zip(module_arrays(t2.model), module_arrays(source.model), strict=True):
        assert a.tobytes() == b.tobytes()
