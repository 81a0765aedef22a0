"""The backpropagation page's own canonical state in st.session_state: the loss, its target,
the learning rate and the optional second layer (W2, b2).

W, x, b and the activation are NOT here: they are the explorer's, read and written only through
ui.layer_state, so an edit on either page shows on the other. Widgets never own these keys
(Streamlit drops a widget's state on pages where it is not drawn); they are synced from here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core.course.layer_setup import MAX_SIZE, LayerValues
from core.course.url_codec import decode_vector
from core.trace.chain import Network
from core.trace.loss_trace import check_target
from ui import layer_state as ls
from ui.safe_text import MESSAGE_CHARS, user_text

KEY_LOSS, KEY_LABEL, KEY_LR = "bp_loss", "bp_label", "bp_lr"
KEY_T = {"mse": "bp_t_mse", "bce": "bp_t_bce"}  # each loss keeps its own targets
KEY_TWO, KEY_W2, KEY_B2 = "bp_two_layers", "bp_W2", "bp_b2"
KEY_ACT2 = "bp_act2"  # layer 2's own activation f2 ('linear': y = z2 goes to the loss)
DEFAULT_ACT2 = "linear"
KEY_VERSION = "bp_version"  # bumped on every change here, so steppers and editors re-read
KEY_ERRORS = "bp_errors"  # {"t": "...", "W2": "..."}: the last refused input, shown in place
KEY_NOTES = "bp_notes"  # adjustments made for the learner ("switched to MSE because ...")

STATE_KEYS = (KEY_LOSS, KEY_LABEL, KEY_LR, *KEY_T.values(), KEY_TWO, KEY_W2, KEY_B2, KEY_ACT2,
              KEY_ERRORS, KEY_NOTES)  # everything ensure_state() sets up (but the version)
DEFAULT_LOSS = "mse"
DEFAULT_T_MSE = np.array([30.0, 12.0])  # the default layer gives z = (31, 10.5)
DEFAULT_T_BCE = np.array([1.0])
DEFAULT_LR = 0.01
MIN_LR, MAX_LR = 1e-6, 1e6
LOSS_NAMES = {"mse": "Mean squared error (MSE)", "bce": "Binary cross-entropy (with logits)",
              "ce": "Cross-entropy (softmax, with logits)"}


@dataclass(frozen=True)
class Setup:
    """Everything one run of the page computes from: the network, x (m,), the loss, its target
    ((out,) numbers for mse/bce, a class index from 0 for ce) and the learning rate."""

    net: Network
    x: np.ndarray
    loss: str
    target: np.ndarray | int
    lr: float


def signature(setup: Setup) -> tuple:
    """Changes whenever anything the backward pass depends on changes (steppers reset then)."""
    arrays = [setup.x, *setup.net.params().values(), np.asarray(setup.target, dtype=float)]
    return (setup.net.activation, setup.net.activation2, setup.loss, setup.net.two_layers,
            tuple(a.shape for a in arrays), b"".join(a.tobytes() for a in arrays))


def allowed_losses(out_size: int) -> tuple[str, ...]:
    """MSE always; BCE for one output (a yes/no score); CE for two or more (one score each)."""
    return ("mse", "bce") if out_size == 1 else ("mse", "ce")


def default_W2(n: int, k: int = 1) -> np.ndarray:
    """(k, n) of alternating 1, -1: easy to multiply by hand."""
    row = np.array([1.0 if j % 2 == 0 else -1.0 for j in range(n)])
    return np.tile(row, (k, 1))


def _fit(v: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros(size)
    out[: min(size, v.size)] = v[:size]
    return out


def ensure_state() -> None:
    ls.ensure_layer_state()
    s = st.session_state
    if KEY_LOSS in s:
        return
    s[KEY_LOSS] = DEFAULT_LOSS
    s[KEY_T["mse"]] = DEFAULT_T_MSE.copy()
    s[KEY_T["bce"]] = DEFAULT_T_BCE.copy()
    s[KEY_LABEL] = 0
    s[KEY_LR] = DEFAULT_LR
    s[KEY_TWO] = False
    s[KEY_ACT2] = DEFAULT_ACT2
    n = ls.get_values().n
    s[KEY_W2], s[KEY_B2] = default_W2(n), np.zeros(1)
    s[KEY_ERRORS], s[KEY_NOTES] = {}, []
    s[KEY_VERSION] = 0


def bump() -> None:
    st.session_state[KEY_VERSION] = st.session_state.get(KEY_VERSION, 0) + 1


def version() -> int:
    return st.session_state.get(KEY_VERSION, 0)


def out_size() -> int:
    s = st.session_state
    return int(s[KEY_W2].shape[0]) if s[KEY_TWO] else ls.get_values().n


def reconcile() -> None:
    """Fit this page's state to the canonical layer, which the explorer may have resized:
    W2 keeps the columns that still fit, targets the entries, and a loss that no longer fits
    the number of outputs falls back to MSE with a note saying why."""
    s = st.session_state
    n = ls.get_values().n
    if s[KEY_W2].shape[1] != n:
        W2 = np.zeros((s[KEY_W2].shape[0], n))
        keep = min(n, s[KEY_W2].shape[1])
        W2[:, :keep] = s[KEY_W2][:, :keep]
        s[KEY_W2] = W2
        bump()
    size = out_size()
    if s[KEY_T["mse"]].size != size:
        s[KEY_T["mse"]] = _fit(s[KEY_T["mse"]], size)
    if s[KEY_LABEL] >= size:
        s[KEY_LABEL] = 0
    if s[KEY_LOSS] not in allowed_losses(size):
        old = LOSS_NAMES[s[KEY_LOSS]]
        why = ("it needs at least 2 outputs (one score per class)" if s[KEY_LOSS] == "ce"
               else "it reads exactly 1 output (one yes/no score)")
        s[KEY_NOTES] = [f"{old} was switched to MSE: {why}, and the network now has "
                        f"{size} output{'s' if size != 1 else ''}."]
        s[KEY_LOSS] = "mse"
        bump()


def get_setup() -> Setup:
    ensure_state()
    reconcile()
    s = st.session_state
    v = ls.get_values()
    two = bool(s[KEY_TWO])
    net = Network(v.W, v.b, ls.get_activation(), s[KEY_W2] if two else None,
                  s[KEY_B2] if two else None, s.get(KEY_ACT2, DEFAULT_ACT2))
    loss = s[KEY_LOSS]
    target = s[KEY_LABEL] if loss == "ce" else s[KEY_T[loss]]
    return Setup(net, v.x, loss, target, float(s[KEY_LR]))


def set_loss(kind: str) -> None:
    if kind not in allowed_losses(out_size()):
        raise ValueError(f"{LOSS_NAMES.get(kind, kind)} does not fit {out_size()} output(s)")
    st.session_state[KEY_LOSS] = kind
    st.session_state[KEY_NOTES] = []
    st.session_state[KEY_ERRORS].pop("t", None)
    bump()


def set_target_text(text: str) -> str | None:
    """Targets typed as '30, 12' for the current mse/bce loss. Returns the refusal (the last
    good targets are kept) or None."""
    loss = st.session_state[KEY_LOSS]
    try:
        values = decode_vector(str(text), "the targets", MAX_SIZE)
        checked = check_target(loss, values, out_size())
    except ValueError as exc:
        message = f"{user_text(exc, MESSAGE_CHARS)}. Kept the previous targets."
        st.session_state[KEY_ERRORS]["t"] = message[0].upper() + message[1:]
        return message
    st.session_state[KEY_T[loss]] = np.asarray(checked)
    st.session_state[KEY_ERRORS].pop("t", None)
    bump()
    return None


def set_label(label: int) -> None:
    """The correct class for cross-entropy, counted from 0 (the page shows it from 1)."""
    st.session_state[KEY_LABEL] = int(check_target("ce", label, out_size()))
    bump()


def set_lr(lr: float) -> None:
    lr = float(lr)
    if not MIN_LR <= lr <= MAX_LR:
        raise ValueError(f"the learning rate must be between {MIN_LR:g} and {MAX_LR:g}")
    st.session_state[KEY_LR] = lr  # no bump: the backward pass does not depend on lr


def set_two_layers(on: bool) -> None:
    st.session_state[KEY_TWO] = bool(on)
    reconcile()
    bump()


def set_activation2(name: str) -> None:
    """Layer 2's activation f2, by registry name (ValueError for an unknown one)."""
    st.session_state[KEY_ACT2] = ls.decode_activation(name)
    bump()


def set_second_layer(W2: np.ndarray, b2: np.ndarray) -> None:
    """Replace W2 (k, n) and b2 (k,) (copies); k may change, then the targets are refitted."""
    st.session_state[KEY_W2] = np.array(W2, dtype=np.float64)
    st.session_state[KEY_B2] = np.array(b2, dtype=np.float64)
    reconcile()
    bump()


def set_second_cell(array: str, index: tuple[int, ...], raw: object) -> str | None:
    """One typed value into W2 or b2; returns the refusal (last good value kept) or None."""
    key = {"W2": KEY_W2, "b2": KEY_B2}[array]
    message = ls.write_cell(key, KEY_ERRORS, array, index, raw)
    if message is None:
        bump()
    return message


def resize_second_layer(k: int) -> None:
    s = st.session_state
    n = ls.get_values().n
    W2, b2 = np.zeros((k, n)), np.zeros(k)
    keep = min(k, s[KEY_W2].shape[0])
    W2[:keep], b2[:keep] = s[KEY_W2][:keep], s[KEY_B2][:keep]
    set_second_layer(W2, b2)


def default_target(loss: str, size: int) -> np.ndarray | int:
    if loss == "ce":
        return 0
    return DEFAULT_T_BCE.copy() if loss == "bce" else _fit(DEFAULT_T_MSE, size)


def set_target_array(loss: str, values: np.ndarray | int) -> None:
    """Store an already checked target (from a link) for `loss`."""
    if loss == "ce":
        st.session_state[KEY_LABEL] = int(values)
    else:
        st.session_state[KEY_T[loss]] = np.asarray(values, dtype=np.float64)
    bump()


def apply_params(params: dict[str, np.ndarray]) -> None:
    """Write learned W, b (and W2, b2) back: W and b into the explorer's canonical layer."""
    v = ls.get_values()
    ls.set_values(LayerValues(params["W"], v.x, params["b"]))
    if "W2" in params:
        set_second_layer(params["W2"], params["b2"])
    bump()
