"""/train's regularization panel: the loss written as data loss + penalty = total while L1 or
L2 is on, a small histogram of the weights, and how many are exactly 0.

Every number comes from the trainer (metrics, penalty) and core.train.model_report; the model is
read under the session's lock, as everything else on /train (runs of one session overlap).
"""

from __future__ import annotations

import streamlit as st

from core.train.model_report import NEAR_ZERO, weight_report
from ui.figures.weights_histogram import HEIGHT, weights_histogram_option
from ui.format import fmt
from ui.train.layer_notes import layers_caption, session_lock


def penalty_sentence(data_loss: float, penalty: float, l1: float, l2: float) -> str | None:
    """'data loss 0.41 + penalty 0.031 = total 0.44 ...' when L1 or L2 is on, else None."""
    if not (l1 or l2):
        return None
    parts = []
    if l1:
        parts.append(f"L1: λ·Σ|w| with λ = {fmt(l1)}")
    if l2:
        parts.append(f"L2: (λ/2)·Σw² with λ = {fmt(l2)}")
    return (f"Training loss with the penalty: data loss **{fmt(data_loss, 4)}** + penalty "
            f"**{fmt(penalty, 4)}** = total **{fmt(data_loss + penalty, 4)}** "
            f"({'; '.join(parts)}; over the weights, not the biases).")


L1_HOVER_NOTE = (" The trainer adds λ·sign(w) to each gradient, so under L1 small weights hover "
                 "around 0 (counted by |w| < 0.001) rather than land on it; /operations?op="
                 "penalty shows the rule that stops a weight at exactly 0.")


def zeros_sentence(exact: int, near: int, total: int, l1: float = 0.0) -> str:
    return (f"Weights exactly 0: **{exact}** of {total} (|w| < {fmt(NEAR_ZERO)}: {near})."
            + (L1_HOVER_NOTE if l1 else ""))


def penalty_panel(sess) -> None:
    """Under the loss curve: the penalty sum, the weights' histogram and the zero count."""
    if sess.trainer is None:
        return
    with session_lock(sess):
        t = sess.trainer
        l1, l2 = t.config.l1, t.config.l2
        report = weight_report(t.model, l1, l2)
    metrics = sess.metrics()
    # The penalty of the weights now, with the rates now (the metrics' copy was taken at the
    # last evaluation, before a live change of the L1/L2 rate); the same sum as
    # Trainer.penalty() (tests/core/test_model_report.py).
    sentence = penalty_sentence(metrics["train_loss"], report.penalty, l1, l2)
    if sentence:
        st.markdown(sentence)
    st.echarts_chart(weights_histogram_option(report.counts, report.edges),
                     key="tr_chart_weights", theme=None, height=HEIGHT)
    st.caption(zeros_sentence(report.exact_zeros, report.near_zeros, report.weights.size, l1)
               + " Histogram of every weight (blue below 0, orange above).")


def weights_section(sess) -> None:
    """The section under the charts: the penalty sum, the weights' histogram beside the zero
    count, and the layer list (ui.train.layer_notes)."""
    if sess.trainer is None:
        return
    st.markdown("##### Weights and regularization")
    left, _ = st.columns([1, 1], gap="medium")
    with left:
        penalty_panel(sess)
    layers_caption(sess)
