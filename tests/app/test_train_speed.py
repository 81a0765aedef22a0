# ruff: noqa: F811 - the train fixture is imported from test_train_page
"""Watchable training: Train runs at a chosen pace (slow 5 epochs/s, the default, so the circle's
boundary forms over about 10 s; normal 30; fast as fast as the server can), carried in the link.
The pace is driven by a fake clock here (no test waits or measures wall time)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from apptest_helpers import no_exception, open_page
from test_train_page import session, train  # noqa: F401 - train is a fixture

from ui.train.session import TrainSession
from ui.train.settings import DEFAULTS

SLICE_S = 0.085  # one ticker slice (ui.train.live.BUDGET_S)
STEPS_PER_EPOCH = 25  # 250 training points, batch 10


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _paced(speed: str) -> tuple[TrainSession, FakeClock]:
    sess = TrainSession(replace(DEFAULTS, speed=speed))
    sess.sync()
    clock = FakeClock()
    sess.pace.clock, sess.pace.sleep = clock, clock.sleep
    sess.start()
    return sess, clock


@pytest.mark.parametrize("speed,epochs_per_s", [("slow", 5), ("normal", 30)])
def test_paced_speeds_train_that_many_epochs_a_second(speed: str, epochs_per_s: int) -> None:
    sess, clock = _paced(speed)
    for _ in range(40):  # 3.4 s of ticker slices
        sess.tick(SLICE_S)
    expected = 40 * SLICE_S * epochs_per_s * STEPS_PER_EPOCH
    assert abs(sess.trainer.steps - expected) <= 1
    assert sess.trainer.epoch == sess.trainer.steps // STEPS_PER_EPOCH


def test_fast_is_not_paced() -> None:
    sess, clock = _paced("fast")
    sess.tick(0.05)
    assert clock.now == 100.0  # never waited
    assert sess.trainer.steps > 0


def test_a_pause_in_the_ticks_does_not_end_in_a_burst() -> None:
    sess, clock = _paced("normal")
    sess.tick(SLICE_S)
    clock.now += 30.0  # e.g. the timers stopped while the browser tab was hidden
    before = sess.trainer.steps
    sess.tick(SLICE_S)
    assert sess.trainer.steps - before <= SLICE_S * 30 * STEPS_PER_EPOCH + 1


def test_slow_is_the_default_and_the_circle_forms_over_about_ten_seconds() -> None:
    assert DEFAULTS.speed == "slow"
    sess, _clock = _paced("slow")
    accuracy = {}
    for k in range(1, 12 * 12 + 1):  # 12 s of slices
        sess.tick(SLICE_S)
        if k % 12 == 0:
            accuracy[round(k * SLICE_S)] = sess.trainer.metrics["test_acc"]
    assert accuracy[2] < 0.9  # still forming after 2 s ...
    assert accuracy[10] >= 0.97  # ... and there after about 10 s


def test_speed_control_and_link(train) -> None:
    sess = session(train)
    net = sess.trainer
    train.button_group(key="tr_speed").set_value("normal").run()
    no_exception(train)
    assert session(train).settings.speed == "normal"
    assert session(train).trainer is net  # the pace is not part of the network
    assert train.query_params["speed"] in ("normal", ["normal"])
    again = open_page("train", {"speed": "normal"})
    assert session(again).settings.speed == "normal" and not again.warning
    bad = open_page("train", {"speed": "warp"})
    assert "`speed`" in " ".join(w.value for w in bad.warning)
    assert session(bad).settings.speed == "slow"
