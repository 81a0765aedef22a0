"""/learn in real Chromium: lesson 1 start to finish with the keyboard only, a reload in the
middle resuming at the same step with its checkpoint still done, and the course pages at three
sizes (every step of lessons 1, 7 and 10 is measured and shot in test_learn_layout_browser)."""

from __future__ import annotations

import re

from browser_helpers import assert_no_exception, screenshot, wait_ready
from playwright.sync_api import Browser, Page, expect

from ui.learn.schema import load_course

COURSE = load_course()
SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080), "390x844": (390, 844)}


def at_step(page: Page, lesson: int, step: int, timeout_ms: int = 30_000) -> None:
    """Wait until the page shows this step (a shared 2-core machine can be slow to run
    the first page of a fresh server)."""
    total = len(COURSE[lesson - 1].steps)
    expect(page.get_by_text(f"Lesson {lesson} of {len(COURSE)} · step {step} of {total}")
           ).to_be_visible(timeout=timeout_ms)
    wait_ready(page)
    page.wait_for_selector('html[data-course-keys="on"]', state="attached")  # keys listen


# The focused element, also inside a component's shadow root (the cell grid's inputs).
ACTIVE = ("(function deep(el) { return el && el.shadowRoot && el.shadowRoot.activeElement ? "
          "deep(el.shadowRoot.activeElement) : el; })(document.activeElement)")


def tab_to(page: Page, test: str, limit: int = 120) -> None:
    """Press Tab until the focused element passes `test` (a JS predicate on it), as a
    keyboard user would; fails if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {test})({ACTIVE})"):
            return
    raise AssertionError(f"Tab never reached an element with {test}")


def continue_button(page: Page):
    return page.get_by_role("button", name=re.compile("^(Continue|Next lesson|Finish)"))


def type_answer(page: Page, text: str) -> None:
    tab_to(page, "el.getAttribute('aria-label') === 'Your answer'")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def leave_input_and_go_on(page: Page) -> None:
    """Tab out of the answer box (arrows belong to it while it has the focus), then →."""
    tab_to(page, "el.tagName === 'BUTTON'")
    page.keyboard.press("ArrowRight")


def test_lesson_1_with_the_keyboard_only_and_a_reload_resumes(server: str, page: Page) -> None:
    page.goto(server + "/learn?lesson=1&step=1")
    at_step(page, 1, 1, timeout_ms=90_000)
    expect(continue_button(page)).to_be_disabled()
    page.keyboard.press("ArrowRight")  # locked: the checkpoint is not answered yet
    page.wait_for_timeout(500)
    at_step(page, 1, 1)

    type_answer(page, "25")  # the article's answer: named, and still locked
    expect(page.get_by_text("copied the article's answer")).to_be_visible(timeout=10_000)
    type_answer(page, "31")
    expect(page.get_by_text("Right: 31")).to_be_visible(timeout=10_000)
    expect(continue_button(page)).to_be_enabled()
    leave_input_and_go_on(page)
    at_step(page, 1, 2)
    page.keyboard.press("PageDown")  # an explaining step: on at once (a clicker's key)
    at_step(page, 1, 3)

    type_answer(page, "28")
    expect(page.get_by_text("Right: 28")).to_be_visible(timeout=10_000)
    # The browser has stored it (the progress component writes after each run)...
    page.wait_for_function(
        "() => ((JSON.parse(localStorage.getItem('linear-course-progress-v1') || '{}')"
        ".checks || {})['1'] || []).includes(3)")
    # ...so a reload in the middle opens the same step with its checkpoint still done.
    page.reload()
    at_step(page, 1, 3)
    expect(page.get_by_text("Answer: 28.")).to_be_visible(timeout=10_000)
    expect(continue_button(page)).to_be_enabled()
    page.keyboard.press("ArrowLeft")  # back, then forward again
    at_step(page, 1, 2)
    page.keyboard.press("ArrowRight")
    at_step(page, 1, 3)
    page.keyboard.press("ArrowRight")
    at_step(page, 1, 4)

    # A choice: Tab into the radio group, arrows pick (they belong to it), Enter checks.
    tab_to(page, "el.type === 'radio'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the third option: both numbers are wrong
    tab_to(page, "el.tagName === 'BUTTON' && el.innerText.includes('Check')")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Right. Both")).to_be_visible(timeout=10_000)
    leave_input_and_go_on(page)
    at_step(page, 1, 5)

    # The stepper: Tab to its Next and press Enter until the walk ends (its Next is then
    # disabled and the lesson's Continue lights up).
    stepper_next = "el.tagName === 'BUTTON' && el.innerText.trim().endsWith('Next')"
    tab_to(page, stepper_next)
    for _ in range(12):
        if continue_button(page).is_enabled() or page.locator(
                ".st-key-step_next button").is_disabled():
            break  # the walk is at its end (Continue follows within a second)
        if not page.evaluate(f"(el => {stepper_next})({ACTIVE})"):
            tab_to(page, stepper_next)
        page.keyboard.press("Enter")
        page.wait_for_timeout(600)
        wait_ready(page)
    expect(continue_button(page)).to_be_enabled(timeout=10_000)  # the poller unlocked it
    page.keyboard.press("ArrowRight")  # the focus is on no input now
    at_step(page, 1, 6)

    # Make z = 0: type the bias into its grid cell.
    tab_to(page, "el.getAttribute('aria-label') === 'b[1]'")
    page.keyboard.press("Control+A")
    page.keyboard.type("-28")
    page.keyboard.press("Enter")
    expect(continue_button(page)).to_be_enabled(timeout=10_000)
    leave_input_and_go_on(page)
    at_step(page, 1, 7)

    type_answer(page, "59")
    expect(page.get_by_text("Right: 59")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("button", name="Next lesson")).to_be_enabled()
    assert_no_exception(page)

    # A new tab in the same browser: the checkpoints answered here are still done there.
    tab = page.context.new_page()
    tab.goto(server + "/learn?lesson=1&step=1")
    at_step(tab, 1, 1)
    expect(tab.get_by_text("Answer: 31.")).to_be_visible(timeout=10_000)
    expect(continue_button(tab)).to_be_enabled()
    tab.close()

    # The home page now offers to continue, and the map shows lesson 1 done.
    page.goto(server + "/")
    # (the new tab was the last place visited: lesson 1, step 1)
    expect(page.get_by_text("Continue: lesson 1, step 1")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Done").first).to_be_visible()


def test_training_step_unlocks_live(server: str, browser: Browser) -> None:
    """Lesson 10, step 3: train until the test loss is below 0.1; Continue lights up by
    itself (the trainer runs in fragments; the page polls the condition)."""
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(server + "/learn?lesson=10&step=3")
    at_step(page, 10, 3)
    expect(continue_button(page)).to_be_disabled()
    page.get_by_role("button", name="Train", exact=True).click()
    expect(continue_button(page)).to_be_enabled(timeout=60_000)
    page.wait_for_timeout(500)
    expect(page.get_by_text("1 of 5 steps done")).to_be_visible()
    screenshot(page, "learn_lesson10_step3_trained_1280x720")
    assert_no_exception(page)
    page.context.close()


def test_course_pages_at_three_sizes(server: str, browser: Browser) -> None:
    for name, (w, h) in SIZES.items():
        context = browser.new_context(viewport={"width": w, "height": h})
        page = context.new_page()
        try:
            for path, shot in (("/", "home"), ("/learn", "learn_overview"),
                               ("/learn?lesson=1&step=1", "learn_lesson01_step1"),
                               ("/learn?lesson=7&step=5", "learn_lesson07_step5")):
                page.goto(server + path)
                wait_ready(page)
                # A phone opens with the sidebar over the page: close it, as its user would.
                collapse = page.get_by_role("button", name="Collapse sidebar")
                if w < 500 and collapse.count():
                    collapse.click(force=True)
                    page.wait_for_timeout(500)  # (the sidebar slides away)
                page.wait_for_timeout(300)
                assert_no_exception(page)
                screenshot(page, f"{shot}_{name}")
        finally:
            context.close()


def test_back_and_forward_move_between_steps(server: str, page: Page) -> None:
    page.goto(server + "/learn?lesson=2&step=2")
    at_step(page, 2, 2)
    page.keyboard.press("ArrowRight")
    at_step(page, 2, 3)
    page.go_back()
    at_step(page, 2, 2)
    page.go_forward()
    at_step(page, 2, 3)
    assert_no_exception(page)
