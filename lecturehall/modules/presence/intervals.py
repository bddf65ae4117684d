"""Interval arithmetic for presence: unions of [start, end] pairs, with short gaps bridged.

Every derived figure is a function of a union, and a union does not care about order or repeats: adding the same
interval twice, or the beats of a session in any order, gives the same result (tests/presence check this with
hypothesis). That is what makes compaction idempotent and resumable.
"""

from __future__ import annotations

from typing import Iterable

Interval = tuple[float, float]


def union(intervals: Iterable[Iterable[float]], bridge: float = 0.0) -> list[list[float]]:
    """The sorted union of ``intervals``; two intervals that touch or overlap merge, and so do two whose gap is
    shorter than ``bridge`` (the player's beats missed by less than two beats are one stretch of presence)."""
    ordered = sorted((float(a), float(b)) for a, b in intervals if b >= a)
    merged: list[list[float]] = []
    for start, end in ordered:
        if merged and (start <= merged[-1][1] or start - merged[-1][1] < bridge):
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return merged


def measure(intervals: Iterable[Iterable[float]]) -> float:
    """Total length of a union (as ``union`` returns it: sorted, disjoint)."""
    return sum(end - start for start, end in intervals)


def minutes(intervals: Iterable[Iterable[float]]) -> set[int]:
    """The minutes (epoch seconds // 60) during which any interval (epoch seconds) was present; an interval that
    ends exactly on a minute's first second does not reach into that minute, unless it is only that instant."""
    covered: set[int] = set()
    for start, end in intervals:
        first = int(start // 60)
        last = int(end // 60)
        if end > start and end % 60 == 0:
            last -= 1
        covered.update(range(first, max(first, last) + 1))
    return covered
