"""One session's ticker, chart redraws, clicks and downloads run in different threads (a click
starts a full rerun while the ticker's slice is still training, with runner.fastReruns; a
deferred download runs in a worker thread). Driven here from threads at once for a few
thousand steps: no exception, and the weights a serial run of as many steps gives."""

from __future__ import annotations

import sys
import threading
from dataclasses import replace

import numpy as np
import pytest

from core import Trainer
from ui.train.model_io import export_files
from ui.train.scene import Charts
from ui.train.session import TrainSession
from ui.train.settings import DEFAULTS

TARGET_STEPS = 3000


def _weights(t: Trainer) -> list[np.ndarray]:
    return [p.data.copy() for p in t.params]


@pytest.mark.parametrize("speed", ["fast", "normal"])  # the time-budget and the paced ticker
def test_ticker_charts_clicks_and_downloads_in_threads_match_a_serial_run(speed: str) -> None:
    sess = TrainSession(replace(DEFAULTS, speed=speed))  # circle, 250 training points, batch 10
    sess.sync()
    errors: list[BaseException] = []
    done = threading.Event()

    def guarded(work):
        def run():
            try:
                while not done.is_set():
                    work()
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
                done.set()
        return run

    def ticker():
        sess.start()
        sess.tick(0.004)
        if sess.trainer.steps >= TARGET_STEPS:
            done.set()

    charts = Charts()

    def redraw():
        for name in ("boundary", "loss", "network"):
            charts.figure(name, sess, log_y=name == "loss")
        sess.metrics()

    def clicks():
        sess.step()
        sess.step_epoch()  # 25 steps at once, interleaved with the ticker's slices

    def download():
        export_files(sess)

    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, so unprotected steps would interleave
    try:
        threads = [threading.Thread(target=guarded(w), daemon=True)
                   for w in (ticker, redraw, redraw, clicks, download)]
        for th in threads:
            th.start()
        done.wait(timeout=240)
        done.set()
        for th in threads:
            th.join(timeout=30)
    finally:
        sys.setswitchinterval(old_interval)
    assert not errors, errors
    t = sess.trainer
    assert t.steps >= TARGET_STEPS and t.state == "ready"

    serial = Trainer(t.config, sess.bundle.train_data)
    for _ in range(t.steps):
        serial.step()
    for a, b in zip(_weights(serial), _weights(t), strict=True):
        np.testing.assert_array_equal(a, b)
    assert serial.epoch == t.epoch


def test_charts_and_export_between_a_steps_forward_and_backward_change_nothing() -> None:
    """The page's own figure builders and exports (not only the trainer's evaluation calls),
    run at the worst moment of a step: the weights are bit-identical to the step alone."""
    settings = replace(DEFAULTS, dropout=0.2, batch_norm=True, speed="fast")
    alone, interleaved = TrainSession(settings), TrainSession(settings)
    alone.sync()
    interleaved.sync()
    charts = Charts()
    real_backward = interleaved.trainer.loss_fn.backward

    def backward_after_a_redraw():
        for name in ("boundary", "loss", "network"):
            charts.stamps.clear()  # rebuild every chart from the half-done step's model
            charts.figure(name, interleaved)
        interleaved.metrics()
        export_files(interleaved)
        return real_backward()

    interleaved.trainer.loss_fn.backward = backward_after_a_redraw
    for _ in range(30):
        alone.step()
        interleaved.step()
    for a, b in zip(_weights(alone.trainer), _weights(interleaved.trainer), strict=True):
        np.testing.assert_array_equal(a, b)
