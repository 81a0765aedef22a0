"""The explorer page's views, each a function the thin page script calls."""
