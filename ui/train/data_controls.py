"""Sidebar: the data (a generated set or a CSV file) and the network's input features."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core import FEATURES
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.safe_text import MESSAGE_CHARS, user_text
from ui.train.data import read_csv_upload
from ui.train.settings import (
    CSV,
    DATA_CHOICES,
    DATA_LABELS,
    MAX_CLASSES,
    MAX_NOISE_PCT,
    MAX_POINTS,
    MAX_SEED,
    MIN_CLASSES,
    MIN_POINTS,
    check_features,
)
from ui.train.state import bind, code_text, field_error, get_session
from ui.whole_number import whole_number_box
from ui.widget_sync import show, show_index

ASSETS = Path(__file__).resolve().parents[2] / "assets"
SAMPLES = (("sample.csv", "Sample file: 2 classes", "two feature columns x1, x2"),
           ("sample_multiclass.csv", "Sample file: 3 classes", "three feature columns"))
CSV_ERROR = "train_csv_error"
FEATURE_LABELS = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁x₂",
                  "sin x1": "sin x₁", "sin x2": "sin x₂"}


def accept_csv_bytes(data: bytes, name: str) -> str:
    """Check an uploaded file and, if it is good, train on it. Returns "" or the message that
    says what is wrong (the core's, naming the row and column). The last good data stays."""
    try:
        upload = read_csv_upload(data, name)
    except ValueError as exc:
        return f"{user_text(name, 60)}: {user_text(exc, MESSAGE_CHARS)}"
    get_session().set_upload(upload)
    return ""


@unless_locked
def _on_upload() -> None:
    file = st.session_state.get("tr_csv")
    if file is None:
        st.session_state.pop(CSV_ERROR, None)
        return  # removing the file keeps the data it gave
    st.session_state[CSV_ERROR] = accept_csv_bytes(file.getvalue(), file.name)


@unless_locked
def _on_dataset() -> None:
    # Through choose_dataset: data of another kind also gets that kind's default loss.
    get_session().choose_dataset(st.session_state["tr_dataset"])


@unless_locked
def _set_data_seed(seed: int) -> None:
    get_session().update(data_seed=seed)


@unless_locked
def _on_regenerate() -> None:
    sess = get_session()
    sess.update(data_seed=sess.settings.data_seed + 1)


def _csv_section() -> None:
    st.file_uploader("Your own data (CSV)", type=["csv", "txt"], key="tr_csv",
                     on_change=_on_upload, disabled=locked(),
                     help="A header row, two or more numeric feature columns and a label column "
                          "(named 'label', or the last one). Whole-number or text labels are "
                          "classes; labels with decimals are a regression target.")
    error = st.session_state.get(CSV_ERROR)
    if error:
        st.error(error, icon=":material/error:")
    for name, label, what in SAMPLES:
        st.download_button(label, (ASSETS / name).read_bytes(), file_name=name,
                           mime="text/csv", key=f"tr_sample_{name.split('.')[0]}",
                           icon=":material/download:", on_click="ignore", width="stretch",
                           help=f"{name}: {what} and a label column")


def data_controls() -> None:
    sess = get_session()
    s = sess.settings
    lock = locked()  # a teacher's lock=1: the data is read-only (the display choices are not)
    with st.sidebar:
        st.markdown("#### Data")
        if shown("dataset"):
            choices = [d for d in DATA_CHOICES if d != CSV or sess.upload is not None]
            st.selectbox("Dataset", choices, index=show_index("tr_dataset", choices, s.dataset),
                         format_func=DATA_LABELS.get, key="tr_dataset", on_change=_on_dataset,
                         disabled=lock)
            is_csv = s.dataset == CSV
            if is_csv:
                st.caption(f"Training on {code_text(sess.upload.name)}: "
                           f"{sess.bundle.dataset.n_samples} "
                           f"rows, {sess.bundle.dataset.X.shape[1]} feature columns, "
                           f"task: {sess.bundle.task}.")
            if s.dataset == "blobs":
                st.slider("Classes", MIN_CLASSES, MAX_CLASSES,
                          value=show("tr_classes", s.n_classes), disabled=lock,
                          **bind("tr_classes", "n_classes"))
            st.slider("Number of points", MIN_POINTS, MAX_POINTS, step=10, disabled=is_csv or lock,
                      value=show("tr_n_points", s.n_points),
                      **bind("tr_n_points", "n_points"))
            st.slider("Noise", 0, MAX_NOISE_PCT, step=5, format="%d%%", disabled=is_csv or lock,
                      value=show("tr_noise", s.noise),
                      **bind("tr_noise", "noise"))
            st.slider("Training data (the rest is test data)", 10, 90, step=10, format="%d%%",
                      disabled=lock, value=show("tr_train_pct", s.train_pct),
                      **bind("tr_train_pct", "train_pct"))
            whole_number_box("Data seed (points and the train/test split)", "tr_data_seed",
                             s.data_seed, 0, MAX_SEED, _set_data_seed, disabled=lock)
            st.button("Regenerate the data", key="tr_regenerate", on_click=_on_regenerate,
                      disabled=is_csv or lock, icon=":material/refresh:", width="stretch",
                      help="New points: the next data seed")
        st.checkbox("Show test data", value=show("tr_show_test", s.show_test),
                    **bind("tr_show_test", "show_test", lockable=False))
        if sess.bundle.task == "binary":
            st.checkbox("Discretize output", value=show("tr_discretize", s.discretize),
                        help="Colour by the predicted class instead of the probability",
                        **bind("tr_discretize", "discretize", lockable=False))
        if shown("upload"):
            _csv_section()
        if shown("features"):
            _feature_controls()


def _feature_controls() -> None:
    sess = get_session()
    st.markdown("#### Inputs")
    fixed = not sess.bundle.features and sess.settings.dataset == CSV
    st.pills("Features fed to the network", FEATURES, selection_mode="multi",
             default=show("tr_features", list(sess.settings.features)),
             format_func=FEATURE_LABELS.get, disabled=fixed or locked(),
             **bind("tr_features", "features", lambda v: check_features(tuple(v or ()))))
    field_error("features")
    if fixed:
        st.caption("A file with more than two feature columns is fed to the network as it is.")
