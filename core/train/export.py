"""Model export and import as JSON, and the code generators (re-exported from core.train.codegen).

File layout (version 1):
    {"format": "linear-layer-course/model", "version": 1,
     "config": ModelConfig.to_dict(), "feature_names": [n_inputs strings],
     "class_names": [one string per class; classifiers only, optional on import],
     "layers": [one record per module of model.layers, in order]}
Records: {"type": "Linear", "weight": (out, in), "bias": (out,)};
{"type": "BatchNorm1d", "weight", "bias", "running_mean", "running_var": (features,),
"eps", "momentum"}; {"type": "Dropout", "p"}; activations only {"type": ...}.
Floats are written with repr, which round-trips float64 exactly.

An imported file is untrusted input: every field is checked and a problem raises ValueError
saying what is wrong and where. The model is rebuilt from the config with core's own modules
and only numbers are copied in, so its structure always matches the config.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from ..nn.activations import Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from ..nn.layers import BatchNorm1d, Dropout, Sequential
from ..nn.linear import Linear
from ..nn.module import Module
from .codegen import numpy_code, pytorch_code
from .codegen_names import (
    check_class_names,
    check_feature_names,
    default_class_names,
    default_feature_names,
)
from .model_config import ModelConfig, build_model
from .trainer import TrainData, Trainer

__all__ = [
    "FORMAT", "VERSION", "MAX_BYTES", "MAX_ABS", "ImportedModel", "export_json", "import_json",
    "import_into_trainer", "numpy_code", "pytorch_code",
]

FORMAT = "linear-layer-course/model"
VERSION = 1
MAX_BYTES = 2 * 1024 * 1024
MAX_ABS = 1e6  # far beyond any weight a working course model has; rejects absurd files early

LAYER_TYPES: dict[type[Module], str] = {
    Linear: "Linear", BatchNorm1d: "BatchNorm1d", Tanh: "Tanh", ReLU: "ReLU",
    LeakyReLU: "LeakyReLU", Sigmoid: "Sigmoid", Identity: "Identity", Softmax: "Softmax",
    Dropout: "Dropout",
}
_TOP_KEYS = ("format", "version", "config", "feature_names", "layers")
_BN_ARRAYS = ("weight", "bias", "running_mean", "running_var")


class ImportedModel(NamedTuple):
    """What import_json returns; unpacks as (config, model, feature_names). model is in eval
    mode (dropout off, BatchNorm on running statistics), ready to predict."""

    config: ModelConfig
    model: Sequential
    feature_names: tuple[str, ...]


def _type_name(m: Module) -> str:
    try:
        return LAYER_TYPES[type(m)]
    except KeyError:
        raise ValueError(f"cannot export a {type(m).__name__} layer") from None


def _record(m: Module) -> dict:
    rec: dict = {"type": _type_name(m)}
    if isinstance(m, Linear):
        rec["weight"] = m.weight.data.tolist()
        rec["bias"] = m.bias.data.tolist() if m.bias is not None else None
    elif isinstance(m, BatchNorm1d):
        for key, arr in zip(_BN_ARRAYS, _bn_arrays(m), strict=True):
            rec[key] = arr.tolist()
        rec["eps"], rec["momentum"] = m.eps, m.momentum
    elif isinstance(m, Dropout):
        rec["p"] = m.p
    return rec


def _bn_arrays(m: BatchNorm1d) -> tuple[np.ndarray, ...]:
    return m.weight.data, m.bias.data, m.running_mean, m.running_var


def export_json(trainer: Trainer, feature_names: Sequence[str] | None = None,
                class_names: Sequence[str] | None = None) -> str:
    """The trainer's config, feature names, class names and every layer's numbers as JSON.

    feature_names: one per input (default x1, x2, ...). class_names: one per class of a
    classifier, in output-column order (default "0", "1", ...). Raises ValueError if the
    result could not be imported again (e.g. a weight beyond 1e6), so every exported file loads.
    """
    cfg = trainer.config
    names = check_feature_names(
        default_feature_names(cfg.n_inputs) if feature_names is None
        else feature_names, cfg.n_inputs,
    )
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "config": cfg.to_dict(),
        "feature_names": list(names),
        "layers": [_record(m) for m in trainer.model.layers],
    }
    if cfg.task != "regression":
        doc["class_names"] = list(check_class_names(
            default_class_names(cfg) if class_names is None else class_names, cfg))
    _validate(doc)
    return json.dumps(doc, allow_nan=False)


# -- import ---------------------------------------------------------------------------------
def _load(text: str | bytes) -> dict:
    """Size, encoding and JSON syntax checks; returns the top-level object."""
    if isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
        if len(raw) > MAX_BYTES:
            raise ValueError(f"file too large: {len(raw):,} bytes (at most 2 MB)")
        try:
            text = raw.decode("utf-8-sig")  # -sig: tolerate a byte-order mark from editors
        except UnicodeDecodeError as exc:
            raise ValueError(f"file is not UTF-8 text (bad byte at position {exc.start})") from None
    elif not isinstance(text, str):
        raise ValueError(f"expected JSON text, got {type(text).__name__}")
    # Cheap check first, so a huge str is not encoded just to measure it.
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise ValueError("file too large (at most 2 MB)")
    try:
        doc = json.loads(text)
    except RecursionError:
        raise ValueError("not valid JSON: nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, or an integer with too many digits
        raise ValueError(f"not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise ValueError("not a model file: the JSON must be an object")
    return doc


def _shape(v: object, depth: int, where: str) -> tuple[int, ...]:
    """Shape of a nested list of numbers, refusing non-numbers and ragged or deep nesting."""
    if isinstance(v, bool) or not isinstance(v, int | float | list):
        raise ValueError(f"{where}: non-numeric value '{str(v)[:30]}'")
    if not isinstance(v, list):
        return ()
    if depth == 0:
        raise ValueError(f"{where}: nested deeper than expected")
    shapes = {_shape(item, depth - 1, where) for item in v}
    if len(shapes) > 1:
        raise ValueError(f"{where}: rows of different lengths (not a rectangular array)")
    return (len(v), *(shapes.pop() if shapes else ()))


def _flat(v: object) -> list:
    return [x for item in v for x in _flat(item)] if isinstance(v, list) else [v]


def _check_numbers(values: list, where: str) -> None:
    for x in values:
        # Compare ints before any float conversion: float(10**400) would raise OverflowError.
        if isinstance(x, float) and not math.isfinite(x):
            raise ValueError(f"{where}: contains NaN or infinite values")
        if abs(x) > MAX_ABS:
            raise ValueError(f"{where}: value {repr(x)[:24]} is beyond ±{MAX_ABS:g}")


def _array(rec: dict, key: str, shape: tuple[int, ...], where: str) -> np.ndarray:
    where = f"{where} {key}"
    got = _shape(rec[key], len(shape), where)
    if got != shape:
        raise ValueError(f"{where}: expected shape {shape}, got {got}")
    flat = _flat(rec[key])
    _check_numbers(flat, where)
    return np.array(flat, dtype=np.float64).reshape(shape)


def _scalar(rec: dict, key: str, where: str) -> float:
    v = rec[key]
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError(f"{where} {key}: must be a number, got '{str(v)[:30]}'")
    _check_numbers([v], f"{where} {key}")
    return float(v)


def _fields(rec: object, i: int, name: str, keys: tuple[str, ...]) -> dict:
    where = f"layer {i} ({name})"
    if not isinstance(rec, dict):
        raise ValueError(f"layer {i}: each layer must be a JSON object")
    missing = [k for k in keys if k not in rec]
    extra = sorted(set(rec) - set(keys))
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    if extra:
        raise ValueError(f"{where}: unexpected field(s) {', '.join(map(str, extra))}")
    return rec


def _layer_values(i: int, rec: object, m: Module, cfg: ModelConfig) -> dict:
    """Validate one record against the module the config builds; the arrays/values to copy."""
    name = _type_name(m)
    got = rec.get("type") if isinstance(rec, dict) else None
    if got != name:
        raise ValueError(f"layer {i}: expected type {name} (from the config), got {got!r}")
    where = f"layer {i} ({name})"
    if isinstance(m, Linear):
        _fields(rec, i, name, ("type", "weight", "bias"))
        return {"weight": _array(rec, "weight", m.weight.data.shape, where),
                "bias": _array(rec, "bias", (m.out_features,), where)}
    if isinstance(m, BatchNorm1d):
        _fields(rec, i, name, ("type", *_BN_ARRAYS, "eps", "momentum"))
        out = {k: _array(rec, k, (m.num_features,), where) for k in _BN_ARRAYS}
        if (out["running_var"] < 0).any():
            raise ValueError(f"{where} running_var: a variance cannot be negative")
        out["eps"], out["momentum"] = _scalar(rec, "eps", where), _scalar(rec, "momentum", where)
        if not 0 < out["eps"] <= 1:
            raise ValueError(f"{where} eps: must be in (0, 1], got {out['eps']!r}")
        if not 0 <= out["momentum"] <= 1:
            raise ValueError(f"{where} momentum: must be in [0, 1], got {out['momentum']!r}")
        return out
    if isinstance(m, Dropout):
        _fields(rec, i, name, ("type", "p"))
        p = _scalar(rec, "p", where)
        if p != cfg.dropout:
            raise ValueError(f"{where} p: {p!r} does not match the config's dropout "
                             f"{cfg.dropout!r}")
        return {}
    _fields(rec, i, name, ("type",))
    return {}


def _validate(doc: dict) -> tuple[ModelConfig, tuple[str, ...], list[dict]]:
    """Check the parsed document; returns the config, feature names and per-layer values."""
    missing = [k for k in _TOP_KEYS if k not in doc]
    if "format" in missing:
        raise ValueError(f"not a model file: no format tag (expected {FORMAT!r})")
    if doc["format"] != FORMAT:
        raise ValueError(f"not a model file: format tag is '{str(doc['format'])[:40]}', "
                         f"expected {FORMAT!r}")
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > VERSION
        why = " (made by a newer version of the course)" if newer else ""
        raise ValueError(f"unsupported file version {str(version)[:20]}{why}; "
                         f"this app reads version {VERSION}")
    if missing:
        raise ValueError(f"model file is missing {', '.join(missing)}")
    extra = sorted(set(doc) - set(_TOP_KEYS) - {"class_names"})
    if extra:
        raise ValueError(f"model file has unexpected field(s) {', '.join(map(str, extra))}")
    try:
        config = ModelConfig.from_dict(doc["config"])
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bad config: {exc}") from None
    names = check_feature_names(doc["feature_names"], config.n_inputs)
    if "class_names" in doc:  # optional: files from before it was written still load
        check_class_names(doc["class_names"], config)
    layers = doc["layers"]
    if not isinstance(layers, list):
        raise ValueError("layers must be a list")
    # A throwaway model from the config tells what every record must be.
    ref = build_model(config, np.random.default_rng(0), np.random.default_rng(0)).layers
    if len(layers) != len(ref):
        raise ValueError(f"the file lists {len(layers)} layers but its config "
                         f"({' -> '.join(map(str, config.sizes))}) needs {len(ref)}")
    pairs = enumerate(zip(layers, ref, strict=True))
    values = [_layer_values(i, rec, m, config) for i, (rec, m) in pairs]
    return config, names, values


def _copy_into(model: Sequential, values: list[dict]) -> None:
    """Write validated numbers into a model built from the same config (in place, so an
    optimizer holding these Parameters keeps working)."""
    for m, v in zip(model.layers, values, strict=True):
        if isinstance(m, Linear):
            m.weight.data[...] = v["weight"]
            m.bias.data[...] = v["bias"]
        elif isinstance(m, BatchNorm1d):
            m.weight.data[...] = v["weight"]
            m.bias.data[...] = v["bias"]
            m.running_mean = v["running_mean"].copy()
            m.running_var = v["running_var"].copy()
            m.eps, m.momentum = v["eps"], v["momentum"]


def import_json(text: str | bytes) -> ImportedModel:
    """Parse and validate a model file; returns (config, model in eval mode, feature_names).
    Any problem raises ValueError with a specific message."""
    config, names, values = _validate(_load(text))
    rng = np.random.default_rng(config.seed)
    model = build_model(config, rng, rng)
    _copy_into(model, values)
    model.eval()
    return ImportedModel(config, model, names)


def import_into_trainer(text: str | bytes, data: TrainData) -> Trainer:
    """A fresh Trainer for the file's config and `data`, holding the file's weights, so
    training continues from them (epoch count and optimizer state start over)."""
    config, _names, values = _validate(_load(text))
    trainer = Trainer(config, data)
    _copy_into(trainer.model, values)
    # Trainer has no public "load weights" hook: refresh what __init__ derived from the
    # random initial weights (divergence snapshot, metrics, the epoch-0 history row).
    trainer.restart_from_current_weights()
    return trainer
