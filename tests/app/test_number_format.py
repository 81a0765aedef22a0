"""One way to write a number on a page: ui.format for cells, tables, equations and sentences."""

from __future__ import annotations

import math

import numpy as np
import pytest
from apptest_helpers import no_exception, open_page

from core.course.layer_setup import parse_number, preset
from ui.cell_grid import cell_text
from ui.format import (
    fmt,
    latex_num,
    linear_text,
    plural,
    power_text,
    product_text,
    text_num,
)


@pytest.mark.parametrize(("value", "text"), [
    (31.0, "31"), (0.1, "0.1"), (-0.0, "0"), (0.123456789, "0.123456789"),
    (0.8660254037844386, "0.866025"), (0.1 + 0.2, "0.3"), (1000000.0, "1000000"),
    (1000000.1, "1000000.1"), (1234567.891234, "1234568"), (-0.49999999999999994, "-0.5"),
    (3.9699999999999998, "3.97"), (1e-5, "1e-05"), (0.000123456789123, "0.000123457"),
    (math.inf, "∞"), (math.nan, "NaN"),
])
def test_fmt_is_exact_for_typed_values_and_rounds_machine_made_ones(value, text):
    assert fmt(value) == text


def test_large_numbers_are_never_written_as_powers_of_ten_beside_plain_terms():
    assert "times" not in latex_num(1000000.0) and "times" not in latex_num(999999.99999999)
    assert "e" not in fmt(123456.78912345)


def test_every_value_typed_by_hand_reads_back_exactly():
    for v in (0.5, -2.25, 0.0834454, 123456.789, 1e-7, 0.3333333333):
        assert parse_number(fmt(v)) == v


def test_cells_write_numbers_as_the_tables_and_equations_do():
    for v in (0.8660254037844386, 0.1 + 0.2, 4.0, -0.5, 0.123456789):
        assert cell_text(v) == fmt(v) == latex_num(v)


def test_written_out_sums_use_a_real_minus_and_parentheses():
    assert linear_text([1, -1], ["x1", "x2"], 3) == "1·x1 − 1·x2 + 3"
    assert linear_text([-2, 0.5], ["x1", "x2"], -1) == "−2·x1 + 0.5·x2 − 1"
    assert product_text(2, -1) == "2·(−1)"
    assert product_text(-3, 5) == "(−3)·5"
    assert text_num(-0.5) == "−0.5"


def test_powers_of_ten_in_text():
    assert power_text(1e-5) == "10⁻⁵" and power_text(1e-7) == "10⁻⁷"
    assert power_text(2e-6) == "2·10⁻⁶" and power_text(100.0) == "10²"


def test_counts_agree_with_their_nouns():
    assert plural(1, "bias", "biases") == "1 bias"
    assert plural(2, "bias", "biases") == "2 biases"
    assert plural(1, "weight") == "1 weight"


def test_the_rotation_preset_stores_exact_values():
    W = preset("rotation").W
    assert W[1, 0] == 0.5 and W[0, 1] == -0.5  # sin 30°, not 0.49999999999999994
    assert W[0, 0] == W[1, 1] == math.sqrt(3.0) / 2.0
    assert np.allclose(W @ W.T, np.eye(2))


def test_the_explorer_writes_one_layer_output_as_one_number_everywhere():
    at = open_page("explorer", {"W": "0.8660254037844386,-0.5;0.5,0.8660254037844386",
                                "x": "1,0", "b": "0,0"})
    no_exception(at)
    tables = [str(v) for df in at.table for v in df.value.to_numpy().ravel()]
    assert "0.866025" in tables and "0.8660254037844386" not in tables
    assert any("0.866025" in e.value for e in at.latex)
    assert not any("0.8660254037844386" in e.value for e in at.latex)


def test_one_output_says_one_bias():
    at = open_page("explorer", {"W": "1,2", "x": "1,1", "b": "0"})
    captions = " ".join(c.value for c in at.caption)
    assert "1 bias)" in captions and "1 biases" not in captions
    assert "2 weights" in captions


def test_the_geometry_line_merges_signs():
    at = open_page("explorer", {"W": "1,-1", "x": "1,2", "b": "-2"})
    at.segmented_control(key="explorer_view").set_value("geometry").run()
    no_exception(at)
    text = " ".join(m.value for m in at.markdown)
    assert "1·x1 − 1·x2 − 2 = 0" in text and "+ -" not in text
