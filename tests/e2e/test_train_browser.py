"""The training playground in real Chromium: Train makes the Epoch metric rise and the charts
redraw (in place), Pause stops it; screenshots while training for several kinds of data."""

from __future__ import annotations

import hashlib
import re
import time

from browser_helpers import (
    SHOTS,
    TRAIN_CHARTS,
    assert_no_exception,
    screenshot,
    set_sidebar,
    wait_ready,
)
from playwright.sync_api import Page, expect

TALL = {"width": 1400, "height": 1750}  # the whole page in one screenshot
WATCH_EPOCH = """() => { window.__epochs = []; let last = null;
  const read = () => {
    const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
      .find(el => el.innerText.startsWith('Epoch'));
    const v = m && m.querySelector('[data-testid="stMetricValue"]').innerText;
    if (v && v !== last) { last = v; window.__epochs.push(v); } };
  new MutationObserver(read).observe(document.body,
    {subtree: true, childList: true, characterData: true});
  read(); }"""
CANVASES = """() => [...document.querySelectorAll('[data-testid="stEChartsChart"] canvas')]
  .map(c => c.toDataURL())"""


def epochs_seen(page: Page) -> list[int]:
    return [int(v.replace(",", "")) for v in page.evaluate("window.__epochs")]


def chart_pixels(page: Page) -> list[str]:
    return [hashlib.sha1(d.encode()).hexdigest() for d in page.evaluate(CANVASES)]


def epoch_value(page: Page):
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Epoch")
    return metric.locator('[data-testid="stMetricValue"]')


def epoch_now(page: Page) -> int:
    return int(epoch_value(page).inner_text().replace(",", ""))


def open_train(page: Page, server: str, query: str = "") -> None:
    page.set_viewport_size(TALL)
    page.goto(f"{server}/train{query}")
    wait_ready(page)
    expect(page.locator('[data-testid="stEChartsChart"]')).to_have_count(TRAIN_CHARTS,
                                                                    timeout=30_000)
    assert_no_exception(page)


def test_train_updates_live_and_pause_stops(page: Page, server: str) -> None:
    open_train(page, server, "?speed=fast")
    assert epoch_now(page) == 0
    page.evaluate(WATCH_EPOCH)
    before = chart_pixels(page)
    page.get_by_role("button", name=re.compile("^Train$")).click()
    pause = page.get_by_role("button", name=re.compile("^Pause$"))
    expect(pause).to_be_visible(timeout=30_000)
    # Wait for the updates rather than a fixed time: the machine may be shared and slow.
    page.wait_for_function("window.__epochs.length >= 6 && "
                           "+window.__epochs.at(-1).replace(/,/g, '') > 30", timeout=90_000)
    seen = epochs_seen(page)
    assert len(seen) >= 6, seen  # the Epoch metric changed on many ticks
    assert seen == sorted(seen) and seen[-1] > 30
    during = chart_pixels(page)
    assert sum(a != b for a, b in zip(before, during, strict=True)) >= 3  # charts redrew
    screenshot(page, "train_running")
    # The charts update in place: no chart element was replaced while training.
    expect(page.locator('[data-testid="stEChartsChart"]')).to_have_count(TRAIN_CHARTS)

    pause.click()
    expect(page.get_by_role("button", name=re.compile("^Train$"))).to_be_visible(timeout=30_000)
    wait_ready(page)
    stopped = epoch_now(page)
    time.sleep(1.5)
    assert epoch_now(page) == stopped  # Pause stops training at once
    assert "paused" in page.locator("body").inner_text()
    assert_no_exception(page)
    screenshot(page, "train_paused")


def test_step_buttons_in_the_browser(page: Page, server: str) -> None:
    open_train(page, server, "?data=xor&seed=2")
    page.get_by_role("button", name=re.compile("Step epoch")).click()
    expect(epoch_value(page)).to_have_text("1", timeout=30_000)
    page.get_by_role("button", name=re.compile("^Reset$")).click()
    expect(epoch_value(page)).to_have_text("0", timeout=30_000)
    assert_no_exception(page)


SIZES = ((1280, 720), (1920, 1080), (390, 844))  # projector, large screen, phone


def test_screenshots_at_three_screen_sizes(page: Page, server: str) -> None:
    """What a projector, a large screen and a phone show of /train while it trains (the
    viewport as the learner sees it, and the whole page)."""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{server}/train?seed=1")
        wait_ready(page)
        expect(page.locator('[data-testid="stEChartsChart"]')).to_have_count(TRAIN_CHARTS,
                                                                    timeout=30_000)
        if width < 640:  # an open sidebar covers a phone's screen: make sure it is closed
            set_sidebar(page, False)
        train_briefly(page, 20)  # the boundary is forming at 20 epochs
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"train_{width}x{height}.png"))
        screenshot(page, f"train_{width}x{height}_full")
        assert_no_exception(page)
        page.get_by_role("button", name=re.compile("^Pause$")).click()
        wait_ready(page)


def train_briefly(page: Page, epochs: int = 10) -> None:
    """Train until the Epoch metric shows `epochs` (however long a busy machine takes)."""
    page.get_by_role("button", name=re.compile("^Train$")).click()
    page.wait_for_function(
        """(n) => { const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
          .find(el => el.innerText.startsWith('Epoch'));
          const v = m && m.querySelector('[data-testid="stMetricValue"]');
          return v && +v.innerText.replace(/,/g, '') >= n; }""", arg=epochs, timeout=90_000)
    assert epoch_now(page) >= epochs


def test_screenshots_while_training_multiclass_regression_and_spiral(page: Page,
                                                                     server: str) -> None:
    open_train(page, server, "?data=blobs&classes=4&noise=20&hidden=6,4&act=relu&test=1")
    train_briefly(page)
    screenshot(page, "train_multiclass")
    assert_no_exception(page)

    open_train(page, server, "?data=gaussian-mix&hidden=8,8&lr=0.03&test=1")
    train_briefly(page)
    screenshot(page, "train_regression")
    assert_no_exception(page)

    open_train(page, server, "?data=spiral&feat=x1,x2,sinx1,sinx2&hidden=8,8,6&opt=adam&lr=0.01")
    train_briefly(page)
    screenshot(page, "train_spiral")
    assert_no_exception(page)
