"""Drawing what a lesson step's text refers to (a ui.highlight.Highlight) in the pages' own
views: one look everywhere, a dashed outline in the MARK colour plus words, so neither the
colour nor the outline alone carries the meaning.

- table cells (st.table): a pandas Styler outlines and bolds the named cells;
- LaTeX entries: \\boxed{...} around the named entries of a matrix;
- a whole metric or chart: a keyed container that the stylesheet (ui.style) outlines, with a
  caption naming it.
With an empty Highlight (the pages' default) every helper draws exactly what it drew before.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext

import pandas as pd
import streamlit as st

from ui.figures.colors import MARK
from ui.highlight import Highlight
from ui.style import MARK_PREFIX as MARK_KEY  # a marked part's container (outlined there)

CELL_CSS = (f"outline: 3px dashed {MARK}; outline-offset: -4px; font-weight: 700;")
SYMBOL = "◆"  # written before the name of a marked part


def table(frame: pd.DataFrame, cells: Iterable[tuple[int, int]]):
    """The frame for st.table, with the (row, col) cells (0-based, data cells) outlined and
    bold; the frame itself when there are none."""
    cells = set(cells)
    if not cells:
        return frame

    def css(data: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame("", index=data.index, columns=data.columns)
        for r, c in cells:
            if r < out.shape[0] and c < out.shape[1]:
                out.iat[r, c] = CELL_CSS
        return out

    return frame.style.apply(css, axis=None)


def rows_of(cells: Iterable[tuple[int, int]], cols: int) -> set[tuple[int, int]]:
    """Cells of a vector (k, 0) spread over every column of its table row."""
    return {(r, c) for r, _ in cells for c in range(cols)}


def boxed(tex: str, on: bool) -> str:
    return rf"\boxed{{{tex}}}" if on else tex


def caption(highlight: Highlight, part: str, words: str) -> None:
    """'◆ Marked: the test loss' under a marked part (nothing when it is not marked)."""
    if highlight.has(part):
        st.caption(f"{SYMBOL} **Marked:** {words}")


def part(highlight: Highlight, name: str, words: str = ""):
    """A container for one part of a view: outlined (dashed) with a caption "◆ Marked"
    (and `words`, for a part without a label of its own) when the highlight names it, a
    no container at all otherwise (the page's layout is exactly as before). Use as
    `with part(...):`."""
    if not highlight.has(name):
        return nullcontext()
    box = st.container(key=MARK_KEY + "".join(ch if ch.isalnum() else "_" for ch in name))
    with box:
        st.caption(f"{SYMBOL} **Marked**" + (f": {words}" if words else ""))
    return box
