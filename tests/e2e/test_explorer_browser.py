"""The explorer in real Chromium: deep link on a fresh server, editing a weight, stepping."""

from __future__ import annotations

import re
from urllib.parse import unquote

from browser_helpers import assert_no_exception, free_port, screenshot, start_server, wait_ready
from playwright.sync_api import Page, expect

WORKED = "/explorer?W=4,2,1&x=3,5,6&b=3"


def result_table(page: Page):
    """The z = Wx + b table (plain HTML, first st.table on the compute view)."""
    return page.locator('[data-testid="stTable"]').first


def grid_cell(page: Page, label: str):
    """The grid's text cell labelled `label` (e.g. "W[1,1]"); the plain number inputs carry
    the same labels but are spinbuttons, so a page in transition between the two is never
    ambiguous."""
    return page.get_by_role("textbox", name=label, exact=True)


def edit_grid_cell(page: Page, label: str, value: str) -> None:
    """Type `value` into the grid cell labelled `label` and press Enter."""
    cell = grid_cell(page, label)
    cell.fill(value)
    cell.press("Enter")


def test_first_request_deep_link_on_a_fresh_server_shows_31(page: Page) -> None:
    proc = start_server(port := free_port())  # its own server: this is its very first request
    try:
        page.goto(f"http://127.0.0.1:{port}{WORKED}")
        wait_ready(page)
        expect(result_table(page)).to_contain_text("31")
        assert page.get_by_text("Page not found").count() == 0
        expect(page.get_by_text("Check the arithmetic")).to_be_visible()
        assert_no_exception(page)
        screenshot(page, "explorer_worked_example")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_changing_one_weight_in_the_grid_updates_the_output(server: str, page: Page) -> None:
    page.goto(server + WORKED)
    wait_ready(page)
    expect(result_table(page)).to_contain_text("31")
    edit_grid_cell(page, "W[1,1]", "7")  # 4 -> 7, so z = 31 + 3*3 = 40
    expect(result_table(page)).to_contain_text("40", timeout=10_000)
    # The URL follows the edit (its update arrives just after the new output).
    page.wait_for_url(lambda url: "W=7,2,1" in unquote(url), timeout=5_000)
    edit_grid_cell(page, "x[3]", "-1")  # 6 -> -1: z = 40 - 1*7 = 33
    expect(result_table(page)).to_contain_text("33", timeout=10_000)
    assert_no_exception(page)
    screenshot(page, "explorer_after_edit")


def test_a_bad_grid_cell_is_refused_and_the_cell_shows_the_kept_value(server: str,
                                                                       page: Page) -> None:
    page.goto(server + WORKED)
    wait_ready(page)
    cell = grid_cell(page, "W[1,2]")
    cell.fill("abc")
    cell.press("Enter")
    expect(page.get_by_text("W[1, 2] 'abc' is not a number")).to_be_visible(timeout=10_000)
    expect(cell).to_have_value("2")  # the last good value is back in the cell
    expect(result_table(page)).to_contain_text("31")
    cell.fill("3")
    cell.press("Tab")  # leaving a changed cell commits it too
    expect(result_table(page)).to_contain_text("36", timeout=10_000)  # 31 + 1*5
    expect(page.get_by_text("is not a number")).to_have_count(0)
    x1 = grid_cell(page, "x[1]")
    x1.fill("4")
    x1.press("ArrowDown")  # commits x1 and moves down the column to x2
    expect(grid_cell(page, "x[2]")).to_be_focused()
    expect(result_table(page)).to_contain_text("40", timeout=10_000)  # 36 + (4 - 3) * 4
    assert_no_exception(page)
    screenshot(page, "explorer_grid_refused")


PASTE = """(cell, text) => { const data = new DataTransfer(); data.setData("text/plain", text);
  cell.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                  cancelable: true})); }"""


def test_pasting_a_block_fills_the_grid(server: str, page: Page) -> None:
    page.goto(server + WORKED)
    wait_ready(page)
    grid_cell(page, "W[1,1]").evaluate(PASTE, "1\t1\t1\n")  # as a spreadsheet row copies
    expect(result_table(page)).to_contain_text("17", timeout=10_000)  # 3 + 5 + 6 + 3
    for label, value in (("W[1,1]", "1"), ("W[1,2]", "1"), ("W[1,3]", "1")):
        expect(grid_cell(page, label)).to_have_value(value)
    grid_cell(page, "x[1]").evaluate(PASTE, "0.5, 1, -1")  # a row into a column: downwards
    expect(result_table(page)).to_contain_text("3.5", timeout=10_000)  # 0.5 + 1 - 1 + 3
    expect(grid_cell(page, "x[3]")).to_have_value("-1")
    grid_cell(page, "W[1,2]").evaluate(PASTE, "9\tzz\t4")
    expect(page.get_by_text("Pasted 1 value into W.")).to_be_visible(timeout=10_000)
    expect(page.get_by_text("1 pasted value fell outside W (1 × 3)")).to_be_visible()
    expect(grid_cell(page, "W[1,3]")).to_have_value("1")  # 'zz' refused, 1 kept
    # A spreadsheet copy (tabs) keeps a decimal comma inside its value: refused, not split.
    grid_cell(page, "W[1,1]").evaluate(PASTE, "0,5\t2\t1")
    expect(page.get_by_text("'0,5' uses a decimal comma")).to_be_visible(timeout=10_000)
    expect(grid_cell(page, "W[1,2]")).to_have_value("2")
    assert_no_exception(page)
    screenshot(page, "explorer_pasted")


def test_a_bad_cell_is_refused_with_a_message(server: str, page: Page) -> None:
    page.goto(server + WORKED)
    wait_ready(page)
    page.get_by_text("Plain number inputs").click()
    wait_ready(page)
    field = page.get_by_role("spinbutton", name="W[1,1]", exact=True)
    field.fill("2000000")
    field.press("Enter")
    wait_ready(page)
    # The number input itself refuses values beyond its range; the output stays 31.
    expect(result_table(page)).to_contain_text("31")
    field.fill("5")
    field.press("Enter")
    expect(result_table(page)).to_contain_text("34", timeout=10_000)
    assert_no_exception(page)
    screenshot(page, "explorer_plain_inputs")


def test_stepping_through_with_next(server: str, page: Page) -> None:
    page.goto(server + WORKED + "&act=relu")
    wait_ready(page)
    page.get_by_text("Step by step").click()
    wait_ready(page)
    expect(page.get_by_text("Step 0 of 5")).to_be_visible()
    for k in range(1, 4):
        page.get_by_role("button", name=re.compile("Next")).click()
        expect(page.get_by_text(f"Step {k} of 5")).to_be_visible(timeout=10_000)
    expect(page.locator(".katex").first).to_contain_text("28")
    assert_no_exception(page)
    screenshot(page, "explorer_steps")
    # Play advances on its own (a fragment timer), and stops by itself at the last step.
    page.get_by_role("button", name=re.compile("Play")).click()
    expect(page.get_by_text("Step 5 of 5")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("button", name=re.compile("Play"))).to_be_visible(timeout=10_000)


def test_other_views_render(server: str, page: Page) -> None:
    page.goto(server + "/explorer?W=1,0.5;-0.5,1&x=1,2&b=0.5,-1&act=tanh")
    wait_ready(page)
    for view, name in (("Batch", "batch"), ("Geometry", "geometry"),
                       ("Check yourself", "quiz")):
        page.get_by_text(view, exact=True).click()
        wait_ready(page)
        page.wait_for_timeout(500)
        assert_no_exception(page)
        screenshot(page, f"explorer_{name}")
    expect(page.get_by_text("Your value for z1")).to_be_visible()


def test_home_page_link_opens_the_worked_example(server: str, page: Page) -> None:
    page.goto(server + "/")
    wait_ready(page)
    screenshot(page, "home")
    page.get_by_text("Start with the worked example").click()
    wait_ready(page)
    expect(result_table(page)).to_contain_text("31", timeout=10_000)
    assert "/explorer" in page.url
