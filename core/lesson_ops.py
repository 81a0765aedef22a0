"""Lesson presets for the /operations and /concepts tools, and the numbers a lesson's text
says about them, computed by the same core traces the pages draw (core.ops_batchnorm,
core.ops_dropout, core.ops_penalty, core.concepts). No Streamlit here.

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

Quantity names (1-based, as the pages show them):
  batchnorm  bnrows, bnx{r}{j}, bnmean{j}, bnvar{j} (biased, what normalises in train mode),
             bnuvar{j} (unbiased), bnxhat{r}{j} and bny{r}{j} (in the preset's mode),
             bntrain{r}{j} / bneval{r}{j} (y in each mode), bnuhat{r}{j} (x̂ with the unbiased
             variance: a common slip), gamma{j}, beta{j}, rmean{j}, rvar{j}, eps
  dropout    p, keep (1 − p), doscale (1/(1 − p)), dox{j} (row 1), doy{j} (row 1, this seed),
             dokept (units kept), dounits, doup{j} (x_j/(1 − p): a kept unit), dodown{j}
             (x_j·(1 − p): the old, non-inverted scaling), dodrop{j} (x_j·p)
  penalty    lam, plr, pW{i}{j}, pz{i}, pdata (MSE), psum (Σ|w| or Σw²), ppen (the penalty),
             ptotal, pdgrad{i}{j} (∂L_data/∂w), ppgrad{i}{j} (the penalty's gradient),
             ptgrad{i}{j}, pwith{i}{j} / pwithout{i}{j} (after one step), pzeros (exact zeros
             after the step with the penalty), pl1grad{i}{j} (λ·sign w), pl2grad{i}{j} (λ·w),
             psumsq, psumabs, pl1pen (λ·Σ|w|), pl2pen ((λ/2)·Σw²), pl2full (λ·Σw²: L2
             without its ½)
  rnn        Wih{i}{j}, bih{i}, Whh{i}{j}, bhh{i}, xs{t}{j}, h0{i}, rnninp{t}{i} (W_ih x_t +
             b_ih), rnnrec{t}{i} (W_hh h_(t-1) + b_hh), rnnpre{t}{i} (their sum), h{t}{i},
             rnnstale{t}{i} (h_t computed with h_0 instead of h_(t-1): a common slip),
             rnnsteps (stepper positions)
  cnn        side, img{r}{c}, score{k}, prob{k} (per cent), cnnweights, cnnbiases, cnnparams,
             convrow, convcol, convin{c} (the pixel's channels), conv{o} (out channel o at
             the pixel), convsum{o} (the same without the bias), convW{o}{c}, convb{o},
             convcin, convcout (the convolution's channels)
  transformer tokX{t}{j}, Q{t}{i}, K{t}{i}, V{t}{i}, XWQ{t}{i} (X W_Qᵀ without b_Q), WQ{i}{j},
             bQ{i}, mlp{t}{j}, mlpweights, mlpbiases, mlpparams, seed, dmodel, dmlp,
             mlp1w, mlp1b, mlp2w, mlp2b (the MLP's two layers' weights and biases)
  collapse   cW{i}{j} (W2 W1), cb{i} (W2 b1 + b2), ctwo{i} (the two layers at x), cone{i}
             (W x + b), cdiff (largest difference)
  xor        xorright (points right of 4)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .concepts import (
    CONV_B,
    CONV_W,
    IMAGE_PRESETS,
    collapse_trace,
    conv_trace,
    default_weights,
    head_trace,
    one_neuron,
    rnn_unroll,
    transformer_trace,
)
from .concepts.transformer import D_MLP, D_MODEL
from .ops_batchnorm import batchnorm_trace
from .ops_dropout import MAX_MASKS, dropout_trace
from .ops_penalty import KINDS, MAX_LAMBDA, MAX_LR, MAX_PATH_STEPS, penalty_trace

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


# -- the numbers ----------------------------------------------------------------------------
def _matrix(out: dict[str, float], name: str, M) -> None:
    for i, row in enumerate(np.atleast_2d(np.asarray(M, dtype=np.float64))):
        for j, v in enumerate(row):
            out[f"{name}{i + 1}{j + 1}"] = float(v)


def _vector(out: dict[str, float], name: str, v) -> None:
    for i, value in enumerate(np.asarray(v, dtype=np.float64).reshape(-1)):
        out[f"{name}{i + 1}"] = float(value)


def _bn_numbers(s: ToolState) -> dict[str, float]:
    a, st = s.arrays, s.settings
    out: dict[str, float] = {"bnrows": a["X"].shape[0], "eps": st["eps"]}
    args = (a["X"], a["gamma"], a["beta"], a["rmean"], a["rvar"])
    train = batchnorm_trace(*args, True, st["momentum"], st["eps"])
    evals = batchnorm_trace(*args, False, st["momentum"], st["eps"])
    here = train if st["mode"] == "train" else evals
    _matrix(out, "bnx", a["X"])
    for name in ("gamma", "beta", "rmean", "rvar"):
        _vector(out, name, a[name])
    if train.refusal is None:
        _vector(out, "bnmean", [f.batch_mean for f in train.features])
        _vector(out, "bnvar", [f.batch_var for f in train.features])
        _vector(out, "bnuvar", [f.unbiased_var for f in train.features])
        _matrix(out, "bntrain", train.Y)
        unbiased = np.array([f.unbiased_var for f in train.features])
        _matrix(out, "bnuhat", (a["X"] - a["X"].mean(axis=0)) / np.sqrt(unbiased + st["eps"]))
    _matrix(out, "bneval", evals.Y)
    if here.refusal is None:
        _matrix(out, "bnxhat", np.column_stack([f.x_hat for f in here.features]))
        _matrix(out, "bny", here.Y)
    return out


def _dropout_numbers(s: ToolState) -> dict[str, float]:
    X, st = s.arrays["X"], s.settings
    p = st["p"]
    t = dropout_trace(X, p, st["seed"], st["mode"] == "train")
    out: dict[str, float] = {"p": p, "keep": 1 - p, "doscale": 1 / (1 - p),
                             "dokept": t.kept, "dounits": X.size}
    _vector(out, "dox", X[0])
    _vector(out, "doy", t.Y[0])
    _vector(out, "doup", X[0] / (1 - p))
    _vector(out, "dodown", X[0] * (1 - p))
    _vector(out, "dodrop", X[0] * p)
    return out


def _penalty_numbers(s: ToolState) -> dict[str, float]:
    a, st = s.arrays, s.settings
    t = penalty_trace(a["W"], a["b"], a["x"], a["t"], st["lambda"], st["kind"], st["lr"])
    W, lam = a["W"], st["lambda"]
    out: dict[str, float] = {"lam": lam, "plr": st["lr"], "pdata": t.data_loss,
                             "psum": t.term_sum, "ppen": t.penalty, "ptotal": t.total,
                             "pzeros": t.zeros_with, "psumsq": float(np.sum(W**2)),
                             "psumabs": float(np.sum(np.abs(W))),
                             "pl2full": float(lam * np.sum(W**2)),
                             "pl1pen": float(lam * np.sum(np.abs(W))),
                             "pl2pen": float(lam / 2 * np.sum(W**2))}
    _matrix(out, "pW", W)
    _vector(out, "pz", t.z)
    for w in t.terms:
        ij = f"{w.i + 1}{w.j + 1}"
        out[f"pdgrad{ij}"], out[f"ppgrad{ij}"] = w.data_grad, w.penalty_grad
        out[f"ptgrad{ij}"] = w.total_grad
        out[f"pwith{ij}"], out[f"pwithout{ij}"] = w.with_penalty, w.without
    _matrix(out, "pl1grad", lam * np.sign(W))
    _matrix(out, "pl2grad", lam * W)
    return out


def _rnn_numbers(a: Mapping[str, np.ndarray]) -> dict[str, float]:
    t = rnn_unroll(a["W_ih"], a["b_ih"], a["W_hh"], a["b_hh"], a["xs"], a["h0"])
    out: dict[str, float] = {"rnnsteps": t.total_positions}
    for name, key in (("Wih", "W_ih"), ("Whh", "W_hh"), ("xs", "xs")):
        _matrix(out, name, a[key])
    for name, key in (("bih", "b_ih"), ("bhh", "b_hh"), ("h0", "h0")):
        _vector(out, name, a[key])
    for step in t.steps:
        _vector(out, f"rnninp{step.t}", step.input_part.z)
        _vector(out, f"rnnrec{step.t}", step.hidden_part.z)
        _vector(out, f"rnnpre{step.t}", step.pre)
        _vector(out, f"h{step.t}", step.h)
        # The slip: the previous state taken as h_0 at every step (the recurrence forgotten).
        stale = rnn_unroll(a["W_ih"], a["b_ih"], a["W_hh"], a["b_hh"],
                           a["xs"][step.t - 1:step.t], a["h0"])
        _vector(out, f"rnnstale{step.t}", stale.steps[0].h)
    return out


def _cnn_numbers(a: Mapping[str, np.ndarray], settings: Mapping) -> dict[str, float]:
    h = head_trace(a["image"])
    row, col = settings["pixel"]
    c = conv_trace(a["image"], row, col)
    n_out, n_in = len(h.scores.outputs), h.flat.size  # Linear(16, 3)
    out: dict[str, float] = {"cnnweights": n_out * n_in, "cnnbiases": n_out,
                             "cnnparams": n_out * n_in + n_out, "cnnin": n_in,
                             "cnnout": n_out, "convrow": row + 1, "convcol": col + 1,
                             "convcin": CONV_W.shape[1], "convcout": CONV_W.shape[0],
                             "side": a["image"].shape[0]}
    _matrix(out, "img", a["image"])
    _vector(out, "score", h.scores.z)
    _vector(out, "prob", 100 * h.probabilities)
    _vector(out, "convin", c.feature[:, row, col])
    _vector(out, "conv", c.pixel_trace.z)
    _vector(out, "convsum", [o.weighted_sum for o in c.pixel_trace.outputs])
    _matrix(out, "convW", CONV_W)
    _vector(out, "convb", CONV_B)
    return out


def _transformer_numbers(a: Mapping[str, np.ndarray], settings: Mapping) -> dict[str, float]:
    w = default_weights(int(settings["seed"]))
    t = transformer_trace(a["X"], w)
    out: dict[str, float] = {"seed": settings["seed"],
                             "mlpweights": 2 * D_MODEL * D_MLP,
                             "mlpbiases": D_MLP + D_MODEL,
                             "mlpparams": 2 * D_MODEL * D_MLP + D_MLP + D_MODEL,
                             "dmodel": D_MODEL, "dmlp": D_MLP, "mlp1w": D_MLP * D_MODEL,
                             "mlp1b": D_MLP, "mlp2w": D_MODEL * D_MLP, "mlp2b": D_MODEL}
    _matrix(out, "tokX", t.X)
    for p in ("Q", "K", "V"):
        _matrix(out, p, getattr(t, p))
    _matrix(out, "XWQ", [[o.weighted_sum for o in tr.outputs] for tr in t.token_traces["Q"]])
    _matrix(out, "WQ", w["W_Q"])
    _vector(out, "bQ", w["b_Q"])
    _matrix(out, "mlp", t.mlp)
    return out


def _collapse_numbers(a: Mapping[str, np.ndarray], settings: Mapping) -> dict[str, float]:
    t = collapse_trace(a["W1"], a["b1"], a["W2"], a["b2"], a["x"], settings["act"])
    out: dict[str, float] = {"cdiff": t.max_difference}
    _matrix(out, "cW", t.W)
    _vector(out, "cb", t.b)
    _vector(out, "ctwo", t.layer2.z)
    _vector(out, "cone", t.single.z)
    return out


def tool_quantities(s: ToolState) -> dict[str, float]:
    """Every named number of a tool preset (see the module docstring)."""
    if s.kind == "batchnorm":
        return _bn_numbers(s)
    if s.kind == "dropout":
        return _dropout_numbers(s)
    if s.kind == "penalty":
        return _penalty_numbers(s)
    topic = s.settings["topic"]
    if topic == "rnn":
        return _rnn_numbers(s.arrays)
    if topic == "cnn":
        return _cnn_numbers(s.arrays, s.settings)
    if topic == "transformer":
        return _transformer_numbers(s.arrays, s.settings)
    if topic == "collapse":
        return _collapse_numbers(s.arrays, s.settings)
    r = one_neuron(s.arrays["w"], s.arrays["bias"].reshape(-1)[0])
    return {"xorright": r.correct}


__all__ = ["TOOL_PAGES", "ToolState", "parse_tool_state", "tool_quantities"]
