"""The words of a "Check yourself" verdict, for every quiz: from a core AnswerCheck to
('success' | 'error' | 'warning', message).

The rule itself (agree to the significant figures typed, at least 3; mistakes matched at the
same precision) lives in core.course.answer_check; this only writes it up. The typed number is
echoed as the learner wrote it (it has passed the number check, and goes through the escaping helper
anyway), so "0.08345" is not shown as some other rounding of it.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.course.answer_check import AnswerCheck
from ui.format import fmt
from ui.safe_text import user_text


def feedback(result: AnswerCheck, typed: str, name: str, truth: float,
             hints: Mapping[str, str], fallback: str) -> tuple[str, str]:
    """name: what was asked, e.g. 'z1' or '∂L/∂W[1,2]'; hints: mistake name -> what to say;
    fallback: the hint when no known mistake matches."""
    if result.error is not None:
        return "warning", result.error
    shown = user_text(str(typed).strip().replace("−", "-"), limit=30)
    if result.ok:
        return "success", (f"Correct: {shown} {result.closeness} with {name} = {fmt(truth)}.")
    if result.mistake:
        return "error", (f"{shown} is not it: it {result.closeness} with {name}. "
                         f"{hints.get(result.mistake, fallback)}")
    if result.agrees_to is not None and result.agrees_to >= result.sig_figs:
        # Right as far as it goes, but too short to tell (fewer than 3 figures typed).
        return "error", (f"{shown} has {result.sig_figs} significant figure"
                         f"{'s' if result.sig_figs != 1 else ''} and {result.closeness} with "
                         f"{name}: give at least {result.needed}, so that it can be told "
                         "apart from a near miss.")
    return "error", f"{shown} is not it: it {result.closeness} with {name}. {fallback}"
