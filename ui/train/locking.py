"""`locked`: run a TrainSession method under the session's own re-entrant lock.

One session's script runs overlap (ui/train/session.py says how), so every use of its trainer
goes through this decorator or an explicit `with sess.lock:`.
"""

from __future__ import annotations

import functools


def locked(method):
    """Run a TrainSession method under the session's lock (see the module docstring)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper
