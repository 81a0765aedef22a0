"""The explorer's sidebar: sizes, activation, presets, randomize, reset; and its share link."""

from __future__ import annotations

import streamlit as st

from core import ACTIVATION_LABELS, ACTIVATIONS
from core.layer_setup import PRESET_LABELS, PRESETS
from ui import layer_state as ls
from ui import url_state
from ui.expanders import lazy_expander
from ui.url_state import pending_link, share_url, write_link
from ui.widget_sync import show

PAGE = "explorer"
KEY_LINK_WARNING = "explorer_link_warning"


def apply_link() -> None:
    """A deep link (or hand-edited URL) sets the layer once; a bad one opens the defaults and
    says what was wrong."""
    raw = pending_link(PAGE, ls.LAYER_FIELDS)
    if raw is None:
        return
    values, act, problems = ls.read_layer_link(raw)
    if values is None:
        ls.set_values(ls.DEFAULT)
        st.session_state[ls.KEY_ACT] = act or ls.DEFAULT_ACT
    else:
        ls.set_values(values)
        st.session_state[ls.KEY_ACT] = act or ls.DEFAULT_ACT
    st.session_state[ls.KEY_ERRORS] = {}
    if problems:
        opened = "the default example" if values is None else "the rest of the link"
        st.session_state[KEY_LINK_WARNING] = (
            "This link could not be read completely, so it opened " + opened + ". "
            + " ".join(p if p.endswith(".") else p + "." for p in problems)
        )
    else:
        st.session_state.pop(KEY_LINK_WARNING, None)


def show_link_warning() -> None:
    url_state.show_link_warning(KEY_LINK_WARNING, "dismiss_link_warning")


def _on_size_change() -> None:
    ls.apply_size_entries(st.session_state.get("n_outputs"), st.session_state.get("m_inputs"))


def _on_act_change() -> None:
    ls.set_activation(st.session_state["act_select"])


def _on_load_preset() -> None:
    ls.apply_preset(st.session_state["preset_choice"], int(st.session_state["random_seed"]))
    if st.session_state["preset_choice"] == "worked_example":
        st.session_state[ls.KEY_ACT] = "linear"


def _on_randomize() -> None:
    ls.apply_preset("random_integers", int(st.session_state["random_seed"]))


def _on_reset() -> None:
    ls.set_values(ls.DEFAULT)
    st.session_state[ls.KEY_ACT] = ls.DEFAULT_ACT
    st.session_state[ls.KEY_ERRORS] = {}
    st.session_state.pop(KEY_LINK_WARNING, None)


def sidebar_controls() -> None:
    values = ls.get_values()
    show("n_outputs", float(values.n))  # float boxes, value=None: see ls.size_entry
    show("m_inputs", float(values.m))
    show("act_select", ls.get_activation())
    with st.sidebar:
        st.markdown("#### Layer setup")
        c1, c2 = st.columns(2)
        # value= / index= repeat the canonical value: see ui.widget_sync.show.
        c1.number_input("Inputs m", value=None, step=1.0, format="%g",
                        key="m_inputs", on_change=_on_size_change,
                        help="Number of inputs: columns of W. " + ls.SIZE_HELP)
        c2.number_input("Outputs n", value=None, step=1.0, format="%g",
                        key="n_outputs", on_change=_on_size_change,
                        help="Number of outputs: rows of W. " + ls.SIZE_HELP)
        ls.show_size_error()
        st.selectbox("Activation f", list(ACTIVATIONS), key="act_select",
                     index=list(ACTIVATIONS).index(ls.get_activation()),
                     format_func=ACTIVATION_LABELS.get, on_change=_on_act_change)
        st.selectbox("Preset", PRESETS, key="preset_choice", format_func=PRESET_LABELS.get)
        st.number_input("Seed (for random integers)", 0, 99_999, step=1, key="random_seed")
        st.button("Load preset", key="load_preset", on_click=_on_load_preset,
                  icon=":material/download:", width="stretch")
        b1, b2 = st.columns(2)
        b1.button("Randomize", key="randomize", on_click=_on_randomize,
                  help="Small random integers from the seed", width="stretch")
        b2.button("Reset", key="reset_layer", on_click=_on_reset, width="stretch",
                  help="Back to the default example")
        st.caption("Growing a size keeps every value that still fits; new cells start at 0.")


def share_link_box() -> None:
    """Keep the URL in step with the layer and offer the link to copy."""
    v = ls.get_values()
    encoded = write_link(PAGE, ls.LAYER_FIELDS,
                         {"W": v.W, "x": v.x, "b": v.b, "act": ls.get_activation()})
    box = lazy_expander("Share this exact example", "share_open", ":material/link:")
    if box is not None:
        box.caption("Copy the link (button at the right of the box); it opens this layer.")
        box.code(share_url(PAGE, encoded), language=None, wrap_lines=True)
