"""The grid editor's callback: bad cells are refused with a message, good ones apply.

AppTest cannot type into st.data_editor cells, so these tests run the real callback on the
widget state that st.data_editor would produce ({"edited_rows": {row: {column: value}}})."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest


def _script(edits: dict, array: str) -> None:
    import streamlit as st

    from ui import layer_state as ls
    from ui.editors import _on_grid_change, show_error

    ls.ensure_layer_state()
    key = f"grid_{array}_{ls.version()}"
    st.session_state[key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    _on_grid_change(array, key)
    show_error(array)


def run_edit(edits: dict, array: str = "W") -> AppTest:
    at = AppTest.from_function(_script, args=(edits, array), default_timeout=20)
    at.run()
    assert not at.exception
    return at


BAD = {
    "empty": (None, "is empty"),
    "text": ("abc", "'abc' is not a number"),
    "nan": (float("nan"), "NaN"),
    "nan text": ("nan", "NaN"),
    "inf": (float("inf"), "infinite"),
    "too large": (1e7, "too large"),
    "bool": (True, "not true/false"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_cell_is_refused_and_the_last_good_value_kept(case: str) -> None:
    raw, expected = BAD[case]
    at = run_edit({0: {"x2": raw}})
    assert at.session_state["layer_W"][0, 1] == 2.0  # the default's W[1,2], unchanged
    assert at.error and expected in at.error[0].value and "W[1, 2]" in at.error[0].value


def test_good_cells_apply_even_beside_a_bad_one() -> None:
    at = run_edit({0: {"x1": "-3.5", "x3": "oops"}, 1: {"x2": 8}})
    W = at.session_state["layer_W"]
    np.testing.assert_array_equal(W, [[-3.5, 2, 1], [-1, 8, 2]])
    assert "W[1, 3]" in at.error[0].value


def test_vector_edits_apply_to_x_and_b() -> None:
    at = run_edit({2: {"x": "0.25"}}, "x")
    np.testing.assert_array_equal(at.session_state["layer_x"], [3, 5, 0.25])
    assert not at.error
    at = run_edit({1: {"b": ""}}, "b")
    np.testing.assert_array_equal(at.session_state["layer_b"], [3, -1])
    assert "b[2] is empty" in at.error[0].value
