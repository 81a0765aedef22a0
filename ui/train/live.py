"""The buttons (Train/Pause, Step, Step epoch, Reset) and the live view that trains and redraws.

Training runs inside `@st.fragment(run_every=...)`: each timer tick trains for a time budget
(Trainer.run_for) and redraws only the fragment. Train and Pause flip run_every between
INTERVAL_S and None with a full rerun; nothing loops or sleeps, and no thread touches Streamlit.
If a tick takes longer than the interval, Streamlit queues one rerun (not a pile of them), so
the server trains back to back and a classroom's sessions share the CPU instead of stalling.
"""

from __future__ import annotations

import math
import time

import streamlit as st

from ui.prebuilt_chart import show_figure
from ui.train.scene import Scene, boundary_dict, build_scene, loss_dict, network_dict
from ui.train.session import TrainSession
from ui.train.state import get_session

INTERVAL_S = 0.1  # timer period: up to ten redraws a second
BUDGET_S = 0.085  # training per tick; figures and sending take most of the rest
SCENE = "train_scene"
FIGS = "train_figures"
CHARTS = ("boundary", "loss", "network")


def _toggle() -> None:
    sess = get_session()
    if sess.running:
        sess.pause()
    else:
        sess.start()


def control_bar(sess: TrainSession) -> None:
    """The buttons, then what the learner needs to know now (divergence, reset)."""
    diverged = sess.trainer is not None and sess.trainer.state == "diverged"
    cols = st.columns([1.2, 1, 1.3, 1, 4], vertical_alignment="center")
    if sess.running:
        cols[0].button("Pause", key="tr_train", icon=":material/pause:", type="primary",
                       on_click=_toggle, width="stretch")
    else:
        cols[0].button("Train", key="tr_train", icon=":material/play_arrow:", type="primary",
                       on_click=_toggle, width="stretch", disabled=diverged,
                       help="Train until you press Pause")
    cols[1].button("Step", key="tr_step", icon=":material/skip_next:", on_click=sess.step,
                   width="stretch", disabled=diverged, help="One mini-batch")
    cols[2].button("Step epoch", key="tr_step_epoch", icon=":material/fast_forward:",
                   on_click=sess.step_epoch, width="stretch", disabled=diverged,
                   help="Finish the current pass over the training data")
    cols[3].button("Reset", key="tr_reset", icon=":material/replay:", on_click=sess.reset,
                   width="stretch", help="Back to epoch 0 and the same initial weights")
    with cols[4]:
        st.caption(_status(sess))
    if sess.alert:
        st.error(sess.alert, icon=":material/warning:")
    if sess.notice:
        st.info(sess.notice, icon=":material/restart_alt:")
    if sess.error:
        st.error(sess.error, icon=":material/error:")


def _status(sess: TrainSession) -> str:
    t = sess.trainer
    if t is None:
        return ""
    sizes = " → ".join(str(n) for n in t.config.sizes)
    state = "training…" if sess.running else "paused"
    return f"Network {sizes} · {t.X.shape[0]} training points · {state}"


def _scene(sess: TrainSession) -> Scene:
    """The cached scene for this data and network, rebuilt when either changed."""
    scene = st.session_state.get(SCENE)
    key = (sess.bundle.key, id(sess.trainer))
    if scene is None or scene.key != key:
        scene = st.session_state[SCENE] = build_scene(sess.bundle, sess.trainer)
    return scene


def _text(v: float, digits: int = 4) -> str:
    return "—" if not math.isfinite(v) else f"{v:.{digits}g}"


def metrics_row(sess: TrainSession) -> None:
    m = sess.metrics()
    classify = sess.bundle.task != "regression"
    cols = st.columns(5 if classify else 3)
    cols[0].metric("Epoch", f"{m['epoch']:,}")
    cols[1].metric("Train loss", _text(m["train_loss"]),
                   help="Mean loss over the training data (without the L1/L2 penalty)")
    cols[2].metric("Test loss", _text(m["test_loss"]))
    if classify:
        cols[3].metric("Train accuracy", _text(100 * m["train_acc"], 3) + " %")
        cols[4].metric("Test accuracy", _text(100 * m["test_acc"], 3) + " %")


def _figures(sess: TrainSession, scene: Scene, fresh: bool) -> dict[str, dict]:
    """The three chart dicts. While training, one chart is rebuilt per tick in turn and the
    others are sent again unchanged: Streamlit remounts a plotly chart whose figure changed
    (a full Plotly.newPlot in the browser, the dominant per-tick cost), but leaves an
    identical one alone. So the Epoch metric updates on every tick and each chart about every
    third tick. `fresh` rebuilds all three (paused, or a new scene)."""
    figs = st.session_state.setdefault(FIGS, {})
    t, s = sess.trainer, sess.settings
    if fresh or figs.get("scene") is not scene:
        due = CHARTS
    else:
        due = (CHARTS[sess.ticks % len(CHARTS)],)
    log_y = st.session_state.get("tr_log_scale", False)
    for name in due:
        if name == "boundary":
            figs[name] = boundary_dict(scene, sess.bundle, t, show_test=s.show_test,
                                       discretize=s.discretize)
        elif name == "loss":
            figs[name] = loss_dict(t, log_y=log_y)
        else:
            figs[name] = network_dict(scene, t)
    figs["scene"] = scene
    return figs


def draw(sess: TrainSession, fresh: bool = True) -> None:
    """Metrics, boundary and loss side by side, then the network with its neuron maps."""
    figs = _figures(sess, _scene(sess), fresh)
    metrics_row(sess)
    left, right = st.columns(2, gap="medium")
    with left:
        show_figure("boundary", figs["boundary"])
    with right:
        show_figure("loss", figs["loss"])
        # Inside the fragment: switching the scale redraws this view only.
        st.checkbox("Log scale", key="tr_log_scale")
        if sess.bundle.note:
            st.caption(sess.bundle.note)
    show_figure("network", figs["network"])


def live_body() -> None:
    """One tick: train a slice (when running), redraw. Divergence stops the timer."""
    sess = get_session()
    if sess.trainer is None:
        return
    started = time.perf_counter()
    stopped = sess.tick(BUDGET_S)
    draw(sess, fresh=not sess.running or stopped)
    sess.last_tick_s = time.perf_counter() - started
    if stopped:
        st.rerun()  # a full rerun redraws Train (not Pause) and drops run_every


def live_view(sess: TrainSession) -> None:
    st.fragment(run_every=INTERVAL_S if sess.running else None)(live_body)()
