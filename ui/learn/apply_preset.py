"""Put the tools in a lesson step's state: the canonical W, x, b and activation
(ui.layer_state), the backpropagation page's loss, target, learning rate and second layer
(ui.backprop.state), the explorer's batch X, the stepper position, and the /train settings.

A preset is applied once when the learner arrives at a step; after that the learner's edits
stand until they move to another step. The tools are the pages' own, so a preset is exactly
what the learner would see on /explorer, /backprop or /train with the same numbers.
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
import streamlit as st

from core.course.layer_setup import LayerValues
from core.course.lesson_values import LessonPreset
from ui import layer_state as ls
from ui.backprop import state as bs
from ui.explorer import batch_view
from ui.learn.apply_ops import apply_tool_state
from ui.train.settings import DEFAULTS, TrainSettings
from ui.train.state import get_session

KEY_APPLIED = "learn_applied"  # (lesson, step) whose preset the tools now hold
TUPLE_FIELDS = {f.name for f in fields(TrainSettings)
                if isinstance(getattr(DEFAULTS, f.name), tuple)}


def train_settings(table: dict) -> TrainSettings:
    """A preset's [train] table -> TrainSettings (unknown names refused: ValueError)."""
    known = {f.name for f in fields(TrainSettings)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ValueError(f"unknown /train setting(s): {', '.join(unknown)}")
    values = {k: tuple(v) if k in TUPLE_FIELDS else v for k, v in table.items()}
    return replace(DEFAULTS, **values)


def explorer_signature() -> tuple:
    """What the explorer's stepper keys its position on (as pages/1_explorer.py does)."""
    return (ls.version(), ls.get_activation())


def apply(preset: LessonPreset, walk: int | None = None) -> None:
    if preset.tool is not None:  # an /operations or /concepts tool (ui.learn.apply_ops)
        apply_tool_state(preset.tool, walk)
    if preset.W is not None:
        _apply_layer(preset, walk)
    if preset.train is not None:
        sess = get_session()
        sess.pause()
        sess.set_settings(train_settings(dict(preset.train)))
        sess.reset()  # the step starts from epoch 0, even if these settings trained before


def _apply_layer(preset: LessonPreset, walk: int | None) -> None:
    ls.set_values(LayerValues(preset.W, preset.x, preset.b))
    ls.set_activation(preset.activation)
    st.session_state[ls.KEY_ERRORS] = {}
    bs.ensure_state()
    s = st.session_state
    s[bs.KEY_ERRORS], s[bs.KEY_NOTES] = {}, []
    s[bs.KEY_TWO] = preset.W2 is not None
    if preset.W2 is not None:
        s[bs.KEY_W2], s[bs.KEY_B2] = preset.W2.copy(), preset.b2.copy()
    else:
        s[bs.KEY_W2], s[bs.KEY_B2] = bs.default_W2(preset.W.shape[0]), np.zeros(1)
    if preset.loss is not None:
        s[bs.KEY_LOSS] = preset.loss
        target = preset.target  # a copy: the preset is shared course content
        bs.set_target_array(preset.loss, target if isinstance(target, int) else target.copy())
        bs.set_lr(preset.lr)
    bs.reconcile()
    bs.bump()
    if preset.X is not None:
        s[batch_view.KEY_X] = preset.X.copy()
        s[batch_view.KEY_VER] = s.get(batch_view.KEY_VER, 0) + 1
        s[batch_view.KEY_ERR] = ""
    if walk is not None:  # open the explorer's stepper at this position
        s["step_sig"], s["step_k"], s["step_playing"] = explorer_signature(), walk, False


def ensure_applied(lesson: int, step: int, preset: LessonPreset | None,
                   walk: int | None) -> None:
    """Apply the step's preset the first time this run is at (lesson, step)."""
    if st.session_state.get(KEY_APPLIED) == (lesson, step):
        return
    st.session_state[KEY_APPLIED] = (lesson, step)
    if preset is not None:
        apply(preset, walk)
