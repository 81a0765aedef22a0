"""Progress that comes back from the browser is untrusted: only known lessons and steps are
kept, in the one canonical form the progress component compares against."""

from __future__ import annotations

from ui.learn.bridge import clean, empty

COUNTS = [7, 6, 5]  # three lessons of 7, 6 and 5 steps


def test_clean_keeps_known_lessons_and_steps_sorted():
    raw = {"done": {"1": [3, 1, 2, 2], "3": [5]}, "checks": {"2": [6]}, "last": [2, 6]}
    assert clean(raw, COUNTS) == {"done": {"1": [1, 2, 3], "3": [5]}, "checks": {"2": [6]},
                                  "last": [2, 6]}


def test_clean_drops_everything_unknown_or_malformed():
    raw = {
        "done": {"0": [1], "4": [1], "1": [0, 8, "2", 2.0, True, None, 7], "x": [1],
                 "2": "1,2"},
        "checks": ["1"],
        "last": [1, 99],
        "extra": "<img src=x>",
    }
    assert clean(raw, COUNTS) == {"done": {"1": [7]}, "checks": {}, "last": None}


def test_clean_of_non_objects_is_empty():
    for raw in (None, [], "progress", 3, {"done": None, "last": "1,2"}):
        assert clean(raw, COUNTS) == empty()
