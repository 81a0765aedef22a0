"""Trainer: mini-batch training of a ModelConfig on arrays, in small resumable slices.

Designed for a Streamlit fragment: step() runs one mini-batch, run_epoch() finishes the current
pass, run_for(seconds) runs whole mini-batches until a time budget is spent. Nothing blocks and
nothing grows without bound (see History). Same config, data and seed give the same run, bit
for bit: initialization, shuffling and dropout each draw from their own seeded generator.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..nn.linear import Linear
from ..nn.losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from ..nn.module import flatten_parameters
from ..nn.optim import SGD, Adam
from .history import History
from .model_config import ModelConfig, build_model

RUN_FOR_CHECK_EVERY = 8  # steps between looks at the clock in Trainer.run_for


@dataclass(frozen=True)
class TrainData:
    """X_train: (n_train, n_inputs), y_train: (n_train,) (int labels or float targets);
    X_test, y_test likewise (may hold 0 rows)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


class Trainer:
    """Holds one model, its optimizer and its history; state is 'ready' or 'diverged'."""

    def __init__(self, config: ModelConfig, data: TrainData) -> None:
        self.config = config
        X = np.ascontiguousarray(data.X_train, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != config.n_inputs or X.shape[0] < 1:
            raise ValueError(f"X_train must be (n, {config.n_inputs}), got {X.shape}")
        if config.batch_norm and X.shape[0] < 2:
            raise ValueError("batch normalization needs at least 2 training rows")
        self.data = data
        self.X = X
        self.Y = self._targets(data.y_train)
        self.X_test = np.asarray(data.X_test, dtype=np.float64).reshape(-1, config.n_inputs)
        self.Y_test = self._targets(data.y_test)
        init_ss, shuffle_ss, dropout_ss = np.random.SeedSequence(config.seed).spawn(3)
        self.model = build_model(config, np.random.default_rng(init_ss),
                                 np.random.default_rng(dropout_ss))
        self._shuffle_rng = np.random.default_rng(shuffle_ss)
        self.params = self.model.parameters()
        # One array for all weights and biases, one for their grads (each Parameter a view):
        # the optimizer, zeroing the grads and the divergence checks then take one NumPy call.
        self._flat_data, _ = flatten_parameters(self.params)
        self._weights = [m.weight for m in self.model.layers if isinstance(m, Linear)]
        first = self.model.layers[0]
        if isinstance(first, Linear):
            first.needs_input_grad = False  # nothing upstream of the inputs to send dL/dx to
        self.loss_fn = {"mse": MSELoss, "bce": BCEWithLogitsLoss, "ce": CrossEntropyLoss}[
            config.loss
        ]()
        if isinstance(self.loss_fn, BCEWithLogitsLoss):
            self.loss_fn.check_targets(self.Y)  # once here, not on every batch
            self.loss_fn.targets_checked = True
        if config.optimizer == "adam":
            self.optimizer = Adam(self.params, lr=config.lr)
        else:
            mom = config.momentum if config.optimizer == "momentum" else 0.0
            self.optimizer = SGD(self.params, lr=config.lr, momentum=mom)
        self.batch_size = min(config.batch_size, X.shape[0])
        self.epoch = 0
        self.steps = 0
        self.state = "ready"
        self.reason = ""
        self.history = History()
        self._shuffle()
        self._snapshot = self._state_arrays()
        self.last_batch_loss = math.nan
        self.restart_from_current_weights()

    def restart_from_current_weights(self) -> None:
        """Make the weights now in the model the starting point: divergence snapshot, metrics,
        a fresh history from epoch 0 (call after loading weights into the model)."""
        self.epoch = 0
        self._snapshot = self._state_arrays()
        self.history = History()
        self._set_metrics(self.evaluate())
        self.history.record(0, *self._metric_tuple())
        # A loss 1e8 times its starting value has diverged long before it overflows; stopping
        # there keeps absurd numbers (1e281) out of the history and the last weights sane.
        self._explode_at = 1e8 * max(self.metrics["train_loss"], 1.0)

    # -- data ---------------------------------------------------------------------------
    def _targets(self, y: np.ndarray) -> np.ndarray:
        """Shape targets for the loss: CE wants labels (n,), MSE on classes one-hot (n, K),
        the others a column (n, 1) matching the single output."""
        c = self.config
        y = np.asarray(y)
        if c.task == "multiclass":
            labels = y.astype(np.int64).reshape(-1)
            if c.loss == "ce":
                return labels
            return np.eye(c.n_classes)[labels]
        return y.astype(np.float64).reshape(-1, 1)

    # -- training -----------------------------------------------------------------------
    def step(self) -> float:
        """One mini-batch: forward, loss, backward, regularize, update. Returns the batch loss
        (NaN once diverged)."""
        if self.state == "diverged":
            return math.nan
        n = self.X.shape[0]
        end = self._pos + self.batch_size
        if self.config.batch_norm and n - end == 1:
            end = n  # BatchNorm1d needs >= 2 rows per batch: fold a lone last row in here
        xb, yb = self._X_epoch[self._pos : end], self._Y_epoch[self._pos : end]
        out = self.model.forward(xb)
        loss = self.loss_fn.forward(out, yb)
        if not loss < self._explode_at:  # also true for NaN
            what = f"{loss}" if not math.isfinite(loss) else f"{loss:.3g}, exploding"
            self._diverge(f"the training loss became {what} at epoch {self.epoch + 1}")
            return math.nan
        self.optimizer.zero_grad()
        self.model.backward(self.loss_fn.backward())
        self._regularize()
        self.optimizer.step()
        self.steps += 1
        self.last_batch_loss = loss
        self._pos = end
        if self._pos >= n:
            self._end_epoch()
        return loss

    def _regularize(self) -> None:
        l1, l2 = self.config.l1, self.config.l2
        if l1:
            for w in self._weights:
                w.grad += l1 * np.sign(w.data)
        if l2:
            for w in self._weights:
                w.grad += l2 * w.data

    def _shuffle(self) -> None:
        """A new order of the training rows for the next epoch. The rows are copied in that
        order once, so that each mini-batch is a slice (a view) rather than a gather."""
        order = self._shuffle_rng.permutation(self.X.shape[0])
        self._X_epoch, self._Y_epoch = self.X[order], self.Y[order]
        self._pos = 0

    def _end_epoch(self) -> None:
        self.epoch += 1
        self._shuffle()
        if not all(np.isfinite(a).all() for a in self._state_arrays_view()):
            self._diverge(f"a weight became infinite or NaN at epoch {self.epoch}")
            return
        self._snapshot = self._state_arrays()
        if self.history.wants(self.epoch):
            self._set_metrics(self.evaluate())
            self.history.record(self.epoch, *self._metric_tuple())

    def run_epoch(self) -> None:
        """Finish the current pass over the training data (a whole epoch from a fresh start)."""
        start = self.epoch
        with np.errstate(all="ignore"):  # overflow is detected and reported as divergence
            while self.epoch == start and self.state != "diverged":
                self.step()

    def run_steps(self, n: int) -> int:
        """Up to n mini-batches (fewer if training diverges). Returns the steps done."""
        done = 0
        with np.errstate(all="ignore"):  # overflow is detected and reported as divergence
            while done < n and self.state != "diverged":
                self.step()
                done += 1
        return done

    def run_for(self, seconds: float, max_epochs: int = 1_000_000,
                clock: Callable[[], float] = time.perf_counter) -> int:
        """Train whole mini-batches until `seconds` of `clock` pass (wall time by default;
        checked every RUN_FOR_CHECK_EVERY steps, so the budget is overrun by at most a few
        steps) or max_epochs more epochs finish, or training diverges. Returns epochs
        completed. Ends with metrics fresh for display."""
        start_epoch = self.epoch
        deadline = clock() + seconds
        check_every = RUN_FOR_CHECK_EVERY
        with np.errstate(all="ignore"):  # overflow is detected and reported as divergence
            while self.state != "diverged" and self.epoch - start_epoch < max_epochs:
                for _ in range(check_every):
                    self.step()
                    if self.state == "diverged" or self.epoch - start_epoch >= max_epochs:
                        break
                if clock() >= deadline:
                    break
            if self.state != "diverged":
                self._set_metrics(self.evaluate())
        return self.epoch - start_epoch

    def _diverge(self, why: str) -> None:
        """Stop with a reason and put back the last weights that were all finite."""
        self.state = "diverged"
        self.reason = why
        for dst, src in zip(self._state_arrays_view(), self._snapshot, strict=True):
            dst[...] = src

    def _state_arrays_view(self) -> list[np.ndarray]:
        # Every weight and bias: the flat array while the parameters are its views (after a
        # deep copy they are arrays of their own).
        flat = self._flat_data
        if all(p.data.base is flat for p in self.params):
            arrays = [flat]
        else:
            arrays = [p.data for p in self.params]
        for m in self.model.layers:
            if hasattr(m, "running_mean"):
                arrays += [m.running_mean, m.running_var]
        return arrays

    def _state_arrays(self) -> list[np.ndarray]:
        return [a.copy() for a in self._state_arrays_view()]

    # -- evaluation ---------------------------------------------------------------------
    # Everything below reads the model through Module.predict, the no-grad evaluation path:
    # it keeps no input for backward, changes no train/eval flag and leaves BatchNorm's running
    # statistics and dropout's random numbers alone, so evaluating between a step's forward
    # and backward pass (a chart redraw from another thread) cannot change that step.
    def predict(self, X: np.ndarray) -> np.ndarray:
        """Model output in eval behaviour. X: (batch, n_inputs) -> (batch, n_outputs).
        For bce/ce losses these are logits."""
        return self.model.predict(np.asarray(X, dtype=np.float64))

    def predict_proba_or_value(self, X: np.ndarray) -> np.ndarray:
        """Binary: P(class 1) (batch,); multiclass: probabilities (batch, K); regression:
        the value (batch,)."""
        out = self.predict(X)
        c = self.config
        if c.task == "binary":
            p = out[:, 0]
            return p if c.loss == "mse" else 1.0 / (1.0 + np.exp(-np.clip(p, -500, 500)))
        if c.task == "multiclass":
            if c.loss == "mse":
                return out
            e = np.exp(out - out.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        return out[:, 0]

    def hidden_outputs(self, X: np.ndarray) -> list[np.ndarray]:
        """Each hidden layer's activation output in eval behaviour: list of (batch, hidden[k])."""
        from ..nn.activations import ACTIVATIONS

        act_types = tuple(ACTIVATIONS.values())
        outs: list[np.ndarray] = []
        h = np.asarray(X, dtype=np.float64)
        for m in self.model.layers[:-2]:
            h = m.predict(h)
            if isinstance(m, act_types):
                outs.append(h)
        return outs

    def _loss_and_acc(self, X: np.ndarray, Y: np.ndarray, y_raw: np.ndarray) -> tuple[float, float]:
        if X.shape[0] == 0:
            return math.nan, math.nan
        out = self.predict(X)
        loss = type(self.loss_fn)().forward(out, Y)
        c = self.config
        if c.task == "regression":
            return loss, math.nan
        if c.task == "binary":
            threshold = 0.5 if c.loss == "mse" else 0.0
            pred = (out[:, 0] > threshold).astype(np.int64)
        else:
            pred = out.argmax(axis=1)
        return loss, float(np.mean(pred == np.asarray(y_raw).astype(np.int64).reshape(-1)))

    def evaluate(self) -> dict[str, float]:
        """Full-data loss (without the penalty) and accuracy on train and test sets, plus the
        regularization penalty reported separately."""
        tr_loss, tr_acc = self._loss_and_acc(self.X, self.Y, self.data.y_train)
        te_loss, te_acc = self._loss_and_acc(self.X_test, self.Y_test, self.data.y_test)
        return {
            "train_loss": tr_loss,
            "test_loss": te_loss,
            "train_acc": tr_acc,
            "test_acc": te_acc,
            "penalty": self.penalty(),
        }

    @property
    def metrics(self) -> dict[str, float]:
        """The latest train/test loss and accuracy; re-evaluated when training moved on since
        (so Step and Step epoch show fresh numbers without evaluating after every step)."""
        if self._metrics_step != self.steps and self.state != "diverged":
            self._set_metrics(self.evaluate())
        return self._metrics

    def _set_metrics(self, metrics: dict[str, float]) -> None:
        self._metrics = metrics
        self._metrics_step = self.steps

    def penalty(self) -> float:
        """l1 * sum|w| + l2/2 * sum w^2 over weights (biases are not regularized)."""
        c = self.config
        total = 0.0
        for w in self._weights:
            if c.l1:
                total += c.l1 * float(np.abs(w.data).sum())
            if c.l2:
                total += 0.5 * c.l2 * float((w.data * w.data).sum())
        return total

    def _metric_tuple(self) -> tuple[float, float, float, float]:
        m = self.metrics
        return m["train_loss"], m["test_loss"], m["train_acc"], m["test_acc"]
