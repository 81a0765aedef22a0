"""Speed of the core against minimal hand-written NumPy, measured in one process.

(1) Trainer epochs/s on circle data (250 points, batch 10, lr 0.03, squared error, tanh) for
    2-8-8-1 and 2-64-64-1, beside a minimal NumPy loop with the same data, init and order.
(2) Linear forward + backward at batch 1024, 1024 -> 1024, beside raw X @ W.T, dY.T @ X, dY @ W.
Both loops first train WARMUP_EPOCHS untimed epochs (the trainer's history is evaluated
densely at the start of a run, then on a log-spaced schedule), then the next epochs are timed.
Runs are interleaved (core, baseline, core, ...) and medians reported, because this machine is
noisy; the ratio core/baseline is the figure that matters (>= 0.8 for (1), >= 0.9 for (2)).
Usage: .venv/bin/python benchmarks/bench_core.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import Linear, ModelConfig, TrainData, Trainer, make_dataset  # noqa: E402


def circle_data() -> TrainData:
    ds = make_dataset("circle", 250, 0.0, seed=1)
    return TrainData(ds.X, ds.y.astype(np.float64), ds.X[:0], ds.y[:0].astype(np.float64))


def make_trainer(hidden: int, data: TrainData) -> Trainer:
    cfg = ModelConfig(hidden=(hidden, hidden), activations=("tanh", "tanh"), task="regression",
                      n_classes=0, loss="mse", optimizer="sgd", lr=0.03, batch_size=10,
                      init="xavier", seed=3)
    return Trainer(cfg, data)


WARMUP_EPOCHS = 100  # both loops: time sustained training, as in a live lesson, not start-up


def trainer_epochs(trainer: Trainer, epochs: int) -> float:
    for _ in range(WARMUP_EPOCHS):
        trainer.run_epoch()
    t0 = time.perf_counter()
    for _ in range(epochs):
        trainer.run_epoch()
    return epochs / (time.perf_counter() - t0)


def minimal_epochs(trainer: Trainer, data: TrainData, epochs: int) -> float:
    """The hand-written loop: same init (copied from the trainer), same shuffling rule."""
    lin = [m for m in trainer.model.layers if isinstance(m, Linear)]
    W1, W2, W3 = (m.weight.data.copy() for m in lin)
    b1, b2, b3 = (m.bias.data.copy() for m in lin)
    X, Y = data.X_train, data.y_train.reshape(-1, 1)
    n, bs, lr = X.shape[0], 10, 0.03
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    for epoch in range(WARMUP_EPOCHS + epochs):
        if epoch == WARMUP_EPOCHS:
            t0 = time.perf_counter()
        perm = rng.permutation(n)
        for s in range(0, n, bs):
            idx = perm[s : s + bs]
            xb, yb = X[idx], Y[idx]
            h1 = np.tanh(xb @ W1.T + b1)
            h2 = np.tanh(h1 @ W2.T + b2)
            out = h2 @ W3.T + b3
            diff = out - yb
            loss = float(np.mean(diff * diff))  # a real loop watches its loss too
            if not np.isfinite(loss):
                raise RuntimeError("diverged")
            g = (2.0 / diff.size) * diff
            dW3, db3 = g.T @ h2, g.sum(0)
            g = (g @ W3) * (1 - h2 * h2)
            dW2, db2 = g.T @ h1, g.sum(0)
            g = (g @ W2) * (1 - h1 * h1)
            dW1, db1 = g.T @ xb, g.sum(0)
            W1 -= lr * dW1
            b1 -= lr * db1
            W2 -= lr * dW2
            b2 -= lr * db2
            W3 -= lr * dW3
            b3 -= lr * db3
    return epochs / (time.perf_counter() - t0)


def linear_pass(layer: Linear, X: np.ndarray, dY: np.ndarray) -> float:
    t0 = time.perf_counter()
    layer.zero_grad()
    layer.forward(X)
    layer.backward(dY)
    return time.perf_counter() - t0


def raw_pass(W: np.ndarray, b: np.ndarray, X: np.ndarray, dY: np.ndarray) -> float:
    t0 = time.perf_counter()
    _ = X @ W.T + b
    _ = dY.T @ X
    _ = dY.sum(0)
    _ = dY @ W
    return time.perf_counter() - t0


def report(name: str, core: list[float], base: list[float], unit: str, higher_better: bool,
           target: float) -> None:
    mc, mb = statistics.median(core), statistics.median(base)
    ratio = mc / mb if higher_better else mb / mc
    verdict = "meets" if ratio >= target else "BELOW"
    print(f"{name:<34} core {mc:10.1f} {unit}   minimal {mb:10.1f} {unit}   "
          f"ratio {ratio:5.2f} ({verdict} target {target})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    data = circle_data()
    for hidden, epochs in ((8, 60), (64, 25)):
        core, base = [], []
        for _ in range(args.repeats):
            core.append(trainer_epochs(make_trainer(hidden, data), epochs))
            base.append(minimal_epochs(make_trainer(hidden, data), data, epochs))
        report(f"train 2-{hidden}-{hidden}-1, epochs/s", core, base, "ep/s", True, 0.8)

    rng = np.random.default_rng(0)
    layer = Linear(1024, 1024, rng=rng)
    X = rng.standard_normal((1024, 1024))
    dY = rng.standard_normal((1024, 1024))
    core, base = [], []
    for _ in range(args.repeats):
        core.append(linear_pass(layer, X, dY) * 1e3)
        base.append(raw_pass(layer.weight.data, layer.bias.data, X, dY) * 1e3)
    report("Linear fwd+bwd 1024x1024, ms/pass", core, base, "ms", False, 0.9)


if __name__ == "__main__":
    main()
