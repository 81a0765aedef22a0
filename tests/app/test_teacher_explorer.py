"""Teacher links on /explorer: hide= hides controls by name, lock=1 makes the numbers
read-only (stepping and the views still work), bad names get a notice, and the "Make a class
link" box builds a link that opens the same page the same way."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import navigate, no_exception, open_expander, open_page
from classroom_helpers import (
    class_link,
    editable_copy_url,
    expander_labels,
    forced,
    lesson_links,
    lock_notice,
    query_of,
    warnings_shown,
    widgets,
)
from streamlit.testing.v1 import AppTest

from ui.classroom.controls_table import names

EXAMPLE = {"W": "1,2;3,-4", "x": "0.5,2", "b": "1,-1", "act": "relu"}

# hide= name -> widget keys (or expander labels) it removes from the explorer
KEYS = {
    "size": ["m_inputs", "n_outputs"],
    "activation": ["act_select"],
    "presets": ["preset_choice", "random_seed", "load_preset", "randomize"],
    "reset": ["reset_layer", "reset_everything"],
    "views": ["explorer_view"],
}
EXPANDERS = {"share": ["Share this exact example", "Make a class link"]}
# Every widget that changes the example (disabled when locked).
EXAMPLE_WIDGETS = ["m_inputs", "n_outputs", "act_select", "preset_choice", "random_seed",
                   "load_preset", "randomize", "reset_layer", "reset_everything"]


def test_the_table_covers_every_name_tested_here() -> None:
    assert set(names("explorer")) == set(KEYS) | set(EXPANDERS) | {"quiz", "lessons"}


@pytest.mark.parametrize("name", list(KEYS))
def test_a_hidden_control_is_absent_and_present_otherwise(name: str) -> None:
    plain = widgets(open_page("explorer", EXAMPLE))
    hidden = open_page("explorer", {**EXAMPLE, "hide": name})
    no_exception(hidden)
    for key in KEYS[name]:
        assert key in plain, key
        assert key not in widgets(hidden), key
    others = [k for n, keys in KEYS.items() if n != name for k in keys]
    assert all(k in widgets(hidden) for k in others)  # only what was named is hidden
    assert not hidden.warning  # a valid name: no notice


def test_hiding_the_share_boxes_and_the_lessons() -> None:
    plain = open_page("explorer", EXAMPLE)
    assert set(EXPANDERS["share"]) <= set(expander_labels(plain)) and lesson_links(plain)
    at = open_page("explorer", {**EXAMPLE, "hide": "share,lessons"})
    no_exception(at)
    assert not set(EXPANDERS["share"]) & set(expander_labels(at))
    assert not lesson_links(at)
    assert at.query_params["W"] == EXAMPLE["W"]  # the URL still follows the page


def test_hiding_the_quiz_removes_it_from_the_views() -> None:
    at = open_page("explorer", {**EXAMPLE, "hide": "quiz", "view": "quiz"})
    no_exception(at)
    switcher = widgets(at)["explorer_view"]
    assert "Check yourself" not in " ".join(switcher.options)
    assert "Step by step" in " ".join(switcher.options)
    assert switcher.value == "compute"  # a hidden view opens the first one
    assert "quiz_check" not in widgets(at)


def test_hidden_views_keep_the_linked_view() -> None:
    at = open_page("explorer", {**EXAMPLE, "hide": "views", "view": "steps"})
    no_exception(at)
    assert "explorer_view" not in widgets(at)
    assert "step_next" in widgets(at)  # the step-by-step view the link opened
    at.button(key="step_next").click().run()
    at.run()
    assert "step_next" in widgets(at) and at.query_params["view"] == "steps"


def test_hiding_the_views_mid_session_keeps_the_view_on_screen() -> None:
    at = open_page("explorer", {**EXAMPLE, "view": "steps"})
    at.query_params["hide"] = "views"  # the switcher goes: Streamlit forgets its state
    at.run()
    at.run()
    assert "step_next" in widgets(at) and at.query_params["view"] == "steps"


def test_bad_hide_names_are_ignored_with_an_escaped_notice() -> None:
    at = open_page("explorer", {**EXAMPLE, "hide": "activation,colour,![](//evil.example/x)"})
    no_exception(at)
    text = warnings_shown(at)
    assert "“colour”" in text and "![](//evil.example/x)" in text  # named, as typed
    assert "activation" not in text.split("names on this page are")[0]  # the valid one is fine
    assert all(n in text for n in names("explorer"))  # lists the valid ones
    raw = " ".join(w.value for w in at.warning)
    assert "![](" not in raw and "\\!\\[\\](" in raw  # escaped: never an image
    assert "act_select" not in widgets(at) and "m_inputs" in widgets(at)


def test_a_lock_value_other_than_1_is_named_and_leaves_the_page_editable() -> None:
    at = open_page("explorer", {**EXAMPLE, "lock": "yes"})
    assert "lock=“yes”" in warnings_shown(at)
    assert not lock_notice(at)
    assert not widgets(at)["act_select"].disabled


def test_locked_inputs_are_disabled_and_the_page_says_so() -> None:
    at = open_page("explorer", {**EXAMPLE, "lock": "1"})
    no_exception(at)
    found = widgets(at)
    for key in EXAMPLE_WIDGETS:
        assert found[key].disabled, key
    assert not found["explorer_view"].disabled  # the views still work
    assert "locked by your teacher" in lock_notice(at)
    at.toggle(key="plain_inputs").set_value(True).run()  # the plain number boxes, locked too
    boxes = [w for k, w in widgets(at).items() if k.startswith("num_")]
    assert len(boxes) == 2 * 2 + 2 + 2 and all(b.disabled for b in boxes)


def test_a_locked_page_ignores_values_that_arrive_anyway() -> None:
    at = open_page("explorer", {**EXAMPLE, "lock": "1"})
    W = at.session_state["layer_W"].copy()
    forced(at.selectbox(key="act_select")).set_value("sigmoid").run()
    forced(at.number_input(key="m_inputs")).set_value(4.0).run()
    forced(at.button(key="randomize")).click().run()
    forced(at.button(key="reset_everything")).click().run()
    at.toggle(key="plain_inputs").set_value(True).run()
    forced(at.number_input(key="num_W_0_0")).set_value(99.0).run()
    no_exception(at)
    assert np.array_equal(at.session_state["layer_W"], W)
    assert at.session_state["layer_act"] == "relu"
    assert at.query_params["W"] == EXAMPLE["W"] and at.query_params["lock"] == "1"


def test_stepping_still_works_when_locked() -> None:
    at = open_page("explorer", {**EXAMPLE, "lock": "1", "view": "steps"})
    at.button(key="step_next").click().run()
    at.button(key="step_next").click().run()
    no_exception(at)
    assert at.query_params["step"] == "2" and at.query_params["lock"] == "1"
    at.button_group[0].set_value("geometry").run()  # and the views
    assert at.query_params["view"] == "geometry" and at.query_params["lock"] == "1"


def test_the_editable_copy_opens_the_same_numbers_unlocked() -> None:
    at = open_page("explorer", {**EXAMPLE, "lock": "1", "hide": "activation"})
    query = query_of(editable_copy_url(at))
    assert "lock" not in query and "hide" not in query
    assert {k: query[k] for k in EXAMPLE} == EXAMPLE
    copy = open_page("explorer", query)
    assert not lock_notice(copy) and not widgets(copy)["act_select"].disabled
    assert np.array_equal(copy.session_state["layer_W"], at.session_state["layer_W"])


def test_a_lock_alone_offers_the_numbers_on_screen() -> None:
    at = open_page("explorer", {"lock": "1"})
    at.run()  # the next run: the page has written its link
    query = query_of(editable_copy_url(at))
    assert query["W"] == at.query_params["W"] and "lock" not in query


def _class_link_page(at: AppTest, hide: list[str], lock: bool) -> str:
    open_expander(at, "class_link_open_explorer")
    for name in hide:
        at.checkbox(key=f"class_hide_explorer_{name}").check().run()
    if lock:
        at.checkbox(key="class_lock_explorer").check().run()
    return class_link(at, "explorer")


def test_the_class_link_box_round_trip() -> None:
    at = open_page("explorer", {**EXAMPLE, "view": "steps"})
    at.button(key="step_next").click().run()
    link = _class_link_page(at, ["activation", "presets"], lock=True)
    query = query_of(link)
    assert link.split("?")[0].endswith("/explorer")
    assert query["hide"] == "activation,presets" and query["lock"] == "1"
    assert {k: query[k] for k in EXAMPLE} == EXAMPLE and query["step"] == "1"
    student = open_page("explorer", query)
    no_exception(student)
    found = widgets(student)
    assert "act_select" not in found and "load_preset" not in found
    assert found["m_inputs"].disabled and "locked by your teacher" in lock_notice(student)
    assert np.array_equal(student.session_state["layer_W"], at.session_state["layer_W"])
    assert student.session_state["layer_act"] == "relu"
    assert not student.warning


def test_the_class_link_box_starts_from_the_current_class_link() -> None:
    at = open_page("explorer", {**EXAMPLE, "hide": "reset", "lock": "1"})
    open_expander(at, "class_link_open_explorer")
    assert at.checkbox(key="class_hide_explorer_reset").value
    assert at.checkbox(key="class_lock_explorer").value
    assert query_of(class_link(at, "explorer"))["hide"] == "reset"


def test_a_rerun_keeps_the_lock_and_a_sidebar_link_leaves_it_behind() -> None:
    """The class link is for one page: reruns keep it (the URL keeps lock= and hide=), the
    sidebar's link to another page opens that page editable, as a new link would."""
    at = open_page("explorer", {**EXAMPLE, "lock": "1", "hide": "activation"})
    for _ in range(2):
        at.run()
        assert widgets(at)["m_inputs"].disabled and "act_select" not in widgets(at)
    navigate(at, "backprop")
    no_exception(at)
    assert not lock_notice(at) and not widgets(at)["bp_act_select"].disabled
    assert np.array_equal(at.session_state["layer_W"], np.array([[1.0, 2.0], [3.0, -4.0]]))


def test_the_batch_view_is_locked_too() -> None:
    at = open_page("explorer", {**EXAMPLE, "lock": "1", "view": "batch"})
    no_exception(at)
    assert widgets(at)["batch_rows"].disabled
    editors = [e for e in at.get("dataframe") if e.proto.editing_mode != 0]  # data_editor
    assert editors and all(e.proto.disabled for e in editors)
    plain = open_page("explorer", {**EXAMPLE, "view": "batch"})
    assert not any(e.proto.disabled for e in plain.get("dataframe"))


@pytest.mark.parametrize("raw,expected", [
    (" Activation , size,,activation", ["activation", "size"]),
    ("", []),
    (",,", []),
])
def test_hide_names_are_read_in_order_without_case_blanks_or_repeats(raw, expected) -> None:
    def script(raw: str) -> None:
        import streamlit as st

        from ui.classroom.teacher_link import listed_names

        st.session_state["names"] = listed_names()

    at = AppTest.from_function(script, args=(raw,), default_timeout=20)
    at.query_params["hide"] = raw
    at.run()
    assert at.session_state["names"] == expected


def test_the_table_reads_as_a_markdown_table_with_every_name() -> None:
    from ui.classroom.controls_table import PAGE_CONTROLS, markdown_table

    table = markdown_table()
    for page, controls in PAGE_CONTROLS.items():
        assert len({c.name for c in controls}) == len(controls), page  # no repeats
        for c in controls:
            assert f"| /{page} | `{c.name}` |" in table


def test_many_bad_names_are_counted_not_all_quoted() -> None:
    bad = ",".join(f"name{k}" for k in range(8))
    at = open_page("explorer", {**EXAMPLE, "hide": bad})
    text = warnings_shown(at)
    assert "“name4”" in text and "“name5”" not in text and "and 3 more" in text
