"""Predict, then reveal: the learner computes one dL/dW_ij of layer 1 before the page shows it.

Checked by core.course.answer_check: right when it agrees to the significant figures typed (at
least 3),
and the usual slips (a forgotten f'(z), a forgotten x_j, the bias left out, a sign) are named
when the answer matches one of them to the same precision.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.course.answer_check import check_answer
from core.trace.chain import BackStep, NetworkTrace, network_grads
from ui.backprop.step_text import dA_latex, delta_latex, step_latex
from ui.format import fmt
from ui.quiz_feedback import feedback

PRECISION_NOTE = ("An answer counts when it agrees with the true value to as many significant "
                  "figures as you type (at least 3), so rounded working is fine.")
KEY_SIG, KEY_RESULT, KEY_REVEALED = "bp_quiz_sig", "bp_quiz_result", "bp_quiz_revealed"


def mistakes(trace: NetworkTrace, i: int, j: int) -> dict[str, float]:
    """What each usual slip gives for dL/dW[i, j], every number from the core."""
    back, x_j = trace.back1, float(trace.x[j])
    out = {"forgot f'(z)": float(back.dA[i]) * x_j,  # dL/da_i x_j: no f'(z_i)
           "forgot x_j": float(back.delta[i]),  # that is delta_i
           "used the wrong sign": -float(back.dW[i, j])}
    if np.any(trace.net.b != 0):  # the whole forward and backward pass without layer 1's b
        no_bias = trace.net.with_params({"W": trace.net.W, "b": np.zeros_like(trace.net.b)})
        target = trace.loss.label if trace.loss.kind == "ce" else trace.loss.target
        grads = network_grads(no_bias, trace.x, trace.loss.kind, target)
        out["forgot the bias"] = float(grads["W"][i, j])
    return out


def hints(i: int, j: int) -> dict[str, str]:
    i1, j1 = i + 1, j + 1
    return {
        "forgot f'(z)": f"You used ∂L/∂a{i1}; first multiply it by f′(z{i1}) to get δ{i1}.",
        "forgot x_j": f"That is δ{i1}; now multiply it by x{j1}.",
        "used the wrong sign": "The size is right but the sign is not: check the sign of "
                               f"∂L/∂a{i1} (output minus target, not target minus output).",
        "forgot the bias": f"That is what you get without the bias: z{i1} = Σⱼ W{i1}ⱼ xⱼ + b{i1}, "
                           f"and f′(z{i1}) and the loss use that z.",
    }


def verdict(text: str, trace: NetworkTrace, i: int, j: int) -> tuple[str, str]:
    """('success' | 'error' | 'warning', message) for a typed dL/dW_ij."""
    truth = float(trace.back1.dW[i, j])
    result = check_answer(text, truth, mistakes(trace, i, j))
    fallback = (f"∂L/∂W[{i + 1},{j + 1}] = δ{i + 1} · x{j + 1}, where "
                f"δ{i + 1} = ∂L/∂a{i + 1} · f′(z{i + 1}).")
    return feedback(result, text, f"∂L/∂W[{i + 1},{j + 1}]", truth, hints(i, j), fallback)


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
                "numbers and the loss above are all you need. " + PRECISION_NOTE)
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
                         placeholder="e.g. 0.0834")
    b1, b2 = st.columns(2)
    if b1.button("Check my answer", key="bp_quiz_check", icon=":material/check:"):
        st.session_state[KEY_RESULT] = verdict(text, trace, i, j)
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
