"""A step's `highlight` (what its text refers to, outlined in its tool): the names are parsed
as the tools label their cells, every name in every lesson file exists in that step's tool
with that preset's sizes, and a name that does not exist is refused with the place named."""

from __future__ import annotations

import tomllib

import pytest

from ui.highlight import TOOL_PARTS, Highlight, Ref, array_shapes, parse, problems
from ui.learn.registry import TOOLS
from ui.learn.schema import LESSON_DIR, LessonError, load_course, parse_lesson

COURSE = load_course()


def test_names_parse_as_the_tools_label_cells():
    assert parse("W[1,2]") == Ref("W", 0, 1)
    assert parse("z[3]") == Ref("z", 2)
    assert parse("W row 2") == Ref("W", row=1)
    assert parse("W column 1") == Ref("W", col=0)
    assert parse("dW") == Ref("dW")
    assert parse("test loss") == Ref("test loss")
    assert parse("Wnew[1, 3]") == Ref("Wnew", 0, 2)


def test_a_name_covers_its_cells():
    h = Highlight(("W row 2", "x[3]", "W[1,1]"))
    assert h.cells("W", (2, 3)) == {(1, 0), (1, 1), (1, 2), (0, 0)}
    assert h.cells("x", (3,)) == {(2, 0)}
    assert h.cells("b", (2,)) == set()
    assert Highlight(("W column 2",)).cells("W", (2, 3)) == {(0, 1), (1, 1)}
    assert Highlight(("b",)).cells("b", (2,)) == {(0, 0), (1, 0)}
    assert h.has("W") and not h.has("b")
    assert not Highlight() and Highlight(("det",))


def test_every_tool_of_lessons_1_to_10_has_a_vocabulary_and_others_refuse_names():
    used = {s.tool for lesson in COURSE[:10] for s in lesson.steps} - {"text"}
    assert used <= set(TOOL_PARTS) <= set(TOOLS)
    for tool in set(TOOLS) - set(TOOL_PARTS):  # a tool that draws no marks refuses them
        assert problems(["W"], tool, array_shapes(2, 3))


def test_every_tool_step_of_lessons_1_to_10_has_a_highlight_that_exists():
    shapes = array_shapes(2, 3)
    for lesson in COURSE[:10]:
        for k, step in enumerate(lesson.steps, start=1):
            if step.tool == "text":
                assert not step.highlight
                continue
            assert step.highlight, f"lesson {lesson.number}, step {k} marks nothing"
            p = lesson.presets[step.preset]
            if p.W is not None:
                shapes = array_shapes(*p.W.shape, None if p.X is None else p.X.shape[0],
                                      None if p.W2 is None else p.W2.shape[0])
                assert problems(step.highlight, step.tool, shapes, p.W.shape[0]) == []


@pytest.mark.parametrize(("names", "tool", "message"), [
    (["W[3,1]"], "explorer.compute", "outside W (2 × 3)"),
    (["W row 3"], "explorer.compute", "outside W (2 × 3)"),
    (["x row 1"], "explorer.compute", "outside x (3)"),
    (["W[1]"], "explorer.compute", "W is a matrix: name a cell as W[1,2]"),
    (["x[1,1]"], "explorer.compute", "x is a vector: name a cell as x[1]"),
    (["dW"], "explorer.compute", "is not drawn by the tool explorer.compute"),
    (["tset loss"], "train", "is not drawn by the tool train"),
    (["det"], "explorer.geometry", "only for a layer with 2 output"),
    (["W2"], "backprop.loss", "is not drawn"),  # no second layer in these sizes
])
def test_names_that_do_not_exist_are_refused(names, tool, message):
    found = problems(names, tool, array_shapes(2, 3), 2 if tool != "explorer.geometry" else 1)
    assert found and message in found[0]


def test_a_lesson_file_with_a_wrong_highlight_is_refused_with_the_place_named():
    good = tomllib.loads((LESSON_DIR / "02_a_layer.toml").read_text())
    steps = good["steps"]
    typo = dict(steps[1], highlight=["W row 3"])  # step 2: explorer.compute, W is 2 x 3
    with pytest.raises(LessonError, match=r"step 2: highlight 'W row 3' is outside W"):
        parse_lesson({**good, "steps": [steps[0], typo, *steps[2:]]}, "02_a_layer.toml")
    on_text = dict(steps[0], highlight=["W"])  # step 1 has no tool
    with pytest.raises(LessonError, match="step 1: `highlight` needs a tool"):
        parse_lesson({**good, "steps": [on_text, *steps[1:]]}, "02_a_layer.toml")
    not_a_list = dict(steps[1], highlight="W row 1")
    with pytest.raises(LessonError, match="must be a list of names"):
        parse_lesson({**good, "steps": [steps[0], not_a_list, *steps[2:]]}, "02_a_layer.toml")
