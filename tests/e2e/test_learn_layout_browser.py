"""A lesson step on a projected 1280 x 720 screen: the text and its tool are seen together
(the tool's top is above the fold on every tool step of lessons 1, 7 and 10) and nothing
overflows sideways; what the text refers to is outlined in the tool; on a phone the columns
stack (text first). Screenshots of every step of lessons 1, 7 and 10 at 1280 x 720 (what the
projector shows, and the whole step), and of a few steps at 1920 x 1080 and 390 x 844."""

from __future__ import annotations

from browser_helpers import assert_no_exception, screenshot, wait_ready
from playwright.sync_api import Browser, Page, expect

from ui.learn.schema import load_course

COURSE = load_course()
TOOL = ".st-key-learn_tool"
FEW = ((1, 2), (1, 5), (7, 1), (7, 5), (10, 3))  # the other sizes


def at_step(page: Page, lesson: int, step: int, timeout_ms: int = 60_000) -> None:
    total = len(COURSE[lesson - 1].steps)
    expect(page.get_by_text(f"Lesson {lesson} of {len(COURSE)} · step {step} of {total}")
           ).to_be_visible(timeout=timeout_ms)
    wait_ready(page)


def layout(page: Page) -> dict:
    """Where the tool starts (px from the page's top), the page's and the window's widths."""
    return page.evaluate(f"""() => {{
        const tool = document.querySelector('{TOOL}');
        const text = document.querySelector('[data-testid="stHeading"] h2');
        const top = el => el ? el.getBoundingClientRect().top + window.scrollY : null;
        return {{tool: top(tool), text: top(text),
                 toolLeft: tool ? tool.getBoundingClientRect().left : null,
                 scroll: document.documentElement.scrollWidth,
                 width: document.documentElement.clientWidth}};
    }}""")


def whole_page_shot(page: Page, name: str) -> None:
    """The whole step (Streamlit scrolls inside its main area, so a full-page screenshot is
    only the window): the window made as tall as the content, shot, and set back."""
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stAppViewContainer"]')].map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(400)
    screenshot(page, name, full_page=False)
    page.set_viewport_size(size)


def _open(page: Page, server: str, lesson: int, k: int) -> None:
    page.goto(f"{server}/learn?lesson={lesson}&step={k}")
    at_step(page, lesson, k)
    page.wait_for_timeout(400)  # charts and components settle
    assert_no_exception(page)


def test_text_and_tool_fit_a_projected_screen_every_step_of_lessons_1_7_10(
        server: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    too_low = []
    try:
        for lesson in (1, 7, 10):
            for k, step in enumerate(COURSE[lesson - 1].steps, start=1):
                _open(page, server, lesson, k)
                box = layout(page)
                assert box["scroll"] <= box["width"], (lesson, k, box)  # no sideways scroll
                if step.tool != "text":
                    assert box["tool"] is not None, (lesson, k)
                    if box["tool"] >= 720:
                        too_low.append((lesson, k, box["tool"]))
                    # Beside the text, not under it.
                    assert box["toolLeft"] > 1280 * 0.3, (lesson, k, box)
                    # The step names what it marks; the tool draws it (a dashed outline).
                    expect(page.get_by_text("Marked (dashed outline)")).to_be_visible()
                screenshot(page, f"learn_lesson{lesson:02d}_step{k}_1280x720", full_page=False)
                whole_page_shot(page, f"learn_lesson{lesson:02d}_step{k}_1280x720_whole")
    finally:
        context.close()
    assert not too_low, f"the tool starts below the fold (lesson, step, px): {too_low}"


def test_marks_are_drawn_in_the_browser(server: str, browser: Browser) -> None:
    """The cell grid outlines the cells a step names (lesson 2, step 6: row 2 of W and b₂),
    and a results table outlines z₂."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        _open(page, server, 2, 6)
        # The cell grids' inputs, in the page or in a component's shadow root.
        marked_cells = """() => [...document.querySelectorAll('td.marked input'),
            ...[...document.querySelectorAll('*')].filter(el => el.shadowRoot).flatMap(
                el => [...el.shadowRoot.querySelectorAll('td.marked input')])]
            .map(i => i.getAttribute('aria-label')).sort()"""
        page.wait_for_function(f"({marked_cells})().length >= 4", timeout=15_000)
        assert page.evaluate(marked_cells) == ["W[2,1]", "W[2,2]", "W[2,3]", "b[2]"]
        style = page.evaluate("""() => { const cells = [...document.querySelectorAll(
            '[data-testid="stTable"] td')].filter(td => getComputedStyle(td).outlineStyle
            === 'dashed'); return cells.map(td => td.innerText.trim()); }""")
        assert style == ["10.5"]  # z₂
    finally:
        context.close()


def test_a_few_steps_at_other_sizes(server: str, browser: Browser) -> None:
    for name, (w, h) in {"1920x1080": (1920, 1080), "390x844": (390, 844)}.items():
        context = browser.new_context(viewport={"width": w, "height": h})
        page = context.new_page()
        try:
            for lesson, k in FEW:
                _open(page, server, lesson, k)
                collapse = page.get_by_role("button", name="Collapse sidebar")
                if w < 500 and collapse.count():  # a phone opens with the sidebar over it
                    collapse.click(force=True)
                    page.wait_for_timeout(500)
                box = layout(page)
                assert box["scroll"] <= box["width"], (name, lesson, k, box)
                if w >= 1920:
                    assert box["tool"] < h, (name, lesson, k, box)
                else:  # stacked: the text first, the tool under it
                    assert box["tool"] > box["text"], (name, lesson, k, box)
                screenshot(page, f"learn_lesson{lesson:02d}_step{k}_{name}", full_page=False)
                if w < 500:
                    whole_page_shot(page, f"learn_lesson{lesson:02d}_step{k}_{name}_whole")
        finally:
            context.close()


def test_tool_steps_of_the_other_lessons_fit_too(server: str, browser: Browser) -> None:
    """Lessons 2-6, 8 and 9 (their tools are the explorer's and backprop's other views):
    the tool starts above the fold at 1280 x 720, beside the text, with no sideways scroll."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        for lesson in (2, 3, 4, 5, 6, 8, 9):
            for k, step in enumerate(COURSE[lesson - 1].steps, start=1):
                if step.tool == "text":
                    continue
                _open(page, server, lesson, k)
                box = layout(page)
                assert box["scroll"] <= box["width"], (lesson, k, box)
                assert box["tool"] < 720 and box["toolLeft"] > 1280 * 0.3, (lesson, k, box)
                whole_page_shot(page, f"learn_lesson{lesson:02d}_step{k}_1280x720_whole")
    finally:
        context.close()
