# ruff: noqa: F811 - the train fixture is imported from test_train_page
"""/train links and the Loss box: links open exactly what they name (no reset notice on a fresh
open), notices speak the controls' words, and the loss is a stable id (bce, ce, mse) whatever
the data, with old links still read."""

from __future__ import annotations

from dataclasses import fields

import pytest
from apptest_helpers import no_exception, open_page
from streamlit.testing.v1 import AppTest
from test_train_page import infos, session, train  # noqa: F401 - train is a fixture

from ui.train.settings import FIELD_LABELS, TrainSettings


def _link(at: AppTest) -> dict[str, str]:
    return {k: (v[0] if isinstance(v, list) else v) for k, v in dict(at.query_params).items()}


def _warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


# --- the Loss box: stable ids ------------------------------------------------------------------


def test_loss_box_options_are_ids_and_a_dataset_round_trip_keeps_them(train: AppTest) -> None:
    box = train.selectbox(key="tr_loss")
    assert box.value == "bce" and box.options == ["Binary cross-entropy", "Mean squared error"]
    train.selectbox(key="tr_dataset").set_value("blobs").run()
    assert train.selectbox(key="tr_loss").value == "ce"
    assert session(train).trainer.config.loss == "ce"
    assert _link(train)["loss"] == "ce"
    train.selectbox(key="tr_dataset").set_value("circle").run()
    train.button(key="tr_step").click().run()  # Step writes the link again
    no_exception(train)
    assert train.selectbox(key="tr_loss").value == "bce"
    assert session(train).trainer.config.loss == "bce" and _link(train)["loss"] == "bce"


def test_a_task_change_picks_the_tasks_default_loss_and_says_so(train: AppTest) -> None:
    train.selectbox(key="tr_loss").set_value("mse").run()
    assert session(train).trainer.config.loss == "mse"
    train.selectbox(key="tr_dataset").set_value("blobs").run()
    assert session(train).trainer.config.loss == "ce"
    assert "The loss is now cross-entropy (softmax)" in infos(train)
    assert "three or more classes" in infos(train)
    train.selectbox(key="tr_dataset").set_value("plane").run()
    assert session(train).trainer.config.loss == "mse"
    assert "mean squared error" in infos(train)


def test_same_kind_of_data_keeps_the_chosen_loss_without_a_word(train: AppTest) -> None:
    train.selectbox(key="tr_loss").set_value("mse").run()
    train.selectbox(key="tr_dataset").set_value("xor").run()
    assert session(train).trainer.config.loss == "mse"
    assert "loss" not in infos(train)


@pytest.mark.parametrize("raw,data,expected", [
    ("xent", "circle", "bce"), ("xent", "blobs", "ce"), ("mse", "blobs", "mse"),
    ("Binary cross-entropy", "circle", "bce"), ("Binary+cross-entropy", "circle", "bce"),
    ("Mean squared error (as Playground)", "xor", "mse"),
    ("Cross-entropy (softmax)", "blobs", "ce"), ("ce", "blobs", "ce"),
])
def test_old_and_label_valued_links_still_open(raw: str, data: str, expected: str) -> None:
    at = open_page("train", {"data": data, "loss": raw, "seed": "1"})  # (not all defaults)
    no_exception(at)
    assert not at.warning
    assert session(at).trainer.config.loss == expected
    assert _link(at)["loss"] == expected


def test_a_loss_that_does_not_fit_the_links_data_is_refused_clearly() -> None:
    at = open_page("train", {"data": "blobs", "loss": "bce"})
    no_exception(at)
    assert "`loss`" in _warnings(at) and "does not fit" in _warnings(at)
    assert session(at).trainer.config.loss == "ce"
    at = open_page("train", {"loss": "hinge"})
    assert "unknown loss" in _warnings(at) and session(at).trainer.config.loss == "bce"


# --- links open what they name -------------------------------------------------------------


@pytest.mark.parametrize("query", [
    {"data": "xor"}, {"data": "blobs", "classes": "5"}, {"data": "plane", "lr": "0.01"},
    {"data": "spiral", "hidden": "8,8,4", "act": "relu", "batch": "20", "lr": "0.1",
     "noise": "10", "seed": "7", "bn": "1", "drop": "0.1", "opt": "adam"},
])
def test_a_fresh_link_opens_without_a_reset_notice(query: dict[str, str]) -> None:
    at = open_page("train", query)
    no_exception(at)
    assert not at.info, [i.value for i in at.info]
    assert session(at).settings.dataset == query["data"]


def test_a_reset_notice_names_the_controls_not_the_fields(train: AppTest) -> None:
    train.button(key="tr_step_epoch").click().run()
    sess = session(train)
    assert sess.trainer.epoch == 1
    sess.update(dataset="xor", lr=0.1, batch_size=20, l2=0.01)  # e.g. a second link
    train.run()
    text = infos(train)
    assert "reset to epoch 0" in text
    assert "the learning rate" in text and "the batch size" in text and "the L2 rate" in text
    for raw in ("lr", "batch_size", "l2 ", "data_seed", "loss_kind"):
        assert raw not in text


def test_every_setting_has_words_for_notices() -> None:
    assert {f.name for f in fields(TrainSettings)} <= set(FIELD_LABELS)
    assert all(" " in FIELD_LABELS[f.name] or FIELD_LABELS[f.name].istitle()
               for f in fields(TrainSettings))
