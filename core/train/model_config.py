"""ModelConfig: everything that defines a network and how it trains, and how to build it.

One frozen dataclass, so a config can be compared, hashed, exported to JSON and put in a URL.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import numpy as np

from ..nn.activations import ELEMENTWISE_ACTIVATIONS, Identity, Sigmoid, Softmax, make_activation
from ..nn.init import INITS
from ..nn.layers import BatchNorm1d, Dropout, Sequential
from ..nn.linear import Linear
from ..nn.module import Module

TASKS = ("binary", "multiclass", "regression")
OPTIMIZER_NAMES = ("sgd", "momentum", "adam")
MAX_HIDDEN_LAYERS = 6
MAX_NEURONS = 64  # the training page offers up to 32; benchmarks use 64


@dataclass(frozen=True)
class ModelConfig:
    """n_inputs -> hidden[0] -> ... -> n_outputs.  activations[k] follows hidden layer k.

    task decides the output: binary -> 1 output (logit; sigmoid when loss = 'mse'),
    multiclass -> n_classes outputs (logits; softmax when loss = 'mse'), regression -> 1 output.
    Regularization (l1, l2) applies to weights, not biases, as TensorFlow Playground.
    """

    n_inputs: int = 2
    hidden: tuple[int, ...] = (4, 2)
    activations: tuple[str, ...] = ("tanh", "tanh")
    task: str = "binary"
    n_classes: int = 2
    loss: str = "bce"
    dropout: float = 0.0
    batch_norm: bool = False
    init: str = "xavier"
    optimizer: str = "sgd"
    lr: float = 0.03
    momentum: float = 0.9
    batch_size: int = 10
    l1: float = 0.0
    l2: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        validate_config(self)

    @property
    def n_outputs(self) -> int:
        return self.n_classes if self.task == "multiclass" else 1

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.n_inputs, *self.hidden, self.n_outputs)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["hidden"] = list(self.hidden)
        d["activations"] = list(self.activations)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> ModelConfig:
        """Build from a dict (e.g. parsed JSON); unknown keys or bad values raise ValueError."""
        if not isinstance(d, dict):
            raise ValueError("config must be a JSON object")
        names = {f.name for f in fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise ValueError(f"unknown config field(s): {', '.join(sorted(unknown))}")
        kw = dict(d)
        for key in ("hidden", "activations"):
            if key in kw:
                if not isinstance(kw[key], list | tuple):
                    raise ValueError(f"config field {key!r} must be a list")
                kw[key] = tuple(kw[key])
        try:
            return cls(**kw)
        except TypeError as exc:
            raise ValueError(f"bad config: {exc}") from None


def _require(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(message)


def _is_int(v: object) -> bool:
    return isinstance(v, int | np.integer) and not isinstance(v, bool)


def _is_num(v: object) -> bool:
    return isinstance(v, int | float | np.number) and not isinstance(v, bool) and math.isfinite(v)


def validate_config(c: ModelConfig) -> None:
    """Raise ValueError naming the first field that is out of range."""
    _require(_is_int(c.n_inputs) and 1 <= c.n_inputs <= 64, "n_inputs must be 1..64")
    _require(
        len(c.hidden) <= MAX_HIDDEN_LAYERS, f"at most {MAX_HIDDEN_LAYERS} hidden layers allowed"
    )
    for h in c.hidden:
        _require(
            _is_int(h) and 1 <= h <= MAX_NEURONS,
            f"each hidden layer needs 1..{MAX_NEURONS} neurons, got {h!r}",
        )
    _require(
        len(c.activations) == len(c.hidden),
        "activations must list one activation per hidden layer",
    )
    for a in c.activations:
        _require(
            a in ELEMENTWISE_ACTIVATIONS,
            f"hidden activation must be one of {', '.join(ELEMENTWISE_ACTIVATIONS)}, got {a!r}",
        )
    _require(c.task in TASKS, f"task must be one of {', '.join(TASKS)}")
    if c.task == "multiclass":
        _require(_is_int(c.n_classes) and 3 <= c.n_classes <= 10, "multiclass needs 3..10 classes")
        _require(c.loss in ("ce", "mse"), "multiclass loss must be 'ce' or 'mse'")
    elif c.task == "binary":
        _require(c.loss in ("bce", "mse"), "binary loss must be 'bce' or 'mse'")
    else:
        _require(c.loss == "mse", "regression loss must be 'mse'")
    _require(_is_num(c.dropout) and 0.0 <= c.dropout < 1.0, "dropout must be in [0, 1)")
    _require(isinstance(c.batch_norm, bool), "batch_norm must be true or false")
    _require(c.init in INITS, f"init must be one of {', '.join(INITS)}")
    _require(c.optimizer in OPTIMIZER_NAMES, f"optimizer must be one of {OPTIMIZER_NAMES}")
    _require(_is_num(c.lr) and 0.0 < c.lr <= 100.0, "learning rate must be in (0, 100]")
    _require(_is_num(c.momentum) and 0.0 <= c.momentum < 1.0, "momentum must be in [0, 1)")
    _require(_is_int(c.batch_size) and c.batch_size >= 1, "batch size must be a whole number >= 1")
    _require(not c.batch_norm or c.batch_size >= 2, "batch normalization needs a batch size >= 2")
    _require(_is_num(c.l1) and 0.0 <= c.l1 <= 10.0, "L1 rate must be in [0, 10]")
    _require(_is_num(c.l2) and 0.0 <= c.l2 <= 10.0, "L2 rate must be in [0, 10]")
    _require(_is_int(c.seed) and 0 <= c.seed < 2**32, "seed must be a whole number 0..2^32-1")


def output_activation(c: ModelConfig) -> Module:
    """Logit losses need raw outputs; MSE on a class compares probabilities."""
    if c.loss == "mse" and c.task == "binary":
        return Sigmoid()
    if c.loss == "mse" and c.task == "multiclass":
        return Softmax()
    return Identity()


def build_model(c: ModelConfig, init_rng: np.random.Generator,
                dropout_rng: np.random.Generator) -> Sequential:
    """Linear [-> BatchNorm1d] -> activation [-> Dropout] per hidden layer, then Linear -> out."""
    modules: list[Module] = []
    sizes = c.sizes
    for k, width in enumerate(c.hidden):
        modules.append(Linear(sizes[k], width, rng=init_rng, init=c.init))
        if c.batch_norm:
            modules.append(BatchNorm1d(width))
        modules.append(make_activation(c.activations[k]))
        if c.dropout > 0:
            modules.append(Dropout(c.dropout, rng=dropout_rng))
    modules.append(Linear(sizes[-2], sizes[-1], rng=init_rng, init=c.init))
    modules.append(output_activation(c))
    return Sequential(*modules)
