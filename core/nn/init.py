"""Weight initializations by name, reproducible from a seed (numpy Generator)."""

from __future__ import annotations

import math

import numpy as np

INITS = ("pytorch", "xavier", "he", "uniform", "zeros")
INIT_LABELS = {
    "pytorch": "PyTorch default: U(±1/√fan_in)",
    "xavier": "Xavier / Glorot uniform",
    "he": "He / Kaiming uniform",
    "uniform": "Uniform(-0.5, 0.5) (Playground)",
    "zeros": "Zeros (shows the symmetry problem)",
}


def init_weight(
    init: str, out_features: int, in_features: int, rng: np.random.Generator
) -> np.ndarray:
    """Return W: (out_features, in_features) drawn by the named scheme.

    pytorch: U(-a, a), a = 1 / sqrt(fan_in)                (nn.Linear's reset_parameters)
    xavier: U(-a, a), a = sqrt(6 / (fan_in + fan_out))     (torch.nn.init.xavier_uniform_)
    he:     U(-a, a), a = sqrt(6 / fan_in)                 (kaiming_uniform_, ReLU gain sqrt 2)
    uniform: U(-0.5, 0.5) as TensorFlow Playground; zeros: all zero.
    """
    shape = (out_features, in_features)
    if init == "pytorch":
        a = 1.0 / math.sqrt(in_features)
        return rng.uniform(-a, a, size=shape)
    if init == "xavier":
        a = math.sqrt(6.0 / (in_features + out_features))
        return rng.uniform(-a, a, size=shape)
    if init == "he":
        a = math.sqrt(6.0 / in_features)
        return rng.uniform(-a, a, size=shape)
    if init == "uniform":
        return rng.uniform(-0.5, 0.5, size=shape)
    if init == "zeros":
        return np.zeros(shape)
    raise ValueError(f"unknown init {init!r}; expected one of {', '.join(INITS)}")


def init_bias(
    init: str, out_features: int, in_features: int, rng: np.random.Generator
) -> np.ndarray:
    """Return b: (out_features,). PyTorch draws U(±1/sqrt(fan_in)); Playground starts at 0.1;
    the others at zero."""
    if init == "pytorch":
        a = 1.0 / math.sqrt(in_features)
        return rng.uniform(-a, a, size=out_features)
    if init == "uniform":
        return np.full(out_features, 0.1)
    if init in INITS:
        return np.zeros(out_features)
    raise ValueError(f"unknown init {init!r}; expected one of {', '.join(INITS)}")
