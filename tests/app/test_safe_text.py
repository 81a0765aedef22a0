"""ui.safe_text.user_text: user text in a Markdown message shows as itself and nothing else.

What the browser makes of it is checked in tests/e2e/test_injection_browser.py; here, that the
escaping is lossless (the learner sees exactly what they typed, cut) and complete (no Markdown
or Streamlit syntax character is left bare)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.safe_text import MAX_ECHO_CHARS, WORD_JOINER, cut, shown_text, user_text

HOSTILE = [
    "![](//h/x)", "[a](javascript:alert(1))", "<img src=x onerror=alert(1)>", "**bold**",
    "$\\LaTeX$", ":material/home:", ":red[x]", ":smile:", "https://example.org/x",
    "www.example.org", "a@b.com", "- a", "1. a", "# h", "&lt;", "`code`", "~~s~~", "_i_",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_shows_as_typed(text: str) -> None:
    assert shown_text(user_text(text, 100)) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_no_syntax_character_is_left_bare(text: str) -> None:
    md = user_text(text, 100)
    bare = re.sub(r"\\.", "", md)  # drop every escaped character
    assert not re.search(r"[\\`*_\[\]<>$~|#&:!/]", bare), md


@pytest.mark.parametrize(("text", "inside"), [
    ("https://example.org", ":" + WORD_JOINER + "//"), ("www.example.org", "www" + WORD_JOINER),
    ("a@b.com", "@" + WORD_JOINER),
])
def test_autolinks_are_broken_by_an_invisible_joiner(text: str, inside: str) -> None:
    assert inside in user_text(text, 100).replace("\\", "")


def test_list_markers_at_the_start_are_escaped() -> None:
    assert user_text("- a").startswith("\\-")
    assert user_text("12. a").startswith("12\\.")
    assert user_text("x - a") == "x - a"  # only at the start of a line


def test_long_values_are_cut_and_line_breaks_removed() -> None:
    assert cut("a\nb") == "a b"
    long = "z" * 100_000
    assert len(user_text(long)) == MAX_ECHO_CHARS and user_text(long).endswith("…")
    assert "\n" not in user_text("x\n\n# heading")


@given(st.text(st.characters(blacklist_characters=WORD_JOINER), max_size=60))
def test_any_text_round_trips(text: str) -> None:
    assert shown_text(user_text(text, 100)) == cut(text, 100)
