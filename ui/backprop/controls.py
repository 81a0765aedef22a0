"""The backpropagation page's sidebar: layer sizes and activation (the explorer's canonical
layer), the loss and its target, the learning rate, and the optional second layer."""

from __future__ import annotations

import streamlit as st

from core import ACTIVATION_LABELS, ACTIVATIONS
from core.course.url_codec import encode_vector
from ui import layer_state as ls
from ui import stepper
from ui.backprop import link
from ui.backprop import state as bs
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.widget_sync import show


@unless_locked
def _on_size_change() -> None:
    ls.apply_size_entries(st.session_state.get("bp_n"), st.session_state.get("bp_m"))


@unless_locked
def _on_act_change() -> None:
    ls.set_activation(st.session_state["bp_act_select"])


@unless_locked
def _on_loss_change() -> None:
    bs.set_loss(st.session_state["bp_loss_select"])


@unless_locked
def _on_target_text() -> None:
    bs.set_target_text(st.session_state.get("bp_t_text", ""))


@unless_locked
def _on_label_change() -> None:
    bs.set_label(int(st.session_state["bp_label_select"]))


@unless_locked
def _on_lr_change() -> None:
    """A refused learning rate (empty, text, out of range) keeps the last one, with a message:
    the box has no min/max, which would clamp silently (an emptied box jumped to the minimum)."""
    value = st.session_state.get("bp_lr_input")
    errors = st.session_state[bs.KEY_ERRORS]
    try:
        if value is None:
            raise ValueError("the learning rate box is empty or not a number")
        bs.set_lr(value)
    except ValueError as exc:
        errors["lr"] = (f"{str(exc)[0].upper()}{str(exc)[1:]}: type a number from "
                        f"{bs.MIN_LR:g} to {bs.MAX_LR:g} with a decimal point. Kept "
                        f"η = {st.session_state[bs.KEY_LR]:g}.")
        return
    errors.pop("lr", None)


@unless_locked
def _on_two_change() -> None:
    bs.set_two_layers(bool(st.session_state["bp_two_toggle"]))


@unless_locked
def _on_act2_change() -> None:
    bs.set_activation2(st.session_state["bp_act2_select"])


@unless_locked
def _on_k_change() -> None:
    k = ls.size_error("k", st.session_state.get("bp_k"), "Outputs of layer 2 (k)",
                      f"Kept layer 2 as it is ({bs.out_size()} outputs).")
    if k is not None:
        bs.resize_second_layer(k)


# This page's own keys besides ui.backprop.state's: the quiz, the descent previews, the
# editors' mode, a pending link step (widget keys among them start again from defaults).
PAGE_KEYS = ("bp_quiz_sig", "bp_quiz_result", "bp_quiz_revealed", "bp_quiz_answer", "bp_quiz_i",
             "bp_quiz_j", "bp_run_n", "bp_applied", "bp_steps_input", "bp_steps_n",
             "bp_plain_inputs",
             "bp_t_text", "bp_t_text_src", link.KEY_PENDING_STEP, link.KEY_LINK_WARNING)


@unless_locked
def _on_reset_everything() -> None:
    """As a fresh session: the default layer (shared with the explorer), loss, targets,
    learning rate, one layer, the first view, the walk at step 0, no quiz answer."""
    old_version = bs.version()
    ls.reset_layer()
    ls.forget(bs.STATE_KEYS + PAGE_KEYS)
    bs.ensure_state()
    st.session_state[bs.KEY_VERSION] = old_version + 1  # never reuse an editor's version
    st.session_state[link.KEY_VIEW] = link.DEFAULT_VIEW
    stepper.start_at(link.STEPPER, (), 0)  # the next run's numbers differ: back to step 0


def _target_text(setup: bs.Setup) -> str:
    return encode_vector(setup.target).replace(",", ", ")


def _target_input(setup: bs.Setup) -> None:
    size = setup.net.out_size
    if setup.loss == "ce":
        show("bp_label_select", int(setup.target))
        st.selectbox("Correct class c", list(range(size)), key="bp_label_select",
                     index=int(setup.target) if 0 <= int(setup.target) < size else 0,
                     format_func=lambda c: f"class {c + 1} (output {c + 1})",
                     on_change=_on_label_change, disabled=locked(),
                     help="Cross-entropy wants a high probability for this class.")
        return
    # Re-seed the text only when the canonical targets changed, so a refused entry stays on
    # screen next to its message instead of vanishing.
    text = _target_text(setup)
    # (Streamlit drops the widget's state while it is not drawn, e.g. under cross-entropy.)
    if (st.session_state.get("bp_t_text_src") != (setup.loss, text)
            or "bp_t_text" not in st.session_state):
        st.session_state["bp_t_text_src"] = (setup.loss, text)
        st.session_state["bp_t_text"] = text
    label = ("Target t (between 0 and 1)" if setup.loss == "bce"
             else f"Targets t ({size} number{'s' if size != 1 else ''}, comma-separated)")
    st.text_input(label, key="bp_t_text", on_change=_on_target_text, disabled=locked(),
                  help="What the network should output for this x.")
    message = st.session_state[bs.KEY_ERRORS].get("t")
    if message:
        st.error(message, icon=":material/block:")


def sidebar_controls(setup: bs.Setup) -> None:
    v = ls.get_values()
    show("bp_m", float(v.m))  # float boxes, value=None: see ls.size_entry
    show("bp_n", float(v.n))
    show("bp_act_select", setup.net.activation)
    show("bp_loss_select", setup.loss)
    show("bp_lr_input", setup.lr)
    show("bp_two_toggle", setup.net.two_layers)
    lock = locked()  # a teacher's lock=1: every setting here is read-only
    with st.sidebar:
        if shown("size") or shown("activation"):
            st.markdown("#### Layer (shared with the explorer)")
        if shown("size"):
            c1, c2 = st.columns(2)
            # Each synced widget also gets its canonical value as its default
            # (ui.widget_sync.show).
            c1.number_input("Inputs m", value=None, step=1.0, format="%g", key="bp_m",
                            on_change=_on_size_change, help=ls.SIZE_HELP, disabled=lock)
            c2.number_input("Outputs n", value=None, step=1.0, format="%g", key="bp_n",
                            on_change=_on_size_change, help=ls.SIZE_HELP, disabled=lock)
            ls.show_size_error()
        if shown("activation"):
            st.selectbox("Activation f", list(ACTIVATIONS), key="bp_act_select",
                         index=list(ACTIVATIONS).index(setup.net.activation), disabled=lock,
                         format_func=ACTIVATION_LABELS.get, on_change=_on_act_change)
        if shown("loss"):
            st.markdown("#### Loss")
            losses = list(bs.allowed_losses(setup.net.out_size))
            st.selectbox("Loss L", losses, key="bp_loss_select", disabled=lock,
                         index=losses.index(setup.loss) if setup.loss in losses else None,
                         format_func=bs.LOSS_NAMES.get, on_change=_on_loss_change,
                         help="Binary cross-entropy needs exactly 1 output; cross-entropy 2 or "
                              "more.")
            _target_input(setup)
        if shown("learning_rate"):
            st.markdown("#### Gradient descent")
            st.number_input("Learning rate η", value=None, key="bp_lr_input", disabled=lock,
                            step=0.01, format="%g", on_change=_on_lr_change,
                            help="How far each step moves the parameters: p ← p − η·∂L/∂p. "
                            f"From {bs.MIN_LR:g} to {bs.MAX_LR:g}, with a decimal point.")
            message = st.session_state[bs.KEY_ERRORS].get("lr")
            if message:
                st.error(message, icon=":material/block:")
        if shown("second_layer"):
            _second_layer_controls(setup, lock)
        if shown("reset"):
            st.divider()
            st.button("Reset everything", key="bp_reset_everything", disabled=lock,
                      on_click=_on_reset_everything, icon=":material/restart_alt:",
                      width="stretch",
                      help="Reset everything on this page: the default example (also on the "
                           "explorer), loss, targets, learning rate, one layer, the first view.")


def _second_layer_controls(setup: bs.Setup, lock: bool) -> None:
    st.markdown("#### Two layers")
    st.toggle("Add a second linear layer", value=setup.net.two_layers, key="bp_two_toggle",
              on_change=_on_two_change, disabled=lock,
              help="y = f2(W2·a + b2) after the activation; the loss then reads y.")
    if setup.net.two_layers:
        show("bp_k", float(setup.net.out_size))
        st.number_input("Outputs of layer 2 (k)", value=None, step=1.0, format="%g",
                        key="bp_k", on_change=_on_k_change, help=ls.SIZE_HELP, disabled=lock)
        message = st.session_state.get(ls.KEY_ERRORS, {}).get("k")
        if message:
            st.error(message, icon=":material/block:")
        show("bp_act2_select", setup.net.activation2)
        st.selectbox("Activation f2 of layer 2", list(ACTIVATIONS), key="bp_act2_select",
                     index=list(ACTIVATIONS).index(setup.net.activation2), disabled=lock,
                     format_func=ACTIVATION_LABELS.get, on_change=_on_act2_change,
                     help="y = f2(W2·a + b2). Linear (none) sends W2·a + b2 to the loss; a "
                          "sigmoid with MSE is the common textbook two-layer example.")
