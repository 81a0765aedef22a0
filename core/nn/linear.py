"""Linear (fully connected) layer: y = x @ W.T + b, as torch.nn.Linear."""

from __future__ import annotations

import numpy as np

from .init import init_bias, init_weight
from .module import Module, Parameter


class Linear(Module):
    """y = x W^T + b.

    weight: (out_features, in_features) — PyTorch's layout: row i holds the weights into output i.
    bias:   (out_features,)
    forward: x (in_features,) -> (out_features,), or
             X (batch, in_features) -> (batch, out_features)
    backward: dY of the output's shape -> dX of the input's shape; accumulates
              dW = dY^T X (out, in) and db = sum over the batch of dY (out,).
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        rng: np.random.Generator | None = None,
        init: str = "pytorch",
    ) -> None:
        super().__init__()
        if int(in_features) < 1 or int(out_features) < 1:
            raise ValueError(
                f"Linear needs in_features >= 1 and out_features >= 1, "
                f"got {in_features} and {out_features}"
            )
        self.in_features = int(in_features)
        self.out_features = int(out_features)
        self.init = init
        rng = rng if rng is not None else np.random.default_rng()
        w0 = init_weight(init, self.out_features, self.in_features, rng)
        self.weight = Parameter(w0, "weight")
        self.bias = (
            Parameter(init_bias(init, self.out_features, self.in_features, rng), "bias")
            if bias
            else None
        )
        self._x: np.ndarray | None = None
        # Like requires_grad on the input in PyTorch: the first layer of a network has no use
        # for dL/dx, so the trainer switches it off and backward skips that product.
        self.needs_input_grad = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = self._checked(x)
        self._x = x  # kept for backward (dW = dY^T X)
        return self._affine(x)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """x W^T + b without keeping x: the no-grad evaluation path (see Module.predict)."""
        return self._affine(self._checked(x))

    def _checked(self, x: np.ndarray) -> np.ndarray:
        if type(x) is not np.ndarray or x.dtype != np.float64:
            x = np.asarray(x, dtype=np.float64)
        if x.ndim not in (1, 2) or x.shape[-1] != self.in_features:
            raise ValueError(
                f"Linear expected input of size {self.in_features} "
                f"(shape ({self.in_features},) or (batch, {self.in_features})), got shape {x.shape}"
            )
        return x

    def _affine(self, x: np.ndarray) -> np.ndarray:
        y = x @ self.weight.data.T
        if self.bias is not None:
            y += self.bias.data
        return y

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        x = self._x
        if x is None:
            raise ValueError("Linear.backward called before forward")
        if type(grad_out) is not np.ndarray:
            grad_out = np.asarray(grad_out, dtype=np.float64)
        expected = x.shape[:-1] + (self.out_features,)
        if grad_out.shape != expected:
            raise ValueError(
                f"Linear.backward expected a gradient of shape {expected}, got {grad_out.shape}"
            )
        if x.ndim == 1:
            self.weight.grad += np.outer(grad_out, x)
            if self.bias is not None:
                self.bias.grad += grad_out
        else:
            self.weight.grad += grad_out.T @ x
            if self.bias is not None:
                self.bias.grad += np.add.reduce(grad_out, axis=0)
        if not self.needs_input_grad:
            return None  # type: ignore[return-value]
        return grad_out @ self.weight.data

    def parameters(self) -> list[Parameter]:
        return [self.weight] if self.bias is None else [self.weight, self.bias]

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )
