"""Slips: how far each schedule item has moved since a baseline was saved.

A slip is counted in calendar days, positive when the item now ends (or starts) later than the
baseline said. Items added after the baseline have no baseline and are not slips; items the
baseline holds but the plan no longer does are reported as removed by the caller if it wants.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from releaseplanner.domain import model as dm


@dataclass(frozen=True, slots=True)
class Slip:
    item_id: str
    item_name: str
    release_id: str
    baseline_start: date
    baseline_end: date
    planned_start: date
    planned_end: date

    @property
    def start_days(self) -> int:
        return (self.planned_start - self.baseline_start).days

    @property
    def end_days(self) -> int:
        """The slip that matters to a go-live: how much later the item now ends."""
        return (self.planned_end - self.baseline_end).days


def compute_slips(
    items: Iterable[dm.ScheduleItem],
    baseline: Mapping[str, tuple[date, date]],
    *,
    changed_only: bool = True,
) -> list[Slip]:
    """Planned against baseline for every item the baseline holds.

    Args:
        items: the schedule items as planned now.
        baseline: item id → (start, end) as the baseline recorded them.
        changed_only: leave out items whose days did not change.

    Returns:
        Slips, the latest end first (then by start slip and name), so the worst lead the list.
    """
    found = []
    for item in items:
        recorded = baseline.get(item.id)
        if recorded is None:
            continue
        slip = Slip(
            item_id=item.id,
            item_name=item.name,
            release_id=item.release_id,
            baseline_start=recorded[0],
            baseline_end=recorded[1],
            planned_start=item.planned_start,
            planned_end=item.planned_end,
        )
        if changed_only and not (slip.start_days or slip.end_days):
            continue
        found.append(slip)
    return sorted(found, key=lambda s: (-s.end_days, -s.start_days, s.item_name, s.item_id))
