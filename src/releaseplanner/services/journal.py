"""Writing the append-only activity journal alongside every change, in the same transaction."""

from __future__ import annotations

import getpass
from dataclasses import fields
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import JournalAction
from releaseplanner.services.changes import ChangeSet
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

    def _entry(self, action: JournalAction, record: Any, **extra: str) -> dm.JournalEntry:
        return dm.JournalEntry(
            id=None,
            at=self.at,
            actor=self.actor,
            action=action,
            entity=ENTITY_NAMES[type(record)],
            entity_id=record.id,
            operation=self.operation,
            release_id=release_of(record),
            source=self.source,
            **extra,
        )

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
