"""Lessons 11 and 12 in real Chromium: the embedded /operations stepper moves without touching
/learn's URL and unlocks its step, and screenshots of every step of lessons 11 and 12 at
1280 x 720 (and a few steps at 1920 x 1080 and 390 x 844)."""

from __future__ import annotations

import re

from browser_helpers import assert_no_exception, screenshot, set_sidebar, settle, wait_ready
from playwright.sync_api import Browser, expect

from ui.learn.schema import load_course

COURSE = load_course()


def at_step(page, lesson: int, step: int, timeout_ms: int = 60_000) -> None:
    total = len(COURSE[lesson - 1].steps)
    expect(page.get_by_text(f"Lesson {lesson} of {len(COURSE)} · step {step} of {total}")
           ).to_be_visible(timeout=timeout_ms)
    wait_ready(page)


def continue_button(page):
    return page.get_by_role("button", name=re.compile("^(Continue|Next lesson|Finish)"))


def test_the_embedded_stepper_unlocks_its_step_and_keeps_the_url(server: str,
                                                                 browser: Browser) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    try:
        page.goto(server + "/learn?lesson=11&step=4")  # walk the dropout mask, 6 units
        at_step(page, 11, 4, timeout_ms=90_000)
        page.get_by_role("button", name="Show me").click()  # the checkpoint is out of the way
        expect(page.get_by_text("Answer: 10.")).to_be_visible(timeout=15_000)
        expect(continue_button(page)).to_be_disabled()  # the tool is not there yet
        settle(page)  # (a click during the rerun that "Show me" started can be lost)
        stepper_next = page.locator(".st-key-ops_do_controls button").filter(has_text="Next")
        for k in range(1, 7):
            stepper_next.click()
            expect(page.get_by_text(f"Step {k} of 6", exact=True)).to_be_visible(
                timeout=15_000)
            wait_ready(page)
        expect(continue_button(page)).to_be_enabled(timeout=15_000)  # the poll saw it
        assert page.url.endswith("/learn?lesson=11&step=4"), page.url
        screenshot(page, "learn_lesson11_step4_walked_1280x720")
        assert_no_exception(page)
    finally:
        page.context.close()


def test_switching_to_eval_mode_unlocks_the_step(server: str, browser: Browser) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    try:
        page.goto(server + "/learn?lesson=11&step=3")
        at_step(page, 11, 3, timeout_ms=90_000)
        page.get_by_role("button", name="Show me").click()
        expect(page.get_by_text("Answer: ").first).to_be_visible(timeout=15_000)
        expect(continue_button(page)).to_be_disabled()
        settle(page)
        page.locator(".st-key-learn_ops_settings_batchnorm").get_by_text("eval",
                                                                        exact=True).click()
        expect(continue_button(page)).to_be_enabled(timeout=15_000)
        expect(page.get_by_text("Feature 1: the running statistics")).to_have_count(0)
        assert page.url.endswith("/learn?lesson=11&step=3"), page.url
        assert_no_exception(page)
    finally:
        page.context.close()


def _shoot(browser: Browser, server: str, lesson: int, steps, size: tuple[int, int]) -> None:
    w, h = size
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    try:
        for k in steps:
            page.goto(f"{server}/learn?lesson={lesson}&step={k}")
            at_step(page, lesson, k)
            if w < 500:
                set_sidebar(page, False)  # a phone opens with the sidebar over the page
            page.wait_for_timeout(400)  # charts settle
            assert_no_exception(page)
            screenshot(page, f"learn_lesson{lesson:02d}_step{k}_{w}x{h}")
            tool = page.get_by_text("The tool holds this step's example")
            if tool.count():  # the app scrolls inside its main area: show the tool too
                tool.first.evaluate("e => e.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(300)
                screenshot(page, f"learn_lesson{lesson:02d}_step{k}_{w}x{h}_tool")
                page.mouse.move(w * 0.6, h * 0.5)
                page.mouse.wheel(0, h - 100)
                page.wait_for_timeout(300)
                screenshot(page, f"learn_lesson{lesson:02d}_step{k}_{w}x{h}_tool2")
    finally:
        context.close()


def test_screenshots_of_every_step_of_lessons_11_and_12(server: str, browser: Browser) -> None:
    for lesson in (11, 12):
        _shoot(browser, server, lesson, range(1, len(COURSE[lesson - 1].steps) + 1),
               (1280, 720))


def test_screenshots_of_some_steps_on_a_phone_and_a_large_screen(server: str,
                                                                 browser: Browser) -> None:
    for size in ((390, 844), (1920, 1080)):
        _shoot(browser, server, 11, (2, 7), size)
        _shoot(browser, server, 12, (1, 3), size)
