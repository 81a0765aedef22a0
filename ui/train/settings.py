"""Everything a learner can set on /train, as one frozen value (no Streamlit here).

TrainSettings is the page's canonical state: widgets edit it, the share link encodes it, and the
model config is derived from it together with the data (ModelConfig needs the data's task and
input count, which the settings alone do not know).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from core import ELEMENTWISE_ACTIVATIONS, FEATURES, ModelConfig
from core.data.datasets import DATASETS
from core.train.model_config import MAX_HIDDEN_LAYERS, MAX_NEURONS
from ui.safe_text import cut  # plain text: messages are escaped where shown

CSV = "csv"  # the dataset name used while an uploaded file is the data
DATA_CHOICES = (*DATASETS, CSV)
DATA_LABELS = {
    "circle": "Circle", "xor": "Exclusive or (xor)", "gaussians": "Two gaussians",
    "spiral": "Spiral", "blobs": "Blobs (3-6 classes)", "plane": "Regression: plane",
    "gaussian-mix": "Regression: gaussian mix", CSV: "Your CSV file",
}
# TensorFlow Playground's lists, so its lessons carry over number for number.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
DROPOUT_RATES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
MOMENTA = (0.5, 0.8, 0.9, 0.95, 0.99)
LR_MAX = 100.0  # ModelConfig's bound: free entry may go past Playground's 10
MIN_POINTS, MAX_POINTS = 10, 2000  # more points than this would make every tick slow
MAX_NOISE_PCT = 50
MIN_CLASSES, MAX_CLASSES = 3, 6
DEFAULT_NEURONS = 4
MAX_SEED = 2**31 - 1  # the seeds a link or a box accepts (a NumPy seed fits easily)
# The Loss box's options are these ids (what links and settings hold); the labels are for
# display only and never depend on the data, so a selection cannot go stale when the task does.
LOSS_LABELS = {"bce": "Binary cross-entropy", "ce": "Cross-entropy (softmax)",
               "mse": "Mean squared error"}
TASK_LOSSES = {"binary": ("bce", "mse"), "multiclass": ("ce", "mse"), "regression": ("mse",)}
TASK_WORDS = {"binary": "two classes", "multiclass": "three or more classes",
              "regression": "a number to predict (regression)"}
# Spellings older links used: the ids of the time and the labels the page wrote by mistake.
OLD_LOSS_NAMES = {"xent": "xent", "cross-entropy": "xent", "binary cross-entropy": "bce",
                  "cross-entropy (softmax)": "ce", "mean squared error": "mse",
                  "mean squared error (as playground)": "mse"}
SPEEDS = {"slow": 5.0, "normal": 30.0, "fast": None}  # epochs per second; None: no limit
SPEED_LABELS = {"slow": "Slow (5 epochs/s)", "normal": "Normal (30 epochs/s)",
                "fast": "Fast (as fast as it goes)"}
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "SGD with momentum", "adam": "Adam"}

# Settings a running network can take without being rebuilt: they change how it learns from
# the next step on, not what it is.
LIVE_FIELDS = frozenset({"lr", "batch_size", "l1", "l2", "momentum"})
VIEW_FIELDS = frozenset({"show_test", "discretize", "speed"})
# Every setting in the words of its control on screen (never the field's name).
FIELD_LABELS = {
    "dataset": "the dataset", "n_points": "the number of points", "noise": "the noise",
    "train_pct": "the training data share", "data_seed": "the data seed",
    "n_classes": "the number of classes", "show_test": "Show test data",
    "discretize": "Discretize output", "features": "the features fed to the network",
    "hidden": "the hidden layers", "activations": "the activation", "dropout": "the dropout rate",
    "batch_norm": "batch normalization", "init": "the initialization", "seed": "the seed",
    "loss": "the loss", "optimizer": "the optimizer", "momentum": "the momentum",
    "lr": "the learning rate", "batch_size": "the batch size", "l1": "the L1 rate",
    "l2": "the L2 rate", "speed": "the speed", "csv": "the CSV file",
}


@dataclass(frozen=True)
class TrainSettings:
    """Defaults are TensorFlow Playground's (circle, 50 % training data, 4-2 tanh, batch 10,
    learning rate 0.03), with 500 points."""

    dataset: str = "circle"
    n_points: int = 500
    noise: int = 0  # percent, 0..50
    train_pct: int = 50  # percent of the points used for training, 10..90
    data_seed: int = 0
    n_classes: int = 3  # blobs only
    show_test: bool = False
    discretize: bool = False
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 2)
    activations: tuple[str, ...] = ("tanh", "tanh")  # one per hidden layer
    dropout: float = 0.0
    batch_norm: bool = False
    init: str = "xavier"
    seed: int = 0
    loss: str = "bce"  # an id of LOSS_LABELS that the data's task offers (TASK_LOSSES)
    optimizer: str = "sgd"
    momentum: float = 0.9
    lr: float = 0.03
    batch_size: int = 10
    l1: float = 0.0
    l2: float = 0.0
    # A key of SPEEDS: how fast Train runs (not part of the network). Slow by default: the
    # circle's boundary then forms over about 10 s (50 epochs), where a learner can watch it.
    speed: str = "slow"

    @property
    def same_activation(self) -> bool:
        return len(set(self.activations)) <= 1


DEFAULTS = TrainSettings()


def changed_fields(old: TrainSettings, new: TrainSettings) -> set[str]:
    return {f.name for f in fields(TrainSettings) if getattr(old, f.name) != getattr(new, f.name)}


def describe_changes(names: set[str]) -> str:
    """{'hidden', 'noise'} -> 'the hidden layers and the noise' (in a fixed order)."""
    order = [f.name for f in fields(TrainSettings)] + ["csv"]
    parts = [FIELD_LABELS[n] for n in order if n in names]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# -- checks for single values (each raises ValueError with a readable message) --------------
def check_lr(value: object) -> float:
    text = str(value).strip()
    if re.fullmatch(r"[-+]?\d*,\d+", text):  # one rule in the whole app: a decimal point
        raise ValueError(f"'{text}' uses a decimal comma: write it with a decimal point "
                         f"({text.replace(',', '.')})")
    try:
        lr = float(text)
    except ValueError:
        raise ValueError(f"'{cut(value, 20)}' is not a number") from None
    if not 0.0 < lr <= LR_MAX:  # also refuses NaN
        raise ValueError(f"the learning rate must be above 0 and at most {LR_MAX:g}")
    return lr


def check_features(names: tuple[str, ...]) -> tuple[str, ...]:
    names = tuple(names)
    if not names:
        raise ValueError("choose at least one input")
    bad = [n for n in names if n not in FEATURES]
    if bad:
        raise ValueError(f"unknown input '{cut(bad[0], 20)}'; "
                         f"choose from {', '.join(FEATURES)}")
    # Keep Playground's column order whatever order they were clicked in.
    return tuple(f for f in FEATURES if f in names)


def check_hidden(hidden: tuple[int, ...]) -> tuple[int, ...]:
    if len(hidden) > MAX_HIDDEN_LAYERS:
        raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers")
    for h in hidden:
        if not 1 <= h <= MAX_NEURONS:
            raise ValueError(f"each layer needs 1 to {MAX_NEURONS} neurons, not {h}")
    return tuple(int(h) for h in hidden)


def check_activation(name: str) -> str:
    if name not in ELEMENTWISE_ACTIVATIONS:
        raise ValueError(f"unknown activation '{cut(name, 20)}'; use one of "
                         f"{', '.join(ELEMENTWISE_ACTIVATIONS)}")
    return name


def check_choice(value: str, allowed, what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} '{cut(value, 20)}'; "
                         f"use one of {', '.join(allowed)}")
    return value


def check_range(value: float, lo: float, hi: float, what: str) -> float:
    if not lo <= value <= hi:  # also refuses NaN
        raise ValueError(f"{what} must be between {lo:g} and {hi:g}")
    return value


# -- whole-value consistency ------------------------------------------------------------------
def normalize(s: TrainSettings, n_train: int | None = None) -> tuple[TrainSettings, list[str]]:
    """Make the combination valid; returns (settings, notes on what was adjusted and why).

    One activation per hidden layer; batch normalization needs batches of 2 or more; the batch
    size is at most the number of training rows (when known)."""
    notes: list[str] = []
    acts = s.activations
    if len(acts) != len(s.hidden):
        fill = acts[-1] if acts else DEFAULTS.activations[0]
        acts = (tuple(acts) + (fill,) * len(s.hidden))[: len(s.hidden)]
        if s.hidden and len(s.activations) not in (0, 1):
            notes.append("the link lists a different number of activations than hidden layers; "
                         "the last one is repeated")
    batch = max(1, int(s.batch_size))
    if n_train is not None:
        batch = min(batch, n_train)
    if s.batch_norm and batch < 2:
        batch = 2
        notes.append("batch normalization needs batches of at least 2, so the batch size is 2")
    out = replace(s, activations=tuple(acts), batch_size=batch)
    return out, notes


def default_loss(task: str) -> str:
    return TASK_LOSSES[task][0]


def check_loss(value: object, task: str) -> str:
    """A Loss box or link value -> a loss id the task offers. Takes an id or (from older links
    and stale widgets) a label; ValueError otherwise, or for a loss the task does not offer."""
    text = str(value).strip().lower().replace("+", " ")
    loss = text if text in LOSS_LABELS else OLD_LOSS_NAMES.get(text)
    if loss == "xent":  # the old id meant "cross-entropy of the task's kind"
        loss = "ce" if task == "multiclass" else "bce"
    if loss is None:
        raise ValueError(f"unknown loss '{cut(value, 20)}'; use one of "
                         f"{', '.join(LOSS_LABELS)}")
    if loss not in TASK_LOSSES[task]:
        raise ValueError(f"{LOSS_LABELS[loss].lower()} does not fit data with "
                         f"{TASK_WORDS[task]}; use {' or '.join(TASK_LOSSES[task])}")
    return loss


def model_config(s: TrainSettings, task: str, n_classes: int, n_inputs: int) -> ModelConfig:
    """The network these settings describe for data with `task`, `n_classes`, `n_inputs`.
    Raises ValueError (from ModelConfig) if the combination is invalid; the loss must be one the
    task offers (TrainSession.sync sees to that)."""
    loss = s.loss
    return ModelConfig(
        n_inputs=n_inputs, hidden=s.hidden, activations=s.activations, task=task,
        n_classes=n_classes if task == "multiclass" else 2, loss=loss, dropout=s.dropout,
        batch_norm=s.batch_norm, init=s.init, optimizer=s.optimizer, lr=s.lr,
        momentum=s.momentum, batch_size=s.batch_size, l1=s.l1, l2=s.l2, seed=s.seed,
    )


def from_config(s: TrainSettings, c: ModelConfig) -> TrainSettings:
    """Settings that reproduce config `c` (e.g. from an imported model file), keeping the data
    choices of `s`."""
    return replace(
        s, hidden=tuple(c.hidden), activations=tuple(c.activations), dropout=c.dropout,
        batch_norm=c.batch_norm, init=c.init, seed=c.seed,
        loss=c.loss,
        optimizer=c.optimizer, momentum=c.momentum, lr=c.lr, batch_size=c.batch_size,
        l1=c.l1, l2=c.l2,
    )


def with_option(options: tuple[float, ...], value: float) -> list[float]:
    """A select list that also holds `value` (from a link, a file or free entry), sorted."""
    return sorted({*options, value})

