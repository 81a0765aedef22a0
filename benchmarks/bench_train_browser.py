"""Live training on /train in real Chromium: epochs/s and screen updates/s, 1 and 3 sessions.

Starts a server on a loopback port, opens /train?speed=fast (the "fast" speed; otherwise the
default settings: 2 inputs, hidden layers 4 and 2, tanh, 500 points, batch 10) in N browser
contexts (N separate sessions), clicks Train in each, and for --seconds (10) records every
change of the Epoch metric on screen (a
MutationObserver in each page). Reports per session: screen updates/s (changes of the Epoch
metric per second) and epochs/s (epoch shown at the end minus at the start, per second).
Targets on this 2-core machine: one session >= 300 epochs/s and >= 8 updates/s; three
sessions >= 100 epochs/s and >= 4 updates/s each.

Note: the browsers run on the same two cores as the server here; in a classroom they run on
the students' machines. Each of Streamlit's page updates costs a browser tens of milliseconds,
so three local Chromium tabs take most of the CPU from the server. --pin runs the server on
core 0 and the browsers on core 1 (as if the browsers were elsewhere). The load average before
each run is printed, because other work on the machine changes these figures.

Usage: .venv/bin/python benchmarks/bench_train_browser.py [--seconds 10] [--sessions 1 3]
       [--pin]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from browser_helpers import CHROMIUM, CHROMIUM_FLAGS, free_port, start_server, wait_ready  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

WATCH_EPOCH = """() => { window.__epochs = []; let last = null;
  const read = () => {
    const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
      .find(el => el.innerText.startsWith('Epoch'));
    const v = m && m.querySelector('[data-testid="stMetricValue"]').innerText;
    if (v && v !== last) { last = v; window.__epochs.push([performance.now(), v]); } };
  new MutationObserver(read).observe(document.body,
    {subtree: true, childList: true, characterData: true});
  read(); }"""


def open_session(browser: Browser, base: str) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{base}/train?speed=fast")  # the default pace is slow; measure the fastest
    wait_ready(page, 60_000)
    page.evaluate(WATCH_EPOCH)
    return page


def run(browser: Browser, base: str, n_sessions: int, seconds: float) -> list[dict]:
    pages = [open_session(browser, base) for _ in range(n_sessions)]
    load = os.getloadavg()[0]
    for page in pages:
        page.get_by_role("button", name=re.compile("^Train$")).click()
    time.sleep(1.0)  # let the first full reruns land; measure steady state only
    starts = [page.evaluate("window.__epochs.length") for page in pages]
    time.sleep(seconds)
    results = []
    for page, start in zip(pages, starts, strict=True):
        seen = page.evaluate("window.__epochs")[max(start - 1, 0):]
        page.get_by_role("button", name=re.compile("^Pause$")).click()
        if len(seen) < 2:
            results.append({"updates_per_s": 0.0, "epochs_per_s": 0.0})
            continue
        (t0, v0), (t1, v1) = seen[0], seen[-1]
        span = (t1 - t0) / 1000.0
        epochs = int(v1.replace(",", "")) - int(v0.replace(",", ""))
        results.append({"updates_per_s": (len(seen) - 1) / span,
                        "epochs_per_s": epochs / span, "load": load})
    for page in pages:
        page.context.close()
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 3])
    ap.add_argument("--pin", action="store_true",
                    help="server on core 0, browsers on core 1 (children inherit affinity)")
    args = ap.parse_args()
    port = free_port()
    if args.pin:
        os.sched_setaffinity(0, {0})
    proc = start_server(port)  # loopback only (127.0.0.1)
    if args.pin:
        os.sched_setaffinity(0, {1})
        print("pinned: server on core 0, Chromium on core 1")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            try:
                for n in args.sessions:
                    results = run(browser, f"http://127.0.0.1:{port}", n, args.seconds)
                    load = results[0].get("load", float("nan"))
                    print(f"{n} session(s), {args.seconds:.0f} s, load average before "
                          f"{load:.2f}:")
                    for k, r in enumerate(results, 1):
                        print(f"  session {k}: {r['updates_per_s']:5.1f} screen updates/s, "
                              f"{r['epochs_per_s']:6.0f} epochs/s")
                    if n > 1:
                        print(f"  median: "
                              f"{statistics.median(r['updates_per_s'] for r in results):.1f} "
                              f"updates/s, "
                              f"{statistics.median(r['epochs_per_s'] for r in results):.0f} "
                              f"epochs/s; total "
                              f"{sum(r['epochs_per_s'] for r in results):.0f} epochs/s")
            finally:
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - a stuck server must not hang the benchmark
            proc.kill()


if __name__ == "__main__":
    main()
