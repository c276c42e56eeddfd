"""Baselines: save the schedule as agreed, list what was saved, and measure slips against it.

Saving a baseline is an undoable command (:class:`SaveBaseline`): one transaction writes the
baseline and a copy of every schedule item's planned days, and the journal records one entry for
the baseline rather than one per item (thousands of identical lines would bury the journal).
Undo deletes the baseline, whose items go with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ScheduleStatus
from releaseplanner.domain.errors import NotFoundError, ValidationError
from releaseplanner.domain.ids import new_id
from releaseplanner.domain.timeline.slips import Slip, compute_slips
from releaseplanner.services.changes import ChangeSet
from releaseplanner.services.commands import Command, StaleEditError
from releaseplanner.services.journal import JournalWriter
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store


@dataclass(frozen=True, slots=True)
class BaselineSummary:
    id: str
    name: str
    created_at: datetime
    item_count: int


@dataclass(frozen=True, slots=True)
class SlipRow:
    """A slip as lists show it: the release named by key."""

    release_key: str
    item_name: str
    baseline_start: date
    baseline_end: date
    planned_start: date
    planned_end: date
    start_slip_days: int
    end_slip_days: int
    item_id: str


class SaveBaseline(Command):
    """Record every schedule item's planned days (cancelled items excepted) under ``name``."""

    def __init__(
        self,
        workspace: Workspace,
        name: str,
        *,
        now: datetime | None = None,
        source: str = "app",
    ) -> None:
        super().__init__(workspace, f"Save baseline '{name.strip()}'", source=source)
        self.name = name.strip()
        self.now = now
        self.baseline: dm.Baseline | None = None

    def _redo(self, store: Store, journal: JournalWriter) -> None:
        if not self.name:
            raise ValidationError("name: a baseline needs a name")
        if any(b.name == self.name for b in store.all(dm.Baseline)):
            raise ValidationError(f"name: a baseline named '{self.name}' exists already")
        # Redo after undo writes the same ids, so anything that remembered them still finds them.
        if self.baseline is None:
            created = self.now or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
            self.baseline = dm.Baseline(id=new_id("baseline"), name=self.name, created_at=created)
        records = [
            dm.BaselineItem(
                id=new_id("baseline_item"),
                baseline_id=self.baseline.id,
                schedule_item_id=item.id,
                planned_start=item.planned_start,
                planned_end=item.planned_end,
            )
            for item in store.all(dm.ScheduleItem)
            if item.status is not ScheduleStatus.CANCELLED
        ]
        store.add_all([self.baseline, *records])
        journal.created(self.baseline)

    def _undo(self, store: Store, journal: JournalWriter) -> None:
        assert self.baseline is not None, "undo before redo"
        if not store.all(dm.Baseline, id=self.baseline.id):
            raise StaleEditError(f"cannot undo '{self.text}': the baseline was deleted since")
        journal.deleted(self.baseline)
        store.delete(dm.Baseline, self.baseline.id)


def save_baseline(
    workspace: Workspace, name: str, *, now: datetime | None = None, source: str = "app"
) -> tuple[dm.Baseline, ChangeSet]:
    """Save a baseline of the whole schedule without an undo stack (the CLI, scripts).

    Raises:
        ValidationError: the name is empty or taken.
    """
    command = SaveBaseline(workspace, name, now=now, source=source)
    changes = command.redo()
    assert command.baseline is not None
    return command.baseline, changes


def list_baselines(workspace: Workspace) -> list[BaselineSummary]:
    """Every baseline, newest first, with how many items it recorded."""
    with workspace.session_factory() as session:
        store = Store(session)
        counts = store.counts_by(dm.BaselineItem, "baseline_id")
        baselines = store.all(dm.Baseline)
    return [
        BaselineSummary(b.id, b.name, b.created_at, counts.get(b.id, 0))
        for b in sorted(baselines, key=lambda b: (b.created_at, b.name), reverse=True)
    ]


def baseline_dates(workspace: Workspace, baseline_id: str) -> dict[str, tuple[date, date]]:
    """Schedule item id → (start, end) as the baseline recorded them.

    Raises:
        NotFoundError: no baseline has that id.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        store.get(dm.Baseline, baseline_id)
        rows = store.all(dm.BaselineItem, baseline_id=baseline_id)
    return {row.schedule_item_id: (row.planned_start, row.planned_end) for row in rows}


def find_baseline(workspace: Workspace, name_or_id: str) -> BaselineSummary:
    """The baseline with this id or name (case-insensitive).

    Raises:
        NotFoundError: naming the baselines there are.
    """
    baselines = list_baselines(workspace)
    wanted = name_or_id.strip().lower()
    for baseline in baselines:
        if baseline.id == name_or_id or baseline.name.lower() == wanted:
            return baseline
    known = ", ".join(f"'{b.name}'" for b in baselines) or "none"
    raise NotFoundError(f"baseline: no baseline '{name_or_id}' (baselines: {known})")


def slips(workspace: Workspace, baseline_id: str, *, changed_only: bool = True) -> list[SlipRow]:
    """Planned against baseline for each item the baseline recorded, the latest end first.

    Raises:
        NotFoundError: no baseline has that id.
    """
    recorded = baseline_dates(workspace, baseline_id)
    with workspace.session_factory() as session:
        store = Store(session)
        items = store.all(dm.ScheduleItem)
        keys = store.names(dm.Release, "key")
    return [
        _row(slip, keys.get(slip.release_id, slip.release_id))
        for slip in compute_slips(items, recorded, changed_only=changed_only)
    ]


def _row(slip: Slip, release_key: str) -> SlipRow:
    return SlipRow(
        release_key=release_key,
        item_name=slip.item_name,
        baseline_start=slip.baseline_start,
        baseline_end=slip.baseline_end,
        planned_start=slip.planned_start,
        planned_end=slip.planned_end,
        start_slip_days=slip.start_days,
        end_slip_days=slip.end_days,
        item_id=slip.item_id,
    )
