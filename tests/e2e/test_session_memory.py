"""Bounded memory (issue 10): sessions that train on /train and are closed leave nothing behind
once Streamlit has dropped them; the server's resident memory after 16 sessions is within
MARGIN_MB of its level after the first 4.

The 200-session version is benchmarks/bench_session_memory.py (too slow for `make test`). The
issue measured 73 -> 212 MB over about 100 short sessions, about 1.4 MB per session that the
server still held (Streamlit keeps a closed tab's session for reconnection: 120 s, at most 128
sessions; the runs here shorten that to 2 s, memory_helpers.SESSION_TTL_S), so 12 kept
sessions would exceed the margin. Measured here: +3.8 MB from session 20 to session 80."""

from __future__ import annotations

import pytest
from memory_helpers import run_sessions
from playwright.sync_api import Browser

MARGIN_MB = 8.0


@pytest.mark.timeout(900)  # ~1 minute on an idle machine; several under heavy shared load
def test_closed_training_sessions_leave_memory_bounded(browser: Browser) -> None:
    run = run_sessions(browser, total=16, baseline_after=4, train_s=0.3)
    assert set(run.rss) == {4, 16}
    assert run.growth_mb <= MARGIN_MB, run.rss
