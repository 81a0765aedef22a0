"""The linear layer in a transformer block: the Q, K, V projections and the MLP, per token.

X: (tokens, d_model) = (3, 4). Q = X W_Q^T + b_Q with W_Q (d_head, d_model) as torch.nn.Linear
stores it, K and V the same way; then the block's MLP, Linear(4, 8) -> ReLU -> Linear(8, 4), on
every token. Each is one core.Linear applied over the leading (token) dimension, so token t's
row is exactly the Linear applied to token t alone (forward_trace gives its terms).
The attention that mixes tokens (softmax(Q K^T / sqrt(d)) V) is not a linear layer and is not
part of this demo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..nn.activations import ReLU
from ..trace.trace import ForwardTrace, forward_trace
from .common import apply_over_leading, as_array, linear_with

TOKENS, D_MODEL, D_HEAD, D_MLP = 3, 4, 2, 8
PROJECTIONS = ("Q", "K", "V")


def default_weights(seed: int = 0) -> dict[str, np.ndarray]:
    """Small weights with one decimal (readable products), reproducible from `seed`."""
    rng = np.random.default_rng(seed)

    def draw(*shape: int) -> np.ndarray:
        return np.round(rng.uniform(-1, 1, size=shape), 1)

    return {"W_Q": draw(D_HEAD, D_MODEL), "b_Q": draw(D_HEAD),
            "W_K": draw(D_HEAD, D_MODEL), "b_K": draw(D_HEAD),
            "W_V": draw(D_HEAD, D_MODEL), "b_V": draw(D_HEAD),
            "W_1": draw(D_MLP, D_MODEL), "b_1": draw(D_MLP),
            "W_2": draw(D_MODEL, D_MLP), "b_2": draw(D_MODEL)}


@dataclass(frozen=True)
class TransformerTrace:
    """X: (3, 4); Q, K, V: (3, 2); hidden = ReLU(X W_1^T + b_1): (3, 8); mlp: (3, 4).
    token_traces[name][t]: forward_trace of that Linear on token t alone (for Q, K, V, W_1
    and W_2), whose z equals row t of the batch result."""

    X: np.ndarray
    weights: dict[str, np.ndarray]
    Q: np.ndarray
    K: np.ndarray
    V: np.ndarray
    hidden_pre: np.ndarray
    hidden: np.ndarray
    mlp: np.ndarray
    token_traces: dict[str, tuple[ForwardTrace, ...]]

    @property
    def max_token_difference(self) -> float:
        """Largest gap between the batch Linear and the Linear applied to one token."""
        batch = {"Q": self.Q, "K": self.K, "V": self.V, "W_1": self.hidden_pre,
                 "W_2": self.mlp}
        return max(float(np.max(np.abs(batch[n] - np.array([t.z for t in ts]))))
                   for n, ts in self.token_traces.items())


def transformer_trace(X, weights: dict[str, np.ndarray] | None = None) -> TransformerTrace:
    X = as_array(X, "X", (TOKENS, D_MODEL))
    w = default_weights() if weights is None else weights
    shapes = {"W_Q": (D_HEAD, D_MODEL), "W_K": (D_HEAD, D_MODEL), "W_V": (D_HEAD, D_MODEL),
              "b_Q": (D_HEAD,), "b_K": (D_HEAD,), "b_V": (D_HEAD,),
              "W_1": (D_MLP, D_MODEL), "b_1": (D_MLP,), "W_2": (D_MODEL, D_MLP),
              "b_2": (D_MODEL,)}
    w = {k: as_array(w[k], k, s) for k, s in shapes.items()}
    proj = {p: apply_over_leading(linear_with(w[f"W_{p}"], w[f"b_{p}"]), X) for p in PROJECTIONS}
    hidden_pre = apply_over_leading(linear_with(w["W_1"], w["b_1"]), X)
    hidden = ReLU().forward(hidden_pre)
    mlp = apply_over_leading(linear_with(w["W_2"], w["b_2"]), hidden)
    traces = {p: tuple(forward_trace(w[f"W_{p}"], X[t], w[f"b_{p}"], "linear")
                       for t in range(TOKENS)) for p in PROJECTIONS}
    traces["W_1"] = tuple(forward_trace(w["W_1"], X[t], w["b_1"], "relu") for t in range(TOKENS))
    traces["W_2"] = tuple(forward_trace(w["W_2"], hidden[t], w["b_2"], "linear")
                          for t in range(TOKENS))
    return TransformerTrace(X, w, proj["Q"], proj["K"], proj["V"], hidden_pre, hidden, mlp,
                            traces)
