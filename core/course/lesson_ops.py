"""Lesson presets for the /operations and /concepts tools: each table is checked (shapes,
ranges, names) and run through the page's own core trace once (core.trace.ops_batchnorm,
core.trace.ops_dropout, core.trace.ops_penalty, core.concepts), so a bad file fails the schema
test. No Streamlit here.

A preset table names the page it sets, with the page's link vocabulary (the names in an
/operations or /concepts link), so a teacher learns one set of names:

    [presets.NAME.batchnorm]  X (rows, features); gamma, beta, rmean, rvar (features,);
                              mode ("train" | "eval"), momentum, eps
    [presets.NAME.dropout]    x (units,) or X (rows, units); p, seed, mode, n (masks)
    [presets.NAME.penalty]    W (n, m), b (n,), x (m,), t (n,), kind ("l1" | "l2"), lambda;
                              lr, steps, start (w1, w2)
    [presets.NAME.concepts]   topic ("collapse" | "xor" | "cnn" | "rnn" | "transformer") and
                              every array of that topic (image may be a preset's name);
                              act (collapse), seed (transformer), pixel = [row, col] (cnn)

Anything optional takes PyTorch's default (gamma 1, beta 0, running mean 0, running var 1,
momentum 0.1, eps 1e-5) or the page's (p 0.5, seed 0, lr 0.1, ...). Every array of a preset is
written out in full when it is applied, so a step never depends on what the learner did on
the page before.

The numbers each preset gives a lesson's text: core.course.lesson_ops_numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..concepts import IMAGE_PRESETS
from ..trace.ops_dropout import MAX_MASKS
from ..trace.ops_penalty import KINDS, MAX_LAMBDA, MAX_LR, MAX_PATH_STEPS
from .lesson_ops_numbers import tool_quantities

TOOL_PAGES = ("batchnorm", "dropout", "penalty", "concepts")
MODES = ("train", "eval")
MAX_P = 0.95  # as /operations (ui.operations.state.MAX_P; a test checks they agree)
MAX_DROPOUT_SEED = 99_999
MAX_TRANSFORMER_SEED = 9999
MAX_FEATURES = 6
COLLAPSE_ACTS = ("linear", "relu", "tanh")  # as ui.concepts.state.COLLAPSE_ACTS
TOPIC_ARRAYS = {  # as ui.concepts.state.TOPIC_ARRAYS (a test checks they agree)
    "collapse": ("W1", "b1", "W2", "b2", "x"),
    "xor": ("w", "bias"),
    "cnn": ("image",),
    "rnn": ("W_ih", "b_ih", "W_hh", "b_hh", "xs", "h0"),
    "transformer": ("X",),
}
TOPIC_SETTINGS = {"collapse": {"act": "linear"}, "cnn": {"pixel": (0, 1)},
                  "transformer": {"seed": 0}, "xor": {}, "rnn": {}}


@dataclass(frozen=True)
class ToolState:
    """What a preset puts in an /operations or /concepts tool: the page (`kind`), its arrays
    (complete, link names) and its settings (complete, link names; for concepts also
    "topic")."""

    kind: str
    arrays: Mapping[str, np.ndarray] = field(default_factory=dict)
    settings: Mapping[str, object] = field(default_factory=dict)


def _array(raw: object, ndim: int | tuple[int, ...], what: str) -> np.ndarray:
    arr = np.asarray(raw, dtype=np.float64)
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if arr.ndim not in allowed:
        raise ValueError(f"{what} must have {' or '.join(map(str, allowed))} dimension(s), "
                         f"got shape {arr.shape}")
    if arr.size == 0 or not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} must be finite numbers")
    return arr


def _number(raw: object, what: str, low: float, high: float, low_open: bool = False) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"{what} must be a number")
    v = float(raw)
    if not (low < v if low_open else low <= v) or v > high:
        raise ValueError(f"{what} must be {'above' if low_open else 'from'} {low:g} "
                         f"{'and at most' if low_open else 'to'} {high:g}, got {v:g}")
    return v


def _whole(raw: object, what: str, low: int, high: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}")
    return int(raw)


def _choice(raw: object, what: str, options: tuple[str, ...]) -> str:
    if raw not in options:
        raise ValueError(f"{what} must be one of {', '.join(options)}, got {raw!r}")
    return str(raw)


def _known(raw: Mapping, allowed: set[str], what: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ValueError(f"unknown {what} field(s) {', '.join(unknown)}")


def _per_feature(raw: Mapping, name: str, F: int, default: float) -> np.ndarray:
    if name not in raw:
        return np.full(F, default)
    v = _array(raw[name], 1, name)
    if v.size != F:
        raise ValueError(f"{name} needs {F} entries (one per feature), got {v.size}")
    return v


def _batchnorm(raw: Mapping) -> ToolState:
    _known(raw, {"X", "gamma", "beta", "rmean", "rvar", "mode", "momentum", "eps"}, "batchnorm")
    if "X" not in raw:
        raise ValueError("a batchnorm preset needs X")
    X = _array(raw["X"], 2, "X")
    if X.shape[1] > MAX_FEATURES:
        raise ValueError(f"X has {X.shape[1]} features; at most {MAX_FEATURES} fit")
    F = X.shape[1]
    arrays = {"X": X, "gamma": _per_feature(raw, "gamma", F, 1.0),
              "beta": _per_feature(raw, "beta", F, 0.0),
              "rmean": _per_feature(raw, "rmean", F, 0.0),
              "rvar": _per_feature(raw, "rvar", F, 1.0)}
    if np.any(arrays["rvar"] < 0):
        raise ValueError("rvar must be 0 or more (a variance)")
    settings = {"mode": _choice(raw.get("mode", "train"), "mode", MODES),
                "momentum": _number(raw.get("momentum", 0.1), "momentum", 0.0, 1.0),
                "eps": _number(raw.get("eps", 1e-5), "eps", 1e-12, 1.0)}
    return ToolState("batchnorm", arrays, settings)


def _dropout(raw: Mapping) -> ToolState:
    _known(raw, {"x", "X", "p", "seed", "mode", "n"}, "dropout")
    if ("x" in raw) == ("X" in raw):
        raise ValueError("a dropout preset needs x (one row) or X (a batch), not both")
    X = (_array(raw["x"], 1, "x").reshape(1, -1) if "x" in raw else _array(raw["X"], 2, "X"))
    settings = {"p": _number(raw.get("p", 0.5), "p", 0.0, MAX_P),
                "seed": _whole(raw.get("seed", 0), "seed", 0, MAX_DROPOUT_SEED),
                "mode": _choice(raw.get("mode", "train"), "mode", MODES),
                "n": _whole(raw.get("n", 200), "n", 1, MAX_MASKS)}
    return ToolState("dropout", {"X": X}, settings)


def _penalty(raw: Mapping) -> ToolState:
    _known(raw, {"W", "b", "x", "t", "kind", "lambda", "lr", "steps", "start"}, "penalty")
    for need in ("W", "b", "x", "t", "kind", "lambda"):
        if need not in raw:
            raise ValueError(f"a penalty preset needs {need}")
    W = _array(raw["W"], 2, "W")
    n, m = W.shape
    arrays = {"W": W}
    for name, size in (("b", n), ("x", m), ("t", n)):
        v = _array(raw[name], 1, name)
        if v.size != size:
            raise ValueError(f"{name} needs {size} entries, got {v.size}")
        arrays[name] = v
    start = _array(raw.get("start", [-1.0, 2.0]), 1, "start")
    if start.size != 2:
        raise ValueError("start needs 2 numbers (w1, w2)")
    arrays["start"] = start
    settings = {"kind": _choice(raw["kind"], "kind", KINDS),
                "lambda": _number(raw["lambda"], "lambda", 0.0, MAX_LAMBDA),
                "lr": _number(raw.get("lr", 0.1), "lr", 0.0, MAX_LR, low_open=True),
                "steps": _whole(raw.get("steps", 40), "steps", 1, MAX_PATH_STEPS)}
    return ToolState("penalty", arrays, settings)


def _concepts(raw: Mapping) -> ToolState:
    topic = _choice(raw.get("topic"), "topic", tuple(TOPIC_ARRAYS))
    names = TOPIC_ARRAYS[topic]
    _known(raw, {"topic", *names, *TOPIC_SETTINGS[topic]}, f"concepts ({topic})")
    arrays = {}
    for name in names:
        if name not in raw:
            raise ValueError(f"a concepts preset on {topic} needs {name}")
        value = raw[name]
        if name == "image" and isinstance(value, str):
            if value not in IMAGE_PRESETS:
                raise ValueError(f"image must be numbers or one of {', '.join(IMAGE_PRESETS)}")
            value = IMAGE_PRESETS[value]
        arrays[name] = _array(value, (1, 2), name)
    settings: dict[str, object] = {"topic": topic, **TOPIC_SETTINGS[topic]}
    if "act" in raw:
        settings["act"] = _choice(raw["act"], "act", COLLAPSE_ACTS)
    if "seed" in raw:
        settings["seed"] = _whole(raw["seed"], "seed", 0, MAX_TRANSFORMER_SEED)
    if "pixel" in raw:
        pixel = raw["pixel"]
        if not isinstance(pixel, list) or len(pixel) != 2:
            raise ValueError("pixel must be [row, column], each 1 to 4")
        settings["pixel"] = tuple(_whole(v, "pixel", 1, 4) - 1 for v in pixel)
    state = ToolState("concepts", arrays, settings)
    tool_quantities(state)  # the topic's own trace checks every shape
    return state


PARSERS = {"batchnorm": _batchnorm, "dropout": _dropout, "penalty": _penalty,
           "concepts": _concepts}


def parse_tool_state(kind: str, raw: object) -> ToolState:
    if not isinstance(raw, Mapping):
        raise ValueError(f"{kind} must be a table")
    state = PARSERS[kind](raw)
    if kind != "concepts":
        tool_quantities(state)  # the core's trace checks what the table alone cannot
    return state


__all__ = ["TOOL_PAGES", "ToolState", "parse_tool_state", "tool_quantities"]
