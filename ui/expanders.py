"""Expanders whose content is built only while they are open.

A collapsed st.expander still sends its whole content to the browser, and the browser
re-renders it on every rerun and every live-training tick (a highlighted share link, file
uploaders, download buttons): tens of milliseconds each time for something rarely opened.
With a key and on_change="rerun", Streamlit tracks the expander's state and `.open` says
whether to build the content at all; opening it reruns the page, which then builds it.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def lazy_expander(label: str, key: str, icon: str | None = None) -> DeltaGenerator | None:
    """The expander's container while it is open, else None (build nothing inside)."""
    box = st.expander(label, key=key, icon=icon, on_change="rerun")
    return box if box.open else None
