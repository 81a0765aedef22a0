"""The backpropagation page's share link: the explorer's W, x, b, act plus t, loss, lr (and
W2, b2, act2 when the second layer is on), read and written through the same UrlField table.

t is the targets for mse/bce ('30,12') or, for ce, the correct class counted from 1 as the page
shows it ('t=2' is output a2). A malformed value falls back to its default and the page says
which parameter was wrong; the rest of the link still applies.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.course.layer_setup import parse_number
from core.course.url_codec import (
    decode_matrix,
    decode_vector,
    encode_matrix,
    encode_vector,
    format_number,
)
from core.trace.loss_trace import LOSS_KINDS, check_target
from ui import layer_state as ls
from ui import stepper, url_state
from ui.backprop import state as bs
from ui.classroom.present import presenting
from ui.classroom.teacher_link import class_link_box, shown
from ui.expanders import lazy_expander
from ui.safe_text import MESSAGE_CHARS, user_text
from ui.url_state import (
    MAX_QUERY_CHARS,
    UrlField,
    decode_choice,
    decode_link,
    decode_step,
    pending_link,
    share_url,
    update_link,
    write_link,
)

PAGE = "backprop"
KEY_LINK_WARNING = "backprop_link_warning"
KEY_VIEW = "bp_view"  # the segmented control's key
KEY_PENDING_STEP = "bp_link_step"  # a link's step=, applied once the walk is known
STEPPER = "bp_step"  # ui.stepper prefix of the backward step-by-step view
DEFAULT_VIEW = "steps"
VIEWS = {
    "steps": ":material/footprint: Backward step by step",
    "check": ":material/fact_check: Gradient check",
    "descent": ":material/trending_down: Gradient descent",
    "chain": ":material/link: Two layers",
    "quiz": ":material/quiz: Check yourself",
}


def _decode_loss(text: str) -> str:
    value = text.strip().lower()
    if value not in LOSS_KINDS:
        raise ValueError(f"unknown loss '{value[:20]}'; use one of {', '.join(LOSS_KINDS)}")
    return value


def _decode_lr(text: str) -> float:
    value = parse_number(text)
    if not bs.MIN_LR <= value <= bs.MAX_LR:
        raise ValueError(f"must be between {bs.MIN_LR:g} and {bs.MAX_LR:g}")
    return value


EXTRA_FIELDS = (
    UrlField("t", lambda s: decode_vector(s, "t"), encode_vector),
    UrlField("loss", _decode_loss, str),
    UrlField("lr", _decode_lr, format_number),
    UrlField("W2", lambda s: decode_matrix(s, "W2"), encode_matrix),
    UrlField("b2", lambda s: decode_vector(s, "b2"), encode_vector),
    UrlField("act2", ls.decode_activation, str),
    UrlField("view", lambda s: decode_choice(s, tuple(VIEWS), "view"), str),
    UrlField("step", decode_step, str),
)
FIELDS = ls.LAYER_FIELDS + EXTRA_FIELDS
LAYER_NAMES = tuple(f.name for f in ls.LAYER_FIELDS)


def _apply_layer(raw: dict[str, str], problems: list[str]) -> None:
    layer_raw = {k: v for k, v in raw.items() if k in LAYER_NAMES}
    if not layer_raw:
        return  # a link with only t, loss or lr keeps the current layer
    values, act, layer_problems = ls.read_layer_link(layer_raw)
    problems += layer_problems
    if any(k in layer_raw for k in ("W", "x", "b")):
        ls.set_values(values if values is not None else ls.DEFAULT)
        st.session_state[ls.KEY_ERRORS] = {}
    if "act" in layer_raw:
        ls.set_activation(act or ls.DEFAULT_ACT)


def _apply_second_layer(raw: dict[str, str], extra: dict, problems: list[str]) -> None:
    if "W2" not in raw:
        if "b2" in raw:
            problems.append("`b2` needs `W2` too, so the second layer stays off")
        bs.set_two_layers(False)
        return
    W2, n = extra.get("W2"), ls.get_values().n
    if W2 is None:
        bs.set_two_layers(False)
        return
    b2 = extra.get("b2", np.zeros(W2.shape[0]) if "b2" not in raw else None)
    if W2.shape[1] != n:
        problems.append(f"`W2` has {W2.shape[1]} columns but layer 1 has {n} outputs, so the "
                        "second layer stays off")
    elif b2 is None or b2.shape != (W2.shape[0],):
        problems.append(f"`b2` must have {W2.shape[0]} entries (one per row of W2), so the "
                        "second layer stays off")
    else:
        bs.set_second_layer(W2, b2)
        bs.set_two_layers(True)
        return
    bs.set_two_layers(False)


def _apply_act2(raw: dict[str, str], extra: dict, problems: list[str]) -> None:
    """act2 names layer 2's activation; without it (or when it is unreadable) layer 2 is
    linear, so a link opens exactly what it names."""
    if "act2" in raw and not st.session_state[bs.KEY_TWO] and "W2" not in raw:
        problems.append("`act2` needs `W2` too, so it was not used")
    bs.set_activation2(extra.get("act2", bs.DEFAULT_ACT2))


def _apply_loss_and_target(raw: dict[str, str], extra: dict, problems: list[str]) -> None:
    size = bs.out_size()
    loss = extra.get("loss", bs.DEFAULT_LOSS if "loss" in raw else st.session_state[bs.KEY_LOSS])
    if loss not in bs.allowed_losses(size):
        problems.append(f"`loss={loss}` does not fit a network with {size} output(s) "
                        f"(bce needs 1, ce at least 2), so it opened MSE")
        loss = "mse"
    st.session_state[bs.KEY_LOSS] = loss
    st.session_state[bs.KEY_NOTES] = []
    if "t" in raw:
        checked = None
        if "t" in extra:
            t = extra["t"]
            try:
                # The page and the link count classes from 1; the core from 0 (as PyTorch).
                checked = check_target(loss, t - 1 if loss == "ce" else t, size)
            except ValueError as exc:
                problems.append(f"`t`: {user_text(exc, MESSAGE_CHARS)}, so it opened the default "
                                "target")
        bs.set_target_array(loss, bs.default_target(loss, size) if checked is None else checked)


def _apply_view(extra: dict, problems: list[str]) -> None:
    view = extra.get("view", DEFAULT_VIEW)
    st.session_state[KEY_VIEW] = view
    st.session_state.pop(KEY_PENDING_STEP, None)
    if "step" in extra:
        if view == "steps":
            st.session_state[KEY_PENDING_STEP] = extra["step"]
        else:
            problems.append("`step` is a position in the backward step-by-step view, so it "
                            "needs view=steps; it was not used")


def start_steps_from_link(signature: tuple, total: int) -> None:
    """Put the backward walk where the link's step= said, once its numbers are known."""
    stepper.start_from_pending(STEPPER, KEY_PENDING_STEP, signature, total)


def link_step(k: int) -> None:
    """Called by the step view on every step (a fragment run): the link follows the walk."""
    update_link(PAGE, {"step": str(k)})


def apply_link() -> None:
    """A deep link (or a hand-edited URL) sets the page once; what could not be read falls back
    to its default and is listed in a warning."""
    raw = pending_link(PAGE, FIELDS)
    if raw is None:
        return
    if sum(len(k) + len(v) for k, v in raw.items()) > MAX_QUERY_CHARS:
        extra, raw = {}, {}
        problems = [f"the link is longer than {MAX_QUERY_CHARS} characters, so none of it "
                    "was used"]
    else:
        extra, problems = decode_link(
            {k: v for k, v in raw.items() if k not in LAYER_NAMES}, EXTRA_FIELDS)
    layer_problems: list[str] = []
    _apply_layer(raw, layer_problems)
    problems = layer_problems + problems  # in the order of the link: W, x, b, act first
    bs.ensure_state()
    _apply_second_layer(raw, extra, problems)
    _apply_act2(raw, extra, problems)
    _apply_loss_and_target(raw, extra, problems)
    if "lr" in raw:
        st.session_state[bs.KEY_LR] = extra.get("lr", bs.DEFAULT_LR)
    _apply_view(extra, problems)
    st.session_state[bs.KEY_ERRORS] = {}
    bs.bump()
    if problems:
        st.session_state[KEY_LINK_WARNING] = (
            "This link could not be read completely; what was wrong fell back to its default. "
            + " ".join(p[0].upper() + p[1:] + ("" if p.endswith(".") else ".")
                       for p in problems)
        )
    else:
        st.session_state.pop(KEY_LINK_WARNING, None)


def show_link_warning() -> None:
    url_state.show_link_warning(KEY_LINK_WARNING, "bp_dismiss_link_warning")


def current_link_values(setup: bs.Setup, view: str = DEFAULT_VIEW) -> dict:
    values = {"W": setup.net.W, "x": setup.x, "b": setup.net.b, "act": setup.net.activation,
              "loss": setup.loss, "lr": setup.lr,
              "t": np.array([setup.target + 1.0]) if setup.loss == "ce" else setup.target,
              "view": view}
    if view == "steps":
        values["step"] = stepper.position(STEPPER)
    if setup.net.two_layers:
        values.update(W2=setup.net.W2, b2=setup.net.b2, act2=setup.net.activation2)
    return values


def share_link_box(setup: bs.Setup, view: str = DEFAULT_VIEW) -> None:
    """Keep the URL in step with the page and offer the link to copy."""
    encoded = write_link(PAGE, FIELDS, current_link_values(setup, view))
    if presenting() or not shown("share"):  # presenter mode: no boxes
        return
    class_link_box(PAGE, encoded)
    box = lazy_expander("Share this exact example", "bp_share_open", ":material/link:")
    if box is None:
        return
    with box:
        st.caption("Copy the link (button at the right of the box); it opens this layer, loss, "
                   "target, learning rate, view and step.")
        st.code(share_url(PAGE, encoded), language=None, wrap_lines=True)
