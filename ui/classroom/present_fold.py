"""Presenter mode's layout for a stepper view (issue 14): the stepper's controls, its step text,
the step's figure and its formula on one 1280 x 720 screen.

Two pieces, both changing nothing when presenter mode is off:
- folded_when_presenting(label): the view's input grids go into a collapsed expander (as
  /backprop folds its forward-pass box), so the stepper moves up the page;
- figure_and_formula(): two columns, the figure left and the step's formula right, so the
  formula is not pushed below the fold by the figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

import streamlit as st

from ui.classroom.present import presenting


@contextmanager
def folded_when_presenting(label: str, icon: str = ":material/table:") -> Iterator[None]:
    """Everything drawn inside goes into a collapsed expander in presenter mode, and is drawn
    as usual otherwise."""
    if presenting():
        with st.expander(label, expanded=False, icon=icon):
            yield
    else:
        yield


def figure_and_formula(ratio: tuple[int, int] = (3, 2)):
    """(figure column, formula column) in presenter mode; two no-op contexts otherwise, so the
    normal page draws its figure then its formula, one under the other, as before."""
    if presenting():
        return tuple(st.columns(list(ratio), gap="medium", vertical_alignment="top"))
    return nullcontext(), nullcontext()


# A formula's top-level separators where a narrow column may break it into lines: "\qquad"
# and ",\quad " (between two equations, never inside one).
_BREAKS = re.compile(r"\\qquad|,\\quad ")


def formula_lines(latex: str) -> None:
    """st.latex(latex); in presenter mode (a half-width column) one line per equation, so a
    long formula is not cut off at the column's edge."""
    if not presenting():
        st.latex(latex)
        return
    for line in _BREAKS.split(latex):
        if line.strip():
            st.latex(line)
