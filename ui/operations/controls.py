"""The /operations sidebar: each operation's sizes, mode and settings, presets and reset.
Settings go through the share link's own decoders (ui.operations.link), so a typed value and
a link value are refused by the same rule, with the same words."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.course.layer_setup import MAX_SIZE
from core.trace.ops_penalty import KIND_LABELS, KINDS
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.operations import link
from ui.operations import state as os_
from ui.operations.inputs import setting_choice, setting_text, size_select

MODE_LABELS = {"train": "train", "eval": "eval"}
BN_PRESETS = {
    "default": ("4 × 2 batch, worked on the page", None),
    "hand": ("2 × 2: X = [[1, 2], [3, 6]]", np.array([[1.0, 2.0], [3.0, 6.0]])),
    "constant": ("A constant feature (variance 0)",
                 np.array([[2.0, 1.0], [2.0, 3.0], [2.0, 5.0]])),
    "one": ("A batch of one row", np.array([[3.0, -1.0]])),
}


DO_PRESETS = {
    "default": ("x = 1 … 6, p = 0.5", {}, {}),
    "small_p": ("p = 0.1 (the trainer's usual rate)", {}, {"p": 0.1}),
    "batch": ("A batch of 3 rows", {"x": np.array([[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 2.0, 0.0],
                                                    [3.0, 3.0, 3.0, 3.0]])}, {}),
}
PEN_PRESETS = {
    "default": ("L1 stops w2 at 0 in one step", {}, {}),
    "l2": ("L2 = weight decay, by hand", {"W": np.array([[0.5, -1.5]])}, {"kind": "l2"}),
    "wide": ("A 2 × 3 layer", {"W": np.array([[1.0, -0.5, 0.05], [0.2, 2.0, -1.0]]),
                               "b": np.array([0.5, -0.5]), "x": np.array([1.0, 2.0, -1.0]),
                               "t": np.array([1.0, 0.0])}, {}),
}


@unless_locked
def _load_preset(op: str, presets: dict) -> None:
    """The operation's defaults, then the preset's arrays (resizing first) and settings."""
    _, arrays, settings = presets[st.session_state[f"ops_{op}_preset"]]
    os_.reset_op(op)
    if "x" in arrays and op == "dropout":
        os_.resize_dropout(*arrays["x"].shape)
    if "W" in arrays:
        os_.resize_penalty(*arrays["W"].shape)
    for name, value in arrays.items():
        os_.set_array(op, name, value)
    for name, value in settings.items():
        os_.put(name, value)


def _preset_picker(op: str, presets: dict) -> None:
    st.selectbox("Preset", list(presets), key=f"ops_{op}_preset",
                 format_func=lambda k: presets[k][0], disabled=locked())
    st.button("Load preset", key=f"ops_{op}_load", on_click=_load_preset, args=(op, presets),
              icon=":material/download:", width="stretch", disabled=locked())


@unless_locked
def _load_bn_preset() -> None:
    name = st.session_state["ops_bn_preset"]
    os_.reset_op("batchnorm")
    X = BN_PRESETS[name][1]
    if X is not None:
        os_.resize_batchnorm(*X.shape)
        os_.set_array("batchnorm", "X", X)
        if name == "hand":
            os_.set_array("batchnorm", "gamma", np.ones(2))
            os_.set_array("batchnorm", "beta", np.zeros(2))


def _on_bn_size() -> None:
    os_.resize_batchnorm(int(st.session_state["ops_bn_rows"]),
                         int(st.session_state["ops_bn_features"]))


def _on_do_size() -> None:
    os_.resize_dropout(int(st.session_state["ops_do_rows"]),
                       int(st.session_state["ops_do_units"]))


def _on_pen_size() -> None:
    os_.resize_penalty(int(st.session_state["ops_pen_n"]), int(st.session_state["ops_pen_m"]))


def _decoder(op: str, name: str):
    return next(f.decode for f in link.FIELDS[op] if f.name == name)


def _decode_start(text: str) -> np.ndarray:
    value = _decoder("penalty", "start")(text)
    if value.size != 2:
        raise ValueError(f"needs 2 numbers (w1, w2), got {value.size}")
    return value


def batchnorm_controls() -> None:
    B, F = os_.array("batchnorm", "X").shape
    st.markdown("#### Batch normalization")
    c1, c2 = st.columns(2)
    size_select(c1, "Batch size B", "ops_bn_rows", B, MAX_SIZE, _on_bn_size)
    size_select(c2, "Features", "ops_bn_features", F, os_.MAX_FEATURES, _on_bn_size)
    setting_choice(st, "Mode", "bn_mode", os_.MODES, MODE_LABELS.get,
                   help="train: batch statistics, running statistics updated; eval: running "
                        "statistics, nothing updated (model.train() / model.eval())")
    setting_text(st, "momentum", "momentum", _decoder("batchnorm", "momentum"),
                 "How far each batch moves the running statistics (PyTorch default 0.1)")
    setting_text(st, "eps", "eps", _decoder("batchnorm", "eps"),
                 "Added to the variance before the square root (PyTorch default 1e-5)")
    st.selectbox("Preset", list(BN_PRESETS), key="ops_bn_preset",
                 format_func=lambda k: BN_PRESETS[k][0], disabled=locked())
    st.button("Load preset", key="ops_bn_load", on_click=_load_bn_preset,
              icon=":material/download:", width="stretch", disabled=locked())


def dropout_controls() -> None:
    rows, units = os_.array("dropout", "x").shape
    st.markdown("#### Dropout")
    c1, c2 = st.columns(2)
    size_select(c1, "Rows", "ops_do_rows", rows, MAX_SIZE, _on_do_size)
    size_select(c2, "Units", "ops_do_units", units, MAX_SIZE, _on_do_size)
    setting_choice(st, "Mode", "do_mode", os_.MODES, MODE_LABELS.get)
    setting_text(st, "p (probability of dropping)", "p", _decoder("dropout", "p"),
                 f"From 0 to {os_.MAX_P:g}; PyTorch's nn.Dropout(p) drops with probability p")
    setting_text(st, "Seed", "seed", _decoder("dropout", "seed"),
                 "The random generator's seed: the same seed gives the same mask")
    setting_text(st, "Masks N (for the average)", "masks", _decoder("dropout", "n"),
                 "How many masks to average, 1 to 5000")
    _preset_picker("dropout", DO_PRESETS)


def penalty_controls() -> None:
    n, m = os_.array("penalty", "W").shape
    st.markdown("#### L1 / L2")
    c1, c2 = st.columns(2)
    size_select(c1, "Inputs m", "ops_pen_m", m, MAX_SIZE, _on_pen_size)
    size_select(c2, "Outputs n", "ops_pen_n", n, MAX_SIZE, _on_pen_size)
    setting_choice(st, "Penalty", "kind", KINDS, KIND_LABELS.get, horizontal=False)
    setting_text(st, "λ (lambda)", "lam", _decoder("penalty", "lambda"),
                 "The penalty's strength, 0 to 10")
    setting_text(st, "Learning rate lr", "lr", _decoder("penalty", "lr"),
                 "Above 0, at most 10")
    setting_text(st, "Steps (2-weight problem)", "steps", _decoder("penalty", "steps"),
                 "How many steps the path takes, 1 to 1000")
    setting_text(st, "Start (w1, w2)", "start", _decode_start,
                 "Where the 2-weight path starts, e.g. -1, 2")
    _preset_picker("penalty", PEN_PRESETS)


def sidebar_controls(op: str) -> None:
    with st.sidebar:
        if shown("settings"):
            {"batchnorm": batchnorm_controls, "dropout": dropout_controls,
             "penalty": penalty_controls}[op]()
        if shown("reset"):
            st.button("Reset this operation", key="ops_reset", args=(op,),
                      on_click=unless_locked(os_.reset_op), disabled=locked(),
                      icon=":material/restart_alt:", width="stretch",
                      help="Back to this operation's default numbers and settings")
