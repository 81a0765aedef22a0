"""Completion conditions for the /operations and /concepts tools: each reads the canonical
state the embedded view edits (ui.operations.state, ui.concepts.state), never a widget, and
returns (met, what is still missing). Names and parameters: ui.learn.registry.CONDITIONS.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import streamlit as st

from core import batchnorm_trace, dropout_trace
from core.concepts import CLASSES, head_trace
from ui.concepts import state as cs
from ui.concepts.rnn_view import STEP_PREFIX as RNN_PREFIX
from ui.concepts.rnn_view import rnn_signature
from ui.format import fmt
from ui.operations import batchnorm_view, dropout_view
from ui.operations import state as os_

MODE_SETTING = {"batchnorm": "bn_mode", "dropout": "do_mode"}
SETTING_NAMES = {"p": "p", "seed": "seed", "lambda": "lam", "kind": "kind", "lr": "lr",
                 "momentum": "momentum", "eps": "eps"}  # link name -> ui.operations.state
SETTING_LABELS = {"p": "p", "seed": "the seed", "lambda": "λ", "kind": "the penalty",
                  "lr": "the learning rate", "momentum": "momentum", "eps": "eps"}
TOLERANCE = 1e-9


def op_mode(p: Mapping) -> tuple[bool, str]:
    op, mode = str(p["op"]), str(p["mode"])
    return os_.get(MODE_SETTING[op]) == mode, f"Switch the Mode to {mode}."


def op_setting(p: Mapping) -> tuple[bool, str]:
    name, want = str(p["name"]), p["value"]
    now = os_.get(SETTING_NAMES[name])
    if isinstance(want, str):
        met = now == want
        shown = want.upper() if name == "kind" else want
        return met, f"Set {SETTING_LABELS[name]} to {shown}."
    met = math.isclose(float(now), float(want), rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return met, f"{SETTING_LABELS[name]} is {fmt(float(now))} now; set it to {fmt(float(want))}."


def _stepper_signature(stepper: str) -> tuple[str, tuple]:
    """(session prefix, the signature the stepper keys its position on) for the numbers now
    in the tool: the same functions the views call."""
    if stepper == "batchnorm":
        s = os_.batchnorm_setup()
        trace = batchnorm_trace(s.X, s.gamma, s.beta, s.running_mean, s.running_var,
                                s.training, s.momentum, s.eps)
        return "ops_bn", batchnorm_view.steps_signature(trace)
    if stepper == "dropout":
        s = os_.dropout_setup()
        return "ops_do", dropout_view.steps_signature(dropout_trace(s.X, s.p, s.seed,
                                                                    s.training))
    return RNN_PREFIX, rnn_signature()


def stepper_at(p: Mapping) -> tuple[bool, str]:
    """The tool's stepper is at step k or beyond, for the numbers now in the tool."""
    k = int(p["step"])
    prefix, signature = _stepper_signature(str(p["stepper"]))
    s = st.session_state
    at = s.get(f"{prefix}_k", 0) if s.get(f"{prefix}_sig") == signature else 0
    return at >= k, f"Press Next in the tool's stepper until step {k} (now at step {at})."


def concepts_act(p: Mapping) -> tuple[bool, str]:
    cs.ensure_state()
    name = str(p["name"])
    return st.session_state[cs.KEY_ACT] == name, f"Choose the activation {name}."


def cnn_prediction(p: Mapping) -> tuple[bool, str]:
    cs.ensure_state()
    label = str(p["label"])
    predicted = CLASSES[head_trace(cs.get("image")).predicted]
    return predicted == label, (f"The head predicts “{predicted}” now; change the image "
                                f"until it predicts “{label}”.")


def cnn_pixel(p: Mapping) -> tuple[bool, str]:
    cs.ensure_state()
    want = (int(p["row"]) - 1, int(p["col"]) - 1)
    return (tuple(st.session_state[cs.KEY_PIXEL]) == want,
            f"Choose pixel row {want[0] + 1}, column {want[1] + 1}.")


OPS_CHECKS: dict[str, Callable[[Mapping], tuple[bool, str]]] = {
    "op_mode": op_mode,
    "op_setting": op_setting,
    "stepper_at": stepper_at,
    "concepts_act": concepts_act,
    "cnn_prediction": cnn_prediction,
    "cnn_pixel": cnn_pixel,
}
