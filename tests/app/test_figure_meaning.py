"""Colour is never the only carrier of meaning in the figures: classes have shapes, negative
weights are dashed, continuous maps have a colour bar, the half-plane names its sides."""

from __future__ import annotations

import numpy as np

from ui.figures.boundary import boundary_option, output_heatmap, point_series
from ui.figures.class_colors import class_colors, class_symbols
from ui.figures.geometry import halfplane_figure
from ui.figures.network import network_option


def rgb(color: str) -> np.ndarray:
    return np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)], float)


def test_every_class_has_its_own_shape_and_test_points_differ_from_training_points():
    X = np.array([[0.0, 0.0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]])
    y = np.arange(6)
    names = tuple(str(k) for k in range(6))
    train = point_series(X, y, task="multiclass", role="train", class_names=names)
    test = point_series(X, y, task="multiclass", role="test", class_names=names)
    assert len({s["symbol"] for s in train}) == 6
    assert all(a["symbol"] != b["symbol"] or a["itemStyle"] != b["itemStyle"]
               for a, b in zip(train, test, strict=True))


def test_classes_0_and_4_and_1_and_5_are_far_apart_in_colour():
    colors = class_colors(6)
    for a, b in ((0, 4), (1, 5)):
        assert np.linalg.norm(rgb(colors[a]) - rgb(colors[b])) > 150, (colors[a], colors[b])
    assert len(set(class_symbols(6))) == 6


def test_negative_weights_are_dashed_lines():
    W1, W2 = np.array([[0.5, -0.5]]), np.array([[-2.0]])
    option = network_option((2, 1, 1), [W1, W2], [np.zeros(1), np.zeros(1)],
                            [["a", "a"], ["a"], ["a"]], names=[["x1", "x2"], ["h"], ["o"]],
                            titles=["Inputs", "Layer 1", "Output"])
    lines = [s for s in option["series"] if s["type"] == "lines"]
    for s in lines:
        negative = all(d["value"] < 0 for d in s["data"])
        assert s["lineStyle"]["type"] == ("dashed" if negative else "solid")
    assert any(s["lineStyle"]["type"] == "dashed" for s in lines)


def test_continuous_maps_show_a_labelled_colour_bar():
    for task, zr in (("binary", (0.0, 1.0)), ("regression", (-2.0, 2.0))):
        _, vmap = output_heatmap(np.full((3, 3), 0.5), task=task, zrange=zr)
        assert vmap["show"] is True and len(vmap["text"]) == 2
    heat, vmap = output_heatmap(np.full((3, 3), 0.5), task="binary")
    option = boundary_option(heat, vmap, [], n_grid=3, extent=(-1, 1, -1, 1),
                             axis_names=("x1", "x2"))
    assert option["grid"][0]["right"] >= 60  # room for the bar beside the plot


def test_the_half_plane_names_its_sides_in_words():
    ticks = np.linspace(-6, 6, 5)
    line = np.array([[-6.0, 6.0], [6.0, -6.0]])  # x1 + x2 = 0
    fig = halfplane_figure(np.array([1.0, 1.0]), 0.0, line, np.array([1.0, 2.0]), 3.0, -6, 6,
                           np.zeros((5, 5)), ticks)
    texts = [a.text for a in fig.layout.annotations]
    assert any("z > 0" in t for t in texts) and any("z < 0" in t for t in texts)
    above = next(a for a in fig.layout.annotations if "z > 0" in a.text)
    assert above.x + above.y > 0  # on the side w points to


def test_chart_text_is_at_least_14_px():
    from ui.figures.training_loss import loss_option
    heat, vmap = output_heatmap(np.full((3, 3), 0.5), task="binary")
    boundary = boundary_option(heat, vmap, [], n_grid=3, extent=(-1, 1, -1, 1),
                               axis_names=("x1", "x2"))
    loss = loss_option(np.arange(3), np.ones(3), np.ones(3))
    sizes = [boundary["xAxis"][1]["axisLabel"]["fontSize"], loss["xAxis"]["axisLabel"]["fontSize"],
             loss["yAxis"]["axisLabel"]["fontSize"], boundary["legend"]["textStyle"]["fontSize"]]
    assert min(sizes) >= 14, sizes


def test_network_titles_and_nodes_fit_their_columns_on_a_phone():
    from ui.figures.network import column_px, layout, wrap_title
    for sizes in ((2, 4, 2, 1), (2, 8, 8, 1), (6, 8, 8, 8, 8, 8, 8, 3)):
        box, _, _, _ = layout(sizes)
        gap = column_px(sizes)
        assert box < 0.7 * gap
        title = wrap_title("Layer 1\n8 × leaky_relu", gap * 0.95)
        assert max(0.62 * 14 * len(line) for line in title.split("\n")) <= gap, (sizes, title)
