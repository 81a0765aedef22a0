"""The numbers a lesson talks about, computed from its preset by the same core functions the
tools use (forward_trace, network_trace, gradient_step, batch_trace, determinant).

A lesson file never types a result: its text says {z1} or {dW12}, its checkpoints name the
quantity that is the answer ("z1") and the quantities a known mistake would give ("sum1":
forgot the bias). This module turns a preset into that table of named floats.

Names (1-based, as the pages show them; sizes are at most 8, so "W12" is row 1, column 2):
  layer    n, m, weights, biases, params, W{i}{j}, x{j}, b{i}, prod{i}{j} (W_ij x_j),
           sum{i} (sum_j W_ij x_j), z{i}, a{i}, colsum{i}, colz{i} (square W: a column of W
           used instead of a row, i.e. W^T x, a common slip), det (2x2 W)
  loss     L, Lsum (the sum before dividing by n), t{i}, res{i} (mse: a - t), lterm{i}
           (what is summed), lr, dA{i} (dL/da_i), fprime{i}, delta{i}, dW{i}{j}, db{i}, dx{j},
           nofp_dW{i}{j} (dA_i x_j: forgot f'(z)), Wnew{i}{j}, bnew{i}, Wup{i}{j} (the wrong
           sign: W + lr dW), L_after (the loss after one step)
  layer 2  (W2, b2 given) y{k}, W2{k}{i}, b2{k}, WW{k}{j} (W2 W1), bb{k} (W2 b1 + b2),
           WWrev{i}{j} (W1 W2, the wrong order, when it exists); with a loss also
           delta2_{k}, dW2{k}{i}, up{i} (layer 2's gradient handed back to layer 1)
  batch    (X given) rows, X{r}{j}, Z{r}{i}, A{r}{i}, XW{r}{i} (X W^T without b: forgot the bias),
           bnmean{j}, bnvar{j} (the batch's mean and biased variance of column j of X),
           bn{r}{j} (BatchNorm1d in train mode, gamma 1, beta 0), bnu{r}{j} (the same with
           the unbiased variance: a common slip; PyTorch normalises with the biased one)
  penalty  sumsq (sum of W_ij^2, what L2 adds up), sumabs (sum of |W_ij|, L1's)
A train-only preset (a [train] table and no W) has no numbers. A preset for an /operations or
/concepts tool ([presets.NAME.batchnorm], .dropout, .penalty or .concepts) has the numbers
of core.course.lesson_ops.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..nn.activations import ACTIVATIONS
from ..nn.layers import BatchNorm1d
from ..trace.chain import Network, forward, network_trace
from ..trace.descent import gradient_step
from ..trace.geometry import determinant
from ..trace.loss_trace import LOSS_KINDS, check_target
from ..trace.trace import batch_trace, forward_trace
from .lesson_ops import TOOL_PAGES, ToolState, parse_tool_state, tool_quantities


@dataclass(frozen=True)
class LessonPreset:
    """The state a lesson step puts the tools in. W (n, m), x (m,), b (n,); optional second
    layer W2 (k, n), b2 (k,); optional loss with its target ((out,) numbers, or a class index
    for ce) and learning rate; optional batch X (rows, m); optional /train settings (a dict
    of TrainSettings fields, checked by the page that applies them)."""

    W: np.ndarray | None
    x: np.ndarray | None
    b: np.ndarray | None
    activation: str = "linear"
    W2: np.ndarray | None = None
    b2: np.ndarray | None = None
    loss: str | None = None
    target: np.ndarray | int | None = None
    lr: float = 0.01
    X: np.ndarray | None = None
    train: Mapping[str, object] | None = None
    tool: ToolState | None = None  # the /operations or /concepts state (core.course.lesson_ops)

    @property
    def net(self) -> Network:
        return Network(self.W, self.b, self.activation, self.W2, self.b2)


def _array(raw: object, ndim: int, what: str) -> np.ndarray:
    arr = np.asarray(raw, dtype=np.float64)
    if arr.ndim != ndim:
        raise ValueError(f"{what} must have {ndim} dimension(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} contains NaN or infinity")
    return arr


def parse_preset(raw: Mapping[str, object]) -> LessonPreset:
    """A preset table from a lesson file -> LessonPreset; ValueError says what is wrong."""
    known = {"W", "x", "b", "activation", "W2", "b2", "loss", "target", "lr", "X", "train",
             *TOOL_PAGES}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"unknown preset field(s) {', '.join(unknown)}")
    pages = [k for k in TOOL_PAGES if k in raw]
    if pages:
        if len(raw) != 1:
            raise ValueError(f"a {pages[0]} preset has only its [{pages[0]}] table")
        return LessonPreset(None, None, None, tool=parse_tool_state(pages[0], raw[pages[0]]))
    train = raw.get("train")
    if train is not None and not isinstance(train, Mapping):
        raise ValueError("train must be a table of /train settings")
    if train is not None and not set(raw) & {"W", "x", "b"}:
        if set(raw) - {"train"}:
            raise ValueError("a train-only preset has only a [train] table")
        return LessonPreset(None, None, None, train=train)
    for need in ("W", "x", "b"):
        if need not in raw:
            raise ValueError(f"a preset needs {need}")
    W, x, b = _array(raw["W"], 2, "W"), _array(raw["x"], 1, "x"), _array(raw["b"], 1, "b")
    act = str(raw.get("activation", "linear"))
    if act not in ACTIVATIONS:
        raise ValueError(f"unknown activation {act!r}")
    W2 = _array(raw["W2"], 2, "W2") if "W2" in raw else None
    b2 = _array(raw["b2"], 1, "b2") if "b2" in raw else None
    loss = raw.get("loss")
    target = None
    if loss is not None:
        if loss not in LOSS_KINDS:
            raise ValueError(f"unknown loss {loss!r}")
        out = (W2 if W2 is not None else W).shape[0]
        target = check_target(str(loss), raw.get("target"), out)
    X = _array(raw["X"], 2, "X") if "X" in raw else None
    preset = LessonPreset(W, x, b, act, W2, b2, loss, target, float(raw.get("lr", 0.01)), X,
                          train)
    preset.net  # noqa: B018 - checks W2's shape against W
    forward_trace(W, x, b, act)  # checks the shapes fit
    if X is not None and X.shape[1] != W.shape[1]:
        raise ValueError(f"X must have {W.shape[1]} columns, got {X.shape[1]}")
    return preset


def _matrix(out: dict[str, float], name: str, M: np.ndarray) -> None:
    for i, row in enumerate(np.atleast_2d(M)):
        for j, v in enumerate(row):
            out[f"{name}{i + 1}{j + 1}"] = float(v)


def _vector(out: dict[str, float], name: str, v: Sequence[float]) -> None:
    for i, value in enumerate(v):
        out[f"{name}{i + 1}"] = float(value)


def quantities(p: LessonPreset) -> dict[str, float]:
    """Every named number of the preset (see the module docstring)."""
    out: dict[str, float] = {}
    if p.tool is not None:
        return tool_quantities(p.tool)
    if p.W is None:
        return out
    trace = forward_trace(p.W, p.x, p.b, p.activation)
    n, m = p.W.shape
    out.update(n=n, m=m, weights=n * m, biases=n, params=n * m + n)
    _matrix(out, "W", p.W)
    _vector(out, "x", p.x)
    _vector(out, "b", p.b)
    for o in trace.outputs:
        for t in o.terms:
            out[f"prod{o.i + 1}{t.j + 1}"] = t.product
        out[f"sum{o.i + 1}"] = o.weighted_sum
        out[f"z{o.i + 1}"] = o.z
        out[f"a{o.i + 1}"] = o.a
    if n == m:  # the column-instead-of-row slip: (W^T x + b)_i
        wrong = forward_trace(p.W.T, p.x, p.b, "linear")
        for o in wrong.outputs:
            out[f"colsum{o.i + 1}"] = o.weighted_sum
            out[f"colz{o.i + 1}"] = o.z
    if p.W.shape == (2, 2):
        out["det"] = determinant(p.W)
    out["sumsq"] = float(np.sum(p.W**2))
    out["sumabs"] = float(np.sum(np.abs(p.W)))
    if p.W2 is not None:
        _second_layer(out, p)
    if p.loss is not None:
        _gradients(out, p)
    if p.X is not None:
        bt = batch_trace(p.W, p.X, p.b, p.activation)
        out["rows"] = p.X.shape[0]
        _matrix(out, "X", p.X)
        _matrix(out, "Z", bt.Z)
        _matrix(out, "A", bt.A)
        _matrix(out, "XW", [[o.weighted_sum for o in row.outputs] for row in bt.rows])
        _batch_norm(out, p.X)
    return out


def _batch_norm(out: dict[str, float], X: np.ndarray) -> None:
    """The numbers of BatchNorm1d over the batch X, from the module the trainer uses."""
    if X.shape[0] < 2:
        return
    bn = BatchNorm1d(X.shape[1])
    bn.train()
    _matrix(out, "bn", bn.forward(X))
    _vector(out, "bnmean", X.mean(axis=0))
    _vector(out, "bnvar", X.var(axis=0))
    _matrix(out, "bnu", (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0, ddof=1) + bn.eps))


def _second_layer(out: dict[str, float], p: LessonPreset) -> None:
    _matrix(out, "W2", p.W2)
    _vector(out, "b2", p.b2)
    _vector(out, "y", forward(p.net, p.x))
    # Without an activation, W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2): one layer.
    _matrix(out, "WW", p.W2 @ p.W)
    _vector(out, "bb", p.W2 @ p.b + p.b2)
    if p.W.shape[1] == p.W2.shape[0]:
        _matrix(out, "WWrev", p.W @ p.W2)


def _gradients(out: dict[str, float], p: LessonPreset) -> None:
    trace = network_trace(p.net, p.x, p.loss, p.target)
    lt = trace.loss
    out["L"] = lt.value
    out["Lsum"] = lt.total
    _vector(out, "t", lt.target)
    _vector(out, "lterm", lt.terms)
    if lt.residual is not None:
        _vector(out, "res", lt.residual)
    out["lr"] = p.lr
    _vector(out, "fprime", trace.back1.fprime)
    _vector(out, "delta", trace.back1.delta)
    _matrix(out, "dW", trace.back1.dW)
    _vector(out, "db", trace.back1.db)
    _vector(out, "dx", trace.back1.dx)
    _vector(out, "dA", trace.back1.dA)  # from the loss, or handed back by layer 2
    _matrix(out, "nofp_dW", np.outer(trace.back1.dA, p.x))
    if trace.back2 is not None:
        _vector(out, "delta2_", trace.back2.delta)
        _matrix(out, "dW2", trace.back2.dW)
        _vector(out, "up", trace.back2.dx)
    step = gradient_step(p.net, p.x, p.loss, p.target, p.lr)
    if step.after is not None:
        _matrix(out, "Wnew", step.after.W)
        _vector(out, "bnew", step.after.b)
        out["L_after"] = float(step.loss_after)
    _matrix(out, "Wup", p.W + p.lr * step.grads["W"])
