"""Streamlit-side helpers: page setup and navigation, state <-> URL, figure builders, widgets."""
