"""Predict, then reveal: the learner computes one dL/dW_ij of layer 1 before the page shows it
(checked to a relative tolerance of 1e-6)."""

from __future__ import annotations

import math

import streamlit as st

from core.chain import BackStep, NetworkTrace
from ui.backprop.step_text import dA_latex, delta_latex, step_latex
from ui.format import fmt

REL_TOL = 1e-6
KEY_SIG, KEY_RESULT, KEY_REVEALED = "bp_quiz_sig", "bp_quiz_result", "bp_quiz_revealed"


def is_close(answer: float, truth: float) -> bool:
    """Relative tolerance 1e-6, with an absolute floor of 1e-9 for answers near zero."""
    return math.isclose(answer, truth, rel_tol=REL_TOL, abs_tol=1e-9)


def check_answer(text: str, trace: NetworkTrace, i: int, j: int) -> tuple[str, str]:
    """('success' | 'error' | 'warning', message) for a typed dL/dW_ij, with a hint that names
    the usual slip (a forgotten f'(z), a forgotten x_j, a sign)."""
    try:
        answer = float(str(text).strip().replace("−", "-"))
    except ValueError:
        return "warning", "Type a number, e.g. 3 or -4.5."
    if not math.isfinite(answer):
        return "warning", "Type a finite number."
    back = trace.back1
    truth = float(back.dW[i, j])
    if is_close(answer, truth):
        return "success", f"Correct: ∂L/∂W[{i + 1},{j + 1}] = {fmt(truth)}."
    x_j = float(trace.x[j])
    if is_close(answer, -truth):
        hint = "Close: check the signs."
    elif not math.isclose(float(back.fprime[i]), 1.0) and is_close(answer, back.dA[i] * x_j):
        hint = f"You used ∂L/∂a{i + 1}; first multiply it by f′(z{i + 1}) to get δ{i + 1}."
    elif is_close(answer, float(back.delta[i])):
        hint = f"That is δ{i + 1}; now multiply it by x{j + 1}."
    else:
        hint = (f"Not yet. ∂L/∂W[{i + 1},{j + 1}] = δ{i + 1} · x{j + 1}, where "
                f"δ{i + 1} = ∂L/∂a{i + 1} · f′(z{i + 1}).")
    return "error", f"{fmt(answer)} is not it. {hint}"


def _reset_if_changed(signature: tuple) -> None:
    if st.session_state.get(KEY_SIG) != signature:
        st.session_state[KEY_SIG] = signature
        st.session_state[KEY_RESULT] = None
        st.session_state[KEY_REVEALED] = False


def _on_pick() -> None:
    st.session_state[KEY_RESULT] = None
    st.session_state[KEY_REVEALED] = False


def quiz_view(trace: NetworkTrace, signature: tuple) -> None:
    _reset_if_changed(signature)
    n, m = trace.net.W.shape
    st.markdown("Work out one weight gradient of layer 1 by hand (or on paper), type it, then "
                "check. The answer stays hidden until you check or reveal it. The forward "
                "numbers and the loss above are all you need.")
    c1, c2 = st.columns(2)
    i = c1.selectbox("Row i (output)", range(n), format_func=lambda k: str(k + 1),
                     key="bp_quiz_i", on_change=_on_pick)
    j = c2.selectbox("Column j (input)", range(m), format_func=lambda k: str(k + 1),
                     key="bp_quiz_j", on_change=_on_pick)
    via = "layer 2's W2ᵀδ⁽²⁾" if trace.net.two_layers else "the loss"
    st.markdown(f"Find **∂L/∂W[{i + 1},{j + 1}] = δ{i + 1} · x{j + 1}**, where "
                f"δ{i + 1} = ∂L/∂a{i + 1} · f′(z{i + 1}) and ∂L/∂a{i + 1} comes from {via}. "
                f"Here x{j + 1} = {fmt(trace.x[j])}.")
    text = st.text_input(f"Your value for ∂L/∂W[{i + 1},{j + 1}]", key="bp_quiz_answer",
                         placeholder="e.g. 3")
    b1, b2 = st.columns(2)
    if b1.button("Check my answer", key="bp_quiz_check", icon=":material/check:"):
        st.session_state[KEY_RESULT] = check_answer(text, trace, i, j)
    if b2.button("Reveal the answer", key="bp_quiz_reveal", icon=":material/visibility:"):
        st.session_state[KEY_REVEALED] = True
    result = st.session_state.get(KEY_RESULT)
    if result is not None:
        kind, message = result
        getattr(st, kind)(message)
    if st.session_state.get(KEY_REVEALED) or (result and result[0] == "success"):
        st.latex(dA_latex(trace, 1, i))
        st.latex(delta_latex(trace, 1, i))
        st.latex(step_latex(trace, BackStep("dW", 1, i, j)))
