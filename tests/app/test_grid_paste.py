"""Pasting a block into the grid: the real callback on the state the grid (ui.cell_grid) sends,
{"paste": {i, j, cells}} (rows of texts split in the browser; the split itself is tested in
Chromium, tests/e2e/test_explorer_browser.py)."""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

DEFAULT_W = [[4, 2, 1], [-1, 0.5, 2]]


def _script(event: object, array: str) -> None:
    import streamlit as st

    from ui import layer_state as ls
    from ui.cell_grid import _on_paste
    from ui.editors import show_error

    ls.ensure_layer_state()
    st.session_state["version_before"] = ls.version()
    st.session_state[f"cells_{array}"] = {"paste": event}
    _on_paste(array, f"cells_{array}")
    show_error(array)


def paste(i: object, j: object, cells: object, array: str = "W") -> AppTest:
    at = AppTest.from_function(_script, args=({"i": i, "j": j, "cells": cells}, array),
                               default_timeout=20)
    at.run()
    assert not at.exception
    return at


def test_a_block_fills_the_cells_from_where_it_was_pasted() -> None:
    at = paste(0, 1, [["7", "-8"], ["0.25", "1e-3"]])
    np.testing.assert_array_equal(at.session_state["layer_W"], [[4, 7, -8], [-1, 0.25, 0.001]])
    assert not at.error
    # redrawn from the kept values, so the cell pasted into shows a number, not the block
    assert at.session_state["layer_version"] == at.session_state["version_before"] + 1


def test_bad_and_outside_values_are_reported_and_the_rest_applies() -> None:
    at = paste(1, 1, [["9", "abc", "5"], ["6"]])
    np.testing.assert_array_equal(at.session_state["layer_W"], [[4, 2, 1], [-1, 9, 2]])
    message = at.error[0].value
    assert message.startswith("Pasted 1 value into W.")
    assert "W[2, 3]" in message and "'abc' is not a number" in message
    assert "2 pasted values fell outside W (2 × 3)" in message


def test_empty_spreadsheet_cells_leave_their_cells_alone() -> None:
    at = paste(0, 0, [["", "5", ""], ["6", " ", "7"]])
    np.testing.assert_array_equal(at.session_state["layer_W"], [[4, 5, 1], [6, 0.5, 7]])
    assert not at.error


def test_a_row_pasted_into_a_vector_fills_it_downwards() -> None:
    at = paste(0, 0, [["1", "-2", "3.5"]], "x")
    np.testing.assert_array_equal(at.session_state["layer_x"], [1, -2, 3.5])
    at = paste(0, 0, [["10"], ["20"], ["30"]], "b")  # a column: one value too many
    np.testing.assert_array_equal(at.session_state["layer_b"], [10, 20])
    assert "1 pasted value fell outside b (2) and was left out." in at.error[0].value


def test_a_huge_block_is_cut_and_says_so() -> None:
    at = paste(0, 0, [["1", "2", "3"]] * 20)
    np.testing.assert_array_equal(at.session_state["layer_W"], [[1, 2, 3], [1, 2, 3]])
    message = at.error[0].value
    assert "42 pasted values fell outside W (2 × 3)" in message  # rows 3 to 16 of the cut
    assert "Only the first 16 rows and 16 values per row were read." in message


def test_malformed_events_change_nothing() -> None:
    for i, j, cells in ((None, 0, [["1"]]), (0, 0, None), (0, 0, 5), ("a", 0, [["1"]]),
                        (-1, 0, [["9", "9"]]), (0, -2, [["7", "7", "7"]]), (True, 0, [["1"]]),
                        (0, 0, "123"), (0, 0, ["12"]), (1.0, 0, [["1"]])):
        at = paste(i, j, cells)
        np.testing.assert_array_equal(at.session_state["layer_W"], DEFAULT_W)
        assert not at.error
