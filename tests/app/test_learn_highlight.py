"""What a lesson step's text refers to is outlined in its tool: every name in every tool step
of lessons 1-10 is drawn, in the element that shows it (AppTest through the real entry point):

- a cell of W, x or b: the explorer's cell grid is told to outline exactly those cells;
- a cell of a results table (z, a, Z, A, a loss row, the hand-over): the table's Styler
  outlines exactly those cells;
- a cell of a picture (the layer grid, the backward pictures): a dashed rect per cell;
- a gradient, a new weight, L, δ⁽²⁾ or the broadcast b: a boxed entry in the formula;
- a part (det, a metric, a chart): a caption "◆ Marked" beside it, or the plot's legend.

And the pages themselves (no lesson) draw none of these marks.
"""

from __future__ import annotations

import json
import re

import pytest
from apptest_helpers import ROOT, no_exception, open_step, reveal_steps
from streamlit.testing.v1 import AppTest

from ui.backprop.chain_view import HANDOFF_COLUMNS
from ui.figures.geometry import PART_TRACES
from ui.highlight import array_shapes, parse
from ui.learn.hold_back import holding_steps
from ui.learn.schema import load_course

COURSE = load_course()
TOOL_STEPS = [(lesson.number, k, step) for lesson in COURSE[:10]
              for k, step in enumerate(lesson.steps, start=1) if step.tool != "text"]
GRID_ARRAYS = {"explorer.compute": {"W", "x", "b"}}
TABLE_ARRAYS = {"explorer.compute": {"z", "a"}, "explorer.batch": {"Z", "A"},
                "backprop.loss": {"loss"}, "backprop.descent": {"loss"},
                "backprop.chain": set(HANDOFF_COLUMNS)}
FIGURE_ARRAYS = {"explorer.steps": {"W", "x", "b", "z", "a"},
                 "backprop.loss": {"W", "x", "b", "z", "a", "W2", "b2", "y"},
                 "backprop.descent": {"W", "x", "b", "z", "a"},
                 "backprop.steps": {"dA", "fprime", "delta", "dW", "db", "dx"}}
FORMULA_NAMES = {"dW", "db", "dx", "dW2", "db2", "Wnew", "bnew", "L", "delta2"}



def _elements(node, kind: str, out: list) -> list:
    for child in getattr(node, "children", {}).values():
        if getattr(child, "type", None) == kind:
            out.append(child)
        _elements(child, kind, out)
    return out


def grid_marks(at: AppTest) -> dict[str, set[tuple[int, int]]]:
    """array -> the cells its cell grid outlines."""
    found = {}
    for el in _elements(at.main, "bidi_component", []):
        if el.proto.component_name == "linear_course_cell_grid":
            data = json.loads(el.proto.json)
            found[el.proto.id.rsplit("cells_", 1)[-1]] = {tuple(c) for c in data["marked"]}
    return found


def table_marks(at: AppTest) -> list[set[tuple[int, int]]]:
    """For each st.table, the (row, col) data cells its Styler outlines dashed."""
    out = []
    for table in at.table:
        cells = set()
        for selectors, body in re.findall(r"([^{}]*)\{([^}]*)\}",
                                          table.proto.arrow_data.styler.styles):
            if "dashed" in body:
                cells |= {(int(r), int(c)) for r, c in re.findall(r"_row(\d+)_col(\d+)",
                                                                  selectors)}
        out.append(cells)
    return out


def figure_marks(at: AppTest) -> int:
    """Dashed cell outlines over every plotly figure on the page."""
    count = 0
    for chart in _elements(at.main, "plotly_chart", []):
        spec = json.loads(chart.proto.spec)
        count += sum(1 for s in spec["layout"].get("shapes", []) if s.get("name") == "marked")
    return count


def legend_marks(at: AppTest) -> set[str]:
    names = set()
    for chart in _elements(at.main, "plotly_chart", []):
        for trace in json.loads(chart.proto.spec)["data"]:
            if str(trace.get("name", "")).startswith("◆ marked: "):
                names.add(trace["name"].removeprefix("◆ marked: "))
    return names


def shapes_of(lesson_number: int, step) -> dict[str, tuple[int, ...]]:
    p = COURSE[lesson_number - 1].presets[step.preset]
    if p.W is None:
        return {}
    return array_shapes(*p.W.shape, None if p.X is None else p.X.shape[0],
                        None if p.W2 is None else p.W2.shape[0])


def expected_cells(names, arrays, shapes) -> dict[str, set[tuple[int, int]]]:
    cells: dict[str, set[tuple[int, int]]] = {}
    for name in names:
        ref = parse(name)
        if ref.array in arrays:
            cells.setdefault(ref.array, set()).update(ref.cells(shapes[ref.array]))
    return cells


@pytest.mark.parametrize(("lesson", "k", "step"), TOOL_STEPS,
                         ids=[f"lesson{n}-step{k}" for n, k, _ in TOOL_STEPS])
def test_every_name_of_a_tool_step_is_drawn(lesson, k, step):
    assert step.highlight, "every tool step of lessons 1-10 says what its text refers to"
    at = open_step(lesson, k)
    # The tool keeps the answers of this step's checkpoint and of later ones on the same tool
    # back until they are tried (test_learn_reveal, test_learn_hold_later); once shown,
    # every part the text refers to is drawn and marked.
    reveal_steps(at, lesson, holding_steps(COURSE[lesson - 1], k), back_to=k)
    if "loss curve" in step.highlight:  # the curve is drawn once N steps are taken
        at.button(key="bp_take_steps").click()
        at.run()
        no_exception(at)
    tool, shapes = step.tool, shapes_of(lesson, step)
    # The step says in words what is marked, above the tool.
    label = next(c.value for c in at.caption if "**Marked** (dashed outline)" in c.value)
    for name in step.highlight:
        assert name.split("[")[0] in label.replace("\\", "")

    grids = grid_marks(at)
    for array, cells in expected_cells(step.highlight, GRID_ARRAYS.get(tool, ()),
                                       shapes).items():
        assert grids[array] == cells, array
    tables = table_marks(at)
    expected = expected_cells(step.highlight, TABLE_ARRAYS.get(tool, ()), shapes)
    if tool == "backprop.chain":  # one table: each name is a column of it
        expected = {"handoff": {(r, HANDOFF_COLUMNS.index(array)) for array, cells in
                                expected.items() for r, _ in cells}}
    for array, cells in expected.items():
        if array == "loss":  # a loss row is outlined across its columns
            assert any({r for r, _ in t} == {r for r, _ in cells} and t for t in tables)
        else:
            assert cells in tables, (array, tables)
    figure_cells = expected_cells(step.highlight, FIGURE_ARRAYS.get(tool, ()), shapes)
    if figure_cells:
        drawn = figure_marks(at)
        if tool == "backprop.steps":  # the picture shows one part (and layer) at a time
            assert drawn >= 1
        else:
            assert drawn == sum(len(c) for c in figure_cells.values())
    formulas = [n for n in step.highlight if parse(n).array in FORMULA_NAMES
                or (tool == "explorer.batch" and parse(n).array == "b")]
    if formulas:
        boxes = sum(latex.value.count(r"\boxed") for latex in at.latex)
        assert boxes >= len(formulas), (formulas, boxes)
    if tool == "explorer.geometry":
        legend = legend_marks(at)
        for name in step.highlight:
            if name in PART_TRACES and name != "z":
                assert PART_TRACES[name] in legend, (name, legend)
    parts = [n for n in step.highlight if tool == "train" or n in ("det", "loss after",
                                                                    "loss curve")]
    if parts:
        marked = [c.value for c in at.caption if c.value.startswith("◆ **Marked**")]
        assert len(marked) == len(parts), (parts, marked)


def test_a_names_cells_follow_the_stepper_and_stay_marked():
    """Lesson 2, step 3: row 2 of W stays outlined (dashed) while the stepper's solid outline
    walks along it."""
    at = open_step(2, 3)
    before = figure_marks(at)
    at.button(key="step_next").click()
    at.run()
    no_exception(at)
    assert before == figure_marks(at) == 3


@pytest.mark.parametrize("page", ["pages/1_explorer.py", "pages/2_backprop.py"])
def test_the_pages_themselves_mark_nothing(page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page(page)
    at.run()
    no_exception(at)
    assert all(not cells for cells in grid_marks(at).values())
    assert all(not cells for cells in table_marks(at))
    assert figure_marks(at) == 0
    assert not any(r"\boxed" in latex.value for latex in at.latex)
    assert not any("Marked" in c.value for c in at.caption)


def test_plain_number_inputs_say_which_cells_are_marked():
    """With the plain number inputs (keyboard and screen readers) the marked cells' labels
    say so: lesson 2, step 6 marks row 2 of W and b₂."""
    at = open_step(2, 6)
    at.toggle(key="plain_inputs").set_value(True)
    at.run()
    no_exception(at)
    marked = sorted(n.label for n in at.number_input if n.label.startswith("◆ "))
    assert marked == ["◆ W[2,1] (marked)", "◆ W[2,2] (marked)", "◆ W[2,3] (marked)",
                      "◆ b[2] (marked)"]
    assert at.number_input(key="num_W_0_0").label == "W[1,1]"
