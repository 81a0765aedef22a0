"""Side-by-side slots that wrap onto the next line when their row is too narrow (a lesson's
tool column, a phone), where st.columns would squeeze cell grids until they overlap."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def wrap_row(widths: Sequence[str | int], gap: str = "medium",
             vertical_alignment: str = "top") -> list[DeltaGenerator]:
    """One slot per width ("content": as wide as what it holds, or pixels), left to right."""
    row = st.container(horizontal=True, gap=gap, vertical_alignment=vertical_alignment)
    return [row.container(width=w) for w in widths]
