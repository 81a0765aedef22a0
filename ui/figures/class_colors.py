"""Colours for class labels: Okabe-Ito, a palette designed to stay distinct for colour-blind
viewers. Two classes use the diverging scale's ends, so points match the probability map."""

from ui.figures.colors import NEGATIVE, POSITIVE

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000", "#999999", "#882255")


def class_colors(n_classes: int) -> tuple[str, ...]:
    """One colour per class index 0..n_classes-1."""
    if n_classes <= 2:
        return (NEGATIVE, POSITIVE)
    return OKABE_ITO[:n_classes]
