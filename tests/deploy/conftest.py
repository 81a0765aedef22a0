"""Fixtures for the scale-out test: two replicas behind HAProxy on loopback (deploy/classroom.py)
and Debian's Chromium. `make test` installs haproxy with apt-get when it is missing (the
`haproxy` prerequisite of the test target), so this test runs in CI; it is never skipped."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from browser_helpers import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from deploy.classroom import Classroom, free_port  # noqa: E402


@pytest.fixture(scope="module")
def classroom() -> Iterator[Classroom]:
    with Classroom(replicas=2, port=free_port(), address="127.0.0.1") as room:
        yield room


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()
