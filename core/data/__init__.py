"""Datasets, extra input features and CSV loading."""
