"""Bounded memory (issue 10): open and close 200 /train sessions (each trains, then its tab is
closed mid-training) and follow the server's resident memory after Streamlit's session cleanup.

Prints RSS after every 20 sessions; passes when the RSS after all sessions is within MARGIN_MB
of the RSS after the first 20. tests/e2e/test_session_memory.py runs a shorter version in
`make test`. Each session is a browser context in Debian's Chromium (~3 s each here, so 200
take about 10-12 minutes on this 2-core machine).

Streamlit keeps a closed tab's session for server.disconnectedSessionTTL (120 s, at most 128
sessions) so a reconnecting tab finds it; --ttl shortens that for the run (default 2 s), and
after each block of sessions the run waits past it, so what is measured is what stays after
Streamlit's cleanup.

Measured here (1 Dec 2026, load average 15-37 from other work, --ttl 2): server RSS 169.4 MB
after 20 sessions, 171.6 / 173.6 / 172.3 / 173.6 / 173.9 / 175.4 / 175.2 / 173.5 MB after 40..180,
174.6 MB after 200: +5.2 MB (margin 25 MB), about 30 minutes.

Usage: .venv/bin/python benchmarks/bench_session_memory.py [--sessions 200] [--train 0.5]
       [--ttl 2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from browser_helpers import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from memory_helpers import run_sessions  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

MARGIN_MB = 25.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--train", type=float, default=0.5, help="seconds of training per session")
    ap.add_argument("--ttl", type=int, default=2,
                    help="server.disconnectedSessionTTL for the run (production: 120 s)")
    args = ap.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        run = run_sessions(browser, args.sessions, train_s=args.train, report_every=20,
                           ttl_s=args.ttl)
        browser.close()
    print(f"growth after the first {run.baseline_after} sessions: {run.growth_mb:+.1f} MB "
          f"(margin {MARGIN_MB:g} MB)")
    return 0 if run.growth_mb <= MARGIN_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
