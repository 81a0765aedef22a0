"""Watchable training in real Chromium: the Epoch metric never blanks between two values (read
on every animation frame while training), and the slow default pace is really slow."""

from __future__ import annotations

import re
import time

from browser_helpers import TRAIN_CHARTS, assert_no_exception, wait_ready
from playwright.sync_api import Page, expect

EPOCH_AT_LEAST = """(n) => {
  const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
  .find(el => el.innerText.startsWith('Epoch'));
  const v = m && m.querySelector('[data-testid="stMetricValue"]');
  return v && +v.innerText.replace(/,/g, '') >= n; }"""
SAMPLE_FRAMES = """() => { window.__frames = {total: 0, blank: [], values: new Set()};
  const read = () => {
    const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
      .find(el => el.innerText.startsWith('Epoch'));
    const v = m && m.querySelector('[data-testid="stMetricValue"]');
    const box = v && v.getBoundingClientRect();
    const text = v ? v.innerText.trim() : '';
    return (box && box.height > 0 && box.width > 0) ? text : ''; };
  const tick = () => { const f = window.__frames; f.total += 1;
    const text = read();
    if (!text) f.blank.push(f.total); else f.values.add(text);
    if (window.__sampling) requestAnimationFrame(tick); };
  window.__sampling = true; requestAnimationFrame(tick); }"""
FRAMES = """() => { window.__sampling = false; const f = window.__frames;
  return {total: f.total, blank: f.blank, values: [...f.values]}; }"""


def _open(page: Page, server: str, query: str) -> None:
    page.goto(f"{server}/train{query}")
    wait_ready(page)
    expect(page.locator('[data-testid="stEChartsChart"]')).to_have_count(TRAIN_CHARTS,
                                                                    timeout=30_000)


def test_the_epoch_metric_never_blanks_while_training(page: Page, server: str) -> None:
    _open(page, server, "?speed=fast")
    page.evaluate(SAMPLE_FRAMES)
    page.get_by_role("button", name=re.compile("^Train$")).click()
    # Until the metric has shown 8 values (however long a busy machine takes).
    page.wait_for_function("window.__frames.values.size >= 8", timeout=90_000)
    frames = page.evaluate(FRAMES)
    page.get_by_role("button", name=re.compile("^Pause$")).click()
    assert frames["total"] > 20  # the sampler really ran on many frames
    assert len(frames["values"]) >= 8  # ... while the Epoch metric changed
    assert frames["blank"] == [], f"blank in {len(frames['blank'])} of {frames['total']} frames"
    assert_no_exception(page)


def test_slow_is_the_default_pace(page: Page, server: str) -> None:
    _open(page, server, "")
    start = time.perf_counter()
    page.get_by_role("button", name=re.compile("^Train$")).click()
    page.wait_for_function(EPOCH_AT_LEAST, arg=10, timeout=90_000)
    elapsed = time.perf_counter() - start
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Epoch")
    shown = int(metric.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))
    # Never faster than 5 epochs a second (an upper bound holds however loaded the machine).
    assert 10 <= shown <= 5 * elapsed + 1
    assert_no_exception(page)
