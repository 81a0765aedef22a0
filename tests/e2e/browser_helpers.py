"""Browser-test helpers (a unique module name; the fixtures are in conftest.py): a fresh
Streamlit server and Debian's Chromium driven by Playwright.

`make test` installs /usr/bin/chromium with apt-get when it is missing, so these tests run (and
must pass) in CI; they are never skipped.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
READY = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
         '[data-test-script-state="notRunning"]')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, extra: tuple[str, ...] = ()) -> subprocess.Popen:
    """`streamlit run app.py` on a loopback port (extra: more command-line options, which
    override .streamlit/config.toml); returns once /_stcore/health answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def wait_ready(page: Page, timeout_ms: int = 30_000) -> None:
    """Wait until the app is connected and no script run is in progress."""
    page.wait_for_selector(READY, timeout=timeout_ms)


def settle(page: Page) -> None:
    """Wait for the run to end and for plotly, ECharts and KaTeX to finish drawing."""
    wait_ready(page)
    page.wait_for_timeout(900)
    wait_ready(page)
    # A busy machine can take seconds to draw: wait (a while) for loading skeletons to go;
    # what follows then measures whatever is drawn.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')",
                               timeout=20_000)


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """full_page=False: only what the window shows (e.g. what a projector shows)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def assert_no_exception(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0

# The live charts on /train: output map, network, loss and the weights histogram.
TRAIN_CHARTS = 4


def set_sidebar(page, open_: bool) -> None:
    """Open or close the sidebar (on a phone it starts closed; open, it covers the page)."""
    if open_:
        button = page.locator('[data-testid="stExpandSidebarButton"]')
    else:
        button = page.locator('[data-testid="stSidebarCollapseButton"] button')
    if button.count() and button.first.is_visible():
        button.first.click()
        page.wait_for_timeout(400)


LESSON_TOOL = ".st-key-learn_tool"  # a lesson step's tool column


def lesson_tool_numbers(page: Page) -> set[str]:
    """Every number written in a lesson step's tool column (a typographic minus read as '-')."""
    text = page.locator(LESSON_TOOL).inner_text().replace("−", "-")
    return set(re.findall(r"-?\d+(?:\.\d+)?", text))
