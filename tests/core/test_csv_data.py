"""Tests for core.data.csv_data: good files load, every bad file gets a message naming row and
column."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.data.csv_data import MAX_CSV_BYTES, load_csv
from core.data.datasets import make_dataset

ASSETS = Path(__file__).resolve().parents[2] / "assets"
GOOD = "x1,x2,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n"
NOTE = "header is row 1"


def load_text(text: str, **kw: int):
    return load_csv(text.encode("utf-8"), **kw)


# --------------------------------------------------------------------------- sample files


def test_sample_csv_is_the_documented_circle_recipe() -> None:
    # Recipe: make_dataset("circle", 200, 0.1, seed=7), coordinates rounded to 4 decimals.
    ds = load_csv(ASSETS / "sample.csv")
    ref = make_dataset("circle", 200, 0.1, 7)
    assert ds.task == "binary" and ds.n_classes == 2 and ds.X.shape == (200, 2)
    assert ds.feature_names == ("x1", "x2") and ds.label_values == (0, 1)
    assert ds.name == "sample.csv"
    np.testing.assert_allclose(ds.X, ref.X, atol=5e-5, rtol=0)
    np.testing.assert_array_equal(ds.y, ref.y)


def test_sample_multiclass_csv_is_the_documented_recipe() -> None:
    # Recipe: x1, x2 from make_dataset("blobs", 150, 0.1, seed=7); x3 = 1.5 * (label - 1)
    # + N(0, 1) from default_rng(7); all rounded to 4 decimals.
    ds = load_csv(str(ASSETS / "sample_multiclass.csv"))
    ref = make_dataset("blobs", 150, 0.1, 7)
    x3 = (ref.y - 1) * 1.5 + np.random.default_rng(7).normal(0.0, 1.0, 150)
    assert ds.task == "multiclass" and ds.n_classes == 3 and ds.X.shape == (150, 3)
    assert ds.feature_names == ("x1", "x2", "x3")
    np.testing.assert_allclose(ds.X, np.column_stack([ref.X, x3]), atol=5e-5, rtol=0)
    np.testing.assert_array_equal(ds.y, ref.y)


# --------------------------------------------------------------------------- good inputs


@pytest.mark.parametrize(
    "source",
    [
        GOOD.encode(),
        bytearray(GOOD.encode()),
        GOOD,
        io.BytesIO(GOOD.encode()),
        io.StringIO(GOOD),
        ("\ufeff" + GOOD).encode("utf-8"),  # Excel's BOM
        GOOD.replace("\n", "\r\n").encode(),
        GOOD.replace(",", ";").encode(),
        GOOD.replace(",", "\t").encode(),
        b"x1,x2,label,\n1,2,0,\n3,4,1,\n5,6,0,\n7,8,1,\n\n\n",  # trailing commas
        b" x1 , x2 , label \n 1 , 2 , 0 \n3,4,1\n\n5,6,0\n7,8,1\n",  # spaces, blank line
    ],
)
def test_accepted_sources_and_layouts(source: object) -> None:
    ds = load_csv(source)  # type: ignore[arg-type]
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4], [5, 6], [7, 8]])
    np.testing.assert_array_equal(ds.y, [0, 1, 0, 1])
    assert ds.feature_names == ("x1", "x2") and ds.task == "binary"


def test_file_like_that_was_already_read_is_rewound() -> None:
    f = io.BytesIO(GOOD.encode())
    f.read()
    assert load_csv(f).X.shape == (4, 2)


def test_label_column_found_by_name_anywhere_case_insensitive() -> None:
    ds = load_text(" LaBeL ,a,b\n7,1,2\n5,3,4\n9,5,6\n5,7,8\n")
    assert ds.feature_names == ("a", "b")
    assert ds.label_values == (5, 7, 9)  # sorted original labels
    np.testing.assert_array_equal(ds.y, [1, 0, 2, 0])
    assert ds.task == "multiclass" and ds.n_classes == 3
    assert ds.class_names == ("5", "7", "9")


def test_without_label_column_the_last_column_is_the_target() -> None:
    ds = load_text("a,b,c,target\n1,2,3,0.5\n4,5,6,1.5\n7,8,9,2.25\n1,1,1,0\n")
    assert ds.task == "regression" and ds.n_classes == 0 and ds.y.dtype == np.float64
    assert ds.X.shape == (4, 3)
    np.testing.assert_allclose(ds.y, [0.5, 1.5, 2.25, 0.0])


def test_whole_numbers_written_as_floats_are_classes() -> None:
    ds = load_text("x1,x2,label\n1,2,1.0\n3,4,0.0\n5,6,1.0\n7,8,0.0\n")
    assert ds.task == "binary" and ds.label_values == (0, 1)


def test_text_labels_become_sorted_classes() -> None:
    ds = load_text("a,b,species\n1,2,cat\n3,4,dog\n5,6,cat\n7,8,bird\n")
    assert ds.class_names == ("bird", "cat", "dog")
    np.testing.assert_array_equal(ds.y, [1, 2, 1, 0])


def test_ten_classes_is_the_limit() -> None:
    rows = "".join(f"{i},{i},{i % 10}\n" for i in range(20))
    assert load_text("x1,x2,label\n" + rows).n_classes == 10


def test_max_rows_is_inclusive() -> None:
    assert load_text(GOOD, max_rows=4).X.shape == (4, 2)


# --------------------------------------------------------------------------- bad inputs

BAD_CELLS = [
    ("x1,x2,label\n1,2,0\n3,abc,1\n5,6,0\n7,8,1\n", "row 3, column 'x2'", "'abc' is text"),
    ("x1,x2,label\n1,2,0\n3,4,1\n5,,0\n7,8,1\n", "row 4, column 'x2'", "missing value"),
    ("x1,x2,label\n1,NaN,0\n3,4,1\n5,6,0\n7,8,1\n", "row 2, column 'x2'", "missing value"),
    ("x1,x2,label\n1,2,0\n3,4,1\n5,6,0\n7,-inf,1\n", "row 5, column 'x2'", "infinite"),
    ("x1,x2,label\n1,2,0\n3,4,1\n5,6\n7,8,1\n", "row 4, column 'label'", "missing value"),
    ("x1,x2,label\n1,2,0\n3,4,\n5,6,0\n7,8,1\n", "row 3, column 'label'", "missing value"),
    ("x1,x2,label\n1,2,0\n\n3,4,1\n5,6,0\n7,x,1\n", "row 6, column 'x2'", "text"),  # blank row 3
    ("a;b;label\n1,5;2;0\n3;4;1\n5;6;0\n7;8;1\n", "row 2, column 'a'", "decimal comma"),
    ("a,b,y\nq,2,0\n3,4,1\n5,6,0\n7,8,1\nz,z,1\n", "row 2, column 'a'", "2 more cell(s)"),
]


@pytest.mark.parametrize(("text", "where", "what"), BAD_CELLS)
def test_bad_cells_are_named_by_row_and_column(text: str, where: str, what: str) -> None:
    with pytest.raises(ValueError) as info:
        load_text(text)
    msg = str(info.value)
    assert where in msg and what in msg and NOTE in msg


BAD_FILES = [
    ("", ["file is empty"]),
    ("  \n\n", ["file is empty"]),
    ("x1,x2,label\n", ["header but no data rows"]),
    ("x1,x2,label\n1,2,0\n3,4,1\n", ["too few rows", "found 2", "at least 4"]),
    ("1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,9,0\n", ["first row must be a header", "row 1"]),
    ("\nx1,x2,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n", ["row 1 is empty", "header"]),
    (
        "x1,X1,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n",
        ["duplicate column name 'X1'", "columns 1 and 2"],
    ),
    ("x1,,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n", ["column 2 has no name", "row 1"]),
    ("x1,label\n1,0\n3,1\n5,0\n7,1\n", ["at least 2 feature columns", "'x1', 'label'"]),
    ("x1,x2,label\n1,2,0\n3,4,1,9\n5,6,0\n7,8,1\n", ["row 3 has 4 values", "3 columns", NOTE]),
    ('x1,x2,label\n1,2,0\n3,"4,1\n5,6,0\n7,8,1\n', ["row 3", "quote"]),
    ("x1,x2,label\n1,2,3\n3,4,3\n5,6,3\n7,8,3\n", ["only one class (3)", "'label'"]),
    ("a,b,kind\n1,2,cat\n3,4,1\n5,6,cat\n7,8,dog\n", ["mixes text and numbers", "row 3", "'1'"]),
    (
        "x1,x2,label\n" + "".join(f"{i},{i},{i}\n" for i in range(12)),
        ["more than 10 classes", "12 different labels", "regression"],
    ),
]


@pytest.mark.parametrize(("text", "words"), BAD_FILES)
def test_bad_files_get_clear_messages(text: str, words: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        load_text(text)
    for w in words:
        assert w in str(info.value)


def test_too_many_rows() -> None:
    with pytest.raises(ValueError, match="too many rows: found 6 data rows, the limit is 5"):
        load_text("x1,x2,label\n" + "1,2,0\n3,4,1\n" * 3, max_rows=5)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"x1,x2,label\n1,2,0\ncaf\xe9,4,1\n", ["not UTF-8", "0xe9", "CSV UTF-8"]),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", ["binary data"]),
        (b"\xff\xfex\x001\x00", ["not UTF-8"]),  # UTF-16 from some Windows tools
        (b"x" * (MAX_CSV_BYTES + 1), ["larger than the 5 MB limit"]),
    ],
)
def test_binary_and_oversized_input(data: bytes, words: list[str]) -> None:
    for source in (data, io.BytesIO(data)):
        with pytest.raises(ValueError) as info:
            load_csv(source)
        for w in words:
            assert w in str(info.value)


def test_missing_path_and_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="file not found"):
        load_csv(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match="max_rows"):
        load_csv(GOOD, max_rows=3)
    with pytest.raises(TypeError):
        load_csv(12345)  # type: ignore[arg-type]


def test_pandas_written_file_with_index_column_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "with_index.csv"
    pd.DataFrame({"x1": [1.0, 2, 3, 4], "x2": [0.0, 1, 0, 1], "label": [0, 1, 0, 1]}).to_csv(path)
    with pytest.raises(ValueError, match="column 1 has no name"):
        load_csv(path)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=120),
        st.text(alphabet='xl,;\t\n\r"0123456789.-eE naib', max_size=120).map(str.encode),
    )
)
def test_no_pandas_exception_ever_escapes(data: bytes) -> None:
    try:
        ds = load_csv(data)
    except ValueError:
        return
    assert ds.X.ndim == 2 and ds.X.shape[1] >= 2 and ds.X.shape[0] >= 4
    assert np.isfinite(ds.X).all() and np.isfinite(ds.y).all()


def test_a_huge_cell_is_quoted_cut_not_in_full() -> None:
    """A 100 KB cell must not come back in the message (it is echoed on screen)."""
    huge = "z" * 100_000
    with pytest.raises(ValueError) as info:
        load_text(f"x1,x2,label\n1,2,0\n{huge},4,1\n5,6,0\n7,8,1\n")
    message = str(info.value)
    assert "row 3, column 'x1'" in message and "is text, not a number" in message
    assert len(message) < 400 and "zzzz…'" in message


def test_a_huge_column_name_is_cut_in_messages() -> None:
    name = "n" * 50_000
    with pytest.raises(ValueError) as info:
        load_text(f"x1,{name},label\n1,a,0\n3,4,1\n5,6,0\n7,8,1\n")
    assert len(str(info.value)) < 400 and "is text, not a number" in str(info.value)
