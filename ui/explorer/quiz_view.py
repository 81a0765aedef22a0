"""Predict, then reveal: the learner computes z_i before the app shows it."""

from __future__ import annotations

import math

import streamlit as st

from core import ForwardTrace
from ui.format import fmt

REL_TOL = 1e-6


def is_close(answer: float, truth: float, rel_tol: float = REL_TOL) -> bool:
    """Relative tolerance 1e-6 (with an absolute floor of 1e-9 for answers near zero)."""
    return math.isclose(answer, truth, rel_tol=rel_tol, abs_tol=1e-9)


def quiz_view(trace: ForwardTrace, signature: tuple) -> None:
    if st.session_state.get("quiz_sig") != signature:
        st.session_state["quiz_sig"] = signature
        st.session_state["quiz_result"] = None
        st.session_state["quiz_revealed"] = None
    n = len(trace.outputs)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("Work out an output by hand (or on paper), type it, then check. "
                    "The answer stays hidden until you check or reveal it.")
        i = st.selectbox("Which output?", range(n), format_func=lambda k: f"z{k + 1}",
                         key="quiz_output")
        o = trace.outputs[i]
        row = ", ".join(fmt(t.w) for t in o.terms)
        xs = ", ".join(fmt(t.x) for t in o.terms)
        st.markdown(f"Row {i + 1} of W: **[{row}]**  \nx: **[{xs}]**  \n"
                    f"b{i + 1}: **{fmt(o.bias)}**")
        text = st.text_input(f"Your value for z{i + 1}", key="quiz_answer",
                             placeholder="e.g. 31")
        c1, c2 = st.columns(2)
        if c1.button("Check my answer", key="quiz_check", icon=":material/check:",
                     width="stretch"):
            st.session_state["quiz_result"] = (i, *check_answer(text, o.z))
        if c2.button("Reveal the answer", key="quiz_reveal", icon=":material/visibility:",
                     width="stretch"):
            st.session_state["quiz_revealed"] = i
    with right:
        result = st.session_state.get("quiz_result")
        if result is not None and result[0] == i:
            _, kind, message = result
            getattr(st, kind)(message)
        solved = result is not None and result[0] == i and result[1] == "success"
        if st.session_state.get("quiz_revealed") == i or solved:
            st.markdown(f"z{i + 1} = " + " + ".join(f"{fmt(t.w)}·{fmt(t.x)}" for t in o.terms)
                        + f" + {fmt(o.bias)} = **{fmt(o.z)}**")


def check_answer(text: str, truth: float) -> tuple[str, str]:
    """('success' | 'error' | 'warning', message) for a typed answer."""
    try:
        answer = float(str(text).strip().replace("−", "-"))
    except ValueError:
        return "warning", "Type a number, e.g. 31 or -2.5."
    if not math.isfinite(answer):
        return "warning", "Type a finite number."
    if is_close(answer, truth):
        return "success", f"Correct: {fmt(truth)}."
    hint = ("Close: check the signs." if math.isclose(abs(answer), abs(truth), rel_tol=1e-6)
            else "Not yet. Multiply each weight by its input, add them up, then add the bias.")
    return "error", f"{fmt(answer)} is not it. {hint}"
