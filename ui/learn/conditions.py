"""Completion conditions of action steps: has the tool reached the state the step asks for?

Each condition reads the canonical state the embedded tool edits (never a widget), through
the core, and returns (met, what is still missing). The names and their parameters are
ui.learn.registry.CONDITIONS.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping

import streamlit as st

from core import forward_trace
from core.trace.chain import network_loss, network_trace
from core.trace.geometry import determinant
from ui import layer_state as ls
from ui.backprop import state as bs
from ui.format import fmt
from ui.learn.apply_preset import explorer_signature
from ui.learn.conditions_ops import OPS_CHECKS
from ui.train.state import get_session

TOLERANCE = 1e-6  # "z = 0" is met by 0.0000001 (what float arithmetic leaves), not by 0.01


def _current_z():
    v = ls.get_values()
    return forward_trace(v.W, v.x, v.b, ls.get_activation())


def output_equals(p: Mapping) -> tuple[bool, str]:
    i, target = int(p["output"]), float(p["value"])
    trace = _current_z()
    if not 1 <= i <= len(trace.outputs):
        return False, f"The layer needs at least {i} outputs."
    z = trace.outputs[i - 1].z
    met = abs(z - target) <= TOLERANCE * max(1.0, abs(target))
    return met, f"z{i} is {fmt(z)} now; make it {fmt(target)}."


def activation_is(p: Mapping) -> tuple[bool, str]:
    name = str(p["name"])
    return ls.get_activation() == name, f"Choose the activation {name}."


def walked_to_end(p: Mapping) -> tuple[bool, str]:
    """The explorer's stepper (prefix "step"), or the backprop page's ("bp_step") with
    stepper = "backprop", at its last step for the numbers now in the tool."""
    if p.get("stepper", "explorer") == "backprop":
        setup = bs.get_setup()
        total = len(network_trace(setup.net, setup.x, setup.loss, setup.target).steps)
        prefix, signature = "bp_step", bs.signature(setup)
    else:
        total, prefix, signature = len(_current_z().steps), "step", explorer_signature()
    s = st.session_state
    at_end = s.get(f"{prefix}_sig") == signature and s.get(f"{prefix}_k", 0) >= total
    return at_end, f"Press Next in the stepper until its last step ({total})."


def det_sign(p: Mapping) -> tuple[bool, str]:
    v = ls.get_values()
    if v.W.shape != (2, 2):
        return False, "W must be 2×2."
    det = determinant(v.W)
    want = str(p["sign"])
    met = {"negative": det < 0, "zero": abs(det) <= TOLERANCE, "positive": det > 0}[want]
    return met, f"det W is {fmt(det)} now; make it {want}."


def loss_below(p: Mapping) -> tuple[bool, str]:
    setup = bs.get_setup()
    loss = network_loss(setup.net, setup.x, setup.loss, setup.target)
    value = float(p["value"])
    met = math.isfinite(loss) and loss < value
    return met, f"L is {fmt(loss)} now; bring it below {fmt(value)} (apply steps)."


def test_loss_below(p: Mapping) -> tuple[bool, str]:
    sess = get_session()
    value = float(p["value"])
    if sess.trainer is None:
        return False, "Train the network."
    with sess_lock(sess):
        loss = sess.metrics()["test_loss"]
    met = math.isfinite(loss) and loss < value
    return met, f"The test loss is {fmt(round(loss, 4))} now; train until it is below {value:g}."


def second_layer_on(p: Mapping) -> tuple[bool, str]:
    bs.ensure_state()
    return bool(st.session_state[bs.KEY_TWO]), "Add the second linear layer."


def sess_lock(sess):
    """The session trainer's lock when the train page has one, else a no-op context."""
    lock = getattr(sess, "lock", None)
    return lock if lock is not None else contextlib.nullcontext()


CHECKS: dict[str, Callable[[Mapping], tuple[bool, str]]] = {
    "output_equals": output_equals,
    "activation_is": activation_is,
    "walked_to_end": walked_to_end,
    "det_sign": det_sign,
    "loss_below": loss_below,
    "test_loss_below": test_loss_below,
    "second_layer_on": second_layer_on,
}


CHECKS.update(OPS_CHECKS)  # the /operations and /concepts tools (ui.learn.conditions_ops)


def check(condition: Mapping | None) -> tuple[bool, str]:
    """(met, what is missing) for a step's `complete` table; an explaining step is met."""
    if condition is None:
        return True, ""
    return CHECKS[str(condition["kind"])](condition)
