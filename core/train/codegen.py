"""Code generation: a model as a self-contained NumPy or PyTorch snippet with its exact weights.

Weights are written as Python float literals (repr round-trips a float64 exactly), so the
snippet computes what the course's model computes. Nothing a user typed reaches the code except
feature names, and those only as repr() string literals after check_feature_names().
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np

from ..nn.activations import Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from ..nn.layers import BatchNorm1d, Dropout, Sequential
from ..nn.linear import Linear
from ..nn.module import Module
from .codegen_names import (
    check_class_names,
    check_feature_names,
    default_class_names,
    default_feature_names,
)
from .model_config import ModelConfig

LINE = 100

# What predict(X) returns, by (task, loss); quoted in both snippets' docstrings.
_RETURNS = {
    "binary": "P(class 1) for each row, shape (batch,) (class 1 is CLASS_NAMES[1])",
    "multiclass": "class probabilities, shape (batch, n_classes), column k: CLASS_NAMES[k]",
    "regression": "the predicted value for each row, shape (batch,)",
}


def _class_lines(cfg: ModelConfig, class_names: Sequence[str] | None) -> list[str]:
    """The CLASS_NAMES constant that says which class each output column is."""
    if cfg.task == "regression":
        return []
    names = check_class_names(
        default_class_names(cfg) if class_names is None else class_names, cfg)
    why = ("# column k of predict(X) is the probability of class CLASS_NAMES[k]"
           if cfg.task == "multiclass" else
           "# predict(X) is the probability of class CLASS_NAMES[1] (not CLASS_NAMES[0])")
    return [why, f"CLASS_NAMES = {names!r}", ""]


def _resolve(
    source: object, config: ModelConfig | None, feature_names: Sequence[str] | None
) -> tuple[list[Module], ModelConfig, tuple[str, ...]]:
    """Accept a Trainer (or anything with .model and .config, e.g. an ImportedModel) or a
    Sequential plus its config."""
    model = getattr(source, "model", source)
    cfg = config if config is not None else getattr(source, "config", None)
    if not isinstance(model, Sequential):
        raise TypeError("expected a Trainer, an ImportedModel or a Sequential")
    if not isinstance(cfg, ModelConfig):
        raise TypeError("a Sequential needs its ModelConfig (config=...)")
    if feature_names is None:
        feature_names = getattr(source, "feature_names", None)
    names = check_feature_names(
        feature_names if feature_names is not None else default_feature_names(cfg.n_inputs),
        cfg.n_inputs,
    )
    first = model.layers[0] if model.layers else None
    if not isinstance(first, Linear) or first.in_features != cfg.n_inputs:
        raise ValueError(f"the model must start with a Linear layer taking {cfg.n_inputs} inputs")
    return model.layers, cfg, names


def _num(v: float) -> str:
    v = float(v)
    if not np.isfinite(v):
        raise ValueError(f"cannot write {v} as a weight: export needs finite numbers")
    return repr(v)


def _literal(a: np.ndarray, indent: int, used: int) -> str:
    """Nested-list literal of a 1-D or 2-D array, wrapped to the line limit. indent: the
    column its line starts at (closing brackets line up with it); used: the other characters
    on that line (code before and after the literal)."""
    a = np.asarray(a, dtype=np.float64)
    pad = " " * (indent + 4)
    if a.ndim == 1:
        flat = ", ".join(_num(v) for v in a)
        if indent + used + len(flat) + 2 <= LINE:
            return f"[{flat}]"
        lines = textwrap.wrap(flat, LINE - len(pad), break_long_words=False,
                              break_on_hyphens=False)
        return "[\n" + "\n".join(pad + line for line in lines) + "\n" + " " * indent + "]"
    rows = [pad + _literal(row, indent + 4, 1) + "," for row in a]
    return "[\n" + "\n".join(rows) + "\n" + " " * indent + "]"


def _call(prefix: str, a: np.ndarray, suffix: str) -> str:
    """prefix + literal + suffix, e.g. 'W0 = np.array(' + [[...]] + ')'."""
    indent = len(prefix) - len(prefix.lstrip(" "))
    return prefix + _literal(a, indent, len(prefix) - indent + len(suffix)) + suffix


def _describe(layers: list[Module], cfg: ModelConfig) -> str:
    acts = ", ".join(cfg.activations) or "none"
    text = (
        f"Architecture: {' -> '.join(str(s) for s in cfg.sizes)} "
        f"(hidden activations: {acts}); task: {cfg.task}, loss: {cfg.loss}; "
        f"batch norm: {'yes' if cfg.batch_norm else 'no'}; "
        f"dropout: {cfg.dropout!r}{' (identity at inference)' if cfg.dropout else ''}."
    )
    return textwrap.fill(text, LINE - 4)


def _docstring(layers: list[Module], cfg: ModelConfig, needs: str) -> list[str]:
    n = cfg.n_inputs
    return [
        '"""Eval-mode forward pass of a network exported from the Linear Layer course.',
        "",
        f"Needs only {needs}. Weights are exact float64 literals.",
        _describe(layers, cfg),
        "",
        textwrap.fill(
            f"predict(X): X has shape (batch, {n}), columns in the order of FEATURE_NAMES "
            f"(one sample of shape ({n},) counts as a batch of one). "
            f"Returns {_RETURNS[cfg.task]}.", LINE - 4,
        ),
        '"""',
    ]


def _np_layer(i: int, m: Module, consts: list[str], body: list[str]) -> None:
    """Append layer i's constants (module level) and its forward line (inside predict)."""
    if isinstance(m, Linear):
        consts.append(f"# layer {i}: Linear({m.in_features}, {m.out_features}), y = h W^T + b")
        consts.append(_call(f"W{i} = np.array(", m.weight.data, ")"))
        if m.bias is not None:
            consts.append(_call(f"b{i} = np.array(", m.bias.data, ")"))
            body.append(f"h = h @ W{i}.T + b{i}")
        else:
            body.append(f"h = h @ W{i}.T")
    elif isinstance(m, BatchNorm1d):
        consts.append(f"# layer {i}: BatchNorm1d({m.num_features}) in eval mode: running stats")
        for name, arr in (("gamma", m.weight.data), ("beta", m.bias.data),
                          ("mean", m.running_mean), ("var", m.running_var)):
            consts.append(_call(f"{name}{i} = np.array(", arr, ")"))
        consts.append(f"eps{i} = {_num(m.eps)}")
        # Same order of operations as core.BatchNorm1d, so results agree to the last bit or so.
        body.append(f"h = (h - mean{i}) * (1.0 / np.sqrt(var{i} + eps{i})) * gamma{i} + beta{i}")
    elif isinstance(m, Tanh):
        body.append("h = np.tanh(h)")
    elif isinstance(m, ReLU):
        body.append("h = np.maximum(h, 0.0)")
    elif isinstance(m, LeakyReLU):
        body.append(f"h = np.where(h > 0, h, {_num(m.negative_slope)} * h)")
    elif isinstance(m, Sigmoid):
        body.append("h = _sigmoid(h)")
    elif isinstance(m, Softmax):
        body.append("h = _softmax(h)")
    elif isinstance(m, Identity):
        body.append("# Identity: h unchanged")
    elif isinstance(m, Dropout):
        body.append(f"# Dropout(p={_num(m.p)}): the identity at inference, so omitted")
    else:
        raise ValueError(f"cannot generate code for layer {i} ({type(m).__name__})")


_NP_HELPERS = '''

def _sigmoid(z):
    """1 / (1 + e^-z), exponentiating only -|z| so large |z| cannot overflow."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softmax(z):
    """Row-wise softmax; subtracting the row max keeps exp from overflowing."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
'''


def _np_output(cfg: ModelConfig) -> str:
    """The return expression: BCE/CE models output logits, so apply sigmoid/softmax here;
    MSE classifiers already end in Sigmoid/Softmax."""
    if cfg.task == "binary":
        return "h[:, 0]" if cfg.loss == "mse" else "_sigmoid(h[:, 0])"
    if cfg.task == "multiclass":
        return "h" if cfg.loss == "mse" else "_softmax(h)"
    return "h[:, 0]"


def numpy_code(
    source: object,
    config: ModelConfig | None = None,
    feature_names: Sequence[str] | None = None,
    class_names: Sequence[str] | None = None,
) -> str:
    """A self-contained NumPy snippet defining the weights and predict(X).

    source: a Trainer, an ImportedModel, or a Sequential (then pass `config`).
    predict(X): (batch, n_inputs) -> probabilities (binary (batch,), multiclass (batch, K)) or
    regression values (batch,), equal to Trainer.predict_proba_or_value.
    """
    layers, cfg, names = _resolve(source, config, feature_names)
    consts: list[str] = []
    body: list[str] = []
    for i, m in enumerate(layers):
        _np_layer(i, m, consts, body)
    n = cfg.n_inputs
    lines = _docstring(layers, cfg, "NumPy")
    lines += ["", "import numpy as np", "", f"FEATURE_NAMES = {names!r}", "",
              *_class_lines(cfg, class_names), *consts]
    lines += _NP_HELPERS.splitlines()
    lines += [
        "", "",
        "def predict(X):",
        f'    """X: (batch, {n}), array-like.',
        "",
        f"    Returns {_RETURNS[cfg.task]}.",
        '    """',
        "    h = np.atleast_2d(np.asarray(X, dtype=np.float64))",
        f"    if h.ndim != 2 or h.shape[1] != {n}:",
        f'        raise ValueError(f"expected X of shape (batch, {n}), got {{h.shape}}")',
        *("    " + line for line in body),
        f"    return {_np_output(cfg)}",
    ]
    return "\n".join(lines) + "\n"


def _torch_module(m: Module) -> str:
    if isinstance(m, Linear):
        bias = "" if m.bias is not None else ", bias=False"
        return f"nn.Linear({m.in_features}, {m.out_features}{bias})"
    if isinstance(m, BatchNorm1d):
        return f"nn.BatchNorm1d({m.num_features}, eps={_num(m.eps)}, momentum={_num(m.momentum)})"
    if isinstance(m, LeakyReLU):
        return f"nn.LeakyReLU({_num(m.negative_slope)})"
    if isinstance(m, Softmax):
        return f"nn.Softmax(dim={int(m.dim)})"
    if isinstance(m, Dropout):
        return f"nn.Dropout(p={_num(m.p)})"
    for cls, text in ((Tanh, "nn.Tanh()"), (ReLU, "nn.ReLU()"), (Sigmoid, "nn.Sigmoid()"),
                      (Identity, "nn.Identity()")):
        if isinstance(m, cls):
            return text
    raise ValueError(f"cannot generate PyTorch code for {type(m).__name__}")


def _torch_loads(i: int, m: Module) -> list[str]:
    """copy_ statements for layer i's tensors (weights, biases, BatchNorm running stats)."""
    if isinstance(m, Linear):
        pairs = [("weight", m.weight.data)]
        if m.bias is not None:
            pairs.append(("bias", m.bias.data))
    elif isinstance(m, BatchNorm1d):
        pairs = [("weight", m.weight.data), ("bias", m.bias.data),
                 ("running_mean", m.running_mean), ("running_var", m.running_var)]
    else:
        return []
    return [
        _call(f"    model[{i}].{attr}.copy_(torch.tensor(", arr, ", dtype=torch.float64))")
        for attr, arr in pairs
    ]


def pytorch_code(
    source: object,
    config: ModelConfig | None = None,
    feature_names: Sequence[str] | None = None,
    class_names: Sequence[str] | None = None,
) -> str:
    """A PyTorch snippet: nn.Sequential with the same layers, exact float64 weights and
    BatchNorm running statistics loaded under torch.no_grad(), model.eval(), and predict(X)
    returning the same values as numpy_code's predict (as a NumPy array)."""
    layers, cfg, names = _resolve(source, config, feature_names)
    n = cfg.n_inputs
    out = {
        ("binary", "mse"): "out[:, 0]",
        ("binary", "bce"): "torch.sigmoid(out[:, 0])",
        ("multiclass", "mse"): "out",
        ("multiclass", "ce"): "torch.softmax(out, dim=1)",
    }.get((cfg.task, cfg.loss), "out[:, 0]")
    lines = _docstring(layers, cfg, "PyTorch (and NumPy for the result)")
    lines += ["", "import torch", "from torch import nn", "", f"FEATURE_NAMES = {names!r}", "",
              *_class_lines(cfg, class_names)]
    # .double(): the course computes in float64; float32 would differ in the 7th digit.
    lines += ["model = nn.Sequential(", *(f"    {_torch_module(m)}," for m in layers), ").double()"]
    lines += ["", "with torch.no_grad():"]
    for i, m in enumerate(layers):
        lines += _torch_loads(i, m)
    lines += [
        "model.eval()  # dropout off, BatchNorm uses its running statistics",
        "", "",
        "def predict(X):",
        f'    """X: (batch, {n}), array-like or tensor.',
        "",
        f"    Returns {_RETURNS[cfg.task]} (a NumPy array).",
        '    """',
        "    x = torch.as_tensor(X, dtype=torch.float64)",
        "    if x.ndim == 1:",
        "        x = x.reshape(1, -1)",
        f"    if x.ndim != 2 or x.shape[1] != {n}:",
        f'        raise ValueError(f"expected X of shape (batch, {n}), got {{tuple(x.shape)}}")',
        "    with torch.no_grad():",
        "        out = model(x)",
        f"    return {out}.numpy()",
    ]
    return "\n".join(lines) + "\n"
