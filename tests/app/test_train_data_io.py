"""/train with the learner's own files: CSV uploads (each bad file gets the core's message where
it was uploaded, the last good data stays), the sample files, model export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptest_helpers import no_exception, open_expander, open_page
from streamlit.testing.v1 import AppTest

from core import import_json
from ui.safe_text import shown_text
from ui.train.data import read_csv_upload
from ui.train.model_io import export_files, import_model
from ui.train.session import TrainSession

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def _rows(n: int) -> bytes:
    return ("x1,x2,label\n" + "".join(f"{i},{-i},{i % 2}\n" for i in range(n))).encode()


# file bytes -> a phrase the message must contain (the core's wording, with row and column)
BAD_CSV = {
    "missing values": (b"x1,x2,label\n1,2,0\n,3,1\n4,5,0\n6,7,1\n",
                       "row 3, column 'x1': missing value"),
    "text": (b"x1,x2,label\n1,2,0\n3,abc,1\n4,5,0\n6,7,1\n",
             "row 3, column 'x2': 'abc' is text, not a number"),
    "one class": (b"x1,x2,label\n1,2,0\n3,4,0\n4,5,0\n6,7,0\n", "only one class"),
    "too many rows": (_rows(2001), "too many rows: found 2001 data rows, the limit is 2000"),
    "no header": (b"1,2,0\n3,4,1\n4,5,0\n6,7,1\n7,8,0\n", "the first row must be a header"),
    "binary junk": (bytes(range(256)) * 8, "not UTF-8 text"),
    "empty file": (b"", "the file is empty"),
}


def session(at: AppTest) -> TrainSession:
    return at.session_state["train_session"]


def upload(at: AppTest, key: str, name: str, data: bytes, mime: str = "text/csv") -> AppTest:
    at.file_uploader(key=key).set_value((name, data, mime)).run()
    no_exception(at)
    return at


@pytest.mark.parametrize("case", list(BAD_CSV))
def test_bad_csv_bytes_give_the_core_message(case: str) -> None:
    data, phrase = BAD_CSV[case]
    with pytest.raises(ValueError, match="."):
        read_csv_upload(data)
    try:
        read_csv_upload(data)
    except ValueError as exc:
        assert phrase in str(exc)


@pytest.mark.parametrize("case", list(BAD_CSV))
def test_bad_csv_upload_shows_its_message_and_keeps_the_data(case: str) -> None:
    data, phrase = BAD_CSV[case]
    at = upload(open_page("train"), "tr_csv", f"{case}.csv", data)
    errors = shown_text(" ".join(e.value for e in at.error))  # the markdown, as shown
    assert phrase in errors and f"{case}.csv" in errors
    assert session(at).settings.dataset == "circle"
    assert "csv" not in at.selectbox(key="tr_dataset").options


def test_sample_csv_trains_and_is_offered_for_download() -> None:
    at = open_page("train", {"speed": "fast"})
    names = {d.proto.label for d in at.download_button}
    assert {"Sample file: 2 classes", "Sample file: 3 classes"} <= names
    upload(at, "tr_csv", "sample.csv", (ASSETS / "sample.csv").read_bytes())
    sess = session(at)
    assert sess.settings.dataset == "csv" and sess.bundle.task == "binary"
    assert not at.error
    assert any("sample.csv" in c.value for c in at.caption)
    at.button(key="tr_train").click().run()
    no_exception(at)
    assert session(at).trainer.epoch > 0
    # The extra features still apply to a two-column file, named after its columns.
    at.pills(key="tr_features").set_value(["x1", "x2", "x1^2", "x2^2"]).run()
    assert session(at).trainer.config.n_inputs == 4


def test_three_column_csv_is_used_as_is_and_the_page_says_so() -> None:
    at = upload(open_page("train"), "tr_csv", "sample_multiclass.csv",
                (ASSETS / "sample_multiclass.csv").read_bytes())
    sess = session(at)
    assert sess.trainer.config.n_inputs == 3
    assert sess.trainer.config.task == "multiclass" and sess.trainer.config.n_classes == 3
    assert at.pills(key="tr_features").proto.disabled
    assert any("held at their training mean" in c.value for c in at.caption)


def test_a_bad_file_after_a_good_one_keeps_the_good_data() -> None:
    at = upload(open_page("train"), "tr_csv", "sample.csv", (ASSETS / "sample.csv").read_bytes())
    token = session(at).upload.token
    upload(at, "tr_csv", "broken.csv", BAD_CSV["text"][0])
    assert session(at).upload.token == token and session(at).settings.dataset == "csv"
    assert any("broken.csv" in shown_text(e.value) for e in at.error)


def test_export_files_are_valid_and_import_restores_the_weights() -> None:
    sess = TrainSession()
    sess.sync()
    sess.start()
    sess.tick(0.05)
    files = export_files(sess)
    assert json.loads(files["model.json"])["config"]["hidden"] == [4, 2]
    assert files["loss_history.csv"].startswith("epoch,train_loss,test_loss")
    compile(files["model_numpy.py"], "model_numpy.py", "exec")
    compile(files["model_pytorch.py"], "model_pytorch.py", "exec")
    imported = import_json(files["model.json"])
    assert imported.feature_names == ("x1", "x2")

    fresh = TrainSession()
    fresh.sync()
    message = import_model(fresh, files["model.json"].encode(), "model.json")
    assert "2 → 4 → 2 → 1" in message
    for p, q in zip(fresh.trainer.params, sess.trainer.params, strict=True):
        assert (p.data == q.data).all()
    assert fresh.settings.hidden == (4, 2) and fresh.trainer.epoch == 0


def test_numpy_code_reproduces_the_page_model() -> None:
    sess = TrainSession()
    sess.sync()
    sess.start()
    sess.tick(0.05)
    namespace: dict = {}
    exec(export_files(sess)["model_numpy.py"], namespace)  # noqa: S102 - our own generated code
    X = sess.bundle.train_data.X_test[:20]
    assert abs(namespace["predict"](X) - sess.trainer.predict_proba_or_value(X)).max() < 1e-12


def test_import_through_the_page_and_its_errors() -> None:
    donor = TrainSession()
    donor.update(hidden=(5,), activations=("relu",), lr=0.1)
    good = export_files(donor)["model.json"].encode()

    at = open_expander(open_page("train"), "tr_export_open")
    upload(at, "tr_import", "model.json", good, "application/json")
    assert any("Loaded" in s.value for s in at.success)
    sess = session(at)
    assert sess.settings.hidden == (5,) and sess.settings.lr == 0.1
    assert at.number_input(key="tr_neurons_0").value == 5

    upload(at, "tr_import", "junk.json", b"{not json", "application/json")
    assert any("junk.json was not loaded" in shown_text(e.value) for e in at.error)
    assert session(at).settings.hidden == (5,)  # the last model stays

    regression = TrainSession()
    regression.update(dataset="plane")
    upload(at, "tr_import", "reg.json", export_files(regression)["model.json"].encode(),
           "application/json")
    assert any("regression model" in shown_text(e.value) for e in at.error)


def test_download_buttons_are_present_by_key() -> None:
    at = open_page("train")
    assert "tr_import" not in [u.key for u in at.file_uploader]  # closed: nothing built
    open_expander(at, "tr_export_open")
    for key in ("tr_dl_json", "tr_dl_history", "tr_dl_numpy", "tr_dl_pytorch",
                "tr_sample_sample", "tr_sample_sample_multiclass"):
        assert at.download_button(key=key) is not None
