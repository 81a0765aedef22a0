"""Operations around the linear layer: Dropout, BatchNorm1d and Sequential."""

from __future__ import annotations

import numpy as np

from .module import Module, Parameter


class Dropout(Module):
    """Inverted dropout: in train mode each value is zeroed with probability p and the kept
    ones are scaled by 1/(1-p), so eval mode (identity) needs no rescaling. x: any shape."""

    def __init__(self, p: float = 0.5, rng: np.random.Generator | None = None) -> None:
        super().__init__()
        if not 0.0 <= float(p) < 1.0:
            raise ValueError(f"dropout probability must be in [0, 1), got {p}")
        self.p = float(p)
        self.rng = rng if rng is not None else np.random.default_rng()
        self._mask: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if not self.training or self.p == 0.0:
            self._mask = None
            return x
        self._mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self._mask

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Eval behaviour (the identity), drawing no random numbers and keeping no mask."""
        return np.asarray(x, dtype=np.float64)

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        return grad_out if self._mask is None else grad_out * self._mask

    def extra_repr(self) -> str:
        return f"p={self.p}"


class BatchNorm1d(Module):
    """Batch normalization over (batch, num_features), as torch.nn.BatchNorm1d.

    Train mode: x_hat = (x - mean) / sqrt(var + eps) with the batch mean and biased variance;
    running_mean/var move by `momentum` toward the batch mean and the *unbiased* variance.
    Eval mode: uses running_mean/var.  y = weight * x_hat + bias.
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1) -> None:
        super().__init__()
        self.num_features = int(num_features)
        self.eps = float(eps)
        self.momentum = float(momentum)
        self.weight = Parameter(np.ones(self.num_features), "weight")
        self.bias = Parameter(np.zeros(self.num_features), "bias")
        self.running_mean = np.zeros(self.num_features)
        self.running_var = np.ones(self.num_features)

    def _checked(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.num_features:
            raise ValueError(
                f"BatchNorm1d expected input of shape (batch, {self.num_features}), got {x.shape}"
            )
        return x

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Eval behaviour: normalize with the running statistics, which stay as they are;
        nothing is kept for backward. x: (batch, num_features) -> same shape."""
        x = self._checked(x)
        inv_std = 1.0 / np.sqrt(self.running_var + self.eps)
        return (x - self.running_mean) * inv_std * self.weight.data + self.bias.data

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = self._checked(x)
        if self.training:
            n = x.shape[0]
            if n < 2:
                raise ValueError("BatchNorm1d needs more than 1 value per feature when training")
            mean = x.mean(axis=0)
            centered = x - mean
            var = (centered * centered).mean(axis=0)
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean
            self.running_var = (1 - m) * self.running_var + m * var * (n / (n - 1))
        else:
            centered = x - self.running_mean
            var = self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = centered * inv_std
        self._cache = (x_hat, inv_std, self.training)
        return x_hat * self.weight.data + self.bias.data

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        x_hat, inv_std, training = self._cache
        self.weight.grad += (grad_out * x_hat).sum(axis=0)
        self.bias.grad += grad_out.sum(axis=0)
        g = grad_out * self.weight.data
        if not training:
            return g * inv_std
        # d/dx of normalizing with batch statistics (mean and variance depend on every row).
        return inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))

    def parameters(self) -> list[Parameter]:
        return [self.weight, self.bias]

    def extra_repr(self) -> str:
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}"


class Sequential(Module):
    """Modules applied in order; backward runs them in reverse. .layers is the list."""

    def __init__(self, *modules: Module) -> None:
        super().__init__()
        self.layers: list[Module] = list(modules)

    def forward(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Every layer's evaluation path in order (nothing cached, no mode changed)."""
        for layer in self.layers:
            x = layer.predict(x)
        return x

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out

    def parameters(self) -> list[Parameter]:
        return [p for layer in self.layers for p in layer.parameters()]

    def children(self) -> list[Module]:
        return list(self.layers)

    def __len__(self) -> int:
        return len(self.layers)

    def __getitem__(self, i: int) -> Module:
        return self.layers[i]

    def __repr__(self) -> str:
        inner = "\n".join(f"  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential(\n{inner}\n)"
