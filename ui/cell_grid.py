"""A grid of text cells for W, x or b: an st.components.v2 component that commits a cell at once.

Why not st.data_editor: it commits a typed cell only after a 150 ms debounce of its own, which
alone used most of the explorer's latency budget (an edit must show its new output within
250 ms). Here each cell is an <input> labelled like "W[1,2]" (for screen readers and tests);
Tab and the up/down arrows move between cells, Enter or leaving a changed cell commits it,
Escape takes the typing back. The text goes through ui.layer_state.set_cell, which parses it
like every other input and refuses bad values with a message, keeping the last good value;
the cell then shows the canonical value again. On a teacher's locked page (lock=1) the grid is
read-only: the cells refuse typing and pasting, and the server ignores any edit that arrives
anyway (ui.classroom.teacher_link.locked). Pasting a block (rows on lines or separated by
";", values by tabs, commas or spaces, as copied from a spreadsheet or a slide) fills the cells
from the one pasted into, in one rerun; a row pasted into a column fills it downwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import streamlit as st

from ui import layer_state as ls
from ui.classroom.teacher_link import locked
from ui.format import fmt

COMPONENT = "linear_course_cell_grid"
MAX_PASTE = 16  # a pasted block is cut to this many rows and values per row (layers are <= 8 x 8)

# Presenter mode (ui/classroom/present_style.py) darkens the headers and rules through the two
# CSS variables, which reach into the component's shadow root.
_CSS = """
table { border-collapse: collapse; font-family: inherit; font-size: 1rem; }
th { font-weight: 400; color: var(--course-grid-ink, #6b7280); padding: 0.25rem 0.6rem;
     text-align: right; background: #f8fafc; border: 1px solid var(--course-grid-rule, #e5e7eb);
     white-space: nowrap; }
thead th { text-align: right; }
td { border: 1px solid var(--course-grid-rule, #e5e7eb); padding: 0; }
input { width: 4.6em; box-sizing: border-box; border: 0; padding: 0.35rem 0.6rem;
        font: inherit; text-align: right; background: #ffffff; color: #111827; }
input[readonly] { background: #f3f4f6; color: #374151; cursor: default; }
input:focus { outline: 2px solid #0b5cad; outline-offset: -2px; background: #eef5fd; }
td.marked { outline: 3px dashed #6a1b9a; outline-offset: -3px; }
td.marked input { font-weight: 700; }
"""

# Rebuilds the table only when its shape changes, so a cell being typed in keeps its focus;
# a cell shows the canonical value unless the learner is typing in it right now.
_JS = r"""
export default function ({ parentElement, data, setTriggerValue }) {
  parentElement.__send = setTriggerValue;
  parentElement.__maxPaste = data.max_paste;
  const { rows, cols, labels, values } = data;
  parentElement.__readOnly = !!data.read_only;
  const shape = rows.length + "x" + cols.length;
  let table = parentElement.querySelector("table");
  if (!table || table.dataset.shape !== shape) {
    if (table) table.remove();
    table = document.createElement("table");
    table.dataset.shape = shape;
    const head = table.createTHead().insertRow();
    const corner = document.createElement("th");
    head.appendChild(corner);
    for (const c of cols) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = c;
      head.appendChild(th);
    }
    const body = table.createTBody();
    rows.forEach((r, i) => {
      const tr = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = r;
      tr.appendChild(th);
      cols.forEach((c, j) => {
        const input = document.createElement("input");
        input.type = "text";
        // No inputMode="decimal": phone keypads for it have no minus sign.
        input.autocomplete = "off";
        input.spellcheck = false;
        input.dataset.i = i;
        input.dataset.j = j;
        input.setAttribute("aria-label", labels[i][j]);
        const commit = () => {
          if (parentElement.__readOnly) return;
          if (input.value === input.dataset.committed) return;
          input.dataset.committed = input.value;
          parentElement.__send("edit", { i: i, j: j, text: input.value });
        };
        input.addEventListener("keydown", (e) => {
          if (e.key === "Enter") { e.preventDefault(); commit(); }
          if (e.key === "Escape") { input.value = input.dataset.shown; }
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {  // up and down a column
            const next = table.querySelector(
              `input[data-i="${i + (e.key === "ArrowDown" ? 1 : -1)}"][data-j="${j}"]`);
            if (next) { e.preventDefault(); commit(); next.focus(); next.select(); }
          }
        });
        input.addEventListener("change", commit);
        input.addEventListener("paste", (e) => {
          const text = ((e.clipboardData && e.clipboardData.getData("text")) || "")
            .replace(/\r/g, "").replace(/^\n+|\n+$/g, "");
          // A spreadsheet copy has tabs: then only tabs and lines separate values, so a
          // decimal comma stays in its value (and is refused with a message). Otherwise rows
          // are lines or ";", values commas or spaces, as in this app's links.
          const block = text.includes("\t")
            ? text.split("\n").map((row) => row.split("\t"))
            : text.split(/\n|;/).map((row) => row.trim().split(/ *, *| +/));
          if (parentElement.__readOnly) { e.preventDefault(); return; }
          if (block.length === 1 && block[0].length === 1) return;  // one value: type it
          e.preventDefault();
          input.value = input.dataset.committed;  // the block replaces any typing here
          const max = parentElement.__maxPaste;
          parentElement.__send("paste", {
            i: i, j: j, cells: block.slice(0, max).map((row) => row.slice(0, max)),
            cut: block.length > max || block.some((row) => row.length > max) });
        });
        tr.insertCell().appendChild(input);
      });
    });
    parentElement.appendChild(table);
  }
  // The cells a lesson step talks about (ui.highlight): dashed outline, bold number.
  const marked = new Set((data.marked || []).map(([i, j]) => i + "," + j));
  const focused = parentElement.activeElement || document.activeElement;
  for (const input of table.querySelectorAll("input")) {
    input.parentElement.classList.toggle(
      "marked", marked.has(input.dataset.i + "," + input.dataset.j));
    input.readOnly = parentElement.__readOnly;  // still focusable and readable, not editable
    const text = values[+input.dataset.i][+input.dataset.j];
    const typing = input === focused && input.value !== input.dataset.committed;
    input.dataset.shown = text;
    if (!typing) {
      input.value = text;
      input.dataset.committed = text;
    }
  }
}
"""


def cell_text(v: float) -> str:
    """A cell shows a number as every table and equation on the page does (ui.format.fmt):
    exact up to 10 significant digits (so whatever was typed reads back as typed), 6 digits
    for a longer machine-made value (the cell still holds the exact value; an unchanged cell
    is never committed)."""
    return fmt(v)


def _layout(array: str, values: np.ndarray) -> tuple[list[str], list[str], list[list[str]]]:
    """Row headers, column headers and each cell's accessible label, as the grid shows them.
    W: rows 'row i', columns x1..xm (the input each weight multiplies); x, b: one column."""
    if array == "W":
        n, m = values.shape
        return ([f"row {i + 1}" for i in range(n)], [f"x{j + 1}" for j in range(m)],
                [[f"W[{i + 1},{j + 1}]" for j in range(m)] for i in range(n)])
    rows = [f"{array}{k + 1}" for k in range(values.size)]
    return rows, [array], [[f"{array}[{k + 1}]"] for k in range(values.size)]


@dataclass(frozen=True)
class GridStore:
    """Where a grid's arrays live and how a typed value is written: the explorer's layer by
    default (LAYER_STORE); another page passes its own (e.g. /operations' batch X).
    set_cell parses and writes one value (returns the refusal or None, keeping the last good
    value); bump/version make the grid re-read the canonical arrays; layout, when given,
    names the rows, columns and cells (else _layout's W / vector labels)."""

    key_of: Callable[[str], str]
    set_cell: Callable[[str, tuple[int, ...], object], str | None]
    bump: Callable[[], None]
    version: Callable[[], int]
    errors_key: str
    widget_prefix: str = ""
    layout: Callable[[str, np.ndarray], tuple[list[str], list[str], list[list[str]]]] | None = None


LAYER_STORE = GridStore(lambda a: {"W": ls.KEY_W, "x": ls.KEY_X, "b": ls.KEY_B}[a],
                        ls.set_cell, ls.bump, ls.version, ls.KEY_ERRORS)


def _on_edit(array: str, key: str, store: GridStore = LAYER_STORE) -> None:
    event = (st.session_state.get(key) or {}).get("edit")
    if not isinstance(event, dict):
        return
    if locked():  # a teacher's lock: nothing changes, the grid shows the kept value again
        store.bump()
        return
    values = st.session_state[store.key_of(array)]
    try:
        i, j = int(event["i"]), int(event["j"])
    except (KeyError, TypeError, ValueError):
        return  # not from our grid: ignore rather than fail
    index = (i, j) if values.ndim == 2 else (i,)
    if not all(0 <= k < size for k, size in zip(index, values.shape, strict=True)):
        return  # an edit for a cell the layer no longer has (its size just changed)
    if store.set_cell(array, index, event.get("text")) is not None:
        store.bump()  # refused: a new version, so the grid shows the kept value again


def _paste_event(event: object) -> tuple[int, int, list[list[str]], bool] | None:
    """(row, column, block of texts, cut) from the grid's paste event; None when it is not
    one (anything malformed changes nothing)."""
    try:
        i0, j0, cells = event["i"], event["j"], event["cells"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    if type(i0) is not int or type(j0) is not int or i0 < 0 or j0 < 0:
        return None  # (a negative index would write to a wrapped-around cell)
    if not isinstance(cells, list) or not all(isinstance(row, list) for row in cells):
        return None
    cut = bool(event.get("cut")) or len(cells) > MAX_PASTE or any(  # type: ignore[union-attr]
        len(row) > MAX_PASTE for row in cells)
    return i0, j0, [[str(t) for t in row[:MAX_PASTE]] for row in cells[:MAX_PASTE]], cut


def _on_paste(array: str, key: str, store: GridStore = LAYER_STORE) -> None:
    parsed = _paste_event((st.session_state.get(key) or {}).get("paste"))
    if parsed is None:
        return
    if locked():
        store.bump()
        return
    i0, j0, block, cut = parsed
    values = st.session_state[store.key_of(array)]
    grid = values.reshape(values.shape[0], -1)
    if grid.shape[1] == 1 and len(block) == 1:
        block = [[t] for t in block[0]]  # a row pasted into a column: fill it downwards
    written, refused, outside = 0, [], 0
    for di, row in enumerate(block):
        for dj, text in enumerate(row):
            i, j = i0 + di, j0 + dj
            if not text.strip():
                continue  # an empty spreadsheet cell leaves the cell as it is
            if i >= grid.shape[0] or j >= grid.shape[1]:
                outside += 1
                continue
            message = store.set_cell(array, (i, j) if values.ndim == 2 else (i,), text)
            if message is None:
                written += 1
            else:
                refused.append(message)
    problems = refused[:3] + ([f"{len(refused) - 3} more refused."] if len(refused) > 3 else [])
    if outside:
        shape = " × ".join(str(n) for n in values.shape)
        problems.append(f"{outside} pasted value{'s' if outside > 1 else ''} fell outside "
                        f"{array} ({shape}) and {'were' if outside > 1 else 'was'} left out.")
    if cut:
        problems.append(f"Only the first {MAX_PASTE} rows and {MAX_PASTE} values per row "
                        "were read.")
    if problems:
        st.session_state[store.errors_key][array] = (
            f"Pasted {written} value{'s' if written != 1 else ''} into {array}. "
            + " ".join(problems))
    store.bump()  # the grid shows what was kept, also in the cell the block was pasted into


def cell_grid(array: str, values: np.ndarray, store: GridStore = LAYER_STORE,
              marked: frozenset[tuple[int, int]] = frozenset()) -> None:
    """One editable grid for W (n, m), x (m,) or b (n,) from the canonical array (or any
    array of `store`). marked: (row, col) cells outlined dashed (a lesson's highlight; a
    vector's cells are (k, 0))."""
    mount = st.components.v2.component(COMPONENT, css=_CSS, js=_JS)  # same definition: silent
    rows, cols, labels = (store.layout or _layout)(array, values)
    grid = np.asarray(values).reshape(len(rows), len(cols))
    key = f"cells_{store.widget_prefix}{array}"
    mount(
        key=key,
        data={"rows": rows, "cols": cols, "labels": labels,
              "values": [[cell_text(v) for v in row] for row in grid],
              "version": store.version(), "max_paste": MAX_PASTE, "read_only": locked(),
              "marked": [list(cell) for cell in sorted(marked)]},
        on_edit_change=lambda: _on_edit(array, key, store),
        on_paste_change=lambda: _on_paste(array, key, store),
        width="content",
    )
