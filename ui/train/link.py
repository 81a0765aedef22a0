"""The /train share link: every setting and both seeds (not the weights, which the seeds
reproduce), one UrlField per setting. A malformed value falls back to its default and the page
says which parameter was wrong; the rest of the link still applies.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from core import INITS
from core.course.url_codec import format_number
from core.data.datasets import DATASET_TASKS
from ui import url_state
from ui.classroom.present import presenting
from ui.classroom.teacher_link import class_link_box, shown
from ui.expanders import lazy_expander
from ui.safe_text import cut  # plain text: messages are escaped where shown (name_once)
from ui.train.session import TrainSession
from ui.train.settings import (
    CSV,
    DATA_CHOICES,
    DEFAULTS,
    MAX_CLASSES,
    MAX_NOISE_PCT,
    MAX_POINTS,
    MAX_SEED,
    MIN_CLASSES,
    MIN_POINTS,
    OPTIMIZER_LABELS,
    SPEEDS,
    TrainSettings,
    check_activation,
    check_features,
    check_hidden,
    check_loss,
    check_lr,
    check_range,
    default_loss,
    normalize,
)
from ui.train.state import get_session
from ui.url_state import UrlField, decode_link, name_once, pending_link, share_url, write_link

PAGE = "train"
KEY_WARNING = "train_link_warning"
# Short, URL-safe spellings of the features ('x1^2' would need escaping).
FEATURE_TOKENS = {"x1": "x1", "x2": "x2", "x1^2": "x1sq", "x2^2": "x2sq", "x1*x2": "x1x2",
                  "sin x1": "sinx1", "sin x2": "sinx2"}
TOKEN_FEATURES = {v: k for k, v in FEATURE_TOKENS.items()}


def _int(lo: int, hi: int, what: str):
    def decode(text: str) -> int:
        try:
            v = int(text.strip())
        except ValueError:
            raise ValueError(f"'{cut(text, 20)}' is not a whole number") from None
        return int(check_range(v, lo, hi, what))
    return decode


def _float(lo: float, hi: float, what: str):
    def decode(text: str) -> float:
        try:
            v = float(text.strip())
        except ValueError:
            raise ValueError(f"'{cut(text, 20)}' is not a number") from None
        return check_range(v, lo, hi, what)
    return decode


def _choice(allowed, what: str):
    def decode(text: str) -> str:
        v = text.strip().lower()
        if v not in allowed:
            raise ValueError(f"unknown {what} '{cut(v, 20)}'; "
                             f"use one of {', '.join(allowed)}")
        return v
    return decode


def _bool(text: str) -> bool:
    v = text.strip().lower()
    if v not in ("0", "1", "true", "false"):
        raise ValueError("must be 0 or 1")
    return v in ("1", "true")


def _features(text: str) -> tuple[str, ...]:
    names = [TOKEN_FEATURES.get(t.strip(), t.strip()) for t in text.split(",") if t.strip()]
    return check_features(tuple(names))


def _hidden(text: str) -> tuple[int, ...]:
    if text.strip() in ("", "none", "0"):
        return ()
    try:
        values = tuple(int(t) for t in text.split(","))
    except ValueError:
        raise ValueError("must be neuron counts separated by commas, e.g. 4,2") from None
    return check_hidden(values)


def _acts(text: str) -> tuple[str, ...]:
    return tuple(check_activation(t.strip().lower()) for t in text.split(",") if t.strip())


def _dataset(text: str) -> str:
    v = _choice(DATA_CHOICES, "dataset")(text)
    if v == CSV:
        raise ValueError("an uploaded CSV file cannot travel in a link; upload it again")
    return v


def _num(v: float) -> str:
    return format_number(v)


# name in the URL, setting, decode, encode
FIELDS = (
    ("data", "dataset", _dataset, str),
    ("n", "n_points", _int(MIN_POINTS, MAX_POINTS, "the number of points"), str),
    ("noise", "noise", _int(0, MAX_NOISE_PCT, "noise (%)"), str),
    ("train", "train_pct", _int(10, 90, "the training share (%)"), str),
    ("dseed", "data_seed", _int(0, MAX_SEED, "the data seed"), str),
    ("classes", "n_classes", _int(MIN_CLASSES, MAX_CLASSES, "the number of classes"), str),
    ("test", "show_test", _bool, lambda v: str(int(v))),
    ("disc", "discretize", _bool, lambda v: str(int(v))),
    ("feat", "features", _features, lambda v: ",".join(FEATURE_TOKENS[f] for f in v)),
    ("hidden", "hidden", _hidden, lambda v: ",".join(map(str, v)) or "none"),
    ("act", "activations", _acts,
     lambda v: v[0] if len(set(v)) == 1 else ",".join(v) or "none"),
    ("drop", "dropout", _float(0.0, 0.9, "dropout"), _num),
    ("bn", "batch_norm", _bool, lambda v: str(int(v))),
    ("init", "init", _choice(INITS, "initialization"), str),
    ("seed", "seed", _int(0, MAX_SEED, "the seed"), str),
    ("loss", "loss", str, str),  # checked against the link's data in settings_from_link
    ("opt", "optimizer", _choice(tuple(OPTIMIZER_LABELS), "optimizer"), str),
    ("mom", "momentum", _float(0.0, 0.99, "momentum"), _num),
    ("lr", "lr", check_lr, _num),
    ("batch", "batch_size", _int(1, MAX_POINTS, "the batch size"), str),
    ("l1", "l1", _float(0.0, 10.0, "the L1 rate"), _num),
    ("l2", "l2", _float(0.0, 10.0, "the L2 rate"), _num),
    ("speed", "speed", _choice(tuple(SPEEDS), "speed"), str),
)
URL_FIELDS = tuple(UrlField(name, dec, enc) for name, _, dec, enc in FIELDS)
SETTING_OF = {name: setting for name, setting, _, _ in FIELDS}


def settings_from_link(raw: dict[str, str], base: TrainSettings) -> tuple[TrainSettings,
                                                                           list[str]]:
    """Apply a link's parameters to `base`; returns (settings, problems). A bad parameter
    keeps its default value and adds one problem naming it."""
    values, problems = decode_link(raw, URL_FIELDS)
    changes = {SETTING_OF[k]: v for k, v in values.items()}
    for k in raw:
        if k in SETTING_OF and k not in values:
            changes[SETTING_OF[k]] = getattr(DEFAULTS, SETTING_OF[k])
    if "hidden" in changes and "activations" not in changes:
        changes["activations"] = (base.activations[:1] or DEFAULTS.activations[:1])
    dataset = changes.get("dataset", base.dataset)
    task = DATASET_TASKS.get(dataset)  # None for an uploaded file (it never comes in a link)
    if task is not None:
        # The loss is read knowing the link's data: old ids ("xent") and labels that older
        # pages wrote ("Binary cross-entropy") still open; one that does not fit is refused.
        loss = changes.pop("loss", None)
        try:
            changes["loss"] = default_loss(task) if loss is None else check_loss(loss, task)
        except ValueError as exc:
            problems = [*problems, name_once("loss", str(exc))]
            changes["loss"] = default_loss(task)
    settings, notes = normalize(replace(base, **changes))
    return settings, problems + notes


def apply_link(sess: TrainSession) -> None:
    """A deep link (or hand-edited URL) sets the page once; a bad one says what was wrong."""
    raw = pending_link(PAGE, URL_FIELDS)
    if raw is None:
        return
    settings, problems = settings_from_link(raw, sess.settings)
    sess.set_settings(settings)
    if problems:
        st.session_state[KEY_WARNING] = (
            "Parts of this link could not be read, so they kept their default values: "
            + "; ".join(problems) + ".")
    else:
        st.session_state.pop(KEY_WARNING, None)


def link_warning() -> None:
    url_state.show_link_warning(KEY_WARNING, "tr_dismiss_link_warning")


def share_box() -> None:
    """Keep the URL in step with the settings and offer the link to copy."""
    sess = get_session()
    s = sess.settings
    values = {name: getattr(s, setting) for name, setting, _, _ in FIELDS}
    if s.dataset == CSV:
        values.pop("data")  # the file cannot travel; the link opens the default data
    if s == DEFAULTS:
        values = {}  # a clean link: the bare page opens exactly this (after Reset everything)
    encoded = write_link(PAGE, URL_FIELDS, values)
    if presenting() or not shown("share"):  # presenter mode: no boxes
        return
    class_link_box(PAGE, encoded)
    box = lazy_expander("Share this exact run", "tr_share_open", ":material/link:")
    if box is None:
        return
    with box:
        st.caption("The link holds every setting and both seeds, so it reproduces this run from "
                   "epoch 0 (the weights are not in it; export the model for those)."
                   + (" An uploaded CSV file is not part of the link." if s.dataset == CSV
                      else ""))
        st.code(share_url(PAGE, encoded).removesuffix("?"), language=None, wrap_lines=True)
