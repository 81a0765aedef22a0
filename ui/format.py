"""How numbers are written on screen: exact where short, compact where not."""

from __future__ import annotations

import math


def fmt(v: float, digits: int = 6) -> str:
    """31.0 -> '31', 0.1 -> '0.1', 0.8660254037844386 -> '0.866025', -0.0 -> '0'.

    Shortest round-trip text when it is short (so hand-checkable values show every digit),
    otherwise `digits` significant digits."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    if v.is_integer() and abs(v) < 1e12:
        return str(int(v))
    text = repr(v)
    if len(text) <= 8:
        return text
    return f"{v:.{digits}g}"


def fmt_signed_term(v: float) -> str:
    """For sums written out: negative numbers get parentheses, '4 · (−2)'."""
    text = fmt(v)
    return f"({text})" if v < 0 else text


def latex_num(v: float) -> str:
    """A number for st.latex (e-notation as ×10^k, negatives in parentheses when needed)."""
    text = fmt(v)
    if "e" in text:
        mant, exp = text.split("e")
        text = f"{mant}\\times 10^{{{int(exp)}}}"
    return text


def latex_term(v: float) -> str:
    text = latex_num(v)
    return f"({text})" if v < 0 else text
