"""Parameter and Module: the two building blocks every layer shares (mirrors torch.nn)."""

from __future__ import annotations

import numpy as np


class Parameter:
    """A trainable array and its gradient.

    data: any shape, float64.  grad: same shape, starts at zero and accumulates (like PyTorch).
    """

    __slots__ = ("data", "grad", "name")

    def __init__(self, data: np.ndarray, name: str = "") -> None:
        self.data = np.array(data, dtype=np.float64)
        self.grad = np.zeros_like(self.data)
        self.name = name

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    def __repr__(self) -> str:
        return f"Parameter(name={self.name!r}, shape={self.data.shape})"


class Module:
    """Base class: forward(x), backward(grad_out) -> grad_in, parameters(), train()/eval().

    backward() must be called after forward() on the same input; it accumulates into each
    parameter's .grad (call zero_grad() between steps, as in PyTorch).
    """

    def __init__(self) -> None:
        self.training = True

    def forward(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The output in eval behaviour, recording nothing: what `model.eval()` under
        `torch.no_grad()` computes. Dropout is the identity, BatchNorm1d uses its running
        statistics (and leaves them alone), no input is kept for backward and no mode flag
        changes, so a figure or a metric can call it while a training step is between its
        forward and backward pass without changing that step. Shapes as forward."""
        raise NotImplementedError(f"{type(self).__name__} has no evaluation path (predict)")

    def parameters(self) -> list[Parameter]:
        return []

    def children(self) -> list[Module]:
        return []

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad.fill(0.0)

    def train(self, mode: bool = True) -> Module:
        self.training = mode
        for child in self.children():
            child.train(mode)
        return self

    def eval(self) -> Module:
        return self.train(False)

    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.extra_repr()})"


def as_float_array(x: object, what: str = "input") -> np.ndarray:
    """Convert to a float64 array, refusing NaN/inf with a ValueError (not a silent NaN)."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be numbers: {exc}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} contains NaN or infinity")
    return arr


def flatten_parameters(params: list[Parameter]) -> tuple[np.ndarray, np.ndarray]:
    """Move the parameters' data into one contiguous array and their grads into another; each
    Parameter keeps its shape and values, its .data and .grad become views of the two.

    Why: an optimizer can then update every parameter with a few NumPy calls instead of a few
    per parameter (what torch's foreach and fused optimizers do); for the small networks of a
    lesson the per-call overhead is most of a training step. Returns (data, grad), each
    (total number of parameter values,)."""
    sizes = [p.data.size for p in params]
    data = np.empty(sum(sizes), dtype=np.float64)
    grad = np.empty_like(data)
    start = 0
    for p, n in zip(params, sizes, strict=True):
        d, g = data[start : start + n].reshape(p.data.shape), grad[start : start + n].reshape(
            p.data.shape)
        d[...], g[...] = p.data, p.grad
        p.data, p.grad = d, g
        start += n
    return data, grad


def _address(a: np.ndarray) -> int:
    return a.__array_interface__["data"][0]


def shared_buffers(params: list[Parameter]) -> tuple[np.ndarray, np.ndarray] | None:
    """(data, grad) when `params` are exactly the views flatten_parameters made, in order
    (they fill both arrays back to back); otherwise None."""
    if not params:
        return None
    data, grad = params[0].data.base, params[0].grad.base
    if data is None or grad is None or data.ndim != 1 or grad.shape != data.shape:
        return None
    offset = 0  # in values; each view must start where the previous one ended
    for p in params:
        if (p.data.base is not data or p.grad.base is not grad
                or not (p.data.flags.c_contiguous and p.grad.flags.c_contiguous)
                or _address(p.data) != _address(data) + offset * data.itemsize
                or _address(p.grad) != _address(grad) + offset * grad.itemsize):
            return None
        offset += p.data.size
    return (data, grad) if offset == data.size else None
