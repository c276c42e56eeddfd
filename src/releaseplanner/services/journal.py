"""Writing the append-only activity journal alongside every change, in the same transaction."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import JournalAction
from releaseplanner.domain.errors import ValidationError
from releaseplanner.services.changes import ChangeSet
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

#: Journal and ChangeSet name entities by these words, not by Python class names.
ENTITY_NAMES: dict[type, str] = {
    dm.Team: "team",
    dm.Person: "person",
    dm.ReleaseType: "release_type",
    dm.PolicyRule: "policy_rule",
    dm.Environment: "environment",
    dm.Release: "release",
    dm.ReleasePackage: "package",
    dm.Component: "component",
    dm.PackageComponent: "package_component",
    dm.ChangeItem: "change_item",
    dm.ScheduleItem: "schedule_item",
    dm.Dependency: "dependency",
    dm.FreezeWindow: "freeze_window",
    dm.Risk: "risk",
    dm.RiskSnapshot: "risk_snapshot",
    dm.BuildRun: "build_run",
    dm.TestRun: "test_run",
    dm.Approval: "approval",
    dm.Deployment: "deployment",
    dm.Incident: "incident",
    dm.ElsCriterion: "els_criterion",
    dm.Review: "review",
    dm.ReviewAction: "review_action",
    dm.Baseline: "baseline",
    dm.BaselineItem: "baseline_item",
}


def current_actor() -> str:
    """The OS user name: who is recorded as having made a change."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers): still record something
        return "unknown"


def render_value(value: Any) -> str:
    """A field value as the journal shows it: ISO dates, enum values, '' for None."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


class JournalWriter:
    """Collects journal entries and the ChangeSet for one operation, then stores the entries."""

    def __init__(
        self, store: Store, operation: str, *, source: str = "app", actor: str | None = None
    ):
        self.store = store
        self.operation = operation
        self.source = source
        self.actor = actor or current_actor()
        self.at = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC everywhere
        self.changes = ChangeSet(operation)
        self._entries: list[dm.JournalEntry] = []
        self._package_releases: dict[str, str | None] = {}

    def _entry(self, action: JournalAction, record: Any, **extra: str) -> dm.JournalEntry:
        return dm.JournalEntry(
            id=None,
            at=self.at,
            actor=self.actor,
            action=action,
            entity=ENTITY_NAMES[type(record)],
            entity_id=record.id,
            operation=self.operation,
            release_id=self._release_id(record),
            source=self.source,
            **extra,
        )

    def _release_id(self, record: Any) -> str | None:
        """The release of ``record``, found through its package for package contents (change
        items, components, runs), so filtering the journal by release shows them too."""
        release_id = release_of(record)
        package_id = getattr(record, "package_id", None)
        if release_id is not None or not package_id:
            return release_id
        if package_id not in self._package_releases:
            # Journalled while the package still exists: children are written before a delete.
            found = self.store.all(dm.ReleasePackage, id=package_id)
            self._package_releases[package_id] = found[0].release_id if found else None
        return self._package_releases[package_id]

    def created(self, record: Any) -> None:
        """Record the creation of ``record``, naming every non-empty field."""
        self._entries.append(self._entry(JournalAction.CREATE, record, new_value=summarise(record)))
        self.changes.note("create", ENTITY_NAMES[type(record)], record.id)

    def updated(self, before: Any, after: Any) -> None:
        """Record one entry per field that differs between ``before`` and ``after``."""
        for f in fields(before):
            old, new = getattr(before, f.name), getattr(after, f.name)
            if old != new:
                self._entries.append(
                    self._entry(
                        JournalAction.UPDATE,
                        after,
                        field=f.name,
                        old_value=render_value(old),
                        new_value=render_value(new),
                    )
                )
        self.changes.note("update", ENTITY_NAMES[type(after)], after.id)

    def deleted(self, record: Any) -> None:
        self._entries.append(self._entry(JournalAction.DELETE, record, old_value=summarise(record)))
        self.changes.note("delete", ENTITY_NAMES[type(record)], record.id)

    def flush(self) -> ChangeSet:
        """Store the collected entries (in the caller's transaction) and return the ChangeSet."""
        self.store.add_all(self._entries)
        self._entries.clear()
        return self.changes


def summarise(record: Any) -> str:
    """Every non-empty field of a record as ``name=value; ...``: what a create or delete held."""
    return "; ".join(
        f"{f.name}={render_value(getattr(record, f.name))}"
        for f in fields(record)
        if f.name != "id" and getattr(record, f.name) not in (None, "")
    )


def release_of(record: Any) -> str | None:
    """The release a record belongs to directly, for filtering the journal by release."""
    if isinstance(record, dm.Release):
        return record.id
    return getattr(record, "release_id", None)


@dataclass(frozen=True, slots=True)
class JournalLine:
    """A journal entry as people read it: local time, release key, readable object kind."""

    id: int
    at: datetime
    actor: str
    source: str
    operation: str
    action: JournalAction
    entity: str
    entity_id: str
    release_key: str
    field: str
    old_value: str
    new_value: str


def list_journal(
    workspace: Workspace,
    *,
    release_key: str | None = None,
    entity: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
    before_id: int | None = None,
) -> list[JournalLine]:
    """Journal lines, newest first, filtered by release key, entity kind and days (inclusive).

    ``limit`` and ``before_id`` read a long journal page by page: pass the id of the last line
    of one page to get the next (older) one.

    Raises:
        NotFoundError: ``release_key`` names no release.
        ValidationError: ``entity`` is not a kind the journal knows.
    """
    known = sorted(set(ENTITY_NAMES.values()))
    if entity is not None and entity not in known:
        raise ValidationError(f"--object: '{entity}' is not one of {', '.join(known)}")
    with workspace.session_factory() as session:
        store = Store(session)
        release_id = store.release_by_key(release_key).id if release_key else None
        keys = store.names(dm.Release, "key")
        entries = store.journal(
            release_id,
            limit,
            entity=entity,
            since=_utc_start_of(since) if since else None,
            until=_utc_start_of(until + timedelta(days=1)) if until else None,
            before_id=before_id,
        )
    return [
        JournalLine(
            id=e.id or 0,
            at=e.at.replace(tzinfo=UTC).astimezone(),
            actor=e.actor,
            source=e.source,
            operation=e.operation,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            release_key=keys.get(e.release_id or "", ""),
            field=e.field,
            old_value=e.old_value,
            new_value=e.new_value,
        )
        for e in entries
    ]


def _utc_start_of(day: date) -> datetime:
    """Midnight of ``day`` in local time, as the naive UTC the journal stores."""
    local_midnight = datetime(day.year, day.month, day.day).astimezone()
    return local_midnight.astimezone(UTC).replace(tzinfo=None)
