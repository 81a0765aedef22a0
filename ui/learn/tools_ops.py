"""The /operations and /concepts tools a lesson step embeds: the pages' own views, drawn with
link=False (on /learn the URL carries lesson= and step=; the tool must not rewrite it), with
the few settings a step asks the learner to change (mode, p, λ, the penalty) as the page's own
inputs (ui.operations.inputs), in the main column instead of the page's sidebar.

Each tool reads the canonical state (ui.operations.state, ui.concepts.state) that the step's
preset set (ui.learn.apply_ops) and the learner may then edit, exactly as its page does.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.trace.ops_penalty import KIND_LABELS, KINDS
from ui.concepts import state as cs
from ui.concepts.cnn_view import cnn_view
from ui.concepts.collapse_view import collapse_view
from ui.concepts.rnn_view import rnn_view
from ui.concepts.transformer_view import transformer_view
from ui.concepts.xor_view import xor_view
from ui.highlight import NONE, SHOW_ALL
from ui.learn.registry import PAGE_TOOLS
from ui.operations import link as ops_link
from ui.operations import state as os_
from ui.operations.batchnorm_view import batchnorm_view
from ui.operations.controls import MODE_LABELS
from ui.operations.dropout_view import dropout_view
from ui.operations.inputs import setting_choice, setting_text
from ui.operations.penalty_view import penalty_view

OP_VIEWS = {"batchnorm": batchnorm_view, "dropout": dropout_view, "penalty": penalty_view}
TOPIC_VIEWS = {"collapse": collapse_view, "xor": xor_view, "cnn": cnn_view, "rnn": rnn_view,
               "transformer": transformer_view}


def _decoder(op: str, name: str):
    """The share link's decoder for a setting: a typed value is refused by the link's rule."""
    return next(f.decode for f in ops_link.FIELDS[op] if f.name == name)


def _settings_row(op: str) -> None:
    """The settings of the page's sidebar that the lessons talk about, in one row."""
    with st.container(border=True, key=f"learn_ops_settings_{op}"):
        if op == "batchnorm":
            setting_choice(st, "Mode", "bn_mode", os_.MODES, MODE_LABELS.get,
                           help="train: batch statistics; eval: running statistics "
                                "(model.train() / model.eval())")
            return
        left, right = st.columns(2, gap="medium")
        if op == "dropout":
            setting_choice(left, "Mode", "do_mode", os_.MODES, MODE_LABELS.get)
            setting_text(right, "p (probability of dropping)", "p", _decoder("dropout", "p"),
                         f"From 0 to {os_.MAX_P:g}; PyTorch's nn.Dropout(p) drops with "
                         "probability p")
            return
        setting_choice(left, "Penalty", "kind", KINDS, KIND_LABELS.get)
        setting_text(right, "λ (lambda)", "lam", _decoder("penalty", "lambda"),
                     "The penalty's strength, 0 to 10")


def _op_tool(op: str, view: str) -> Callable[..., None]:
    def tool(highlight: object = None, conceal: object = None) -> None:
        # highlight: ui.highlight (a stepper outlines its own); conceal: ui.highlight.Conceal
        # (the penalty step's weights, or how far a stepper may walk, until a lesson's
        # checkpoint is answered)
        os_.ensure_state()
        os_.set_op(op)  # /operations then opens on what the lesson showed
        os_.set_view(op, view)
        _settings_row(op)
        if op == "penalty":
            OP_VIEWS[op](view, link=False, highlight=highlight or NONE,
                         conceal=conceal or SHOW_ALL)
        else:
            OP_VIEWS[op](view, link=False, conceal=conceal or SHOW_ALL)
    return tool


def _topic_tool(topic: str) -> Callable[..., None]:
    def tool(highlight: object = None, conceal: object = None) -> None:
        # highlight: ui.highlight (a stepper outlines its own); conceal: ui.highlight.Conceal
        # (the transformer's Q, K, V cells, the convolution's channels, how far the RNN's
        # stepper may walk, until a lesson's checkpoint is answered)
        cs.ensure_state()
        cs.set_topic(topic)
        if topic in ("transformer", "cnn"):
            TOPIC_VIEWS[topic](link=False, highlight=highlight or NONE,
                               conceal=conceal or SHOW_ALL)
        elif topic == "rnn":
            TOPIC_VIEWS[topic](link=False, conceal=conceal or SHOW_ALL)
        else:
            TOPIC_VIEWS[topic](link=False)
    return tool


OPS_TOOL_VIEWS: dict[str, Callable[..., None]] = {
    name: (_topic_tool(view) if page == "concepts" else _op_tool(page, view))
    for name, (page, view, _) in PAGE_TOOLS.items()
}
