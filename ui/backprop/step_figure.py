"""Which picture the backward stepper shows after k steps, and which of its cells are known.

Glue between a core NetworkTrace and the pure builders in ui.figures.grad_grid: a 'dA' or
'delta' step shows dL/da ⊙ f'(z) = δ; 'dW' and 'db' the outer product; 'dx' Wᵀδ.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.trace.chain import BackStep, NetworkTrace
from ui.backprop.step_text import layer_parts
from ui.figures.grad_grid import delta_figure, input_figure, outer_figure
from ui.highlight import NONE, Highlight


def known_masks(trace: NetworkTrace, k: int, layer: int) -> dict[str, np.ndarray]:
    """Boolean masks of what the first k steps have computed on `layer`:
    dA, delta, db: (n,); dW: (n, m); dx: (m,)."""
    p = layer_parts(trace, layer)
    n, m = p.W.shape
    masks = {"dA": np.zeros(n, bool), "delta": np.zeros(n, bool), "dW": np.zeros((n, m), bool),
             "db": np.zeros(n, bool), "dx": np.zeros(m, bool)}
    for s in trace.steps[:k]:
        if s.layer != layer:
            continue
        if s.kind == "dW":
            masks["dW"][s.i, s.j] = True
        elif s.kind == "dx":
            masks["dx"][s.j] = True
        else:
            masks[s.kind][s.i] = True
    return masks


def lesson_marks(highlight: Highlight, n: int, m: int) -> dict[str, set]:
    """The cells a lesson names in each block role of the backward pictures (the layer
    shown: W is (n, m)); the names are the same for layer 1 and layer 2."""
    shapes = {"dA": (n,), "fprime": (n,), "delta": (n,), "dW": (n, m), "db": (n,), "dx": (m,)}
    return {role: highlight.cells(role, shape) for role, shape in shapes.items()}


def step_figure(trace: NetworkTrace, k: int, highlight: Highlight = NONE) -> go.Figure:
    """The picture after k steps (k = 0: the first phase with every cell still '?');
    highlight: cells a lesson step names, outlined dashed in whichever picture shows them."""
    step = trace.steps[k - 1] if k else BackStep("dA", trace.steps[0].layer, -1)
    p = layer_parts(trace, step.layer)
    marks = lesson_marks(highlight, *p.W.shape) if highlight else None
    known = known_masks(trace, k, step.layer)
    current_i = step.i if step.i >= 0 else None
    back = p.back
    if step.kind in ("dA", "delta"):
        jac = back.jacobian if p.activation == "softmax" else None
        return delta_figure(back.dA, back.fprime, back.delta, known["dA"], known["delta"],
                            p.names, current_i, jac, marks)
    if step.kind in ("dW", "db"):
        current = (step.i, step.j) if step.kind == "dW" else None
        bias_row = step.i if step.kind == "db" else None
        return outer_figure(p.inp, back.delta, back.dW, known["dW"], known["db"], p.names,
                            current, bias_row, marks)
    return input_figure(p.W, back.delta, back.dx, known["dx"], p.names, step.j, marks)
