"""The lesson schema's error and its two field readers (no Streamlit here): every message
names the file and the place in it, so a teacher can find a mistake."""

from __future__ import annotations

from collections.abc import Mapping


class LessonError(ValueError):
    """A lesson file that does not follow the schema; the message names the file and place."""


def text_field(raw: Mapping, key: str, where: str, required: bool = True) -> str:
    """raw[key] as stripped text; missing, not text or (when required) empty is refused."""
    value = raw.get(key, "" if not required else None)
    if value is None:
        raise LessonError(f"{where}: `{key}` is missing")
    if not isinstance(value, str):
        raise LessonError(f"{where}: `{key}` must be text")
    if required and not value.strip():
        raise LessonError(f"{where}: `{key}` is empty")
    return value.strip()


def number_field(value: object, where: str) -> float:
    """A TOML integer or float (not a boolean) as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LessonError(f"{where} must be a number")
    return float(value)


def known_fields(raw: Mapping, allowed: set[str], where: str) -> None:
    """Refuse a field the schema does not know (a typo would otherwise be ignored)."""
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise LessonError(f"{where}: unknown field(s) {', '.join(unknown)}")
