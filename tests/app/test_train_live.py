"""The live ticker on /train: how many training slices a run does and what it shows.

A timer run of the ticker fragment trains SLICES_PER_RUN slices and shows the epoch after each;
in a full rerun (after a click) it trains one, so the rest of the page is not kept waiting.
AppTest cannot fire run_every timers, so the timer run is the ticker called as a script."""

from __future__ import annotations

import pytest
from apptest_helpers import no_exception
from streamlit.testing.v1 import AppTest
from test_train_page import epoch, session, train  # noqa: F401 - train is a fixture

from ui.train.live import SLICES_PER_RUN
from ui.train.session import TrainSession


@pytest.fixture
def slices(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Records the budget of every TrainSession.tick (one per slice)."""
    calls: list[float] = []
    real = TrainSession.tick

    def counting_tick(self: TrainSession, budget_s: float, *args, **kwargs) -> bool:
        calls.append(budget_s)
        return real(self, budget_s, *args, **kwargs)

    monkeypatch.setattr(TrainSession, "tick", counting_tick)
    return calls


def test_a_full_rerun_trains_one_slice(train: AppTest, slices: list[float]) -> None:  # noqa: F811
    train.button(key="tr_train").click().run()
    no_exception(train)
    assert session(train).running
    assert len(slices) == 1
    assert epoch(train) == session(train).trainer.epoch > 0


def _timer_run() -> None:
    """What a run_every run of the ticker does (no full rerun before it)."""
    from ui.train.live import ticker
    from ui.train.state import get_session

    get_session().start()
    ticker()


def test_a_timer_run_trains_several_slices_and_shows_the_last_epoch(
        slices: list[float]) -> None:
    at = AppTest.from_function(_timer_run, default_timeout=30).run()
    no_exception(at)
    assert SLICES_PER_RUN > 1 and len(slices) == SLICES_PER_RUN
    assert len(at.metric) == 1  # one Epoch metric, updated in place after each slice
    assert epoch(at) == session(at).trainer.epoch > 0


def _paused_run() -> None:
    from ui.train.live import ticker

    ticker()  # the session exists but was never started


def test_a_paused_timer_run_does_one_empty_slice(slices: list[float]) -> None:
    at = AppTest.from_function(_paused_run, default_timeout=30).run()
    no_exception(at)
    assert len(slices) == 1 and epoch(at) == 0
