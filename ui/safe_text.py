"""The one escaping helper for every message that shows text a user typed, uploaded or put in a
link (cells, link values, CSV headers and cells, file names, model files).

Streamlit renders st.warning / st.error / st.info / st.markdown / st.caption bodies as Markdown
(with its own extensions: :material/icon:, :red[colour], $LaTeX$, emoji shortcodes), so a value
such as `![](//host/x)` would become an image the browser fetches. `user_text` makes any value
inert: every ASCII punctuation character is backslash-escaped (CommonMark allows that for all of
them, and it renders as the character itself), line breaks become spaces, and long values are
cut to a length a message can show.
"""

from __future__ import annotations

import re

MAX_ECHO_CHARS = 40  # a message echoes at most this many characters of a user's value

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


def cut(text: object, limit: int = MAX_ECHO_CHARS) -> str:
    """str(text) cut to `limit` characters, with '…' when something was cut."""
    s = _BREAKS.sub(" ", str(text))
    return s if len(s) <= limit else s[: max(limit - 1, 1)] + "…"


def user_text(text: object, limit: int = MAX_ECHO_CHARS) -> str:
    """`text` as Markdown that renders literally: cut to `limit` characters, punctuation
    escaped. Use it for every user-supplied value inside a Markdown message."""
    return _PUNCTUATION.sub(r"\\\1", cut(text, limit))
