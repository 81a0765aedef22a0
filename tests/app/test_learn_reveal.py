"""Predict, then reveal: on every number checkpoint of the course the answer is nowhere on
screen before the learner tries (not in the step's text, not in its embedded tool: tables,
formulas, captions, metrics, figures, the cell grids' data), and it is there after a wrong
attempt or "Show me" (the tool then shows everything again). The pages themselves (no
lesson) conceal nothing. AppTest through the real entry point, as tests/app/test_learn_walk.py.

A number "appears" when a number token on screen equals the answer as the page writes it
(ui.format.fmt) or rounded to 3 significant figures (what a learner may type), so 31 is not
found inside 310 and a minus sign (− or -) counts.
"""

from __future__ import annotations

import json
import re

import pytest
from apptest_helpers import ROOT, no_exception, open_step, reveal_steps
from streamlit.testing.v1 import AppTest

from ui.format import fmt
from ui.highlight import CONCEALED, CONCEALED_NOTE
from ui.learn.hold_back import holding_steps
from ui.learn.registry import STEPPER_TOOLS
from ui.learn.schema import load_course
from ui.stepper import HOLD_NOTE

COURSE = load_course()
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
ELEMENT_ID = re.compile(r'^\s*(form_)?id: ".*"$', re.MULTILINE)  # element ids (hex hashes)

# Checkpoints whose answer also appears on screen as an unrelated number, so a search for it
# proves nothing; each is justified here, and still checked after the attempt.
UNRELATED = {
    # Q[3,1] = -0.9 while -0.9 is also a weight of W_Q and of the MLP (the written-out sums
    # and the weights' expander show it). The Q[3,1] cell shows "?" (asserted below).
    (12, 5): "-0.9 is also one of the seeded weights",
    # (W₂W₁)₁₁ = 1 on a step without a tool: its text says "layer 1" and "layer 2". It shows
    # no tool, so nothing there can give the answer away.
    (4, 2): "1 is also the number of a layer in the step's text (no tool)",
    # y1 = W⁽²⁾a + b⁽²⁾ with W⁽²⁾ = [1, 1], b⁽²⁾ = 0 and a = (0, 4.5): the answer equals z₂ and
    # a₂, which the step starts from (its text and the layer-1 picture show them). The y
    # cell shows "?" (asserted below).
    (9, 1): "4.5 is also z2 and a2 of layer 1, which the question starts from",
    # a1 = ReLU(z1) = 0: every zero input, bias and the "max(0, z)" of the selectbox's label
    # read "0". The a[1] cell and the equation's a1 show "?" instead (asserted below).
    (3, 1): "0 is also an input and a bias of this preset",
    # δ1 = 0 through a ReLU that is off: f'(z1) = 0 and several zero entries are on screen;
    # the chain view's δ1 shows "?" instead (asserted below).
    (9, 3): "0 is also f'(z) of the off ReLU and a zero entry of the preset",
    # Feature 1's mean is 3 and x₂₁ = x₄₁ = 3 are in the batch. The stepper is held before
    # its mean step (the hold's note is asserted below; tests/app/test_learn_walk_hold.py).
    (11, 1): "3 is also two entries of the batch X",
    # out₃ = 1 at the pixel while the image's pixels and the weights are 0s and 1s. Output
    # channel 3 shows "?" in its sum and its map (asserted below).
    (12, 2): "1 is also a pixel of the image and a convolution weight",
}
# What stands for the answer itself on those steps (a part of a concealed mark's text).
OWN_MARK = {(11, 1): "held", (12, 2): r"\text{out}_{3}[1,2] = ", (3, 1): "cell ?"}
# Every number checkpoint: lessons 1-10, and lessons 11-12, whose tools conceal cells (L1/L2,
# the transformer's Q, the CNN's convolution) or hold their stepper before the answer.
NUMBER_CHECKPOINTS = [(lesson.number, k, step) for lesson in COURSE
                      for k, step in enumerate(lesson.steps, start=1)
                      if step.checkpoint is not None and step.checkpoint.kind == "number"]
IDS = [f"lesson{n}-step{k}" for n, k, _ in NUMBER_CHECKPOINTS]



# What is not the step's own content: the page's head (lesson title, progress "step 3 of 5"),
# the step's title, the navigation, the step's link, the class-link box and the collapsed
# "Teacher notes" (the teacher's, closed unless opened, and list every answer on purpose), and
# the storage bridge. Their numbers (step counts, lesson numbers) say nothing of the answer.
CHROME_TYPES = {"subheader", "progress", "header", "html", "divider"}
CHROME_KEYS = ("learn_nav", "learn_bridge", "class_link_open_")
CHROME_KEY_ENDS = ("_controls",)  # a stepper's buttons and its "Step k of N"


def _chrome(el) -> bool:
    kind, key = getattr(el, "type", None), str(getattr(el, "key", None) or "")
    if kind in CHROME_TYPES or key.startswith(CHROME_KEYS) or key.endswith(CHROME_KEY_ENDS):
        return True
    if kind == "expander" and el.label == "Teacher notes":
        return True
    return kind == "caption" and str(el.value).startswith("Link to this step")


def _walk(node, out: list, with_checkpoint: bool = True) -> list:
    """Every element under node that is the step's content (not CHROME); the checkpoint's box
    (its question and, once answered, its feedback) only when with_checkpoint."""
    for child in getattr(node, "children", {}).values():
        if _chrome(child):
            continue
        if not with_checkpoint and str(getattr(child, "key", "")).startswith("learn_cp_box_"):
            continue
        out.append(child)
        _walk(child, out, with_checkpoint)
    return out


def _tool(at: AppTest):
    return next(el for el in _walk(at.main, []) if getattr(el, "key", None) == "learn_tool")


def _elements(at: AppTest, tool_only: bool, with_checkpoint: bool = True) -> list:
    return _walk(_tool(at) if tool_only else at.main, [], with_checkpoint)


def screen_texts(at: AppTest, tool_only: bool = False, with_checkpoint: bool = True
                 ) -> list[str]:
    """Everything the main area (tool_only: the lesson's tool column) shows as text: markdown,
    captions, LaTeX, alerts, table and dataframe cells, metrics, plotly figures' JSON, the cell
    grids' data, and every other element's own fields (labels, values)."""
    texts = []
    for el in _elements(at, tool_only, with_checkpoint):
        kind = getattr(el, "type", None)
        proto = getattr(el, "proto", None)
        if kind in ("table", "arrow_table", "arrow_data_frame", "dataframe"):
            frame = el.value
            texts += [str(v) for v in frame.index] + [str(v) for v in frame.to_numpy().ravel()]
            texts += [str(c) for c in frame.columns]
        elif kind == "metric":
            texts += [str(el.value), str(el.label)]
        elif kind == "plotly_chart":
            texts.append(shown_figure_text(proto.spec))
        elif kind == "bidi_component":
            texts.append(shown_component_text(proto.json))
        elif kind in ("markdown", "latex", "caption", "alert", "success", "error", "info",
                      "warning", "code", "text", "exception"):
            texts.append(str(el.value))
        elif proto is not None and type(el).__name__ != "Block":
            texts.append(ELEMENT_ID.sub("", str(proto)))  # labels, values, help texts
    return texts


# A cell grid's data that is not on screen: its refresh counter, paste limit and flags.
GRID_META = ("version", "max_paste", "read_only")


def shown_component_text(data: str) -> str:
    """A component's data (the cell grids': rows, cols, labels, values), less its metadata."""
    try:
        parsed = json.loads(data)
    except ValueError:
        return data
    if isinstance(parsed, dict):
        parsed = {k: v for k, v in parsed.items() if k not in GRID_META}
    return json.dumps(parsed)


def shown_figure_text(spec: str) -> str:
    """The words and numbers a plotly figure writes: its traces' cell labels (text) and names,
    its annotations and titles. Positions (x, y), colour data (z) and style numbers (widths,
    colours) are not text on screen. A heatmap's z counts when its hover writes %{z}."""
    fig = json.loads(spec)
    out = []
    for trace in fig.get("data", []):
        out += [json.dumps(trace.get("text", "")), str(trace.get("name", ""))]
        if "%{z" in str(trace.get("hovertemplate", "")):
            out.append(json.dumps(trace.get("z", "")))
    layout = fig.get("layout", {})
    out += [str(a.get("text", "")) for a in layout.get("annotations", [])]
    out.append(json.dumps(layout.get("title", "")))
    return "\n".join(out)


# The figures a lesson may conceal cells of (the forward pictures, the CNN's channel maps);
# the steppers' pictures write "?" for what the walk has not reached yet, on the pages too,
# and are not counted.
CONCEALING_FIGURES = ("fixedfig_bp_forward_",)
CONCEALING_CHARTS = ("concepts_conv_map_",)


def concealed_marks(at: AppTest, tool_only: bool = False) -> list[str]:
    """Every concealed number on screen: a "?" table cell, metric or formula entry, a "?"
    in a forward picture, a convolution map or a cell grid, the note that stands for a hidden
    part, or a stepper held before the answer. What a stepper's step draws (in its "_walk"
    container) writes "?" for what the walk has not reached, on the pages too: not counted."""
    marks = []
    walked = {id(el) for block in _elements(at, tool_only)
              if str(getattr(block, "key", "")).endswith("_walk") for el in _walk(block, [])}
    for block in _elements(at, tool_only):
        if str(getattr(block, "key", "")).startswith(CONCEALING_FIGURES):
            marks += ["figure" for el in _walk(block, []) if getattr(el, "type", None) ==
                      "plotly_chart" and json.dumps(CONCEALED) in el.proto.spec]
    for el in _elements(at, tool_only):
        kind = getattr(el, "type", None)
        if id(el) in walked:
            continue
        if kind in ("table", "arrow_table", "arrow_data_frame", "dataframe"):
            marks += [f"cell {v}" for v in el.value.to_numpy().ravel() if str(v) == CONCEALED]
        elif kind == "plotly_chart" and str(getattr(el, "key", "")).startswith(
                CONCEALING_CHARTS) and json.dumps(CONCEALED) in el.proto.spec:
            marks.append(f"chart {el.key}")
        elif kind == "metric" and str(el.value) == CONCEALED:
            marks.append(f"metric {el.label}")
        elif kind == "latex" and CONCEALED in el.value:
            marks.append(f"latex {el.value}")
        elif kind in ("markdown", "caption") and CONCEALED_NOTE in str(el.value):
            marks.append(f"note {el.value}")
        elif kind == "caption" and HOLD_NOTE in str(el.value):  # a stepper held before it
            marks.append(f"held {el.value}")
        elif kind == "bidi_component" and json.dumps(CONCEALED) in el.proto.json:
            marks.append("grid")
    return marks


def answer_forms(value: float) -> set[str]:
    return {fmt(value), f"{value:.3g}"}


def numbers_in(texts: list[str]) -> set[str]:
    out = set()
    for text in texts:
        text = text.replace("−", "-").replace("\u2009", "")
        out |= set(NUMBER.findall(text))
    return out


def shows(texts: list[str], value: float) -> bool:
    return bool(answer_forms(value) & numbers_in(texts))


def truth(lesson: int, step) -> float:
    return float(COURSE[lesson - 1].values(step.preset)[step.checkpoint.answer])


@pytest.mark.parametrize(("lesson", "k", "step"), NUMBER_CHECKPOINTS, ids=IDS)
def test_the_answer_is_not_on_screen_before_an_attempt(lesson, k, step):
    at = open_step(lesson, k)
    value = truth(lesson, step)
    # The checkpoint's question is left out (it names x = 3 or z₁, not the answer).
    texts = screen_texts(at, with_checkpoint=False)
    if (lesson, k) in UNRELATED:
        if step.tool != "text":  # the answer's own cell is concealed, though the number is not
            marks = concealed_marks(at, tool_only=True)
            assert marks, UNRELATED[(lesson, k)]
            if (lesson, k) in OWN_MARK:
                assert any(OWN_MARK[(lesson, k)] in m for m in marks), marks
        return
    found = answer_forms(value) & numbers_in(texts)
    assert not found, (f"lesson {lesson} step {k} shows its answer {found} before an attempt",
                       [t[:200] for t in texts if found & numbers_in([t])])


# Tools that never draw the answer (it is the next thing to work out from what they show).
NOT_IN_TOOL = {
    (12, 6): "the transformer view shows the MLP's numbers, not its parameter count",
    (12, 1): "the CNN view shows the head's weights and scores, not its parameter count",
    (9, 4): "the chain view shows layer 2's δ and a; ∂L/∂W⁽²⁾ = δ⁽²⁾aᵀ is not in it",
}
TOOL_CHECKPOINTS = [c for c in NUMBER_CHECKPOINTS if c[2].tool != "text"]
TEXT_CHECKPOINTS = [c for c in NUMBER_CHECKPOINTS if c[2].tool == "text"]


def _attempt(at: AppTest, lesson: int, k: int, how: str, value: float) -> None:
    if how == "wrong":  # a wrong number that is no listed mistake
        at.text_input(key=f"learn_cp_{lesson}_{k}").input(f"{value * 1.7 + 13.37:.6g}")
    next(b for b in at.button if b.label == ("Check" if how == "wrong" else "Show me")).click()
    at.run()
    no_exception(at)


@pytest.mark.parametrize(("lesson", "k", "step"), TOOL_CHECKPOINTS,
                         ids=[f"lesson{n}-step{k}" for n, k, _ in TOOL_CHECKPOINTS])
@pytest.mark.parametrize("how", ["wrong", "show"])
def test_a_tool_shows_everything_after_an_attempt_or_show_me(lesson, k, step, how):
    """After a wrong attempt (the learner has committed to a number) or Show me, the tool
    draws every number again: the answer among them, nothing concealed."""
    at = open_step(lesson, k)
    value = truth(lesson, step)
    _attempt(at, lesson, k, how, value)
    later = holding_steps(COURSE[lesson - 1], k)[1:]  # they hold back their own answers still
    reveal_steps(at, lesson, later, back_to=k)  # (tests/app/test_learn_hold_later.py)
    assert not concealed_marks(at, tool_only=True)
    # a stepper draws the answer on its way (tests/app/test_learn_walk_hold.py walks it)
    if (lesson, k) not in NOT_IN_TOOL and step.tool not in STEPPER_TOOLS:
        assert shows(screen_texts(at, tool_only=True), value), \
            f"lesson {lesson} step {k}: the tool does not show the answer"
    if how == "show":
        assert shows(screen_texts(at), value)


@pytest.mark.parametrize(("lesson", "k", "step"), TEXT_CHECKPOINTS,
                         ids=[f"lesson{n}-step{k}" for n, k, _ in TEXT_CHECKPOINTS])
def test_a_step_without_a_tool_keeps_the_answer_for_another_try(lesson, k, step):
    """Without a tool a wrong attempt only says "try again" (the answer is the checkpoint's
    own line, shown after a right answer or Show me)."""
    at = open_step(lesson, k)
    value = truth(lesson, step)
    _attempt(at, lesson, k, "wrong", value)
    assert not shows(screen_texts(at), value) or (lesson, k) in UNRELATED
    _attempt(at, lesson, k, "show", value)
    assert shows(screen_texts(at), value)


@pytest.mark.parametrize(("page", "query"), [
    ("pages/1_explorer.py", {}), ("pages/2_backprop.py", {}), ("pages/3_train.py", {}),
    ("pages/6_concepts.py", {"topic": "transformer"}),
    ("pages/5_operations.py", {"op": "penalty", "view": "step"}),
    ("pages/6_concepts.py", {"topic": "cnn"}), ("pages/6_concepts.py", {"topic": "rnn"}),
    ("pages/5_operations.py", {"op": "batchnorm", "view": "steps"}),
    ("pages/5_operations.py", {"op": "dropout", "view": "steps"})])
def test_the_pages_themselves_conceal_nothing(page, query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page(page)
    at.query_params.update(query)
    at.run()
    no_exception(at)
    assert not concealed_marks(at)


def test_a_text_that_is_no_number_is_not_an_attempt():
    """Lesson 7, step 2: "abc" gets a message and the tool still keeps δ₂ back."""
    at = open_step(7, 2)
    at.text_input(key="learn_cp_7_2").input("abc")
    next(b for b in at.button if b.label == "Check").click()
    at.run()
    no_exception(at)
    assert at.warning and concealed_marks(at, tool_only=True)
    assert not shows(screen_texts(at, tool_only=True), -1.5)


def test_a_class_link_that_keeps_the_answers_back_keeps_the_tool_s_too():
    """hide=answers (no Show me): a wrong attempt does not show the answer in the tool; the
    right one does."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/4_learn.py")
    at.query_params.update({"lesson": "7", "step": "2", "hide": "answers"})
    at.run()
    no_exception(at)
    assert not any(b.label == "Show me" for b in at.button)
    held = concealed_marks(at, tool_only=True)
    _attempt(at, 7, 2, "wrong", -1.5)
    assert at.error and concealed_marks(at, tool_only=True) == held
    assert not shows(screen_texts(at, tool_only=True), -1.5)
    at.text_input(key="learn_cp_7_2").input("-1.5")
    next(b for b in at.button if b.label == "Check").click()
    at.run()
    no_exception(at)
    # δ₂'s cells are back (steps 3 and 4 would hold back gradients, which would hide db, part
    # of this step's answer: tests/app/test_learn_hold_later.py)
    assert len(concealed_marks(at, tool_only=True)) < len(held)
    assert shows(screen_texts(at, tool_only=True), -1.5)
