"""/concepts in real Chromium: every topic by a link (on a shared fresh server), stepped where
it has steps, a grid edit and a refused cell; screenshots of each topic at three sizes."""

from __future__ import annotations

import pytest
from browser_helpers import (
    assert_no_exception,
    free_port,
    screenshot,
    start_server,
    wait_ready,
)
from playwright.sync_api import Browser, Page, expect

# The machine is shared: give the page time to draw before an assertion gives up.
expect.set_options(timeout=30_000)

SIZES = ((1280, 720), (1920, 1080), (390, 844))
TOPICS = ("misconceptions", "collapse", "xor", "cnn", "rnn", "transformer", "notation")
# What each topic must show when opened by its link (text computed by the core).
EXPECTED = {
    "misconceptions": "Linear layers are only used in fully connected networks",
    "collapse": "two linear layers are one linear layer",
    "xor": "Points classified correctly",
    "cnn": "A 1 × 1 convolution is the same Linear at every pixel",
    "rnn": "Press Next",
    "transformer": "One token through one layer, every product",
    "notation": "Same numbers all three ways",
}


def open_topic(page: Page, server: str, query: str) -> None:
    page.goto(f"{server}/concepts?{query}")
    wait_ready(page)
    title = "Concepts: the activation, and linear layers everywhere"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    assert page.get_by_text("Page not found").count() == 0


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_opens_by_link_with_screenshots(server: str, browser: Browser,
                                                   topic: str) -> None:
    for w, h in SIZES:
        context = browser.new_context(viewport={"width": w, "height": h})
        page = context.new_page()
        page.set_default_timeout(60_000)  # a loaded machine: fonts and charts come late
        try:
            open_topic(page, server, f"topic={topic}")
            expect(page.get_by_text(EXPECTED[topic]).first).to_be_visible(timeout=45_000)
            assert_no_exception(page)
            if w < 600:  # on a phone the sidebar opens over the page: close it to see ours
                close = page.locator('[data-testid="stSidebarCollapseButton"] button')
                if close.count():
                    close.first.click()
            page.wait_for_timeout(400)  # plotly draws after the script run ends
            screenshot(page, f"concepts_{topic}_{w}x{h}")
        finally:
            context.close()


def next_button(page: Page):
    return page.get_by_role("button", name="Next")


def test_collapse_steps_to_a_linked_position_and_onwards(server: str, page: Page) -> None:
    open_topic(page, server, "topic=collapse&step=2")
    expect(page.get_by_text("Step 2 of 14")).to_be_visible()
    next_button(page).click()
    expect(page.get_by_text("Step 3 of 14")).to_be_visible()
    page.wait_for_url(lambda url: "step=3" in url, timeout=5_000)
    assert_no_exception(page)
    screenshot(page, "concepts_collapse_step3")


def test_collapse_activation_breaks_the_equality(server: str, page: Page) -> None:
    open_topic(page, server, "topic=collapse&act=relu")
    expect(page.get_by_text("Not equal")).to_be_visible()
    page.get_by_text("Linear (none)", exact=True).click()
    expect(page.get_by_text("two linear layers are one linear layer")).to_be_visible()
    assert_no_exception(page)


def test_rnn_steps_through_the_unroll(server: str, page: Page) -> None:
    open_topic(page, server, "topic=rnn")
    expect(page.get_by_text("Step 0 of 9")).to_be_visible()
    for k in range(1, 4):
        next_button(page).click()
        expect(page.get_by_text(f"Step {k} of 9")).to_be_visible()
    expect(page.get_by_text("h_t = tanh(sum)")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "concepts_rnn_step3")
    page.get_by_role("button", name="Play").click()  # the timer walks on to the end
    expect(page.get_by_text("Step 9 of 9")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("button", name="Play")).to_be_visible()  # stopped by itself
    page.wait_for_url(lambda url: "step=9" in url, timeout=10_000)
    assert_no_exception(page)


def test_xor_grid_edit_and_a_refused_cell(server: str, page: Page) -> None:
    open_topic(page, server, "topic=xor")
    expect(page.get_by_text("3 of 4")).to_be_visible()
    cell = page.get_by_role("textbox", name="bias[1]", exact=True)
    cell.fill("abc")
    cell.press("Enter")
    expect(page.get_by_text("'abc' is not a number")).to_be_visible(timeout=10_000)
    expect(cell).to_have_value("-0.5")
    cell.fill("-1.5")  # the AND line: 1 of 4
    cell.press("Enter")
    page.wait_for_url(lambda url: "bias=-1.5" in url, timeout=10_000)
    expect(page.get_by_text("1 of 4")).to_be_visible()
    expect(page.get_by_text("'abc' is not a number")).to_have_count(0)
    assert_no_exception(page)


def test_xor_opens_train_on_xor_without_hidden_layers(server: str, page: Page) -> None:
    open_topic(page, server, "topic=xor")
    page.get_by_role("link", name="Open /train on xor with 0 hidden layers").click()
    page.wait_for_url(lambda url: "/train" in url and "data=xor" in url, timeout=15_000)
    wait_ready(page)
    assert "hidden=none" in page.url
    assert_no_exception(page)


def test_first_request_deep_link_on_a_fresh_server_opens_the_topic(page: Page) -> None:
    proc = start_server(port := free_port())  # its own server: this is its very first request
    try:
        open_topic(page, f"http://127.0.0.1:{port}", "topic=rnn&step=2")
        expect(page.get_by_text("Step 2 of 9")).to_be_visible()
        assert_no_exception(page)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_misconception_opens_its_demo(server: str, page: Page) -> None:
    open_topic(page, server, "topic=misconceptions")
    page.get_by_role("link", name="Show me: One neuron gets at most 3 of 4 XOR points").click()
    expect(page.get_by_text("Points classified correctly")).to_be_visible(timeout=15_000)
    page.wait_for_url(lambda url: "topic=xor" in url, timeout=10_000)
    assert_no_exception(page)

