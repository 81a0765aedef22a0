"""Small maps of what each neuron outputs over the (x1, x2) plane, drawn as heatmaps inside
the network diagram's node boxes, as TensorFlow Playground does (pure: arrays in, traces out).
"""

from __future__ import annotations

import numpy as np

from ui.figures.colors import DIVERGING
from ui.figures.compact import rounded


def symmetric_scale(values: np.ndarray) -> np.ndarray:
    """values: (n_nodes, m) -> each row divided by its largest |value| (so in [-1, 1]); rows that
    are all zero stay zero. Per-node scaling shows each neuron's sign pattern even when its
    outputs are small."""
    peak = np.abs(values).max(axis=1, keepdims=True)
    return values / np.where(peak > 0, peak, 1.0)


def map_traces(centres: np.ndarray, maps: np.ndarray, half: float,
               hover: list[str]) -> list[dict]:
    """centres: (n, 2) node centres; maps: (n, g, g) values in [-1, 1], row i at the bottom-to-
    top grid line i; half: half the box side. One heatmap trace per node, hover text fixed."""
    g = maps.shape[1]
    offsets = np.linspace(-half, half, g)
    traces = []
    for (cx, cy), z, text in zip(centres, maps, hover, strict=True):
        traces.append({
            "type": "heatmap", "x": rounded(cx + offsets, 3), "y": rounded(cy + offsets, 3),
            "z": rounded(z, 2), "zmin": -1.0, "zmax": 1.0, "colorscale": DIVERGING,
            "showscale": False, "zsmooth": "fast",
            "hovertemplate": text + "<extra></extra>",
        })
    return traces
