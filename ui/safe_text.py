"""The one escaping helper for every message that shows text a user typed, uploaded or put in a
link (cells, link values, CSV headers and cells, file names, model files).

Streamlit renders st.warning / st.error / st.info / st.markdown / st.caption bodies as Markdown
(with its own extensions: :material/icon:, :red[colour], $LaTeX$, emoji shortcodes, and GFM's
bare-URL autolinks), so a value such as `![](//host/x)` would become an image the browser
fetches. `user_text` makes any value inert, which the browser tests check element by element
(tests/e2e/test_injection_browser.py):

- Markdown's special characters get a backslash (CommonMark renders an escaped punctuation
  character as the character itself). That also stops :red[…] and emoji shortcodes, as long
  as every colon is escaped, and :material/…: icons, whose pattern is matched on the raw text
  (seen in Streamlit 1.67), as long as the slash is escaped too.
- Bare URLs, www. addresses and e-mail addresses are linked by a pass over the parsed text that
  backslashes cannot reach, so a WORD JOINER (U+2060, invisible, zero width) is put inside
  "://", "www." and after "@".
- A leading "-", "+", "1." or "1)" would start a list: its marker is escaped.
- Line breaks become spaces, and long values are cut to a length a message can show.

Core messages (ValueError texts) are plain text that may quote a user's value, so a page shows
them through `user_text(str(exc), MESSAGE_CHARS)`; the core cuts each quoted value itself.
"""

from __future__ import annotations

import re

MAX_ECHO_CHARS = 40  # a message echoes at most this many characters of a user's value
MESSAGE_CHARS = 400  # a whole message that quotes user text (a core ValueError) is cut here
WORD_JOINER = "\u2060"

_SPECIAL = re.compile(r"([\\`*_\[\]<>$~|#&:/!{}])")  # Markdown + Streamlit syntax characters
_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029\x85]+")
_LIST_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")
_AUTOLINKS = (  # where GFM's autolink-literal pass would find a URL or an address
    (re.compile(r"(:)(//)"), rf"\1{WORD_JOINER}\2"),
    (re.compile(r"(www)(\.)", re.IGNORECASE), rf"\1{WORD_JOINER}\2"),
    (re.compile(r"(@)"), rf"\1{WORD_JOINER}"),
)


def cut(text: object, limit: int = MAX_ECHO_CHARS) -> str:
    """str(text) on one line, cut to `limit` characters, with '…' when something was cut."""
    s = _BREAKS.sub(" ", str(text))
    return s if len(s) <= limit else s[: max(limit - 1, 1)] + "…"


def _escape_list_marker(m: re.Match) -> str:
    marker = m.group(2)
    return m.group(1) + (marker[:-1] + "\\" + marker[-1])


def user_text(text: object, limit: int = MAX_ECHO_CHARS) -> str:
    """`text` as Markdown that renders literally: cut to `limit` characters, Markdown's and
    Streamlit's syntax escaped, autolinks broken. Use it for every user-supplied value (and
    every core message quoting one) inside a Markdown message."""
    s = cut(text, limit)
    for pattern, replacement in _AUTOLINKS:  # before escaping, which would split "://"
        s = pattern.sub(replacement, s)
    s = _SPECIAL.sub(r"\\\1", s)
    return _LIST_START.sub(_escape_list_marker, s)


def shown_text(markdown: str) -> str:
    """What `user_text(...)` shows on screen (the escapes and word joiners removed), for tests
    and for comparing a message with the value it quotes."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")
