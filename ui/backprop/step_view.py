"""Backward pass, one element at a time: dL/da, f'(z) and δ, every dL/dW_ij, dL/db_i and
dL/dx_j, each with its numbers and its finite-difference check.

The controls come from ui.stepper (shared with the explorer); this module draws step k.
"""

from __future__ import annotations

from contextlib import nullcontext

import streamlit as st

from core.trace.chain import NetworkTrace
from core.trace.net_gradcheck import ParamCheck
from ui.backprop.link import STEPPER, link_step, start_steps_from_link
from ui.backprop.step_figure import step_figure
from ui.backprop.step_text import check_index, check_sentence, phase_title, step_latex
from ui.classroom.present import presenting
from ui.highlight import NONE, Highlight
from ui.stepper import stepper
from ui.style import fixed_figure

PLAY_INTERVAL_S = 1.0

INTRO = (
    "The backward pass starts at the loss and walks back through the layer. First the "
    "**upstream gradient** ∂L/∂a (how the loss changes with each output), then through the "
    "activation to **δ = ∂L/∂z**, then the gradients of the weights, the biases and the input. "
    "Press **Next**."
)


def phase_ends(trace: NetworkTrace) -> tuple[int, ...]:
    """The step numbers (1-based) that finish a part: the last dA, δ, dW, db or dx of a layer."""
    steps = trace.steps
    return tuple(k for k in range(1, len(steps) + 1)
                 if k == len(steps) or (steps[k].kind, steps[k].layer)
                 != (steps[k - 1].kind, steps[k - 1].layer))


def step_view(trace: NetworkTrace, checks: dict[str, ParamCheck], signature: tuple,
              link: bool = True, highlight: Highlight = NONE, scale: float = 1.0) -> None:
    """link=False: embedded on another page (/learn), whose URL says something else.
    highlight: cells a lesson step names (delta, dW, ...), outlined dashed; scale: the
    picture's size (smaller in a lesson's column)."""
    if link:
        start_steps_from_link(signature, len(trace.steps))
    stepper(STEPPER, len(trace.steps), signature,
            lambda k: _render(trace, checks, k, link, highlight, scale),
            interval_s=PLAY_INTERVAL_S, part_ends=phase_ends(trace))


def _render(trace: NetworkTrace, checks: dict[str, ParamCheck], k: int,
            link: bool = True, highlight: Highlight = NONE, scale: float = 1.0) -> None:
    if link:
        link_step(k)  # the link follows the walk (this runs in the stepper's fragment)
    if k == 0:
        st.markdown(INTRO)
    else:
        st.markdown(f"##### {phase_title(trace, trace.steps[k - 1])}")
    # Presenter mode on the page itself (a lesson has its own columns): the arithmetic
    # beside the picture, so both fit a projected screen.
    beside = presenting() and k and link
    picture, arithmetic = st.columns([9, 11]) if beside else (nullcontext(),) * 2
    with picture:
        fixed_figure(step_figure(trace, k, highlight), key="bp_step_figure", scale=scale)
    if k == 0:
        return
    step = trace.steps[k - 1]
    with arithmetic:
        st.latex(step_latex(trace, step))
        where = check_index(trace, step)
        if where is not None:
            name, index = where
            label = f"∂L/∂{name}[{', '.join(str(v + 1) for v in index)}]"
            st.markdown(check_sentence(checks[name], index, label))
