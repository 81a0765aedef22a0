"""The backpropagation page's views, each a function the thin page script calls."""
