"""The explorer's sidebar: sizes, activation, presets, randomize, reset; and its share link.

The link carries the layer (W, x, b, act), the view (view=), the stepper's position (step=, with
view=steps) and the batch view's X (X=, once the batch view has been opened).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import ACTIVATION_LABELS, ACTIVATIONS
from core.course.layer_setup import PRESET_LABELS, PRESETS
from core.course.url_codec import decode_matrix, encode_matrix
from ui import layer_state as ls
from ui import stepper, url_state
from ui.classroom.present import presenting
from ui.classroom.teacher_link import class_link_box, locked, shown, unless_locked
from ui.expanders import lazy_expander
from ui.url_state import (
    UrlField,
    decode_choice,
    decode_link,
    decode_step,
    pending_link,
    share_url,
    update_link,
    write_link,
)
from ui.whole_number import whole_number_box
from ui.widget_sync import show

PAGE = "explorer"
KEY_LINK_WARNING = "explorer_link_warning"
KEY_VIEW = "explorer_view"  # the segmented control's key
KEY_PENDING_STEP = "explorer_link_step"  # a link's step=, applied once the walk is known
KEY_BATCH_X, KEY_BATCH_VER = "batch_X", "batch_version"  # ui.explorer.batch_view's keys
STEPPER = "step"  # ui.stepper prefix of the step-by-step view
DEFAULT_VIEW = "compute"
VIEWS = {
    "compute": ":material/edit: Edit & compute",
    "steps": ":material/footprint: Step by step",
    "batch": ":material/table_rows: Batch",
    "geometry": ":material/square_foot: Geometry",
    "quiz": ":material/quiz: Check yourself",
}
VIEW_FIELDS = (
    UrlField("view", lambda s: decode_choice(s, tuple(VIEWS), "view"), str),
    UrlField("step", decode_step, str),
    UrlField("X", lambda s: decode_matrix(s, "X"), encode_matrix),
)
FIELDS = ls.LAYER_FIELDS + VIEW_FIELDS
LAYER_NAMES = tuple(f.name for f in ls.LAYER_FIELDS)


def _apply_layer(raw: dict[str, str], problems: list[str]) -> None:
    layer_raw = {k: v for k, v in raw.items() if k in LAYER_NAMES}
    if not layer_raw:
        return  # a link with only view, step or X keeps the current layer
    values, act, layer_problems = ls.read_layer_link(layer_raw)
    problems += layer_problems
    ls.set_values(ls.DEFAULT if values is None else values)
    st.session_state[ls.KEY_ACT] = act or ls.DEFAULT_ACT
    st.session_state[ls.KEY_ERRORS] = {}


def _apply_view(raw: dict[str, str], extra: dict, problems: list[str]) -> None:
    view = extra.get("view", DEFAULT_VIEW)
    st.session_state[KEY_VIEW] = view
    st.session_state.pop(KEY_PENDING_STEP, None)
    if "step" in extra:
        if view == "steps":
            st.session_state[KEY_PENDING_STEP] = extra["step"]
        else:
            problems.append("`step` is a position in the step-by-step view, so it needs "
                            "view=steps; it was not used")
    st.session_state.pop(KEY_BATCH_X, None)  # no X in the link: the batch view's default
    X = extra.get("X")
    m = ls.get_values().m
    if X is not None and X.shape[1] != m:
        problems.append(f"`X` has {X.shape[1]} columns but W has {m}, so the batch view "
                        "opened its default X")
    elif X is not None:
        st.session_state[KEY_BATCH_X] = X
    st.session_state[KEY_BATCH_VER] = st.session_state.get(KEY_BATCH_VER, 0) + 1


def apply_link() -> None:
    """A deep link (or hand-edited URL) sets the page once; what could not be read falls back
    to its default and the warning says what was wrong."""
    raw = pending_link(PAGE, FIELDS)
    if raw is None:
        return
    problems: list[str] = []
    _apply_layer(raw, problems)
    extra, extra_problems = decode_link(
        {k: v for k, v in raw.items() if k not in LAYER_NAMES}, VIEW_FIELDS)
    problems += extra_problems
    _apply_view(raw, extra, problems)
    if problems:
        st.session_state[KEY_LINK_WARNING] = (
            "This link could not be read completely; what was wrong fell back to its "
            "default. " + " ".join(p[0].upper() + p[1:] + ("" if p.endswith(".") else ".")
                                   for p in problems)
        )
    else:
        st.session_state.pop(KEY_LINK_WARNING, None)


def show_link_warning() -> None:
    url_state.show_link_warning(KEY_LINK_WARNING, "dismiss_link_warning")


@unless_locked
def _on_size_change() -> None:
    ls.apply_size_entries(st.session_state.get("n_outputs"), st.session_state.get("m_inputs"))


@unless_locked
def _on_act_change() -> None:
    ls.set_activation(st.session_state["act_select"])


KEY_RANDOM_SEED = "random_seed_value"  # the kept seed (a refused entry in its box keeps it)


def _random_seed() -> int:
    return int(st.session_state.get(KEY_RANDOM_SEED, 0))


def _set_random_seed(seed: int) -> None:
    st.session_state[KEY_RANDOM_SEED] = seed


@unless_locked
def _on_load_preset() -> None:
    ls.apply_preset(st.session_state["preset_choice"], _random_seed())
    if st.session_state["preset_choice"] == "worked_example":
        st.session_state[ls.KEY_ACT] = "linear"


@unless_locked
def _on_randomize() -> None:
    ls.apply_preset("random_integers", _random_seed())


@unless_locked
def _on_reset() -> None:
    ls.reset_layer()
    st.session_state.pop(KEY_LINK_WARNING, None)


# Everything else this page keeps: the quiz, the batch view, the presets' choices, the editors'
# mode. (Widget keys among them start again from their defaults.)
PAGE_KEYS = ("quiz_sig", "quiz_result", "quiz_revealed", "quiz_answer", "quiz_output",
             "quiz_quantity", KEY_BATCH_X, "batch_error", "batch_rows", "preset_choice",
             "random_seed", KEY_RANDOM_SEED, "plain_inputs", KEY_PENDING_STEP)


@unless_locked
def _on_reset_everything() -> None:
    """As a fresh session: the default layer, the first view, the walk at step 0, no quiz
    answer, the default batch, no warning."""
    _on_reset()
    ls.forget(PAGE_KEYS)
    st.session_state[KEY_VIEW] = DEFAULT_VIEW
    st.session_state[KEY_BATCH_VER] = st.session_state.get(KEY_BATCH_VER, 0) + 1
    stepper.start_at(STEPPER, (), 0)  # the next run's numbers differ: the walk restarts at 0


def sidebar_controls() -> None:
    values = ls.get_values()
    show("n_outputs", float(values.n))  # float boxes, value=None: see ls.size_entry
    show("m_inputs", float(values.m))
    show("act_select", ls.get_activation())
    lock = locked()
    with st.sidebar:
        st.markdown("#### Layer setup")
        if shown("size"):
            c1, c2 = st.columns(2)
            # value= / index= repeat the canonical value: see ui.widget_sync.show.
            c1.number_input("Inputs m", value=None, step=1.0, format="%g", disabled=lock,
                            key="m_inputs", on_change=_on_size_change,
                            help="Number of inputs: columns of W. " + ls.SIZE_HELP)
            c2.number_input("Outputs n", value=None, step=1.0, format="%g", disabled=lock,
                            key="n_outputs", on_change=_on_size_change,
                            help="Number of outputs: rows of W. " + ls.SIZE_HELP)
            ls.show_size_error()
        if shown("activation"):
            st.selectbox("Activation f", list(ACTIVATIONS), key="act_select",
                         index=list(ACTIVATIONS).index(ls.get_activation()), disabled=lock,
                         format_func=ACTIVATION_LABELS.get, on_change=_on_act_change)
        if shown("presets"):
            st.selectbox("Preset", PRESETS, key="preset_choice", format_func=PRESET_LABELS.get,
                         disabled=lock)
            whole_number_box("Seed (for random integers)", "random_seed", _random_seed(), 0,
                             99_999, _set_random_seed, disabled=lock)
            st.button("Load preset", key="load_preset", on_click=_on_load_preset,
                      icon=":material/download:", width="stretch", disabled=lock)
        b1, b2 = st.columns(2)
        if shown("presets"):
            b1.button("Randomize", key="randomize", on_click=_on_randomize, disabled=lock,
                      help="Small random integers from the seed", width="stretch")
        if shown("reset"):
            b2.button("Reset", key="reset_layer", on_click=_on_reset, width="stretch",
                      help="Back to the default example", disabled=lock)
        if shown("size"):
            st.caption("Growing a size keeps every value that still fits; new cells start at 0.")
        if shown("reset"):
            st.divider()
            st.button("Reset everything", key="reset_everything", on_click=_on_reset_everything,
                      icon=":material/restart_alt:", width="stretch", disabled=lock,
                      help="Reset everything on this page: the default example, the first "
                           "view, the walk at step 0, no quiz answer, the default batch.")


def start_steps_from_link(signature: tuple, total: int) -> None:
    """Put the step-by-step walk where the link's step= said, once its numbers are known."""
    stepper.start_from_pending(STEPPER, KEY_PENDING_STEP, signature, total)


def link_step(k: int) -> None:
    """Called by the step view on every step (a fragment run): the link follows the walk."""
    update_link(PAGE, {"step": str(k)})


def link_values(view: str) -> dict:
    v = ls.get_values()
    values: dict = {"W": v.W, "x": v.x, "b": v.b, "act": ls.get_activation(), "view": view}
    if view == "steps":
        values["step"] = stepper.position(STEPPER)
    X = st.session_state.get(KEY_BATCH_X)
    if isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[1] == v.m:
        values["X"] = X
    return values


def share_link_box(view: str = DEFAULT_VIEW) -> None:
    """Keep the URL in step with the page and offer the link to copy."""
    encoded = write_link(PAGE, FIELDS, link_values(view))
    if presenting() or not shown("share"):  # presenter mode: no boxes
        return
    class_link_box(PAGE, encoded)
    box = lazy_expander("Share this exact example", "share_open", ":material/link:")
    if box is not None:
        box.caption("Copy the link (button at the right of the box); it opens this layer, "
                    "this view and, step by step, this step.")
        box.code(share_url(PAGE, encoded), language=None, wrap_lines=True)
