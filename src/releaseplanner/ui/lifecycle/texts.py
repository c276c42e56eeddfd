"""How lifecycle values read on screen: moments, windows, delays, pass rates (Qt-free).

A deployment window is read as one thing ("Tue 17 Nov 21:20–22:05"), so the date is written
once when start and end fall on the same day; the weekday matters because go-lives are planned
around weekends. Service messages name fields as the services know them ("actual_end: ..."); the
forms show them with the labels the user sees (:func:`readable_problem`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from releaseplanner.ui.formatting import MISSING


def format_moment(value: datetime | None) -> str:
    """``17 Nov 2026 21:28``; a dash for None."""
    if value is None:
        return MISSING
    return f"{value.day} {value:%b %Y %H:%M}"


def format_window(start: datetime | None, end: datetime | None) -> str:
    """``Tue 17 Nov 2026 21:20–22:05``, or both ends in full when they are on different days."""
    if start is None:
        return MISSING
    head = f"{start:%a} {start.day} {start:%b %Y %H:%M}"
    if end is None:
        return f"{head}–…"
    if end.date() == start.date():
        return f"{head}–{end:%H:%M}"
    return f"{head} – {end:%a} {end.day} {end:%b %H:%M}"


def format_delay(minutes: int | None) -> str:
    """``on time``, ``+8 min``, ``−15 min``, ``+2 h 05``; a dash when it has not started."""
    if minutes is None:
        return MISSING
    if minutes == 0:
        return "on time"
    sign = "+" if minutes > 0 else "−"
    size = abs(minutes)
    if size < 60:
        return f"{sign}{size} min"
    return f"{sign}{size // 60} h {size % 60:02d}"


def format_hours(hours: float | None) -> str:
    """``45 min``, ``15.0 h``, ``3.2 days``; ``open`` for an unresolved incident."""
    if hours is None:
        return "open"
    if hours < 1:
        return f"{round(hours * 60)} min"
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


def format_rate(rate: float | None) -> str:
    """``96.4%``; a dash when nothing was executed."""
    return MISSING if rate is None else f"{rate:.1%}"


def format_variance(days: int | None) -> str:
    """``on plan``, ``3 days late``, ``1 day early``; a dash when not done yet."""
    if days is None:
        return MISSING
    if days == 0:
        return "on plan"
    unit = "day" if abs(days) == 1 else "days"
    return f"{abs(days)} {unit} {'late' if days > 0 else 'early'}"


def day_of_window(today: date, start: date, end: date) -> str:
    """Where ``today`` falls in a window: ``9 days in, 5 to go``, ``last day``,
    ``ended 3 days ago``, ``starts in 2 days``."""
    if today < start:
        ahead = (start - today).days
        return f"starts in {ahead} day{'s' if ahead != 1 else ''}"
    if today > end:
        ago = (today - end).days
        return f"ended {ago} day{'s' if ago != 1 else ''} ago"
    if today == end:
        return "last day"
    done, left = (today - start).days, (end - today).days
    return f"{done} day{'s' if done != 1 else ''} in, {left} to go"


def readable_problem(message: str, labels: Mapping[str, str]) -> str:
    """A service's "field: problem" message with the field as the form labels it."""
    field, sep, rest = message.partition(": ")
    if sep and field in labels:
        return f"{labels[field]}: {rest}"
    return message
