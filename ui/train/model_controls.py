"""Sidebar: the network (layers, neurons, activations, dropout, batch norm, initialization, seed)
and how it trains (loss, optimizer, learning rate, batch size, L1/L2)."""

from __future__ import annotations

import functools

import numpy as np
import streamlit as st

from core import ACTIVATION_LABELS, ELEMENTWISE_ACTIVATIONS, INIT_LABELS, INITS
from core.train.model_config import MAX_HIDDEN_LAYERS, MAX_NEURONS
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.train.settings import (
    DEFAULT_NEURONS,
    DROPOUT_RATES,
    LEARNING_RATES,
    LOSS_LABELS,
    MAX_SEED,
    MOMENTA,
    OPTIMIZER_LABELS,
    REG_RATES,
    TASK_LOSSES,
    check_loss,
    check_lr,
    with_option,
)
from ui.train.state import bind, field_error, get_session
from ui.whole_number import whole_number_box
from ui.widget_sync import show, show_index


def rate_text(v: object) -> str:
    """0.00001 -> '0.00001' (Playground writes rates out, never as 1e-05)."""
    try:
        return np.format_float_positional(float(v), trim="-")
    except (TypeError, ValueError):
        return str(v)


@unless_locked
def _add_layer() -> None:
    sess = get_session()
    s = sess.settings
    if len(s.hidden) < MAX_HIDDEN_LAYERS:
        act = s.activations[-1] if s.activations else "tanh"
        sess.update(hidden=(*s.hidden, DEFAULT_NEURONS), activations=(*s.activations, act))


@unless_locked
def _remove_layer() -> None:
    sess = get_session()
    s = sess.settings
    if s.hidden:
        sess.update(hidden=s.hidden[:-1], activations=s.activations[:-1])


@unless_locked
def _set_neurons(k: int, width: int) -> None:
    sess = get_session()
    hidden = list(sess.settings.hidden)
    hidden[k] = width
    sess.update(hidden=tuple(hidden))


@unless_locked
def _set_seed(seed: int) -> None:
    get_session().update(seed=seed)


@unless_locked
def _on_layer_act(k: int) -> None:
    sess = get_session()
    acts = list(sess.settings.activations)
    acts[k] = st.session_state[f"tr_act_{k}"]
    sess.update(activations=tuple(acts))


@unless_locked
def _on_all_act() -> None:
    sess = get_session()
    sess.update(activations=(st.session_state["tr_activation"],) * len(sess.settings.hidden))


@unless_locked
def _on_per_layer() -> None:
    # Turning per-layer off makes every layer use the first layer's activation.
    if not st.session_state["tr_per_layer_act"]:
        sess = get_session()
        acts = sess.settings.activations
        sess.update(activations=(acts[0],) * len(acts) if acts else ())


def network_controls() -> None:
    if not shown("network"):
        return
    sess = get_session()
    s = sess.settings
    lock = locked()  # a teacher's lock=1: every setting here is read-only
    with st.sidebar:
        st.markdown("#### Network")
        c1, c2, c3 = st.columns([1, 1, 3], vertical_alignment="center")
        c1.button("", key="tr_remove_layer", icon=":material/remove:", on_click=_remove_layer,
                  disabled=not s.hidden or lock, help="Remove the last hidden layer")
        c2.button("", key="tr_add_layer", icon=":material/add:", on_click=_add_layer,
                  disabled=len(s.hidden) >= MAX_HIDDEN_LAYERS or lock, help="Add a hidden layer")
        n = len(s.hidden)
        c3.markdown(f"**{n} hidden layer{'s' if n != 1 else ''}**")
        per_layer = st.session_state.get("tr_per_layer_act", not s.same_activation)
        per_layer = per_layer or not s.same_activation
        for k, width in enumerate(s.hidden):
            if per_layer:
                a, b = st.columns(2)
                whole_number_box(f"Layer {k + 1} neurons", f"tr_neurons_{k}", width, 1,
                                 MAX_NEURONS, functools.partial(_set_neurons, k), disabled=lock,
                                 where=a)
                b.selectbox(f"Layer {k + 1} activation", ELEMENTWISE_ACTIVATIONS,
                            index=show_index(f"tr_act_{k}", ELEMENTWISE_ACTIVATIONS,
                                             s.activations[k]),
                            format_func=ACTIVATION_LABELS.get, key=f"tr_act_{k}",
                            on_change=_on_layer_act, args=(k,), disabled=lock)
            else:
                whole_number_box(f"Layer {k + 1} neurons", f"tr_neurons_{k}", width, 1,
                                 MAX_NEURONS, functools.partial(_set_neurons, k), disabled=lock)
        if s.hidden:
            st.toggle("Activation per layer", value=show("tr_per_layer_act", per_layer),
                      key="tr_per_layer_act", on_change=_on_per_layer, disabled=lock)
            if not per_layer:
                st.selectbox("Activation", ELEMENTWISE_ACTIVATIONS,
                             index=show_index("tr_activation", ELEMENTWISE_ACTIVATIONS,
                                              s.activations[0]),
                             format_func=ACTIVATION_LABELS.get, key="tr_activation",
                             on_change=_on_all_act, disabled=lock)
        else:
            st.caption("No hidden layer: the output is a linear layer of the inputs (plus the "
                       "output's sigmoid or softmax).")
        rates = with_option(DROPOUT_RATES, s.dropout)
        st.selectbox("Dropout rate", rates, index=show_index("tr_dropout", rates, s.dropout),
                     format_func=rate_text, disabled=lock,
                     help="During training each hidden neuron is switched off with this "
                          "probability (inverted dropout); off when the maps are drawn.",
                     **bind("tr_dropout", "dropout"))
        st.toggle("Batch normalization", value=show("tr_batch_norm", s.batch_norm),
                  help="BatchNorm1d after each hidden linear layer", disabled=lock,
                  **bind("tr_batch_norm", "batch_norm"))
        st.selectbox("Initialization", INITS, index=show_index("tr_init", INITS, s.init),
                     format_func=INIT_LABELS.get, disabled=lock,
                     **bind("tr_init", "init"))
        whole_number_box("Seed (initial weights, shuffling, dropout)", "tr_seed", s.seed, 0,
                         MAX_SEED, _set_seed, disabled=lock)


def training_controls() -> None:
    sess = get_session()
    s = sess.settings
    task = sess.bundle.task
    lock = locked()
    with st.sidebar:
        st.markdown("#### Training")
        if shown("training"):
            # Options are stable ids (bce, ce, mse); labels are display only, one per id.
            losses = list(TASK_LOSSES[task])
            st.selectbox("Loss", losses, index=show_index("tr_loss", losses, s.loss),
                         format_func=LOSS_LABELS.get, disabled=len(losses) == 1 or lock,
                         help="Mean squared error on classes is what Playground uses.",
                         **bind("tr_loss", "loss", lambda v: check_loss(v, task)))
            field_error("loss")
            st.selectbox("Optimizer", list(OPTIMIZER_LABELS),
                         index=show_index("tr_optimizer", list(OPTIMIZER_LABELS), s.optimizer),
                         format_func=OPTIMIZER_LABELS.get, disabled=lock,
                         **bind("tr_optimizer", "optimizer"))
            momenta = with_option(MOMENTA, s.momentum)
            st.selectbox("Momentum", momenta,
                         index=show_index("tr_momentum", momenta, s.momentum),
                         format_func=rate_text, disabled=s.optimizer != "momentum" or lock,
                         **bind("tr_momentum", "momentum"))
        if shown("learning_rate"):
            rates = with_option(LEARNING_RATES, s.lr)
            st.selectbox("Learning rate", rates, index=show_index("tr_lr", rates, s.lr),
                         format_func=rate_text,
                         accept_new_options=True, disabled=lock,
                         help="Pick one of Playground's rates or type your own (above 0, up to "
                         "100, with a decimal point: 0.05).",
                         **bind("tr_lr", "lr", check_lr))
            field_error("lr")
        if shown("training"):
            n_train = sess.bundle.n_train
            lo = 2 if s.batch_norm else 1
            st.slider("Batch size", lo, max(n_train, lo + 1),
                      value=show("tr_batch_size", min(max(s.batch_size, lo), n_train)),
                      disabled=lock, help=f"1 to all {n_train} training "
                      "points", **bind("tr_batch_size", "batch_size"))
        if shown("regularization"):
            c1, c2 = st.columns(2)
            l1_rates, l2_rates = with_option(REG_RATES, s.l1), with_option(REG_RATES, s.l2)
            c1.selectbox("L1 rate", l1_rates, index=show_index("tr_l1", l1_rates, s.l1),
                         format_func=rate_text, disabled=lock,
                         **bind("tr_l1", "l1"))
            c2.selectbox("L2 rate", l2_rates, index=show_index("tr_l2", l2_rates, s.l2),
                         format_func=rate_text, disabled=lock,
                         **bind("tr_l2", "l2"))
        for note in sess.notes:
            st.caption(note)
