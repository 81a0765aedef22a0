"""/operations in real Chromium: each view opened by a link on the shared fresh server,
stepped through where it has a stepper, edited through its grid, and photographed at
1280x720, 1920x1080 and 390x844 (artifacts/screenshots/operations_<op>_<view>_<w>x<h>.png)."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from browser_helpers import assert_no_exception, screenshot, wait_ready
from playwright.sync_api import Browser, Page, expect

SIZES = ((1280, 720), (1920, 1080), (390, 844))
VIEWS = (
    ("batchnorm", "steps", "step=3"), ("batchnorm", "modes", ""), ("batchnorm", "one", ""),
    ("batchnorm", "bias", ""), ("batchnorm", "backward", ""),
    ("dropout", "steps", "step=2"), ("dropout", "average", ""), ("dropout", "bug", ""),
    ("penalty", "step", ""), ("penalty", "path", "step=15"),
)
STEPPERS = {"batchnorm": "ops_bn", "dropout": "ops_do", "penalty": "ops_pen"}


def _open(page: Page, server: str, query: str) -> None:
    page.goto(f"{server}/operations?{query}")
    wait_ready(page)
    expect(page.get_by_role("heading", name="Operations around the layer")).to_be_attached()
    if page.viewport_size and page.viewport_size["width"] < 640:
        # On a phone the open sidebar covers the page: close it, as a learner would.
        collapse = page.locator('[data-testid="stSidebarCollapseButton"] button')
        if collapse.count() and collapse.first.is_visible():
            collapse.first.click()
            page.wait_for_timeout(400)
    expect(page.get_by_role("heading", name="Operations around the layer")).to_be_visible()


def _step_text(page: Page, k: str):
    """The stepper's "Step k of N" label."""
    return page.get_by_text(re.compile(rf"^Step {k} of \d+$"))


@pytest.mark.parametrize("width, height", SIZES)
def test_every_view_by_link_and_screenshots(browser: Browser, server: str, width: int,
                                            height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for op, view, extra in VIEWS:
            query = f"op={op}&view={view}" + (f"&{extra}" if extra else "")
            _open(page, server, query)
            if extra.startswith("step="):
                k = extra.split("=")[1]
                expect(_step_text(page, k)).to_be_visible()
                page.locator(".js-plotly-plot").first.wait_for(state="attached", timeout=30_000)
            assert_no_exception(page)
            screenshot(page, f"operations_{op}_{view}_{width}x{height}")
    finally:
        context.close()


def test_stepping_batch_norm_in_the_browser_updates_the_arithmetic_and_the_link(
        server: str, page: Page) -> None:
    _open(page, server, "op=batchnorm")
    expect(page.get_by_text("Step 0 of 12")).to_be_visible()
    next_button = page.get_by_role("button", name="Next")
    next_button.click()
    expect(page.get_by_text("Step 1 of 12")).to_be_visible(timeout=10_000)
    expect(page.get_by_text("Feature 1: the batch mean")).to_be_visible()
    next_button.click()
    next_button.click()
    expect(page.get_by_text("Feature 1: the variance (biased, ÷B)")).to_be_visible(
        timeout=10_000)
    page.wait_for_url(lambda url: "step=3" in url, timeout=5_000)
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_text("Step 5 of 12")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Pause").click()
    assert_no_exception(page)


def test_editing_the_batch_in_the_grid_and_a_refused_cell(server: str, page: Page) -> None:
    _open(page, server, "op=batchnorm&view=bias")
    cell = page.get_by_role("textbox", name="X[1,1]", exact=True)
    cell.fill("abc")
    cell.press("Enter")
    expect(page.get_by_text("X[1, 1] 'abc' is not a number")).to_be_visible(timeout=10_000)
    expect(cell).to_have_value("1")  # the last good value is back
    cell.fill("9")
    cell.press("Enter")
    # feature 1 becomes 9, 3, 5, 3: its mean is 5, shown in the bias table
    expect(page.locator('[data-testid="stTable"]').first).to_contain_text("5", timeout=10_000)
    page.wait_for_url(lambda url: "X=9,2;3,6;5,1;3,3" in unquote(url), timeout=5_000)
    assert_no_exception(page)


def test_dropout_another_mask_and_the_train_mode_bug(server: str, page: Page) -> None:
    _open(page, server, "op=dropout&seed=4")
    page.get_by_role("button", name="Draw another mask").click()
    page.wait_for_url(lambda url: "seed=5" in url, timeout=10_000)
    _open(page, server, "op=dropout&view=bug")
    page.get_by_role("button", name="Predict again").click()
    expect(page.get_by_text("2 calls:")).to_be_visible(timeout=10_000)
    assert_no_exception(page)
