"""Predict, then reveal: the learner computes z_i, or a_i = f(z_i), before the app shows it.

Checked by core.course.answer_check (agree to the significant figures typed, at least 3); the usual
slips (the bias left out, a sign, z given for a) are named when they match to that precision.
"""

from __future__ import annotations

import streamlit as st

from core import ACTIVATION_LABELS, ForwardTrace, forward_trace
from core.course.answer_check import check_answer
from ui.backprop.quiz_view import PRECISION_NOTE
from ui.explorer.step_view import activation_latex
from ui.format import fmt, fmt_signed_term, product_text, sum_text, text_num
from ui.quiz_feedback import feedback

QUANTITIES = {"z": "z = Wx + b (before f)", "a": "a = f(z) (after the activation)"}


def mistakes(trace: ForwardTrace, i: int, quantity: str) -> dict[str, float]:
    """What each usual slip gives for z_i or a_i, every number from the core."""
    o = trace.outputs[i]
    if quantity == "z":
        out = {"forgot the bias": o.weighted_sum, "used the wrong sign": -o.z}
        for t in o.terms:  # one product with the wrong sign
            out[f"sign of term {t.j}"] = o.z - 2.0 * t.product
        return out
    W = [[t.w for t in row.terms] for row in trace.outputs]
    x = [t.x for t in o.terms]
    no_bias = forward_trace(W, x, [0.0] * len(trace.outputs), trace.activation)
    return {"gave z": o.z, "forgot the bias": float(no_bias.a[i]), "used the wrong sign": -o.a}


def hints(trace: ForwardTrace, i: int, quantity: str) -> dict[str, str]:
    o, i1 = trace.outputs[i], i + 1
    out = {
        "forgot the bias": f"That is the answer without the bias: add b{i1} = {fmt(o.bias)}"
                           + (" before applying f." if quantity == "a" else "."),
        "used the wrong sign": "The size is right but the sign is not: check the signs of the "
                               "products.",
        "gave z": f"That is z{i1}; now apply the activation: a{i1} = f(z{i1}).",
    }
    for t in o.terms:
        out[f"sign of term {t.j}"] = (f"Check the sign of W[{i1},{t.j + 1}]·x{t.j + 1} = "
                                      f"{product_text(t.w, t.x)}.")
    return out


def verdict(text: str, trace: ForwardTrace, i: int, quantity: str) -> tuple[str, str]:
    o = trace.outputs[i]
    truth = o.z if quantity == "z" else o.a
    fallback = ("Multiply each weight by its input, add them up, then add the bias."
                if quantity == "z" else
                f"First z{i + 1} = Σⱼ W[{i + 1},j]·xⱼ + b{i + 1}, then a{i + 1} = f(z{i + 1}).")
    result = check_answer(text, truth, mistakes(trace, i, quantity))
    return feedback(result, text, f"{quantity}{i + 1}", truth, hints(trace, i, quantity),
                    fallback)


def quiz_view(trace: ForwardTrace, signature: tuple) -> None:
    if st.session_state.get("quiz_sig") != signature:
        st.session_state["quiz_sig"] = signature
        st.session_state["quiz_result"] = None
        st.session_state["quiz_revealed"] = None
    n = len(trace.outputs)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("Work out an output by hand (or on paper), type it, then check. The answer "
                    "stays hidden until you check or reveal it. " + PRECISION_NOTE)
        c1, c2 = st.columns(2)
        i = c1.selectbox("Which output?", range(n), format_func=lambda k: f"output {k + 1}",
                         key="quiz_output")
        quantity = c2.radio("Which number?", list(QUANTITIES), format_func=QUANTITIES.get,
                            key="quiz_quantity")
        o = trace.outputs[i]
        row = ", ".join(fmt(t.w) for t in o.terms)
        xs = ", ".join(fmt(t.x) for t in o.terms)
        st.markdown(f"Row {i + 1} of W: **[{row}]**  \nx: **[{xs}]**  \n"
                    f"b{i + 1}: **{fmt(o.bias)}**  \nf: **{ACTIVATION_LABELS[trace.activation]}**")
        name = f"{quantity}{i + 1}"
        text = st.text_input(f"Your value for {name}", key="quiz_answer",
                             placeholder="e.g. 31")
        b1, b2 = st.columns(2)
        if b1.button("Check my answer", key="quiz_check", icon=":material/check:",
                     width="stretch"):
            st.session_state["quiz_result"] = (i, quantity, *verdict(text, trace, i, quantity))
        if b2.button("Reveal the answer", key="quiz_reveal", icon=":material/visibility:",
                     width="stretch"):
            st.session_state["quiz_revealed"] = (i, quantity)
    with right:
        result = st.session_state.get("quiz_result")
        mine = result is not None and result[:2] == (i, quantity)
        if mine:
            getattr(st, result[2])(result[3])
        solved = mine and result[2] == "success"
        if st.session_state.get("quiz_revealed") == (i, quantity) or solved:
            products = sum_text([product_text(t.w, t.x) for t in o.terms])
            st.markdown(f"z{i + 1} = {products} + {fmt_signed_term(o.bias)} = "
                        f"**{text_num(o.z)}**")
            if quantity == "a":
                st.latex(activation_latex(trace, i))
