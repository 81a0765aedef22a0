"""Finite-difference gradient checks, shared by the tests and the backpropagation page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .module import Module


def central_difference(f: Callable[[], float], arr: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Estimate df/darr element by element: (f(a + eps) - f(a - eps)) / (2 eps).

    arr is perturbed in place (and always restored), so f must read it: arr: any shape.
    """
    grad = np.zeros_like(arr, dtype=np.float64)
    flat = arr.reshape(-1)  # a view: writes go to arr
    for k in range(flat.size):
        old = flat[k]
        try:
            flat[k] = old + eps
            f_plus = f()
            flat[k] = old - eps
            f_minus = f()
        finally:
            flat[k] = old
        grad.reshape(-1)[k] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray, floor: float = 1e-8) -> np.ndarray:
    """|a - n| / max(|a| + |n|, floor), element-wise: 0 for a perfect match, ~1 for unrelated."""
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    return np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)


@dataclass(frozen=True)
class GradCheckResult:
    name: str
    analytic: np.ndarray
    numeric: np.ndarray
    rel_error: np.ndarray

    @property
    def max_rel_error(self) -> float:
        return float(self.rel_error.max()) if self.rel_error.size else 0.0

    def passed(self, rtol: float = 1e-5, atol: float = 1e-7) -> bool:
        """True when every element agrees within atol + rtol * (|analytic| + |numeric|);
        the atol covers entries that are zero up to finite-difference noise."""
        a, n = self.analytic, self.numeric
        return bool(np.all(np.abs(a - n) <= atol + rtol * (np.abs(a) + np.abs(n))))


def grad_check_module(
    module: Module, x: np.ndarray, rng: np.random.Generator, eps: float = 1e-6
) -> list[GradCheckResult]:
    """Check module.backward against central differences of L = sum(forward(x) * R).

    R is a fixed random projection so every output element matters. Checks dL/dx and
    dL/dp for every parameter p. The module must be deterministic between calls (put
    Dropout in eval mode or re-seed it); BatchNorm in train mode is fine.
    """
    x = np.array(x, dtype=np.float64)
    out = module.forward(x)
    proj = rng.standard_normal(out.shape)

    def loss() -> float:
        return float(np.sum(module.forward(x) * proj))

    module.zero_grad()
    module.forward(x)
    dx = module.backward(proj.copy())
    results = [GradCheckResult("input", dx, central_difference(loss, x, eps), np.empty(0))]
    for i, p in enumerate(module.parameters()):
        analytic = p.grad.copy()
        results.append(
            GradCheckResult(p.name or f"param{i}", analytic, central_difference(loss, p.data, eps),
                            np.empty(0))
        )
    return [
        GradCheckResult(r.name, r.analytic, r.numeric, relative_error(r.analytic, r.numeric))
        for r in results
    ]
