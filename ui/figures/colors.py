"""A colour-blind-safe diverging scale (blue for negative, orange for positive, as PuOr/BrBG
families), used for every signed value so negative and positive stay clearly apart."""

DIVERGING = [
    [0.0, "#2166ac"],
    [0.25, "#92c5de"],
    [0.5, "#f7f7f7"],
    [0.75, "#fdb863"],
    [1.0, "#b35806"],
]
NEGATIVE = "#2166ac"
POSITIVE = "#b35806"
HIGHLIGHT = "#111111"
MUTED = "#9ca3af"
