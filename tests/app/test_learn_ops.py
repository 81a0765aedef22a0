"""Lessons 11 and 12 embed the /operations and /concepts views (ui.learn.tools_ops): one engine
(the embedded tool shows exactly what the page shows for the same state), the preset puts the
page's canonical state in place, the URL keeps lesson= and step= while the tool's stepper moves,
and an action step stays locked on a wrong state with a message saying what is missing."""

from __future__ import annotations

import numpy as np
import pytest
from apptest_helpers import no_exception, open_step, reveal_steps, show_me
from streamlit.testing.v1 import AppTest

from ui.learn.hold_back import holding_steps
from ui.learn.registry import PAGE_TOOLS
from ui.learn.schema import load_course

COURSE = load_course()
PAGE_FILE = {"operations": "pages/5_operations.py", "concepts": "pages/6_concepts.py"}
STEPPER_NEXT = {"operations.batchnorm.steps": "ops_bn_next", "operations.dropout.steps":
                "ops_do_next", "concepts.rnn": "concepts_rnn_step_next",
                "concepts.collapse": "concepts_collapse_step_next"}


def page_steps():
    for lesson in COURSE:
        for k, step in enumerate(lesson.steps, start=1):
            if step.tool in PAGE_TOOLS:
                yield pytest.param(lesson.number, k, step, id=f"lesson{lesson.number}-step{k}")



def numbers_shown(at: AppTest) -> tuple:
    """Every equation, table and metric on the page: where the tools put their numbers."""
    return ([x.value for x in at.latex], [t.value.to_dict() for t in at.table],
            [str(m.value) for m in at.metric])


def query(at: AppTest) -> dict[str, str]:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


def test_lessons_11_and_12_embed_the_pages_tools_with_actions_on_them():
    ops, concepts = COURSE[10].steps, COURSE[11].steps
    assert sum(s.tool.startswith("operations.") for s in ops) >= 7
    assert sum(s.tool.startswith("concepts.") for s in concepts) >= 7
    assert {s.tool for s in ops} >= {"operations.batchnorm.steps", "operations.dropout.steps",
                                      "operations.penalty.step"}
    assert {s.tool for s in concepts} >= {"concepts.cnn", "concepts.rnn",
                                          "concepts.transformer", "concepts.collapse"}
    for lesson in COURSE[10:12]:
        actions = [s for s in lesson.steps if s.complete]
        assert len(actions) >= 3, lesson.title
        assert all(s.tool in PAGE_TOOLS for s in actions)  # a state of the embedded tool
        assert not any(s.tool.startswith(("explorer", "backprop")) for s in lesson.steps)


@pytest.mark.parametrize(("n", "k", "step"), list(page_steps()))
def test_the_embedded_tool_shows_what_the_page_shows(n, k, step):
    """One engine: the lesson's tool and the page, for the same canonical state (and the same
    stepper position), draw the same equations, tables and metrics."""
    at = open_step(n, k)
    # The tool keeps the answers of this step's checkpoint and of later ones on the same tool
    # back until they are tried (test_learn_reveal, test_learn_walk_hold,
    # test_learn_hold_later); all shown, it draws what the page draws.
    holding = holding_steps(COURSE[n - 1], k)
    if holding:
        reveal_steps(at, n, holding, back_to=k)
    next_key = STEPPER_NEXT.get(step.tool)
    if next_key is not None:  # walk a little, so the stepper's numbers are compared too
        for _ in range(3):
            at.button(key=next_key).click()
            at.run()
    in_lesson = numbers_shown(at)
    assert in_lesson[0] or in_lesson[1], "the tool drew no numbers"
    assert set(query(at)) == {"lesson", "step"}  # the tool did not rewrite /learn's URL
    # /learn has no /operations sidebar: the embedded tool never points to one
    assert not [m.value for m in (*at.markdown, *at.caption) if "sidebar" in m.value]
    page = PAGE_TOOLS[step.tool][0]
    at.query_params.clear()  # as the sidebar link: the page opens with the session's state
    at.switch_page(PAGE_FILE["concepts" if page == "concepts" else "operations"])
    at.run()
    no_exception(at)
    assert numbers_shown(at) == in_lesson


def test_a_preset_sets_the_pages_canonical_state():
    at = open_step(11, 3)  # bn_running: running statistics (2, 3) and (4, 1), train mode
    s = at.session_state
    p = COURSE[10].presets["bn_running"].tool
    assert np.array_equal(s["ops_bn_X"], p.arrays["X"])
    assert s["ops_bn_rmean"].tolist() == [2.0, 3.0] and s["ops_bn_rvar"].tolist() == [4.0, 1.0]
    assert s["ops_bn_gamma"].tolist() == [1.0, 1.0]  # PyTorch's defaults, not the page's
    assert s["ops_bn_mode"] == "train" and s["ops_op"] == "batchnorm"
    at = open_step(12, 3)
    assert np.array_equal(at.session_state["concepts_arr_xs"],
                          COURSE[11].presets["rnn"].tool.arrays["xs"])
    assert at.session_state["concepts_topic"] == "rnn"


def test_the_learners_edit_stands_until_they_move_to_another_step():
    at = open_step(11, 4)  # dropout, p = 0.5
    at.text_input(key="ops_in_p").input("0.3")
    at.run()
    assert at.session_state["ops_do_p"] == 0.3
    at.run()
    assert at.session_state["ops_do_p"] == 0.3  # the preset is applied once
    at.button(key="learn_prev").click()  # step 3: batch norm's preset; dropout keeps 0.3
    at.run()
    assert at.session_state["ops_bn_rmean"].tolist() == [2.0, 3.0]
    assert at.session_state["ops_do_p"] == 0.3
    at.query_params["step"] = "4"  # back to step 4 (a link, a bookmark): its preset again
    at.run()
    assert at.session_state["ops_do_p"] == 0.5


def test_a_step_opens_the_tools_stepper_where_its_text_points():
    at = open_step(11, 2)  # "the tool opens at step 3, the variance"
    assert at.session_state["ops_bn_k"] == 3
    assert any(m.value == "**Step 3 of 12**" for m in at.markdown)
    assert any("the variance (biased, ÷B)" in m.value for m in at.markdown)
    at = open_step(12, 4)  # "the tool opens at step 3, h₁ just computed"
    assert at.session_state["concepts_rnn_step_k"] == 3
    assert any(m.value == "**Step 3 of 9**" for m in at.markdown)


def test_the_embedded_stepper_keeps_the_lesson_url_and_unlocks_the_step():
    at = open_step(11, 2)  # walk batch norm on to step 4 (and answer the checkpoint)
    show_me(at)  # the stepper waits for the checkpoint (tests/app/test_learn_walk_hold.py)
    at.button(key="ops_bn_reset").click()
    at.run()
    for _ in range(3):
        at.button(key="ops_bn_next").click()
        at.run()
        assert query(at) == {"lesson": "11", "step": "2"}
    captions = " ".join(c.value for c in at.caption)
    assert "until step 4 (now at step 3)" in captions
    at.button(key="ops_bn_next").click()
    at.run()
    assert query(at) == {"lesson": "11", "step": "2"}
    assert "until step 4" not in " ".join(c.value for c in at.caption)


def test_an_edit_after_the_walk_locks_the_step_again():
    """The stepper restarts when its numbers change; so does the condition."""
    at = open_step(12, 3)
    show_me(at)
    for _ in range(3):
        at.button(key="concepts_rnn_step_next").click()
        at.run()
    assert "until step 3" not in " ".join(c.value for c in at.caption)
    s = at.session_state
    s["concepts_arr_h0"] = np.array([0.5, 0.0])
    s["concepts_version"] = s["concepts_version"] + 1
    at.run()
    assert s["concepts_rnn_step_k"] == 0
    assert "until step 3 (now at step 0)" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize(("lesson", "step", "drive", "message"), [
    (11, 5, lambda at: at.text_input(key="ops_in_p").input("0.4"),
     "p is 0.4 now; set it to 0.5"),
    (11, 3, lambda at: at.radio(key="ops_ch_bn_mode").set_value("train"),
     "Switch the Mode to eval"),
    (11, 8, lambda at: at.radio(key="ops_ch_kind").set_value("l1"), "Set the penalty to L2"),
    (12, 1, lambda at: at.selectbox(key="concepts_image_preset").set_value("diagonal"),
     "The head predicts “vertical bar” now"),
    (12, 7, lambda at: at.button_group(key="concepts_act_select").set_value("tanh"),
     "Choose the activation relu"),
])
def test_a_wrong_state_keeps_the_action_step_locked(lesson, step, drive, message):
    at = open_step(lesson, step)
    drive(at)
    at.run()
    no_exception(at)
    assert message in " ".join(c.value for c in at.caption)
    # Show the checkpoint's answer: only the tool's state keeps the step locked now.
    next(b for b in at.button if b.label == "Show me").click()
    at.run()
    assert at.button(key="learn_next").disabled


def test_a_refused_setting_is_named_where_it_was_typed_and_the_value_kept():
    at = open_step(11, 5)
    at.text_input(key="ops_in_p").input("0.99")
    at.run()
    no_exception(at)
    assert at.session_state["ops_do_p"] == 0.2  # the preset's value is kept
    assert any("was refused: must be from 0 to 0.95" in e.value for e in at.error)


@pytest.mark.parametrize(("n", "k", "cells", "caption"), [
    (11, 7, {(1, c) for c in range(7)}, "total loss"),  # the table row of W[1,2]
    (11, 8, {(1, c) for c in range(7)}, None),
    (12, 1, {(r, c) for r in range(3) for c in range(2)}, None),  # every score
    (12, 5, {(2, 0)}, None),  # Q[3,1]: token 3, q1
    (12, 2, set(), "Marked"),  # the convolution, a part: outlined with a caption
    (12, 6, set(), "Marked"),  # the MLP
])
def test_what_the_text_refers_to_is_outlined(n, k, cells, caption):
    from test_learn_highlight import table_marks

    at = open_step(n, k)
    marks = [m for m in table_marks(at) if m]
    assert marks == ([cells] if cells else []), marks
    if caption:
        assert any(caption in c.value for c in at.caption)
    assert any("**Marked** (dashed outline)" in c.value for c in at.caption)
