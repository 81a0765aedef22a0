"""ui.stepper on its own (AppTest of a one-stepper script): Next and Previous, a lesson's
stop (cap), and a click that reaches the script twice."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from ui.stepper import stepper

    cap = st.session_state.get("cap")
    stepper("t", 5, ("numbers",), lambda k: st.markdown(f"drawn at {k}"), cap=cap)


def _at(cap: int | None = None) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=30)
    if cap is not None:
        at.session_state["cap"] = cap
    at.run()
    return at


def _position(at: AppTest) -> int:
    return int(at.session_state["t_k"])


def test_next_and_previous_walk_one_step_each():
    at = _at()
    for k in (1, 2, 3):
        at.button(key="t_next").click().run()
        assert _position(at) == k and any(m.value == f"drawn at {k}" for m in at.markdown)
    at.button(key="t_prev").click().run()
    assert _position(at) == 2


def test_a_click_that_reaches_the_script_twice_moves_one_step():
    """Runs of one session overlap (runner.fastReruns): a click's callback can run in two
    runs before the stepper is drawn again. Next means "the step after the one on screen",
    so the second run leaves it there (it used to add one more)."""
    at = _at()
    at.button(key="t_next").click().run()
    assert _position(at) == 1
    # the next click, run twice before anything is redrawn: the button drawn at step 1
    # carries the callback and arguments of that run
    from ui import stepper

    on_click, args = stepper.next_click("t", 1, 5)
    state = {"t_k": 1, "t_playing": False}
    original = stepper.st.session_state
    try:
        stepper.st.session_state = state  # the callback's view of the session
        for _ in range(2):
            on_click(*args)
    finally:
        stepper.st.session_state = original
    assert state["t_k"] == 2


def test_a_stop_holds_next_and_the_end_is_still_counted():
    at = _at(cap=2)
    for _ in range(2):
        at.button(key="t_next").click().run()
    assert _position(at) == 2 and at.button(key="t_next").disabled
    assert at.button(key="t_play").disabled  # nothing to play at the stop
    assert any(m.value == "**Step 2 of 5**" for m in at.markdown)
    at.session_state["cap"] = None
    at.run()
    assert not at.button(key="t_next").disabled
    at.button(key="t_next").click().run()
    assert _position(at) == 3
