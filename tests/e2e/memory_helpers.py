"""Open and close many /train sessions (browser contexts) against one server and follow the
server's resident memory (issue 10, "bounded memory"). Used by tests/e2e/test_session_memory.py
(a short run) and benchmarks/bench_session_memory.py (200 sessions)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field

from browser_helpers import ROOT, free_port, wait_ready
from playwright.sync_api import Browser

# Streamlit keeps a closed tab's session for server.disconnectedSessionTTL seconds (120 by
# default, at most 128 sessions) so that a reconnecting tab finds it. The runs here shorten
# that, so "after cleanup" is reached in seconds; what must not stay is everything else.
SESSION_TTL_S = 2


def rss_mb(pid: int) -> float:
    """Resident memory of process `pid` in MB (Linux /proc)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def start_server(port: int, ttl_s: int = SESSION_TTL_S) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.disconnectedSessionTTL", str(ttl_s)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def one_training_session(browser: Browser, base: str, train_s: float) -> None:
    """A learner opens /train, trains for train_s seconds and closes the tab mid-training."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/train")
    wait_ready(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for(timeout=15_000)
    time.sleep(train_s)
    context.close()


def settle(browser: Browser, base: str, ttl_s: int = SESSION_TTL_S) -> None:
    """Let Streamlit drop the closed sessions: wait past their TTL, then open and close one
    page (the session store reaps expired sessions when it is next written)."""
    time.sleep(ttl_s + 1)
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/")
    wait_ready(page)
    context.close()
    time.sleep(ttl_s + 1)


@dataclass
class MemoryRun:
    baseline_after: int
    rss: dict[int, float] = field(default_factory=dict)  # sessions done -> MB after settling

    @property
    def growth_mb(self) -> float:
        return self.rss[max(self.rss)] - self.rss[self.baseline_after]


def run_sessions(browser: Browser, total: int, baseline_after: int = 20,
                 train_s: float = 0.5, report_every: int = 0,
                 ttl_s: int = SESSION_TTL_S) -> MemoryRun:
    """Open and close `total` training sessions on a fresh server; RSS after settling is
    recorded after `baseline_after` sessions, every `report_every`, and at the end."""
    port = free_port()
    proc = start_server(port, ttl_s)
    base = f"http://127.0.0.1:{port}"
    run = MemoryRun(baseline_after)
    try:
        for k in range(1, total + 1):
            one_training_session(browser, base, train_s)
            if k in (baseline_after, total) or (report_every and k % report_every == 0):
                settle(browser, base, ttl_s)
                run.rss[k] = rss_mb(proc.pid)
                if report_every:
                    print(f"{k:4d} sessions: server RSS {run.rss[k]:.1f} MB", flush=True)
        return run
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
