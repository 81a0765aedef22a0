"""Download the model (JSON), its loss history (CSV), NumPy and PyTorch code; import a model."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.classroom.present import presenting
from ui.classroom.teacher_link import locked, shown, unless_locked
from ui.expanders import lazy_expander
from ui.safe_text import MESSAGE_CHARS, user_text
from ui.train.model_io import export_files, import_model
from ui.train.state import code_text, get_session

IMPORT_MESSAGE = "train_import_message"  # (ok: bool, text)
DOWNLOADS = (
    ("model.json", "Model (JSON)", "application/json", "tr_dl_json", ":material/data_object:"),
    ("loss_history.csv", "Loss history (CSV)", "text/csv", "tr_dl_history", ":material/table:"),
    ("model_numpy.py", "NumPy code", "text/x-python", "tr_dl_numpy", ":material/code:"),
    ("model_pytorch.py", "PyTorch code", "text/x-python", "tr_dl_pytorch", ":material/code:"),
)


def import_bytes(data: bytes, name: str) -> tuple[bool, str]:
    """Import a model file into this session; (True, what was loaded) or (False, why not)."""
    try:
        return True, import_model(get_session(), data, name)
    except ValueError as exc:
        return False, f"{user_text(name, 60)} was not loaded: {user_text(exc, MESSAGE_CHARS)}."


@unless_locked
def _on_import() -> None:
    file = st.session_state.get("tr_import")
    if file is None:
        st.session_state.pop(IMPORT_MESSAGE, None)
        return
    st.session_state[IMPORT_MESSAGE] = import_bytes(file.getvalue(), file.name)


def _deferred(name: str) -> Callable[[], str]:
    """The file is built when the button is clicked, from the weights at that moment, so a
    running page never serializes code it is not asked for."""
    sess = get_session()

    def build() -> str:
        try:
            return export_files(sess)[name]
        except ValueError as exc:
            return f"Could not export this model: {exc}\n"

    return build


def _downloads(sess) -> None:
    cols = st.columns(len(DOWNLOADS))
    for col, (name, label, mime, key, icon) in zip(cols, DOWNLOADS, strict=True):
        col.download_button(label, _deferred(name), file_name=name, mime=mime, key=key,
                            icon=icon, on_click="ignore", width="stretch")
    inputs = ", ".join(code_text(n) for n in sess.bundle.input_names)
    st.caption(f"The code rebuilds this network with its exact weights; its `predict(X)` "
               f"takes the network's inputs in this order: {inputs}. The JSON file can be "
               "imported here again.")


def export_box() -> None:
    if presenting() or not shown("export"):  # presenter mode: files are for learners
        return
    sess = get_session()
    box = lazy_expander("Export the model, import a model file", "tr_export_open",
                        ":material/download:")
    if box is None:
        return
    with box:
        if sess.trainer is None:
            st.caption("No network to export: the settings do not make one.")
        else:
            _downloads(sess)
        st.file_uploader("Import a model (JSON exported from this page)", type=["json"],
                         key="tr_import", on_change=_on_import, disabled=locked())
        message = st.session_state.get(IMPORT_MESSAGE)
        if message:
            ok, text = message
            (st.success if ok else st.error)(text)
