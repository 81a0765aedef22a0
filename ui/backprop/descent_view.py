"""One step of gradient descent (W, b and the loss before and after), and "Take N steps" with
the loss plotted against the step. Nothing here changes the learner's W and b unless they press
an Apply button: the results are previews computed by core.trace.descent."""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.course.layer_setup import MAX_ABS_VALUE
from core.trace.descent import MAX_STEPS, fits, gradient_step, run_descent, stable_lr_bound
from ui.backprop import state as bs
from ui.backprop.descent_text import run_message, step_message
from ui.backprop.step_text import bmatrix
from ui.classroom.teacher_link import locked, unless_locked
from ui.figures.descent_curve import descent_curve_figure
from ui.format import fmt, latex_num
from ui.highlight import CONCEALED, CONCEALED_NOTE, NONE, SHOW_ALL, Conceal, Highlight
from ui.marks import part
from ui.whole_number import whole_number_box

KEY_RUN_N = "bp_run_n"  # how many steps the learner asked for (None: not yet)
KEY_APPLIED = "bp_applied"  # a note after an Apply button
TEX_NAMES = {"W": "W", "b": "b", "W2": "W^{(2)}", "b2": "b^{(2)}"}


@unless_locked
def _apply(params: dict[str, np.ndarray], what: str) -> None:
    bs.apply_params(params)
    st.session_state.pop(KEY_RUN_N, None)  # the old run started from the old W and b
    st.session_state[KEY_APPLIED] = (f"Applied {what}: W and b on every page now hold the new "
                                     "values.")


def _apply_button(label: str, key: str, params: dict | None, what: str) -> None:
    """An explicit button that writes the previewed parameters into the shared layer."""
    ok = params is not None and all(np.all(np.abs(v) <= MAX_ABS_VALUE) for v in params.values())
    st.button(label, key=key, icon=":material/input:", disabled=not ok or locked(),
              on_click=_apply, args=(params, what), type="primary")
    if params is not None and not ok:
        st.caption(f"Cannot apply: some new values are beyond ±{fmt(MAX_ABS_VALUE)}, the largest "
                   "the editors accept.")


def one_step(setup: bs.Setup, highlight: Highlight = NONE, conceal: Conceal = SHOW_ALL) -> None:
    """conceal: "loss after" (the metric "?", the sentence that says it held back) or
    entries of Wnew / bnew ("?"), until a lesson's checkpoint is answered; while anything
    is concealed the Apply button is not offered (applying would show the new values)."""
    step = gradient_step(setup.net, setup.x, setup.loss, setup.target, setup.lr)
    bound = stable_lr_bound(setup.net, setup.x, setup.loss)
    st.markdown(f"##### One step with η = {fmt(setup.lr)}: every parameter p becomes "
                "p − η · ∂L/∂p")
    c1, c2 = st.columns([1, 2], vertical_alignment="center")
    with c1, part(highlight, "loss after"):
        after = "overflow" if step.loss_after is None else fmt(step.loss_after)
        hide_after = conceal.hides("loss after")
        after = CONCEALED if hide_after else after
        st.metric("Loss before → after", f"{fmt(step.loss_before)} → {after}",
                  delta=None if step.change is None or hide_after else fmt(step.change),
                  delta_color="inverse")
    with c2:
        kind, sentence = step_message(step, bound)
        if hide_after:  # the sentence says the loss after and whether it went up
            st.caption(CONCEALED_NOTE)
        else:
            getattr(st, kind)(sentence)
    if step.after is not None:
        new = step.after.params()
        for name, old in step.before.params().items():
            t = TEX_NAMES[name]
            # A lesson's Wnew[i,j] boxes that entry in the old value, the gradient and the new.
            cells = highlight.cells(name + "new", np.shape(old)) if name in ("W", "b") else set()
            hidden = (conceal.cells(name + "new", np.shape(old)) if name in ("W", "b")
                      else set())
            st.latex(rf"{t}_{{\text{{new}}}} = {bmatrix(old, cells)} - {latex_num(step.lr)}"
                     rf"\cdot {bmatrix(step.grads[name], cells)} = "
                     rf"{bmatrix(new[name], cells, hidden)}")
    if conceal:
        return
    _apply_button("Apply the step to W and b", "bp_apply_step",
                  None if step.after is None else step.after.params(), "one step")


KEY_STEPS_N = "bp_steps_n"  # the kept N (the box below shows it; a refused entry keeps it)


def _set_steps_n(n: int) -> None:
    st.session_state[KEY_STEPS_N] = n


def _on_take_steps() -> None:
    st.session_state[KEY_RUN_N] = st.session_state.get(KEY_STEPS_N, 20)


def n_steps(setup: bs.Setup, highlight: Highlight = NONE) -> None:
    st.markdown("##### Take N steps")
    c1, c2 = st.columns([1, 1], vertical_alignment="bottom")
    whole_number_box("Steps N", "bp_steps_input", st.session_state.get(KEY_STEPS_N, 20), 1,
                     MAX_STEPS, _set_steps_n, where=c1)
    c2.button("Take N steps", key="bp_take_steps", icon=":material/trending_down:",
              on_click=_on_take_steps, width="stretch")
    n = st.session_state.get(KEY_RUN_N)
    if not n:
        st.caption("Repeats the step above N times from the current W and b (x and the target "
                   "stay fixed) and plots the loss after every step.")
        return
    run = run_descent(setup.net, setup.x, setup.loss, setup.target, setup.lr, n)
    kind, sentence = run_message(run, stable_lr_bound(setup.net, setup.x, setup.loss))
    getattr(st, kind)(sentence)
    with part(highlight, "loss curve", "the loss after every step"):
        st.plotly_chart(descent_curve_figure(run.losses, run.overflow_step), width="stretch",
                        key="bp_loss_curve", config={"displayModeBar": False})
    if run.status != "overflow" and fits(run.final, MAX_ABS_VALUE):
        _apply_button(f"Apply the result of these {run.losses.size - 1} steps to W and b",
                      "bp_apply_run", run.final.params(), f"{run.losses.size - 1} steps")


def descent_view(setup: bs.Setup, highlight: Highlight = NONE,
                 conceal: Conceal = SHOW_ALL) -> None:
    """highlight: what a lesson step's text refers to (Wnew[i,j], the loss after, the loss
    curve), outlined and named. conceal: what a lesson's checkpoint asks for, "?" until it
    is answered (one_step); "Take N steps" waits too (its curve starts with the loss after
    one step)."""
    st.caption("These are previews: your W and b (shared with the explorer) change only when "
               "you press an **Apply** button. Set the learning rate η in the sidebar.")
    note = st.session_state.pop(KEY_APPLIED, None)
    if note:
        st.success(note, icon=":material/check:")
    one_step(setup, highlight, conceal)
    st.divider()
    if conceal:
        st.markdown("##### Take N steps")
        st.caption(CONCEALED_NOTE)
        return
    n_steps(setup, highlight)
