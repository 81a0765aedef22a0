"""Gradient check: every analytic gradient beside its central-difference estimate, the relative
error and a pass/fail mark (numbers from core.trace.net_gradcheck)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.trace.net_gradcheck import EPS, PASS_ATOL, PASS_RTOL, ParamCheck
from ui.format import fmt, power_text

WHY = (
    "**Why check?** Backpropagation is the chain rule applied by hand (or by code), and a "
    "single wrong sign or a missing factor still gives numbers that *look* plausible: training "
    "then fails quietly. The check uses only the definition of a derivative: nudge one "
    f"parameter by ε = {power_text(EPS)} up and down, recompute the loss, and divide the "
    "change by 2ε. "
    "It knows nothing about the backward pass, so when the two agree the gradient is right. "
    "It is too slow to train with (two forward passes per parameter), which is why we "
    "backpropagate, but it is the standard test for any new layer or loss."
)
RULE = (f"An entry passes when |backprop − estimate| ≤ {power_text(PASS_ATOL)} + "
        f"{power_text(PASS_RTOL)} · "
        "(|backprop| + |estimate|); the relative error is |backprop − estimate| / "
        "(|backprop| + |estimate|).")
TITLES = {"W": "∂L/∂W", "b": "∂L/∂b", "x": "∂L/∂x (the input)", "W2": "∂L/∂W2",
          "b2": "∂L/∂b2"}


def check_frame(check: ParamCheck) -> pd.DataFrame:
    """One row per entry: analytic, numeric, relative error, mark (all as text)."""
    rows = []
    for index in np.ndindex(check.analytic.shape):
        # No-break spaces: in two tables side by side at 1280 px the marks and the entry names
        # wrapped after every word.
        if check.passed[index]:
            mark = "✓\u00a0pass"
        elif check.kink[index]:
            mark = "⚠\u00a0kink (z\u00a0=\u00a00)"
        else:
            mark = "✗\u00a0FAIL"
        rows.append({
            "entry": f"{check.name}[{','.join(str(k + 1) for k in index)}]",
            "backprop": fmt(check.analytic[index]),
            "finite differences": fmt(check.numeric[index]),
            "relative error": f"{check.rel_error[index]:.1e}",
            "check": mark,
        })
    return pd.DataFrame(rows)


def summary(checks: dict[str, ParamCheck]) -> tuple[str, str]:
    """('success' | 'warning' | 'error', sentence) for all the checks together."""
    total = sum(c.analytic.size for c in checks.values())
    failed = sum(int(np.sum(~c.passed & ~c.kink)) for c in checks.values())
    kinks = sum(int(np.sum(c.kink)) for c in checks.values())
    worst = max(c.max_rel_error for c in checks.values())
    if failed:
        return "error", (f"{failed} of {total} gradients disagree with finite differences. "
                         "With very large numbers, rounding in the loss can spoil the estimate "
                         "itself; try smaller values.")
    if kinks:
        return "warning", (f"{kinks} of {total} gradients sit on ReLU's corner (some z is 0), "
                           "where the derivative does not exist: backprop uses 0 there (as "
                           "PyTorch does) while the nudge sees half of each side. The rest pass.")
    return "success", (f"All {total} gradients agree with finite differences (largest relative "
                       f"error {worst:.1e}).")


def check_view(checks: dict[str, ParamCheck]) -> None:
    st.markdown(WHY)
    kind, sentence = summary(checks)
    getattr(st, kind)(sentence)
    # Weight matrices on the left, the vectors stacked on the right: 5 readable columns each.
    left, right = st.columns(2, gap="large")
    for name, check in checks.items():
        with left if name.startswith("W") else right:
            st.markdown(f"**{TITLES.get(name, name)}**")
            # st.table is HTML text (screen readers and search can read it), not a canvas.
            st.table(check_frame(check).set_index("entry"))
    st.caption(RULE)
