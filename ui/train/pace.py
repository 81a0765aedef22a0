"""A fixed training pace (the slow and normal speeds): how many steps are due now.

The pace counts from when it was (re)started, so a run keeps its rate however the slices fall;
after a gap (paused timers, a hidden tab, a slow server) it starts afresh instead of catching
up in a burst. The clock and sleep are attributes so that tests drive it without waiting.
"""

from __future__ import annotations

import time


class Pace:
    def __init__(self, clock=time.perf_counter, sleep=time.sleep) -> None:
        self.clock = clock
        self.sleep = sleep
        self._start: tuple[float, int, float] | None = None  # (clock, steps, steps per second)

    def restart(self) -> None:
        self._start = None

    def due(self, steps: int, steps_per_s: float, slice_s: float) -> int:
        """Steps to train now, after a slice of `slice_s` seconds, to keep `steps_per_s` since
        the pace started; `steps` is the trainer's step count so far."""
        now = self.clock()
        start = self._start
        if start is None or start[2] != steps_per_s or start[1] > steps:
            start = self._start = (now - slice_s, steps, steps_per_s)
        # (+1e-6: a whole number of steps due must not floor to one less by rounding)
        due = start[1] + int((now - start[0]) * steps_per_s + 1e-6) - steps
        if due > steps_per_s:  # more than a second behind: start the pace again
            self._start = (now - slice_s, steps, steps_per_s)
            due = int(slice_s * steps_per_s + 1e-6)
        return max(due, 0)
