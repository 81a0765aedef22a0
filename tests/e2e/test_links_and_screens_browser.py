"""/explorer and /backprop in real Chromium: links open the view and the step they name and the
address bar follows the walk (the stepper is a fragment); the quizzes answer; screenshots of
both pages' views at 1280x720, 1920x1080 and 390x844 (artifacts/screenshots/)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_helpers import assert_no_exception, wait_ready
from browser_helpers import screenshot as save_screenshot
from playwright.sync_api import Page, expect

SIZES = ((1280, 720), (1920, 1080), (390, 844))
MAZUR = ("/backprop?W=0.15,0.2;0.25,0.3&x=0.05,0.1&b=0.35,0.35&act=sigmoid"
         "&W2=0.4,0.45;0.5,0.55&b2=0.6,0.6&act2=sigmoid&loss=mse&t=0.01,0.99&lr=0.5")


def params(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def open_link(page: Page, server: str, link: str, size=(1280, 720)) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(server + link)
    wait_ready(page)
    page.wait_for_timeout(500)
    assert page.get_by_text("Page not found").count() == 0
    assert_no_exception(page)


def test_a_backprop_link_opens_its_step_and_the_address_bar_follows(server: str,
                                                                      page: Page) -> None:
    open_link(page, server, "/backprop?view=steps&step=5")
    expect(page.get_by_text("Step 5 of 15")).to_be_visible()
    page.get_by_role("button", name=re.compile("Next")).click()
    expect(page.get_by_text("Step 6 of 15")).to_be_visible(timeout=10_000)
    wait_ready(page)
    page.wait_for_timeout(500)
    assert params(page)["step"] == "6" and params(page)["view"] == "steps"
    page.reload()
    wait_ready(page)
    expect(page.get_by_text("Step 6 of 15")).to_be_visible(timeout=10_000)


def test_an_explorer_link_opens_the_quiz_for_a(server: str, page: Page) -> None:
    open_link(page, server, "/explorer?W=0.5,-0.25&x=1,2&b=1&act=tanh&view=quiz")
    page.get_by_text("a = f(z) (after the activation)").click()
    wait_ready(page)
    box = page.get_by_label("Your value for a1")
    box.fill("0.7616")
    box.press("Enter")
    wait_ready(page)
    page.get_by_role("button", name=re.compile("Check my answer")).click()
    wait_ready(page)
    expect(page.get_by_text(re.compile("Correct: 0.7616 agrees to"))).to_be_visible()
    assert params(page)["view"] == "quiz"


def test_navigating_between_the_pages_opens_the_other_page_fresh(server: str,
                                                                  page: Page) -> None:
    open_link(page, server, "/backprop?view=check")
    page.locator('[data-testid="stSidebar"] a[href*="explorer"]').first.click()
    wait_ready(page)
    page.wait_for_timeout(800)
    assert params(page).get("view") == "compute"  # not the backprop page's view
    assert page.locator('[data-testid="stAlert"]').count() == 0


VIEWS = [
    ("explorer", "compute", "/explorer?view=compute"),
    ("explorer", "steps", "/explorer?view=steps&step=6"),
    ("explorer", "quiz", "/explorer?view=quiz"),
    ("backprop", "steps", "/backprop?view=steps&step=7"),
    ("backprop", "check", "/backprop?view=check"),
    ("backprop", "act2", MAZUR + "&view=steps&step=3"),
    ("backprop", "quiz", "/backprop?view=quiz"),
]


@pytest.mark.parametrize(("page_name", "view", "link"), VIEWS)
def test_screenshots_of_both_pages(server: str, page: Page, page_name: str, view: str,
                                   link: str) -> None:
    for width, height in SIZES:
        open_link(page, server, link, (width, height))
        page.wait_for_timeout(700)  # plotly and KaTeX finish drawing
        save_screenshot(page, f"{page_name}_{view}_link_{width}x{height}")
        assert_no_exception(page)
