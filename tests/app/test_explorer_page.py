"""The explorer page (/explorer): widgets set by key, displayed numbers equal the core's."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import no_exception, open_expander, open_page
from streamlit.testing.v1 import AppTest

from core import forward_trace
from core.course.layer_setup import PRESETS, preset
from ui.format import fmt


def shown_column(at: AppTest, name: str) -> list[str]:
    """The values of the one-column result table named `name` ('z' or 'a')."""
    for df in at.table:
        if list(df.value.columns) == [name]:
            return [str(v) for v in df.value[name]]
    raise AssertionError(f"no table with column {name!r}")


def canonical(at: AppTest) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    s = at.session_state
    return s["layer_W"], s["layer_x"], s["layer_b"], s["layer_act"]


def assert_shows_core_result(at: AppTest) -> None:
    W, x, b, act = canonical(at)
    trace = forward_trace(W, x, b, act)
    assert shown_column(at, "z") == [fmt(v) for v in trace.z]
    assert shown_column(at, "a") == [fmt(v) for v in trace.a]


def warnings_text(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def test_default_page_shows_the_core_result(explorer: AppTest) -> None:
    assert_shows_core_result(explorer)
    assert explorer.title[0].value.startswith("Linear layer explorer")


def test_worked_example_link_shows_31_and_the_article_note() -> None:
    at = open_page("explorer", {"W": "4,2,1", "x": "3,5,6", "b": "3"})
    no_exception(at)
    assert shown_column(at, "z") == ["31"]
    assert "28 + 3 = \\mathbf{31}" in at.latex[0].value
    assert any("22" in i.value and "25" in i.value and "31" in i.value for i in at.info)


def test_worked_example_preset(explorer: AppTest) -> None:
    explorer.selectbox(key="preset_choice").set_value("worked_example")
    explorer.button(key="load_preset").click().run()
    assert shown_column(explorer, "z") == ["31"]


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_loads_the_core_values(name: str) -> None:
    at = open_page("explorer")
    at.number_input(key="random_seed").set_value(7)
    at.selectbox(key="preset_choice").set_value(name)
    at.button(key="load_preset").click().run()
    no_exception(at)
    W, x, b, _ = canonical(at)
    expected = preset(name, 2, 3, seed=7)
    np.testing.assert_array_equal(W, expected.W)
    np.testing.assert_array_equal(x, expected.x)
    np.testing.assert_array_equal(b, expected.b)
    assert_shows_core_result(at)


def test_randomize_is_seeded_and_reset_restores_the_default(explorer: AppTest) -> None:
    explorer.number_input(key="random_seed").set_value(3)
    explorer.button(key="randomize").click().run()
    W1 = canonical(explorer)[0].copy()
    np.testing.assert_array_equal(W1, preset("random_integers", 2, 3, seed=3).W)
    explorer.button(key="reset_layer").click().run()
    assert shown_column(explorer, "z") == [fmt(v) for v in forward_trace(
        [[4, 2, 1], [-1, 0.5, 2]], [3, 5, 6], [3, -1], "linear").z]


def test_resizing_keeps_the_values_that_fit_and_fills_zeros(explorer: AppTest) -> None:
    W0, x0, b0, _ = (a.copy() if hasattr(a, "copy") else a for a in canonical(explorer))
    explorer.number_input(key="m_inputs").set_value(5).run()
    explorer.number_input(key="n_outputs").set_value(1).run()
    W, x, b, _ = canonical(explorer)
    assert W.shape == (1, 5) and x.shape == (5,) and b.shape == (1,)
    np.testing.assert_array_equal(W[0, :3], W0[0])
    np.testing.assert_array_equal(W[0, 3:], [0, 0])
    np.testing.assert_array_equal(x[:3], x0)
    assert b[0] == b0[0]
    assert_shows_core_result(explorer)
    assert "Parameters: 1·5 + 1 = **6**" in " ".join(c.value for c in explorer.caption)


@pytest.mark.parametrize("act", ["linear", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"])
def test_every_activation_shows_the_core_values(act: str) -> None:
    at = open_page("explorer", {"W": "1,-2;3,0.5", "x": "0.5,2", "b": "-1,0.25"})
    at.selectbox(key="act_select").set_value(act).run()
    no_exception(at)
    assert canonical(at)[3] == act
    assert_shows_core_result(at)


def test_plain_number_inputs_edit_the_canonical_W(explorer: AppTest) -> None:
    explorer.toggle(key="plain_inputs").set_value(True).run()
    explorer.number_input(key="num_W_0_0").set_value(-7.5).run()
    no_exception(explorer)
    assert canonical(explorer)[0][0, 0] == -7.5
    assert_shows_core_result(explorer)
    explorer.number_input(key="num_x_2").set_value(10).run()
    assert canonical(explorer)[1][2] == 10
    assert_shows_core_result(explorer)


def test_url_follows_edits_and_round_trips(explorer: AppTest) -> None:
    explorer.selectbox(key="act_select").set_value("tanh").run()
    explorer.toggle(key="plain_inputs").set_value(True).run()
    explorer.number_input(key="num_b_1").set_value(0.125).run()
    params = dict(explorer.query_params)
    flat = {k: v[0] if isinstance(v, list) else v for k, v in params.items()}
    assert flat["act"] == "tanh" and flat["b"] == "3,0.125"
    again = open_page("explorer", flat)
    no_exception(again)
    for a, b in zip(canonical(again)[:3], canonical(explorer)[:3], strict=True):
        np.testing.assert_array_equal(a, b)
    assert shown_column(again, "z") == shown_column(explorer, "z")


def test_share_box_shows_the_link_only_when_opened(explorer: AppTest) -> None:
    assert not explorer.code  # closed: the link is not built or sent
    open_expander(explorer, "share_open")
    flat = {k: v[0] if isinstance(v, list) else v for k, v in explorer.query_params.items()}
    [code] = explorer.code
    assert code.value.startswith("/explorer?") and f"W={flat['W']}" in code.value


BAD_LINKS = {
    "wrong counts": ({"W": "1,2,3", "x": "1,2", "b": "0"}, "`x` has 2 entries"),
    "ragged rows": ({"W": "1,2;3", "x": "1,2", "b": "0,0"}, "same number of entries"),
    "text": ({"W": "1,abc", "x": "1,2", "b": "0"}, "'abc' is not a number"),
    "nan": ({"W": "1,nan", "x": "1,2", "b": "0"}, "NaN"),
    "inf": ({"W": "1,2", "x": "inf,2", "b": "0"}, "infinite"),
    "too large": ({"W": "1e7,2", "x": "1,2", "b": "0"}, "too large"),
    "nine columns": ({"W": ",".join(["1"] * 9), "x": ",".join(["1"] * 9), "b": "0"}, "1 to 8"),
    "nine rows": ({"W": ";".join(["1"] * 9), "x": "1", "b": ",".join(["0"] * 9)}, "at most 8"),
    "unknown activation": ({"W": "1,2", "x": "1,2", "b": "0", "act": "swish"}, "swish"),
    "10 KB of junk": ({"W": "9" * 10_000}, "longer than"),
    "empty W": ({"W": "", "x": "1", "b": "1"}, "`W`"),
}


@pytest.mark.parametrize("case", list(BAD_LINKS))
def test_bad_links_open_defaults_with_a_warning(case: str) -> None:
    query, expected = BAD_LINKS[case]
    at = open_page("explorer", query)
    no_exception(at)
    assert expected in warnings_text(at), warnings_text(at)
    assert_shows_core_result(at)
    if case != "unknown activation":  # the arrays were fine there; only act fell back
        np.testing.assert_array_equal(canonical(at)[0], [[4, 2, 1], [-1, 0.5, 2]])
    else:
        assert canonical(at)[3] == "linear"
        np.testing.assert_array_equal(canonical(at)[0], [[1, 2]])


def test_stepper_walks_one_multiply_add_at_a_time() -> None:
    at = open_page("explorer", {"W": "4,2,1", "x": "3,5,6", "b": "3", "act": "relu"})
    at.segmented_control(key="explorer_view").set_value("steps").run()
    texts = lambda: " ".join(m.value for m in at.markdown)  # noqa: E731
    assert "Step 0 of 5" in texts()
    at.button(key="step_next").click().run()
    assert "Step 1 of 5" in texts()
    assert "= 12" in at.latex[0].value  # W11 x1 = 4 * 3
    at.button(key="step_next").click().run()
    assert "12 + 10 = 22" in at.latex[0].value
    for _ in range(2):
        at.button(key="step_next").click().run()
    assert "28 + 3 = 31" in at.latex[0].value
    at.button(key="step_next").click().run()
    assert "Step 5 of 5" in texts() and "max(0, 31) = 31" in at.latex[0].value
    assert at.button(key="step_next").disabled
    at.button(key="step_prev").click().run()
    assert "Step 4 of 5" in texts()
    at.button(key="step_play").click().run()
    assert at.button(key="step_play").label == "Pause"
    at.button(key="step_reset").click().run()
    assert "Step 0 of 5" in texts() and at.button(key="step_play").label == "Play"
    no_exception(at)


def test_quiz_checks_before_revealing() -> None:
    at = open_page("explorer", {"W": "4,2,1", "x": "3,5,6", "b": "3"})
    at.segmented_control(key="explorer_view").set_value("quiz").run()
    page_text = lambda: " ".join(m.value for m in at.markdown)  # noqa: E731
    assert "**31**" not in page_text()
    at.text_input(key="quiz_answer").set_value("25").run()
    at.button(key="quiz_check").click().run()
    assert at.error and "25 is not it" in at.error[0].value and "**31**" not in page_text()
    at.text_input(key="quiz_answer").set_value("thirty").run()
    at.button(key="quiz_check").click().run()
    assert at.warning and "Type a number" in at.warning[0].value
    at.text_input(key="quiz_answer").set_value("31.00000001").run()
    at.button(key="quiz_check").click().run()
    assert at.success and "Correct" in at.success[0].value and "**31**" in page_text()


def test_batch_view_shows_the_core_batch_result() -> None:
    at = open_page("explorer", {"W": "1,2;3,4", "x": "1,1", "b": "10,20"})
    at.segmented_control(key="explorer_view").set_value("batch").run()
    no_exception(at)
    X = at.session_state["batch_X"]
    Z = X @ np.array([[1, 2], [3, 4]]).T + [10, 20]
    shown = next(df.value for df in at.table if list(df.value.columns) == ["z1", "z2"])
    assert shown.values.tolist() == [[fmt(v) for v in row] for row in Z]
    at.number_input(key="batch_rows").set_value(5).run()
    assert at.session_state["batch_X"].shape == (5, 2)
    assert any("repeated for every row" in lt.value for lt in at.latex)


def test_geometry_view_for_two_by_two_and_one_by_two() -> None:
    at = open_page("explorer", {"W": "2,1;1,3", "x": "1,1", "b": "0,0"})
    at.segmented_control(key="explorer_view").set_value("geometry").run()
    no_exception(at)
    assert at.metric[0].value == "5"  # det = 2*3 - 1*1
    at = open_page("explorer", {"W": "1,-1", "x": "2,1", "b": "-0.5"})
    at.segmented_control(key="explorer_view").set_value("geometry").run()
    assert at.metric[0].value == "0.5"  # z = 2 - 1 - 0.5
    at = open_page("explorer", {"W": "1,2,3", "x": "1,1,1", "b": "0"})
    at.segmented_control(key="explorer_view").set_value("geometry").run()
    assert at.info and "2 inputs" in at.info[0].value
