# ruff: noqa: F811 - the train fixture is imported from test_train_page
"""What /train says about the run: a learning rate that keeps the loss far above its start gets
a warning (training goes on), and settings that make no network leave none on screen, with a
status line that says so."""

from __future__ import annotations

from apptest_helpers import no_exception, open_page
from test_train_page import session, train  # noqa: F401 - train is a fixture


def _warnings(at) -> str:
    return " ".join(w.value for w in at.warning)


def _train_epochs(sess, n: int) -> None:
    """What the ticker does, slice by slice, until n more epochs are done."""
    sess.start()
    target = sess.trainer.epoch + n
    while sess.trainer.epoch < target and sess.running:
        sess.tick(0.05)


def test_learning_rate_100_warns_that_it_is_probably_too_large_without_pausing() -> None:
    at = open_page("train", {"lr": "100", "speed": "fast"})
    sess = session(at)
    start = sess.trainer.history.rows["train_loss"][0]
    _train_epochs(sess, 40)
    assert sess.trainer.state == "ready" and sess.running  # not diverged, not paused
    assert sorted(sess.trainer.history.rows["train_loss"][-5:])[2] > 2 * start
    at.run()
    no_exception(at)
    text = _warnings(at)
    assert "probably too large" in text and "learning rate 100" in text and "try 10" in text
    assert at.button(key="tr_train").proto.label == "Pause"
    # A lower rate takes the warning away until the loss has had time to show again.
    at.selectbox(key="tr_lr").set_value(0.03).run()
    assert "probably too large" not in _warnings(at)


def test_a_good_learning_rate_gets_no_warning(train) -> None:
    sess = session(train)
    _train_epochs(sess, 40)
    train.run()
    assert "probably too large" not in _warnings(train)


def test_settings_that_make_no_network_show_none_and_the_status_says_so() -> None:
    at = open_page("train", {"n": "10", "train": "10", "bn": "1"})
    no_exception(at)
    assert any("Could not build the network" in e.value for e in at.error)
    captions = " ".join(c.value for c in at.caption)
    assert "No network" in captions and "training points" not in captions
    assert session(at).trainer is None
    assert not at.get("echarts_chart")  # no chart of an older network
    for key in ("tr_train", "tr_step", "tr_step_epoch", "tr_reset"):
        assert at.button(key=key).proto.disabled
    # Fixing the settings brings a network back.
    at.slider(key="tr_train_pct").set_value(50).run()
    no_exception(at)
    assert session(at).trainer is not None and len(at.get("echarts_chart")) == 4
    assert "Network 2 → 4 → 2 → 1 · 5 training points" in " ".join(c.value for c in at.caption)


def _timer_runs_at_lr_100() -> None:
    """Timer runs of the ticker (as run_every fires them) on a run whose loss stays high."""
    from ui.train.live import ticker
    from ui.train.state import get_session

    sess = get_session()
    if sess.settings.lr != 100:
        sess.update(lr=100.0, speed="fast")
        sess.start()
    ticker()


def test_the_warning_reruns_the_page_once_not_on_every_tick(monkeypatch) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    reruns: list[str] = []
    real_rerun = st.rerun
    monkeypatch.setattr(st, "rerun", lambda *a, **k: (reruns.append(get_warning()),
                                                       real_rerun(*a, **k)))
    at = AppTest.from_function(_timer_runs_at_lr_100, default_timeout=60)

    def get_warning() -> str:
        return at.session_state["train_session"].warning

    at.run()
    sess = session(at)
    while sess.trainer.epoch < 60:
        at.run()
        no_exception(at)
    assert sess.running and "probably too large" in sess.warning
    assert len(reruns) <= 2  # when the warning came (and perhaps went once), not per tick
