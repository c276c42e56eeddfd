"""Calendar arithmetic for schedules: spans, overlaps and windows (days are inclusive)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol


class Span(Protocol):
    """Anything with an inclusive start and end day."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


def duration_days(start: date, end: date) -> int:
    """Days from ``start`` to ``end``, both included (a one-day item lasts 1)."""
    return (end - start).days + 1


def overlap_days(a_start: date, a_end: date, b_start: date, b_end: date) -> int:
    """How many days two inclusive spans share (0 when they do not meet)."""
    first_end = min(a_end, b_end)
    last_start = max(a_start, b_start)
    return max(0, (first_end - last_start).days + 1)


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return overlap_days(a_start, a_end, b_start, b_end) > 0


def iso_week_label(day: date) -> str:
    """``W07`` style label of the ISO week containing ``day``."""
    return f"W{day.isocalendar().week:02d}"


def working_days_between(start: date, end: date) -> int:
    """Monday-to-Friday days from ``start`` to ``end``, both included."""
    if end < start:
        return 0
    total = 0
    day = start
    while day <= end:
        if day.weekday() < 5:
            total += 1
        day += timedelta(days=1)
    return total
