"""Put an /operations or /concepts tool in a lesson step's state (core.course.lesson_ops.ToolState):
the page's canonical arrays and settings, written through the page's own state functions
(ui.operations.state, ui.concepts.state), so the embedded view and the page show the same.

Every array is written in full (the preset is complete), the operation's or topic's earlier
refusals are cleared, and the steppers over these numbers start again from step 0.
"""

from __future__ import annotations

import streamlit as st

from core import batchnorm_trace, dropout_trace
from core.course.lesson_ops import ToolState
from ui.concepts import state as cs
from ui.concepts.rnn_view import STEP_PREFIX as RNN_PREFIX
from ui.concepts.rnn_view import rnn_signature
from ui.operations import batchnorm_view, dropout_view
from ui.operations import state as os_
from ui.stepper import start_at

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


def stepper_of(state: ToolState) -> str | None:
    """The stepper a tool preset's view walks ("batchnorm", "dropout", "rnn"), if any."""
    if state.kind in ("batchnorm", "dropout"):
        return state.kind
    return "rnn" if state.settings.get("topic") == "rnn" else None


def stepper_signature(stepper: str) -> tuple[str, tuple]:
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


def apply_tool_state(state: ToolState, walk: int | None = None) -> None:
    """The preset's state; with walk=k the tool's stepper opens at step k, so the part of
    the example the step's text is about is the one outlined."""
    if state.kind == "concepts":
        _apply_concepts(state)
    else:
        _apply_op(state)
    _restart_steppers()
    stepper = stepper_of(state)
    if walk is not None and stepper is not None:
        start_at(*stepper_signature(stepper), walk)
