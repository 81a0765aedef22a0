"""Backward pass, one element at a time: dL/da, f'(z) and δ, every dL/dW_ij, dL/db_i and
dL/dx_j, each with its numbers and its finite-difference check.

The stepper lives in a fragment (as the explorer's) so Previous/Next/Play rerun only this part;
Play sets the fragment's run_every, Pause clears it.
"""

from __future__ import annotations

import time

import streamlit as st

from core.chain import NetworkTrace
from core.net_gradcheck import ParamCheck
from ui.backprop.step_figure import step_figure
from ui.backprop.step_text import check_index, check_sentence, phase_title, step_latex

PLAY_INTERVAL_S = 1.0
KEY_K, KEY_PLAYING = "bp_step_k", "bp_step_playing"
KEY_SIG, KEY_TICK = "bp_step_sig", "bp_step_tick"

INTRO = (
    "The backward pass starts at the loss and walks back through the layer. First the "
    "**upstream gradient** ∂L/∂a (how the loss changes with each output), then through the "
    "activation to **δ = ∂L/∂z**, then the gradients of the weights, the biases and the input. "
    "Press **Next**."
)


def _reset_if_changed(signature: tuple) -> None:
    if st.session_state.get(KEY_SIG) != signature:
        st.session_state[KEY_SIG] = signature
        st.session_state[KEY_K] = 0
        st.session_state[KEY_PLAYING] = False


def _next(total: int) -> None:
    st.session_state[KEY_K] = min(st.session_state[KEY_K] + 1, total)


def _prev() -> None:
    st.session_state[KEY_K] = max(st.session_state[KEY_K] - 1, 0)
    st.session_state[KEY_PLAYING] = False


def _reset() -> None:
    st.session_state[KEY_K] = 0
    st.session_state[KEY_PLAYING] = False


def phase_ends(trace: NetworkTrace) -> tuple[int, ...]:
    """The step numbers (1-based) that finish a part: the last dA, δ, dW, db or dx of a layer."""
    steps = trace.steps
    return tuple(k for k in range(1, len(steps) + 1)
                 if k == len(steps) or (steps[k].kind, steps[k].layer)
                 != (steps[k - 1].kind, steps[k - 1].layer))


def _end_of_part(ends: tuple[int, ...]) -> None:
    k = st.session_state[KEY_K]
    st.session_state[KEY_K] = next((e for e in ends if e > k), ends[-1])
    st.session_state[KEY_PLAYING] = False


def _toggle_play(total: int) -> None:
    playing = not st.session_state.get(KEY_PLAYING, False)
    if playing and st.session_state[KEY_K] >= total:
        st.session_state[KEY_K] = 0
    st.session_state[KEY_PLAYING] = playing
    st.session_state[KEY_TICK] = time.monotonic()


def step_view(trace: NetworkTrace, checks: dict[str, ParamCheck], signature: tuple) -> None:
    _reset_if_changed(signature)
    interval = PLAY_INTERVAL_S if st.session_state.get(KEY_PLAYING) else None
    st.fragment(run_every=interval)(_stepper)(trace, checks, interval is not None)


def _buttons(k: int, total: int, playing: bool, ends: tuple[int, ...]) -> None:
    c1, c2, c6, c3, c4, c5 = st.columns([1, 1, 1.3, 1.1, 1, 1.6], vertical_alignment="center")
    c1.button("Previous", key="bp_step_prev", icon=":material/skip_previous:", on_click=_prev,
              disabled=k == 0, width="stretch")
    c2.button("Next", key="bp_step_next", icon=":material/skip_next:", on_click=_next,
              args=(total,), disabled=k >= total, width="stretch")
    c6.button("End of part", key="bp_step_part", icon=":material/fast_forward:",
              on_click=_end_of_part, args=(ends,), disabled=k >= total, width="stretch",
              help="Jump to the last step of this part, e.g. the whole ∂L/∂W grid filled in.")
    c3.button("Pause" if playing else "Play", key="bp_step_play",
              icon=":material/pause:" if playing else ":material/play_arrow:",
              on_click=_toggle_play, args=(total,), width="stretch")
    c4.button("Reset", key="bp_step_reset", icon=":material/restart_alt:", on_click=_reset,
              width="stretch")
    c5.markdown(f"**Step {k} of {total}**")
    st.progress(k / total if total else 0.0)


def _stepper(trace: NetworkTrace, checks: dict[str, ParamCheck], timer_on: bool) -> None:
    total = len(trace.steps)
    playing = st.session_state.get(KEY_PLAYING, False)
    if playing != timer_on:
        # Play/Pause reran only this fragment, but its timer is set when the page runs: rerun
        # the page to start or stop it.
        st.rerun(scope="app")
    if playing:
        now = time.monotonic()
        if now - st.session_state.get(KEY_TICK, 0.0) >= PLAY_INTERVAL_S * 0.8:
            st.session_state[KEY_TICK] = now
            _next(total)
        if st.session_state[KEY_K] >= total:
            st.session_state[KEY_PLAYING] = False
            st.rerun(scope="app")  # drop run_every now that the walk is over
    k = min(st.session_state.get(KEY_K, 0), total)
    _buttons(k, total, playing, phase_ends(trace))

    if k == 0:
        st.markdown(INTRO)
    else:
        st.markdown(f"##### {phase_title(trace, trace.steps[k - 1])}")
    st.plotly_chart(step_figure(trace, k), width="stretch", key="bp_step_figure",
                    config={"displayModeBar": False, "staticPlot": True})
    if k == 0:
        return
    step = trace.steps[k - 1]
    st.latex(step_latex(trace, step))
    where = check_index(trace, step)
    if where is not None:
        name, index = where
        label = f"∂L/∂{name}[{', '.join(str(v + 1) for v in index)}]"
        st.markdown(check_sentence(checks[name], index, label))
