"""Optimizers with torch.optim's update rules (weight_decay is L2 added to the gradient).

SGD:  g = grad + wd * p;  with momentum: buf = g on the first step, then
      buf = momentum * buf + g;  p -= lr * buf.
Adam: g = grad + wd * p;  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
      p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from .module import Parameter


def _check_lr(lr: float) -> float:
    lr = float(lr)
    if not math.isfinite(lr) or lr < 0:
        raise ValueError(f"learning rate must be a finite number >= 0, got {lr}")
    return lr


class Optimizer:
    def __init__(self, params: Iterable[Parameter], lr: float, weight_decay: float) -> None:
        self.params = list(params)
        self.lr = _check_lr(lr)
        if not math.isfinite(weight_decay) or weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0, got {weight_decay}")
        self.weight_decay = float(weight_decay)

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad.fill(0.0)

    def _grad(self, p: Parameter) -> np.ndarray:
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
        self._buf: list[np.ndarray | None] = [None] * len(self.params)

    def step(self) -> None:
        lr, mom = self.lr, self.momentum
        if not mom and not self.weight_decay:  # plain SGD: the hot path of most lessons
            for p in self.params:
                p.data -= lr * p.grad
            return
        for i, p in enumerate(self.params):
            g = self._grad(p)
            if mom:
                buf = self._buf[i]
                if buf is None:
                    buf = self._buf[i] = np.array(g, copy=True)
                else:
                    buf *= mom
                    buf += g
                g = buf
            p.data -= lr * g


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
        self._m = [np.zeros_like(p.data) for p in self.params]
        self._v = [np.zeros_like(p.data) for p in self.params]

    def step(self) -> None:
        self.t += 1
        b1, b2 = self.betas
        bc1 = 1.0 - b1**self.t
        bc2_sqrt = math.sqrt(1.0 - b2**self.t)
        step_size = self.lr / bc1
        for p, m, v in zip(self.params, self._m, self._v, strict=True):
            g = self._grad(p)
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * g * g
            # torch: denom = sqrt(v) / sqrt(bc2) + eps; p -= (lr / bc1) * m / denom
            p.data -= step_size * m / (np.sqrt(v) / bc2_sqrt + self.eps)


OPTIMIZERS = {"sgd": SGD, "momentum": SGD, "adam": Adam}
