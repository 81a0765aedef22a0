"""The numbers a lesson's text and checkpoints quote about an /operations or /concepts preset
(core.course.lesson_ops.ToolState), computed by the same core traces the pages draw.

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
from typing import TYPE_CHECKING

import numpy as np

from ..concepts import (
    CONV_B,
    CONV_W,
    collapse_trace,
    conv_trace,
    default_weights,
    head_trace,
    one_neuron,
    rnn_unroll,
    transformer_trace,
)
from ..concepts.transformer import D_MLP, D_MODEL
from ..trace.ops_batchnorm import batchnorm_trace
from ..trace.ops_dropout import dropout_trace
from ..trace.ops_penalty import penalty_trace

if TYPE_CHECKING:
    from .lesson_ops import ToolState


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
