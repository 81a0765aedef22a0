"""Colours and marker shapes for class labels. Colours are Okabe-Ito, a palette designed to stay
distinct for colour-blind viewers, ordered so that classes likely to be shown together differ
most (its two blues and its orange and yellow are never 4 classes apart: 0/4 and 1/5 looked
alike). Colour is never the only carrier: every class also has its own marker shape. Two
classes use the diverging scale's ends, so points match the probability map."""

from ui.figures.colors import NEGATIVE, POSITIVE

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#000000", "#56B4E9", "#F0E442",
             "#D55E00", "#999999", "#882255")
# ECharts symbols; the star and the cross are SVG paths (ECharts has no built-in ones).
STAR = ("path://M50,0 L61,35 L98,35 L68,57 L79,91 L50,70 L21,91 L32,57 L2,35 L39,35 Z")
CROSS = "path://M35,0 H65 V35 H100 V65 H65 V100 H35 V65 H0 V35 H35 Z"
CLASS_SYMBOLS = ("circle", "triangle", "rect", "diamond", STAR, CROSS, "pin", "roundRect",
                 "arrow", "emptyCircle")
SYMBOL_NAMES = ("circle", "triangle", "square", "diamond", "star", "cross", "pin",
                "rounded square", "arrow", "ring")


def class_colors(n_classes: int) -> tuple[str, ...]:
    """One colour per class index 0..n_classes-1."""
    if n_classes <= 2:
        return (NEGATIVE, POSITIVE)
    return OKABE_ITO[:n_classes]


def class_symbols(n_classes: int) -> tuple[str, ...]:
    """One marker shape per class index 0..n_classes-1 (at most 10 distinct ones)."""
    return tuple(CLASS_SYMBOLS[k % len(CLASS_SYMBOLS)] for k in range(n_classes))
