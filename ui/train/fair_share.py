"""A fair share of one server process's CPU for the sessions that train at once.

One Python process runs about one core's worth of Python (the interpreter lock), shared by
every session's script thread and by Streamlit's event-loop thread, which sends every update
to every browser. A fixed training budget per slice (85 ms) is right for one learner, but with
N learners training in the process a round of one slice each takes N x 85 ms: with 10 that is
almost a second per screen update, pages opened meanwhile wait behind the queue of slices, and
the event loop starves. So the budget of a slice shrinks as more sessions train in this
process, SHARE_S / N (at least MIN_BUDGET_S): a round of every trainer's slice then stays
about SHARE_S of CPU, each learner still sees a few updates a second, and what is left goes to
sending, charts and other pages. Training per learner drops as 1/N, as it must on one core;
more cores are used by more processes (deploy/classroom.py).

Training slices also take turns (`turn()`: one slice at a time in the process). Measured with
30 headless students on one process (benchmarks/bench_classroom.py, a loaded machine): without
turns nothing reached any browser in 10 s, clicks went unanswered for 15 s and pages did not
open in 30 s (the event-loop thread that sends the updates competed with 30 training threads
for the interpreter lock); with turns, 0.9 screen updates/s each, a late joiner's page in 2.0 s
(p95) and a click answered in 0.33 s (p95).

The process-wide count holds no user state: opaque tokens (one per TrainSession, made by
`token()`) and the time each last trained, forgotten WINDOW_S after its last slice.

Why a ticker run is not cut short to end before the browser's next timer: measured with 10
headless students (benchmarks/bench_classroom.py), runs that ended early and left the session
idle until its next timer made the server slower, not faster (0.2 screen updates/s instead of
2.6). In Streamlit's code, a ScriptRunner that has no request when its run ends stops, and
the next request starts a new ScriptRunner (and thread); a run still going when the next
timer's request arrives keeps its thread and starts the next run at once (the browser is told
"finished early for a rerun").
"""

from __future__ import annotations

import itertools
import threading
import time

SOLO_BUDGET_S = 0.085  # one learner alone: as before (about ten Epoch updates a second)
SHARE_S = 0.2  # CPU of one round of slices, every training session of the process once
MIN_BUDGET_S = 0.005  # below this a slice is mostly overhead (a few mini-batches of 10)
WINDOW_S = 1.0  # a session that trained within this is counted (tickers run every 0.25 s)

_tokens = itertools.count(1)


def token() -> int:
    """A fresh opaque token for one session's ticker (never reused in the process)."""
    return next(_tokens)


class TrainerCount:
    """How many sessions of this process trained in the last WINDOW_S seconds."""

    def __init__(self, window_s: float = WINDOW_S) -> None:
        self.window_s = window_s
        self._lock = threading.Lock()
        self._last: dict[int, float] = {}  # token -> time.monotonic() of its last slice

    def beat(self, tok: int, now: float | None = None) -> int:
        """Record that `tok` trains now; returns the count including it."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._last[tok] = now
            self._forget(now)
            return len(self._last)

    def leave(self, tok: int) -> None:
        with self._lock:
            self._last.pop(tok, None)

    def count(self, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._forget(now)
            return len(self._last)

    def _forget(self, now: float) -> None:
        stale = [t for t, seen in self._last.items() if now - seen > self.window_s]
        for t in stale:
            del self._last[t]


TRAINERS = TrainerCount()  # process-wide on purpose: tokens and times only


# One training slice at a time in the process. Threads waiting for their turn block in a lock
# (without the interpreter lock), so the event-loop thread, which sends every update to every
# browser, competes with one trainer instead of with every training session at once (with 30
# the event loop starved and no update reached any browser).
_TURN = threading.Lock()
TURN_WAIT_S = 1.0  # a slice that waited this long for its turn is skipped (the metric still
#                    updates, and the page stays responsive)


class turn:
    """`with turn() as mine:` -- train only `if mine` (this thread's turn in the process)."""

    def __enter__(self) -> bool:
        self.mine = _TURN.acquire(timeout=TURN_WAIT_S)
        return self.mine

    def __exit__(self, *exc) -> None:
        if self.mine:
            _TURN.release()


def slice_budget(n_training: int) -> float:
    """CPU seconds for one slice when n_training sessions (this one included) train."""
    if n_training <= 1:
        return SOLO_BUDGET_S
    return max(MIN_BUDGET_S, min(SOLO_BUDGET_S, SHARE_S / n_training))


def charts_period(n_training: int, base_s: float) -> float:
    """The charts' redraw period: base_s, stretched when many sessions share the process
    (the charts of 30 learners twice a second would take most of a core)."""
    return base_s * max(1.0, n_training / 4)
