"""Load a learner's CSV file into a :class:`Dataset`, with messages a spreadsheet user can act on.

Expected layout: a header row, two or more numeric feature columns and one label column. The
label column is the one named ``label`` (case-insensitive, spaces ignored), else the last one.

- Labels that are all whole numbers with 2..10 distinct values -> classification ("binary" for 2,
  "multiclass" for 3..10), classes numbered 0..K-1 in sorted order of the original labels,
  which are kept in ``Dataset.label_values``.
- Labels that are all text (e.g. "setosa") -> classification the same way, sorted by name.
- Any label with a fractional part -> regression (float64 targets).

Every problem raises ``ValueError`` with a plain-language message; where a cell is at fault it
says "row R, column 'C'" with rows counted as a spreadsheet shows them (the header is row 1, so
the first data row is row 2). No pandas exception escapes.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from .datasets import Dataset

MAX_CSV_BYTES = 5 * 1024 * 1024
MIN_ROWS = 4
MAX_CLASSES = 10
ECHO_CHARS = 40  # a cell or a name quoted in a message is cut to this many characters
ROW_NOTE = (
    "(rows are counted as in a spreadsheet: the header is row 1, the first data row is row 2)"
)
# Tokens people type for "no value"; they are reported as missing, not as "text".
_NA_TOKENS = frozenset({"na", "n/a", "nan", "-nan", "null", "none", "#n/a", "?", "-"})

CsvSource = bytes | bytearray | memoryview | str | os.PathLike | IO[bytes] | IO[str]


def load_csv(source: CsvSource, max_rows: int = 10_000) -> Dataset:
    """Read a CSV file and return a Dataset. X: (n, d) float64 with d >= 2, y: (n,).

    source: the file's bytes (e.g. ``st.file_uploader(...).getvalue()``), a file-like object,
    a path (``os.PathLike``, or a ``str`` without a line break), or CSV text (a ``str`` that
    contains a line break). max_rows: the most data rows accepted (>= 4).
    Raises ValueError with a message meant to be shown to the user as is.
    """
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < MIN_ROWS:
        raise ValueError(f"max_rows must be a whole number >= {MIN_ROWS}, got {max_rows!r}")
    raw, name = _read_source(source)
    df = _parse(_decode(raw))
    header = _check_header(df)
    # Drop wholly blank lines but keep the DataFrame index, so index + 1 stays the file's row.
    body = df.iloc[1:]
    body = body[(body != "").any(axis=1)]
    n = len(body)
    if n == 0:
        raise ValueError("the file has a header but no data rows")
    if n < MIN_ROWS:
        raise ValueError(f"too few rows: found {n} data rows, need at least {MIN_ROWS}")
    if n > max_rows:
        raise ValueError(f"too many rows: found {n} data rows, the limit is {max_rows}")

    low = [h.lower() for h in header]
    label_col = low.index("label") if "label" in low else len(header) - 1
    feat_cols = [j for j in range(len(header)) if j != label_col]
    rows = body.index.to_numpy() + 1  # DataFrame index 0 is the header, i.e. row 1

    X = _numeric_block(body, feat_cols, header, rows)
    y, task, n_classes, label_values = _labels(body[label_col], header[label_col], rows)
    return Dataset(
        X=X,
        y=y,
        task=task,
        n_classes=n_classes,
        feature_names=tuple(header[j] for j in feat_cols),
        name=name,
        label_values=label_values,
    )


# --------------------------------------------------------------------------- reading bytes


def _read_source(source: object) -> tuple[bytes, str]:
    too_big = f"the file is larger than the {MAX_CSV_BYTES // 2**20} MB limit"
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), "uploaded CSV"
    elif isinstance(source, str) and ("\n" in source or "\r" in source):
        data, name = source.encode("utf-8"), "CSV text"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise ValueError(f"file not found: {str(path)!r}")
        if path.stat().st_size > MAX_CSV_BYTES:
            raise ValueError(too_big)
        data, name = path.read_bytes(), path.name
    elif hasattr(source, "read"):
        # Rewind: Streamlit's UploadedFile may already have been read by an earlier rerun.
        with contextlib.suppress(AttributeError, OSError, ValueError):
            source.seek(0)  # type: ignore[union-attr]
        try:
            chunk = source.read(MAX_CSV_BYTES + 1)  # one byte past the limit detects it
        except (OSError, ValueError) as e:
            raise ValueError(f"could not read the uploaded file ({e})") from None
        data = chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)
        name = os.path.basename(str(getattr(source, "name", "") or "uploaded CSV"))
    else:
        raise TypeError(f"cannot read CSV from {type(source).__name__}")
    if len(data) > MAX_CSV_BYTES:
        raise ValueError(too_big)
    return data, name


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")  # -sig drops the BOM that Excel writes
    except UnicodeDecodeError as e:
        raise ValueError(
            f"the file is not UTF-8 text (unreadable byte 0x{data[e.start]:02x} at position "
            f"{e.start}); save it from your spreadsheet as 'CSV UTF-8' (an .xlsx workbook or "
            "other binary file cannot be read)"
        ) from None
    if "\x00" in text:
        raise ValueError("the file contains binary data (a NUL byte), not CSV text")
    if not text.strip():
        raise ValueError("the file is empty")
    return text


def _parse(text: str) -> pd.DataFrame:
    """All cells as stripped strings; DataFrame index i is spreadsheet row i + 1."""
    first = text.splitlines()[0]
    if not first.strip():
        raise ValueError("row 1 is empty: the first row must be a header with column names")
    # Excel in many European locales writes ';'-separated files; accept those and tab files.
    sep = "," if "," in first else ";" if ";" in first else "\t" if "\t" in first else ","
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,  # we read the header ourselves to check it and keep row numbers
            dtype=str,
            keep_default_na=False,  # so an empty cell is "" and "NA" is reported as written
            skip_blank_lines=False,  # keeps index == file line, so row numbers stay right
        )
    except pd.errors.EmptyDataError:
        raise ValueError("the file is empty") from None
    except pd.errors.ParserError as e:
        msg = str(e)
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
        if m:
            want, row, got = m.groups()
            raise ValueError(
                f"row {row} has {got} values but the header has {want} columns {ROW_NOTE}"
            ) from None
        m = re.search(r"EOF inside string starting at row (\d+)", msg)
        if m:  # pandas counts this one from 0
            row = int(m.group(1)) + 1
            raise ValueError(f'row {row}: a quote (") is opened but never closed') from None
        raise ValueError(f"could not read the file as CSV: {msg.splitlines()[-1]}") from None
    except Exception as e:  # never show a pandas traceback to a learner
        raise ValueError(f"could not read the file as CSV ({type(e).__name__}: {e})") from None
    df = df.fillna("").astype(str).apply(lambda col: col.str.strip())
    # A trailing comma on every line gives a nameless, empty last column: drop it quietly.
    while df.shape[1] > 1 and not (df.iloc[:, -1] != "").any():
        df = df.iloc[:, :-1]
    df.columns = range(df.shape[1])
    return df


# --------------------------------------------------------------------------- checking cells


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def _check_header(df: pd.DataFrame) -> list[str]:
    header = list(df.iloc[0])
    if all(h != "" and _is_number(h) for h in header):
        raise ValueError(
            "the first row must be a header with column names, e.g. 'x1,x2,label'; "
            f"row 1 holds only numbers ({', '.join(_q(h, 12) for h in header[:3])}...)"
        )
    for j, h in enumerate(header):
        if h == "":
            raise ValueError(f"column {j + 1} has no name in the header (row 1)")
    seen: dict[str, int] = {}
    for j, h in enumerate(header):
        key = h.lower()
        if key in seen:
            raise ValueError(
                f"duplicate column name {_q(h)} in the header (row 1): columns {seen[key] + 1} "
                f"and {j + 1}; column names must differ (ignoring upper/lower case)"
            )
        seen[key] = j
    if len(header) < 3:
        raise ValueError(
            "need at least 2 feature columns plus a label column; found "
            f"{len(header)} column(s): {', '.join(_q(h) for h in header)}"
        )
    return header


def _cell_problems(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """cells: (n, k) stripped strings. Returns values (n, k) float64 and bad (n, k) bool."""
    values = np.empty(cells.shape, dtype=np.float64)
    for j in range(cells.shape[1]):
        values[:, j] = pd.to_numeric(pd.Series(cells[:, j]), errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan
        )
    return values, ~np.isfinite(values)


def _describe(cell: str, value: float) -> str:
    if cell == "" or cell.lower() in _NA_TOKENS:
        return "missing value" + (f" ({_q(cell)})" if cell else "")
    if np.isinf(value):
        return f"{_q(cell)} is infinite; only finite numbers are allowed"
    if "," in cell and _is_number(cell.replace(",", ".", 1)):
        return f"{_q(cell)} uses a decimal comma; write it with a decimal point"
    return f"{_q(cell)} is text, not a number"


def _raise_first_bad(
    cells: np.ndarray, values: np.ndarray, bad: np.ndarray, names: list[str], rows: np.ndarray
) -> None:
    # np.argwhere lists cells row by row, so this is the first problem in reading order.
    i, j = np.argwhere(bad)[0]
    more = int(bad.sum()) - 1
    extra = f"; {more} more cell(s) have problems too" if more else ""
    raise ValueError(
        f"row {rows[i]}, column {_q(names[j])}: {_describe(cells[i, j], values[i, j])}"
        f"{extra} {ROW_NOTE}"
    )


def _numeric_block(
    body: pd.DataFrame, cols: list[int], header: list[str], rows: np.ndarray
) -> np.ndarray:
    cells = body[cols].to_numpy(dtype=object)
    values, bad = _cell_problems(cells)
    if bad.any():
        _raise_first_bad(cells, values, bad, [header[j] for j in cols], rows)
    return values


def _labels(
    col: pd.Series, name: str, rows: np.ndarray
) -> tuple[np.ndarray, str, int, tuple[object, ...]]:
    cells = col.to_numpy(dtype=object).reshape(-1, 1)
    values, bad = _cell_problems(cells)
    missing = np.array([c == "" or c.lower() in _NA_TOKENS for c in cells[:, 0]])[:, None]
    text = bad & ~missing & ~np.isinf(values)
    if text.any() and not (~bad).any() and not np.isinf(values).any():
        # Class names such as "setosa". (Text among numbers is a typo and reported below.)
        if missing.any():
            _raise_first_bad(cells, values, missing, [name], rows)
        labels: np.ndarray = cells[:, 0].astype(str)
    elif text.any() and (~bad).any():
        t, v = np.argmax(text[:, 0]), np.argmax(~bad[:, 0])
        raise ValueError(
            f"column {_q(name)} mixes text and numbers (row {rows[t]} has {_q(cells[t, 0])}, row "
            f"{rows[v]} has {_q(cells[v, 0])}); labels must be all numbers or all names {ROW_NOTE}"
        )
    elif bad.any():
        worst = missing | np.isinf(values)  # name a blank or inf cell before a text one
        _raise_first_bad(cells, values, worst if worst.any() else bad, [name], rows)
    else:
        labels = values[:, 0]
        if not np.all(labels == np.round(labels)):
            return labels, "regression", 0, ()

    classes, y = np.unique(labels, return_inverse=True)  # sorted classes, y in 0..K-1
    k = len(classes)
    if k < 2:
        raise ValueError(
            f"column {_q(name)} has only one class ({_show(_py(classes[0]))}); "
            "classification needs at least 2 different labels"
        )
    if k > MAX_CLASSES:
        hint = (
            "; labels that are all text or whole numbers are read as classes"
            if labels.dtype.kind == "U"
            else "; whole-number labels are read as classes. If this column is a quantity to"
            " predict (regression), at least one label must have a fractional part"
        )
        raise ValueError(
            f"more than {MAX_CLASSES} classes: column {_q(name)} has {k} different labels{hint}"
        )
    task = "binary" if k == 2 else "multiclass"
    return y.astype(np.int64), task, k, tuple(_py(c) for c in classes)


def _q(value: object, limit: int = ECHO_CHARS) -> str:
    """A cell or a name from the file, quoted for a message and cut to `limit` characters, so
    a 100 KB cell does not come back in full."""
    text = str(value)  # in plain quotes (repr would show a typed backslash doubled)
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"


def _show(value: object) -> object:
    """A label as the message shows it: a number as it is, a name quoted and cut."""
    return value if isinstance(value, int) else _q(value)


def _py(v: object) -> object:
    """Plain Python value for display: 3.0 -> 3, np.str_('a') -> 'a'."""
    if isinstance(v, np.floating):
        return int(v)  # only called for whole-number labels
    return str(v)
