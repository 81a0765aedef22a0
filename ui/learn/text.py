"""Lesson text with its numbers filled in: {=z1} becomes the core's value of z1 for the step's
preset, written as the tools write it (ui.format.fmt), so the text and the tool agree."""

from __future__ import annotations

from collections.abc import Mapping

from ui.format import fmt
from ui.learn.schema import PLACEHOLDER


def fill(text: str, values: Mapping[str, float]) -> str:
    """Replace every {=name}; a name the preset does not have (the schema test forbids it)
    shows as '?' rather than failing the page."""
    return PLACEHOLDER.sub(lambda m: fmt(values[m.group(1)]) if m.group(1) in values else "?",
                           text)
