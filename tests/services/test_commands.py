"""Undoable commands: every command's redo and undo, journalled, atomic, with the same ids."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    ChangeKind,
    IncidentSeverity,
    JournalAction,
    ReleaseStatus,
    ScheduleKind,
)
from releaseplanner.domain.errors import ValidationError
from releaseplanner.services.commands import (
    BulkCommand,
    CreateRecords,
    DeleteRecord,
    EditRecord,
    StaleEditError,
)
from releaseplanner.services.portfolio import create_release
from releaseplanner.storage.store import Store


@pytest.fixture
def release(workspace):
    created, _ = create_release(
        workspace,
        key="PAY-4.2",
        name="Payments API",
        type_key="minor",
        planned_start=date(2026, 10, 1),
        planned_go_live=date(2026, 12, 1),
    )
    return created


def fetch(workspace, record_type, record_id):
    with workspace.session_factory() as session:
        found = Store(session).all(record_type, id=record_id)
    return found[0] if found else None


def journal(workspace):
    with workspace.session_factory() as session:
        return list(reversed(Store(session).journal()))


def test_edit_redo_undo_redo_with_journal(workspace, release):
    command = EditRecord(
        workspace,
        dm.Release,
        release.id,
        {"name": "Payments API v2"},
        "Rename release 'Payments API' to 'Payments API v2'",
    )
    changes = command.redo()
    assert changes.updated == {"release": {release.id}}
    assert fetch(workspace, dm.Release, release.id).name == "Payments API v2"
    command.undo()
    assert fetch(workspace, dm.Release, release.id).name == "Payments API"
    command.redo()
    assert fetch(workspace, dm.Release, release.id).name == "Payments API v2"
    updates = [e for e in journal(workspace) if e.action is JournalAction.UPDATE]
    assert [(e.field, e.old_value, e.new_value) for e in updates] == [
        ("name", "Payments API", "Payments API v2"),
        ("name", "Payments API v2", "Payments API"),
        ("name", "Payments API", "Payments API v2"),
    ]
    assert updates[1].operation.startswith("Undo: Rename release")


def test_an_invalid_edit_writes_nothing(workspace, release):
    command = EditRecord(
        workspace, dm.Release, release.id, {"planned_go_live": date(2026, 9, 1)}, "Move go-live"
    )
    with pytest.raises(ValidationError, match="planned_go_live"):
        command.redo()
    assert fetch(workspace, dm.Release, release.id).planned_go_live == date(2026, 12, 1)
    assert [e.action for e in journal(workspace)] == [JournalAction.CREATE]


def test_undo_refuses_to_overwrite_a_later_change(workspace, release):
    mine = EditRecord(
        workspace, dm.Release, release.id, {"status": ReleaseStatus.IN_BUILD}, "Start build"
    )
    mine.redo()
    EditRecord(
        workspace,
        dm.Release,
        release.id,
        {"status": ReleaseStatus.IN_TEST},
        "Start test",
        source="cli",
    ).redo()
    with pytest.raises(StaleEditError, match="status is now 'in_test'"):
        mine.undo()
    assert fetch(workspace, dm.Release, release.id).status is ReleaseStatus.IN_TEST


def test_drag_edits_merge_into_one_step(workspace, release):
    first = EditRecord(
        workspace,
        dm.Release,
        release.id,
        {"planned_go_live": date(2026, 12, 2)},
        "Move go-live",
        merge_key="drag",
    )
    first.redo()
    second = EditRecord(
        workspace,
        dm.Release,
        release.id,
        {"planned_go_live": date(2026, 12, 5)},
        "Move go-live",
        merge_key="drag",
    )
    second.redo()
    assert first.merge_with(second)
    first.undo()
    assert fetch(workspace, dm.Release, release.id).planned_go_live == date(2026, 12, 1)
    other = EditRecord(workspace, dm.Release, release.id, {"name": "x"}, "Rename")
    assert not first.merge_with(other)


def test_create_and_undo(workspace, release):
    package = dm.ReleasePackage(id="pkg-new", release_id=release.id, name="Ledger")
    command = CreateRecords(workspace, [package], "New package 'Ledger'")
    assert command.redo().created == {"package": {"pkg-new"}}
    command.undo()
    assert fetch(workspace, dm.ReleasePackage, "pkg-new") is None
    assert journal(workspace)[-1].action is JournalAction.DELETE


def test_undo_of_a_delete_restores_children_and_links_with_the_same_ids(workspace, release):
    with workspace.session_factory.begin() as session:
        Store(session).add_all(
            [
                dm.ReleasePackage(id="pkg-1", release_id=release.id, name="API"),
                dm.ChangeItem(
                    id="chg-1",
                    package_id="pkg-1",
                    ticket_ref="PAY-1",
                    title="Refunds",
                    kind=ChangeKind.FIX,
                ),
                dm.ScheduleItem(
                    id="sch-1",
                    release_id=release.id,
                    package_id="pkg-1",
                    name="Build",
                    kind=ScheduleKind.BUILD,
                    planned_start=date(2026, 10, 1),
                    planned_end=date(2026, 10, 5),
                ),
                dm.ScheduleItem(
                    id="sch-2",
                    release_id=release.id,
                    name="Test",
                    kind=ScheduleKind.TEST,
                    planned_start=date(2026, 10, 6),
                    planned_end=date(2026, 10, 9),
                ),
                dm.Dependency(id="dep-1", predecessor_id="sch-1", successor_id="sch-2"),
                dm.Incident(
                    id="inc-1",
                    title="Login slow",
                    severity=IncidentSeverity.SEV3,
                    opened_at=datetime(2026, 12, 2, 9),
                    release_id=release.id,
                ),
            ]
        )
    command = DeleteRecord(workspace, dm.Release, release.id, "Delete release 'PAY-4.2'")
    changes = command.redo()
    assert changes.deleted["release"] == {release.id}
    assert changes.deleted["change_item"] == {"chg-1"}
    assert fetch(workspace, dm.ChangeItem, "chg-1") is None
    assert fetch(workspace, dm.Incident, "inc-1").release_id is None
    command.undo()
    assert fetch(workspace, dm.Release, release.id) == release
    assert fetch(workspace, dm.ChangeItem, "chg-1").title == "Refunds"
    assert fetch(workspace, dm.Dependency, "dep-1").successor_id == "sch-2"
    assert fetch(workspace, dm.Incident, "inc-1").release_id == release.id
    command.redo()
    assert fetch(workspace, dm.Release, release.id) is None


def test_bulk_is_one_transaction(workspace, release):
    second, _ = create_release(
        workspace, key="ID-2.0", name="Identity", type_key="major", planned_start=date(2026, 10, 1)
    )
    good = EditRecord(workspace, dm.Release, release.id, {"status": ReleaseStatus.IN_BUILD}, "")
    bad = EditRecord(workspace, dm.Release, second.id, {"planned_go_live": date(2026, 1, 1)}, "")
    with pytest.raises(ValidationError):
        BulkCommand(workspace, [good, bad], "Set status of 2 releases").redo()
    assert fetch(workspace, dm.Release, release.id).status is ReleaseStatus.PLANNED
    both = BulkCommand(
        workspace,
        [
            EditRecord(workspace, dm.Release, r.id, {"status": ReleaseStatus.IN_BUILD}, "")
            for r in (release, second)
        ],
        "Set status of 2 releases to In build",
    )
    both.redo()
    assert {fetch(workspace, dm.Release, r.id).status for r in (release, second)} == {
        ReleaseStatus.IN_BUILD
    }
    both.undo()
    assert {fetch(workspace, dm.Release, r.id).status for r in (release, second)} == {
        ReleaseStatus.PLANNED
    }
