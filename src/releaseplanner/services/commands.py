"""Undoable edits, free of Qt: each command's redo() and undo() is one journalled transaction.

The UI wraps these in QUndoCommands on one QUndoStack; the CLI and imports run them without any
stack. Undo never trusts memory blindly: it first checks that the record still holds what this
command wrote, so undoing after a colleague's change to the same field (in a shared workspace, or
from the CLI) fails with a message instead of silently overwriting their work.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import UserError
from releaseplanner.domain.lifecycle import check_status_change
from releaseplanner.domain.rules import validate_release, validate_risk, validate_schedule_item
from releaseplanner.services.changes import ChangeSet
from releaseplanner.services.journal import JournalWriter, render_value
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store, Subtree, capture_subtree, restore_subtree

Step = Callable[[Store, JournalWriter], None]

#: Rules checked before any edit of a record type is written.
VALIDATORS: dict[type, Callable[[Any], None]] = {
    dm.Release: validate_release,
    dm.ScheduleItem: validate_schedule_item,
    dm.Risk: validate_risk,
}


class StaleEditError(UserError):
    """The record changed since this command ran, so undoing or redoing it would lose work."""


def run_steps(
    workspace: Workspace, operation: str, steps: Sequence[Step], source: str
) -> ChangeSet:
    """Run ``steps`` in one transaction with one journal writer; return what changed."""
    with workspace.session_factory.begin() as session:
        store = Store(session)
        journal = JournalWriter(store, operation, source=source)
        for step in steps:
            step(store, journal)
        return journal.flush()


class Command:
    """Base of undoable commands: subclasses implement ``_redo`` and ``_undo`` as steps."""

    def __init__(self, workspace: Workspace, text: str, *, source: str = "app") -> None:
        self.workspace = workspace
        self.text = text
        self.source = source

    def redo(self) -> ChangeSet:
        return run_steps(self.workspace, self.text, [self._redo], self.source)

    def undo(self) -> ChangeSet:
        return run_steps(self.workspace, f"Undo: {self.text}", [self._undo], self.source)

    def _redo(self, store: Store, journal: JournalWriter) -> None:
        raise NotImplementedError

    def _undo(self, store: Store, journal: JournalWriter) -> None:
        raise NotImplementedError

    def merge_with(self, other: Command) -> bool:
        """Absorb ``other`` (a later command) into this one; True when merged (drags)."""
        return False


class EditRecord(Command):
    """Set some fields of one record. Edits with the same ``merge_key`` on the same record merge,
    so a drag that moves a bar through many positions is one undo step."""

    def __init__(
        self,
        workspace: Workspace,
        record_type: type,
        record_id: str,
        changes: dict[str, Any],
        text: str,
        *,
        merge_key: str | None = None,
        source: str = "app",
    ) -> None:
        super().__init__(workspace, text, source=source)
        self.record_type = record_type
        self.record_id = record_id
        self.changes = dict(changes)
        self.merge_key = merge_key
        self.before: dict[str, Any] | None = None

    def _redo(self, store: Store, journal: JournalWriter) -> None:
        current = store.get(self.record_type, self.record_id)
        if self.before is None:
            self.before = {name: getattr(current, name) for name in self.changes}
        else:
            _expect(current, self.before, self.text, "redo")
        _write(store, journal, current, self.changes)

    def _undo(self, store: Store, journal: JournalWriter) -> None:
        current = store.get(self.record_type, self.record_id)
        _expect(current, self.changes, self.text, "undo")
        assert self.before is not None, "undo before redo"
        _write(store, journal, current, self.before)

    def merge_with(self, other: Command) -> bool:
        if (
            self.merge_key is None
            or not isinstance(other, EditRecord)
            or (other.merge_key, other.record_type, other.record_id)
            != (self.merge_key, self.record_type, self.record_id)
        ):
            return False
        # Keep our 'before' (the state ahead of the whole drag) and take the latest values.
        for name, value in other.changes.items():
            if name not in self.changes and other.before is not None:
                assert self.before is not None
                self.before[name] = other.before[name]
            self.changes[name] = value
        self.text = other.text
        return True


class CreateRecords(Command):
    """Insert new records (a release with its packages, a risk...); undo deletes them."""

    def __init__(
        self, workspace: Workspace, records: Sequence[Any], text: str, *, source: str = "app"
    ):
        super().__init__(workspace, text, source=source)
        self.records = list(records)

    def _redo(self, store: Store, journal: JournalWriter) -> None:
        for record in self.records:
            validator = VALIDATORS.get(type(record))
            if validator is not None:
                validator(record)
        store.add_all(self.records)
        for record in self.records:
            journal.created(record)

    def _undo(self, store: Store, journal: JournalWriter) -> None:
        # Children first, so a parent's cascade never removes a row we still want to journal.
        for record in reversed(self.records):
            if store.all(type(record), id=record.id):
                journal.deleted(record)
                store.delete(type(record), record.id)


class DeleteRecord(Command):
    """Delete a record and everything that cascades from it; undo restores all of it with the
    same ids (and re-links rows the delete had unlinked, such as incidents of a release)."""

    def __init__(
        self,
        workspace: Workspace,
        record_type: type,
        record_id: str,
        text: str,
        *,
        source: str = "app",
    ):
        super().__init__(workspace, text, source=source)
        self.record_type = record_type
        self.record_id = record_id
        self.subtree: Subtree | None = None

    def _redo(self, store: Store, journal: JournalWriter) -> None:
        self.subtree = capture_subtree(store, self.record_type, self.record_id)
        for record in reversed(self.subtree.records):
            journal.deleted(record)
        store.delete(self.record_type, self.record_id)

    def _undo(self, store: Store, journal: JournalWriter) -> None:
        assert self.subtree is not None, "undo before redo"
        if store.all(self.record_type, id=self.record_id):
            raise StaleEditError(f"cannot undo '{self.text}': the record exists again")
        restore_subtree(store, self.subtree)
        for record in self.subtree.records:
            journal.created(record)


class BulkCommand(Command):
    """Several commands as one undo step and one transaction (bulk status change, imports)."""

    def __init__(
        self, workspace: Workspace, commands: Sequence[Command], text: str, *, source: str = "app"
    ):
        super().__init__(workspace, text, source=source)
        self.commands = list(commands)

    def _redo(self, store: Store, journal: JournalWriter) -> None:
        for command in self.commands:
            command._redo(store, journal)

    def _undo(self, store: Store, journal: JournalWriter) -> None:
        for command in reversed(self.commands):
            command._undo(store, journal)


def _check_release_transition(before: dm.Release, after: dm.Release) -> None:
    check_status_change(before.key, before.status, after.status)


#: Rules about how a record may change (not just what it may hold), checked on every edit.
TRANSITIONS: dict[type, Callable[[Any, Any], None]] = {dm.Release: _check_release_transition}


def _write(store: Store, journal: JournalWriter, current: Any, values: dict[str, Any]) -> None:
    updated = dataclasses.replace(current, **values)
    validator = VALIDATORS.get(type(current))
    if validator is not None:
        validator(updated)
    transition = TRANSITIONS.get(type(current))
    if transition is not None:
        transition(current, updated)
    store.update(type(current), current.id, values)
    journal.updated(current, updated)


def _expect(current: Any, expected: dict[str, Any], text: str, verb: str) -> None:
    for name, value in expected.items():
        now = getattr(current, name)
        if now != value:
            raise StaleEditError(
                f"cannot {verb} '{text}': {name} is now '{render_value(now)}', changed since "
                f"(expected '{render_value(value)}')"
            )
