"""The training race end to end: Train -> toggle Log scale -> Pause, a few times, on
/train?data=circle&batch=250 (the sequence that logged `Linear.backward expected a gradient of
shape (2500, 8), got (10, 8)` before the no-grad evaluation path and the session lock). A
server of its own, so that its log can be read: no traceback in it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import ROOT, TRAIN_CHARTS, assert_no_exception, free_port, wait_ready
from playwright.sync_api import Page, expect

EPOCH_AT_LEAST = """(n) => {
  const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
    .find(el => el.innerText.startsWith('Epoch'));
  const v = m && m.querySelector('[data-testid="stMetricValue"]');
  return v && +v.innerText.replace(/,/g, '') >= n; }"""


@pytest.fixture
def logged_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(base URL, path of the server's log)."""
    port = free_port()
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            deadline = time.time() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                                timeout=2):
                        break
                except OSError:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.3)
            yield f"http://127.0.0.1:{port}", log_path
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _pause(page: Page) -> None:
    """Click Pause until the page shows Train. Under Fast training a click that lands while
    the control bar is being redrawn (the Log scale rerun just before) was once lost in a
    full-suite run from a fresh clone (not reproduced since); a learner would click again. It is
    about tracebacks in the log, so it clicks again too (at most three times)."""
    train = page.get_by_role("button", name=re.compile("^Train$"))
    for _ in range(3):
        pause = page.get_by_role("button", name=re.compile("^Pause$"))
        if pause.count():
            pause.click()
        try:
            expect(train).to_be_visible(timeout=15_000)
            return
        except AssertionError:
            continue
    expect(train).to_be_visible(timeout=15_000)


def test_train_log_scale_pause_cycles_log_no_traceback(page: Page, logged_server) -> None:
    server, log_path = logged_server
    page.goto(f"{server}/train?data=circle&batch=250&speed=fast")
    wait_ready(page)
    expect(page.locator('[data-testid="stEChartsChart"]')).to_have_count(TRAIN_CHARTS,
                                                                    timeout=30_000)
    log_scale = page.get_by_text("Log scale")
    for cycle in range(4):
        page.get_by_role("button", name=re.compile("^Train$")).click()
        page.wait_for_function(EPOCH_AT_LEAST, arg=20 * (cycle + 1), timeout=90_000)
        log_scale.click()  # a full rerun while the ticker trains
        page.wait_for_function(EPOCH_AT_LEAST, arg=20 * (cycle + 1) + 10, timeout=90_000)
        _pause(page)
        wait_ready(page)
    assert_no_exception(page)
    log = log_path.read_text()
    assert "Traceback" not in log and "Error" not in log, log[-3000:]
