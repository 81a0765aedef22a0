"""The Previous / Next / Play / Reset stepper shared by the explorer and the backprop page.

It lives in a fragment, so stepping reruns only the stepper. Play gives the fragment a timer
(run_every); the timer is fixed when the page runs, so Play and Pause rerun the page once to
start or stop it. The position resets when `signature` (the numbers being walked) changes.
Session keys and widget keys all start with `prefix`, so two steppers never collide.
The keyboard steps too (ui.classroom.keyboard: the arrows, Page Down / Page Up, Space).

A lesson may hold the walk back (`cap`): its checkpoint's answer is on a later step, so Next,
Play, End of part and the keys stop at step `cap` until the learner has tried the checkpoint
(predict, then reveal), and the stepper says why.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from ui.classroom.keyboard import stepper_keys

HOLD_NOTE = "work out the answer"  # why Next waits (a lesson's cap)
DEFAULT_CAP_NOTE = (f"the steps after it {HOLD_NOTE} to the checkpoint. Answer it first; then "
                    "Next walks on.")


def _keys(prefix: str) -> tuple[str, str, str, str]:
    return f"{prefix}_k", f"{prefix}_playing", f"{prefix}_sig", f"{prefix}_tick"


def _next(prefix: str, total: int) -> None:
    k_key = _keys(prefix)[0]
    st.session_state[k_key] = min(st.session_state[k_key] + 1, total)


def _prev(prefix: str) -> None:
    k_key, play_key, _, _ = _keys(prefix)
    st.session_state[k_key] = max(st.session_state[k_key] - 1, 0)
    st.session_state[play_key] = False


def _reset(prefix: str) -> None:
    k_key, play_key, _, _ = _keys(prefix)
    st.session_state[k_key] = 0
    st.session_state[play_key] = False


def _end_of_part(prefix: str, ends: tuple[int, ...]) -> None:
    k_key, play_key, _, _ = _keys(prefix)
    k = st.session_state[k_key]
    st.session_state[k_key] = next((e for e in ends if e > k), ends[-1])
    st.session_state[play_key] = False


def _go_to(prefix: str, target: int, limit: int, stop_playing: bool) -> None:
    """A Next or Previous button: the step after (or before) the one it was drawn at, so a
    click that reaches the script twice (one session's runs can overlap) moves one step."""
    k_key, play_key, _, _ = _keys(prefix)
    st.session_state[k_key] = max(0, min(int(target), limit))
    if stop_playing:
        st.session_state[play_key] = False


def next_click(prefix: str, k: int, limit: int) -> tuple[Callable[..., None], tuple]:
    """The Next button's callback and its arguments when it is drawn at step k."""
    return _go_to, (prefix, k + 1, limit, False)


def _toggle_play(prefix: str, total: int) -> None:
    k_key, play_key, _, tick_key = _keys(prefix)
    playing = not st.session_state.get(play_key, False)
    if playing and st.session_state[k_key] >= total:
        if total == 0:  # held at step 0 (a lesson's cap): nothing to play
            return
        st.session_state[k_key] = 0
    st.session_state[play_key] = playing
    st.session_state[tick_key] = time.monotonic()


def stepper(
    prefix: str,
    total: int,
    signature: tuple,
    render: Callable[[int], None],
    interval_s: float = 0.9,
    part_ends: tuple[int, ...] = (),
    cap: int | None = None,
    cap_note: str = "",
) -> None:
    """Draw the controls and call render(k) for the current step k (0 = nothing done yet).
    cap: the last step the walk may reach for now (None: every step; see the module note);
    cap_note: the line shown at the stop, after "Next waits at step K:" (which checkpoint)."""
    k_key, play_key, sig_key, _ = _keys(prefix)
    if st.session_state.get(sig_key) != signature:
        st.session_state[sig_key] = signature
        st.session_state[k_key] = 0
        st.session_state[play_key] = False
    interval = interval_s if st.session_state.get(play_key) else None
    st.fragment(run_every=interval)(_body)(prefix, total, render, interval_s, part_ends,
                                           interval is not None, cap, cap_note)


def reachable(total: int, cap: int | None) -> int:
    """The last step Next may reach: `total`, or `cap` while a lesson holds the walk back."""
    return total if cap is None else max(0, min(int(cap), total))


def _body(prefix: str, total: int, render: Callable[[int], None], interval_s: float,
          part_ends: tuple[int, ...], timer_on: bool, cap: int | None = None,
          cap_note: str = "") -> None:
    k_key, play_key, _, tick_key = _keys(prefix)
    limit = reachable(total, cap)
    if st.session_state.get(k_key, 0) > limit:  # e.g. walked on /operations, then held here
        st.session_state[k_key] = limit
    playing = st.session_state.get(play_key, False)
    if playing != timer_on:
        st.rerun(scope="app")  # start or stop the fragment's timer
    if playing:
        now = time.monotonic()
        if now - st.session_state.get(tick_key, 0.0) >= interval_s * 0.8:
            st.session_state[tick_key] = now
            _next(prefix, limit)
        if st.session_state[k_key] >= limit:
            st.session_state[play_key] = False
            st.rerun(scope="app")  # the walk is over (or held): drop the timer
    k = min(st.session_state.get(k_key, 0), limit)
    _controls(prefix, k, total, playing, tuple(min(e, limit) for e in part_ends), limit)
    if limit < total and k >= limit:
        st.caption(f":material/lock: **Next waits at step {limit}:** "
                   f"{cap_note or DEFAULT_CAP_NOTE}")
    # the keys see the walk up to the stop: there → goes to the page (a lesson keeps its
    # own Next locked while its checkpoint is untried)
    stepper_keys(prefix, k, limit, lambda move: _on_key(prefix, limit, move))
    with st.container(key=f"{prefix}_walk"):  # what step k draws (tests find it by the key)
        render(k)


def _on_key(prefix: str, total: int, move: str) -> None:
    """A key pressed Next or Previous (ui.classroom.keyboard), exactly as the buttons do."""
    if move == "next":
        _next(prefix, total)
    else:
        _prev(prefix)


def _controls(prefix: str, k: int, total: int, playing: bool, part_ends: tuple[int, ...],
              limit: int | None = None) -> None:
    """limit: the last step Next may reach now (reachable); the count still says "of total"."""
    limit = total if limit is None else limit
    # One horizontal row of buttons as wide as their labels (fixed columns cut "Previous" to
    # "Previ…" at 1280 px); on a narrow screen the row wraps instead of squeezing them.
    with st.container(horizontal=True, vertical_alignment="center", gap="small",
                      key=f"{prefix}_controls"):
        st.button("Previous", key=f"{prefix}_prev", icon=":material/skip_previous:",
                  on_click=_go_to, args=(prefix, k - 1, limit, True), disabled=k == 0)
        on_next, next_args = next_click(prefix, k, limit)
        st.button("Next", key=f"{prefix}_next", icon=":material/skip_next:", type="primary",
                  on_click=on_next, args=next_args, disabled=k >= limit)
        if part_ends:
            st.button("End of part", key=f"{prefix}_part", icon=":material/fast_forward:",
                      on_click=_end_of_part, args=(prefix, part_ends), disabled=k >= limit,
                      help="Jump to the last step of this part, e.g. a whole grid filled in.")
        st.button("Pause" if playing else "Play", key=f"{prefix}_play",
                  icon=":material/pause:" if playing else ":material/play_arrow:",
                  on_click=_toggle_play, args=(prefix, limit),
                  # held at the stop: nothing to play (a replay from 0 would lose the place)
                  disabled=not playing and (limit == 0 or limit < total and k >= limit))
        st.button("Reset", key=f"{prefix}_reset", icon=":material/restart_alt:",
                  on_click=_reset, args=(prefix,))
        st.markdown(f"**Step {k} of {total}**", width="content")
    st.progress(k / total if total else 0.0)


def start_at(prefix: str, signature: tuple, k: int) -> None:
    """Open the walk over these numbers (`signature`) at step k, as a link's step= asks; the
    stepper keeps the position because the signature already matches."""
    k_key, play_key, sig_key, _ = _keys(prefix)
    st.session_state[sig_key] = signature
    st.session_state[k_key] = max(0, int(k))
    st.session_state[play_key] = False


def start_from_pending(prefix: str, pending_key: str, signature: tuple, total: int) -> None:
    """Open the walk at the step a link asked for (kept in session_state[pending_key] until
    the walk's numbers are known), once; a step past the end opens at the end."""
    k = st.session_state.pop(pending_key, None)
    if k is not None:
        start_at(prefix, signature, min(int(k), total))


def position(prefix: str) -> int:
    """The current step (0 before the first Next)."""
    return int(st.session_state.get(_keys(prefix)[0], 0))
