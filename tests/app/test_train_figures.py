"""The live view's figure builders: their dicts are valid plotly figures (the page skips
plotly's own validation at run time, so it is done here), and they show what they claim."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from ui.figures.colors import NEGATIVE, POSITIVE
from ui.figures.network import WIDTHS, network_figure
from ui.figures.training_loss import MAX_POINTS, loss_figure, thin
from ui.train.data import read_csv_upload
from ui.train.scene import boundary_dict, build_scene, loss_dict, network_dict
from ui.train.session import TrainSession

SAMPLE3 = Path(__file__).resolve().parents[2] / "assets" / "sample_multiclass.csv"


def trained(**changes) -> TrainSession:
    sess = TrainSession()
    sess.update(**changes)
    sess.start()
    sess.tick(0.03)
    return sess


def all_figures(sess: TrainSession, show_test: bool = True) -> list[dict]:
    scene = build_scene(sess.bundle, sess.trainer)
    return [boundary_dict(scene, sess.bundle, sess.trainer, show_test=show_test,
                          discretize=False),
            loss_dict(sess.trainer, log_y=True), network_dict(scene, sess.trainer)]


CASES = {
    "binary": {},
    "multiclass": {"dataset": "blobs", "n_classes": 4},
    "regression": {"dataset": "gaussian-mix"},
    "no hidden layer": {"hidden": (), "activations": ()},
    "features": {"features": ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")},
    "big": {"hidden": (32, 32, 32), "activations": ("relu",) * 3, "batch_norm": True,
            "dropout": 0.2},
}


@pytest.mark.parametrize("case", list(CASES))
def test_figures_are_valid_plotly(case: str) -> None:
    for fig in all_figures(trained(**CASES[case])):
        go.Figure(fig)  # raises on any invalid property


def test_csv_with_three_columns_figures_are_valid() -> None:
    sess = TrainSession()
    sess.set_upload(read_csv_upload(SAMPLE3.read_bytes(), "s.csv"))
    for fig in all_figures(sess):
        go.Figure(fig)


def test_boundary_marks_train_and_test_differently_and_keeps_probabilities() -> None:
    fig = all_figures(trained())[0]
    heat, *points = fig["data"]
    z = np.array(heat["z"], dtype=float)
    assert z.shape == (40, 40) and z.min() >= 0 and z.max() <= 1
    symbols = {t["name"]: t["marker"]["symbol"] for t in points}
    assert symbols["class 0 (train)"] != symbols["class 0 (test)"]
    assert "P(class 1)" in heat["hovertemplate"]
    hidden = all_figures(trained(), show_test=False)[0]
    assert not any("test" in t["name"] for t in hidden["data"][1:])


def test_regression_boundary_is_the_output_surface() -> None:
    fig = all_figures(trained(dataset="plane"))[0]
    assert fig["layout"]["title"]["text"] == "Output surface"
    assert "output =" in fig["data"][0]["hovertemplate"]


def test_network_edges_show_sign_by_colour_and_size_by_width() -> None:
    W1 = np.array([[0.05, -0.5], [2.5, -1.2]])
    W2 = np.array([[1.0, -0.05]])
    g = 4
    maps = [np.zeros((2, g, g)), np.zeros((2, g, g)), np.zeros((1, g, g))]
    fig = network_figure((2, 2, 1), [W1, W2], [np.zeros(2), np.zeros(1)], maps,
                         names=[["x1", "x2"], ["a", "b"], ["out"]],
                         titles=["Inputs", "Layer 1", "Output"])
    go.Figure(fig)
    lines = [t for t in fig["data"] if t.get("mode") == "lines" and "color" in t["line"]
             and t["line"]["color"] in (NEGATIVE, POSITIVE)]
    by_style = {(t["line"]["color"], t["line"]["width"]): len(t["x"]) // 3 for t in lines}
    assert by_style[(POSITIVE, WIDTHS[-1])] == 1  # 2.5
    assert by_style[(NEGATIVE, WIDTHS[0])] == 1  # -0.05
    assert by_style[(POSITIVE, WIDTHS[0])] == 1  # 0.05
    hover = next(t for t in fig["data"] if t.get("mode") == "markers")
    assert "x1 → b<br>w = 2.5" in hover["text"]
    heatmaps = [t for t in fig["data"] if t["type"] == "heatmap"]
    assert len(heatmaps) == 5  # one map per node


def test_network_maps_one_per_node_for_the_page_model() -> None:
    sess = trained(hidden=(3, 5), activations=("tanh", "relu"))
    fig = all_figures(sess)[2]
    assert sum(t["type"] == "heatmap" for t in fig["data"]) == 2 + 3 + 5 + 1
    texts = next(t for t in fig["data"] if t.get("mode") == "text")["text"]
    assert "Layer 2<br>5 × relu" in texts


def test_loss_curve_is_thinned_and_keeps_the_last_epoch() -> None:
    epochs = np.arange(5000)
    loss = np.exp(-epochs / 1000.0)
    fig = loss_figure(epochs, loss, loss * 1.1)
    go.Figure(fig)
    xs = fig["data"][0]["x"]
    assert len(xs) <= MAX_POINTS and xs[-1] == 4999 and xs[0] == 0
    assert len(thin(10)) == 10
    assert fig["layout"]["yaxis"].get("type") != "log"
    assert loss_figure(epochs, loss, loss, log_y=True)["layout"]["yaxis"]["type"] == "log"


def test_loss_curve_without_test_data_and_with_divergence_values() -> None:
    fig = loss_figure(np.arange(3), np.array([1.0, np.inf, np.nan]), np.full(3, np.nan))
    assert len(fig["data"]) == 1 and fig["data"][0]["y"] == [1.0, None, None]
