"""st.plotly_chart for figure dicts that are already complete, without plotly re-validating them.

st.plotly_chart turns a dict into a plotly Figure to validate it (about 10 ms for a 40x40 map
with 500 points), on every redraw. The figure builders in ui.figures return plain dicts that the
tests validate once (tests/app/test_train_figures.py); at run time the live view only needs them
serialized. A Figure subclass whose to_dict() returns the finished dict is the one public hook
st.plotly_chart offers for that: it calls to_dict() on Figures and skips validation for them.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

CONFIG = {"displaylogo": False, "scrollZoom": False,
          "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}
_HOLDERS = "_prebuilt_chart_holders"


class PrebuiltFigure(go.Figure):
    """A Figure that hands st.plotly_chart a finished dict. Constructing a Figure costs about a
    millisecond, so one holder per chart slot is kept in the session and refilled."""

    def fill(self, fig: dict) -> PrebuiltFigure:
        self._prebuilt = fig
        return self

    def to_dict(self) -> dict:
        return self._prebuilt


def show_figure(slot: str, fig: dict, **kwargs) -> None:
    """Draw `fig` (a complete plotly figure dict). slot names the chart within this session."""
    holders = st.session_state.setdefault(_HOLDERS, {})
    holder = holders.get(slot)
    if holder is None:
        holder = holders[slot] = PrebuiltFigure()
    st.plotly_chart(holder.fill(fig), config=CONFIG, **kwargs)
