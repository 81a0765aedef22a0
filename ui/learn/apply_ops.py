"""Put an /operations or /concepts tool in a lesson step's state (core.lesson_ops.ToolState):
the page's canonical arrays and settings, written through the page's own state functions
(ui.operations.state, ui.concepts.state), so the embedded view and the page show the same.

Every array is written in full (the preset is complete), the operation's or topic's earlier
refusals are cleared, and the steppers over these numbers start again from step 0.
"""

from __future__ import annotations

import streamlit as st

from core.lesson_ops import ToolState
from ui.concepts import state as cs
from ui.operations import state as os_

# link name -> ui.operations.state setting, per operation
OP_SETTINGS = {
    "batchnorm": {"mode": "bn_mode", "momentum": "momentum", "eps": "eps"},
    "dropout": {"p": "p", "seed": "seed", "mode": "do_mode", "n": "masks"},
    "penalty": {"kind": "kind", "lambda": "lam", "lr": "lr", "steps": "steps"},
}
OP_ARRAYS = {"batchnorm": {"X": "X", "gamma": "gamma", "beta": "beta", "rmean": "running_mean",
                           "rvar": "running_var"},
             "dropout": {"X": "x"}, "penalty": {"W": "W", "b": "b", "x": "x", "t": "t"}}
STEPPERS = ("ops_bn", "ops_do", "ops_pen", "concepts_rnn_step", "concepts_collapse_step")


def _restart_steppers() -> None:
    for prefix in STEPPERS:
        st.session_state.pop(f"{prefix}_sig", None)  # the stepper starts again at 0


def _apply_op(state: ToolState) -> None:
    op = state.kind
    os_.ensure_state()
    os_.reset_op(op)  # also clears the operation's refusals
    shape = state.arrays["W" if op == "penalty" else "X"].shape
    {"batchnorm": os_.resize_batchnorm, "dropout": os_.resize_dropout,
     "penalty": os_.resize_penalty}[op](*shape)
    for name, array in OP_ARRAYS[op].items():
        os_.set_array(op, array, state.arrays[name])
    if op == "penalty":
        os_.put("start", state.arrays["start"].copy())
    for name, setting in OP_SETTINGS[op].items():
        os_.put(setting, state.settings[name])
    os_.set_op(op)


def _apply_concepts(state: ToolState) -> None:
    cs.ensure_state()
    s = state.settings
    for name, value in state.arrays.items():
        cs.set_array(name, value)  # checks the shape the page allows
    if "act" in s:
        st.session_state[cs.KEY_ACT] = s["act"]
    if "seed" in s:
        st.session_state[cs.KEY_SEED] = int(s["seed"])
    if "pixel" in s:
        st.session_state[cs.KEY_PIXEL] = tuple(s["pixel"])
    cs.set_topic(str(s["topic"]))


def apply_tool_state(state: ToolState) -> None:
    if state.kind == "concepts":
        _apply_concepts(state)
    else:
        _apply_op(state)
    _restart_steppers()
