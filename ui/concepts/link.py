"""The /concepts share link: topic= plus the open topic's numbers (and act=, step=, seed=,
pixel= where the topic has them), from one table of fields per topic.

A malformed value keeps the session's current value and the page says which parameter was
wrong (escaped: link text is never rendered as Markdown); the rest of the link still applies.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.course.url_codec import decode_matrix, decode_vector, encode_matrix, encode_vector
from ui import layer_state as ls
from ui import url_state
from ui.classroom.present import presenting
from ui.classroom.teacher_link import class_link_box, shown
from ui.concepts import state as cs
from ui.expanders import lazy_expander
from ui.safe_text import user_text
from ui.url_state import UrlField, pending_link, share_url, write_link

PAGE = "concepts"
KEY_WARNING = "concepts_link_warning"
KEY_PENDING_STEP = "concepts_pending_step"  # a link's step=, applied when the stepper is drawn
MAX_SEED = 9999


def _topic(text: str) -> str:
    v = text.strip().lower()
    if v not in cs.TOPICS:
        raise ValueError(f"unknown topic '{v[:20]}'; use one of {', '.join(cs.TOPICS)}")
    return v


def _act(text: str) -> str:
    v = text.strip().lower()
    if v not in cs.COLLAPSE_ACTS:
        raise ValueError(f"unknown activation '{v[:20]}'; use one of "
                         f"{', '.join(cs.COLLAPSE_ACTS)}")
    return v


def _whole(lo: int, hi: int):
    def decode(text: str) -> int:
        try:
            v = int(text.strip())
        except ValueError:
            raise ValueError(f"'{text[:20]}' is not a whole number") from None
        if not lo <= v <= hi:
            raise ValueError(f"must be from {lo} to {hi}")
        return v
    return decode


def _pixel(text: str) -> tuple[int, int]:
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError("must be row,column (e.g. 1,2)")
    r, c = (_whole(1, 4)(p) for p in parts)
    return r - 1, c - 1


def _array_field(name: str) -> UrlField:
    matrix = cs.ARRAYS[name].default.ndim == 2
    decode = (lambda s: decode_matrix(s, name)) if matrix else (lambda s: decode_vector(s, name))
    return UrlField(name, decode, encode_matrix if matrix else encode_vector)


TOPIC_FIELD = UrlField("topic", _topic, str)
ACT_FIELD = UrlField("act", _act, str)
STEP_FIELD = UrlField("step", _whole(0, 10_000), str)
SEED_FIELD = UrlField("seed", _whole(0, MAX_SEED), str)
PIXEL_FIELD = UrlField("pixel", _pixel, lambda p: f"{p[0] + 1},{p[1] + 1}")

FIELDS: dict[str, tuple[UrlField, ...]] = {
    "misconceptions": (TOPIC_FIELD,),
    "collapse": (TOPIC_FIELD, *map(_array_field, cs.TOPIC_ARRAYS["collapse"]), ACT_FIELD,
                 STEP_FIELD),
    "xor": (TOPIC_FIELD, *map(_array_field, cs.TOPIC_ARRAYS["xor"])),
    "cnn": (TOPIC_FIELD, _array_field("image"), PIXEL_FIELD),
    "rnn": (TOPIC_FIELD, *map(_array_field, cs.TOPIC_ARRAYS["rnn"]), STEP_FIELD),
    "transformer": (TOPIC_FIELD, _array_field("X"), SEED_FIELD),
    "notation": (TOPIC_FIELD, *ls.LAYER_FIELDS[:3]),
}
# Every name any topic uses: a link is "new" when any of them changed.
_ANY = tuple(UrlField(n, str, str) for n in dict.fromkeys(
    f.name for fields in FIELDS.values() for f in fields))


def _shape_text(shape: tuple[int, ...]) -> str:
    return " × ".join(map(str, shape))


def apply_link() -> None:
    """A deep link (or a hand-edited URL) sets the page once; bad parts are named."""
    raw = pending_link(PAGE, _ANY)
    if raw is None:
        return
    problems: list[str] = []
    topic = cs.topic()
    if "topic" in raw:
        try:
            topic = _topic(raw["topic"])
        except ValueError as exc:
            problems.append(f"topic: {exc}")
    cs.set_topic(topic)
    if topic == "notation":
        values, _, layer_problems = ls.read_layer_link({k: raw[k] for k in "Wxb" if k in raw})
        problems += [p.replace("`", "") for p in layer_problems]
        if values is not None:
            ls.set_values(values)
    else:
        for field in FIELDS[topic][1:]:
            if field.name not in raw:
                continue
            try:
                value = field.decode(raw[field.name])
            except ValueError as exc:
                problems.append(f"{field.name}: {exc}")
                continue
            _apply(field.name, value, problems)
    if problems:
        st.session_state[KEY_WARNING] = user_text(
            "Parts of this link could not be read, so they kept their current values: "
            + "; ".join(problems) + ".", limit=600)
    else:
        st.session_state.pop(KEY_WARNING, None)


def _apply(name: str, value: object, problems: list[str]) -> None:
    if name == "act":
        st.session_state[cs.KEY_ACT] = value
    elif name == "step":
        st.session_state[KEY_PENDING_STEP] = value
    elif name == "seed":
        st.session_state[cs.KEY_SEED] = value
    elif name == "pixel":
        st.session_state[cs.KEY_PIXEL] = value
    else:
        arr = np.asarray(value)
        spec = cs.ARRAYS[name]
        if not spec.allows(arr.shape):
            want = (f"1 to {spec.max_rows} rows of {spec.default.shape[1]}" if spec.max_rows
                    else _shape_text(spec.default.shape))
            problems.append(f"{name} is {_shape_text(arr.shape)}, it must be {want}")
            return
        cs.set_array(name, arr)


def restore_step(prefix: str, total: int, signature: tuple) -> None:
    """Apply a link's step= to the stepper `prefix` (ui.stepper's session keys) once."""
    k = st.session_state.pop(KEY_PENDING_STEP, None)
    if k is None:
        return
    if k > total:  # said here, next to the stepper (the link's warning is already drawn)
        st.warning(f"The link asks for step {k}, but this example has {total} steps; it opened "
                   "the last one.", icon=":material/link_off:")
        k = total
    st.session_state[f"{prefix}_sig"] = signature
    st.session_state[f"{prefix}_k"] = k
    st.session_state[f"{prefix}_playing"] = False


def link_warning() -> None:
    url_state.show_link_warning(KEY_WARNING, "concepts_dismiss_link_warning")


def current_values(topic: str, step: int | None = None) -> dict[str, object]:
    s = st.session_state
    values: dict[str, object] = {"topic": topic}
    if topic == "notation":
        v = ls.get_values()
        values.update(W=v.W, x=v.x, b=v.b)
        return values
    for name in cs.TOPIC_ARRAYS.get(topic, ()):
        values[name] = cs.get(name)
    if topic == "collapse":
        values["act"] = s[cs.KEY_ACT]
    if topic == "transformer":
        values["seed"] = s[cs.KEY_SEED]
    if topic == "cnn":
        values["pixel"] = s[cs.KEY_PIXEL]
    if step is not None:
        values["step"] = step
    return values


def share_box(topic: str, step: int | None = None) -> None:
    """Keep the URL in step with the topic's numbers and offer the link to copy."""
    encoded = write_link(PAGE, FIELDS[topic], current_values(topic, step))
    if presenting() or not shown("share"):  # presenter mode: no boxes
        return
    class_link_box(PAGE, encoded)
    box = lazy_expander("Share this exact example", f"concepts_share_open_{topic}",
                        ":material/link:")
    if box is not None:
        box.caption("Copy the link (button at the right of the box); it opens this topic "
                    "with these numbers" + (" at this step." if step is not None else "."))
        box.code(share_url(PAGE, encoded), language=None, wrap_lines=True)
