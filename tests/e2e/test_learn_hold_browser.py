"""A lesson's held stepper in real Chromium. Lesson 11, step 2 opens batch norm's stepper at
step 3 (the variance); step 4 writes x̂₁₁, the checkpoint's answer. Before an attempt Next is
disabled, and → and Page Down (a presenter's clicker) neither walk to the answer nor turn the
lesson's page; the stepper says why. After Show me the same key walks to step 4 and the
answer. Screenshots of the held stepper at 1280 x 720, 1920 x 1080 and 390 x 844."""

from __future__ import annotations

from browser_helpers import (
    LESSON_TOOL,
    assert_no_exception,
    lesson_tool_numbers,
    screenshot,
    set_sidebar,
    settle,
)
from playwright.sync_api import Page, expect

from ui.format import fmt
from ui.learn.schema import load_course
from ui.stepper import HOLD_NOTE

COURSE = load_course()
LESSON, STEP = 11, 2
ANSWER = fmt(COURSE[LESSON - 1].values(COURSE[LESSON - 1].steps[STEP - 1].preset)["bnxhat11"])
TOOL = LESSON_TOOL
NEXT = ".st-key-ops_bn_controls button"


def open_held_step(page: Page, server: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{server}/learn?lesson={LESSON}&step={STEP}")
    expect(page.get_by_text(f"Lesson {LESSON} of {len(COURSE)} · step {STEP} of")
           ).to_be_visible(timeout=90_000)
    if width < 500:
        set_sidebar(page, False)  # a phone opens with the sidebar over the page
    expect(page.get_by_text("Step 3 of 12", exact=True)).to_be_visible(timeout=30_000)
    expect(page.locator(TOOL).get_by_text(HOLD_NOTE)).to_be_visible(timeout=30_000)
    settle(page)
    assert_no_exception(page)


def test_the_keys_stop_where_the_walk_is_held(server: str, page: Page) -> None:
    open_held_step(page, server, 1280, 720)
    assert ANSWER == "-1.41421" and ANSWER not in lesson_tool_numbers(page)
    next_button = page.locator(NEXT).filter(has_text="Next")
    expect(next_button).to_be_disabled()
    page.locator(TOOL).get_by_text(HOLD_NOTE).scroll_into_view_if_needed()
    screenshot(page, "learn-hold-11-2-1280x720", full_page=False)
    for key in ("ArrowRight", "PageDown"):
        page.keyboard.press(key)
        page.wait_for_timeout(1200)
        settle(page)
        expect(page.get_by_text("Step 3 of 12", exact=True)).to_be_visible()
        assert page.url.endswith(f"/learn?lesson={LESSON}&step={STEP}"), page.url
        assert ANSWER not in lesson_tool_numbers(page)

    page.get_by_role("button", name="Show me").click()
    expect(page.get_by_text("Here is the answer.")).to_be_visible(timeout=30_000)
    settle(page)
    expect(page.locator(TOOL).get_by_text(HOLD_NOTE)).to_have_count(0)
    expect(next_button).to_be_enabled()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("Step 4 of 12", exact=True)).to_be_visible(timeout=30_000)
    settle(page)
    assert ANSWER in lesson_tool_numbers(page)
    assert page.url.endswith(f"/learn?lesson={LESSON}&step={STEP}"), page.url
    screenshot(page, "learn-hold-11-2-walked-1280x720", full_page=False)
    assert_no_exception(page)


def test_the_held_stepper_at_other_sizes(server: str, page: Page) -> None:
    for width, height in ((1920, 1080), (390, 844)):
        open_held_step(page, server, width, height)
        assert ANSWER not in lesson_tool_numbers(page)
        screenshot(page, f"learn-hold-11-2-{width}x{height}")
        page.locator(TOOL).get_by_text(HOLD_NOTE).scroll_into_view_if_needed()
        screenshot(page, f"learn-hold-11-2-{width}x{height}-stepper", full_page=False)
