"""The names a generated snippet carries: its input features and its classes, checked.

They are the only text a user supplies that reaches generated code (core.train.codegen), and they
go in only as repr() string literals after these checks.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model_config import ModelConfig

MAX_NAME_LEN = 40


def default_feature_names(n_inputs: int) -> tuple[str, ...]:
    return tuple(f"x{i + 1}" for i in range(n_inputs))


def check_feature_names(names: object, n_inputs: int) -> tuple[str, ...]:
    """One printable, non-empty, unique string (<= 40 chars) per input; ValueError otherwise."""
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise ValueError("feature_names must be a list of strings")
    names = tuple(names)
    if len(names) != n_inputs:
        raise ValueError(f"feature_names must list {n_inputs} names, got {len(names)}")
    for name in names:
        # printable excludes newlines and control characters, which have no place in a label.
        if not isinstance(name, str) or not name or not name.isprintable():
            raise ValueError(f"each feature name must be non-empty printable text, got {name!r}")
        if len(name) > MAX_NAME_LEN:
            raise ValueError(f"feature name {name[:20]!r}... is longer than {MAX_NAME_LEN}")
    if len(set(names)) != len(names):
        raise ValueError("feature names must be unique")
    return names


def default_class_names(cfg: ModelConfig) -> tuple[str, ...]:
    """"0".."K-1" for a classifier (two for binary), () for regression."""
    return () if cfg.task == "regression" else tuple(str(k) for k in range(cfg.n_outputs
                                                                          if cfg.task ==
                                                                          "multiclass" else 2))


def check_class_names(names: object, cfg: ModelConfig) -> tuple[str, ...]:
    """One printable, non-empty, unique string (<= 40 chars) per class: n_classes for
    multiclass, 2 for binary, none for regression; ValueError otherwise."""
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise ValueError("class_names must be a list of strings")
    names = tuple(names)
    want = len(default_class_names(cfg))
    if len(names) != want:
        raise ValueError(f"class_names must list {want} names, got {len(names)}")
    for name in names:
        if not isinstance(name, str) or not name or not name.isprintable():
            raise ValueError(f"each class name must be non-empty printable text, got {name!r}")
        if len(name) > MAX_NAME_LEN:
            raise ValueError(f"class name {name[:20]!r}... is longer than {MAX_NAME_LEN}")
    if len(set(names)) != len(names):
        raise ValueError("class names must be unique")
    return names
