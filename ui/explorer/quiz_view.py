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
        st.session_state["quiz_revealed"] = False
    n = len(trace.outputs)
    st.markdown("Work out an output by hand (or on paper), type it, then check. "
                "The answer stays hidden until you check or reveal it.")
    i = st.selectbox("Which output?", range(n), format_func=lambda k: f"z{k + 1}",
                     key="quiz_output")
    o = trace.outputs[i]
    terms = " + ".join(f"W[{i + 1},{t.j + 1}]·x[{t.j + 1}]" for t in o.terms)
    st.markdown(f"z{i + 1} = {terms} + b[{i + 1}]")
    text = st.text_input(f"Your value for z{i + 1}", key="quiz_answer", placeholder="e.g. 31")
    c1, c2 = st.columns([1, 1])
    if c1.button("Check my answer", key="quiz_check", icon=":material/check:"):
        st.session_state["quiz_result"] = check_answer(text, o.z)
    if c2.button("Reveal the answer", key="quiz_reveal", icon=":material/visibility:"):
        st.session_state["quiz_revealed"] = True
    result = st.session_state.get("quiz_result")
    if result is not None:
        kind, message = result
        getattr(st, kind)(message)
    if st.session_state.get("quiz_revealed") or (result and result[0] == "success"):
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
