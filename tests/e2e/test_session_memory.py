"""Bounded memory (issue 10): sessions that train on /train and are closed leave nothing behind
once Streamlit has dropped them; the server's resident memory after 16 sessions is within
MARGIN_MB of its level after the first 4.

The 200-session version is benchmarks/bench_session_memory.py (too slow for `make test`). A
closed session used to weigh about 1.4 MB here (RSS 73 -> 212 MB over ~100 sessions while
Streamlit still kept them for reconnection), so 12 leaked sessions would exceed the margin (80 sessions
here: +3.8 MB from session 20 to 80)."""

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
