"""Server-side cost of one live-training tick on /train, at the page's default settings.

A tick is what the fragment does on every timer tick: train for the time budget
(Trainer.run_for), rebuild the chart whose turn it is, and serialize all three figures to JSON
as st.plotly_chart does. Reported: median and p95 of each part and of the whole tick, the
epochs trained per second of tick, and the cost of a full redraw (all three charts, as after
Pause). No Streamlit server is involved; see bench_train_browser.py for the end-to-end rate.

    .venv/bin/python benchmarks/bench_train_tick.py [--ticks 200] [--budget 0.085]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import plotly.io as pio  # noqa: E402

from ui.train.live import BUDGET_S  # noqa: E402
from ui.train.scene import Charts  # noqa: E402
from ui.train.session import TrainSession  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def serialize(figs: dict[str, dict]) -> int:
    """What st.plotly_chart does with our prebuilt dicts; returns the bytes sent."""
    return sum(len(pio.to_json(f, validate=False)) for f in figs.values())


def run(ticks: int, budget: float) -> None:
    sess = TrainSession()
    sess.sync()
    charts = Charts()
    charts.update(sess, fresh=True, log_y=False)
    sess.start()
    parts: dict[str, list[float]] = {"train": [], "figures": [], "json": [], "tick": []}
    epochs, sizes = [], []
    for _ in range(ticks):
        e0 = sess.trainer.epoch
        t0 = time.perf_counter()
        sess.tick(budget)
        t1 = time.perf_counter()
        figs = charts.update(sess, fresh=False, log_y=False)
        t2 = time.perf_counter()
        sizes.append(serialize(figs))
        t3 = time.perf_counter()
        for name, v in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            parts[name].append(v * 1000)
        epochs.append(sess.trainer.epoch - e0)

    full_build, full_json = [], []
    for _ in range(30):
        t0 = time.perf_counter()
        figs = charts.update(sess, fresh=True, log_y=False)
        t1 = time.perf_counter()
        serialize(figs)
        full_build.append((t1 - t0) * 1000)
        full_json.append((time.perf_counter() - t1) * 1000)

    cfg = sess.trainer.config
    print(f"/train tick benchmark: network {' -> '.join(map(str, cfg.sizes))}, "
          f"{sess.bundle.n_train} training points, batch {cfg.batch_size}, {cfg.loss}, "
          f"budget {budget * 1000:.0f} ms, {ticks} ticks, pid {os.getpid()}, "
          f"load {os.getloadavg()[0]:.2f}")
    for name, values in parts.items():
        print(f"  {name:8s} median {statistics.median(values):6.2f} ms   "
              f"p95 {pct(values, 0.95):6.2f} ms")
    overhead = [t - tr for t, tr in zip(parts["tick"], parts["train"], strict=True)]
    print(f"  overhead (figures + json) median {statistics.median(overhead):.2f} ms, "
          f"p95 {pct(overhead, 0.95):.2f} ms; {statistics.median(sizes) / 1000:.1f} kB sent "
          f"per tick")
    rate = sum(epochs) / (sum(parts["tick"]) / 1000)
    print(f"  epochs per tick median {statistics.median(epochs):.0f}; "
          f"{rate:.0f} epochs/s if ticks ran back to back")
    print(f"  full redraw (all three charts): build median {statistics.median(full_build):.2f} "
          f"ms, json median {statistics.median(full_json):.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ticks", type=int, default=200)
    ap.add_argument("--budget", type=float, default=BUDGET_S)
    args = ap.parse_args()
    run(args.ticks, args.budget)


if __name__ == "__main__":
    main()
