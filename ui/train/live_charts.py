"""The /train charts (what the network outputs, the network, the loss with its numbers), drawn
in one fragment from the trainer's current state (ui.train.live runs it on a timer while
training). Each chart is an ECharts instance keyed by name, which takes new data in place (no
remount, so no blank frame on a redraw). Everything reads the model through TrainSession's
locked, no-grad paths (ui.train.scene), never the training state.
"""

from __future__ import annotations

import math
import time

import streamlit as st

from ui.figures import network
from ui.highlight import NONE, Highlight
from ui.marks import part
from ui.style import scroll_box
from ui.train.penalty_panel import weights_section
from ui.train.scene import Charts
from ui.train.session import TrainSession
from ui.train.state import get_session

SEND_PAUSE_S = 0.001  # see let_server_send
CHARTS_KEY = "train_charts"


def loss_text(v: float) -> str:
    """A loss short enough for a metric in a quarter of the screen: 0.468, 12.35, 4.9e-3."""
    if not math.isfinite(v):
        return "—"
    if abs(v) >= 1:
        return f"{v:.4g}"
    if abs(v) >= 0.01:
        return f"{v:.3f}"
    mantissa, exponent = f"{v:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def percent_text(v: float) -> str:
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


def loss_panel(highlight: Highlight = NONE) -> None:
    """Loss and accuracy numbers over the loss curve (they change together); highlight: the
    metrics or the chart a lesson step names, outlined and named."""
    sess = get_session()
    m = sess.metrics()
    classify = sess.bundle.task != "regression"
    # Two by two: four metrics in a row do not fit the network's column at st.metric's size.
    row1 = st.columns(2)
    with row1[0], part(highlight, "train loss"):
        st.metric("Train loss", loss_text(m["train_loss"]),
                  help="Mean loss over the training data (without the L1/L2 penalty)")
    with row1[1], part(highlight, "test loss"):
        st.metric("Test loss", loss_text(m["test_loss"]))
    if classify:
        row2 = st.columns(2)
        with row2[0], part(highlight, "train accuracy"):
            st.metric("Train accuracy", percent_text(m["train_acc"]))
        with row2[1], part(highlight, "test accuracy"):
            st.metric("Test accuracy", percent_text(m["test_acc"]))
    # Log scale by default: on a linear axis the first epochs' drop is a wall at epoch 0.
    log_y = st.session_state.get("tr_log_scale", True)
    with part(highlight, "loss chart", "the loss curve"):
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


def charts(highlight: Highlight = NONE, narrow: bool = False) -> None:
    """As Playground: what the network outputs and the network side by side on the first
    screen, the loss under the network; one fragment, so the browser applies one page update
    per redraw for all. Every chart stretches to its column (phones stack the columns).
    highlight: the charts or metrics a lesson step names, outlined and named. narrow: the
    view sits in a narrow column (a lesson's tool beside its text): the loss beside the
    output, the network under both (full width, so it is not cut)."""
    sess = get_session()
    # The output first (left, as the first chart of the page), the network beside it.
    left, right = st.columns([1, 1.2], gap="medium")
    with left:
        st.markdown("##### " + TITLES[sess.bundle.task])
        with part(highlight, "boundary", TITLES[sess.bundle.task].lower()):
            boundary_chart()
        st.caption(MARKERS[sess.bundle.task] + " Hover for values.")
    with right:
        if not narrow:
            _network_section(highlight)
        _loss_section(sess, highlight)
    if narrow:
        _network_section(highlight)
    let_server_send()
    weights_section(sess)


def _network_section(highlight: Highlight) -> None:
    st.markdown("##### The network")
    with part(highlight, "network", "the network"):
        network_chart()
    st.caption("Each box is a node's output over the plane of the first two inputs (blue "
               "negative, orange positive, scaled per node). Lines are weights: solid "
               "orange positive, dashed blue negative, thicker for larger |w|. Hover a line "
               "for its weight, a node for its bias.")


def _loss_section(sess: TrainSession, highlight: Highlight) -> None:
    st.markdown("##### Loss")
    loss_panel(highlight)
    st.checkbox("Log scale", key="tr_log_scale", value=True)
    if sess.bundle.note:
        st.caption(sess.bundle.note)
