"""Checking a number a learner worked out by hand: one rule for every "Check yourself" box.

The rule: an answer is right when it agrees with the true value to as many significant figures
as the learner typed, counting at least MIN_SIG_FIGS (so "0.08" for 0.0834 is not enough, while
"31" for 31 and "0.5" for 0.49999999999999994 are right). A typical slip ("forgot f'(z)",
"forgot the bias", ...) is recognised when the typed value agrees with that slip's value to the
same precision.

"Agrees to t significant figures" is the textbook definition (Burden & Faires, Numerical
Analysis, §1.2): t is the largest integer with |answer - value| / |value| <= 5 * 10^-t. Any
correctly rounded answer passes (rounding to s figures moves a value by at most 5 * 10^-s of
itself), and so does an answer worked from the page's own rounded intermediate numbers, which
can be a couple of units off in its last digit (0.0834456 for 0.0834454). The price: at 3
figures the tolerance is 0.5 % of the value, so 0.0835 counts as 3-figure agreement with 0.0834454
(0.0839 does not).

Input follows the number cells of the app: a decimal point, an optional sign (the typographic
minus "−" too) and an optional exponent (8.34e-2). A decimal comma is refused with a message,
never silently read as something else. Messages never echo what was typed (callers render them
as Markdown).

Pure Python: no streamlit, no numpy needed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

MIN_SIG_FIGS = 3  # fewer typed figures are checked to this many
MAX_SIG_FIGS = 15  # agreement is capped here: float64 carries ~15-17 significant digits
# Differences below this count as float rounding noise (a learner's "0" for 5.6e-17).
ABS_NOISE = 1e-9
_REL_SLACK = 1e-9  # so an answer exactly on the 5 * 10^-t boundary is not lost to rounding

_NUMBER = re.compile(r"[+-]?(?:(?P<int>\d+)(?:\.(?P<frac>\d*))?|\.(?P<frac2>\d+))"
                     r"(?:[eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+(?:[eE][+-]?\d+)?")

EXAMPLE = "e.g. 3, -4.5 or 0.0834"


@dataclass(frozen=True)
class AnswerCheck:
    """The verdict on one typed answer.

    ok: the answer agrees with the value to `needed` significant figures.
    parsed: the typed number, or None when it could not be read (then `error` says why).
    sig_figs: significant figures the learner typed (0 for a typed zero or unreadable text).
    needed: figures the answer had to agree to: max(sig_figs, MIN_SIG_FIGS), at most
        MAX_SIG_FIGS.
    agrees_to: figures the answer agrees to the value (0..MAX_SIG_FIGS), None if unreadable.
    error: a message for unreadable input (empty, text, decimal comma, not finite), else None.
    closeness: e.g. "agrees to 4 significant figures" ("" when unreadable).
    mistake: the name of the matching mistake (only when not ok), else None.
    """

    ok: bool
    parsed: float | None
    sig_figs: int
    needed: int
    agrees_to: int | None
    error: str | None
    closeness: str
    mistake: str | None


def parse_answer(typed: str) -> tuple[float, int]:
    """Typed text -> (value, significant figures typed); ValueError with a learner's message.

    Significant figures: the mantissa's digits from its first non-zero digit to its last digit,
    trailing zeros included ("300" and "0.0300" have 3, "8.34e-2" has 3, "0" has 0)."""
    text = str(typed if typed is not None else "").strip().replace("−", "-")
    if not text:
        raise ValueError(f"Type a number, {EXAMPLE}.")
    match = _NUMBER.fullmatch(text)
    if match is None:
        if _DECIMAL_COMMA.fullmatch(text):
            raise ValueError("Write decimals with a point, not a comma (0.5, not 0,5).")
        raise ValueError(f"That is not a number. Type a number, {EXAMPLE}.")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("That number is too large: type a finite number.")
    digits = (match["int"] or "") + (match["frac"] or match["frac2"] or "")
    significant = digits.lstrip("0")
    return value, len(significant)


def agreeing_figures(answer: float, value: float) -> int:
    """How many significant figures `answer` agrees to `value` (0..MAX_SIG_FIGS).

    The largest t with |answer - value| <= 5 * 10^-t * |value| (differences below ABS_NOISE
    count as none: then MAX_SIG_FIGS)."""
    diff = abs(answer - value)
    if diff <= ABS_NOISE:
        return MAX_SIG_FIGS
    if value == 0:
        return 0
    rel = diff / abs(value)
    t = max(0, min(MAX_SIG_FIGS, math.floor(math.log10(5.0 / rel))))
    # log10 may be off by one at the boundary: settle it with the defining inequality.
    while t < MAX_SIG_FIGS and rel <= 5.0 * 10.0 ** -(t + 1) * (1 + _REL_SLACK):
        t += 1
    while t > 0 and rel > 5.0 * 10.0 ** -t * (1 + _REL_SLACK):
        t -= 1
    return t


def closeness_text(agrees_to: int) -> str:
    """'agrees exactly', 'agrees to 4 significant figures', 'agrees to 1 significant figure',
    'does not agree to even 1 significant figure'."""
    if agrees_to >= MAX_SIG_FIGS:
        return "agrees exactly"
    if agrees_to == 0:
        return "does not agree to even 1 significant figure"
    return f"agrees to {agrees_to} significant figure{'s' if agrees_to != 1 else ''}"


def check_answer(typed: str, value: float, mistakes: Mapping[str, float] | None = None
                 ) -> AnswerCheck:
    """Check a typed answer against `value`, and name the mistake it matches if it is wrong.

    mistakes: name -> the value that slip gives (e.g. {"forgot f'(z)": 0.355082}); a mistake
    matches when the answer agrees with its value to the same `needed` figures. When several
    match, the closest wins (the first listed on a tie); non-finite mistake values are skipped.
    """
    try:
        answer, sig_figs = parse_answer(typed)
    except ValueError as err:
        return AnswerCheck(False, None, 0, MIN_SIG_FIGS, None, str(err), "", None)
    value = float(value)
    # More figures than float64 carries cannot be checked: MAX_SIG_FIGS means "all of them".
    needed = min(max(sig_figs, MIN_SIG_FIGS), MAX_SIG_FIGS)
    agrees_to = agreeing_figures(answer, value)
    ok = agrees_to >= needed
    mistake = None
    if not ok:
        best = -1
        for name, slip in (mistakes or {}).items():
            slip = float(slip)
            if not math.isfinite(slip):
                continue
            figures = agreeing_figures(answer, slip)
            if figures >= needed and figures > best:
                mistake, best = name, figures
    return AnswerCheck(ok, answer, sig_figs, needed, agrees_to, None,
                       closeness_text(agrees_to), mistake)
