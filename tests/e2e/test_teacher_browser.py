"""Teacher links in real Chromium at 1280 x 720: a locked explorer link (the grid refuses
typing, the notice shows, the editable copy opens an editable page with the same numbers),
the "Make a class link" box's copy button, and screenshots of a locked page with hidden
controls on every page at three sizes (artifacts/screenshots/teacher_*.png)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from browser_helpers import SHOTS, assert_no_exception, screenshot, settle, wait_ready
from playwright.sync_api import Browser, Page, expect

WORKED = "W=4,2,1&x=3,5,6&b=3"
LOCKED = f"/explorer?{WORKED}&lock=1&hide=presets"
NOTICE = "This page is locked by your teacher"
SIZES = ((1280, 720), (1920, 1080), (390, 844))


@pytest.fixture
def small(browser: Browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720},
                                  permissions=["clipboard-read", "clipboard-write"])
    yield context
    context.close()


def result_table(page: Page):
    return page.locator('[data-testid="stTable"]').first


def cell(page: Page, label: str):
    return page.get_by_role("textbox", name=label, exact=True)


def test_a_locked_explorer_refuses_typing_and_offers_an_editable_copy(server: str,
                                                                       small) -> None:
    page = small.new_page()
    page.goto(server + LOCKED)
    wait_ready(page)
    expect(page.get_by_text(NOTICE)).to_be_visible()
    expect(result_table(page)).to_contain_text("31")
    w11 = cell(page, "W[1,1]")
    expect(w11).to_have_attribute("readonly", "")
    w11.click()  # focusable (a student can read it), but typing changes nothing
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    page.wait_for_timeout(800)
    expect(w11).to_have_value("4")
    expect(result_table(page)).to_contain_text("31")
    assert "lock=1" in page.url and "W=4,2,1" in unquote(page.url)
    assert page.get_by_role("button", name="Load preset").count() == 0  # hide=presets
    expect(page.get_by_label("Activation f")).to_be_disabled()  # a locked select box
    assert_no_exception(page)
    screenshot(page, "teacher_explorer_locked_1280x720_viewport")

    with small.expect_page() as new_tab:  # st.link_button opens the copy in a new tab
        page.get_by_role("link", name=re.compile("Open an editable copy")).click()
    copy = new_tab.value
    wait_ready(copy)
    assert "lock" not in copy.url and "hide" not in copy.url
    expect(result_table(copy)).to_contain_text("31")  # the same numbers
    assert copy.get_by_text(NOTICE).count() == 0
    expect(cell(copy, "W[1,1]")).not_to_have_attribute("readonly", "")
    cell(copy, "W[1,1]").fill("7")  # editable: 4 -> 7, z = 31 + 3*3 = 40
    cell(copy, "W[1,1]").press("Enter")
    expect(result_table(copy)).to_contain_text("40", timeout=10_000)
    assert_no_exception(copy)


def test_the_class_link_box_copies_a_link_that_opens_locked(server: str, small) -> None:
    page = small.new_page()
    page.goto(f"{server}/explorer?{WORKED}")
    wait_ready(page)
    page.get_by_text("Make a class link").click()
    wait_ready(page)
    page.get_by_text("Hide the Activation f menu").click()
    wait_ready(page)
    page.get_by_text("Lock the numbers (read-only").click()
    wait_ready(page)
    box = page.locator('[data-testid="stExpander"]').filter(has_text="Make a class link")
    code = box.locator('[data-testid="stCode"]')
    shown = code.inner_text().strip()
    assert "hide=activation" in shown and "lock=1" in shown and "W=4,2,1" in unquote(shown)
    code.hover()
    code.get_by_role("button").first.click()  # st.code's own copy button
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == shown
    screenshot(page, "teacher_class_link_box_1280x720")

    student = small.new_page()
    student.goto(copied.strip())
    wait_ready(student)
    expect(student.get_by_text(NOTICE)).to_be_visible()
    assert student.get_by_label("Activation f").count() == 0  # hidden
    expect(cell(student, "W[1,1]")).to_have_attribute("readonly", "")
    query = dict(parse_qsl(urlsplit(student.url).query))
    assert query["lock"] == "1" and query["hide"] == "activation"
    assert_no_exception(student)


# Each page locked, with a few of its controls hidden, as a teacher would send it.
CLASS_LINKS = {
    "explorer": f"/explorer?{WORKED}&view=steps&step=2&lock=1&hide=presets,reset,share",
    "backprop": f"/backprop?{WORKED}&lock=1&hide=second_layer,reset,quiz",
    "train": "/train?data=xor&lock=1&hide=upload,export,regularization",
    "operations": "/operations?op=dropout&lock=1&hide=reset,share",
    "concepts": "/concepts?topic=collapse&lock=1&hide=reset,settings",
    "learn": "/learn?lesson=1&step=2&lock=1&hide=notes",
}


@pytest.mark.parametrize("name", list(CLASS_LINKS))
def test_locked_pages_at_three_sizes(server: str, browser: Browser, name: str) -> None:
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            page.goto(server + CLASS_LINKS[name])
            settle(page)
            expect(page.get_by_text(NOTICE)).to_be_visible()
            assert page.get_by_text("hides controls this page does not have").count() == 0
            assert_no_exception(page)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"teacher_{name}_{width}x{height}.png"))
        finally:
            context.close()
