"""AppTest walks every lesson from step 1 to its last step through the real entry point:
each step renders without an error; each action step stays locked until the tool reaches its
state and unlocks when it does; each checkpoint accepts its answer (also rounded to 3
significant figures), refuses a wrong one, and names each listed mistake."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import ROOT, no_exception, open_step
from learn_ops_drivers import OPS_DRIVERS
from streamlit.testing.v1 import AppTest

from ui.learn.checkpoint import mistake_value
from ui.learn.schema import load_course

COURSE = load_course()
NEXT_LABELS = ("Continue", "Next lesson", "Finish the course")



def next_button(at: AppTest):
    return at.button(key="learn_next")


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def answer(at: AppTest, lesson: int, step: int, text: str) -> list[str]:
    """Type into the checkpoint and press Check; returns the feedback messages."""
    at.text_input(key=f"learn_cp_{lesson}_{step}").input(text)
    button(at, "Check").click()
    at.run()
    no_exception(at)
    return [m.value for m in (*at.success, *at.error, *at.warning)]


def meet_condition(at: AppTest, condition: dict) -> None:
    """Drive the embedded tool to the state the step asks for (through the canonical state
    or the tool's own widgets; AppTest cannot type into the cell grids)."""
    kind = condition["kind"]
    s = at.session_state
    if kind == "output_equals":
        i, value = int(condition["output"]) - 1, float(condition["value"])
        W, x, b = s["layer_W"], s["layer_x"], s["layer_b"]
        new_b = b.copy()
        new_b[i] = value - float(W[i] @ x)
        s["layer_b"] = new_b
        s["layer_version"] = s["layer_version"] + 1
    elif kind == "activation_is":
        at.selectbox(key="learn_act_pick").set_value(condition["name"])
    elif kind == "det_sign":
        W = s["layer_W"].copy()
        if condition["sign"] == "negative":
            W[0, 0] = -abs(W[0, 0]) - 10
        else:
            W[1] = 2 * W[0]
        s["layer_W"] = W
        s["layer_version"] = s["layer_version"] + 1
    elif kind == "walked_to_end":
        key = "bp_step_next" if condition.get("stepper") == "backprop" else "step_next"
        for _ in range(60):
            if at.button(key=key).disabled:
                break
            at.button(key=key).click()
            at.run()
    elif kind == "loss_below":
        at.number_input(key="bp_steps_input").set_value(1000)
        at.button(key="bp_take_steps").click()
        at.run()
        at.button(key="bp_apply_run").click()
    elif kind == "test_loss_below":
        sess = s["train_session"]
        sess.start()
        for _ in range(300):  # what the live ticker does, slice after slice
            sess.tick(0.05)
            if sess.metrics()["test_loss"] < float(condition["value"]):
                break
    elif kind in OPS_DRIVERS:
        OPS_DRIVERS[kind](at, condition)
    else:  # pragma: no cover - a new condition needs a line here
        raise AssertionError(f"no test driver for condition {kind}")
    at.run()
    no_exception(at)


def walk_checkpoint(at: AppTest, lesson, n: int, k: int) -> None:
    cp = lesson.steps[k - 1].checkpoint
    values = lesson.values(lesson.steps[k - 1].preset)
    if cp.kind == "choice":
        wrong = next(i for i in range(len(cp.options)) if i != cp.correct)
        at.radio(key=f"learn_cp_{n}_{k}").set_value(wrong)
        button(at, "Check").click()
        at.run()
        assert at.error and at.error[0].value.startswith("Not this one")
        assert next_button(at).disabled
        at.radio(key=f"learn_cp_{n}_{k}").set_value(cp.correct)
        button(at, "Check").click()
        at.run()
        assert at.success and at.success[0].value.startswith("Right")
        return
    truth = values[cp.answer]
    wrong = truth * 1.7 + 13.37  # no mistake and not the answer
    feedback = answer(at, n, k, f"{wrong:.6g}")
    assert any(f.startswith("Not yet") for f in feedback), feedback
    assert next_button(at).disabled
    for m in cp.mistakes:
        feedback = answer(at, n, k, f"{mistake_value(m, values):.6g}")
        assert any(f"**{m.name}**" in f for f in feedback), (m.name, feedback)
        assert next_button(at).disabled
    feedback = answer(at, n, k, f"{truth:.3g}")
    assert any(f.startswith("Right") for f in feedback), feedback


@pytest.mark.parametrize("lesson", COURSE, ids=lambda lesson: f"lesson{lesson.number}")
def test_walk_every_step(lesson):
    n = lesson.number
    at = open_step(n, 1)
    for k, step in enumerate(lesson.steps, start=1):
        assert at.query_params["step"] == [str(k)] or at.query_params["step"] == str(k)
        assert at.header[0].value.startswith(f"{k}. ")
        assert set(at.query_params) <= {"lesson", "step"}, dict(at.query_params)  # link=False
        locked = step.complete is not None or step.checkpoint is not None
        assert next_button(at).disabled == locked, f"step {k}"
        if step.checkpoint is not None:
            walk_checkpoint(at, lesson, n, k)
        if step.complete is not None:
            if step.checkpoint is not None:
                assert next_button(at).disabled  # the tool is not there yet
            meet_condition(at, step.complete)
        assert not next_button(at).disabled, f"step {k} did not unlock"
        assert next_button(at).label in NEXT_LABELS
        if k < len(lesson.steps):
            next_button(at).click()
            at.run()
            no_exception(at)
    # the whole lesson is done: its progress bar is full
    assert at.session_state["learn_progress"]["done"][str(n)] == list(
        range(1, len(lesson.steps) + 1))


def test_action_step_does_not_unlock_by_a_wrong_state():
    at = open_step(1, 6)  # make z = 0 by changing the bias
    s = at.session_state
    s["layer_b"] = np.array([-27.0])  # z = 1, not 0
    s["layer_version"] = s["layer_version"] + 1
    at.run()
    assert next_button(at).disabled
    assert "z1 is 1 now; make it 0" in " ".join(c.value for c in at.caption)


def test_show_me_reveals_and_unlocks():
    at = open_step(1, 1)
    text = " ".join(m.value for m in at.markdown)
    assert "**31**" not in text  # the answer is hidden before an attempt
    button(at, "Show me").click()
    at.run()
    assert "**31**" in " ".join(m.value for m in at.markdown)
    assert not next_button(at).disabled


def test_unreadable_answer_gets_a_message_and_keeps_the_step_locked():
    at = open_step(1, 1)
    feedback = answer(at, 1, 1, "3,1")
    assert any("point, not a comma" in f for f in feedback)
    assert next_button(at).disabled


def test_buttons_move_the_url():
    at = open_step(1, 2)
    at.button(key="learn_prev").click()
    at.run()
    assert at.query_params["step"] in (["1"], "1")
    button(at, "Show me").click()
    at.run()
    next_button(at).click()
    at.run()
    assert at.query_params["step"] in (["2"], "2")


@pytest.mark.parametrize(("query", "message"), [
    ({"lesson": "99"}, "There is no lesson 99"),
    ({"lesson": "![](//evil.example/x)"}, "There is no lesson"),
    ({"lesson": "2", "step": "x"}, "Lesson 2 has no step x"),
])
def test_bad_links_get_a_message(query, message):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/4_learn.py")
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert message in warnings
    assert "![](" not in warnings  # user text is escaped, never markup


def test_home_page_is_the_front_door():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    no_exception(at)
    labels = [p.label for p in at.get("page_link")] if at.get("page_link") else []
    assert any(label.startswith("Start the course") for label in labels), labels
    assert sum(label.startswith(f"{k}. ") for k in range(1, 13) for label in labels) >= 12
    at.session_state["learn_progress"] = {"done": {"4": [1]}, "checks": {}, "last": [4, 2]}
    at.run()
    labels = [p.label for p in at.get("page_link")]
    assert any(label.startswith("Continue: lesson 4, step 2") for label in labels), labels


def test_a_step_opens_the_stepper_where_its_text_points():
    """Lesson 2, 'Row 2 at work': the stepper opens at step 6, W[2,1]·x1 outlined."""
    lesson = COURSE[1]
    k = next(i for i, s in enumerate(lesson.steps, start=1) if s.walk is not None)
    at = open_step(2, k)
    assert at.session_state["step_k"] == lesson.steps[k - 1].walk == 6
    assert any(m.value == "**Step 6 of 10**" for m in at.markdown)


def test_preset_is_applied_once_then_the_learners_edit_stands():
    at = open_step(1, 2)
    s = at.session_state
    s["layer_b"] = np.array([10.0])
    s["layer_version"] = s["layer_version"] + 1
    at.run()
    assert s["layer_b"].tolist() == [10.0]  # a rerun of the same step keeps the edit
    assert "z = 38" in " ".join(m.value for m in at.markdown) or any(
        "38" in str(t.value) for t in at.table)


@pytest.mark.parametrize(("page", "lessons"), [
    ("explorer", [1, 2, 3, 5, 6]), ("backprop", [4, 7, 8, 9]), ("train", [10]),
    ("operations", [11]), ("concepts", [12])])
def test_every_tool_page_ends_with_the_lessons_that_use_it(page, lessons):
    from apptest_helpers import open_page

    at = open_page(page)
    no_exception(at)
    labels = [p.label for p in at.get("page_link")]
    assert [int(label.split(":")[0].split()[1]) for label in labels
            if label.startswith("Lesson ")] == lessons


def test_a_broken_lesson_file_gets_a_message_not_a_traceback(monkeypatch):
    import ui.learn.course as course
    from ui.learn.schema import LessonError

    def broken():
        raise LessonError("03_activations.toml, step 2: unknown tool 'explorr.compute'")

    monkeypatch.setattr(course, "lessons", broken)
    for page in ("home", "learn"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        if page == "learn":
            at.switch_page("pages/4_learn.py")
            at.run()
        no_exception(at)
        message = at.error[0].value  # (Markdown source: the file's text is escaped)
        assert message.startswith("A lesson file could not be read") and "explorr" in message
