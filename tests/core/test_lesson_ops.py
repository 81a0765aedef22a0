"""The /operations and /concepts lesson presets (core.course.lesson_ops): the numbers lessons 11 and
12 quote equal PyTorch's documented definitions computed here by hand with NumPy, the penalty
gradients pass a finite-difference check, bad preset tables are refused with the field named,
and the limits and names agree with the pages'."""

from __future__ import annotations

import numpy as np
import pytest

from core.concepts import CLASSES, CONV_B, CONV_W, default_weights
from core.course.lesson_ops import (
    COLLAPSE_ACTS,
    MAX_P,
    TOPIC_ARRAYS,
    parse_tool_state,
    tool_quantities,
)
from core.course.lesson_values import parse_preset
from core.nn.gradcheck import central_difference
from core.trace.ops_penalty import total_loss
from ui.learn.registry import CONDITION_VALUES, PAGE_TOOLS
from ui.learn.schema import LessonError, load_course, parse_lesson

COURSE = load_course()
EPS = 1e-5


def q(kind: str, table: dict) -> dict[str, float]:
    return tool_quantities(parse_tool_state(kind, table))


def test_batchnorm_numbers_are_pytorchs_definitions():
    X = np.array([[1.0, 2], [3, 6], [5, 1], [3, 3]])
    v = q("batchnorm", {"X": X.tolist(), "gamma": [2, 0.5], "beta": [1, -1],
                        "rmean": [2, 3], "rvar": [4, 1]})
    mean, var = X.mean(axis=0), X.var(axis=0)  # biased: train mode normalises with it
    train = (X - mean) / np.sqrt(var + EPS) * [2, 0.5] + [1, -1]
    evals = (X - [2, 3]) / np.sqrt(np.array([4, 1]) + EPS) * [2, 0.5] + [1, -1]
    unbiased_hat = (X - mean) / np.sqrt(X.var(axis=0, ddof=1) + EPS)
    for r in range(4):
        for j in range(2):
            assert v[f"bntrain{r + 1}{j + 1}"] == pytest.approx(train[r, j], abs=1e-12)
            assert v[f"bneval{r + 1}{j + 1}"] == pytest.approx(evals[r, j], abs=1e-12)
            assert v[f"bnuhat{r + 1}{j + 1}"] == pytest.approx(unbiased_hat[r, j], abs=1e-12)
    assert (v["bnmean1"], v["bnvar1"], v["bnuvar1"]) == pytest.approx((3, 2, 8 / 3))
    assert v["bny11"] == v["bntrain11"]  # the preset's mode (train by default)


def test_dropout_numbers_are_inverted_dropout():
    x = np.arange(1.0, 7.0)
    v = q("dropout", {"x": x.tolist(), "p": 0.2, "seed": 3})
    assert v["doscale"] == pytest.approx(1.25) and v["keep"] == pytest.approx(0.8)
    y = np.array([v[f"doy{j}"] for j in range(1, 7)])
    kept = y != 0
    assert np.allclose(y[kept], x[kept] / 0.8) and v["dokept"] == kept.sum()
    evals = q("dropout", {"x": x.tolist(), "p": 0.2, "mode": "eval"})
    assert [evals[f"doy{j}"] for j in range(1, 7)] == x.tolist()  # eval mode: the identity


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_penalty_numbers_and_gradient_check(kind):
    W, b, x, t, lam = np.array([[0.5, -1.5]]), np.array([0.5]), np.array([1.0, 2]), \
        np.array([1.0]), 0.1
    v = q("penalty", {"W": W.tolist(), "b": b.tolist(), "x": x.tolist(), "t": t.tolist(),
                      "kind": kind, "lambda": lam})
    z = W @ x + b
    assert v["pdata"] == pytest.approx(float(np.mean((z - t) ** 2)))
    want = lam * np.abs(W).sum() if kind == "l1" else lam / 2 * (W**2).sum()
    assert v["ppen"] == pytest.approx(want)
    assert v["pl2grad12"] == pytest.approx(lam * W[0, 1])
    assert v["pl1grad12"] == pytest.approx(lam * np.sign(W[0, 1]))
    assert v["ppgrad12"] == v[f"p{kind}grad12"]  # the tool's penalty gradient is this kind's
    # The total gradient (data + penalty) against central differences of the total loss
    # (no weight is at 0, where |w| has no derivative).
    Wv = W.copy()
    numeric = central_difference(lambda: sum(total_loss(Wv, b, x[None], t[None], lam, kind)),
                                 Wv)
    assert [v["ptgrad11"], v["ptgrad12"]] == pytest.approx(numeric[0].tolist(), rel=1e-6)


def test_rnn_numbers_follow_rnncell():
    p = COURSE[11].presets["rnn"].tool.arrays
    v = tool_quantities(COURSE[11].presets["rnn"].tool)
    h = p["h0"]
    for t, x in enumerate(p["xs"], start=1):
        stale = np.tanh(p["W_ih"] @ x + p["b_ih"] + p["W_hh"] @ p["h0"] + p["b_hh"])
        h = np.tanh(p["W_ih"] @ x + p["b_ih"] + p["W_hh"] @ h + p["b_hh"])
        assert [v[f"h{t}1"], v[f"h{t}2"]] == pytest.approx(h.tolist(), abs=1e-12)
        assert [v[f"rnnstale{t}1"], v[f"rnnstale{t}2"]] == pytest.approx(stale.tolist())
    assert v["rnnstale21"] != pytest.approx(v["h21"])  # the named slip is a different number


def test_cnn_and_transformer_numbers():
    v = tool_quantities(COURSE[11].presets["cnn"].tool)
    image = COURSE[11].presets["cnn"].tool.arrays["image"]
    pixel = np.array([image[0, 1], 1 - image[0, 1]])  # pixel (1, 2): the image and 1 - image
    assert [v[f"conv{o}"] for o in (1, 2, 3)] == pytest.approx((CONV_W @ pixel + CONV_B).tolist())
    assert v["cnnparams"] == 16 * len(CLASSES) + len(CLASSES)
    t = COURSE[11].presets["tokens"].tool
    v = tool_quantities(t)
    w = default_weights(0)
    Q = t.arrays["X"] @ w["W_Q"].T + w["b_Q"]
    assert v["Q31"] == pytest.approx(Q[2, 0]) and v["XWQ31"] == pytest.approx(Q[2, 0] - w["b_Q"][0])
    assert v["mlpparams"] == 4 * 8 + 8 + 8 * 4 + 4


def test_collapse_numbers():
    t = COURSE[11].presets["stack"].tool
    a, v = t.arrays, tool_quantities(t)
    W = a["W2"] @ a["W1"]
    assert np.allclose([[v["cW11"], v["cW12"]], [v["cW21"], v["cW22"]]], W)
    assert v["cdiff"] < 1e-12  # linear: the two layers are one


@pytest.mark.parametrize(("kind", "table", "message"), [
    ("batchnorm", {"X": [[1, 2], [3, 4]], "colour": 1}, "unknown batchnorm field"),
    ("batchnorm", {"mode": "eval"}, "needs X"),
    ("batchnorm", {"X": [[1, 2], [3, 4]], "gamma": [1, 2, 3]}, "gamma needs 2 entries"),
    ("batchnorm", {"X": [[1, 2], [3, 4]], "rvar": [1, -1]}, "rvar must be 0 or more"),
    ("batchnorm", {"X": [[1, 2], [3, 4]], "mode": "test"}, "mode must be one of"),
    ("dropout", {"x": [1, 2], "p": 0.99}, "p must be from 0 to 0.95"),
    ("dropout", {"x": [1, 2], "X": [[1, 2]]}, r"x \(one row\) or X"),
    ("dropout", {"x": [1, float("nan")]}, "finite"),
    ("penalty", {"W": [[1, 2]], "b": [0], "x": [1, 2], "t": [1], "kind": "l3",
                 "lambda": 1}, "kind must be one of"),
    ("penalty", {"W": [[1, 2]], "b": [0], "x": [1], "t": [1], "kind": "l1", "lambda": 1},
     "x needs 2 entries"),
    ("concepts", {"topic": "rnn", "W_ih": [[1, 0]]}, "needs b_ih"),
    ("concepts", {"topic": "cnn", "image": "smiley"}, "image must be numbers or one of"),
    ("concepts", {"topic": "cnn", "image": [[1, 2], [3, 4]]}, "image"),
    ("concepts", {"topic": "poetry"}, "topic must be one of"),
])
def test_bad_tool_presets_are_refused_with_the_field_named(kind, table, message):
    with pytest.raises(ValueError, match=message):
        parse_tool_state(kind, table)


def test_a_tool_preset_has_only_its_table():
    with pytest.raises(ValueError, match="has only its"):
        parse_preset({"W": [[1.0]], "x": [1.0], "b": [0.0],
                      "dropout": {"x": [1, 2]}})


def _lesson(steps, presets):
    return {"number": 11, "title": "t", "goal": "g",
            "teacher": {"misconception": "m", "ask": "a", "answers": "x"},
            "presets": presets, "steps": steps * 4}


DROP = {"dropout": {"x": [1, 2, 3]}}
PEN = {"penalty": {"W": [[1, 2]], "b": [0], "x": [1, 2], "t": [1], "kind": "l2", "lambda": 1}}


@pytest.mark.parametrize(("step", "message"), [
    ({"tool": "operations.batchnorm.steps", "preset": "d"}, "needs a preset "
     r"\[presets.NAME.batchnorm\]"),
    ({"tool": "concepts.rnn", "preset": "d"}, "with topic = 'rnn'"),
    ({"tool": "operations.dropout.steps", "preset": "d",
      "complete": {"kind": "op_mode", "op": "penalty", "mode": "eval"}},
     "complete.op` must be one of batchnorm, dropout"),
    ({"tool": "operations.dropout.steps", "preset": "d",
      "complete": {"kind": "stepper_at", "stepper": "dropout"}}, "needs step"),
    ({"tool": "operations.penalty.step", "preset": "p", "walk": 2},
     "`walk` needs a tool with a stepper"),
    ({"tool": "operations.dropout.steps", "preset": "d",
      "complete": {"kind": "op_setting", "name": "p", "value": "0.5"}}, "must be a number"),
    ({"tool": "operations.penalty.step", "preset": "p",
      "complete": {"kind": "op_setting", "name": "kind", "value": "l3"}}, "must be l1 or l2"),
])
def test_the_schema_checks_tools_presets_and_conditions(step, message):
    raw = _lesson([{"title": "s", "goal": "g", "text": "t", **step}], {"d": DROP, "p": PEN})
    with pytest.raises(LessonError, match=message):
        parse_lesson(raw, "11_operations.toml")


CP = {"question": "y?", "reveal": "r", "answer": "doup1", "expect": 2}


@pytest.mark.parametrize(("step", "message"), [
    ({"tool": "operations.dropout.steps", "preset": "d", "checkpoint": CP},
     "walks to the answer; say where it stops before an attempt with `walk_stops_at"),
    ({"tool": "operations.penalty.step", "preset": "p",
      "checkpoint": {**CP, "answer": "pl2grad11", "walk_stops_at": 0}},
     "`walk_stops_at` needs a tool with a stepper"),
    ({"tool": "operations.dropout.steps", "preset": "d", "walk": 2,
      "checkpoint": {**CP, "walk_stops_at": 1}}, "opens its stepper at step 2, past"),
    ({"tool": "operations.dropout.steps", "preset": "d",
      "checkpoint": {**CP, "walk_stops_at": -1}}, "a whole number from 0"),
    ({"tool": "operations.dropout.steps", "preset": "d",
      "checkpoint": {**CP, "walk_stops_at": 1.5}}, "a whole number from 0"),
    ({"tool": "operations.dropout.steps", "preset": "d",
      "checkpoint": {**CP, "walk_stops_at": True}}, "a whole number from 0"),
])
def test_a_number_checkpoint_on_a_stepper_says_where_the_walk_stops(step, message):
    """Predict, then reveal: without walk_stops_at the stepper would walk to the answer."""
    raw = _lesson([{"title": "s", "goal": "g", "text": "t", **step}], {"d": DROP, "p": PEN})
    with pytest.raises(LessonError, match=message):
        parse_lesson(raw, "11_operations.toml")


def test_a_later_stop_may_not_block_an_earlier_walk():
    walk = {"title": "s", "goal": "g", "text": "t", "tool": "operations.dropout.steps",
            "preset": "d", "complete": {"kind": "stepper_at", "stepper": "dropout", "step": 3}}
    held = {"title": "s", "goal": "g", "text": "t", "tool": "operations.dropout.steps",
            "preset": "d", "checkpoint": {**CP, "walk_stops_at": 2}}
    raw = {**_lesson([], {"d": DROP}), "steps": [walk, held, walk, walk]}
    with pytest.raises(LessonError, match="step 2's checkpoint stops the same walk at step 2"):
        parse_lesson(raw, "11_operations.toml")
    ok = {**held, "checkpoint": {**CP, "walk_stops_at": 3}}  # a stop at 3 lets step 1 reach 3
    parse_lesson({**raw, "steps": [walk, ok, walk, walk]}, "11_operations.toml")


def test_a_choice_on_a_stepper_needs_no_stop_and_a_stop_parses():
    choice = {"kind": "choice", "question": "q?", "reveal": "r", "options": ["a", "b"],
              "correct": 1, "feedback": ["x", "y"]}
    held = {**CP, "walk_stops_at": 2}
    raw = _lesson([{"title": "s", "goal": "g", "text": "t", "tool": "operations.dropout.steps",
                    "preset": "d", "checkpoint": cp} for cp in (choice, held)], {"d": DROP})
    lesson = parse_lesson({**raw, "steps": raw["steps"][:2] * 2}, "11_operations.toml")
    assert lesson.steps[0].checkpoint.walk_stops_at is None
    assert lesson.steps[1].checkpoint.walk_stops_at == 2


def test_names_and_limits_agree_with_the_pages():
    from ui.concepts import state as cs
    from ui.learn import conditions_ops
    from ui.operations import state as os_

    assert MAX_P == os_.MAX_P
    assert TOPIC_ARRAYS == cs.TOPIC_ARRAYS
    assert COLLAPSE_ACTS == cs.COLLAPSE_ACTS == CONDITION_VALUES["concepts_act"]["name"]
    assert CONDITION_VALUES["cnn_prediction"]["label"] == CLASSES
    assert set(CONDITION_VALUES["op_setting"]["name"]) == set(conditions_ops.SETTING_NAMES)
    assert set(conditions_ops.SETTING_NAMES.values()) <= set(os_.SETTINGS)
    assert {v for _, v, _ in PAGE_TOOLS.values()} - set(cs.TOPICS) <= {
        v for views in os_.VIEWS.values() for v in views}


def test_every_concepts_preset_fits_the_page():
    from ui.concepts import state as cs

    for lesson in COURSE:
        for preset in lesson.presets.values():
            if preset.tool is not None and preset.tool.kind == "concepts":
                for name, value in preset.tool.arrays.items():
                    assert cs.ARRAYS[name].allows(value.shape), (lesson.slug, name)


def test_the_dropout_units_the_lesson_asks_about_are_kept_by_their_mask():
    """Lesson 11, steps 4 and 5 say the mask keeps unit 5: its y (this seed's draw) is the
    kept value x/(1 − p), so the learner can walk the mask to it."""
    lesson = load_course()[10]
    for k in (4, 5):
        step = lesson.steps[k - 1]
        v = lesson.values(step.preset)
        assert step.checkpoint.answer == "doup5"
        assert v["doy5"] == v["doup5"] != 0
