"""Two replicas behind HAProxy on loopback, driven by Chromium: sticky sessions on different
replicas, a CSV upload through the balancer (refused when the stickiness cookie is wrong), and
a replica stopped mid-class: its learner reconnects to the other replica and gets a working
page with a notice, while the other replica's learner keeps training undisturbed."""

from __future__ import annotations

import re
import time
from pathlib import Path

from browser_helpers import SHOTS, assert_no_exception, wait_ready
from playwright.sync_api import Browser, BrowserContext, Page, expect

from deploy.classroom import AFFINITY_COOKIE, Classroom
from ui.replica import MOVED_NOTICE

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "sample.csv"
WAIT_MS = 30_000  # for what follows a script run (several servers share this machine)
SERVER_CAPTION = re.compile(r"Class server: (r\d+)")
# Every Epoch value and every connection state the page goes through, as they happen.
WATCH = """() => { window.__epochs = []; window.__states = []; let last = null, lastState = null;
  const read = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-connection-state');
    if (state && state !== lastState) { lastState = state; window.__states.push(state); }
    const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
      .find(el => el.innerText.startsWith('Epoch'));
    const v = m && m.querySelector('[data-testid="stMetricValue"]').innerText;
    if (v && v !== last) { last = v; window.__epochs.push(v); } };
  new MutationObserver(read).observe(document.body, {subtree: true, childList: true,
    characterData: true, attributes: true, attributeFilter: ['data-test-connection-state']});
  read(); }"""


def open_learner(browser: Browser, url: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{url}/train")
    wait_ready(page, 60_000)
    assert_no_exception(page)
    return context, page


def served_by(page: Page) -> str:
    """The replica the page's session lives on, as the app itself says in the sidebar."""
    caption = page.locator('[data-testid="stSidebar"]').get_by_text(SERVER_CAPTION)
    expect(caption).to_be_visible(timeout=WAIT_MS)
    return SERVER_CAPTION.search(caption.inner_text()).group(1)


def affinity_cookie(context: BrowserContext) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == AFFINITY_COOKIE)


def epoch_now(page: Page) -> int:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Epoch")
    return int(metric.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def epochs_seen(page: Page) -> list[int]:
    return [int(v.replace(",", "")) for v in page.evaluate("window.__epochs")]


def wait_epoch_above(page: Page, value: int, timeout_s: float = 30.0) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        now = epoch_now(page)
        if now > value:
            return now
        time.sleep(0.3)
    raise AssertionError(f"the epoch stayed at {value} for {timeout_s:.0f} s")


def upload(page: Page, path: Path) -> None:
    page.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(str(path))


def train(page: Page) -> None:
    page.get_by_role("button", name=re.compile("^Train$")).click()
    expect(page.get_by_role("button", name=re.compile("^Pause$"))).to_be_visible(
        timeout=WAIT_MS)


def test_sticky_sessions_upload_and_failover(classroom: Classroom, chromium: Browser) -> None:
    ctx_a, a = open_learner(chromium, classroom.url)
    ctx_b, b = open_learner(chromium, classroom.url)
    on_a, on_b = served_by(a), served_by(b)
    assert {on_a, on_b} == {"r1", "r2"}  # leastconn: the second learner went to the other one
    assert affinity_cookie(ctx_a) == on_a and affinity_cookie(ctx_b) == on_b

    # An upload is a separate HTTP request naming the session: it works through the balancer
    # because the cookie sends it to the replica holding that session...
    upload(a, SAMPLE)
    expect(a.locator('[data-testid="stSidebar"]').get_by_text("Training on")).to_be_visible(
        timeout=WAIT_MS)
    # ...and fails when the cookie points at the other replica (no stickiness).
    ctx_b.add_cookies([{"name": AFFINITY_COOKIE, "value": on_a, "url": classroom.url}])
    upload(b, SAMPLE)
    expect(b.locator('[data-testid="stFileChip"][aria-invalid="true"]')).to_have_count(
        1, timeout=WAIT_MS)
    expect(b.locator('[data-testid="stFileUploader"]')).to_contain_text("status code 400")
    expect(b.locator('[data-testid="stSidebar"]').get_by_text("Training on")).to_have_count(0)
    ctx_b.add_cookies([{"name": AFFINITY_COOKIE, "value": on_b, "url": classroom.url}])

    train(a)
    train(b)
    wait_epoch_above(a, 0)
    wait_epoch_above(b, 0)
    b_before = epoch_now(b)
    b.evaluate(WATCH)

    classroom.stop_replica(on_a)
    # A's browser reconnects by itself, through the balancer, to the live replica: a fresh
    # session there, which says what happened and trains again on request.
    expect(a.get_by_text(MOVED_NOTICE)).to_be_visible(timeout=60_000)
    wait_ready(a, 60_000)
    assert served_by(a) == on_b
    assert affinity_cookie(ctx_a) == on_b  # the balancer re-pinned the browser
    assert_no_exception(a)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 720), (1920, 1080), (390, 844)):
        a.set_viewport_size({"width": width, "height": height})
        expect(a.get_by_text(MOVED_NOTICE)).to_be_visible(timeout=WAIT_MS)
        a.screenshot(path=str(SHOTS / f"classroom_moved_{width}x{height}.png"))
    a.set_viewport_size({"width": 1280, "height": 720})
    train(a)
    wait_epoch_above(a, 0)
    a.get_by_role("button", name="Dismiss").click()
    expect(a.get_by_text(MOVED_NOTICE)).to_have_count(0, timeout=WAIT_MS)

    # B trained on throughout: never disconnected, its epoch never went back, no notice.
    b_after = wait_epoch_above(b, epoch_now(b))
    seen = epochs_seen(b)
    assert seen == sorted(seen) and seen[0] >= b_before and b_after > b_before
    assert b.evaluate("window.__states") == ["CONNECTED"]
    assert b.get_by_text(MOVED_NOTICE).count() == 0
    assert served_by(b) == on_b
    assert_no_exception(b)
    ctx_a.close()
    ctx_b.close()
