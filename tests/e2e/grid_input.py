"""Typing into st.data_editor cells: the grid is drawn on a canvas, so cells are reached by
position, and the cell editor (an <input class="gdg-input">) is waited for before typing."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

ROW_LABEL_WIDTH = 70  # px into the grid: past the row-label column, inside the first column
HEADER_HEIGHT = 52  # px from the grid's top to the middle of the first data row
ROW_HEIGHT = 35


def open_cell_editor(page: Page, grid: Locator, x_offset: float, row: int) -> None:
    """Double-click the cell until its editor is open (the canvas may still be settling)."""
    grid.locator("canvas").first.wait_for(state="visible")
    for _ in range(8):
        box = grid.bounding_box()
        assert box is not None
        page.mouse.dblclick(box["x"] + x_offset, box["y"] + HEADER_HEIGHT + ROW_HEIGHT * row)
        try:
            page.wait_for_selector("input.gdg-input", state="visible", timeout=1500)
            return
        except Exception:  # noqa: BLE001 - not open yet: click again
            page.wait_for_timeout(300)
    raise AssertionError("the grid's cell editor did not open")


def type_into_cell(page: Page, grid: Locator, x_offset: float, row: int, value: str) -> None:
    """Open the cell editor, replace its content with `value` (not yet committed)."""
    open_cell_editor(page, grid, x_offset, row)
    editor = page.locator("input.gdg-input")
    editor.fill(value)
