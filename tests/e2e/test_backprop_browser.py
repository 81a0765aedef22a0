"""/backprop in real Chromium: open a shared link, step through the backward pass with Next,
check the numbers shown, and take screenshots of every view (artifacts/screenshots/)."""

from __future__ import annotations

import re

from browser_helpers import assert_no_exception, wait_ready
from browser_helpers import screenshot as save_screenshot
from playwright.sync_api import Page, expect

SHARED = "/backprop?W=4,2,1;-1,0.5,2&x=3,5,6&b=3,-1&act=linear&loss=mse&t=30,12&lr=0.01"


def screenshot(page: Page, name: str) -> None:
    """Save a screenshot once the run is over and the charts and formulas are drawn."""
    wait_ready(page)
    page.locator(".js-plotly-plot").first.wait_for(state="visible")
    page.wait_for_timeout(700)
    save_screenshot(page, name)


def open_link(page: Page, server: str, link: str, height: int = 2000) -> None:
    page.set_viewport_size({"width": 1400, "height": height})
    page.goto(server + link)
    wait_ready(page)
    assert page.get_by_text("Page not found").count() == 0


def pick_view(page: Page, name: str) -> None:
    page.get_by_role("radio", name=name).click()
    wait_ready(page)
    page.wait_for_timeout(400)  # let plotly and KaTeX finish drawing before a screenshot


def next_step(page: Page, k: int, total: int) -> None:
    page.get_by_role("button", name=re.compile("Next")).click()
    expect(page.get_by_text(f"Step {k} of {total}")).to_be_visible(timeout=10_000)


def test_shared_link_step_through_the_backward_pass(server: str, page: Page) -> None:
    open_link(page, server, SHARED)
    expect(page.get_by_text("Step 0 of 15")).to_be_visible()
    screenshot(page, "backprop_link_start")
    for k in range(1, 7):
        next_step(page, k, 15)
    # Steps 1-4 are dL/da and delta; step 6 is dL/dW[1,2] = delta_1 * x_2 = 1 * 5 = 5,
    # shown beside its finite-difference estimate.
    expect(page.get_by_text("backprop gives 5, finite differences give 5")).to_be_visible()
    expect(page.locator(".katex").last).to_contain_text("=1⋅5=5")
    assert_no_exception(page)
    screenshot(page, "backprop_step_dW12")
    for k in range(7, 15):
        next_step(page, k, 15)
    # Step 14 is dL/dx[2] = W12 delta_1 + W22 delta_2 = 2 - 0.75 = 1.25.
    expect(page.get_by_text("backprop gives 1.25")).to_be_visible()
    screenshot(page, "backprop_step_dx2")
    assert "t=30,12" in page.url.replace("%2C", ",")  # the link stays in the address bar
    # Play advances on its own (the fragment's run_every), Pause stops it.
    main = page.get_by_test_id("stMainBlockContainer")  # not the sidebar's Reset everything
    main.get_by_role("button", name=re.compile("Reset")).click()
    expect(page.get_by_text("Step 0 of 15")).to_be_visible(timeout=10_000)
    page.get_by_role("button", name=re.compile("Play")).click()
    expect(page.get_by_text("Step 2 of 15")).to_be_visible(timeout=10_000)
    page.get_by_role("button", name=re.compile("Pause")).click()
    expect(page.get_by_role("button", name=re.compile("Play"))).to_be_visible(timeout=10_000)
    assert_no_exception(page)


def test_gradient_check_and_descent_views(server: str, page: Page) -> None:
    # Streamlit scrolls inside the app, so a tall window is what shows the whole page.
    open_link(page, server, SHARED.replace("lr=0.01", "lr=0.05"), height=2700)
    pick_view(page, "Gradient check")
    expect(page.get_by_text("All 11 gradients agree with finite differences")).to_be_visible()
    screenshot(page, "backprop_gradient_check")
    pick_view(page, "Gradient descent")
    page.get_by_role("button", name=re.compile("Take N steps")).click()
    wait_ready(page)
    expect(page.get_by_text("Diverging.")).to_be_visible()
    expect(page.get_by_text("went up from 1.625 to 10.5665625")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "backprop_descent_diverging")
    pick_view(page, "Check yourself")
    page.get_by_label("Your value for ∂L/∂W[1,1]").fill("3")
    page.get_by_role("button", name=re.compile("Check my answer")).click()
    verdict = page.get_by_text("Correct: 3 agrees exactly with ∂L/∂W[1,1] = 3.")
    expect(verdict).to_be_visible(timeout=10_000)
    screenshot(page, "backprop_quiz")


def test_two_layers_and_cross_entropy(server: str, page: Page) -> None:
    open_link(page, server, "/backprop?W=4,2,1;-1,0.5,2&x=3,5,6&b=3,-1&act=relu"
                            "&W2=0.1,-0.2;-0.1,0.1&b2=0,1&loss=ce&t=2&lr=0.01")
    expect(page.get_by_text("Step 0 of 25")).to_be_visible()
    pick_view(page, "Two layers")
    expect(page.get_by_text("The hand-over, output by output of layer 1")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "backprop_two_layers")
    pick_view(page, "Backward step by step")
    for k in range(1, 4):
        next_step(page, k, 25)
    screenshot(page, "backprop_two_layers_step3")


def test_a_malformed_link_warns_and_still_works(server: str, page: Page) -> None:
    open_link(page, server, "/backprop?W=1,oops&loss=hinge&lr=-3")
    expect(page.get_by_text(re.compile("could not be read completely"))).to_be_visible()
    for name in ("`W`", "`loss`", "`lr`"):
        assert name.strip("`") in page.locator('[data-testid="stAlert"]').first.inner_text()
    expect(page.get_by_text("Step 0 of 15")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "backprop_bad_link")


def test_editing_a_weight_in_the_grid_updates_the_loss(server: str, page: Page) -> None:
    open_link(page, server, SHARED, height=1200)
    # a = z = [31, 10.5], t = [30, 12]: L = (1 + 2.25) / 2 = 1.625
    expect(page.get_by_text("Forward pass, loss and gradients: L = 1.625")).to_be_visible()
    page.get_by_text("Edit W, x and b here").click()
    cell = page.get_by_role("textbox", name="W[1,1]", exact=True)
    cell.fill("3")  # z1 = 31 - 3 = 28: L = (4 + 2.25) / 2 = 3.125
    cell.press("Enter")
    title = page.get_by_text("Forward pass, loss and gradients: L = 3.125")
    expect(title).to_be_visible(timeout=10_000)
    page.wait_for_url(lambda url: "W=3,2,1" in url.replace("%2C", ","), timeout=5_000)
    assert_no_exception(page)
