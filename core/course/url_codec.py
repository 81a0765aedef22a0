"""Plain-text codecs for arrays in share links: vectors '1,2,3', matrices '1,2;3,4'.

Pure functions (no Streamlit), used by ui/ to read and write st.query_params.
"""

from __future__ import annotations

import numpy as np

from .layer_setup import MAX_SIZE, parse_number

MAX_PARAM_CHARS = 2000  # a link longer than this is junk, not an 8x8 layer


def format_number(v: float) -> str:
    """Shortest text that reads back to the same float: 4.0 -> '4', 0.1 -> '0.1'."""
    v = float(v)
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def encode_vector(v: np.ndarray) -> str:
    return ",".join(format_number(x) for x in np.asarray(v).reshape(-1))


def encode_matrix(W: np.ndarray) -> str:
    return ";".join(encode_vector(row) for row in np.asarray(W))


def _check_text(text: str, what: str) -> str:
    if not isinstance(text, str):
        raise ValueError(f"{what}: expected text")
    if len(text) > MAX_PARAM_CHARS:
        raise ValueError(f"{what} is too long ({len(text)} characters)")
    return text.strip()


def decode_vector(text: str, what: str, max_len: int = MAX_SIZE) -> np.ndarray:
    """'3,5,6' -> array([3., 5., 6.]); ValueError says which entry is wrong and why."""
    text = _check_text(text, what)
    parts = text.split(",")
    if not text or len(parts) > max_len:
        raise ValueError(f"{what} must have 1 to {max_len} comma-separated numbers")
    out = []
    for k, part in enumerate(parts, start=1):
        try:
            out.append(parse_number(part))
        except ValueError as exc:
            raise ValueError(f"{what}, entry {k}: {exc}") from None
    return np.array(out)


def decode_matrix(text: str, what: str = "W") -> np.ndarray:
    """'1,2;3,4' -> 2x2 array; every row must have the same number of entries."""
    text = _check_text(text, what)
    rows = text.split(";")
    if len(rows) > MAX_SIZE:
        raise ValueError(f"{what} can have at most {MAX_SIZE} rows (separated by ';')")
    parsed = [decode_vector(r, f"{what} row {i}", MAX_SIZE) for i, r in enumerate(rows, 1)]
    if len({len(r) for r in parsed}) != 1:
        raise ValueError(f"{what}: every row must have the same number of entries")
    return np.array(parsed)
