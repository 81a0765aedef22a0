"""Predict, then reveal, in real Chromium: on lesson 7, step 2 (δ₂ of the loss view) the
answer is nowhere in the tool before the learner tries, the tool says it keeps it back, and
after "Show me" the tool shows it again. Screenshots before and after at 1280 x 720 (what a
projector shows), and the step before an attempt at the other two sizes."""

from __future__ import annotations

from browser_helpers import (
    LESSON_TOOL,
    assert_no_exception,
    lesson_tool_numbers,
    screenshot,
    settle,
)
from playwright.sync_api import Page, expect

from ui.format import fmt
from ui.highlight import CONCEALED_NOTE
from ui.learn.schema import load_course

COURSE = load_course()
LESSON, STEP = 7, 2
ANSWER = COURSE[LESSON - 1].values(COURSE[LESSON - 1].steps[STEP - 1].preset)["delta2"]
TOOL = LESSON_TOOL


def open_step(page: Page, server: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{server}/learn?lesson={LESSON}&step={STEP}")
    expect(page.get_by_text(f"Lesson {LESSON} of {len(COURSE)} · step {STEP}")
           ).to_be_visible(timeout=90_000)
    expect(page.locator(TOOL).get_by_text(CONCEALED_NOTE).first).to_be_visible(timeout=30_000)
    settle(page)
    assert_no_exception(page)


def test_the_answer_shows_only_after_show_me(server: str, page: Page) -> None:
    assert fmt(ANSWER) == "-1.5"
    open_step(page, server, 1280, 720)
    assert "-1.5" not in lesson_tool_numbers(page)
    cells = page.locator(f"{TOOL} table td").all_inner_texts()
    assert "?" in [c.strip() for c in cells]  # the loss row of output 2 is held back
    screenshot(page, "learn-reveal-7-2-before-1280x720", full_page=False)

    page.get_by_role("button", name="Show me").click()
    expect(page.get_by_text("Here is the answer.")).to_be_visible(timeout=30_000)
    settle(page)
    assert "-1.5" in lesson_tool_numbers(page)
    assert page.locator(TOOL).get_by_text(CONCEALED_NOTE).count() == 0
    assert "?" not in [c.strip() for c in page.locator(f"{TOOL} table td").all_inner_texts()]
    screenshot(page, "learn-reveal-7-2-after-1280x720", full_page=False)
    assert_no_exception(page)


def test_the_concealed_step_at_other_sizes(server: str, page: Page) -> None:
    for width, height in ((1920, 1080), (390, 844)):
        open_step(page, server, width, height)
        assert "-1.5" not in lesson_tool_numbers(page)
        screenshot(page, f"learn-reveal-7-2-before-{width}x{height}")


CONCEALING_STEPS = [(lesson.number, k) for lesson in COURSE
                    for k, step in enumerate(lesson.steps, start=1)
                    if step.checkpoint is not None and step.checkpoint.conceal]


def test_every_concealing_step_shows_what_it_keeps_back(server: str, page: Page) -> None:
    """Each step that conceals draws a visible "?" or the note in its tool (screenshots at
    1280 x 720, looked at)."""
    page.set_viewport_size({"width": 1280, "height": 720})
    for lesson, k in CONCEALING_STEPS:
        page.goto(f"{server}/learn?lesson={lesson}&step={k}")
        expect(page.get_by_text(f"Lesson {lesson} of {len(COURSE)} · step {k} of")
               ).to_be_visible(timeout=90_000)
        settle(page)
        assert_no_exception(page)
        tool = page.locator(TOOL)
        text = tool.inner_text()
        svg = " ".join(tool.locator("svg text").all_text_contents())  # the plotly pictures
        assert "?" in text or "?" in svg or CONCEALED_NOTE in text, (lesson, k)
        assert "held back until you answer" in text
        screenshot(page, f"learn-reveal-{lesson}-{k}-before-1280x720")
        page.set_viewport_size({"width": 1280, "height": 3200})  # the whole tool, to look at
        settle(page)
        tool.screenshot(path=str(screenshot(page, f"learn-reveal-{lesson}-{k}-tool")))
        page.set_viewport_size({"width": 1280, "height": 720})
