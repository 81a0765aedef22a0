"""The data a network trains on: a generated set or an uploaded CSV, split and expanded into
the chosen input features, plus what the plots need to map the (x1, x2) plane to inputs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import (
    FEATURES,
    Dataset,
    TrainData,
    expand_features,
    load_csv,
    make_dataset,
    train_test_split,
)
from ui.safe_text import user_text
from ui.train.settings import CSV, MAX_POINTS, TrainSettings


@dataclass(frozen=True, eq=False)
class UploadedData:
    """A CSV file that passed the core's checks; token identifies its bytes."""

    dataset: Dataset
    name: str
    token: str


@st.cache_data(max_entries=64, show_spinner=False)
def generated(name: str, n: int, noise_pct: int, seed: int, n_classes: int) -> Dataset:
    """Pure and deterministic, so shared safely between sessions by (name, n, noise, seed)."""
    return make_dataset(name, n, noise_pct / 100.0, seed,
                        n_classes=n_classes if name == "blobs" else None)


def read_csv_upload(data: bytes, name: str = "uploaded CSV") -> UploadedData:
    """Check an uploaded file with the core's loader (at most MAX_POINTS rows).
    Raises ValueError with the core's message (naming the row and column at fault)."""
    dataset = load_csv(bytes(data), max_rows=MAX_POINTS)
    token = hashlib.sha1(bytes(data)).hexdigest()[:12]
    return UploadedData(dataset, name, token)


@dataclass(frozen=True, eq=False)
class DataBundle:
    """Raw points (n, d), the network's input matrices (n, n_inputs), and plot geometry.

    The plots show the plane of the first two raw columns; `inputs(raw)` turns points of that
    plane (m, 2) into network inputs (m, n_inputs), holding any further CSV columns at their
    training mean."""

    key: tuple
    dataset: Dataset
    X_train_raw: np.ndarray
    y_train: np.ndarray
    X_test_raw: np.ndarray
    y_test: np.ndarray
    train_data: TrainData
    features: tuple[str, ...]  # () when a CSV with more than 2 columns is used as is
    input_names: tuple[str, ...]
    axis_names: tuple[str, str]
    extent: tuple[float, float, float, float]  # x1 lo, x1 hi, x2 lo, x2 hi
    extra_means: np.ndarray  # (d - 2,)
    note: str

    @property
    def task(self) -> str:
        return self.dataset.task

    @property
    def n_classes(self) -> int:
        return self.dataset.n_classes

    @property
    def n_inputs(self) -> int:
        return len(self.input_names)

    @property
    def n_train(self) -> int:
        return int(self.X_train_raw.shape[0])

    def inputs(self, raw: np.ndarray) -> np.ndarray:
        """raw: (m, 2) points of the plotted plane -> (m, n_inputs)."""
        extra = np.broadcast_to(self.extra_means, (raw.shape[0], self.extra_means.size))
        return to_inputs(np.hstack([raw, extra]), self.features)


def to_inputs(X: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
    """Raw rows (m, d) -> network inputs: the chosen features of (x1, x2) when d == 2 (features
    non-empty), else the d columns as they are."""
    return expand_features(X, features) if features else np.asarray(X, dtype=np.float64)


def data_key(s: TrainSettings, upload: UploadedData | None) -> tuple:
    """Everything the data depends on: equal keys give identical bundles."""
    if s.dataset == CSV and upload is not None:
        return (CSV, upload.token, s.train_pct, s.data_seed, s.features)
    n_classes = s.n_classes if s.dataset == "blobs" else 0
    return (s.dataset, s.n_points, s.noise, s.train_pct, s.data_seed, n_classes, s.features)


def _input_names(features: tuple[str, ...], cols: tuple[str, ...]) -> tuple[str, ...]:
    """Feature names written with the file's column names: 'x1^2' -> 'height^2'."""
    return tuple(re.sub(r"x([12])", lambda m: cols[int(m.group(1)) - 1], f) for f in features)


def input_names_for(cols: tuple[str, str]) -> dict[str, str]:
    """{input name: feature} for two-column data, under both spellings ('height^2' and
    'x1^2'), so a model file from either kind of data can be matched."""
    lookup = {f: f for f in FEATURES}
    lookup.update(zip(_input_names(FEATURES, cols), FEATURES, strict=True))
    return lookup


def _extent(X: np.ndarray, generated_set: bool) -> tuple[float, float, float, float]:
    if generated_set:
        # Playground's fixed [-6, 6] view, widened only if noisy clusters spill past it.
        half = float(max(6, np.ceil(np.abs(X[:, :2]).max())))  # whole numbers on the axes
        return -half, half, -half, half
    lo, hi = X[:, :2].min(axis=0), X[:, :2].max(axis=0)
    pad = np.maximum((hi - lo) * 0.05, 1e-3)
    lo, hi = (lo - pad).tolist(), (hi + pad).tolist()
    return lo[0], hi[0], lo[1], hi[1]


def build_bundle(s: TrainSettings, upload: UploadedData | None) -> DataBundle:
    """Split and expand the data the settings describe (the CSV when dataset == 'csv')."""
    use_csv = s.dataset == CSV and upload is not None
    if use_csv:
        ds = upload.dataset
    else:
        ds = generated(s.dataset, s.n_points, s.noise, s.data_seed, s.n_classes)
    Xtr, ytr, Xte, yte = train_test_split(ds.X, ds.y, (100 - s.train_pct) / 100, s.data_seed)
    cols = ds.feature_names
    d = ds.X.shape[1]
    note = ""
    if d == 2:
        features = s.features
        names = _input_names(features, cols)
        extra_means = np.zeros(0)
    else:
        features = ()
        names = cols
        extra_means = Xtr[:, 2:].mean(axis=0)
        note = (f"This file has {d} feature columns; they are the network's inputs as they are. "
                f"The maps show the plane of '{user_text(cols[0])}' and "
                f"'{user_text(cols[1])}' with the other columns held at their training mean.")
    return DataBundle(
        key=data_key(s, upload), dataset=ds, X_train_raw=Xtr, y_train=ytr, X_test_raw=Xte,
        y_test=yte, train_data=TrainData(to_inputs(Xtr, features), ytr,
                                         to_inputs(Xte, features), yte),
        features=features, input_names=names, axis_names=(cols[0], cols[1]),
        extent=_extent(ds.X, not use_csv), extra_means=extra_means, note=note,
    )
