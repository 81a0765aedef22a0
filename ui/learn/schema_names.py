"""The lesson schema's check of names (ui.highlight): what a step's `highlight` outlines and
its checkpoint's `conceal` holds back must be drawn by the step's tool at the preset's sizes,
so a typo is refused instead of silently marking nothing. No Streamlit here."""

from __future__ import annotations

from core.course.lesson_values import LessonPreset
from ui.highlight import answer_name, array_shapes, problems, tool_shapes
from ui.learn.schema_checkpoint import Checkpoint
from ui.learn.schema_fields import LessonError


def preset_shapes(preset: LessonPreset | None) -> tuple[dict[str, tuple[int, ...]], int | None]:
    """(the shape of every array the preset's tool draws, the layer's outputs n or None)."""
    if preset is None:
        return {}, None
    if preset.W is not None:
        n, m = preset.W.shape
        return array_shapes(n, m, None if preset.X is None else preset.X.shape[0],
                            None if preset.W2 is None else preset.W2.shape[0]), n
    return (tool_shapes(preset.tool) if preset.tool is not None else {}), None


def answer_names(cp: Checkpoint, tool: str, preset: LessonPreset | None) -> tuple[str, ...]:
    """The answer's own name in the tool ("z1" -> "z[1]"), when the tool draws it: it is
    concealed without the file listing it (a file's `conceal` adds what gives it away)."""
    name = answer_name(cp.answer) if cp.kind == "number" else None
    if name is None or name in cp.conceal or preset is None:
        return ()
    shapes, n = preset_shapes(preset)
    return (name,) if shapes and not problems([name], tool, shapes, n) else ()


def outline_names(raw: object, where: str, tool: str, preset: LessonPreset | None,
                  field_name: str = "highlight") -> tuple[str, ...]:
    """A list of names of what the tool draws (ui.highlight), each checked against the tool
    and the preset's sizes (a step's `highlight`, or its checkpoint's `conceal`)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(n, str) and n.strip() for n in raw):
        raise LessonError(f"{where}: `{field_name}` must be a list of names, e.g. "
                          '["W[1,2]", "z[1]"]')
    if tool == "text":
        raise LessonError(f"{where}: `{field_name}` needs a tool to outline things in")
    shapes, n = preset_shapes(preset)
    found = problems(raw, tool, shapes, n)
    if found:
        raise LessonError(f"{where}: {field_name} {'; '.join(found)}")
    return tuple(name.strip() for name in raw)
