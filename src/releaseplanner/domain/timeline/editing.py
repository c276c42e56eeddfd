"""Rules of editing on the timeline: moving and resizing by whole days, and linking two items.

Pure functions, so the mouse, the keyboard and tests agree on what an edit means: a move keeps
the duration, a resize never makes an item end before it starts (a one-day item is the
shortest), and a new dependency must not close a loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import ValidationError


class Handle(StrEnum):
    """What part of a bar a drag or key press holds."""

    BODY = "body"  # move
    START = "start"  # resize the left edge
    END = "end"  # resize the right edge


@dataclass(frozen=True, slots=True)
class Dates:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def shifted(start: date, end: date, handle: Handle, days: int) -> Dates:
    """The item's days after dragging ``handle`` by ``days`` (negative: earlier).

    Raises nothing: a resize past the other edge stops at a one-day item.
    """
    delta = timedelta(days=days)
    if handle is Handle.BODY:
        return Dates(start + delta, end + delta)
    if handle is Handle.START:
        return Dates(min(start + delta, end), end)
    return Dates(start, max(end + delta, start))


def snap_days(pixels: float, px_per_day: float) -> int:
    """Whole days a pointer movement of ``pixels`` stands for (rounded to the nearest day)."""
    return round(pixels / px_per_day) if px_per_day > 0 else 0


def describe(item: dm.ScheduleItem, release_key: str, new: Dates, handle: Handle) -> str:
    """The readable name of an edit, for the undo menu and the journal."""
    name = f"'{item.name}' ({release_key})"
    if handle is Handle.BODY:
        days = (new.start - item.planned_start).days
        direction = "later" if days > 0 else "earlier"
        amount = "1 day" if abs(days) == 1 else f"{abs(days)} days"
        return f"Move {name} {amount} {direction}"
    if handle is Handle.START:
        return f"Change start of {name} to {new.start.isoformat()}"
    return f"Change end of {name} to {new.end.isoformat()}"


def check_new_dependency(
    predecessor: dm.ScheduleItem,
    successor: dm.ScheduleItem,
    dependencies: Sequence[dm.Dependency],
) -> None:
    """Refuse a finish-to-start link that repeats one, links an item to itself or closes a loop.

    Raises:
        ValidationError: naming the items (and, for a loop, the chain that would close).
    """
    if predecessor.id == successor.id:
        raise ValidationError(f"'{predecessor.name}' cannot depend on itself")
    successors: dict[str, list[str]] = {}
    for dependency in dependencies:
        if (dependency.predecessor_id, dependency.successor_id) == (predecessor.id, successor.id):
            raise ValidationError(f"'{successor.name}' already depends on '{predecessor.name}'")
        successors.setdefault(dependency.predecessor_id, []).append(dependency.successor_id)
    path = _path(successors, successor.id, predecessor.id)
    if path is not None:
        raise ValidationError(
            f"'{successor.name}' cannot depend on '{predecessor.name}': "
            f"'{predecessor.name}' already follows it ({len(path) - 1} step"
            f"{'' if len(path) == 2 else 's'} away), so the two would wait for each other"
        )


def _path(successors: Mapping[str, list[str]], start: str, goal: str) -> list[str] | None:
    """A chain of successors from ``start`` to ``goal`` (breadth first), or None."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        current = queue.pop(0)
        if current == goal:
            path = [current]
            while previous[path[-1]] is not None:
                path.append(previous[path[-1]])  # type: ignore[arg-type]
            return path[::-1]
        for following in successors.get(current, ()):
            if following not in previous:
                previous[following] = current
                queue.append(following)
    return None
