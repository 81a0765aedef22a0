"""How numbers are written on screen: one rule for cells, tables, equations and sentences.

fmt(v) is the whole rule. A value with at most MAX_EXACT_DIGITS significant digits (anything a
learner types, and every short result) is written exactly, as its shortest round-trip text; a
longer one (machine-made: 0.8660254037844386, 0.1 + 0.2) is rounded to 6 significant digits,
in plain notation from 1e-4 up (1234567.891 -> '1234568', never '1.23457e+06'). The editors'
cells, the tables and the LaTeX equations all call it, so one number reads the same everywhere.

Written-out sums use the typographic minus: a linear expression merges the sign into the
operator ('1·x1 − 1·x2 + 3'), a product of numbers puts a negative factor in parentheses
('2·(−1)').
"""

from __future__ import annotations

import math
from collections.abc import Sequence

MAX_EXACT_DIGITS = 10  # up to this many significant digits a value is shown exactly
MINUS = "−"  # U+2212, read as "minus" by screen readers (the app's inputs accept it too)


def _significant_digits(text: str) -> int:
    mantissa = text.lower().split("e")[0]
    return len(mantissa.lstrip("-").replace(".", "").lstrip("0")) or 1


def _rounded(v: float, digits: int) -> str:
    e = math.floor(math.log10(abs(v)))
    if -4 <= e < 15:  # plain notation, `digits` significant digits, no trailing zeros
        text = f"{v:.{max(0, digits - 1 - e)}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return f"{v:.{digits}g}"


def fmt(v: float, digits: int = 6) -> str:
    """31.0 -> '31', 0.1 -> '0.1', 0.123456789 -> '0.123456789' (typed: exact),
    0.8660254037844386 -> '0.866025', 1000000.0 -> '1000000', -0.0 -> '0'."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    text = repr(v)
    if _significant_digits(text) <= MAX_EXACT_DIGITS:
        return text
    return _rounded(v, digits)


def text_num(v: float) -> str:
    """fmt for running text: the typographic minus ('−0.5')."""
    text = fmt(v)
    return MINUS + text[1:] if text.startswith("-") else text


def fmt_signed_term(v: float) -> str:
    """A factor in a written-out product: negative numbers get parentheses, '4·(−2)'."""
    text = text_num(v)
    return f"({text})" if float(v) < 0 else text


def product_text(a: float, b: float) -> str:
    """'2·(−1)', '(−3)·5'."""
    return f"{fmt_signed_term(a)}·{fmt_signed_term(b)}"


def sum_text(values: Sequence[str]) -> str:
    """Terms already written ('4·3', '(−1)·5') joined by ' + '."""
    return " + ".join(values)


def linear_text(coefs: Sequence[float], symbols: Sequence[str], const: float | None = None
                ) -> str:
    """A linear expression with the signs merged into the operators:
    ([1, -1], ['x1', 'x2'], 3) -> '1·x1 − 1·x2 + 3'; a negative first term reads '−2·x1'."""
    parts: list[str] = []
    items = [(float(c), f"·{s}") for c, s in zip(coefs, symbols, strict=True)]
    if const is not None:
        items.append((float(const), ""))
    for k, (c, tail) in enumerate(items):
        size = fmt(abs(c)) + tail
        if k == 0:
            parts.append((MINUS if c < 0 else "") + size)
        else:
            parts.append(f" {MINUS if c < 0 else '+'} {size}")
    return "".join(parts) or "0"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_text(v: float) -> str:
    """A tolerance or step size in running text: 1e-05 -> '10⁻⁵', 2e-06 -> '2·10⁻⁶'
    (beside other powers of ten written the same way, never '1e-05')."""
    v = float(v)
    if v <= 0 or not math.isfinite(v):
        return text_num(v)
    exp = math.floor(math.log10(v))
    mant = round(v / 10.0 ** exp, 10)
    head = "" if mant == 1 else f"{fmt(mant)}·"
    return f"{head}10{str(exp).translate(_SUPERSCRIPT)}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 bias', '2 biases', '1 weight', '6 weights'."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def latex_num(v: float) -> str:
    """A number for st.latex (e-notation as ×10^k), the same digits as fmt."""
    text = fmt(v)
    if "e" in text:
        mant, exp = text.split("e")
        text = f"{mant}\\times 10^{{{int(exp)}}}"
    return text


def latex_term(v: float) -> str:
    text = latex_num(v)
    return f"({text})" if float(v) < 0 else text
