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
(flicker).

Runs of one session DO overlap: with runner.fastReruns a click stops the running ticker only
at its next Streamlit call and starts the full rerun at once in a new thread, and a deferred
download builds its file in a worker thread. So nothing here touches the trainer except
through TrainSession's locked methods or under `sess.lock` (the charts, export, import), and
figures evaluate the model through the no-grad path (Trainer.predict), which caches nothing.
"""

from __future__ import annotations

import streamlit as st

from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.highlight import NONE, Highlight
from ui.safe_text import MESSAGE_CHARS, user_text
from ui.train import fair_share
from ui.train.live_charts import charts, let_server_send
from ui.train.session import TrainSession
from ui.train.settings import SPEEDS
from ui.train.state import bind, get_session
from ui.widget_sync import show

SPEED_WORDS = {"slow": "Slow", "normal": "Normal", "fast": "Fast"}

BUDGET_S = 0.085  # training (CPU time) per slice: about ten Epoch updates a second alone
MAX_TICK_S = 0.15  # wall time: when sessions share the CPU, slices stretch to at most this
SLICES_PER_RUN = 3  # Epoch updates per ticker run (one in a full rerun: the page waits for it)
INTERVAL_S = 0.25  # ticker period, a little under a run, so the next run follows at once
FULL_RUN_KEY = "tr_full_run"  # set by a full rerun, read by the ticker
LIVE_KEYS = ("tr_epoch", "tr_live_charts")  # containers whose elements never fade
LIVE_CSS = "<style>" + ", ".join(f".st-key-{k} [data-stale=true]" for k in LIVE_KEYS) + (
    " {opacity: 1 !important; transition: none !important}</style>")
CHARTS_PERIOD_S = 0.5  # the charts redraw twice a second
SHARE_TOKEN_KEY = "tr_share_token"  # this session's opaque token in fair_share.TRAINERS


def _toggle() -> None:
    sess = get_session()
    if sess.running:
        sess.pause()
    else:
        sess.start()


# Messages and view choices kept in st.session_state that Reset everything clears.
PAGE_MESSAGES = ("train_field_errors", "train_link_warning", "train_csv_error",
                 "train_import_message", "tr_log_scale", "tr_per_layer_act")


@unless_locked
def reset_everything() -> None:
    get_session().reset_everything()
    for key in PAGE_MESSAGES:
        st.session_state.pop(key, None)


def control_bar(sess: TrainSession):
    """The buttons and the Epoch metric's place, then what the learner needs to know now
    (divergence, reset). Returns the container the ticker draws the Epoch metric into."""
    # No network (settings that make none): nothing to train, step or reset.
    diverged = sess.trainer is None or sess.trainer.state == "diverged"
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
        if shown("reset"):  # Reset keeps the settings: it works on a locked page too
            st.button("Reset", key="tr_reset", icon=":material/replay:", on_click=sess.reset,
                      disabled=sess.trainer is None,
                      help="Back to epoch 0 and the same initial weights")
            st.button("Reset everything", key="tr_reset_all", icon=":material/restart_alt:",
                      on_click=reset_everything, disabled=locked(),
                      help="Every setting back to its default, a new network and a clean link")
        if shown("speed"):  # how fast Train runs: not part of the example, never locked
            st.segmented_control(
                "Speed", list(SPEEDS), default=show("tr_speed", sess.settings.speed),
                format_func=SPEED_WORDS.get,
                help="How fast Train runs: slow 5 epochs a second (watch the boundary form), "
                     "normal 30, fast as fast as the server can",
                **bind("tr_speed", "speed", lambda v: v or get_session().settings.speed,
                       lockable=False))
        epoch_slot = st.container(width=150, key=LIVE_KEYS[0])
        st.caption(_status(sess), width=260)
    if sess.alert:
        st.error(sess.alert, icon=":material/warning:")
    if sess.warning:
        st.warning(sess.warning, icon=":material/trending_up:")
    if sess.notice:
        st.info(sess.notice, icon=":material/restart_alt:")
    if sess.error:
        st.error(user_text(sess.error, MESSAGE_CHARS), icon=":material/error:")
    return epoch_slot


def _status(sess: TrainSession) -> str:
    t = sess.trainer
    if t is None:
        return "No network: the settings do not make one (see the message)"
    sizes = " → ".join(str(n) for n in t.config.sizes)
    state = "training…" if sess.running else "paused"
    return f"Network {sizes} · {t.X.shape[0]} training points · {state}"


def ticker() -> None:
    """One run: train a slice and show the epoch, SLICES_PER_RUN times (once in a full rerun,
    or when paused). Divergence stops the timers."""
    sess = get_session()
    slices = 1 if st.session_state.pop(FULL_RUN_KEY, False) else SLICES_PER_RUN
    if sess.trainer is None:
        return  # the network was dropped (settings that make none) by another run
    share = st.session_state.setdefault(SHARE_TOKEN_KEY, fair_share.token())
    # The metric itself is the placeholder, drawn first with the value already on screen: an
    # st.empty() here showed nothing until the first slice ended (the Epoch blinked blank in
    # about 1 of 5 animation frames in Chromium).
    slot = st.metric("Epoch", f"{sess.trainer.epoch:,}")
    for _ in range(slices):
        warned = bool(sess.warning)
        if sess.running and SPEEDS.get(sess.settings.speed) is None:
            # Fast: a fair share of this process's CPU (the budget shrinks as more sessions
            # train here), one slice at a time in the process.
            budget = fair_share.slice_budget(fair_share.TRAINERS.beat(share))
            with fair_share.turn() as mine:
                diverged = mine and sess.tick(budget, MAX_TICK_S)
        else:  # slow and normal speeds sleep inside their slice: they take no turn
            diverged = sess.tick(BUDGET_S, MAX_TICK_S)
        if diverged:
            st.rerun()  # a full rerun redraws Train (not Pause) and drops every run_every
        if bool(sess.warning) != warned:
            st.rerun()  # the warning sits in the control bar, which only a full rerun draws
        t = sess.trainer
        if t is None:
            return
        slot.metric("Epoch", f"{t.epoch:,}")  # in place; also where a click interrupts
        let_server_send()
        if not sess.running:
            break


def live_view(sess: TrainSession, epoch_slot, highlight: Highlight = NONE,
              narrow: bool = False) -> None:
    """The Epoch metric (in the control bar), then the charts (highlight, narrow: see
    charts)."""
    running = sess.running
    st.html(LIVE_CSS)
    st.session_state[FULL_RUN_KEY] = True
    with epoch_slot:
        st.fragment(run_every=INTERVAL_S if running else None)(ticker)()
    with st.container(key=LIVE_KEYS[1]):
        if running:  # counted from its Train click, before its charts' period is chosen
            fair_share.TRAINERS.beat(
                st.session_state.setdefault(SHARE_TOKEN_KEY, fair_share.token()))
        period = fair_share.charts_period(fair_share.TRAINERS.count(), CHARTS_PERIOD_S)
        st.fragment(run_every=period if running else None)(charts)(highlight, narrow)
