"""The /operations share link: `op` and that operation's fields, read and written through
ui.url_state's UrlField tables (one table per operation, since `X`, `x` and `mode` mean
different things on different views), plus `step` (the stepper's position).

A link opens exactly what it names: the operation's defaults, then every field it carries.
A malformed field falls back to its default and the page says which one and why; the rest
of the link still applies.
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
from core.trace.ops_dropout import MAX_MASKS
from core.trace.ops_penalty import KINDS, MAX_LAMBDA, MAX_LR, MAX_PATH_STEPS
from ui import url_state
from ui.classroom.present import presenting
from ui.classroom.teacher_link import class_link_box, shown
from ui.expanders import lazy_expander
from ui.operations import state as os_
from ui.safe_text import user_text
from ui.url_state import MAX_QUERY_CHARS, UrlField, decode_link, pending_link, share_url, write_link

PAGE = "operations"
KEY_LINK_WARNING = "ops_link_warning"
KEY_PENDING_STEP = "ops_pending_step"
MAX_STEP = 10_000


def _choice(options: tuple[str, ...]):
    def decode(text: str) -> str:
        value = text.strip().lower()
        if value not in options:
            raise ValueError(f"'{value[:20]}' is not one of {', '.join(options)}")
        return value
    return decode


def _number(low: float, high: float, low_open: bool = False):
    def decode(text: str) -> float:
        value = parse_number(text)
        if value < low or value > high or (low_open and value == low):
            raise ValueError(f"must be {'above' if low_open else 'at least'} {low:g} and at "
                             f"most {high:g}")
        return value
    return decode


def _whole(low: int, high: int):
    def decode(text: str) -> int:
        value = parse_number(text)
        if value != int(value) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return int(value)
    return decode


def _p(text: str) -> float:
    value = parse_number(text)
    if not 0 <= value <= os_.MAX_P:
        raise ValueError(f"must be from 0 to {os_.MAX_P:g} (the probability of dropping)")
    return value


def _vec(name: str):
    return UrlField(name, lambda s: decode_vector(s, name), encode_vector)


def _mat(name: str):
    return UrlField(name, lambda s: decode_matrix(s, name), encode_matrix)


COMMON = (UrlField("op", _choice(os_.OPS), str), UrlField("view", _choice(
    tuple(sorted({v for views in os_.VIEWS.values() for v in views}))), str),
    UrlField("step", _whole(0, MAX_STEP), str))
FIELDS = {
    "batchnorm": (_mat("X"), _vec("gamma"), _vec("beta"),
                  UrlField("mode", _choice(os_.MODES), str),
                  UrlField("momentum", _number(0.0, 1.0), format_number),
                  UrlField("eps", _number(os_.MIN_EPS, os_.MAX_EPS), format_number),
                  _vec("rmean"), _vec("rvar")),
    "dropout": (_vec("x"), _mat("X"), UrlField("p", _p, format_number),
                UrlField("seed", _whole(0, os_.MAX_SEED), str),
                UrlField("mode", _choice(os_.MODES), str),
                UrlField("n", _whole(1, MAX_MASKS), str)),
    "penalty": (_mat("W"), _vec("b"), _vec("x"), _vec("t"),
                UrlField("lambda", _number(0.0, MAX_LAMBDA), format_number),
                UrlField("kind", _choice(KINDS), str),
                UrlField("lr", _number(0.0, MAX_LR, low_open=True), format_number),
                UrlField("steps", _whole(1, MAX_PATH_STEPS), str), _vec("start")),
}
ALL_NAMES = sorted({f.name for f in COMMON} | {f.name for t in FIELDS.values() for f in t})
_ANY = tuple(UrlField(name, str, str) for name in ALL_NAMES)  # to notice a new link


def _sized(values: dict, name: str, size: int, problems: list[str]) -> np.ndarray | None:
    v = values.get(name)
    if v is None:
        return None
    if v.size != size:
        problems.append(f"`{name}` has {v.size} entries but needs {size}, so it opened the "
                        "default")
        return None
    return v


def _apply_batchnorm(v: dict, problems: list[str]) -> None:
    X = v.get("X")
    if X is not None and X.shape[1] > os_.MAX_FEATURES:
        problems.append(f"`X` has {X.shape[1]} features; at most {os_.MAX_FEATURES} fit, so it "
                        "opened the default batch")
        X = None
    if X is not None:
        os_.set_array("batchnorm", "X", X)
        os_.resize_batchnorm(*X.shape)
    F = os_.array("batchnorm", "X").shape[1]
    for name, key in (("gamma", "gamma"), ("beta", "beta"), ("rmean", "running_mean"),
                      ("rvar", "running_var")):
        arr = _sized(v, name, F, problems)
        if arr is not None and name == "rvar" and np.any(arr < 0):
            problems.append("`rvar` must be 0 or more (a variance), so it opened the default")
            arr = None
        if arr is not None:
            os_.set_array("batchnorm", key, arr)
    for name, setting in (("mode", "bn_mode"), ("momentum", "momentum"), ("eps", "eps")):
        if name in v:
            os_.put(setting, v[name])


def _apply_dropout(v: dict, problems: list[str]) -> None:
    if "x" in v and "X" in v:
        problems.append("the link has both `x` and `X`; it used `X`")
    X = v.get("X", v["x"].reshape(1, -1) if "x" in v else None)
    if X is not None:
        os_.set_array("dropout", "x", X)
    for name, setting in (("p", "p"), ("seed", "seed"), ("mode", "do_mode"), ("n", "masks")):
        if name in v:
            os_.put(setting, v[name])


def _apply_penalty(v: dict, problems: list[str]) -> None:
    W = v.get("W")
    if W is not None:
        os_.set_array("penalty", "W", W)
        os_.resize_penalty(*W.shape)
    n, m = os_.array("penalty", "W").shape
    for name, size in (("b", n), ("x", m), ("t", n)):
        arr = _sized(v, name, size, problems)
        if arr is not None:
            os_.set_array("penalty", name, arr)
    start = _sized(v, "start", 2, problems)
    if start is not None:
        os_.put("start", start)
    for name, setting in (("lambda", "lam"), ("kind", "kind"), ("lr", "lr"),
                          ("steps", "steps")):
        if name in v:
            os_.put(setting, v[name])


def apply_link() -> None:
    """A deep link (or a hand-edited URL) sets the page once."""
    raw = pending_link(PAGE, _ANY)
    if raw is None:
        return
    problems: list[str] = []
    if sum(len(k) + len(v) for k, v in raw.items()) > MAX_QUERY_CHARS:
        raw = {}
        problems.append(f"the link is longer than {MAX_QUERY_CHARS} characters, so none of it "
                        "was used")
    common, common_problems = decode_link(raw, COMMON)
    problems += common_problems
    op = common.get("op", os_.get_op() if "op" not in raw else "batchnorm")
    os_.set_op(op)
    values, op_problems = decode_link(raw, FIELDS[op])
    problems += [p + ", so it opened the default" for p in op_problems]
    os_.reset_op(op)  # a link opens exactly what it names
    os_.set_view(op, next(iter(os_.VIEWS[op])))
    {"batchnorm": _apply_batchnorm, "dropout": _apply_dropout,
     "penalty": _apply_penalty}[op](values, problems)
    if "view" in common:
        try:
            os_.set_view(op, common["view"])
        except ValueError as exc:
            problems.append(f"`view`: {user_text(exc, 200)}, so it opened the first part")
    if "step" in common:
        st.session_state[KEY_PENDING_STEP] = (op, common["step"])
    if problems:
        st.session_state[KEY_LINK_WARNING] = (
            "This link could not be read completely; what was wrong fell back to its default. "
            # decode_link's problems are escaped already (ui.url_state.name_once); the others
            # are the app's own words.
            + " ".join(p[0].upper() + p[1:] + ("" if p.endswith(".") else ".") for p in problems))
    else:
        st.session_state.pop(KEY_LINK_WARNING, None)


def pending_step(op: str) -> int | None:
    """The step a link asked for on this operation's stepper (once), else None."""
    pending = st.session_state.get(KEY_PENDING_STEP)
    if pending and pending[0] == op:
        st.session_state.pop(KEY_PENDING_STEP, None)
        return int(pending[1])
    return None


def show_link_warning() -> None:
    url_state.show_link_warning(KEY_LINK_WARNING, "ops_dismiss_link_warning")


def current_values(op: str, step: int) -> dict:
    """What the link carries for `op` at stepper position `step`."""
    values: dict = {"op": op, "view": os_.get_view(op), "step": step}
    if op == "batchnorm":
        s = os_.batchnorm_setup()
        values.update(X=s.X, gamma=s.gamma, beta=s.beta, mode=os_.get("bn_mode"),
                      momentum=s.momentum, eps=s.eps, rmean=s.running_mean, rvar=s.running_var)
    elif op == "dropout":
        s = os_.dropout_setup()
        values.update(p=s.p, seed=s.seed, mode=os_.get("do_mode"), n=s.masks)
        values["x" if s.X.shape[0] == 1 else "X"] = s.X
    else:
        s = os_.penalty_setup()
        values.update(W=s.W, b=s.b, x=s.x, t=s.t, kind=s.kind, steps=s.steps, start=s.start)
        values["lambda"], values["lr"] = s.lam, s.lr
    return values


def sync_url(op: str, step: int) -> dict[str, str]:
    """Put the page's state in the URL (only when it changed); returns the encoded link."""
    return write_link(PAGE, COMMON + FIELDS[op], current_values(op, step))


def share_link_box(op: str, step: int) -> None:
    """Keep the URL in step with the page and offer the link to copy."""
    encoded = sync_url(op, step)
    if presenting() or not shown("share"):  # presenter mode: no boxes
        return
    class_link_box(PAGE, encoded)
    box = lazy_expander("Share this exact example", "ops_share_open", ":material/link:")
    if box is not None:
        box.caption("Copy the link (button at the right of the box); it opens this operation, "
                    "these numbers and this step.")
        box.code(share_url(PAGE, encoded), language=None, wrap_lines=True)
