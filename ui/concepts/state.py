"""The /concepts page's canonical arrays in st.session_state, one copy per session.

Each topic's editable arrays (W1, b1, ... for the collapse; the image for the CNN; the
sequence for the RNN; ...) live under their own keys; grids (ui.cell_grid with CONCEPTS_STORE)
and links write through set_cell / set_array, which refuse bad values with a message and keep
the last good one. The notation topic uses the explorer's layer (ui.layer_state) instead, so
the layer edited there is the one shown in three notations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core.concepts import IMAGE_PRESETS
from core.concepts.rnn import MAX_STEPS
from ui import layer_state as ls
from ui.cell_grid import GridStore

KEY_ERRORS = "concepts_errors"  # {array: message} the last refusal per array
KEY_VERSION = "concepts_version"
KEY_TOPIC = "concepts_topic"
KEY_ACT = "concepts_act"
KEY_SEED = "concepts_seed"
KEY_PIXEL = "concepts_pixel"

TOPICS = {
    "misconceptions": "Misconceptions",
    "collapse": "Stacking collapses",
    "xor": "XOR",
    "cnn": "Inside a CNN",
    "rnn": "Inside an RNN",
    "transformer": "Inside a transformer",
    "notation": "Notation",
}
DEFAULT_TOPIC = "misconceptions"
COLLAPSE_ACTS = ("linear", "relu", "tanh")


@dataclass(frozen=True)
class ArraySpec:
    """One editable array: its default value, and for a sequence the most rows it may have
    (rows then vary from 1 to max_rows; otherwise the shape is fixed)."""

    default: np.ndarray
    max_rows: int = 0

    def allows(self, shape: tuple[int, ...]) -> bool:
        if self.max_rows:
            return (len(shape) == 2 and 1 <= shape[0] <= self.max_rows
                    and shape[1] == self.default.shape[1])
        return shape == self.default.shape


def _a(rows) -> np.ndarray:
    """A read-only default (module level, so shared by every session: never changed)."""
    a = np.array(rows, dtype=np.float64)
    a.flags.writeable = False
    return a


ARRAYS: dict[str, ArraySpec] = {
    # collapse: x = (-0.5, 1) makes W1 x + b1 = (-1, 0.25), so ReLU changes the first unit.
    "W1": ArraySpec(_a([[1, -1], [0.5, 1]])),
    "b1": ArraySpec(_a([0.5, -0.5])),
    "W2": ArraySpec(_a([[1, 0.5], [-1, 1]])),
    "b2": ArraySpec(_a([0, 1])),
    "x": ArraySpec(_a([-0.5, 1])),
    # xor: the OR line x1 + x2 = 0.5 (3 of 4 right)
    "w": ArraySpec(_a([1, 1])),
    "bias": ArraySpec(_a([-0.5])),
    # cnn
    "image": ArraySpec(IMAGE_PRESETS["vertical"]),
    # rnn: input 2, hidden 2, three steps
    "W_ih": ArraySpec(_a([[0.5, -1], [1, 0.5]])),
    "b_ih": ArraySpec(_a([0, 0.1])),
    "W_hh": ArraySpec(_a([[0.5, 0], [-0.5, 0.5]])),
    "b_hh": ArraySpec(_a([0.1, 0])),
    "xs": ArraySpec(_a([[1, 0], [0, 1], [1, 1]]), max_rows=MAX_STEPS),
    "h0": ArraySpec(_a([0, 0])),
    # transformer: three tokens of width 4
    "X": ArraySpec(_a([[1, 0, 0.5, -1], [0, 1, -0.5, 0.5], [0.5, 0.5, 1, 0]])),
}
TOPIC_ARRAYS = {
    "collapse": ("W1", "b1", "W2", "b2", "x"),
    "xor": ("w", "bias"),
    "cnn": ("image",),
    "rnn": ("W_ih", "b_ih", "W_hh", "b_hh", "xs", "h0"),
    "transformer": ("X",),
}


def _key(array: str) -> str:
    return f"concepts_arr_{array}"


def ensure_state() -> None:
    s = st.session_state
    for name, spec in ARRAYS.items():
        if _key(name) not in s:
            s[_key(name)] = spec.default.copy()
    s.setdefault(KEY_ERRORS, {})
    s.setdefault(KEY_VERSION, 0)
    s.setdefault(KEY_TOPIC, DEFAULT_TOPIC)
    s.setdefault(KEY_ACT, "linear")
    s.setdefault(KEY_SEED, 0)
    s.setdefault(KEY_PIXEL, (0, 1))
    ls.ensure_layer_state()


def get(array: str) -> np.ndarray:
    return st.session_state[_key(array)]


def version() -> int:
    return st.session_state.get(KEY_VERSION, 0)


def bump() -> None:
    st.session_state[KEY_VERSION] = version() + 1


def set_array(array: str, value: np.ndarray) -> None:
    """Replace a whole array (a preset, a link, a resize); its shape is checked first."""
    value = np.array(value, dtype=np.float64)
    if not ARRAYS[array].allows(value.shape):
        raise ValueError(f"{array} cannot have shape {value.shape}")
    st.session_state[_key(array)] = value
    st.session_state[KEY_ERRORS].pop(array, None)
    bump()


def reset(arrays: tuple[str, ...]) -> None:
    for name in arrays:
        set_array(name, ARRAYS[name].default)


def set_cell(array: str, index: tuple[int, ...], raw: object) -> str | None:
    """One typed value: refused (message, last good value kept) or written (None)."""
    return ls.write_cell(_key(array), KEY_ERRORS, array, index, raw)


def error(array: str) -> str | None:
    return st.session_state.get(KEY_ERRORS, {}).get(array)


# Row and column headers of each grid (None: the grid's defaults, 'row i' / x1.. for a
# matrix). Cells are labelled like "W1[1,2]" or "b1[2]" for screen readers and tests.
HEADERS: dict[str, tuple[list[str] | None, list[str] | None]] = {
    "W1": (None, ["x1", "x2"]), "b1": (["h1", "h2"], None), "W2": (None, ["h1", "h2"]),
    "b2": (["z1", "z2"], None), "x": (["x1", "x2"], None), "w": (["w1", "w2"], None),
    "bias": (["b"], None), "image": (None, ["c1", "c2", "c3", "c4"]),
    "W_ih": (None, ["x1", "x2"]), "b_ih": (["h1", "h2"], None), "W_hh": (None, ["h1", "h2"]),
    "b_hh": (["h1", "h2"], None), "xs": (None, ["x1", "x2"]), "h0": (["h1", "h2"], None),
    "X": (None, ["d1", "d2", "d3", "d4"]),
}


def grid_layout(array: str, values: np.ndarray) -> tuple[list[str], list[str], list[list[str]]]:
    """Row headers, column headers and cell labels for the grid of `array` (see HEADERS)."""
    rows, cols = HEADERS.get(array, (None, None))
    if values.ndim == 2:
        n, m = values.shape
        return (rows or [f"row {i + 1}" for i in range(n)],
                cols or [f"x{j + 1}" for j in range(m)],
                [[f"{array}[{i + 1},{j + 1}]" for j in range(m)] for i in range(n)])
    return (rows or [f"{array}{k + 1}" for k in range(values.size)], [array],
            [[f"{array}[{k + 1}]"] for k in range(values.size)])


CONCEPTS_STORE = GridStore(_key, set_cell, bump, version, KEY_ERRORS,
                           widget_prefix="concepts_", layout=grid_layout)


def topic() -> str:
    return st.session_state.get(KEY_TOPIC, DEFAULT_TOPIC)


def set_topic(name: str) -> None:
    if name not in TOPICS:
        raise ValueError(f"unknown topic {name!r}")
    st.session_state[KEY_TOPIC] = name
