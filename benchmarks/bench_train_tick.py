"""Server-side cost of one live-training tick on /train, at the page's default settings.

A tick is one slice of the ticker fragment (it runs SLICES_PER_RUN of them per timer tick):
train for the CPU-time budget (TrainSession.tick) and read the metrics. The charts redraw in
their own, slower fragment (every CHARTS_PERIOD_S): on every such tick this script also builds
the three ECharts options and serializes them as st.echarts_chart does. Reported: median and
p95 of each part and of the whole tick, the cost of a redraw of the charts, the epochs trained
per second of tick, and all three charts right after new weights (as after Pause). No
Streamlit server runs here, so Streamlit's own per-run cost (a few ms) is not included;
bench_train_browser.py measures end to end.

    .venv/bin/python benchmarks/bench_train_tick.py [--ticks 200] [--budget 0.085]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ui.train.live import BUDGET_S, CHARTS_PERIOD_S, MAX_TICK_S  # noqa: E402
from ui.train.scene import Charts  # noqa: E402
from ui.train.session import TrainSession  # noqa: E402
from ui.train.settings import DEFAULTS  # noqa: E402

FAST = replace(DEFAULTS, speed="fast")

CHARTS = ("boundary", "loss", "network")

try:  # exactly what st.echarts_chart does with an option (private helpers; may move)
    from streamlit.elements.echarts_chart import _normalize_spec, _serialize_option

    def serialize(option: dict) -> int:
        normalized, _datasets = _normalize_spec(option)
        return len(_serialize_option(normalized))
except ImportError:  # pragma: no cover - fall back to the JSON it sends
    def serialize(option: dict) -> int:
        return len(json.dumps(option, allow_nan=False, separators=(",", ":")))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(ticks: int, budget: float) -> None:
    sess = TrainSession(FAST)  # the speed the benchmark measures: as fast as it goes
    sess.sync()
    charts = Charts()
    for name in CHARTS:
        charts.figure(name, sess)
    sess.start()
    every = max(1, round(CHARTS_PERIOD_S / BUDGET_S))  # slices (of ~BUDGET_S) per redraw
    parts: dict[str, list[float]] = {"train": [], "charts": [], "json": [], "tick": []}
    epochs, sizes = [], []
    for k in range(ticks):
        e0 = sess.trainer.epoch
        t0 = time.perf_counter()
        sess.tick(budget, MAX_TICK_S)
        sess.metrics()
        t1 = time.perf_counter()
        options = [charts.figure(name, sess) for name in CHARTS] if k % every == 0 else []
        t2 = time.perf_counter()
        sizes.extend(serialize(option) for option in options)
        t3 = time.perf_counter()
        for name, v in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            parts[name].append(v * 1000)
        epochs.append(sess.trainer.epoch - e0)

    full = []
    for _ in range(20):
        sess.tick(0.005)  # new weights, so every chart really rebuilds
        t0 = time.perf_counter()
        for name in CHARTS:
            serialize(charts.figure(name, sess))
        full.append((time.perf_counter() - t0) * 1000)

    cfg = sess.trainer.config
    print(f"/train tick benchmark: network {' -> '.join(map(str, cfg.sizes))}, "
          f"{sess.bundle.n_train} training points, batch {cfg.batch_size}, {cfg.loss}, "
          f"budget {budget * 1000:.0f} ms CPU, {ticks} ticks, load {os.getloadavg()[0]:.2f}")
    for name, values in parts.items():
        print(f"  {name:6s} median {statistics.median(values):6.2f} ms   "
              f"p95 {pct(values, 0.95):6.2f} ms")
    overhead = [t - tr for t, tr in zip(parts["tick"], parts["train"], strict=True)]
    redraws = overhead[::every]
    print(f"  the charts redraw every {every} ticks: charts + json median "
          f"{statistics.median(redraws):.2f} ms, p95 {pct(redraws, 0.95):.2f} ms; "
          f"{statistics.median(sizes) / 1000:.1f} kB per chart")
    rate = sum(epochs) / (sum(parts["tick"]) / 1000)
    print(f"  epochs per tick median {statistics.median(epochs):.0f}; "
          f"{rate:.0f} epochs/s if ticks ran back to back")
    print(f"  all three charts (after Pause): median {statistics.median(full):.2f} ms, "
          f"p95 {pct(full, 0.95):.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ticks", type=int, default=200)
    ap.add_argument("--budget", type=float, default=BUDGET_S)
    args = ap.parse_args()
    run(args.ticks, args.budget)


if __name__ == "__main__":
    main()
