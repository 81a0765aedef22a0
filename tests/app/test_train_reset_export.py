"""Reset everything on /train; what Import says about the loss history; exports that name each
output column's class; a loss-history CSV with whole epochs."""

from __future__ import annotations

import json
from dataclasses import replace

from apptest_helpers import no_exception, open_expander, open_page
from test_train_data_io import upload

from ui.train.model_io import export_files
from ui.train.session import TrainSession
from ui.train.settings import DEFAULTS


def session(at) -> TrainSession:
    return at.session_state["train_session"]


def test_reset_everything_goes_back_to_the_defaults_with_a_clean_link() -> None:
    at = open_page("train", {"data": "xor", "hidden": "5", "lr": "0.1", "seed": "3",
                             "speed": "fast", "n": "abc"})
    assert at.warning  # the link's bad `n`
    at.button(key="tr_step_epoch").click().run()
    at.checkbox(key="tr_log_scale").set_value(False).run()
    assert session(at).trainer.epoch == 1 and dict(at.query_params)
    at.button(key="tr_reset_all").click().run()
    no_exception(at)
    sess = session(at)
    assert sess.settings == DEFAULTS and sess.trainer.epoch == 0 and sess.trainer.steps == 0
    assert sess.trainer.config.hidden == DEFAULTS.hidden
    assert not dict(at.query_params)  # a clean link: /train
    assert not at.warning and not at.info and not at.error
    assert at.checkbox(key="tr_log_scale").value is True
    open_expander(at, "tr_share_open")
    assert [c.value for c in at.code] == ["/train"]
    # The bare link opens exactly this.
    fresh = open_page("train")
    assert session(fresh).settings == DEFAULTS and not fresh.info


def test_import_says_the_loss_history_starts_again() -> None:
    sess = TrainSession(replace(DEFAULTS, speed="fast"))
    sess.sync()
    sess.step_epoch()
    data = export_files(sess)["model.json"].encode()
    at = open_page("train")
    open_expander(at, "tr_export_open")
    upload(at, "tr_import", "model.json", data, "application/json")
    [message] = [s.value for s in at.success]
    assert "loss history start again at 0" in message
    assert session(at).trainer.epoch == 0 and len(session(at).trainer.history) == 1


def test_multiclass_exports_name_each_output_columns_class() -> None:
    sess = TrainSession(replace(DEFAULTS, dataset="blobs", n_classes=4, loss="ce"))
    sess.sync()
    files = export_files(sess)
    assert json.loads(files["model.json"])["class_names"] == ["0", "1", "2", "3"]
    for name in ("model_numpy.py", "model_pytorch.py"):
        assert "CLASS_NAMES = ('0', '1', '2', '3')" in files[name]
        assert "column k of predict(X) is the probability of class CLASS_NAMES[k]" in files[name]
    namespace: dict = {}
    exec(files["model_numpy.py"], namespace)  # noqa: S102 - our own generated code
    X = sess.bundle.train_data.X_test[:5]
    assert namespace["predict"](X).shape == (5, len(namespace["CLASS_NAMES"]))


def test_a_csv_files_labels_name_the_classes_in_the_exports() -> None:
    at = open_page("train")
    csv = b"x1,x2,label\n" + b"".join(
        f"{i % 7 - 3},{i % 5 - 2},{('cat', 'dog', 'emu')[i % 3]}\n".encode() for i in range(60))
    upload(at, "tr_csv", "pets.csv", csv)
    sess = session(at)
    assert sess.bundle.task == "multiclass"
    files = export_files(sess)
    assert json.loads(files["model.json"])["class_names"] == ["cat", "dog", "emu"]
    assert "CLASS_NAMES = ('cat', 'dog', 'emu')" in files["model_numpy.py"]


def test_loss_history_csv_writes_whole_epochs() -> None:
    sess = TrainSession(replace(DEFAULTS, speed="fast"))
    sess.sync()
    for _ in range(3):
        sess.step_epoch()
    lines = export_files(sess)["loss_history.csv"].strip().split("\n")
    assert [line.split(",")[0] for line in lines] == ["epoch", "0", "1", "2", "3"]
    assert float(lines[1].split(",")[1]) == sess.trainer.history.rows["train_loss"][0]
