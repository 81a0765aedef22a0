"""The live tool a lesson step talks about: the pages' own components, never a copy of a view.

Each reads the canonical state (which the step's preset set and the learner may then edit)
exactly as its page does, and draws with the page's own function: the explorer's views from
ui.explorer, the backpropagation views from ui.backprop, the trainer's controls and charts
from ui.train. The URL is not touched here: on /learn it carries lesson= and step=.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core import ACTIVATION_LABELS, ACTIVATIONS, forward_trace
from core.trace.chain import network_trace
from core.trace.net_gradcheck import check_network
from ui import layer_state as ls
from ui.backprop import state as bs
from ui.backprop.chain_view import chain_view
from ui.backprop.descent_view import descent_view
from ui.backprop.loss_view import loss_view
from ui.backprop.step_view import step_view as backprop_steps
from ui.classroom.teacher_link import locked, unless_locked
from ui.explorer.batch_view import batch_view
from ui.explorer.compute_view import compute_view
from ui.explorer.geometry_view import geometry_view
from ui.explorer.step_view import step_view as explorer_steps
from ui.highlight import NONE, SHOW_ALL, Conceal, Highlight
from ui.learn.apply_preset import explorer_signature
from ui.learn.registry import CONCEALING_TOOLS
from ui.learn.tools_ops import OPS_TOOL_VIEWS
from ui.train.live import control_bar, live_view
from ui.train.state import get_session
from ui.widget_sync import show_index

# The pictures beside a lesson's text are drawn at 80 %: a whole W | x | b | z | a row of a
# 2 x 3 layer then fits the tool's column at 1280 px (numbers at 16 px instead of 20).
FIGURE_SCALE = 0.8


def _layer_trace():
    v = ls.get_values()
    return v, forward_trace(v.W, v.x, v.b, ls.get_activation())


def explorer_compute(highlight: Highlight = NONE, conceal: Conceal = SHOW_ALL) -> None:
    v, trace = _layer_trace()
    _activation_picker()
    compute_view(v, trace, highlight, narrow=True, conceal=conceal)  # beside the step's text


def _activation_picker() -> None:
    """The activation, as on the explorer's sidebar: the widget shows the canonical value and
    writes a change back (ui.widget_sync)."""
    key = "learn_act_pick"
    index = show_index(key, list(ACTIVATIONS), ls.get_activation())
    st.selectbox("Activation f (after z = Wx + b)", list(ACTIVATIONS), index=index, key=key,
                 format_func=ACTIVATION_LABELS.get, width=320, disabled=locked(),
                 on_change=unless_locked(lambda: ls.set_activation(st.session_state[key])))


def explorer_steps_tool(highlight: Highlight = NONE) -> None:
    _, trace = _layer_trace()
    explorer_steps(trace, explorer_signature(), link=False, highlight=highlight,
                   scale=FIGURE_SCALE)


def explorer_batch(highlight: Highlight = NONE, conceal: Conceal = SHOW_ALL) -> None:
    batch_view(ls.get_values(), ls.get_activation(), highlight, narrow=True, conceal=conceal)


def explorer_geometry(highlight: Highlight = NONE, conceal: Conceal = SHOW_ALL) -> None:
    # beside the step's text
    geometry_view(ls.get_values(), highlight, narrow=True, conceal=conceal)


def _network():
    setup = bs.get_setup()
    return setup, network_trace(setup.net, setup.x, setup.loss, setup.target)


def backprop_loss(highlight: Highlight = NONE, conceal: Conceal = SHOW_ALL) -> None:
    _, trace = _network()
    loss_view(trace, highlight=highlight, scale=FIGURE_SCALE, narrow=True, conceal=conceal)


def backprop_steps_tool(highlight: Highlight = NONE) -> None:
    setup, trace = _network()
    checks = check_network(setup.net, setup.x, setup.loss, setup.target, trace.grads())
    backprop_steps(trace, checks, bs.signature(setup), link=False, highlight=highlight,
                   scale=FIGURE_SCALE)


def backprop_descent(highlight: Highlight = NONE, conceal: Conceal = SHOW_ALL) -> None:
    setup, trace = _network()
    loss_view(trace, highlight=highlight, scale=FIGURE_SCALE, narrow=True, conceal=conceal)
    descent_view(setup, highlight, conceal)


def backprop_chain(highlight: Highlight = NONE, conceal: Conceal = SHOW_ALL) -> None:
    _, trace = _network()
    chain_view(trace, highlight, conceal)


def train(highlight: Highlight = NONE) -> None:
    sess = get_session()
    epoch_slot = control_bar(sess)
    if sess.trainer is not None:
        live_view(sess, epoch_slot, highlight, narrow=True)  # beside the step's text


def text(highlight: Highlight = NONE) -> None:
    """An explaining step: no tool."""


# Each takes the step's Highlight (what its text refers to), outlined by the view itself.
# Those in CONCEALS also take a Conceal (what the step's checkpoint asks for, "?" until it
# is answered; ui.highlight.Conceal).
TOOL_VIEWS: dict[str, Callable[[Highlight], None]] = {
    "text": text,
    "explorer.compute": explorer_compute,
    "explorer.steps": explorer_steps_tool,
    "explorer.batch": explorer_batch,
    "explorer.geometry": explorer_geometry,
    "backprop.loss": backprop_loss,
    "backprop.steps": backprop_steps_tool,
    "backprop.descent": backprop_descent,
    "backprop.chain": backprop_chain,
    "train": train,
}
TOOL_VIEWS.update(OPS_TOOL_VIEWS)  # the /operations and /concepts tools (ui.learn.tools_ops)

CONCEALS = CONCEALING_TOOLS  # ui.learn.registry: every view here takes (highlight, conceal)
