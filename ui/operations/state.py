"""The /operations page's canonical state in st.session_state: one set of arrays and settings
per operation (batch norm, dropout, L1/L2), written only through the functions here.

Widgets never own these values (ui.widget_sync shows them); grids write through set_cell,
which refuses a bad value with a message and keeps the last good one. Nothing lives at module
level: every browser session has its own copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core.course.layer_setup import MAX_SIZE, parse_number
from ui import layer_state as ls
from ui.cell_grid import GridStore

OPS = ("batchnorm", "dropout", "penalty")
OP_LABELS = {"batchnorm": ":material/equalizer: Batch normalization",
             "dropout": ":material/grain: Dropout", "penalty": ":material/compress: L1 / L2"}
MODES = ("train", "eval")
VIEWS = {  # each operation's parts, in the order of its segmented control (link: view=)
    "batchnorm": {"steps": "Step by step", "modes": "Train vs eval", "one": "A batch of one",
                  "bias": "Bias before batch norm", "backward": "Backward pass"},
    "dropout": {"steps": "Mask step by step", "average": "Average over N masks",
                "bug": "Predicting in train mode"},
    "penalty": {"step": "One step", "path": "Many steps: L1 vs L2"},
}
KEY_VIEWS = "ops_views"  # {op: view}
KEY_OP = "ops_op"
KEY_VERSION = "ops_version"
KEY_ERRORS = "ops_errors"  # {array: the last refusal}, shown under its grid
MAX_FEATURES = 6  # batch-norm features (columns) on screen
MIN_EPS, MAX_EPS = 1e-12, 1.0
MAX_P = 0.95  # beyond this almost everything is dropped and 1/(1-p) explodes
MAX_SEED = 99_999

# Array name (as the grid and its messages call it) -> session key, per operation.
ARRAYS = {
    "batchnorm": {"X": "ops_bn_X", "gamma": "ops_bn_gamma", "beta": "ops_bn_beta",
                  "running_mean": "ops_bn_rmean", "running_var": "ops_bn_rvar"},
    "dropout": {"x": "ops_do_x"},
    "penalty": {"W": "ops_pen_W", "b": "ops_pen_b", "x": "ops_pen_x", "t": "ops_pen_t"},
}
SETTINGS = {  # setting -> (session key, default)
    "bn_mode": ("ops_bn_mode", "train"), "momentum": ("ops_bn_momentum", 0.1),
    "eps": ("ops_bn_eps", 1e-5),
    "p": ("ops_do_p", 0.5), "seed": ("ops_do_seed", 0), "do_mode": ("ops_do_mode", "train"),
    "masks": ("ops_do_masks", 200), "calls": ("ops_do_calls", 1),
    "kind": ("ops_pen_kind", "l1"), "lam": ("ops_pen_lambda", 1.0), "lr": ("ops_pen_lr", 0.1),
    "steps": ("ops_pen_steps", 40), "start": ("ops_pen_start", None),
}
DEFAULT_START = np.array([-1.0, 2.0])

# Worked by hand on the page: feature 1 = 1, 3, 5, 3 (mean 3, deviations -2, 0, 2, 0, biased
# var 2, unbiased 8/3); feature 2 = 2, 6, 1, 3 (mean 3, var 3.5, unbiased 14/3).
DEFAULT_ARRAYS = {
    "batchnorm": {"X": np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 1.0], [3.0, 3.0]]),
                  "gamma": np.array([1.0, 2.0]), "beta": np.array([0.0, 0.5]),
                  "running_mean": np.zeros(2), "running_var": np.ones(2)},
    "dropout": {"x": np.array([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]])},
    # z = 0.5 - 0.2 + 0.5 = 0.8; dL/dW = 2 (z - t) x = (-0.4, -0.8): one L1 step (lr 0.1,
    # lambda 1) stops w2 at exactly 0.
    "penalty": {"W": np.array([[0.5, -0.1]]), "b": np.array([0.5]), "x": np.array([1.0, 2.0]),
                "t": np.array([1.0])},
}


def _key(name: str) -> str:
    return SETTINGS[name][0]


def get(name: str):
    ensure_state()
    return st.session_state[_key(name)]


def put(name: str, value) -> None:
    st.session_state[_key(name)] = value
    bump()


def array(op: str, name: str) -> np.ndarray:
    ensure_state()
    return st.session_state[ARRAYS[op][name]]


def set_array(op: str, name: str, value: np.ndarray) -> None:
    st.session_state[ARRAYS[op][name]] = np.array(value, dtype=np.float64)
    st.session_state[KEY_ERRORS].pop(name, None)
    bump()


def version() -> int:
    return st.session_state.get(KEY_VERSION, 0)


def bump() -> None:
    st.session_state[KEY_VERSION] = version() + 1


def reset_op(op: str) -> None:
    """The operation's defaults (its arrays and settings); the other operations are kept."""
    for name, value in DEFAULT_ARRAYS[op].items():
        st.session_state[ARRAYS[op][name]] = value.copy()
    prefix = {"batchnorm": ("bn_mode", "momentum", "eps"),
              "dropout": ("p", "seed", "do_mode", "masks", "calls"),
              "penalty": ("kind", "lam", "lr", "steps", "start")}[op]
    for name in prefix:
        default = SETTINGS[name][1]
        st.session_state[_key(name)] = DEFAULT_START.copy() if name == "start" else default
    st.session_state[KEY_ERRORS] = {}
    st.session_state.pop("ops_input_errors", None)  # ui.operations.inputs' refusals
    bump()


def ensure_state() -> None:
    s = st.session_state
    if KEY_OP in s:
        return
    s[KEY_OP] = "batchnorm"
    s[KEY_ERRORS] = {}
    s[KEY_VIEWS] = {op: next(iter(VIEWS[op])) for op in OPS}
    for op in OPS:
        reset_op(op)


def get_op() -> str:
    ensure_state()
    return st.session_state[KEY_OP]


def set_op(op: str) -> None:
    if op not in OPS:
        raise ValueError(f"unknown operation {op!r}")
    st.session_state[KEY_OP] = op


def get_view(op: str) -> str:
    ensure_state()
    return st.session_state[KEY_VIEWS][op]


def set_view(op: str, view: str) -> None:
    if view not in VIEWS[op]:
        raise ValueError(f"'{view[:20]}' is not a part of {op}; use one of "
                         f"{', '.join(VIEWS[op])}")
    st.session_state[KEY_VIEWS][op] = view


# -- cells ----------------------------------------------------------------------------------
def set_cell(op: str, name: str, index: tuple[int, ...], raw: object) -> str | None:
    """One typed value into an array of `op`; returns the refusal (last good value kept) or
    None. A running variance must be >= 0 (it is a variance)."""
    if name == "running_var":
        try:
            value = parse_number(raw)
        except ValueError:
            value = 0.0  # write_cell below words the parse error
        if value < 0:
            where = name + "[" + ", ".join(str(i + 1) for i in index) + "]"
            message = f"{where} must be 0 or more (it is a variance). Kept the previous value."
            st.session_state[KEY_ERRORS][name] = message
            return message
    message = ls.write_cell(ARRAYS[op][name], KEY_ERRORS, name, index, raw)
    bump()
    return message


def _layout(op: str):
    def layout(name: str, values: np.ndarray):
        if values.ndim == 2:
            rows, cols = values.shape
            row_word = "row" if op != "penalty" else "out"
            col_word = {"batchnorm": "feature ", "dropout": "unit ", "penalty": "x"}[op]
            return ([f"{row_word} {i + 1}" for i in range(rows)],
                    [f"{col_word}{j + 1}" for j in range(cols)],
                    [[f"{name}[{i + 1},{j + 1}]" for j in range(cols)] for i in range(rows)])
        if op == "batchnorm":  # per-feature vectors: one row, a column per feature
            short = {"gamma": "γ", "beta": "β", "running_mean": "μ", "running_var": "σ²"}
            return ([short.get(name, name)], [f"feature {j + 1}" for j in range(values.size)],
                    [[f"{name}[{j + 1}]" for j in range(values.size)]])
        return ([f"{name}{k + 1}" for k in range(values.size)], [name],
                [[f"{name}[{k + 1}]"] for k in range(values.size)])
    return layout


def grid_store(op: str) -> GridStore:
    return GridStore(lambda name: ARRAYS[op][name],
                     lambda name, index, raw: set_cell(op, name, index, raw),
                     bump, version, KEY_ERRORS, widget_prefix=f"ops_{op}_",
                     layout=_layout(op))


# -- sizes ----------------------------------------------------------------------------------
def _fit(values: np.ndarray, shape: tuple[int, ...], fill: float = 0.0) -> np.ndarray:
    """Keep every value whose position still exists; new cells are `fill`."""
    out = np.full(shape, fill, dtype=np.float64)
    keep = tuple(slice(0, min(a, b)) for a, b in zip(shape, values.shape, strict=True))
    out[keep] = values[keep]
    return out


def check_count(value: object, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{what} must be a whole number from {low} to {high}")
    if float(value) != int(value) or not low <= int(value) <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}, got {value:g}")
    return int(value)


def resize_batchnorm(rows: int, features: int) -> None:
    rows = check_count(rows, "The batch size", 1, MAX_SIZE)
    features = check_count(features, "The number of features", 1, MAX_FEATURES)
    s, keys = st.session_state, ARRAYS["batchnorm"]
    s[keys["X"]] = _fit(s[keys["X"]], (rows, features))
    for name, fill in (("gamma", 1.0), ("beta", 0.0), ("running_mean", 0.0),
                       ("running_var", 1.0)):
        s[keys[name]] = _fit(s[keys[name]], (features,), fill)
    bump()


def resize_dropout(rows: int, units: int) -> None:
    rows = check_count(rows, "The number of rows", 1, MAX_SIZE)
    units = check_count(units, "The number of units", 1, MAX_SIZE)
    key = ARRAYS["dropout"]["x"]
    st.session_state[key] = _fit(st.session_state[key], (rows, units))
    bump()


def resize_penalty(n: int, m: int) -> None:
    n = check_count(n, "Outputs n", 1, MAX_SIZE)
    m = check_count(m, "Inputs m", 1, MAX_SIZE)
    s, keys = st.session_state, ARRAYS["penalty"]
    s[keys["W"]] = _fit(s[keys["W"]], (n, m))
    s[keys["b"]] = _fit(s[keys["b"]], (n,))
    s[keys["x"]] = _fit(s[keys["x"]], (m,))
    s[keys["t"]] = _fit(s[keys["t"]], (n,))
    bump()


# -- what each view computes from ----------------------------------------------------------
@dataclass(frozen=True)
class BatchNormSetup:
    X: np.ndarray
    gamma: np.ndarray
    beta: np.ndarray
    running_mean: np.ndarray
    running_var: np.ndarray
    training: bool
    momentum: float
    eps: float


@dataclass(frozen=True)
class DropoutSetup:
    X: np.ndarray
    p: float
    seed: int
    training: bool
    masks: int
    calls: int


@dataclass(frozen=True)
class PenaltySetup:
    W: np.ndarray
    b: np.ndarray
    x: np.ndarray
    t: np.ndarray
    kind: str
    lam: float
    lr: float
    steps: int
    start: np.ndarray


def batchnorm_setup() -> BatchNormSetup:
    a = {name: array("batchnorm", name) for name in ARRAYS["batchnorm"]}
    return BatchNormSetup(a["X"], a["gamma"], a["beta"], a["running_mean"], a["running_var"],
                          get("bn_mode") == "train", float(get("momentum")), float(get("eps")))


def dropout_setup() -> DropoutSetup:
    return DropoutSetup(array("dropout", "x"), float(get("p")), int(get("seed")),
                        get("do_mode") == "train", int(get("masks")), int(get("calls")))


def penalty_setup() -> PenaltySetup:
    a = {name: array("penalty", name) for name in ARRAYS["penalty"]}
    return PenaltySetup(a["W"], a["b"], a["x"], a["t"], get("kind"), float(get("lam")),
                        float(get("lr")), int(get("steps")), np.asarray(get("start")))


def signature(*arrays_and_values) -> tuple:
    """Changes whenever any of the numbers walked by a stepper changes (it resets then)."""
    out = []
    for v in arrays_and_values:
        out.append(v.tobytes() + str(v.shape).encode() if isinstance(v, np.ndarray) else v)
    return tuple(out)
