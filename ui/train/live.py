"""The buttons (Train/Pause, Step, Step epoch, Reset) and the live view that trains and redraws.

Training runs in a `@st.fragment(run_every=INTERVAL_S)` ticker. Each of its runs trains
SLICES_PER_RUN slices, each for a budget of CPU time (TrainSession.tick, in Trainer.run_for
pieces), and puts the new epoch into the Epoch metric after every slice. The other metrics, the
loss curve, the decision boundary and the network are one fragment with a slower timer that
redraws them from the trainer's current state. Train and Pause flip every run_every between its
period and None with a full rerun; nothing runs in a thread, and a run is bounded (at most
SLICES_PER_RUN * MAX_TICK_S): a click (Pause, any setting) asks for a full rerun, which Streamlit
starts at the ticker's next call to st (after the current slice at most).

Why so (measured on this 2-core machine, see benchmarks/bench_train_browser.py): every update
costs the browser a React re-render of the whole page, and every fragment run costs it more on
top (run start, run end, stale elements); with three classroom sessions training at once, the
browsers took half the machine. Several metric updates per ticker run (3 instead of 1) cut the
browsers' CPU by a quarter and lifted three sessions from about 3 to above 4 screen updates a
second each. For the same reason the charts share one slower fragment, and the live elements
do not fade while their fragment runs (LIVE_CSS: Streamlit's stale-element transition would
start, and be cancelled, on every run). The charts are ECharts keyed by name, which take new data
in place: a changed st.plotly_chart is remounted and blank for a frame or more on every redraw
(flicker). Fragment runs of a session never overlap (Streamlit runs them one after another and
merges queued timer requests), so every fragment reads a consistent trainer.
"""

from __future__ import annotations

import math
import time

import streamlit as st

from ui.figures import network
from ui.style import scroll_box
from ui.train.scene import Charts
from ui.train.session import TrainSession
from ui.train.state import get_session

SEND_PAUSE_S = 0.001  # see let_server_send
BUDGET_S = 0.085  # training (CPU time) per slice: about ten Epoch updates a second alone
MAX_TICK_S = 0.15  # wall time: when sessions share the CPU, slices stretch to at most this
SLICES_PER_RUN = 3  # Epoch updates per ticker run (one in a full rerun: the page waits for it)
INTERVAL_S = 0.25  # ticker period, a little under a run, so the next run follows at once
FULL_RUN_KEY = "tr_full_run"  # set by a full rerun, read by the ticker
LIVE_KEYS = ("tr_epoch", "tr_live_charts")  # containers whose elements never fade
LIVE_CSS = "<style>" + ", ".join(f".st-key-{k} [data-stale=true]" for k in LIVE_KEYS) + (
    " {opacity: 1 !important; transition: none !important}</style>")
CHARTS_PERIOD_S = 0.5  # the charts redraw twice a second
CHARTS_KEY = "train_charts"


def _toggle() -> None:
    sess = get_session()
    if sess.running:
        sess.pause()
    else:
        sess.start()


def control_bar(sess: TrainSession):
    """The buttons and the Epoch metric's place, then what the learner needs to know now
    (divergence, reset). Returns the container the ticker draws the Epoch metric into."""
    diverged = sess.trainer is not None and sess.trainer.state == "diverged"
    # A horizontal container (buttons as wide as their labels, wrapping on narrow screens);
    # it is drawn only on full reruns, so its layout cost does not recur on every tick.
    bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
    with bar:
        if sess.running:
            st.button("Pause", key="tr_train", icon=":material/pause:", type="primary",
                      on_click=_toggle)
        else:
            st.button("Train", key="tr_train", icon=":material/play_arrow:", type="primary",
                      on_click=_toggle, disabled=diverged, help="Train until you press Pause")
        st.button("Step", key="tr_step", icon=":material/skip_next:", on_click=sess.step,
                  disabled=diverged, help="One mini-batch")
        st.button("Step epoch", key="tr_step_epoch", icon=":material/fast_forward:",
                  on_click=sess.step_epoch, disabled=diverged,
                  help="Finish the current pass over the training data")
        st.button("Reset", key="tr_reset", icon=":material/replay:", on_click=sess.reset,
                  help="Back to epoch 0 and the same initial weights")
        epoch_slot = st.container(width=150, key=LIVE_KEYS[0])
        st.caption(_status(sess), width=260)
    if sess.alert:
        st.error(sess.alert, icon=":material/warning:")
    if sess.notice:
        st.info(sess.notice, icon=":material/restart_alt:")
    if sess.error:
        st.error(sess.error, icon=":material/error:")
    return epoch_slot


def _status(sess: TrainSession) -> str:
    t = sess.trainer
    if t is None:
        return ""
    sizes = " → ".join(str(n) for n in t.config.sizes)
    state = "training…" if sess.running else "paused"
    return f"Network {sizes} · {t.X.shape[0]} training points · {state}"


def _text(v: float) -> str:
    """A loss short enough for a metric in a quarter of the screen: 0.468, 12.35, 4.9e-3."""
    if not math.isfinite(v):
        return "—"
    if abs(v) >= 1:
        return f"{v:.4g}"
    if abs(v) >= 0.01:
        return f"{v:.3f}"
    mantissa, exponent = f"{v:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def _percent(v: float) -> str:
    return "—" if not math.isfinite(v) else f"{100 * v:.1f}%".replace(".0%", "%")


def let_server_send() -> None:
    """Release the GIL for a moment so Streamlit's event-loop thread sends what this run drew.

    Streamlit sends updates from its event-loop thread, while the next tick usually starts
    at once in this script thread and holds the GIL for its whole training slice; the
    event-loop thread then gets the GIL only at Python's forced switches (every 5 ms, a step
    of its work at a time), so an Epoch reached the browser late, together with the next
    one. Measured here (one session): about 5 screen updates a second without this pause,
    9 to 10 with it."""
    time.sleep(SEND_PAUSE_S)


def ticker() -> None:
    """One run: train a slice and show the epoch, SLICES_PER_RUN times (once in a full rerun,
    or when paused). Divergence stops the timers."""
    sess = get_session()
    slices = 1 if st.session_state.pop(FULL_RUN_KEY, False) else SLICES_PER_RUN
    slot = st.empty()
    for _ in range(slices):
        if sess.tick(BUDGET_S, MAX_TICK_S):
            st.rerun()  # a full rerun redraws Train (not Pause) and drops every run_every
        slot.metric("Epoch", f"{sess.trainer.epoch:,}")  # also where a click interrupts
        let_server_send()
        if not sess.running:
            break


def _charts() -> Charts:
    charts = st.session_state.get(CHARTS_KEY)
    if charts is None:
        charts = st.session_state[CHARTS_KEY] = Charts()
    return charts


def show_chart(name: str, option: dict, **size) -> None:
    """st.echarts_chart with a key: a display-only chart keyed like this keeps its instance
    and takes new data in place (no remount, so no blank frame on every redraw)."""
    st.echarts_chart(option, key=f"tr_chart_{name}", theme=None, **size)


BOUNDARY_BOX = "tr_boundary_box"  # a square box (ui/style.py), the chart fills it


def boundary_chart() -> None:
    with st.container(key=BOUNDARY_BOX):
        show_chart("boundary", _charts().figure("boundary", get_session()),
                   width="stretch", height="stretch")


def network_chart() -> None:
    sess = get_session()
    sizes = sess.trainer.config.sizes
    with scroll_box("tr_network", network.min_width(sizes)):  # deep nets scroll on phones
        show_chart("network", _charts().figure("network", sess), width="stretch",
                   height=network.layout(sizes)[1])


def loss_panel() -> None:
    """Loss and accuracy numbers over the loss curve (they change together)."""
    sess = get_session()
    m = sess.metrics()
    classify = sess.bundle.task != "regression"
    # Two by two: four metrics in a row do not fit the network's column at st.metric's size.
    row1 = st.columns(2)
    row1[0].metric("Train loss", _text(m["train_loss"]),
                   help="Mean loss over the training data (without the L1/L2 penalty)")
    row1[1].metric("Test loss", _text(m["test_loss"]))
    if classify:
        row2 = st.columns(2)
        row2[0].metric("Train accuracy", _percent(m["train_acc"]))
        row2[1].metric("Test accuracy", _percent(m["test_acc"]))
    log_y = st.session_state.get("tr_log_scale", False)
    show_chart("loss", _charts().figure("loss", sess, log_y=log_y), height=300)


TITLES = {"binary": "Decision boundary", "multiclass": "Predicted class",
          "regression": "Output surface"}
MARKERS = {
    "binary": "Background: the probability of class 1 (colour bar: blue 0, white 0.5, "
              "orange 1). Each class has its own shape and colour; training points filled, "
              "test points hollow.",
    "multiclass": "Background: the predicted class. Each class has its own shape and colour; "
                  "training points filled, test points hollow.",
    "regression": "Background: the network's output (colour bar: blue low, orange high, the "
                  "colours of the targets). Training points filled, test points hollow.",
}


def charts() -> None:
    """As Playground: what the network outputs and the network side by side on the first
    screen, the loss under the network; one fragment, so the browser applies one page update
    per redraw for all. Every chart stretches to its column (phones stack the columns)."""
    sess = get_session()
    # The output first (left, as the first chart of the page), the network beside it.
    left, right = st.columns([1, 1.2], gap="medium")
    with left:
        st.markdown("##### " + TITLES[sess.bundle.task])
        boundary_chart()
        st.caption(MARKERS[sess.bundle.task] + " Hover for values.")
    with right:
        st.markdown("##### The network")
        network_chart()
        st.caption("Each box is a node's output over the plane of the first two inputs (blue "
                   "negative, orange positive, scaled per node). Lines are weights: solid "
                   "orange positive, dashed blue negative, thicker for larger |w|. Hover a line "
                   "for its weight, a node for its bias.")
        st.markdown("##### Loss")
        loss_panel()
        st.checkbox("Log scale", key="tr_log_scale")
        if sess.bundle.note:
            st.caption(sess.bundle.note)
    let_server_send()


def live_view(sess: TrainSession, epoch_slot) -> None:
    """The Epoch metric (in the control bar), then the charts."""
    running = sess.running
    st.html(LIVE_CSS)
    st.session_state[FULL_RUN_KEY] = True
    with epoch_slot:
        st.fragment(run_every=INTERVAL_S if running else None)(ticker)()
    with st.container(key=LIVE_KEYS[1]):
        st.fragment(run_every=CHARTS_PERIOD_S if running else None)(charts)()
