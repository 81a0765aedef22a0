"""Chart options for the live view, built cheaply enough to redraw several times a second.

What does not change while a network trains (the grids and their input features, the point
series, the input maps, labels) is computed once per data/network and kept in a Scene; a redraw
only runs the model on two small grids and fills in the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core import Linear, Trainer
from ui.figures.boundary import boundary_option, output_heatmap, point_series, target_map
from ui.figures.compact import chart_text
from ui.figures.network import network_option
from ui.figures.neuron_maps import node_maps, symmetric_scale
from ui.figures.training_loss import loss_option
from ui.train.data import DataBundle
from ui.train.layer_notes import hidden_titles
from ui.train.session import TrainSession

GRID = 50  # boundary heatmap: 50 x 50 model outputs per redraw


def map_resolution(n_nodes: int) -> int:
    """Pixels per side of each node's map: fewer when there are many nodes to draw."""
    return 16 if n_nodes <= 40 else 10 if n_nodes <= 100 else 7


def _plane(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """All (x1, x2) grid points, (len(ys) * len(xs), 2), x fastest; reshaped to (len(ys),
    len(xs)) row i lies at ys[i] (bottom row first)."""
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
    names = [[chart_text(n, 24) for n in bundle.input_names]]
    titles = ["Inputs"]
    for l, (n, act) in enumerate(zip(c.hidden, c.activations, strict=True), start=1):
        names.append([f"layer {l}, neuron {k + 1}" for k in range(n)])
        titles.append(f"Layer {l}\n{n} × {act}")
    if c.task == "multiclass":
        names.append([f"P(class {chart_text(v, 16)})" for v in bundle.dataset.class_names])
        titles.append("Output\nsoftmax" if c.loss == "ce" else "Output")
    elif c.task == "binary":
        names.append(["P(class 1)"])
        titles.append("Output\nsigmoid")
    else:
        names.append(["output"])
        titles.append("Output")
    return names, titles


@dataclass(eq=False)
class Scene:
    """Everything per (data, network) that the redraws reuse."""

    bundle: DataBundle
    trainer: Trainer
    xs: np.ndarray  # (GRID,) x1 grid lines
    ys: np.ndarray  # (GRID,) x2 grid lines
    grid_inputs: np.ndarray  # (GRID * GRID, n_inputs)
    map_inputs: np.ndarray  # (g * g, n_inputs)
    g: int
    input_maps: list[str]  # an image URI per input
    points: list[dict]  # training then test point series
    n_train_series: int
    zrange: tuple[float, float]
    names: list[list[str]]
    titles: list[str]


def build_scene(bundle: DataBundle, trainer: Trainer) -> Scene:
    lo1, hi1, lo2, hi2 = bundle.extent
    xs, ys = np.linspace(lo1, hi1, GRID), np.linspace(lo2, hi2, GRID)
    g = map_resolution(sum(trainer.config.sizes))
    map_inputs = bundle.inputs(_plane(np.linspace(lo1, hi1, g), np.linspace(lo2, hi2, g)))
    kw = {"task": bundle.task, "class_names": bundle.dataset.class_names,
          "axis_names": bundle.axis_names}
    train = point_series(bundle.X_train_raw[:, :2], bundle.y_train, role="train", **kw)
    test = point_series(bundle.X_test_raw[:, :2], bundle.y_test, role="test", **kw)
    names, titles = _labels(bundle, trainer)
    c = trainer.config
    titles = hidden_titles(titles, len(c.hidden), c.batch_norm, c.dropout)
    return Scene(
        bundle=bundle, trainer=trainer, xs=xs, ys=ys,
        grid_inputs=bundle.inputs(_plane(xs, ys)), map_inputs=map_inputs, g=g,
        input_maps=node_maps(symmetric_scale(map_inputs.T), g),
        points=train + test, n_train_series=len(train),
        zrange=_zrange(bundle.dataset.y) if bundle.task == "regression" else (0.0, 1.0),
        names=names, titles=titles,
    )


def boundary_dict(scene: Scene, trainer: Trainer, *, show_test: bool,
                  discretize: bool) -> dict:
    bundle = scene.bundle
    out = trainer.predict_proba_or_value(scene.grid_inputs)
    shape = (GRID, GRID, -1) if bundle.task == "multiclass" else (GRID, GRID)
    heat, vmap = output_heatmap(out.reshape(shape), task=bundle.task, zrange=scene.zrange,
                                discretize=discretize)
    points = scene.points if show_test else scene.points[: scene.n_train_series]
    point_map = (target_map(list(range(1, len(points) + 1)), scene.zrange)
                 if bundle.task == "regression" else None)
    return boundary_option(heat, vmap, points, n_grid=GRID, extent=bundle.extent,
                           axis_names=bundle.axis_names, point_map=point_map)


def loss_dict(trainer: Trainer, *, log_y: bool) -> dict:
    rows = trainer.history.rows
    return loss_option(np.asarray(rows["epoch"]), np.asarray(rows["train_loss"]),
                       np.asarray(rows["test_loss"]), log_y=log_y)


def _output_values(trainer: Trainer, inputs: np.ndarray) -> np.ndarray:
    """(n_outputs, m) in [-1, 1]: probabilities as 2p - 1 (0.5 is white), values scaled."""
    out = trainer.predict_proba_or_value(inputs)
    out = out.reshape(out.shape[0], -1).T
    if trainer.config.task == "regression":
        return symmetric_scale(out)
    return 2.0 * out - 1.0


def network_dict(scene: Scene, trainer: Trainer) -> dict:
    linears = [m for m in trainer.model.layers if isinstance(m, Linear)]
    g = scene.g
    hidden = [node_maps(symmetric_scale(h.T), g)
              for h in trainer.hidden_outputs(scene.map_inputs)]
    maps = [scene.input_maps, *hidden,
            node_maps(_output_values(trainer, scene.map_inputs), g)]
    return network_option(
        trainer.config.sizes, [m.weight.data for m in linears], [m.bias.data for m in linears],
        maps, names=scene.names, titles=scene.titles,
    )


@dataclass(eq=False)
class Charts:
    """Per session: the scene and the last option of each chart with what it was built from,
    so a chart is rebuilt only when the network trained or a view setting changed since."""

    scene: Scene | None = None
    figs: dict[str, dict] = field(default_factory=dict)
    stamps: dict[str, tuple] = field(default_factory=dict)

    def figure(self, name: str, sess: TrainSession, *, log_y: bool = False) -> dict:
        """The current option of chart `name` ('boundary', 'loss' or 'network'), built under
        the session's lock: the trainer cannot step while it is read."""
        with sess.lock:
            return self._figure(name, sess, log_y=log_y)

    def _figure(self, name: str, sess: TrainSession, *, log_y: bool) -> dict:
        t, s = sess.trainer, sess.settings
        scene = self.scene
        if scene is None or scene.bundle is not sess.bundle or scene.trainer is not t:
            scene = self.scene = build_scene(sess.bundle, t)
            self.stamps.clear()
        stamp = (t.steps, t.state, s.show_test, s.discretize, log_y)
        if self.stamps.get(name) != stamp:
            if name == "boundary":
                fig = boundary_dict(scene, t, show_test=s.show_test, discretize=s.discretize)
            elif name == "loss":
                fig = loss_dict(t, log_y=log_y)
            else:
                fig = network_dict(scene, t)
            self.figs[name], self.stamps[name] = fig, stamp
        return self.figs[name]
