"""lock=1 and the cell grid (ui.cell_grid): the grid is sent read-only, and the server
refuses an edit or a paste that arrives anyway (a locked session never changes a value)."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import open_page
from classroom_helpers import grid_data
from streamlit.testing.v1 import AppTest

from ui import layer_state as ls


def _script() -> None:
    import streamlit as st

    from ui import layer_state as ls
    from ui.cell_grid import _on_edit, _on_paste

    ls.ensure_layer_state()
    st.session_state["cells_W"] = {"edit": {"i": 0, "j": 0, "text": "99"}}
    _on_edit("W", "cells_W")
    st.session_state["cells_x"] = {"paste": {"i": 0, "j": 0, "cells": [["7", "8", "9"]]}}
    _on_paste("x", "cells_x")


@pytest.mark.parametrize("lock", [None, "1"])
def test_a_locked_grid_refuses_edits_and_pastes(lock: str | None) -> None:
    at = AppTest.from_function(_script, default_timeout=20)
    if lock:
        at.query_params["lock"] = lock
    at.run()
    assert not at.exception
    W, x = at.session_state["layer_W"], at.session_state["layer_x"]
    if lock:  # the default layer, untouched
        assert np.array_equal(W, ls.DEFAULT.W) and np.array_equal(x, ls.DEFAULT.x)
    else:  # the control: the same messages change the layer when unlocked
        assert W[0, 0] == 99.0 and list(x[:3]) == [7.0, 8.0, 9.0]


@pytest.mark.parametrize("page,query", [("explorer", {}), ("backprop", {}),
                                        ("concepts", {"topic": "collapse"})])
def test_grids_are_sent_read_only_when_locked(page: str, query: dict) -> None:
    open_grids = open_page(page, query)
    locked_grids = open_page(page, {**query, "lock": "1"})
    plain, locked = grid_data(open_grids), grid_data(locked_grids)
    assert plain and locked and len(plain) == len(locked)
    assert not any(g["read_only"] for g in plain)
    assert all(g["read_only"] for g in locked)
    assert [g["values"] for g in plain] == [g["values"] for g in locked]  # same numbers
