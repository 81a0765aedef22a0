"""The live view's chart builders (ECharts options): they serialize as Streamlit sends them
(strict JSON), and they show what they claim."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ui.figures.colors import DIVERGING, NEGATIVE, POSITIVE
from ui.figures.compact import chart_text
from ui.figures.network import WIDTHS, network_option
from ui.figures.png import diverging_rgb, map_uri
from ui.figures.training_loss import MAX_POINTS, loss_option, thin
from ui.train.data import read_csv_upload
from ui.train.scene import GRID, boundary_dict, build_scene, loss_dict, network_dict
from ui.train.session import TrainSession

SAMPLE3 = Path(__file__).resolve().parents[2] / "assets" / "sample_multiclass.csv"


def trained(**changes) -> TrainSession:
    sess = TrainSession()
    sess.update(**changes)
    sess.start()
    sess.tick(0.03)
    return sess


def all_options(sess: TrainSession, show_test: bool = True) -> list[dict]:
    scene = build_scene(sess.bundle, sess.trainer)
    return [boundary_dict(scene, sess.trainer, show_test=show_test, discretize=False),
            loss_dict(sess.trainer, log_y=True), network_dict(scene, sess.trainer)]


def strict_json(option: dict) -> dict:
    """What st.echarts_chart does: JSON without NaN or infinity."""
    return json.loads(json.dumps(option, allow_nan=False))


def decode_png(uri: str) -> Image.Image:
    prefix = "image://data:image/png;base64,"
    assert uri.startswith(prefix)
    return Image.open(io.BytesIO(base64.b64decode(uri[len(prefix):])))


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
def test_options_are_strict_json(case: str) -> None:
    for option in all_options(trained(**CASES[case])):
        strict_json(option)


def test_csv_with_three_columns_options_are_strict_json() -> None:
    sess = TrainSession()
    sess.set_upload(read_csv_upload(SAMPLE3.read_bytes(), "s.csv"))
    for option in all_options(sess):
        strict_json(option)


def test_boundary_has_a_cell_per_grid_point_and_marks_train_and_test_differently() -> None:
    option = all_options(trained())[0]
    heat, *points = option["series"]
    values = np.array([v for _, _, v in heat["data"]])
    assert heat["type"] == "heatmap" and len(heat["data"]) == GRID * GRID
    assert values.min() >= 0 and values.max() <= 1
    assert "P(class 1)" in heat["tooltip"]["formatter"]  # each cell's value on hover
    class0 = [s for s in points if s["name"] == "class 0"]
    assert len(class0) == 2 and class0[0]["symbol"] != class0[1]["symbol"]  # train, test
    assert "test point" in class0[1]["tooltip"]["formatter"]
    assert option["legend"]["data"] == ["class 0", "class 1"]
    hidden = all_options(trained(), show_test=False)[0]
    assert len(hidden["series"]) == 3  # the map and the two classes' training points


def test_regression_boundary_is_the_output_surface_with_targets_coloured() -> None:
    option = all_options(trained(dataset="plane"))[0]
    assert "output =" in option["series"][0]["tooltip"]["formatter"]
    assert len(option["visualMap"]) == 2  # the surface, and the points by target
    assert len(option["series"][1]["data"][0]) == 3  # x1, x2, target


def test_multiclass_boundary_shows_the_predicted_class() -> None:
    option = all_options(trained(dataset="blobs", n_classes=3))[0]
    assert option["visualMap"][0]["type"] == "piecewise"
    assert {v for _, _, v in option["series"][0]["data"]} <= {0.0, 1.0, 2.0}


def test_network_edges_show_sign_by_colour_and_size_by_width() -> None:
    W1 = np.array([[0.05, -0.5], [2.5, -1.2]])
    W2 = np.array([[1.0, -0.05]])
    uri = map_uri(np.zeros((4, 4)))
    option = strict_json(network_option(
        (2, 2, 1), [W1, W2], [np.array([0.1, -0.2]), np.zeros(1)],
        [[uri, uri], [uri, uri], [uri]], names=[["x1", "x2"], ["a", "b"], ["out"]],
        titles=["Inputs", "Layer 1", "Output"]))
    lines = [s for s in option["series"] if s["type"] == "lines"]
    style = {(s["lineStyle"]["color"], s["lineStyle"]["width"]): s["data"] for s in lines}
    assert [d["value"] for d in style[(POSITIVE, WIDTHS[-1])]] == [2.5]
    assert [d["value"] for d in style[(NEGATIVE, WIDTHS[0])]] == [-0.05]
    assert [d["value"] for d in style[(POSITIVE, WIDTHS[0])]] == [0.05]
    assert sum(len(s["data"]) for s in lines) == W1.size + W2.size
    edge = style[(POSITIVE, WIDTHS[-1])][0]
    assert edge["name"] == "x1 → b"  # the weight's value shows on hover with its name
    nodes = next(s for s in option["series"] if s["type"] == "scatter")["data"]
    assert len(nodes) == 5
    assert "bias = -0.2" in nodes[3]["tooltip"]["formatter"]


def test_network_maps_one_image_per_node_for_the_page_model() -> None:
    sess = trained(hidden=(3, 5), activations=("tanh", "relu"))
    option = all_options(sess)[2]
    nodes = next(s for s in option["series"] if s["type"] == "scatter")["data"]
    assert len(nodes) == 2 + 3 + 5 + 1
    image = decode_png(nodes[4]["symbol"])
    assert image.size == (16, 16)
    heads = [d["name"] for d in option["series"][-1]["data"]]
    assert "Layer 2\n5 × relu" in heads


def test_png_maps_use_the_diverging_scale_with_bottom_row_at_the_bottom() -> None:
    rgb = diverging_rgb(np.array([-1.0, 0.0, 1.0]))
    ends = [DIVERGING[0][1], DIVERGING[2][1], DIVERGING[-1][1]]
    assert ["#" + bytes(c).hex() for c in rgb] == ends
    z = np.zeros((4, 4))
    z[0] = -1.0  # the bottom row of the plane
    image = decode_png(map_uri(z)).convert("RGB")
    assert image.getpixel((0, 3)) == tuple(diverging_rgb(np.array(-1.0)))  # drawn at the bottom


def test_loss_curve_is_thinned_and_keeps_the_last_epoch() -> None:
    epochs = np.arange(5000)
    loss = np.exp(-epochs / 1000.0)
    option = strict_json(loss_option(epochs, loss, loss * 1.1))
    xs = [p[0] for p in option["series"][0]["data"]]
    assert len(xs) <= MAX_POINTS and xs[-1] == 4999 and xs[0] == 0
    assert len(thin(10)) == 10
    assert option["yAxis"]["type"] == "value"
    assert loss_option(epochs, loss, loss, log_y=True)["yAxis"]["type"] == "log"


def test_loss_curve_without_test_data_and_with_divergence_values() -> None:
    option = strict_json(loss_option(np.arange(3), np.array([1.0, np.inf, np.nan]),
                                     np.full(3, np.nan)))
    assert len(option["series"]) == 1
    assert [p[1] for p in option["series"][0]["data"]] == [1.0, None, None]


def test_chart_text_keeps_user_names_out_of_html_templates() -> None:
    assert chart_text("<b>{x}</b> & y") == "bx/b  y"
    assert chart_text("") == "?"
