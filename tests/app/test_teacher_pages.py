"""Teacher links on /backprop, /train, /operations, /concepts and /learn (the explorer has its
own file): every name of a page's table hides its controls and only those, lock=1 disables
every widget that changes the example (and a value sent anyway changes nothing) while the
stepping widgets still work, and the page's "Make a class link" box builds a link that opens
the same way."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from apptest_helpers import ROOT, no_exception, open_expander
from classroom_helpers import (
    class_link,
    editable_copy_url,
    expander_labels,
    forced,
    grid_data,
    lesson_links,
    lock_notice,
    query_of,
    warnings_shown,
    widgets,
)
from streamlit.testing.v1 import AppTest

from ui.classroom.controls_table import names
from ui.learn.course import lessons

FILES = {"backprop": "pages/2_backprop.py", "train": "pages/3_train.py",
         "learn": "pages/4_learn.py", "operations": "pages/5_operations.py",
         "concepts": "pages/6_concepts.py"}


def open_at(page: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page(FILES[page])
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    return at


def _learn_step(checkpoint: bool) -> dict[str, str]:
    """A lesson step after the first (Back works) with the explorer's tool (numbers) and
    either a checkpoint or links to the full pages."""
    for lesson in lessons():
        for k, step in enumerate(lesson.steps, start=1):
            has = step.checkpoint is not None if checkpoint else bool(step.links)
            if k > 1 and has and step.tool == "explorer.compute":
                return {"lesson": str(lesson.number), "step": str(k)}
    raise AssertionError("no such lesson step")


@dataclass
class Spec:
    query: dict[str, str]
    keys: dict[str, list[str]]  # hide= name -> widget keys it removes
    expanders: dict[str, list[str]] = field(default_factory=dict)  # name -> expander labels
    locked: list[str] = field(default_factory=list)  # disabled by lock=1
    free: list[str] = field(default_factory=list)  # still enabled under lock=1
    grids: str | None = None  # the name that hides the page's cell grids
    step: str | None = None  # a stepping button that must still work when locked
    queries: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> its own link


SHARE = ["Make a class link"]
SPECS = {
    "backprop": Spec(
        {"W": "1,2;3,-4", "x": "0.5,2", "b": "1,-1", "act": "relu", "view": "steps"},
        {"size": ["bp_m", "bp_n"], "activation": ["bp_act_select"],
         "loss": ["bp_loss_select", "bp_t_text"], "learning_rate": ["bp_lr_input"],
         "second_layer": ["bp_two_toggle"], "reset": ["bp_reset_everything"],
         "views": ["bp_view"], "editor": ["bp_plain_inputs"]},
        {"share": SHARE + ["Share this exact example"],
         "editor": ["Edit W, x and b here (the same numbers as on the explorer)"]},
        ["bp_m", "bp_n", "bp_act_select", "bp_loss_select", "bp_t_text", "bp_lr_input",
         "bp_two_toggle", "bp_reset_everything"],
        ["bp_view", "bp_step_next", "bp_plain_inputs"], step="bp_step_next"),
    "train": Spec(
        {"data": "xor", "n": "120", "lr": "0.1", "hidden": "3"},
        {"dataset": ["tr_dataset", "tr_n_points", "tr_noise", "tr_train_pct", "tr_data_seed",
                     "tr_regenerate"],
         "upload": ["tr_csv", "tr_sample_sample"], "features": ["tr_features"],
         "network": ["tr_add_layer", "tr_remove_layer", "tr_neurons_0", "tr_dropout",
                     "tr_batch_norm", "tr_init", "tr_seed"],
         "training": ["tr_loss", "tr_optimizer", "tr_momentum", "tr_batch_size"],
         "learning_rate": ["tr_lr"], "regularization": ["tr_l1", "tr_l2"],
         "speed": ["tr_speed"], "reset": ["tr_reset", "tr_reset_all"]},
        {"share": SHARE + ["Share this exact run"],
         "export": ["Export the model, import a model file"]},
        ["tr_dataset", "tr_n_points", "tr_noise", "tr_train_pct", "tr_data_seed",
         "tr_regenerate", "tr_csv", "tr_features", "tr_add_layer", "tr_remove_layer",
         "tr_neurons_0", "tr_dropout", "tr_batch_norm", "tr_init", "tr_seed", "tr_loss",
         "tr_optimizer", "tr_lr", "tr_batch_size", "tr_l1", "tr_l2", "tr_reset_all"],
        ["tr_train", "tr_step", "tr_step_epoch", "tr_reset", "tr_speed", "tr_show_test"],
        step="tr_step"),
    "operations": Spec(
        {"op": "batchnorm", "X": "1,2;3,5;0,-1", "momentum": "0.2"},
        {"operations": ["ops_op_select"], "parts": ["ops_view_batchnorm"],
         "settings": ["ops_bn_rows", "ops_bn_features", "ops_ch_bn_mode", "ops_in_eps",
                      "ops_in_momentum", "ops_bn_preset", "ops_bn_load"],
         "reset": ["ops_reset"]},
        {"share": SHARE + ["Share this exact example"]},
        ["ops_bn_rows", "ops_bn_features", "ops_ch_bn_mode", "ops_in_eps", "ops_in_momentum",
         "ops_bn_preset", "ops_bn_load", "ops_reset"],
        ["ops_op_select", "ops_view_batchnorm", "ops_bn_next"], grids="editor",
        step="ops_bn_next"),
    "concepts": Spec(
        {"topic": "collapse", "x": "1,-2"},
        {"topics": ["concepts_topic_select"],
         "settings": ["concepts_act_select", "concepts_collapse_squash"],
         "reset": ["concepts_reset_collapse"]},
        {"share": SHARE + ["Share this exact example"]},
        ["concepts_act_select", "concepts_collapse_squash", "concepts_reset_collapse"],
        ["concepts_topic_select", "concepts_collapse_step_next"], grids="editor",
        step="concepts_collapse_step_next"),
    "learn": Spec(
        _learn_step(checkpoint=False), {},
        {"notes": ["Teacher notes"], "step_link": SHARE},
        ["learn_act_pick"], ["learn_prev", "plain_inputs"],
        queries={"answers": _learn_step(checkpoint=True)}),
}
CASES = [(page, name) for page in SPECS for name in names(page)]


def present(at: AppTest, page: str, name: str) -> bool:
    """Whether control `name` of `page` is on screen (any of its parts)."""
    spec = SPECS[page]
    if name in spec.keys:
        return any(k in widgets(at) for k in spec.keys[name])
    if name in spec.expanders:
        return bool(set(spec.expanders[name]) & set(expander_labels(at)))
    if name == spec.grids:
        return bool(grid_data(at))
    if name == "lessons":
        return bool(lesson_links(at))
    if name == "quiz":
        switcher = widgets(at).get("bp_view")
        return switcher is not None and "Check yourself" in " ".join(switcher.options)
    if name == "answers":
        return any(b.proto.label == "Show me" for b in at.main.get("button"))
    if name == "links":  # a lesson step's links to the full pages
        return any(e.proto.icon == ":material/open_in_new:" for e in at.main.get("page_link"))
    raise AssertionError(f"no probe for {page}:{name}")


def test_every_name_of_every_table_has_a_probe() -> None:
    for page, name in CASES:
        spec = SPECS[page]
        assert (name in spec.keys or name in spec.expanders or name == spec.grids
                or name in ("lessons", "quiz", "answers", "links")), (page, name)


@pytest.mark.parametrize("page,name", CASES)
def test_a_hidden_control_is_absent_and_present_otherwise(page: str, name: str) -> None:
    spec = SPECS[page]
    query = spec.queries.get(name, spec.query)
    plain = open_at(page, query)
    assert present(plain, page, name), "shown without hide="
    hidden = open_at(page, {**query, "hide": name})
    no_exception(hidden)
    assert not present(hidden, page, name), "hidden with hide="
    assert not hidden.warning or "hides controls" not in warnings_shown(hidden)
    for other in names(page):  # only what was named is hidden
        if (other != name and (name, other) != ("views", "quiz")  # the quiz is a view
                and spec.queries.get(other, spec.query) == query):
            assert present(hidden, page, other), other


@pytest.mark.parametrize("page", list(SPECS))
def test_locked_inputs_are_disabled_and_stepping_still_works(page: str) -> None:
    spec = SPECS[page]
    at = open_at(page, {**spec.query, "lock": "1"})
    no_exception(at)
    found = widgets(at)
    for key in spec.locked:
        assert found[key].disabled, key
    for key in spec.free:
        assert not found[key].disabled, key
    assert "locked by your teacher" in lock_notice(at)
    assert all(g["read_only"] for g in grid_data(at))
    if spec.step:
        before = dict(at.query_params)
        at.button(key=spec.step).click().run()
        no_exception(at)
        assert at.query_params.get("lock") == "1"
        if page == "train":
            assert at.session_state["train_session"].trainer.steps == 1
        else:
            assert at.query_params.get("step") != before.get("step")


# Values a forged message could send to a disabled widget (None: a click).
FORGED = {
    "backprop": [("bp_act_select", "sigmoid"), ("bp_lr_input", 0.5), ("bp_m", 4.0),
                 ("bp_t_text", "0.3, 0.3"), ("bp_two_toggle", True),
                 ("bp_reset_everything", None)],
    "train": [("tr_lr", 0.3), ("tr_dataset", "circle"), ("tr_n_points", 200),
              ("tr_seed", 7), ("tr_add_layer", None), ("tr_reset_all", None)],
    "operations": [("ops_bn_rows", 2), ("ops_in_momentum", "0.5"), ("ops_ch_bn_mode", "eval"),
                   ("ops_bn_load", None), ("ops_reset", None)],
    "concepts": [("concepts_act_select", "relu"), ("concepts_collapse_squash", None),
                 ("concepts_reset_collapse", None)],
    "learn": [("learn_act_pick", "sigmoid")],
}


@pytest.mark.parametrize("page", list(SPECS))
def test_a_locked_page_ignores_values_sent_anyway(page: str) -> None:
    spec = SPECS[page]
    at = open_at(page, {**spec.query, "lock": "1"})
    at.run()  # the page has written its whole link
    before = dict(at.query_params)
    for key, value in FORGED[page]:
        w = forced(widgets(at)[key])
        (w.click() if value is None else w.set_value(value)).run()
        no_exception(at)
        assert dict(at.query_params) == before, key  # the link holds every number
    if page == "learn":
        assert at.session_state["layer_act"] != "sigmoid"


@pytest.mark.parametrize("page", list(SPECS))
def test_bad_hide_names_are_named_and_the_valid_ones_listed(page: str) -> None:
    spec = SPECS[page]
    valid = names(page)[0]
    at = open_at(page, {**spec.query, "hide": f"{valid},nonsense,:red[x]"})
    no_exception(at)
    text = warnings_shown(at)
    assert "“nonsense”" in text and "“:red[x]”" in text
    assert all(n in text for n in names(page))
    assert ":red[" not in " ".join(w.value for w in at.warning)  # escaped
    assert not present(at, page, valid)  # the valid name still hides its control


@pytest.mark.parametrize("page", list(SPECS))
def test_the_class_link_box_round_trip(page: str) -> None:
    spec = SPECS[page]
    at = open_at(page, spec.query)
    open_expander(at, f"class_link_open_{page}")
    hide = [n for n in names(page) if n not in ("share", "step_link")][:2]
    for name in hide:
        at.checkbox(key=f"class_hide_{page}_{name}").check().run()
    at.checkbox(key="class_lock_" + page).check().run()
    query = query_of(class_link(at, page))
    assert query["hide"] == ",".join(hide) and query["lock"] == "1"
    assert {k: query[k] for k in spec.query} == spec.query  # the example's numbers
    student = open_at(page, query)
    no_exception(student)
    assert not any(present(student, page, n) for n in hide)
    assert "locked by your teacher" in lock_notice(student)
    assert not student.warning or "hides controls" not in warnings_shown(student)
    copy = query_of(editable_copy_url(student))
    assert "lock" not in copy and "hide" not in copy
    assert {k: copy[k] for k in spec.query} == spec.query


def test_a_locked_lesson_still_walks_on() -> None:
    """On a locked /learn step the checkpoint still answers and Continue still moves on; the
    next step is locked too (the class link stays in the URL)."""
    query = _learn_step(checkpoint=True)
    at = open_at("learn", {**query, "lock": "1"})
    show_me = next(b for b in at.main.get("button") if b.proto.label == "Show me")
    show_me.click().run()
    at.button(key="learn_next").click().run()
    no_exception(at)
    assert at.query_params["step"] == str(int(query["step"]) + 1)
    assert at.query_params["lock"] == "1" and "locked by your teacher" in lock_notice(at)


@pytest.mark.parametrize("query,buttons", [
    ({"op": "batchnorm", "view": "modes"},
     ["ops_bn_train1", "ops_bn_train20", "ops_bn_reset_running"]),  # rmean=, rvar= in the link
    ({"op": "dropout", "view": "steps"}, ["ops_do_another"]),  # seed= in the link
])
def test_operations_buttons_that_change_linked_numbers_are_locked(query, buttons) -> None:
    plain = open_at("operations", query)
    assert not any(widgets(plain)[b].disabled for b in buttons)
    at = open_at("operations", {**query, "lock": "1"})
    at.run()
    before = dict(at.query_params)
    for b in buttons:
        assert widgets(at)[b].disabled, b
        forced(widgets(at)[b]).click().run()
        no_exception(at)
    assert dict(at.query_params) == before
