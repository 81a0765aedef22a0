"""Links carry the view and the stepper position on /explorer and /backprop (view=, step=) and
the explorer's batch X (X=); a bad field is named once in the warning. AppTest round trips."""

from __future__ import annotations

import numpy as np
from apptest_helpers import no_exception, open_page
from streamlit.testing.v1 import AppTest


def warning_text(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning if "could not be read" in w.value)


def markdown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_explorer_link_opens_the_step_view_at_its_step_and_follows_the_walk():
    at = open_page("explorer", {"view": "steps", "step": "5"})
    no_exception(at)
    assert not warning_text(at)
    assert at.segmented_control(key="explorer_view").value == "steps"
    assert "Step 5 of 10" in markdown(at)
    assert at.query_params["view"] == "steps" and at.query_params["step"] == "5"
    at.button(key="step_next").click().run()
    assert "Step 6 of 10" in markdown(at) and at.query_params["step"] == "6"
    at.run()  # a full rerun does not take the app's own link for a new one
    assert "Step 6 of 10" in markdown(at)


def test_explorer_step_beyond_the_walk_opens_its_last_step():
    at = open_page("explorer", {"view": "steps", "step": "99"})
    assert "Step 10 of 10" in markdown(at) and at.query_params["step"] == "10"


def test_explorer_views_round_trip():
    for view in ("compute", "steps", "batch", "geometry", "quiz"):
        at = open_page("explorer", {"view": view})
        no_exception(at)
        assert at.segmented_control(key="explorer_view").value == view
        assert at.query_params["view"] == view
    at.segmented_control(key="explorer_view").set_value("geometry").run()
    assert at.query_params["view"] == "geometry" and "step" not in at.query_params


def test_explorer_link_carries_the_batch_X():
    link = {"W": "1,2;3,4", "x": "1,1", "b": "10,20", "view": "batch", "X": "1,0;0,1;2,2;-1,5"}
    at = open_page("explorer", link)
    no_exception(at)
    assert not warning_text(at)
    X = np.array([[1, 0], [0, 1], [2, 2], [-1, 5]], dtype=float)
    np.testing.assert_array_equal(at.session_state["batch_X"], X)
    assert at.query_params["X"] == "1,0;0,1;2,2;-1,5"
    shown = next(df.value for df in at.table if list(df.value.columns) == ["z1", "z2"])
    Z = X @ np.array([[1, 2], [3, 4]]).T + [10, 20]
    assert shown.values.tolist() == [[str(int(v)) for v in row] for row in Z]
    assert at.number_input(key="batch_rows").value == 4


def test_explorer_bad_X_falls_back_with_a_warning():
    at = open_page("explorer", {"W": "1,2", "x": "1,1", "b": "0", "view": "batch",
                                "X": "1,2,3"})
    no_exception(at)
    assert "`X` has 3 columns but W has 2" in warning_text(at)
    assert at.session_state["batch_X"].shape[1] == 2


def test_explorer_warnings_name_the_field_once():
    at = open_page("explorer", {"W": "1,abc", "x": "1,2", "b": "0"})
    message = warning_text(at)
    assert "`W` row 1, entry 2" in message, message
    assert "W: W" not in message and "`W`: W" not in message
    at = open_page("explorer", {"view": "sideways"})
    assert "`view`: unknown view 'sideways'" in warning_text(at)
    at = open_page("explorer", {"view": "batch", "step": "3"})
    assert "needs view=steps" in warning_text(at)


def test_backprop_link_opens_the_view_and_the_step():
    at = open_page("backprop", {"view": "steps", "step": "5"})
    no_exception(at)
    assert not warning_text(at)
    assert "Step 5 of 15" in markdown(at)
    at.button(key="bp_step_next").click().run()
    assert at.query_params["step"] == "6"
    for view in ("check", "descent", "chain", "quiz"):
        at = open_page("backprop", {"view": view})
        no_exception(at)
        assert at.segmented_control(key="bp_view").value == view
        assert at.query_params["view"] == view and "step" not in at.query_params
    at = open_page("backprop", {"view": "check"})
    assert any("finite differences" in t.value.columns for t in at.table)


def test_backprop_bad_view_and_step_are_named_once():
    at = open_page("backprop", {"view": "upside", "step": "x"})
    message = warning_text(at)
    assert "`view`: unknown view 'upside'" in message
    assert "`step`: must be a whole number" in message
    at = open_page("backprop", {"W": "1;x"})
    assert "`W` row 2, entry 1" in warning_text(at)
