"""What each node outputs over the (x1, x2) plane, as small images for the network diagram's
nodes, as TensorFlow Playground draws them (pure: arrays in, image URIs out)."""

from __future__ import annotations

import numpy as np

from ui.figures.png import map_uri


def symmetric_scale(values: np.ndarray) -> np.ndarray:
    """values: (n_nodes, m) -> each row divided by its largest |value| (so in [-1, 1]); rows that
    are all zero stay zero. Per-node scaling shows each neuron's sign pattern even when its
    outputs are small."""
    peak = np.abs(values).max(axis=1, keepdims=True)
    return values / np.where(peak > 0, peak, 1.0)


def node_maps(values: np.ndarray, g: int) -> list[str]:
    """values: (n_nodes, g * g) in [-1, 1], grid row-major from the bottom row, x fastest ->
    one image URI per node."""
    return [map_uri(v.reshape(g, g)) for v in values]
