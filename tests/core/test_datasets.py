"""Tests for core.data.datasets: determinism, shapes, label rules at noise 0, argument checks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.data.datasets import DATASET_TASKS, DATASETS, Dataset, make_dataset, train_test_split

CLASSIFICATION = [d for d in DATASETS if DATASET_TASKS[d] != "regression"]
REGRESSION = [d for d in DATASETS if DATASET_TASKS[d] == "regression"]


def test_names_and_tasks() -> None:
    assert set(DATASETS) == {
        "circle",
        "xor",
        "gaussians",
        "spiral",
        "blobs",
        "plane",
        "gaussian-mix",
    }
    assert set(DATASET_TASKS) == set(DATASETS)
    assert DATASET_TASKS["blobs"] == "multiclass"
    assert {DATASET_TASKS[d] for d in REGRESSION} == {"regression"}


@pytest.mark.parametrize("name", DATASETS)
def test_same_seed_is_bit_identical_and_other_seed_differs(name: str) -> None:
    a = make_dataset(name, 300, 0.2, seed=11)
    b = make_dataset(name, 300, 0.2, seed=11)
    c = make_dataset(name, 300, 0.2, seed=12)
    assert a.X.tobytes() == b.X.tobytes() and a.y.tobytes() == b.y.tobytes()
    assert not np.array_equal(a.X, c.X)


def test_global_numpy_rng_is_neither_used_nor_touched() -> None:
    np.random.seed(0)
    a = make_dataset("xor", 100, 0.3, seed=5)
    np.random.seed(1)
    state = np.random.get_state()[1].copy()
    b = make_dataset("xor", 100, 0.3, seed=5)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert np.array_equal(np.random.get_state()[1], state)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(DATASETS),
    n=st.integers(4, 10_000),
    noise=st.floats(0.0, 0.5),
    seed=st.integers(0, 2**63),
)
def test_any_valid_arguments_give_well_formed_data(
    name: str, n: int, noise: float, seed: int
) -> None:
    ds = make_dataset(name, n, noise, seed)
    assert ds.X.shape == (n, 2) and ds.X.dtype == np.float64
    assert ds.y.shape == (n,)
    assert np.isfinite(ds.X).all() and np.isfinite(ds.y).all()
    if name in ("gaussians", "blobs"):
        # Normal noise has no bound: the farthest centre coordinate (2 or 4) plus 8 standard
        # deviations (std <= 2 at 50 % noise); a point beyond it has probability ~1e-15.
        assert np.abs(ds.X).max() < 4.0 + 8 * 2.0
    else:
        assert np.abs(ds.X).max() <= 6.0  # Playground's -6..6, uniform noise included
    assert ds.task == DATASET_TASKS[name] and ds.name == name
    assert ds.feature_names == ("x1", "x2")
    if ds.task == "regression":
        assert ds.y.dtype == np.float64 and ds.n_classes == 0
        # plane: (x1 + x2 + jitter) / 10 with |x| <= 6 and jitter <= 6 * noise per axis
        assert np.abs(ds.y).max() <= (1.8 if name == "plane" else 1.0)
    else:
        assert ds.y.dtype == np.int64
        assert ds.n_classes == (3 if name == "blobs" else 2)
        assert ds.y.min() >= 0 and ds.y.max() < ds.n_classes


@pytest.mark.parametrize("name", ["circle", "gaussians", "spiral"])
def test_constructed_binary_sets_are_balanced_to_one_point(name: str) -> None:
    for n in (4, 5, 301):
        counts = np.bincount(make_dataset(name, n, 0.0, 3).y, minlength=2)
        assert abs(counts[0] - counts[1]) <= 1


def test_xor_is_roughly_balanced_and_rows_are_shuffled() -> None:
    y = make_dataset("xor", 2000, 0.0, 4).y
    assert 0.4 < y.mean() < 0.6
    # Generators build class by class; shuffling must mix them.
    assert len(set(make_dataset("circle", 100, 0.0, 4).y[:20])) == 2


def test_circle_at_noise_zero_is_separable_by_radius() -> None:
    ds = make_dataset("circle", 1000, 0.0, 0)
    r = np.hypot(ds.X[:, 0], ds.X[:, 1])
    assert r[ds.y == 1].max() < 2.5
    assert r[ds.y == 0].min() >= 3.5
    assert r.max() <= 5.0


def test_circle_noise_flips_some_labels_near_the_boundary() -> None:
    ds = make_dataset("circle", 1000, 0.5, 0)
    r = np.hypot(ds.X[:, 0], ds.X[:, 1])
    assert np.any((r >= 3.5) & (ds.y == 1)) or np.any((r < 2.5) & (ds.y == 0))


def test_xor_labels_are_the_sign_of_x1_times_x2_at_noise_zero() -> None:
    ds = make_dataset("xor", 1000, 0.0, 2)
    assert np.abs(ds.X).min() >= 0.3  # the padding keeps points off the axes
    assert np.array_equal(ds.y, (np.sign(ds.X[:, 0] * ds.X[:, 1]) > 0).astype(np.int64))


def test_gaussians_centres() -> None:
    ds = make_dataset("gaussians", 4000, 0.0, 1)
    np.testing.assert_allclose(ds.X[ds.y == 1].mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(ds.X[ds.y == 0].mean(axis=0), [-2, -2], atol=0.1)
    wide = make_dataset("gaussians", 4000, 0.5, 1)
    assert wide.X[wide.y == 1].std() > 1.5 * ds.X[ds.y == 1].std()


def test_spiral_points_lie_on_their_arm_at_noise_zero() -> None:
    ds = make_dataset("spiral", 400, 0.0, 0)
    r = np.hypot(ds.X[:, 0], ds.X[:, 1])
    theta = np.arctan2(ds.X[:, 0], ds.X[:, 1])  # Playground uses x = r sin t, y = r cos t
    expected = 1.75 * (r / 5.0) * 2 * np.pi + np.where(ds.y == 1, 0.0, np.pi)
    diff = np.angle(np.exp(1j * (theta - expected)))  # wrap to (-pi, pi]
    assert np.abs(diff[r > 1e-9]).max() < 1e-9
    assert r.max() < 5.0


def test_plane_at_noise_zero() -> None:
    ds = make_dataset("plane", 500, 0.0, 0)
    np.testing.assert_allclose(ds.y, ds.X.sum(axis=1) / 10)
    noisy = make_dataset("plane", 500, 0.3, 0)
    assert not np.allclose(noisy.y, noisy.X.sum(axis=1) / 10)


def test_gaussian_mix_sign_follows_the_nearest_bump() -> None:
    ds = make_dataset("gaussian-mix", 3000, 0.0, 0)
    centres = np.array([[-4, 2.5], [0, 2.5], [4, 2.5], [-4, -2.5], [0, -2.5], [4, -2.5]])
    signs = np.array([1, -1, 1, -1, 1, -1])
    d = np.linalg.norm(ds.X[:, None, :] - centres, axis=2)
    near = d.min(axis=1) < 1.9
    assert near.sum() > 100
    assert np.array_equal(np.sign(ds.y[near]), signs[d.argmin(axis=1)[near]])
    assert np.all(ds.y[d.min(axis=1) >= 2.0] == 0.0)


@pytest.mark.parametrize("k", [3, 4, 5, 6])
def test_blobs_classes(k: int) -> None:
    ds = make_dataset("blobs", 600, 0.0, 9, n_classes=k)
    assert ds.n_classes == k and ds.task == "multiclass"
    counts = np.bincount(ds.y, minlength=k)
    assert counts.max() - counts.min() <= 1 and counts.sum() == 600
    assert ds.class_names == tuple(str(i) for i in range(k))


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"name": "moons"}, ["unknown dataset", "'moons'", "circle"]),
        ({"n": 3}, ["n must be", "4 to 10000", "got 3"]),
        ({"n": 10_001}, ["n must be", "4 to 10000"]),
        ({"n": 10.0}, ["n must be a whole number"]),
        ({"n": True}, ["n must be a whole number"]),
        ({"noise": -0.01}, ["noise", "0.0 to 0.5"]),
        ({"noise": 0.51}, ["noise", "0.0 to 0.5"]),
        ({"noise": float("nan")}, ["noise", "0.0 to 0.5"]),
        ({"noise": "0.1"}, ["noise", "0.0 to 0.5"]),
        ({"seed": -1}, ["seed must be", ">= 0"]),
        ({"seed": 1.5}, ["seed must be a whole number"]),
        ({"n_classes": 3}, ["n_classes applies only to 'blobs'"]),
        ({"name": "blobs", "n_classes": 2}, ["n_classes must be", "3 to 6"]),
        ({"name": "blobs", "n_classes": 7}, ["n_classes must be", "3 to 6"]),
        ({"name": "blobs", "n": 5, "n_classes": 6}, ["n must be at least n_classes"]),
    ],
)
def test_bad_arguments_name_the_parameter_and_range(kwargs: dict, words: list[str]) -> None:
    args = {"name": "circle", "n": 100, "noise": 0.1, "seed": 0} | kwargs
    with pytest.raises(ValueError) as info:
        make_dataset(**args)
    for w in words:
        assert w in str(info.value)


def test_numpy_integer_arguments_are_accepted() -> None:
    ds = make_dataset("circle", np.int64(50), np.float32(0.25), np.uint32(3))
    assert ds.X.shape == (50, 2)


def test_dataset_is_read_only_and_validated() -> None:
    ds = make_dataset("circle", 10, 0.0, 0)
    with pytest.raises(ValueError):
        ds.X[0, 0] = 1.0
    with pytest.raises(ValueError, match="y must have shape"):
        Dataset(X=np.zeros((3, 2)), y=np.zeros(4), task="binary", n_classes=2)
    with pytest.raises(ValueError, match="class labels"):
        Dataset(X=np.zeros((2, 2)), y=np.array([0, 2]), task="binary", n_classes=2)
    with pytest.raises(ValueError, match="task"):
        Dataset(X=np.zeros((2, 2)), y=np.zeros(2), task="ranking", n_classes=0)


def test_split_is_a_deterministic_partition() -> None:
    X = np.arange(200, dtype=float).reshape(100, 2)
    y = np.arange(100)
    Xtr, ytr, Xte, yte = train_test_split(X, y, 0.3, seed=1)
    assert len(yte) == 30 and len(ytr) == 70
    assert sorted(np.concatenate([ytr, yte]).tolist()) == list(range(100))
    np.testing.assert_array_equal(Xtr[:, 0], 2 * ytr)  # rows stay paired with their labels
    again = train_test_split(X, y, 0.3, seed=1)
    assert np.array_equal(again[1], ytr) and np.array_equal(again[3], yte)
    assert not np.array_equal(train_test_split(X, y, 0.3, seed=2)[3], yte)


@settings(max_examples=80, deadline=None)
@given(n=st.integers(2, 400), ratio=st.floats(0.1, 0.9), seed=st.integers(0, 2**32))
def test_split_parts_are_never_empty(n: int, ratio: float, seed: int) -> None:
    X, y = np.zeros((n, 3)), np.arange(n)
    Xtr, ytr, Xte, yte = train_test_split(X, y, ratio, seed)
    assert len(ytr) >= 1 and len(yte) >= 1 and len(ytr) + len(yte) == n
    assert Xtr.shape == (len(ytr), 3) and Xte.shape == (len(yte), 3)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((np.zeros((10, 2)), np.zeros(10), 0.05, 0), ["test_ratio", "0.1 to 0.9"]),
        ((np.zeros((10, 2)), np.zeros(10), 0.95, 0), ["test_ratio", "0.1 to 0.9"]),
        ((np.zeros((10, 2)), np.zeros(10), 0.2, -3), ["seed"]),
        ((np.zeros((1, 2)), np.zeros(1), 0.5, 0), ["at least 2 rows"]),
        ((np.zeros((10, 2)), np.zeros(9), 0.5, 0), ["y must have shape (10,)"]),
        ((np.zeros(10), np.zeros(10), 0.5, 0), ["X must have shape (n, d)"]),
    ],
)
def test_split_rejects_bad_arguments(args: tuple, words: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        train_test_split(*args)
    for w in words:
        assert w in str(info.value)
