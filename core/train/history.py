"""A bounded training history: never more than max_points rows per session.

When full, every other row is dropped and only every `stride`-th epoch is recorded from then
on (stride doubles), so a long run keeps an even, coarser picture instead of growing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

COLUMNS = ("epoch", "train_loss", "test_loss", "train_acc", "test_acc")


@dataclass
class History:
    max_points: int = 2000
    stride: int = 1
    rows: dict[str, list[float]] = field(default_factory=lambda: {c: [] for c in COLUMNS})

    dense_epochs: int = 16  # every epoch up to here, then `dense_epochs` points per doubling

    def wants(self, epoch: int) -> bool:
        """Whether `epoch` will be recorded (lets the trainer skip evaluation otherwise).

        Log-spaced: every epoch at first (where the loss moves fastest), then 16 points per
        doubling of the epoch count, so a long run spends almost nothing on evaluation.
        Strides are powers of two, so decimation when full stays consistent."""
        stride = self.stride
        if epoch >= 2 * self.dense_epochs:
            stride = max(stride, 1 << ((epoch // self.dense_epochs).bit_length() - 1))
        return epoch % stride == 0

    def record(
        self,
        epoch: int,
        train_loss: float,
        test_loss: float,
        train_acc: float = math.nan,
        test_acc: float = math.nan,
    ) -> None:
        if not self.wants(epoch):
            return
        for key, value in zip(
            COLUMNS, (epoch, train_loss, test_loss, train_acc, test_acc), strict=True
        ):
            self.rows[key].append(float(value))
        if len(self.rows["epoch"]) >= self.max_points:
            self.stride *= 2
            # Keep rows whose epoch is on the new, coarser grid.
            keep = [k for k, e in enumerate(self.rows["epoch"]) if int(e) % self.stride == 0]
            for key in COLUMNS:
                col = self.rows[key]
                self.rows[key] = [col[k] for k in keep]

    def stays_above_start(self, factor: float = 2.0, last: int = 5,
                          after_epoch: int = 0, start: float | None = None) -> bool:
        """Whether the training loss has stayed far above where it started: the median of the
        last `last` recorded losses after epoch `after_epoch` is above `factor` times
        `start` (default: the first recorded one, epoch 0); the median, because such a loss
        jumps about (one low value among them does not mean it came down). A learning rate
        too large for the network often does this without the loss ever becoming infinite
        (0.83 -> ~28 at lr 100 on the circle)."""
        epochs, losses = self.rows["epoch"], self.rows["train_loss"]
        if not losses:
            return False
        recent = [v for e, v in zip(epochs, losses, strict=True) if e > after_epoch][-last:]
        start = losses[0] if start is None else start  # e.g. the loss when the rate changed
        return len(recent) >= last and float(np.median(recent)) > factor * start

    def __len__(self) -> int:
        return len(self.rows["epoch"])

    def to_csv(self) -> str:
        """The history as CSV text (header + one line per recorded epoch). Epochs are whole
        numbers (0, 1, 2, not 0.0); the losses and accuracies are exact (repr)."""
        lines = [",".join(COLUMNS)]
        for k in range(len(self)):
            epoch = str(int(self.rows["epoch"][k]))
            lines.append(",".join([epoch, *(repr(self.rows[c][k]) for c in COLUMNS[1:])]))
        return "\n".join(lines) + "\n"
