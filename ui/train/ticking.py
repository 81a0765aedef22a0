"""The live ticker's slice of training, as part of TrainSession (split out of session.py).

`tick(budget)` is exactly what the live fragment (ui/train/live.py) does on each timer tick:
at Fast speed it trains for a CPU-time budget under the session's lock; at Slow and Normal it
waits out the slice holding no lock, then trains the steps the pace says are due. Then it
checks for divergence and for a loss that stays far above its start. The attributes it uses
(trainer, running, settings, pace, lock, warning, alert, ticks and the learning-rate baseline)
belong to TrainSession, which sets them up.
"""

from __future__ import annotations

import math
import time

from ui.train.locking import locked
from ui.train.messages import divergence_message, high_loss_message
from ui.train.settings import SPEEDS


class Ticking:
    """TrainSession's training slices (a mixin: TrainSession is the only class using it)."""

    def tick(self, budget_s: float, max_wall_s: float | None = None) -> bool:
        """One slice of the live ticker at the chosen speed (see _fast_tick and _paced_tick).
        Returns True when training stopped during this slice (diverged)."""
        rate = SPEEDS.get(self.settings.speed)
        if rate is None:
            return self._fast_tick(budget_s, max_wall_s)
        return self._paced_tick(rate, budget_s)

    def _paced_tick(self, epochs_per_s: float, budget_s: float) -> bool:
        """Slow and normal speeds: wait out the slice (holding no lock), then train the steps
        the pace says are due (ui.train.pace)."""
        if not self.running or self.trainer is None:
            return False
        self.pace.sleep(budget_s)
        with self.lock:
            t = self.trainer
            if not self.running or t is None:
                return False
            steps_per_s = epochs_per_s * math.ceil(t.X.shape[0] / t.batch_size)
            t.run_steps(self.pace.due(t.steps, steps_per_s, budget_s))
            self.ticks += 1
            return self._check_divergence()

    @locked
    def _fast_tick(self, budget_s: float, max_wall_s: float | None = None) -> bool:
        """One slice of the live ticker (ui.train.live runs a few per timer tick): train for
        about budget_s seconds of this thread's CPU time, or at most max_wall_s of wall time
        (default budget_s). Returns True when training stopped during this slice (diverged).

        CPU time first: when several sessions train at once they share one interpreter (the
        GIL), and a short wall-time budget would shrink each one's share of training while
        its fixed per-update costs (drawing, sending) stay. The wall-time cap still ends a
        slice in time for the next screen update (the live view sets it to 150 ms: about
        five updates a second with three sessions training on two cores)."""
        t = self.trainer
        if not self.running or t is None:
            return False
        wall_end = time.perf_counter() + (max_wall_s or budget_s)
        cpu_end = time.thread_time() + budget_s
        while t.state != "diverged" and self.running:
            left = min(cpu_end - time.thread_time(), wall_end - time.perf_counter())
            if left <= 0:
                break
            t.run_for(min(left, 0.02))  # short slices, so the CPU budget is checked often
        self.ticks += 1
        return self._check_divergence()

    def _check_divergence(self) -> bool:
        """After training: pause on divergence (True); warn, without pausing, about a loss that
        stays far above its start (since the last change of the learning rate)."""
        t = self.trainer
        if t.state != "diverged":
            h = t.history
            # Judged from where the loss was when the current learning rate was set.
            start = (h.rows["train_loss"][0] if self._rate_baseline is None
                     else self._rate_baseline)
            if h.stays_above_start(after_epoch=self._rate_changed_at, start=start):
                self.warning = high_loss_message(start, self._rate_changed_at, t.config.lr)
            else:
                self.warning = ""
            return False
        self.running = False
        self.alert = divergence_message(t.reason, t.config.lr)
        return True
