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
# What a lesson's text refers to: a dashed outline in a colour of its own (the dash, not only
# the colour, tells it from the stepper's solid outline of the current cells).
MARK = "#6a1b9a"
MARK_DASH = "dash"
