"""The lesson files: every one follows the schema, names only things that exist, and every
checkpoint's answer (and every named mistake) is the core's value for the step's preset."""

from __future__ import annotations

import math
import tomllib

import numpy as np
import pytest

from core.course.answer_check import check_answer
from core.course.lesson_values import parse_preset, quantities
from core.trace.chain import forward
from core.trace.trace import forward_trace
from ui.learn.registry import CONDITIONS, LINK_PAGES, TOOLS
from ui.learn.schema import LESSON_DIR, LessonError, load_course, parse_lesson, placeholders

COURSE = load_course()
TITLES = ["One neuron", "A layer is many neurons", "Activations",
          "Stacking without an activation collapses", "Batches", "The geometry of a layer",
          "A loss and the gradients of one layer", "One step of gradient descent",
          "The chain rule through two layers", "Training: XOR needs a hidden layer",
          "Operations around the layer", "The linear layer inside CNNs, RNNs and transformers"]


def _checkpoints():
    for lesson in COURSE:
        for k, step in enumerate(lesson.steps, start=1):
            if step.checkpoint is not None:
                yield pytest.param(lesson, k, step, id=f"lesson{lesson.number}-step{k}")


def test_twelve_lessons_in_the_issue_order():
    assert [lesson.title for lesson in COURSE] == TITLES
    assert all(4 <= len(lesson.steps) <= 10 for lesson in COURSE)


@pytest.mark.parametrize("lesson", COURSE, ids=lambda lesson: lesson.slug)
def test_every_step_names_an_existing_tool_condition_and_page(lesson):
    for step in lesson.steps:
        assert step.tool in TOOLS
        if step.complete is not None:
            assert step.complete["kind"] in CONDITIONS
        for link in step.links:
            assert link.page in LINK_PAGES
        for text in (step.title, step.goal, step.text):
            assert set(placeholders(text)) <= set(lesson.values(step.preset))


@pytest.mark.parametrize(("lesson", "k", "step"), list(_checkpoints()))
def test_checkpoint_answer_is_the_cores_value(lesson, k, step):
    cp = step.checkpoint
    if cp.kind == "choice":
        assert 0 <= cp.correct < len(cp.options) == len(cp.feedback)
        return
    values = lesson.values(step.preset)
    assert math.isclose(values[cp.answer], cp.expect, rel_tol=1e-12, abs_tol=1e-12), (
        f"the file says {cp.expect}, the core computes {values[cp.answer]}")
    # The answer passes the app's own rule, also rounded to 3 significant figures.
    assert check_answer(f"{values[cp.answer]:.3g}", values[cp.answer]).ok
    from ui.learn.checkpoint import mistake_value

    for m in cp.mistakes:
        slip = mistake_value(m, values)
        verdict = check_answer(f"{slip:.6g}", values[cp.answer], {m.name: slip})
        assert not verdict.ok, f"mistake {m.name!r} has the answer's own value"
        assert verdict.mistake == m.name


def test_worked_example_numbers_come_from_the_core():
    values = COURSE[0].values("worked")
    assert values["sum1"] == 28 and values["z1"] == 31  # the article prints 22 and 25
    trace = forward_trace(np.array([[4.0, 2, 1]]), np.array([3.0, 5, 6]), np.array([3.0]),
                          "linear")
    assert values["z1"] == trace.outputs[0].z


def test_collapse_quantities_reproduce_the_two_layers():
    """(W2 W1) x + (W2 b1 + b2) equals the two layers' output (lesson 4's claim)."""
    p = COURSE[3].presets["stack"]
    v = quantities(p)
    WW = np.array([[v["WW11"], v["WW12"]], [v["WW21"], v["WW22"]]])
    bb = np.array([v["bb1"], v["bb2"]])
    assert np.allclose(WW @ p.x + bb, forward(p.net, p.x))
    assert np.allclose([v["y1"], v["y2"]], forward(p.net, p.x))


def test_bad_lesson_files_are_refused_with_the_place_named():
    good = tomllib.loads((LESSON_DIR / "01_one_neuron.toml").read_text())
    bad_tool = {**good, "steps": [dict(good["steps"][0], tool="nope")] + good["steps"][1:]}
    with pytest.raises(LessonError, match="step 1: unknown tool 'nope'"):
        parse_lesson(bad_tool, "01_one_neuron.toml")
    bad_text = {**good, "steps": [dict(good["steps"][0], text="z is {=zz9}")] + good["steps"][1:]}
    with pytest.raises(LessonError, match=r"\{=zz9\} is not a quantity"):
        parse_lesson(bad_text, "01_one_neuron.toml")
    with pytest.raises(LessonError, match="`number` must be 2"):
        parse_lesson(good, "02_one_neuron.toml")
    with pytest.raises(LessonError, match="4 to 10 steps"):
        parse_lesson({**good, "steps": good["steps"][:2]}, "01_one_neuron.toml")
    cond = dict(good["steps"][5], complete={"kind": "output_equals"})
    with pytest.raises(LessonError, match="needs output, value"):
        parse_lesson({**good, "steps": good["steps"][:5] + [cond]}, "01_one_neuron.toml")


def test_presets_are_checked():
    with pytest.raises(ValueError, match="x must have 3 entries"):
        parse_preset({"W": [[1, 2, 3]], "x": [1, 2], "b": [0]})
    with pytest.raises(ValueError, match="unknown activation"):
        parse_preset({"W": [[1]], "x": [1], "b": [0], "activation": "swish"})


def _trained(preset_name: str, epochs: int):
    from ui.learn.apply_preset import train_settings
    from ui.train.session import TrainSession

    sess = TrainSession(train_settings(dict(COURSE[9].presets[preset_name].train)))
    sess.sync()
    assert not sess.error
    for _ in range(epochs):
        sess.trainer.run_epoch()
    return sess.metrics()


def test_lesson_10_claims_hold_no_hidden_layer_stays_at_a_coin_toss():
    m = _trained("no_hidden", 300)
    assert m["train_loss"] > 0.6  # near ln 2 = 0.693, "the loss of a coin toss"
    assert m["test_loss"] > 0.6
    assert m["test_acc"] < 0.7


def test_lesson_10_claims_hold_a_hidden_layer_learns_xor():
    m = _trained("hidden", 300)  # "within a few hundred epochs"
    assert m["test_loss"] < 0.1
