"""Fixtures for the browser tests: a fresh server and Debian's Chromium (see browser_helpers)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from browser_helpers import CHROMIUM, CHROMIUM_FLAGS, free_port, start_server
from playwright.sync_api import Browser, Page, sync_playwright


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """A freshly started server, so the first deep link is really the first request."""
    port = free_port()
    proc = start_server(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()
