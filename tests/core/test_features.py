"""Tests for core.data.features: formulas, column order, and rejected selections."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core.data.datasets import make_dataset
from core.data.features import FEATURES, expand_features

X = np.array([[1.0, 2.0], [-3.0, 0.5], [0.0, -1.5]])
EXPECTED = {
    "x1": [1.0, -3.0, 0.0],
    "x2": [2.0, 0.5, -1.5],
    "x1^2": [1.0, 9.0, 0.0],
    "x2^2": [4.0, 0.25, 2.25],
    "x1*x2": [2.0, -1.5, -0.0],
    "sin x1": np.sin([1.0, -3.0, 0.0]),
    "sin x2": np.sin([2.0, 0.5, -1.5]),
}


def test_feature_names_match_playground() -> None:
    assert FEATURES == ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")


@pytest.mark.parametrize("name", FEATURES)
def test_each_feature_formula(name: str) -> None:
    out = expand_features(X, [name])
    assert out.shape == (3, 1) and out.dtype == np.float64
    np.testing.assert_allclose(out[:, 0], EXPECTED[name])


def test_columns_follow_the_requested_order() -> None:
    names = ["sin x2", "x1", "x1*x2"]
    out = expand_features(X, names)
    expected = np.column_stack([EXPECTED[n] for n in names])
    np.testing.assert_allclose(out, expected)
    assert expand_features(X, tuple(FEATURES)).shape == (3, 7)


def test_integer_input_and_empty_batch() -> None:
    out = expand_features(np.array([[2, 3]]), ["x1^2", "x1*x2"])
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [[4.0, 6.0]])
    assert expand_features(np.zeros((0, 2)), ["x1", "x2"]).shape == (0, 2)


def test_input_is_not_modified() -> None:
    x = X.copy()
    expand_features(x, FEATURES)
    np.testing.assert_array_equal(x, X)


@settings(max_examples=60, deadline=None)
@given(
    x=arrays(np.float64, st.tuples(st.integers(0, 30), st.just(2)), elements=st.floats(-100, 100)),
    names=st.lists(st.sampled_from(FEATURES), min_size=1, max_size=7, unique=True),
)
def test_any_selection_gives_batch_by_k(x: np.ndarray, names: list[str]) -> None:
    out = expand_features(x, names)
    assert out.shape == (x.shape[0], len(names))
    for j, name in enumerate(names):
        single = expand_features(x, [name])[:, 0]
        np.testing.assert_array_equal(out[:, j], single)


def test_squares_make_the_circle_linearly_separable() -> None:
    # The point of the features: with x1^2 and x2^2 one straight line (w = (-1, -1), b = 9,
    # i.e. r^2 < 9) separates the circle dataset that no line in (x1, x2) can separate.
    ds = make_dataset("circle", 500, 0.0, 0)
    f = expand_features(ds.X, ["x1^2", "x2^2"])
    pred = (f @ np.array([-1.0, -1.0]) + 9.0 > 0).astype(np.int64)
    np.testing.assert_array_equal(pred, ds.y)


def test_product_makes_xor_linearly_separable() -> None:
    ds = make_dataset("xor", 500, 0.0, 0)
    f = expand_features(ds.X, ["x1*x2"])
    np.testing.assert_array_equal((f[:, 0] > 0).astype(np.int64), ds.y)


@pytest.mark.parametrize(
    ("x", "names", "words"),
    [
        (X, ["x3"], ["unknown feature 'x3'", "x1^2"]),
        (X, ["x1", "cos x1"], ["unknown feature 'cos x1'"]),
        (X, [], ["at least one feature"]),
        (X, "x1", ["not the string 'x1'"]),
        (X, ["x1", "x1"], ["'x1' is selected more than once"]),
        (np.zeros(2), ["x1"], ["(batch, 2)", "(2,)"]),
        (np.zeros((4, 3)), ["x1"], ["(batch, 2)", "(4, 3)"]),
        (np.zeros((2, 2, 2)), ["x1"], ["(batch, 2)"]),
        (np.array([[1.0, np.nan]]), ["x1"], ["NaN or infinite"]),
        (np.array([[np.inf, 1.0]]), ["x2"], ["NaN or infinite"]),
    ],
)
def test_bad_input_raises_value_error(x: np.ndarray, names: object, words: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        expand_features(x, names)  # type: ignore[arg-type]
    for w in words:
        assert w in str(info.value)
