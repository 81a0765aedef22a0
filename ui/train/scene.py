"""Figure dicts for the live view, built cheaply enough to redraw several times a second.

What does not change while a network trains (the grids, their input features, the point
traces, the input maps, labels) is computed once per data/network and kept in a Scene; each tick
only runs the model on two small grids and fills in the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core import Linear, Trainer
from ui.figures.boundary import boundary_figure, output_heatmap, point_traces
from ui.figures.compact import plain
from ui.figures.network import network_figure
from ui.figures.neuron_maps import symmetric_scale
from ui.figures.training_loss import loss_figure
from ui.train.data import DataBundle

GRID = 40  # boundary heatmap: 40 x 40 model outputs per tick (smoothed by the browser)


def map_resolution(n_nodes: int) -> int:
    """Pixels per side of each node's map: fewer when there are many nodes to draw."""
    return 16 if n_nodes <= 40 else 10 if n_nodes <= 100 else 7


@dataclass(eq=False)
class Scene:
    """Everything per (data, network) that the per-tick figures reuse."""

    key: tuple
    xs: np.ndarray  # (GRID,) x1 grid lines
    ys: np.ndarray  # (GRID,) x2 grid lines
    grid_inputs: np.ndarray  # (GRID * GRID, n_inputs), row-major with x1 fastest
    map_inputs: np.ndarray  # (g * g, n_inputs)
    g: int
    input_maps: np.ndarray  # (n_inputs, g, g) in [-1, 1]
    train_points: list[dict]
    test_points: list[dict]
    zrange: tuple[float, float]
    names: list[list[str]]
    titles: list[str]


def _grid(lo: float, hi: float, n: int) -> np.ndarray:
    return np.linspace(lo, hi, n)


def _plane(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """All (x1, x2) grid points, (len(ys) * len(xs), 2); reshaping outputs to (len(ys),
    len(xs)) puts row i at ys[i], as a plotly heatmap expects."""
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def _zrange(y: np.ndarray) -> tuple[float, float]:
    """Colour range for regression targets: symmetric about 0 when they straddle it."""
    lo, hi = float(y.min()), float(y.max())
    if lo < 0 < hi:
        m = max(-lo, hi)
        return -m, m
    return (lo, hi) if hi > lo else (lo - 1.0, hi + 1.0)


def _labels(bundle: DataBundle, trainer: Trainer) -> tuple[list[list[str]], list[str]]:
    c = trainer.config
    names = [[plain(n, 24) for n in bundle.input_names]]
    titles = ["Inputs"]
    for l, (n, act) in enumerate(zip(c.hidden, c.activations, strict=True), start=1):
        names.append([f"layer {l}, neuron {k + 1}" for k in range(n)])
        titles.append(f"Layer {l}<br>{n} × {act}")
    if c.task == "multiclass":
        names.append([f"class {plain(v, 16)}" for v in bundle.dataset.class_names])
        titles.append("Output<br>P(class)")
    elif c.task == "binary":
        names.append(["P(class 1)"])
        titles.append("Output")
    else:
        names.append(["output"])
        titles.append("Output")
    return names, titles


def build_scene(bundle: DataBundle, trainer: Trainer) -> Scene:
    lo1, hi1, lo2, hi2 = bundle.extent
    xs, ys = _grid(lo1, hi1, GRID), _grid(lo2, hi2, GRID)
    c = trainer.config
    g = map_resolution(sum(c.sizes))
    mx, my = _grid(lo1, hi1, g), _grid(lo2, hi2, g)
    map_inputs = bundle.inputs(_plane(mx, my))
    task = bundle.task
    zr = _zrange(bundle.dataset.y) if task == "regression" else (0.0, 1.0)
    kw = {"task": task, "class_names": bundle.dataset.class_names, "zrange": zr,
          "axis_names": bundle.axis_names}
    names, titles = _labels(bundle, trainer)
    return Scene(
        key=(bundle.key, id(trainer)),
        xs=xs, ys=ys, grid_inputs=bundle.inputs(_plane(xs, ys)), map_inputs=map_inputs, g=g,
        input_maps=symmetric_scale(map_inputs.T).reshape(-1, g, g),
        train_points=point_traces(bundle.X_train_raw[:, :2], bundle.y_train, role="train",
                                  **kw),
        test_points=point_traces(bundle.X_test_raw[:, :2], bundle.y_test, role="test", **kw),
        zrange=zr, names=names, titles=titles,
    )


def boundary_dict(scene: Scene, bundle: DataBundle, trainer: Trainer, *, show_test: bool,
                  discretize: bool) -> dict:
    out = trainer.predict_proba_or_value(scene.grid_inputs)
    task = bundle.task
    shape = (GRID, GRID, -1) if task == "multiclass" else (GRID, GRID)
    heat = output_heatmap(scene.xs, scene.ys, out.reshape(shape), task=task,
                          axis_names=bundle.axis_names, zrange=scene.zrange,
                          discretize=discretize)
    points = scene.train_points + (scene.test_points if show_test else [])
    title = {"binary": "Decision boundary", "multiclass": "Predicted class",
             "regression": "Output surface"}[task]
    x0, x1, y0, y1 = bundle.extent
    square = 0.33 < (x1 - x0) / (y1 - y0) < 3
    return boundary_figure(heat, points, axis_names=bundle.axis_names, extent=bundle.extent,
                           title=title, square=square)


def loss_dict(trainer: Trainer, *, log_y: bool) -> dict:
    rows = trainer.history.rows
    return loss_figure(np.asarray(rows["epoch"]), np.asarray(rows["train_loss"]),
                       np.asarray(rows["test_loss"]), log_y=log_y)


def _output_maps(trainer: Trainer, inputs: np.ndarray, g: int) -> np.ndarray:
    """(n_outputs, g, g) in [-1, 1]: probabilities as 2p - 1 (0.5 is white), values scaled."""
    out = trainer.predict_proba_or_value(inputs)
    out = out.reshape(out.shape[0], -1).T  # (n_outputs, g*g)
    c = trainer.config
    scaled = symmetric_scale(out) if c.task == "regression" else 2.0 * out - 1.0
    return scaled.reshape(-1, g, g)


def network_dict(scene: Scene, trainer: Trainer) -> dict:
    linears = [m for m in trainer.model.layers if isinstance(m, Linear)]
    g = scene.g
    hidden = [symmetric_scale(h.T).reshape(-1, g, g)
              for h in trainer.hidden_outputs(scene.map_inputs)]
    maps = [scene.input_maps, *hidden, _output_maps(trainer, scene.map_inputs, g)]
    return network_figure(
        trainer.config.sizes, [m.weight.data for m in linears], [m.bias.data for m in linears],
        maps, names=scene.names, titles=scene.titles,
    )
