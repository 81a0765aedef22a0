"""The one canonical copy of the explorer's layer (W, x, b, activation) in st.session_state.

Widgets on every page edit these arrays through the functions here, and every page reads them,
so W edited on the explorer is the W the backpropagation page shows. Nothing here lives at
module level: each browser session has its own copy.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core import ACTIVATIONS
from core.course.layer_setup import MAX_SIZE, LayerValues, parse_number, preset, resize
from core.course.url_codec import decode_matrix, decode_vector, encode_matrix, encode_vector
from ui.safe_text import MESSAGE_CHARS, user_text
from ui.url_state import UrlField, decode_link

KEY_W, KEY_X, KEY_B, KEY_ACT = "layer_W", "layer_x", "layer_b", "layer_act"
KEY_VERSION = "layer_version"  # bumped on every change, so grid editors re-read canonical
KEY_ERRORS = "layer_errors"  # {"W": "...", "x": "...", "b": "..."} last refusal per array

DEFAULT = LayerValues(
    np.array([[4.0, 2.0, 1.0], [-1.0, 0.5, 2.0]]), np.array([3.0, 5.0, 6.0]), np.array([3.0, -1.0])
)
DEFAULT_ACT = "linear"


def decode_activation(text: str) -> str:
    """A registry name from a link or a widget; ValueError names the valid ones."""
    return _decode_act(text)


def _decode_act(text: str) -> str:
    value = text.strip().lower()
    if value not in ACTIVATIONS:
        raise ValueError(f"unknown activation '{value[:20]}'; use one of {', '.join(ACTIVATIONS)}")
    return value


LAYER_FIELDS = (
    UrlField("W", lambda s: decode_matrix(s, "W"), encode_matrix),
    UrlField("x", lambda s: decode_vector(s, "x"), encode_vector),
    UrlField("b", lambda s: decode_vector(s, "b"), encode_vector),
    UrlField("act", _decode_act, str),
)


def ensure_layer_state() -> None:
    if KEY_W not in st.session_state:
        set_values(DEFAULT)
        st.session_state[KEY_ACT] = DEFAULT_ACT
        st.session_state[KEY_ERRORS] = {}


def get_values() -> LayerValues:
    ensure_layer_state()
    s = st.session_state
    return LayerValues(s[KEY_W], s[KEY_X], s[KEY_B])


def get_activation() -> str:
    ensure_layer_state()
    return st.session_state[KEY_ACT]


def set_activation(name: str) -> None:
    st.session_state[KEY_ACT] = _decode_act(name)


def set_values(values: LayerValues) -> None:
    """Replace W, x, b (copies) and make every editor re-read them."""
    s = st.session_state
    s[KEY_W] = np.array(values.W, dtype=np.float64)
    s[KEY_X] = np.array(values.x, dtype=np.float64)
    s[KEY_B] = np.array(values.b, dtype=np.float64)
    s[KEY_VERSION] = s.get(KEY_VERSION, 0) + 1
    s.setdefault(KEY_ERRORS, {})


def reset_layer() -> None:
    """The default example, linear, no refusals: what a fresh session starts with."""
    set_values(DEFAULT)
    st.session_state[KEY_ACT] = DEFAULT_ACT
    st.session_state[KEY_ERRORS] = {}


def forget(keys: tuple[str, ...]) -> None:
    """Drop these session keys (widgets among them start again from their defaults)."""
    for key in keys:
        st.session_state.pop(key, None)


def version() -> int:
    return st.session_state.get(KEY_VERSION, 0)


def bump() -> None:
    """A new layer version: editors redraw from the canonical arrays."""
    st.session_state[KEY_VERSION] = version() + 1


def apply_preset(name: str, seed: int = 0) -> None:
    v = get_values()
    set_values(preset(name, v.n, v.m, seed))
    st.session_state[KEY_ERRORS] = {}


def apply_resize(n: int, m: int) -> None:
    set_values(resize(get_values(), n, m))


SIZE_HELP = f"A whole number from 1 to {MAX_SIZE}; anything else is refused and the layer kept."


def size_entry(raw: object, what: str) -> int:
    """A layer size typed in a number box -> int, or ValueError saying why not.

    The boxes are float boxes without min/max on purpose: an integer box truncates what the
    browser sends (1e7 arrives as 1, 2.9 as 2) and clamps to its limits, all silently; a float
    box with value=None sends what was typed (None when it is empty or not a number; it is
    re-seeded with the canonical size on every run, so it shows the kept size again)."""
    if raw is None:
        raise ValueError(f"{what} is empty or not a number: type a whole number from 1 to "
                         f"{MAX_SIZE}")
    value = float(raw)  # type: ignore[arg-type]
    if not (value.is_integer() and 1 <= value <= MAX_SIZE):
        raise ValueError(f"{what} must be a whole number from 1 to {MAX_SIZE}, not {value:g}")
    return int(value)


def _count(k: int, noun: str) -> str:
    """'1 output', '3 inputs'."""
    return f"{k} {noun}" + ("" if k == 1 else "s")


def size_error(where: str, raw: object, what: str, kept: str = "") -> int | None:
    """size_entry(raw, what), with a refusal recorded under KEY_ERRORS[where] (None returned,
    the layer kept; `kept` says what stays) and a good size clearing it."""
    errors = st.session_state.setdefault(KEY_ERRORS, {})
    try:
        size = size_entry(raw, what)
    except ValueError as exc:
        v = get_values()
        errors[where] = f"{exc}. " + (
            kept or f"Kept the layer as it is ({_count(v.n, 'output')} × "
                    f"{_count(v.m, 'input')}).")
        return None
    errors.pop(where, None)
    return size


def apply_size_entries(n_raw: object, m_raw: object) -> None:
    """The "Outputs n" and "Inputs m" boxes: resize when both are good sizes; a refused entry
    keeps the layer and leaves a message under KEY_ERRORS["size"] (show_size_error)."""
    n = size_error("size", n_raw, "Outputs n")
    m = size_error("size", m_raw, "Inputs m") if n is not None else None
    if n is not None and m is not None:
        apply_resize(n, m)


def show_size_error() -> None:
    message = st.session_state.get(KEY_ERRORS, {}).get("size")
    if message:
        st.error(message, icon=":material/block:")


def write_cell(key: str, errors_key: str, array: str, index: tuple[int, ...],
               raw: object) -> str | None:
    """Write one typed value into the array at st.session_state[key] (a new array, so the
    old one is never mutated in place). A refused value keeps the last good one and is
    recorded under st.session_state[errors_key][array]; returns that message or None."""
    where = array + "[" + ", ".join(str(i + 1) for i in index) + "]"
    try:
        value = parse_number(raw)
    except ValueError as exc:
        message = f"{where} {user_text(exc, MESSAGE_CHARS)}. Kept the previous value."
        st.session_state[errors_key][array] = message
        return message
    arr = st.session_state[key].copy()
    arr[index] = value
    st.session_state[key] = arr
    st.session_state[errors_key].pop(array, None)
    return None


def set_cell(array: str, index: tuple[int, ...], raw: object) -> str | None:
    """Write one typed value into W, x or b. Returns an error message (value refused, the last
    good value kept) or None."""
    key = {"W": KEY_W, "x": KEY_X, "b": KEY_B}[array]
    return write_cell(key, KEY_ERRORS, array, index, raw)


def read_layer_link(raw: dict[str, str]) -> tuple[LayerValues | None, str | None, list[str]]:
    """Decode W, x, b, act from a link and check they fit together.

    Returns (values or None, activation or None, problems). Values are None when any of W, x,
    b is bad or missing-but-needed; the caller then keeps or opens the defaults."""
    decoded, problems = decode_link(raw, LAYER_FIELDS)
    act = decoded.get("act")
    arrays = [k for k in ("W", "x", "b") if k in raw]
    if not arrays:
        return None, act, problems
    if problems and any(p.startswith(("`W`", "`x`", "`b`")) for p in problems):
        return None, act, problems
    if "too long" in " ".join(problems) or "longer than" in " ".join(problems):
        return None, None, problems
    W = decoded.get("W")
    x = decoded.get("x")
    b = decoded.get("b")
    if W is None:
        return None, act, problems + ["`W` is missing: a link with x or b must also give W"]
    n, m = W.shape
    if n > MAX_SIZE or m > MAX_SIZE:
        return None, act, problems + [f"`W` is {n}×{m}; the largest layer is 8×8"]
    if x is None:
        x = np.zeros(m)
    if b is None:
        b = np.zeros(n)
    if x.shape != (m,):
        return None, act, problems + [f"`x` has {x.size} entries but W has {m} columns"]
    if b.shape != (n,):
        return None, act, problems + [f"`b` has {b.size} entries but W has {n} rows"]
    return LayerValues(W, x, b), act, problems
