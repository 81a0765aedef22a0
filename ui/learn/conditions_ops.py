"""Completion conditions for the /operations and /concepts tools: each reads the canonical
state the embedded view edits (ui.operations.state, ui.concepts.state), never a widget, and
returns (met, what is still missing). Names and parameters: ui.learn.registry.CONDITIONS.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import streamlit as st

from core.concepts import CLASSES, head_trace
from ui.concepts import state as cs
from ui.format import fmt
from ui.learn.apply_ops import stepper_signature
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


def stepper_at(p: Mapping) -> tuple[bool, str]:
    """The tool's stepper is at step k or beyond, for the numbers now in the tool."""
    k = int(p["step"])
    prefix, signature = stepper_signature(str(p["stepper"]))
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
