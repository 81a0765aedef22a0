"""Pure figure builders: data in, plotly figure (as a dict-backed go.Figure) out. No Streamlit."""
