"""What a lesson step's text refers to, for the tool to outline (no Streamlit here, so the
lesson schema can check the names without a page).

A step names parts of its tool, as the tools label them (1-based, as the pages show them):

    W[1,2]      one cell of an array          x[3], z[1], Z[2,1], dW[2,3], loss[2]
    W row 2     one row of a matrix           W column 1: one column
    W           a whole array                 dW, x, b, Z
    det         a named part that is not a cell: "det", "boundary", "test loss", ...

Which arrays and parts exist depends on the tool (TOOL_PARTS) and on the preset's sizes
(`shapes`); `problems` lists every name that does not exist, so a typo in a lesson file is
refused by the schema test instead of silently outlining nothing. The views take a Highlight
(default NONE: the pages draw nothing extra) and ask it which cells of an array it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.concepts import CLASSES, CONV_W
from core.concepts.transformer import D_HEAD

_NAME = re.compile(r"^(?P<array>[A-Za-z][A-Za-z0-9]*)"
                   r"(?:\[(?P<i>\d+)(?:,\s*(?P<j>\d+))?\]|\s+row\s+(?P<row>\d+)"
                   r"|\s+column\s+(?P<col>\d+))?$")

# tool -> (its arrays, its named parts). The arrays are the cells the tool draws; see
# array_shapes for their sizes. A named part is drawn whole (a metric, a chart, a line).
LAYER = ("W", "x", "b", "z", "a")
GRADS = ("dW", "db", "dx")
TOOL_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "explorer.compute": (LAYER, ()),
    "explorer.steps": (LAYER, ()),
    "explorer.batch": (("Z", "A", "b"), ()),
    "explorer.geometry": ((), ("det", "square", "image", "boundary", "point", "z")),
    "backprop.loss": (LAYER + ("W2", "b2", "y", "loss") + GRADS + ("dW2", "db2"), ("L",)),
    "backprop.steps": (("dA", "fprime", "delta") + GRADS, ()),
    "backprop.descent": (LAYER + ("loss",) + GRADS + ("Wnew", "bnew"),
                         ("L", "loss after", "loss curve")),
    "backprop.chain": (("z", "dA", "fprime", "delta"), ("delta2", "handoff")),
    "train": ((), ("train loss", "test loss", "train accuracy", "test accuracy",
                   "loss chart", "boundary", "network")),
    # the /operations and /concepts tools (ui.learn.tools_ops); their steppers outline the
    # current cell themselves
    "operations.batchnorm.steps": ((), ()),
    "operations.dropout.steps": ((), ()),
    "operations.dropout.bug": ((), ()),
    "operations.penalty.step": (("W",), ("total loss",)),
    "concepts.cnn": (("score", "out"), ("convolution",)),  # out: the 1 x 1 conv's channels
    "concepts.rnn": ((), ()),
    "concepts.transformer": (("Q", "K", "V"), ("mlp",)),
    "concepts.collapse": ((), ()),
}
# Parts of the geometry view that exist only for one layer size (n outputs).
GEOMETRY_NEEDS_N = {"det": 2, "square": 2, "image": 2, "boundary": 1}


def array_shapes(n: int, m: int, rows: int | None = None,
                 k: int | None = None) -> dict[str, tuple[int, ...]]:
    """The shape of every array a tool may outline, for a layer W (n, m), a batch of `rows`
    rows and a second layer W2 (k, n). Vectors are (size,), matrices (rows, cols)."""
    shapes: dict[str, tuple[int, ...]] = {
        "W": (n, m), "x": (m,), "b": (n,), "z": (n,), "a": (n,), "loss": (n,),
        "dA": (n,), "fprime": (n,), "delta": (n,), "dW": (n, m), "db": (n,), "dx": (m,),
        "Wnew": (n, m), "bnew": (n,),
    }
    if rows is not None:
        shapes.update(Z=(rows, n), A=(rows, n))
    if k is not None:
        shapes.update(W2=(k, n), b2=(k,), y=(k,), dW2=(k, n), db2=(k,))
        shapes["loss"] = (k,)
    return shapes


def tool_shapes(state) -> dict[str, tuple[int, ...]]:
    """The arrays an /operations or /concepts tool preset (core.course.lesson_ops.ToolState) lets a
    step outline, with their shapes."""
    if state.kind == "penalty":
        return {"W": tuple(state.arrays["W"].shape)}
    topic = state.settings.get("topic")
    if topic == "transformer":
        rows = state.arrays["X"].shape[0]
        return {p: (rows, D_HEAD) for p in ("Q", "K", "V")}
    if topic == "cnn":
        return {"score": (len(CLASSES),), "out": (CONV_W.shape[0],)}
    return {}


@dataclass(frozen=True)
class Ref:
    """One parsed name: an array with an optional cell, row or column (0-based), or a part."""

    array: str
    i: int | None = None
    j: int | None = None
    row: int | None = None
    col: int | None = None

    def cells(self, shape: tuple[int, ...]) -> set[tuple[int, int]]:
        """The (row, col) cells this names in an array of `shape` (a vector is a column)."""
        rows, cols = (shape[0], 1) if len(shape) == 1 else shape
        if self.i is not None:
            return {(self.i, self.j if self.j is not None else 0)}
        if self.row is not None:
            return {(self.row, c) for c in range(cols)}
        if self.col is not None:
            return {(r, self.col) for r in range(rows)}
        return {(r, c) for r in range(rows) for c in range(cols)}


def parse(name: str) -> Ref:
    """'W[1,2]' -> Ref('W', 0, 1); 'W row 2' -> Ref('W', row=1); 'test loss' -> Ref('test
    loss'). Numbers are 1-based in the name, 0-based in the Ref."""
    match = _NAME.match(name.strip())
    if match is None:
        return Ref(name.strip())

    def index(group: str) -> int | None:
        value = match.group(group)
        return None if value is None else int(value) - 1

    return Ref(match.group("array"), index("i"), index("j"), index("row"), index("col"))


def problems(names: Iterable[str], tool: str, shapes: Mapping[str, tuple[int, ...]],
             n: int | None = None) -> list[str]:
    """Why each name does not exist in this tool with these sizes (empty: all exist)."""
    arrays, parts = TOOL_PARTS.get(tool, ((), ()))
    found = []
    for name in names:
        ref = parse(name)
        if ref.array in parts and ref == Ref(ref.array):
            need = GEOMETRY_NEEDS_N.get(ref.array) if tool == "explorer.geometry" else None
            if need is not None and n != need:
                found.append(f"{name!r} is drawn only for a layer with {need} output(s)")
            continue
        if ref.array not in arrays or ref.array not in shapes:
            found.append(f"{name!r} is not drawn by the tool {tool} (it draws "
                         f"{', '.join((*arrays, *parts)) or 'nothing to outline'})")
            continue
        shape = shapes[ref.array]
        rows, cols = (shape[0], 1) if len(shape) == 1 else shape
        if ref.i is not None and (ref.j is None) != (len(shape) == 1):
            kind = "a vector: name a cell as" if len(shape) == 1 else "a matrix: name a cell as"
            example = f"{ref.array}[1]" if len(shape) == 1 else f"{ref.array}[1,2]"
            found.append(f"{name!r}: {ref.array} is {kind} {example}")
            continue
        bad = ((ref.i is not None and not 0 <= ref.i < rows)
               or (ref.j is not None and not 0 <= ref.j < cols)
               or (ref.row is not None and (len(shape) == 1 or not 0 <= ref.row < rows))
               or (ref.col is not None and (len(shape) == 1 or not 0 <= ref.col < cols)))
        if bad:
            size = " × ".join(map(str, shape))
            found.append(f"{name!r} is outside {ref.array} ({size})")
    return found


@dataclass(frozen=True)
class Highlight:
    """The names a step's text refers to. Falsy when empty (the pages' default)."""

    names: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names)

    @property
    def refs(self) -> tuple[Ref, ...]:
        return tuple(parse(name) for name in self.names)

    def cells(self, array: str, shape: tuple[int, ...]) -> set[tuple[int, int]]:
        """Every (row, col) of `array` (of `shape`) that a name outlines."""
        out: set[tuple[int, int]] = set()
        for ref in self.refs:
            if ref.array == array:
                out |= ref.cells(shape)
        return out

    def has(self, part: str) -> bool:
        """Whether a named part (or a whole array, or any cell of it) is named."""
        return any(ref.array == part for ref in self.refs)

    def label(self) -> str:
        return ", ".join(self.names)


NONE = Highlight()


CONCEALED = "?"  # what a concealed number is drawn as (a cell, a formula's entry, a metric)
CONCEALED_TEX = r"\text{?}"  # the same in a LaTeX formula
CONCEALED_NOTE = "Held back until you answer its checkpoint (the line above the tool says which)."


@dataclass(frozen=True)
class Conceal(Highlight):
    """The names (the same vocabulary as Highlight) whose numbers a view draws as "?" until
    the step's checkpoint is attempted or shown: predict, then reveal. walk_cap: the last
    step a tool's stepper may reach meanwhile (its answer is further on; ui.stepper), and the
    tool's summaries of the whole walk ("every feature at once") stay closed. Falsy when
    empty (the pages' default: nothing concealed, every step reachable)."""

    walk_cap: int | None = None
    walk_note: str = ""  # the stepper's line at the stop (ui.learn.hold_back); "" = its own
    names_for: tuple[int, ...] = ()  # the lesson steps whose checkpoints the names wait for
    walk_for: int | None = None  # the lesson step whose checkpoint the stop waits for
    held_for: tuple[int, ...] = ()  # every lesson step whose checkpoint holds something here

    def __bool__(self) -> bool:
        return bool(self.names) or self.walk_cap is not None

    @property
    def holds_walk(self) -> bool:
        """Whether the stepper is held back (and the walk's summaries with it)."""
        return self.walk_cap is not None

    def hide(self, array: str, shape: tuple[int, ...], cell: tuple[int, int], text: str) -> str:
        """`text` (the cell's number), or "?" when a name conceals that cell of `array`."""
        return CONCEALED if cell in self.cells(array, shape) else text

    def hides(self, part: str) -> bool:
        """Whether a part (or a whole array, or any cell of it) is concealed."""
        return self.has(part)


SHOW_ALL = Conceal()

# How far concealing a name reaches in a view that also conceals what is computed from it
# (ui.backprop.loss_view: an output cell hides its loss row, L and the gradients; a loss row
# hides L and the gradients; L the gradients; any gradient every gradient). Elsewhere a
# name hides only itself.
LOSS_OUTPUTS = ("z", "a", "y")
GRADIENT_ARRAYS = ("dW", "db", "dx", "dW2", "db2")
_LOSS_REACH = {**{o: ("a", "loss", "L", *GRADIENT_ARRAYS) for o in LOSS_OUTPUTS},
               "loss": ("L", *GRADIENT_ARRAYS), "L": ("loss", *GRADIENT_ARRAYS),
               **{g: GRADIENT_ARRAYS for g in GRADIENT_ARRAYS}}  # (L: the loss table's sum
# column; a z cell: its a)
REACH: dict[str, dict[str, tuple[str, ...]]] = {"backprop.loss": _LOSS_REACH,
                                                 "backprop.descent": _LOSS_REACH}


def _where(ref: Ref) -> tuple:
    if ref.i is not None:
        return ("cell", ref.i, ref.j or 0)
    if ref.row is not None:
        return ("row", ref.row)
    if ref.col is not None:
        return ("col", ref.col)
    return ("all",)


def _meet(a: Ref, b: Ref) -> bool:
    """Whether two names share a cell (the same array, and cells, rows or columns that
    cross; a part or a whole array meets everything of its name)."""
    if a.array != b.array:
        return False
    wa, wb = _where(a), _where(b)
    if "all" in (wa[0], wb[0]) or wa == wb:
        return True
    kinds = {wa[0], wb[0]}
    if kinds == {"row", "col"}:
        return True
    if kinds == {"cell", "row"}:
        cell, row = (wa, wb) if wa[0] == "cell" else (wb, wa)
        return cell[1] == row[1]
    if kinds == {"cell", "col"}:
        cell, col = (wa, wb) if wa[0] == "cell" else (wb, wa)
        return cell[2] == col[1]
    return False  # two different cells, rows or columns


def hides_any(tool: str, name: str, shown: tuple[str, ...]) -> bool:
    """Whether concealing `name` in `tool` would also hide one of the names in `shown`
    (directly, or through what the view conceals downstream of it: REACH)."""
    ref = parse(name)
    reached = [ref] + [Ref(array) for array in REACH.get(tool, {}).get(ref.array, ())]
    return any(_meet(r, parse(s)) for r in reached for s in shown)

# A checkpoint's answer is a quantity of core.course.lesson_values ("z1", "dW23", "L_after"); the
# same thing's name in a tool, when it has one (the answer's own cell is then concealed
# without the lesson file saying so).
_QUANTITY = re.compile(r"^(?P<array>Wnew|bnew|dW|db|dx|delta|W|x|b|z|a|y|Z|A|Q|K|V)"
                       r"(?P<i>[1-9])(?P<j>[1-9])?$")
QUANTITY_PARTS = {"L": "L", "det": "det", "L_after": "loss after"}
_PENALTY_GRAD = re.compile(r"^pl[12]grad(?P<i>[1-9])(?P<j>[1-9])$")  # λ·w, λ·sign w: W's row
_CONV_OUT = re.compile(r"^conv(?P<i>[1-9])$")  # a 1 x 1 convolution's output channel i


def answer_name(quantity: str) -> str | None:
    """'z1' -> 'z[1]', 'dW23' -> 'dW[2,3]', 'L_after' -> 'loss after'; None when the quantity
    has no name in the tools' vocabulary (a parameter count, W2W1's entries)."""
    if quantity in QUANTITY_PARTS:
        return QUANTITY_PARTS[quantity]
    penalty = _PENALTY_GRAD.match(quantity)
    if penalty is not None:  # a weight's penalty gradient: that weight's row of the table
        return f"W[{penalty.group('i')},{penalty.group('j')}]"
    conv = _CONV_OUT.match(quantity)
    if conv is not None:  # the CNN's 1 x 1 convolution: output channel i
        return f"out[{conv.group('i')}]"
    match = _QUANTITY.match(quantity)
    if match is None:
        return None
    j = match.group("j")
    return f"{match.group('array')}[{match.group('i')}{',' + j if j else ''}]"
