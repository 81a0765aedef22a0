"""The training playground (/train) through the real entry point: every control by key, the
live tick driven directly, Train/Pause/Step/Reset, divergence, resets and the share link."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from apptest_helpers import no_exception, open_expander, open_page
from streamlit.testing.v1 import AppTest

from ui.train.link import URL_FIELDS
from ui.train.session import TrainSession
from ui.train.settings import DEFAULTS, check_lr


def session(at: AppTest) -> TrainSession:
    return at.session_state["train_session"]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def epoch(at: AppTest) -> int:
    return int(metric(at, "Epoch").replace(",", ""))


def infos(at: AppTest) -> str:
    return " ".join(i.value for i in at.info)


@pytest.fixture
def train() -> AppTest:
    """/train at the fast speed (the default is slow), so that one slice trains whole epochs;
    the paced speeds have tests of their own (test_train_speed.py)."""
    at = open_page("train", {"speed": "fast"})
    no_exception(at)
    return at


def test_page_shows_controls_metrics_and_charts(train: AppTest) -> None:
    assert train.title[0].value == "Train a network"
    labels = [b.proto.label for b in train.button]
    assert labels[:4] == ["Train", "Step", "Step epoch", "Reset"]
    assert train.button(key="tr_train").proto.icon == ":material/play_arrow:"
    assert [m.label for m in train.metric] == ["Epoch", "Train loss", "Test loss",
                                                "Train accuracy", "Test accuracy"]
    assert epoch(train) == 0
    charts = train.get("echarts_chart")
    assert len(charts) == 4  # boundary, loss, weights histogram (penalty_panel), network
    spec = json.loads(charts[0].proto.spec)
    assert [s["type"] for s in spec["series"]][:2] == ["heatmap", "scatter"]
    assert session(train).trainer.config.sizes == (2, 4, 2, 1)


def test_train_runs_a_tick_then_pause_stops(train: AppTest) -> None:
    train.button(key="tr_train").click().run()
    no_exception(train)
    assert session(train).running
    assert train.button(key="tr_train").proto.label == "Pause"
    assert epoch(train) > 0  # the full rerun ran the fragment once, so one slice trained
    train.button(key="tr_train").click().run()
    assert not session(train).running
    assert train.button(key="tr_train").proto.label == "Train"
    stopped_at = session(train).trainer.epoch
    train.run()
    assert session(train).trainer.epoch == stopped_at


def test_tick_function_advances_epoch_and_history() -> None:
    sess = TrainSession(replace(DEFAULTS, speed="fast"))
    sess.sync()
    assert sess.tick(0.05) is False  # paused: nothing happens
    assert sess.trainer.epoch == 0
    sess.start()
    rows_before = len(sess.trainer.history)
    assert sess.tick(0.05) is False
    assert sess.trainer.epoch > 0
    assert len(sess.trainer.history) > rows_before
    assert sess.ticks == 1


def test_ticks_driven_on_the_page_show_in_the_epoch_metric(train: AppTest) -> None:
    sess = session(train)
    sess.start()
    sess.tick(0.05)
    sess.tick(0.05)
    sess.pause()
    train.run()
    assert epoch(train) == sess.trainer.epoch > 0
    assert metric(train, "Train loss") != "—"


def test_step_step_epoch_and_reset(train: AppTest) -> None:
    sess = session(train)
    start = [p.data.copy() for p in sess.trainer.params]
    train.button(key="tr_step").click().run()
    assert sess.trainer.steps == 1 and sess.trainer.epoch == 0
    train.button(key="tr_step_epoch").click().run()
    assert epoch(train) == 1
    train.button(key="tr_reset").click().run()
    assert epoch(train) == 0 and session(train).trainer.steps == 0
    for p, p0 in zip(session(train).trainer.params, start, strict=True):
        assert (p.data == p0).all()  # same seed: the same initial weights


# (widget kind, key, new value, setting, expected setting value, rebuilds the network)
CONTROLS = [
    ("selectbox", "tr_dataset", "xor", "dataset", "xor", True),
    ("slider", "tr_n_points", 300, "n_points", 300, True),
    ("slider", "tr_noise", 20, "noise", 20, True),
    ("slider", "tr_train_pct", 70, "train_pct", 70, True),
    ("number_input", "tr_data_seed", 5, "data_seed", 5, True),
    ("checkbox", "tr_show_test", True, "show_test", True, False),
    ("checkbox", "tr_discretize", True, "discretize", True, False),
    ("pills", "tr_features", ["x1", "x2", "x1^2"], "features", ("x1", "x2", "x1^2"), True),
    ("number_input", "tr_neurons_0", 7, "hidden", (7, 2), True),
    ("selectbox", "tr_activation", "relu", "activations", ("relu", "relu"), True),
    ("selectbox", "tr_dropout", 0.2, "dropout", 0.2, True),
    ("toggle", "tr_batch_norm", True, "batch_norm", True, True),
    ("selectbox", "tr_init", "zeros", "init", "zeros", True),
    ("number_input", "tr_seed", 3, "seed", 3, True),
    ("selectbox", "tr_loss", "mse", "loss", "mse", True),
    ("selectbox", "tr_optimizer", "adam", "optimizer", "adam", True),
    ("selectbox", "tr_lr", 0.3, "lr", 0.3, False),
    ("slider", "tr_batch_size", 25, "batch_size", 25, False),
    ("selectbox", "tr_l1", 0.001, "l1", 0.001, False),
    ("selectbox", "tr_l2", 0.01, "l2", 0.01, False),
]


@pytest.mark.parametrize("kind,key,value,field,expected,rebuilds", CONTROLS,
                         ids=[c[1] for c in CONTROLS])
def test_every_setting_control(train: AppTest, kind, key, value, field, expected,
                               rebuilds) -> None:
    sess = session(train)
    sess.start()
    sess.tick(0.02)
    before = sess.trainer
    getattr(train, kind)(key=key).set_value(value).run()
    no_exception(train)
    sess = session(train)
    assert getattr(sess.settings, field) == expected
    if rebuilds:
        assert sess.trainer is not before and sess.trainer.epoch == 0
        assert "reset to epoch 0" in infos(train) and "training paused" in infos(train)
    else:
        assert sess.trainer is before and sess.trainer.epoch > 0  # applied live
        assert "reset" not in infos(train)
    cfg = sess.trainer.config
    assert (cfg.lr, cfg.batch_size, cfg.l1, cfg.l2) == (sess.settings.lr,
                                                        sess.settings.batch_size,
                                                        sess.settings.l1, sess.settings.l2)


def test_live_learning_rate_reaches_the_optimizer(train: AppTest) -> None:
    train.selectbox(key="tr_lr").set_value(0.1).run()
    assert session(train).trainer.optimizer.lr == 0.1


def test_momentum_control_only_for_momentum_optimizer(train: AppTest) -> None:
    assert train.selectbox(key="tr_momentum").proto.disabled
    train.selectbox(key="tr_optimizer").set_value("momentum").run()
    train.selectbox(key="tr_momentum").set_value(0.5).run()
    assert session(train).trainer.optimizer.momentum == 0.5


def test_add_and_remove_layers_and_per_layer_activations(train: AppTest) -> None:
    train.button(key="tr_add_layer").click().run()
    assert session(train).trainer.config.hidden == (4, 2, 4)
    train.toggle(key="tr_per_layer_act").set_value(True).run()
    train.selectbox(key="tr_act_1").set_value("relu").run()
    assert session(train).trainer.config.activations == ("tanh", "relu", "tanh")
    for _ in range(3):
        train.button(key="tr_remove_layer").click().run()
    no_exception(train)
    assert session(train).trainer.config.hidden == ()
    assert train.button(key="tr_remove_layer").proto.disabled
    for _ in range(6):
        train.button(key="tr_add_layer").click().run()
    assert len(session(train).trainer.config.hidden) == 6
    assert train.button(key="tr_add_layer").proto.disabled


def test_regenerate_and_blob_classes(train: AppTest) -> None:
    train.button(key="tr_regenerate").click().run()
    assert session(train).settings.data_seed == 1
    train.selectbox(key="tr_dataset").set_value("blobs").run()
    train.slider(key="tr_classes").set_value(5).run()
    cfg = session(train).trainer.config
    assert (cfg.task, cfg.n_classes, cfg.loss) == ("multiclass", 5, "ce")


def test_regression_shows_no_accuracy_and_mse_only(train: AppTest) -> None:
    train.selectbox(key="tr_dataset").set_value("plane").run()
    assert [m.label for m in train.metric] == ["Epoch", "Train loss", "Test loss"]
    assert train.selectbox(key="tr_loss").proto.disabled
    assert session(train).trainer.config.loss == "mse"


def test_empty_feature_choice_is_refused_and_the_last_kept(train: AppTest) -> None:
    train.pills(key="tr_features").set_value([]).run()
    assert session(train).settings.features == ("x1", "x2")
    assert any("at least one input" in e.value for e in train.error)


def test_log_scale_toggle(train: AppTest) -> None:
    train.checkbox(key="tr_log_scale").set_value(True).run()
    no_exception(train)


def test_divergence_with_lr_10_on_regression_pauses_with_a_message() -> None:
    at = open_page("train", {"data": "plane", "lr": "10"})
    at.button(key="tr_train").click().run()
    no_exception(at)
    sess = session(at)
    assert not sess.running and sess.trainer.state == "diverged"
    message = " ".join(e.value for e in at.error)
    assert "Training paused" in message and "learning rate 10" in message
    assert "lower it" in message
    assert at.button(key="tr_train").proto.label == "Train"
    assert at.button(key="tr_train").proto.disabled
    # Lowering the learning rate starts again from epoch 0, ready to train.
    at.selectbox(key="tr_lr").set_value(0.01).run()
    assert session(at).trainer.state == "ready" and epoch(at) == 0


def test_leaving_the_page_stops_training(train: AppTest) -> None:
    train.button(key="tr_train").click().run()
    assert session(train).running
    train.switch_page("pages/1_explorer.py").run()
    train.switch_page("pages/3_train.py").run()
    no_exception(train)
    assert not session(train).running
    assert train.button(key="tr_train").proto.label == "Train"


def test_share_link_round_trip_reproduces_the_run(train: AppTest) -> None:
    train.selectbox(key="tr_dataset").set_value("xor").run()
    train.number_input(key="tr_neurons_0").set_value(6).run()
    train.selectbox(key="tr_lr").set_value(0.1).run()
    params = dict(train.query_params)
    assert params["data"] == ["xor"] or params["data"] == "xor"
    flat = {k: (v[0] if isinstance(v, list) else v) for k, v in params.items()}
    assert set(flat) == {f.name for f in URL_FIELDS}
    again = open_page("train", flat)
    assert not again.warning
    a, b = session(train), session(again)
    assert a.settings == b.settings
    for p, q in zip(a.trainer.params, b.trainer.params, strict=True):
        assert (p.data == q.data).all()  # the seed travels, so the same initial weights
    open_expander(train, "tr_share_open")
    [code] = train.code
    assert code.value.startswith("/train?") and "data=xor" in code.value


def test_bad_link_values_fall_back_with_a_warning() -> None:
    at = open_page("train", {"lr": "abc", "hidden": "4,x", "data": "moon", "n": "99999",
                             "act": "swish", "feat": "x1,x9", "bn": "maybe"})
    no_exception(at)
    warning = " ".join(w.value for w in at.warning)
    for name in ("`lr`", "`hidden`", "`data`", "`n`", "`act`", "`feat`", "`bn`"):
        assert name in warning
    s = session(at).settings
    assert (s.lr, s.hidden, s.dataset, s.n_points, s.features, s.batch_norm) == (
        DEFAULTS.lr, DEFAULTS.hidden, DEFAULTS.dataset, DEFAULTS.n_points, DEFAULTS.features,
        DEFAULTS.batch_norm)
    at.button(key="tr_dismiss_link_warning").click().run()
    assert not at.warning


def test_link_with_csv_dataset_explains_why_it_cannot_apply() -> None:
    at = open_page("train", {"data": "csv", "hidden": "3"})
    assert "cannot travel in a link" in " ".join(w.value for w in at.warning)
    assert session(at).settings.hidden == (3,)


def test_link_with_batch_norm_and_batch_one_is_adjusted() -> None:
    at = open_page("train", {"bn": "1", "batch": "1"})
    assert "batch size is 2" in " ".join(w.value for w in at.warning)
    assert session(at).trainer.config.batch_size == 2


def test_learning_rate_free_entry() -> None:
    assert check_lr("0.05") == 0.05
    # One rule in the whole app (a number box cannot see a comma): a decimal point.
    with pytest.raises(ValueError, match="decimal comma: write it with a decimal point"):
        check_lr(" 2,5 ")
    for bad in ("abc", "0", "-1", "200", "nan"):
        with pytest.raises(ValueError):
            check_lr(bad)
    # A rate typed or linked outside Playground's list is offered and used as is.
    at = open_page("train", {"lr": "0.05"})
    assert 0.05 in at.selectbox(key="tr_lr").options or "0.05" in at.selectbox(
        key="tr_lr").options
    assert session(at).trainer.config.lr == 0.05
