"""Short JSON for figure data: every tick sends these numbers to the browser, so fewer digits
mean less to serialize, send and parse (a 40x40 map with 3 decimals is ~8 kB, not ~30 kB)."""

from __future__ import annotations

import math

import numpy as np


def rounded(a: np.ndarray, decimals: int) -> list:
    """Array (any shape) -> nested lists of floats rounded to `decimals`; NaN/inf -> None."""
    a = np.asarray(a, dtype=np.float64)
    if np.isfinite(a).all():
        return np.round(a, decimals).tolist()
    out = np.round(np.where(np.isfinite(a), a, 0.0), decimals).astype(object)
    out[~np.isfinite(a)] = None
    return out.tolist()


def significant(values: np.ndarray, digits: int = 4) -> list:
    """1-D values -> floats with `digits` significant digits (losses span many decades, so a
    fixed number of decimals would flatten small ones to 0); NaN/inf -> None."""
    return [float(f"{v:.{digits}g}") if math.isfinite(v) else None for v in values.tolist()]



def chart_text(text: object, limit: int = 40) -> str:
    """A user-supplied name (a CSV column, a class label) made safe for chart labels and
    tooltip templates, which ECharts reads as HTML with {placeholders}."""
    cleaned = "".join(ch for ch in str(text) if ch not in "<>&{}" and ch.isprintable())
    return cleaned[:limit] or "?"
