"""Presenter mode in real Chromium at 1280 x 720: text of at least 24 px measured from the
DOM on every page, the stepper and a step's results on one screen, keyboard stepping
(arrows, Page Down / Page Up, Space) on /explorer, /backprop and a lesson, the sidebar
closed, reduced motion, and screenshots of every page at three sizes."""

from __future__ import annotations

import re

import pytest
from browser_helpers import assert_no_exception, screenshot, wait_ready
from playwright.sync_api import Browser, Page, expect

from ui.classroom.present_style import PRESENT_FONT_PX

PROJECTOR = {"width": 1280, "height": 720}
SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080), "390x844": (390, 844)}
PAGES = {  # every page, in presenter mode, on a view with the most to read
    "home": "/?present=1",
    "explorer": "/explorer?present=1",
    "explorer_steps": "/explorer?view=steps&step=4&present=1",
    "backprop_steps": "/backprop?view=steps&step=6&present=1",
    "train": "/train?present=1",
    "operations": "/operations?present=1",
    "concepts": "/concepts?topic=collapse&present=1",
    "learn": "/learn?lesson=1&step=1&present=1",
}

# Every visible element in the main area that holds text itself (also inside the cell grids'
# shadow roots), with its font size; not the figures' SVG text, which plotly sizes in px
# (the grids' numbers are 20 px), and not KaTeX, which draws formulas larger than the text.
TEXT_SIZES = r"""() => {
  const out = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (el.closest("svg, .katex, [data-testid='stSidebar'], [data-testid='stHeader']"))
        continue;
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      const field = el.tagName === "INPUT" && el.type !== "hidden" && el.value;
      if (!own && !field) continue;
      const box = el.getBoundingClientRect();
      if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
      out.push({ size: parseFloat(getComputedStyle(el).fontSize), tag: el.tagName,
                 text: (field ? el.value : el.textContent).trim().slice(0, 40) });
    }
  };
  visit(document.querySelector("[data-testid='stMain']"));
  return out;
}"""


def open_presenting(page: Page, url: str) -> None:
    page.goto(url)
    wait_ready(page, timeout_ms=90_000)
    page.wait_for_selector('html[data-present="on"]', state="attached")
    page.wait_for_timeout(600)  # (fragments and components draw after the run)
    wait_ready(page)


@pytest.fixture
def projector(browser: Browser):
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_text_is_at_least_24px_on_every_page(server: str, projector: Page, name: str) -> None:
    open_presenting(projector, server + PAGES[name])
    assert_no_exception(projector)
    sizes = projector.evaluate(TEXT_SIZES)
    assert len(sizes) > 5  # the page drew its text
    small = [s for s in sizes if s["size"] < PRESENT_FONT_PX - 0.01]
    assert not small, small[:10]


def test_cell_grids_and_labels_are_measured_at_24px(server: str, projector: Page) -> None:
    """The grids' inputs live in shadow roots: the measurement above does reach them."""
    open_presenting(projector, server + "/explorer?present=1")
    sizes = projector.evaluate(TEXT_SIZES)
    cells = [s for s in sizes if s["tag"] == "INPUT"]
    assert len(cells) >= 6  # W (2 x 3) at least
    assert min(s["size"] for s in cells) >= PRESENT_FONT_PX


def test_without_presenter_mode_the_text_is_smaller(server: str, projector: Page) -> None:
    """The measurement can fail: the normal page draws body text below 24 px."""
    projector.goto(server + "/explorer?view=steps&step=4")
    wait_ready(projector, timeout_ms=90_000)
    projector.wait_for_timeout(600)
    sizes = projector.evaluate(TEXT_SIZES)
    assert min(s["size"] for s in sizes) < PRESENT_FONT_PX


def in_view(page: Page, locator) -> bool:
    box = locator.bounding_box()
    return (box is not None and box["y"] >= 0 and box["x"] >= 0
            and box["y"] + box["height"] <= PROJECTOR["height"] + 0.5
            and box["x"] + box["width"] <= PROJECTOR["width"] + 0.5)


def step_text(page: Page, k: int):
    return page.get_by_text(re.compile(rf"^Step {k} of \d+$"))


@pytest.mark.parametrize("step", [0, 4, 10])
def test_explorer_steps_fit_one_screen(server: str, projector: Page, step: int) -> None:
    open_presenting(projector, server + f"/explorer?view=steps&step={step}&present=1")
    expect(step_text(projector, step)).to_be_visible()
    assert projector.evaluate("window.scrollY") == 0
    parts = [projector.locator(".st-key-step_prev button"),
             projector.locator(".st-key-step_next button"),
             projector.locator(".st-key-step_reset button"), step_text(projector, step),
             projector.locator(".st-key-fixedfig_step_figure [data-testid='stPlotlyChart']"),
             projector.locator("[data-testid='stMain'] .katex-display").first]
    if step:
        parts.append(projector.locator("[data-testid='stTable']"))  # how the output is built
    for part in parts:
        assert in_view(projector, part), part
    screenshot(projector, f"present_explorer_steps_{step}")


@pytest.mark.parametrize("step", [0, 6, 15])
def test_backprop_steps_fit_one_screen(server: str, projector: Page, step: int) -> None:
    open_presenting(projector, server + f"/backprop?view=steps&step={step}&present=1")
    expect(step_text(projector, step)).to_be_visible()
    parts = [projector.locator(".st-key-bp_step_prev button"),
             projector.locator(".st-key-bp_step_next button"), step_text(projector, step),
             projector.locator(".st-key-fixedfig_bp_step_figure [data-testid='stPlotlyChart']")]
    if step:
        parts += [projector.locator("[data-testid='stMain'] .katex-display").first,
                  projector.get_by_text("Gradient check", exact=False).first]
    for part in parts:
        assert in_view(projector, part), part
    screenshot(projector, f"present_backprop_steps_{step}")


def press_and_see(page: Page, key: str, k: int) -> None:
    page.keyboard.press(key)
    expect(step_text(page, k)).to_be_visible(timeout=15_000)
    wait_ready(page)


@pytest.mark.parametrize(("url", "prefix"), [
    ("/explorer?view=steps&present=1", "step"),
    ("/backprop?view=steps&present=1", "bp_step"),
    ("/explorer?view=steps", "step"),  # the keys work without presenter mode too
])
def test_keyboard_steps_the_stepper(server: str, projector: Page, url: str, prefix: str) -> None:
    projector.goto(server + url)
    wait_ready(projector, timeout_ms=90_000)
    projector.wait_for_selector('html[data-stepper-keys="on"]', state="attached")
    expect(step_text(projector, 0)).to_be_visible()
    press_and_see(projector, "ArrowRight", 1)
    press_and_see(projector, "PageDown", 2)
    press_and_see(projector, "Space", 3)
    press_and_see(projector, "ArrowLeft", 2)
    press_and_see(projector, "PageUp", 1)
    assert projector.evaluate("window.scrollY") == 0  # Space and PageDown did not scroll
    assert_no_exception(projector)


def test_space_on_a_focused_button_presses_that_button(server: str, projector: Page) -> None:
    """Space is not taken from a focused control: Tab to Reset, Space resets the walk."""
    open_presenting(projector, server + "/explorer?view=steps&step=3&present=1")
    expect(step_text(projector, 3)).to_be_visible()
    reset = projector.locator(".st-key-step_reset button")
    reset.focus()
    projector.keyboard.press("Space")
    expect(step_text(projector, 0)).to_be_visible(timeout=15_000)


def test_arrows_in_a_grid_cell_do_not_step(server: str, projector: Page) -> None:
    """On the explorer's editors the arrows move in the cells; no stepper is on screen
    there, and on the steps view a focused text field keeps its keys."""
    open_presenting(projector, server + "/backprop?view=steps&step=2&present=1")
    expect(step_text(projector, 2)).to_be_visible()
    projector.get_by_text("Edit W, x and b here").click()
    cell = projector.get_by_label("W[1,1]")
    expect(cell).to_be_visible(timeout=15_000)
    cell.focus()
    projector.keyboard.press("ArrowRight")
    projector.keyboard.press("PageDown")
    projector.wait_for_timeout(800)
    wait_ready(projector)
    expect(step_text(projector, 2)).to_be_visible()


def test_every_stepper_control_is_reachable_with_tab(server: str, projector: Page) -> None:
    open_presenting(projector, server + "/explorer?view=steps&step=2&present=1")
    seen = set()
    for _ in range(60):
        projector.keyboard.press("Tab")
        seen.add(projector.evaluate("(document.activeElement.getAttribute('aria-label') || '')"
                                    " + ' ' + (document.activeElement.innerText || '')").strip())
    for label in ("Previous", "Next", "Play", "Reset", "Step by step", "Expand sidebar"):
        assert any(label in s for s in seen), (label, seen)


def lesson_at(page: Page, lesson: int, step: int) -> None:
    expect(page.get_by_text(re.compile(rf"^Lesson {lesson} of \d+ · step {step} of \d+ ·"))
           ).to_be_visible(timeout=60_000)
    wait_ready(page)
    page.wait_for_selector('html[data-course-keys="on"]', state="attached")


def test_keyboard_steps_a_lesson_and_its_stepper_first(server: str, projector: Page) -> None:
    open_presenting(projector, server + "/learn?lesson=2&step=2&present=1")
    lesson_at(projector, 2, 2)
    projector.keyboard.press("Space")  # a step with nothing to answer: Space moves on
    lesson_at(projector, 2, 3)  # this step walks the explorer's stepper
    projector.wait_for_selector('html[data-stepper-keys="on"]', state="attached")
    shown = projector.get_by_text(re.compile(r"^Step \d+ of \d+$")).inner_text()
    k = int(shown.split()[1])  # the lesson opens the walk part-way (its walk=)
    press_and_see(projector, "ArrowRight", k + 1)  # the stepper takes the key first...
    lesson_at(projector, 2, 3)  # ...and the lesson stays
    press_and_see(projector, "ArrowLeft", k)
    projector.locator(".st-key-step_reset button").click()
    expect(step_text(projector, 0)).to_be_visible(timeout=15_000)
    wait_ready(projector)
    projector.keyboard.press("PageUp")  # at the walk's start: the key is the lesson's
    lesson_at(projector, 2, 2)
    projector.keyboard.press("PageDown")  # a clicker's key
    lesson_at(projector, 2, 3)
    assert_no_exception(projector)


def test_sidebar_closed_in_presenter_mode_and_toggle(server: str, projector: Page) -> None:
    projector.goto(server + "/explorer")
    wait_ready(projector, timeout_ms=90_000)
    sidebar = projector.locator("[data-testid='stSidebar']")
    expect(sidebar).to_have_attribute("data-collapsed", "false")  # 1280 px: open normally
    projector.get_by_text("Presenter mode").click()  # the toggle, in the sidebar
    projector.wait_for_selector('html[data-present="on"]', state="attached")
    expect(sidebar).to_have_attribute("data-collapsed", "true", timeout=10_000)
    assert "present=1" in projector.url
    assert projector.evaluate("getComputedStyle(document.documentElement).fontSize") == \
        f"{PRESENT_FONT_PX}px"
    # The teacher opens the sidebar again and turns the mode off.
    projector.locator("[data-testid='stExpandSidebarButton']").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    projector.get_by_text("Presenter mode").click()
    projector.wait_for_function("!document.documentElement.dataset.present")
    wait_ready(projector)
    assert "present=" not in projector.url
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    # On again (Streamlit now remembers the hand-opened sidebar): it still closes.
    projector.get_by_text("Presenter mode").click()
    expect(sidebar).to_have_attribute("data-collapsed", "true", timeout=10_000)


PROGRESS_FILL = "[data-testid='stProgressBarTrack'] > div"


def progress_transition(page: Page) -> str:
    return page.evaluate(f"getComputedStyle(document.querySelector(\"{PROGRESS_FILL}\"))"
                         ".transitionDuration")


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_reduced_motion_drops_transitions_and_play_still_steps(
        browser: Browser, server: str, motion: str) -> None:
    context = browser.new_context(viewport=PROJECTOR, reduced_motion=motion)
    page = context.new_page()
    try:
        open_presenting(page, server + "/explorer?view=steps&present=1")
        durations = progress_transition(page)
        if motion == "reduce":
            assert all(float(d.rstrip("s")) == 0 for d in durations.split(",")), durations
        else:  # Streamlit animates the bar: the check above can fail
            assert any(float(d.rstrip("s")) > 0 for d in durations.split(",")), durations
        page.locator(".st-key-step_play button").click()
        expect(step_text(page, 2)).to_be_visible(timeout=20_000)  # Play stepped on its own
        page.locator(".st-key-step_play button").click()  # Pause
        assert_no_exception(page)
    finally:
        context.close()


def test_screenshots_of_every_page_in_presenter_mode(browser: Browser, server: str) -> None:
    for size, (w, h) in SIZES.items():
        context = browser.new_context(viewport={"width": w, "height": h})
        page = context.new_page()
        try:
            for name, url in PAGES.items():
                open_presenting(page, server + url)
                assert_no_exception(page)
                screenshot(page, f"present_{name}_{size}")
        finally:
            context.close()


# The step-by-step views of /operations and /concepts (issue 14): the grids fold away in
# presenter mode and the figure sits beside its formula, so the controls, "Step k of N", the
# step's figure and its formula share the 1280 x 720 screen. (url, stepper prefix, whether it
# has a figure, whether step 0 shows a formula too: None, no formula at any step.)
STEPPER_VIEWS = {
    "operations_batchnorm": ("/operations?op=batchnorm&view=steps", "ops_bn", True,
                             False),
    "operations_dropout": ("/operations?op=dropout&view=steps", "ops_do", True,
                           False),
    "operations_penalty": ("/operations?op=penalty&view=path", "ops_pen", True,
                           None),  # no formula: its step's text (Markdown) is checked below
    "concepts_collapse": ("/concepts?topic=collapse", "concepts_collapse_step", False, True),
    "concepts_rnn": ("/concepts?topic=rnn", "concepts_rnn_step", True, True),
}
MIDDLE_STEP = {"operations_batchnorm": 3, "operations_dropout": 2, "operations_penalty": 10,
               "concepts_collapse": 3, "concepts_rnn": 4}


@pytest.mark.parametrize("middle", [False, True], ids=["step0", "middle"])
@pytest.mark.parametrize("name", list(STEPPER_VIEWS))
def test_operations_and_concepts_steppers_fit_one_screen(
        server: str, projector: Page, name: str, middle: bool) -> None:
    url, prefix, figure, formula_at_0 = STEPPER_VIEWS[name]
    step = MIDDLE_STEP[name] if middle else 0
    open_presenting(projector, server + f"{url}&step={step}&present=1")
    assert_no_exception(projector)
    expect(step_text(projector, step)).to_be_visible()
    assert projector.evaluate("window.scrollY") == 0
    parts = [projector.locator(f".st-key-{prefix}_prev button"),
             projector.locator(f".st-key-{prefix}_next button"), step_text(projector, step)]
    if figure:  # the step's figure: the only chart shown (the folded grids hold none)
        parts.append(projector.locator("[data-testid='stMain'] [data-testid='stPlotlyChart']")
                     .filter(visible=True).first)
    if formula_at_0 or (step and formula_at_0 is not None):
        # the step's formula: the first one shown (the folded box's formulas are hidden)
        parts.append(projector.locator("[data-testid='stMain'] .katex-display")
                     .filter(visible=True).first)
    if name == "operations_penalty":
        parts.append(projector.get_by_text(f"Step {step}:", exact=False).first)
    screenshot(projector, f"present_{name}_{step}")
    for part in parts:
        assert in_view(projector, part), part
