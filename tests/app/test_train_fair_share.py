"""The fair share of the server's CPU (ui/train/fair_share.py): the slice budget shrinks as more
sessions train in the process, the count forgets sessions that stopped and the charts slow
down in a crowd.
The ticker is run as a script (AppTest does not fire run_every timers)."""

from __future__ import annotations

import threading

import pytest
from apptest_helpers import no_exception
from streamlit.testing.v1 import AppTest
from test_train_live import slices  # noqa: F401 - a fixture

from ui.train import fair_share
from ui.train.fair_share import (
    MIN_BUDGET_S,
    SHARE_S,
    SOLO_BUDGET_S,
    TrainerCount,
    charts_period,
    slice_budget,
)


def test_budget_shrinks_with_the_number_of_trainers() -> None:
    assert slice_budget(0) == slice_budget(1) == SOLO_BUDGET_S
    budgets = [slice_budget(n) for n in range(1, 61)]
    assert budgets == sorted(budgets, reverse=True)  # never more for more trainers
    assert slice_budget(10) == pytest.approx(SHARE_S / 10)
    assert slice_budget(1000) == MIN_BUDGET_S
    # A round of every trainer's slice stays within SHARE_S until the floor is reached.
    for n in range(2, int(SHARE_S / MIN_BUDGET_S) + 1):
        assert n * slice_budget(n) <= SHARE_S + 1e-12


def test_the_count_forgets_sessions_that_stopped_training() -> None:
    count = TrainerCount(window_s=1.0)
    assert count.beat(1, now=100.0) == 1
    assert count.beat(2, now=100.5) == 2
    assert count.beat(1, now=100.9) == 2  # the same session again is not a new one
    assert count.count(now=101.4) == 2
    assert count.count(now=101.6) == 1  # session 2 has not trained for more than a second
    count.leave(1)
    assert count.count(now=101.6) == 0


def test_the_count_is_safe_across_threads() -> None:
    count = TrainerCount(window_s=60.0)

    def beat_many(base: int) -> None:
        for k in range(500):
            count.beat(base + k)

    threads = [threading.Thread(target=beat_many, args=(i * 1000,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert count.count() == 8 * 500


def test_tokens_are_never_reused() -> None:
    tokens = {fair_share.token() for _ in range(100)}
    assert len(tokens) == 100


def test_charts_slow_down_in_a_crowd() -> None:
    assert charts_period(1, 0.5) == charts_period(4, 0.5) == 0.5
    assert charts_period(20, 0.5) == pytest.approx(2.5)


def _timer_run() -> None:
    from ui.train.live import ticker
    from ui.train.state import get_session

    sess = get_session()
    sess.update(speed="fast")  # the fair share applies to fast training (paced speeds sleep)
    sess.start()
    ticker()


def test_a_crowded_timer_run_trains_smaller_slices(slices: list[float],  # noqa: F811
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    crowd = TrainerCount(window_s=60.0)
    for tok in range(-19, 0):  # 19 other sessions train in this process (negative tokens)
        crowd.beat(tok)
    monkeypatch.setattr(fair_share, "TRAINERS", crowd)
    at = AppTest.from_function(_timer_run, default_timeout=30).run()
    no_exception(at)
    assert slices and all(b == pytest.approx(slice_budget(20)) for b in slices)
    assert crowd.count() == 20  # this session was counted too


def test_one_training_slice_at_a_time_in_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fair_share, "TURN_WAIT_S", 0.05)
    inside: list[int] = []
    most = [0]

    def train_slice() -> None:
        with fair_share.turn() as mine:
            if mine:
                inside.append(1)
                most[0] = max(most[0], len(inside))
                threading.Event().wait(0.002)
                inside.pop()

    threads = [threading.Thread(target=lambda: [train_slice() for _ in range(20)])
               for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1


def test_a_slice_that_waits_too_long_for_its_turn_is_skipped(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fair_share, "TURN_WAIT_S", 0.01)
    with fair_share.turn() as first:
        assert first
        result: list[bool] = []
        t = threading.Thread(target=lambda: result.append(fair_share.turn().__enter__()))
        t.start()
        t.join()
        assert result == [False]  # the other thread did not get the turn, and did not wait on
    with fair_share.turn() as again:
        assert again  # released on exit
