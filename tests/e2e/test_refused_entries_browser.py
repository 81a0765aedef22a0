"""What only the browser does to a number box (issue 10, "silent value changes"), in Chromium.

An emptied box, or one holding text, `nan` or `--1`, used to set the weight to the widget's
minimum (-1,000,000: z1 = -4999979) without a word; an integer box turned `1e7` into 1 and
`2.9` into 2, and `1,5` arrives as 15 (the browser drops the comma). Now each is refused with
a message where it was typed, the last good value kept and shown again."""

from __future__ import annotations

import pytest
from browser_helpers import assert_no_exception, screenshot, set_sidebar, wait_ready
from playwright.sync_api import Browser, Page, expect

WORKED = "/explorer?W=4,2,1&x=3,5,6&b=3"  # z = 31
SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080), "390x844": (390, 844)}


def result_table(page: Page):
    return page.locator('[data-testid="stTable"]').first


def type_into(page: Page, name: str, text: str) -> None:
    box = page.get_by_role("spinbutton", name=name, exact=True)
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    if text:
        box.press_sequentially(text)
    box.press("Enter")
    wait_ready(page)


def errors(page: Page):
    return page.locator('[data-testid="stAlertContentError"]')


@pytest.mark.parametrize("text", ["", "abc", "nan", "--1"])
def test_an_emptied_or_unreadable_weight_box_keeps_the_weight(server: str, page: Page,
                                                              text: str) -> None:
    page.goto(server + WORKED)
    wait_ready(page)
    page.get_by_text("Plain number inputs").click()
    wait_ready(page)
    type_into(page, "W[1,1]", text)
    expect(errors(page).filter(has_text="W[1, 1] is empty or not a number")).to_be_visible()
    expect(page.get_by_role("spinbutton", name="W[1,1]", exact=True)).to_have_value("4")
    expect(result_table(page)).to_contain_text("31")
    assert "4999979" not in page.inner_text("body")
    type_into(page, "W[1,1]", "5")  # a good value applies and clears the message
    expect(result_table(page)).to_contain_text("34", timeout=10_000)
    expect(errors(page)).to_have_count(0)
    assert_no_exception(page)


@pytest.mark.parametrize(("text", "shown"), [("1e7", "not 1e+07"), ("2.9", "not 2.9"),
                                             ("1,5", "not 15"), ("", "is empty")])
def test_a_bad_size_is_refused_and_the_layer_kept(server: str, page: Page, text: str,
                                                  shown: str) -> None:
    page.goto(server + WORKED)
    wait_ready(page)
    type_into(page, "Inputs m", text)
    expect(errors(page).filter(has_text=shown)).to_be_visible()
    expect(errors(page).first).to_contain_text("Kept the layer as it is (1 output × 3 inputs)")
    expect(page.get_by_role("spinbutton", name="Inputs m", exact=True)).to_have_value("3")
    expect(result_table(page)).to_contain_text("31")
    assert_no_exception(page)


def test_refusal_messages_look_right_at_three_sizes(server: str, browser: Browser) -> None:
    for name, (w, h) in SIZES.items():
        context = browser.new_context(viewport={"width": w, "height": h})
        page = context.new_page()
        page.goto(server + WORKED)
        wait_ready(page)
        set_sidebar(page, True)  # on a phone the sidebar starts closed
        type_into(page, "Inputs m", "2.9")
        if w < 500:  # the open sidebar covers a phone's page: show the message
            errors(page).first.scroll_into_view_if_needed()
        screenshot(page, f"refused_size_explorer_{name}")
        if w < 500:  # close the sidebar to reach the page
            set_sidebar(page, False)
            wait_ready(page)
        page.get_by_text("Plain number inputs").click()
        wait_ready(page)
        type_into(page, "W[1,1]", "abc")
        errors(page).last.scroll_into_view_if_needed()
        screenshot(page, f"refused_weight_explorer_{name}")
        context.close()


@pytest.mark.parametrize(("name", "text", "shown", "kept"), [
    ("Layer 1 neurons", "2.9", "not 2.9", "4"),
    ("Layer 1 neurons", "1e7", "not 10,000,000", "4"),
    ("Seed (initial weights, shuffling, dropout)", "", "is empty", "0"),
])
def test_train_whole_number_boxes_refuse_and_keep(server: str, page: Page, name: str,
                                                  text: str, shown: str, kept: str) -> None:
    page.goto(server + "/train")
    wait_ready(page)
    type_into(page, name, text)
    expect(errors(page).filter(has_text=shown)).to_be_visible()
    expect(page.get_by_role("spinbutton", name=name, exact=True)).to_have_value(kept)
    assert_no_exception(page)


def test_train_seed_takes_exponent_notation(server: str, page: Page) -> None:
    page.goto(server + "/train")
    wait_ready(page)
    type_into(page, "Seed (initial weights, shuffling, dropout)", "1e7")
    expect(page.get_by_role("spinbutton", name="Seed (initial weights, shuffling, dropout)",
                            exact=True)).to_have_value("10000000")
    expect(errors(page)).to_have_count(0)
