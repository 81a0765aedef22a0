"""Element-wise activations and Softmax as modules, plus a name -> class registry.

Each forward caches what its backward needs; backward(dA) returns dZ = dA * f'(z)
(Softmax: the Jacobian-vector product along `dim`). predict(z) computes the same a = f(z)
and caches nothing (the no-grad evaluation path, see Module.predict).
"""

from __future__ import annotations

import numpy as np

from .module import Module


class Identity(Module):
    """a = z (the 'linear' choice: no non-linearity)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(x, dtype=np.float64)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(x, dtype=np.float64)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return np.asarray(grad_out, dtype=np.float64)

    def derivative(self, z: np.ndarray) -> np.ndarray:
        return np.ones_like(np.asarray(z, dtype=np.float64))


class ReLU(Module):
    """a = max(0, z); f'(z) = 1 if z > 0 else 0 (PyTorch uses 0 at z = 0)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        self._mask = x > 0
        return np.where(self._mask, x, 0.0)  # not x * mask: that gives -0.0 for x < 0

    def predict(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        return np.where(x > 0, x, 0.0)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return np.where(self._mask, grad_out, 0.0)

    def derivative(self, z: np.ndarray) -> np.ndarray:
        return (np.asarray(z, dtype=np.float64) > 0).astype(np.float64)


class LeakyReLU(Module):
    """a = z if z > 0 else negative_slope * z."""

    def __init__(self, negative_slope: float = 0.01) -> None:
        super().__init__()
        self.negative_slope = float(negative_slope)

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        self._slope = np.where(x > 0, 1.0, self.negative_slope)
        return x * self._slope

    def predict(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        return x * np.where(x > 0, 1.0, self.negative_slope)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out * self._slope

    def derivative(self, z: np.ndarray) -> np.ndarray:
        return np.where(np.asarray(z, dtype=np.float64) > 0, 1.0, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


def stable_sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z) without overflow: only ever exponentiates -|z| (finite for |z| = 1000)."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Sigmoid(Module):
    """a = 1 / (1 + e^-z); f'(z) = a (1 - a)."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._a = stable_sigmoid(x)
        return self._a

    def predict(self, x: np.ndarray) -> np.ndarray:
        return stable_sigmoid(x)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        a = self._a
        return grad_out * a * (1.0 - a)

    def derivative(self, z: np.ndarray) -> np.ndarray:
        a = stable_sigmoid(z)
        return a * (1.0 - a)


class Tanh(Module):
    """a = tanh(z); f'(z) = 1 - a^2."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._a = np.tanh(np.asarray(x, dtype=np.float64))
        return self._a

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.tanh(np.asarray(x, dtype=np.float64))

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out * (1.0 - self._a * self._a)

    def derivative(self, z: np.ndarray) -> np.ndarray:
        return 1.0 - np.tanh(np.asarray(z, dtype=np.float64)) ** 2


def softmax(z: np.ndarray, dim: int = -1) -> np.ndarray:
    """exp(z - max) / sum: subtracting the max keeps exp from overflowing."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=dim, keepdims=True))
    return e / e.sum(axis=dim, keepdims=True)


class Softmax(Module):
    """a_i = e^{z_i} / sum_k e^{z_k} along `dim`; backward: dZ = a * (dA - sum(dA * a))."""

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._a = softmax(x, self.dim)
        return self._a

    def predict(self, x: np.ndarray) -> np.ndarray:
        return softmax(x, self.dim)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        a = self._a
        return a * (grad_out - (grad_out * a).sum(axis=self.dim, keepdims=True))

    def jacobian(self, z: np.ndarray) -> np.ndarray:
        """For a vector z: (n,) -> J: (n, n) with J_ij = a_i (delta_ij - a_j)."""
        a = softmax(np.asarray(z, dtype=np.float64).reshape(-1))
        return np.diag(a) - np.outer(a, a)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


# One table drives the selectboxes, the URL state and model configs.
ACTIVATIONS: dict[str, type[Module]] = {
    "linear": Identity,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "softmax": Softmax,
}
ACTIVATION_LABELS: dict[str, str] = {
    "linear": "Linear (none)",
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU (0.01)",
    "sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "softmax": "Softmax",
}
ELEMENTWISE_ACTIVATIONS = ("linear", "relu", "leaky_relu", "sigmoid", "tanh")


def make_activation(name: str) -> Module:
    """Build an activation module by its registry name (ValueError names the valid ones)."""
    try:
        return ACTIVATIONS[name]()
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}"
        ) from None
