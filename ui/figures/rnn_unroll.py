"""The RNN unrolled in time as a diagram (pure: numbers in, plotly figure out).

One box per time step, all labelled with the same W_ih and W_hh (the point of the picture);
arrows x_t -> box and h_(t-1) -> box -> h_t; values not reached yet show '?'. The current
step's box has a thick black outline (shape, not only colour)."""

from __future__ import annotations

import plotly.graph_objects as go

from ui.figures.colors import MUTED, NEGATIVE, POSITIVE


def rnn_unroll_figure(x_texts: list[str], h_texts: list[str], current: int | None) -> go.Figure:
    """x_texts[t]: x_(t+1) as text; h_texts[t]: h_t for t = 0..T (h_0 first), '?' when not
    computed yet; current: the index of the step being computed (0-based) or None."""
    T = len(x_texts)
    shapes, annotations = [], []
    for t in range(T):
        cx = 2.0 * t + 2.0
        on = current == t
        shapes.append({"type": "rect", "x0": cx - 0.6, "x1": cx + 0.6, "y0": -0.45,
                       "y1": 0.45, "line": {"color": "black" if on else MUTED,
                                            "width": 4 if on else 1.5},
                       "fillcolor": "#fff7ec" if on else "#f8fafc"})
        annotations.append({"x": cx, "y": 0, "text": "tanh(W_ih x + b_ih<br>+ W_hh h + b_hh)",
                            "showarrow": False, "font": {"size": 13}})
        annotations.append({"x": cx, "y": -1.25, "text": f"x_{t + 1} = ({x_texts[t]})",
                            "showarrow": False, "font": {"size": 14, "color": NEGATIVE}})
        annotations.append({"x": cx, "y": -0.47, "ax": cx, "ay": -1.05, "xref": "x",
                            "yref": "y", "axref": "x", "ayref": "y", "showarrow": True,
                            "arrowhead": 2, "arrowwidth": 1.5, "text": ""})
    for t in range(T + 1):
        hx = 2.0 * t + 1.0
        annotations.append({"x": hx, "y": 0.85, "text": f"h_{t}<br>({h_texts[t]})",
                            "showarrow": False, "font": {"size": 14, "color": POSITIVE}})
        if t < T:
            annotations.append({"x": hx + 0.38, "y": 0, "ax": hx - 0.38 if t else hx - 0.3,
                                "ay": 0, "xref": "x", "yref": "y", "axref": "x",
                                "ayref": "y", "showarrow": True, "arrowhead": 2,
                                "arrowwidth": 1.5, "text": ""})
        if t == T:  # out of the last box into h_T
            annotations.append({"x": hx + 0.3, "y": 0, "ax": hx - 0.38, "ay": 0,
                                "xref": "x", "yref": "y", "axref": "x", "ayref": "y",
                                "showarrow": True, "arrowhead": 2, "arrowwidth": 1.5,
                                "text": ""})
    layout = {"shapes": shapes, "annotations": annotations, "height": 260,
              "margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "plot_bgcolor": "white",
              "xaxis": {"range": [0.2, 2.0 * T + 1.4], "visible": False},
              "yaxis": {"range": [-1.6, 1.3], "visible": False}, "showlegend": False}
    return go.Figure({"data": [], "layout": layout})
