"""The trainer, its settings and history, and export of a trained model."""
