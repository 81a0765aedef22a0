"""Presenter mode through the real pages (ui/classroom/present.py): present=1 on a link and the
sidebar toggle turn it on, the session keeps it across pages, and the student-side extras
(share-link boxes, the teacher's class-link box, /train's export box, the lesson footer, a
lesson's step link and teacher notes, the class-server caption) are
absent while the stepper, the views and the results stay."""

from __future__ import annotations

import pytest
from apptest_helpers import PAGE_FILES, ROOT, navigate, no_exception, open_page
from streamlit.testing.v1 import AppTest

from ui import replica
from ui.classroom import present
from ui.classroom.keyboard import direction

PAGES = {**PAGE_FILES, "operations": "pages/5_operations.py", "learn": "pages/4_learn.py"}
SHARE_LABELS = ("Share this exact example", "Share this exact run")
EXPORT_LABEL = "Export the model, import a model file"
CLASS_LINK_LABEL = "Make a class link"  # ui/classroom/teacher_link.py


def open_any(name: str, query: dict[str, str] | None = None) -> AppTest:
    """open_page for every page, /operations and /learn included."""
    if name in PAGE_FILES:
        return open_page(name, query)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page(PAGES[name])
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at


def expander_labels(at: AppTest) -> list[str]:
    return [e.label for e in at.expander]


def lesson_links(at: AppTest) -> list[str]:
    return [p.proto.label for p in at.main.get("page_link") if p.proto.label.startswith("Lesson")]


def is_presenting(at: AppTest) -> bool:
    if present.PRESENT_KEY not in at.session_state:
        return False
    return bool(at.session_state[present.PRESENT_KEY])


@pytest.mark.parametrize("name", list(PAGES))
def test_present_1_turns_presenter_mode_on_on_every_page(name: str) -> None:
    at = open_any(name, {"present": "1"})
    no_exception(at)
    assert is_presenting(at)
    assert at.toggle(key=present.TOGGLE_KEY).value is True
    assert at.query_params["present"] == "1"  # the address bar still opens it this way
    assert not [label for label in expander_labels(at) if label in SHARE_LABELS]
    assert CLASS_LINK_LABEL not in expander_labels(at)  # the teacher's box: not projected
    assert EXPORT_LABEL not in expander_labels(at)
    assert not lesson_links(at)


@pytest.mark.parametrize(("name", "query", "share"), [
    ("explorer", {"view": "steps"}, "Share this exact example"),
    ("backprop", {"view": "steps"}, "Share this exact example"),
    ("train", {}, "Share this exact run"),
    ("operations", {}, "Share this exact example"),
    ("concepts", {"topic": "collapse"}, "Share this exact example"),
])
def test_the_share_box_is_there_without_presenter_mode_and_gone_with_it(
        name: str, query: dict[str, str], share: str) -> None:
    normal = open_any(name, query)
    no_exception(normal)
    assert share in expander_labels(normal)
    assert CLASS_LINK_LABEL in expander_labels(normal)
    presenting = open_any(name, {**query, "present": "1"})
    no_exception(presenting)
    assert share not in expander_labels(presenting)
    assert CLASS_LINK_LABEL not in expander_labels(presenting)


def test_the_link_is_still_written_while_the_share_box_is_hidden() -> None:
    at = open_page("explorer", {"view": "steps", "present": "1"})
    at.button(key="step_next").click().run()
    at.button(key="step_next").click().run()
    assert at.query_params["step"] == "2"
    assert at.query_params["view"] == "steps"
    assert at.query_params["W"]  # the numbers are in the link, as without presenter mode
    assert at.query_params["present"] == "1"


def test_train_export_box_and_lesson_footer_hidden() -> None:
    normal = open_page("train")
    assert EXPORT_LABEL in expander_labels(normal)
    assert lesson_links(normal)  # /train is used by lessons: the footer names them
    at = open_page("train", {"present": "1"})
    no_exception(at)
    assert EXPORT_LABEL not in expander_labels(at)
    assert not lesson_links(at)


def test_the_stepper_and_results_stay_in_presenter_mode() -> None:
    at = open_page("explorer", {"view": "steps", "step": "3", "present": "1"})
    no_exception(at)
    for key in ("step_prev", "step_next", "step_play", "step_reset"):
        assert at.button(key=key)
    assert any("Step 3 of" in m.value for m in at.markdown)
    assert at.table  # how the output is built
    keys = [e.proto.component_name for e in at.get("bidi_component")]
    assert "linear_course_stepper_keys" in keys  # the keyboard is mounted with the stepper


def test_backprop_folds_the_forward_pass_and_the_intro_in_presenter_mode() -> None:
    normal = open_page("backprop", {"view": "steps"})
    forward = [e for e in normal.expander if e.label.startswith("Forward pass")]
    assert forward and forward[0].proto.expanded is True
    assert any("Backpropagation finds" in m.value for m in normal.markdown)
    at = open_page("backprop", {"view": "steps", "step": "3", "present": "1"})
    no_exception(at)
    forward = [e for e in at.expander if e.label.startswith("Forward pass")]
    assert forward and forward[0].proto.expanded is False  # one click opens it
    assert not any("Backpropagation finds" in m.value for m in at.markdown)
    assert at.button(key="bp_step_next")


def test_class_server_caption_hidden_in_presenter_mode(monkeypatch) -> None:
    monkeypatch.setenv(replica.REPLICA_ENV, "r2")
    assert [c for c in open_page("explorer").sidebar.caption if "Class server" in c.value]
    at = open_page("explorer", {"present": "1"})
    assert not [c for c in at.sidebar.caption if "Class server" in c.value]


def test_the_sidebar_toggle_turns_it_on_and_off_and_writes_the_link() -> None:
    at = open_page("explorer", {"view": "steps"})
    assert not is_presenting(at)
    assert "present" not in at.query_params
    at.toggle(key=present.TOGGLE_KEY).set_value(True).run()
    no_exception(at)
    assert is_presenting(at)
    assert at.query_params["present"] == "1"
    assert "Share this exact example" not in expander_labels(at)
    at.toggle(key=present.TOGGLE_KEY).set_value(False).run()
    no_exception(at)
    assert not is_presenting(at)
    assert "present" not in at.query_params
    assert "Share this exact example" in expander_labels(at)


def test_the_mode_stays_on_across_pages_of_the_session() -> None:
    at = open_page("explorer", {"present": "1"})
    navigate(at, "backprop")  # a sidebar link: the new page's URL has no present=
    no_exception(at)
    assert is_presenting(at)
    assert at.toggle(key=present.TOGGLE_KEY).value is True
    assert at.query_params["present"] == "1"  # written back: the link opens it the same way
    navigate(at, "train")
    assert is_presenting(at)


def test_present_0_turns_it_off() -> None:
    at = open_page("explorer", {"present": "1"})
    assert is_presenting(at)
    at.query_params["present"] = "0"  # a hand-edited link
    at.run()
    no_exception(at)
    assert not is_presenting(at)
    assert "present" not in at.query_params  # off is the default: no parameter
    assert not at.warning


@pytest.mark.parametrize("value", ["yes", "2", "", "![x](//example.com/x.png)"])
def test_a_bad_present_value_gets_a_notice_and_changes_nothing(value: str) -> None:
    at = open_page("explorer", {"present": value})
    no_exception(at)
    assert not is_presenting(at)
    notices = [w.value for w in at.warning if "present=" in w.value]
    assert len(notices) == 1
    assert "Presenter mode stays off" in notices[0]
    assert "](//" not in notices[0]  # the value is escaped (ui.safe_text.user_text)
    assert "present" not in at.query_params
    at.button(key="present_notice_ok").click().run()  # dismissed: gone
    assert not [w for w in at.warning if "present=" in w.value]


def test_a_bad_value_on_a_presenting_session_keeps_it_on() -> None:
    at = open_page("explorer", {"present": "1"})
    at.query_params["present"] = "on"
    at.run()
    assert is_presenting(at)
    assert any("Presenter mode stays on" in w.value for w in at.warning)
    assert at.query_params["present"] == "1"


def test_key_events_from_the_browser_are_checked() -> None:
    assert direction({"dir": "next", "n": 3}) == "next"
    assert direction({"dir": "prev"}) == "prev"
    for bad in (None, "next", {"dir": "up"}, {"n": 1}, [], {"dir": ["next"]}):
        assert direction(bad) is None


def test_a_lesson_hides_its_step_link_and_teacher_notes_in_presenter_mode() -> None:
    query = {"lesson": "1", "step": "1"}
    normal = open_any("learn", query)
    assert "Teacher notes" in expander_labels(normal)
    assert any("Link to this step" in c.value for c in normal.caption)
    at = open_any("learn", {**query, "present": "1"})
    no_exception(at)
    assert "Teacher notes" not in expander_labels(at)  # they hold the answers
    assert not any("Link to this step" in c.value for c in at.caption)
    assert any("step 1 of" in str(p.proto) for p in at.get("progress"))  # the lesson is there


FOLDED_STEPPERS = {  # page, query, the folded box's label start, the stepper's Next key
    "batchnorm": ("operations", {"op": "batchnorm", "view": "steps"}, "What it does",
                  "ops_bn_next"),
    "dropout": ("operations", {"op": "dropout", "view": "steps"}, "What it does",
                "ops_do_next"),
    "penalty": ("operations", {"op": "penalty", "view": "path"}, "The conventions",
                "ops_pen_next"),
    "collapse": ("concepts", {"topic": "collapse"}, "What it shows", "concepts_collapse_step_next"),
    "rnn": ("concepts", {"topic": "rnn"}, "What it shows", "concepts_rnn_step_next"),
}


@pytest.mark.parametrize("name", list(FOLDED_STEPPERS))
def test_operations_and_concepts_steppers_fold_their_numbers_only_in_presenter_mode(
        name: str) -> None:
    page, query, label, next_key = FOLDED_STEPPERS[name]
    normal = open_any(page, query)
    no_exception(normal)
    assert not any(e.label.startswith(label) for e in normal.expander)  # the page as before
    at = open_any(page, {**query, "present": "1"})
    no_exception(at)
    box = [e for e in at.expander if e.label.startswith(label)]
    assert box and box[0].proto.expanded is False  # one click opens it
    assert len(box[0].markdown) >= 1  # the introduction is inside, not lost
    assert at.button(key=next_key)  # the stepper stays outside
