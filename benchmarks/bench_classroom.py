"""A class on /train: N headless students (Streamlit's websocket protocol, asyncio, one process).

Each student opens /train, clicks Train and honours the fragment timers as the browser does
(benchmarks/protocol_client.py). Per N (default 1, 3, 10, 30) it reports, over --seconds of
steady training:
- updates/s (new Epoch values on screen) and epochs/s of the median and the slowest student;
- late joiner: an extra student opening /explorer, /train, /backprop or / while the class
  trains, the time from the page request to the end of its first run (p95 and max);
- click: a training student's Pause answered (the Train button drawn again), p95 and max;
- the server's CPU (cores: user+system of every server process over the window, divided by
  the wall time) and memory (their resident set, MB), and the client's own CPU.
Targets (issue 14, 2 cores): 30 students each >= 2 updates/s and >= 10 epochs/s (median;
slowest >= 1.5 and >= 7), late joiner p95 <= 2 s, click p95 <= 1 s; 1 student >= 8 and >= 300.

--target app runs one `streamlit run app.py`; --target classroom runs what `make classroom`
runs (deploy/classroom.py: one replica per core behind HAProxy). Everything is on 127.0.0.1.
--compare-browser R runs, on one server, R interleaved rounds of 1 protocol student and 1
Chromium session (benchmarks/bench_train_browser.py), so that the client can be checked to do
neither more nor less than a browser. The students run on the same machine as the server
(in a classroom they would not), so the client's CPU is printed too; so is the load average,
because other work on the machine changes every figure. Not a timed test.

Usage: .venv/bin/python benchmarks/bench_classroom.py [--students 1 3 10 30] [--seconds 10]
       [--target app classroom] [--replicas N] [--compare-browser 3]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e"), str(ROOT / "benchmarks")]

from browser_helpers import free_port, start_server  # noqa: E402
from protocol_client import Student  # noqa: E402

from deploy.classroom import Classroom, stop, wait_healthy  # noqa: E402

JOIN_PAGES = ("explorer", "train", "backprop", "")
OPEN_TIMEOUT_S = 90.0  # a student of the class opening /train
JOIN_TIMEOUT_S = 30.0  # a late joiner's page (recorded as 30 s when it takes longer)
CLICK_TIMEOUT_S = 15.0  # a click's answer (recorded as 15 s when it takes longer)
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError, ValueError):
            pass
    return total


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def rates(s: Student, t0: float, t1: float) -> tuple[float, float]:
    """(screen updates/s, epochs/s) of one student between t0 and t1."""
    inside = [e for t, e in s.epochs if t0 <= t <= t1]
    before = [e for t, e in s.epochs if t < t0]
    start = before[-1] if before else (inside[0] if inside else 0)
    end = inside[-1] if inside else start
    return len(inside) / (t1 - t0), (end - start) / (t1 - t0)


TRAIN_QUERY = {"query": ""}  # --query: the students' /train link (set once in main)


async def open_student(base: str, path: str = "train",
                       timeout: float = OPEN_TIMEOUT_S) -> Student:
    s = Student(base, path, TRAIN_QUERY["query"] if path == "train" else "")
    try:
        await asyncio.wait_for(s.open(), timeout)
    except BaseException:
        await s.close()
        raise
    return s


async def late_joiners(base: str, count: int, times: list[float], errors: list[str]) -> None:
    for path in itertools.islice(itertools.cycle(JOIN_PAGES), count):
        t = time.monotonic()
        try:
            s = await open_student(base, path, JOIN_TIMEOUT_S)
        except (TimeoutError, OSError) as exc:
            errors.append(f"late joiner /{path}: {exc!r}")
            times.append(JOIN_TIMEOUT_S)
            continue
        times.append(time.monotonic() - t)
        await s.close()
        await asyncio.sleep(0.5)


async def clicks(students: list[Student], count: int, times: list[float],
                 errors: list[str]) -> None:
    for k in range(count):
        s = students[k % len(students)]
        try:
            sent = await s.click("Pause")
            times.append(await s.wait_label("Train", sent, timeout=CLICK_TIMEOUT_S))
            sent = await s.click("Train")
            await s.wait_label("Pause", sent, timeout=CLICK_TIMEOUT_S)
        except (TimeoutError, KeyError) as exc:
            errors.append(f"click: {exc!r}")
            times.append(CLICK_TIMEOUT_S)
        await asyncio.sleep(0.7)


async def run_class(base: str, n: int, seconds: float, server_pids, joiners: int,
                    n_clicks: int) -> dict:
    errors: list[str] = []
    students: list[Student] = []
    for start in range(0, n, 5):  # a class arrives over a few seconds
        batch = await asyncio.gather(*(open_student(base) for _ in range(start, min(n, start + 5))),
                                     return_exceptions=True)
        for s in batch:
            if isinstance(s, Student):
                students.append(s)
            else:
                errors.append(f"open: {s!r}")
    for s in students:
        await s.click("Train")
        await asyncio.sleep(0.05)
    await asyncio.sleep(3.0)  # past the first full reruns: steady state only
    pids = server_pids()
    cpu0, client0, t0 = cpu_seconds(pids), time.process_time(), time.monotonic()
    await asyncio.sleep(seconds)
    t1 = time.monotonic()
    server_cores = (cpu_seconds(pids) - cpu0) / (t1 - t0)
    client_cores = (time.process_time() - client0) / (t1 - t0)
    memory = rss_mb(pids)
    per = sorted(rates(s, t0, t1) for s in students)
    hashes = statistics.median(len(s.cache) for s in students) if students else 0
    early = sum(s.early for s in students) / max(sum(s.runs for s in students), 1)
    join_times: list[float] = []
    click_times: list[float] = []
    await asyncio.gather(late_joiners(base, joiners, join_times, errors),
                         clicks(students, n_clicks, click_times, errors))
    for s in students:
        errors.extend(s.errors)
        await s.close()
    await asyncio.sleep(2.0)  # let the server drop the sessions before the next N
    ups = [u for u, _ in per]
    eps = [e for _, e in per]
    return {"n": n, "connected": len(students),
            "ups_median": statistics.median(ups) if ups else 0.0, "ups_min": min(ups, default=0.0),
            "eps_median": statistics.median(eps) if eps else 0.0, "eps_min": min(eps, default=0.0),
            "join_p95": p95(join_times), "join_max": max(join_times, default=float("nan")),
            "click_p95": p95(click_times), "click_max": max(click_times, default=float("nan")),
            "server_cores": server_cores, "client_cores": client_cores, "rss_mb": memory,
            "hashes": hashes, "early": early, "errors": errors}


def print_row(target: str, r: dict, load: float) -> None:
    short = "" if r["connected"] == r["n"] else f" | only {r['connected']} connected"
    print(f"{target:9} N={r['n']:<3} updates/s median {r['ups_median']:5.1f} slowest "
          f"{r['ups_min']:5.1f} | epochs/s median {r['eps_median']:6.0f} slowest "
          f"{r['eps_min']:6.0f} | late joiner p95 {r['join_p95']:5.2f} s (max "
          f"{r['join_max']:5.2f}) | click p95 {r['click_p95']:5.2f} s (max {r['click_max']:5.2f})"
          f" | server {r['server_cores']:4.2f} cores {r['rss_mb']:5.0f} MB | client "
          f"{r['client_cores']:4.2f} cores | cached hashes {r['hashes']:.0f}, runs ended early "
          f"{100 * r['early']:.0f}% | load {load:.1f}"
          f"{short}", flush=True)
    for e in r["errors"][:5]:
        print(f"    error: {e}", flush=True)


def start_app(root: Path, port: int) -> subprocess.Popen:
    """`streamlit run app.py` from another checkout (e.g. an older commit, to compare)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", proc=proc)
    return proc


class Target:
    """The app alone (one process) or the classroom setup (replicas + HAProxy)."""

    def __init__(self, kind: str, replicas: int | None, app_root: Path | None = None) -> None:
        self.kind = kind
        if kind == "app":
            self.port = free_port()
            self.proc = start_server(self.port) if app_root is None else \
                start_app(app_root, self.port)
            self.url = f"http://127.0.0.1:{self.port}"
        else:
            self.room = Classroom(replicas=replicas or Classroom().replicas, port=free_port())
            self.room.start()
            self.url = self.room.url

    def pids(self) -> list[int]:
        if self.kind == "app":
            return [self.proc.pid]
        return [r.proc.pid for r in self.room.members] + [self.room.balancer.pid]

    def close(self) -> None:
        if self.kind == "app":
            stop(self.proc)
        else:
            self.room.stop()


def compare_browser(rounds: int, seconds: float) -> None:
    from bench_train_browser import run as browser_run
    from browser_helpers import CHROMIUM, CHROMIUM_FLAGS
    from playwright.sync_api import sync_playwright

    target = Target("app", None)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for k in range(rounds):
                # (in a thread: Playwright's sync API owns this thread's event loop)
                with ThreadPoolExecutor(1) as pool:
                    r = pool.submit(asyncio.run, run_class(target.url, 1, seconds, target.pids,
                                                           0, 0)).result()
                print(f"round {k + 1}: protocol client {r['ups_median']:5.1f} updates/s "
                      f"{r['eps_median']:5.0f} epochs/s (server {r['server_cores']:.2f} cores)",
                      flush=True)
                b = browser_run(browser, target.url, 1, seconds)[0]
                print(f"round {k + 1}: Chromium        {b['updates_per_s']:5.1f} updates/s "
                      f"{b['epochs_per_s']:5.0f} epochs/s", flush=True)
            browser.close()
    finally:
        target.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, nargs="+", default=[1, 3, 10, 30])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--target", nargs="+", choices=["app", "classroom"],
                    default=["app", "classroom"])
    ap.add_argument("--replicas", type=int, default=None, help="classroom replicas "
                    "(default: one per core)")
    ap.add_argument("--joiners", type=int, default=8, help="late joiners per N")
    ap.add_argument("--clicks", type=int, default=8, help="Pause clicks per N")
    ap.add_argument("--compare-browser", type=int, default=0, metavar="ROUNDS")
    ap.add_argument("--app-root", type=Path, default=None, help="--target app from this "
                    "checkout instead (e.g. `git archive` of an older commit, to compare)")
    ap.add_argument("--query", default="", help="the students' /train query string, "
                    "e.g. speed=fast")
    args = ap.parse_args()
    TRAIN_QUERY["query"] = args.query
    if args.compare_browser:
        compare_browser(args.compare_browser, args.seconds)
        return
    for kind in args.target:
        target = Target(kind, args.replicas, args.app_root)
        try:
            for n in args.students:
                load = os.getloadavg()[0]
                r = asyncio.run(run_class(target.url, n, args.seconds, target.pids,
                                          args.joiners, args.clicks))
                print_row(kind, r, load)
        finally:
            target.close()


if __name__ == "__main__":
    main()
