"""Optimizers with torch.optim's update rules (weight_decay is L2 added to the gradient).

SGD:  g = grad + wd * p;  with momentum: buf = g on the first step, then
      buf = momentum * buf + g;  p -= lr * buf.
Adam: g = grad + wd * p;  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
      p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).

When the parameters are views of one pair of arrays (module.flatten_parameters, as the Trainer
arranges), a step updates them all at once: the same element-wise arithmetic, so the same
numbers bit for bit, in a few NumPy calls instead of a few per parameter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from .module import Parameter, shared_buffers


def _check_lr(lr: float) -> float:
    lr = float(lr)
    if not math.isfinite(lr) or lr < 0:
        raise ValueError(f"learning rate must be a finite number >= 0, got {lr}")
    return lr


class _Flat:
    """All parameters as one: data and grad, (total,), of which each Parameter is a view."""

    __slots__ = ("data", "grad")

    def __init__(self, data: np.ndarray, grad: np.ndarray) -> None:
        self.data, self.grad = data, grad


class Optimizer:
    def __init__(self, params: Iterable[Parameter], lr: float, weight_decay: float) -> None:
        self.params = list(params)
        self.lr = _check_lr(lr)
        if not math.isfinite(weight_decay) or weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0, got {weight_decay}")
        self.weight_decay = float(weight_decay)
        flat = shared_buffers(self.params)
        self._flat = [_Flat(*flat)] if flat else None
        # To notice a parameter whose .data or .grad was rebound since (then: one at a time).
        self._views = [(p.data, p.grad) for p in self.params]

    def _zeros(self) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
        """A state array of zeros per parameter and, on the flat path, the one array they are
        all views of (so both paths update the same numbers)."""
        if self._flat is None:
            return [np.zeros_like(p.data) for p in self.params], None
        whole = np.zeros_like(self._flat[0].data)
        views, start = [], 0
        for p in self.params:
            views.append(whole[start : start + p.data.size].reshape(p.data.shape))
            start += p.data.size
        return views, [whole]

    def _flat_path(self) -> bool:
        """True while the parameters are still the views of the flat pair (not rebound, and
        still views of it: a deep copy turns views into arrays of their own)."""
        if self._flat is not None and not (
            self._views[0][0].base is self._flat[0].data  # (a copy copies all views alike)
            and all(p.data is d and p.grad is g
                    for p, (d, g) in zip(self.params, self._views, strict=True))
        ):
            self._flat = None
        return self._flat is not None

    def zero_grad(self) -> None:
        for p in self._flat if self._flat_path() else self.params:
            p.grad.fill(0.0)

    def _grad(self, p: Parameter | _Flat) -> np.ndarray:
        if self.weight_decay:
            return p.grad + self.weight_decay * p.data
        return p.grad

    def step(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class SGD(Optimizer):
    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self.momentum = float(momentum)
        self._buf, self._flat_buf = self._zeros()
        self._buf_started = False  # torch: buf = g on the first momentum step

    def step(self) -> None:
        lr, mom = self.lr, self.momentum
        flat = self._flat_path()
        targets = self._flat if flat else self.params
        if not mom and not self.weight_decay:  # plain SGD: the hot path of most lessons
            for p in targets:
                p.data -= lr * p.grad
            return
        bufs = self._flat_buf if flat else self._buf
        for p, buf in zip(targets, bufs, strict=True):
            g = self._grad(p)
            if mom:
                if self._buf_started:
                    buf *= mom
                    buf += g
                else:
                    buf[...] = g
                g = buf
            p.data -= lr * g
        if mom:
            self._buf_started = True


class Adam(Optimizer):
    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        b1, b2 = betas
        if not (0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0):
            raise ValueError(f"betas must be in [0, 1), got {betas}")
        self.betas = (float(b1), float(b2))
        self.eps = float(eps)
        self.t = 0
        self._m, self._flat_m = self._zeros()
        self._v, self._flat_v = self._zeros()

    def step(self) -> None:
        self.t += 1
        b1, b2 = self.betas
        bc1 = 1.0 - b1**self.t
        bc2_sqrt = math.sqrt(1.0 - b2**self.t)
        step_size = self.lr / bc1
        if self._flat_path():
            targets, ms, vs = self._flat, self._flat_m, self._flat_v
        else:
            targets, ms, vs = self.params, self._m, self._v
        for p, m, v in zip(targets, ms, vs, strict=True):
            g = self._grad(p)
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * g * g
            # torch: denom = sqrt(v) / sqrt(bc2) + eps; p -= (lr / bc1) * m / denom
            p.data -= step_size * m / (np.sqrt(v) / bc2_sqrt + self.eps)


OPTIMIZERS = {"sgd": SGD, "momentum": SGD, "adam": Adam}
