"""Release and package commands: readable texts, validation, undo, journal."""

from __future__ import annotations

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import PackageStatus, ReleaseStatus, ScheduleKind
from releaseplanner.domain.errors import ValidationError
from releaseplanner.services import releases as rs
from releaseplanner.services.journal import list_journal
from releaseplanner.storage.store import Store


def fetch(workspace, record_type, **where):
    with workspace.session_factory() as session:
        return Store(session).all(record_type, **where)


@pytest.fixture
def pay(workspace):
    command = rs.new_release(
        workspace,
        key="PAY-4.2",
        name="Payments 4.2",
        type_key="minor",
        planned_start=date(2026, 10, 1),
        planned_go_live=date(2026, 12, 1),
    )
    command.redo()
    return command.records[0]


@pytest.fixture
def api(workspace, pay):
    command = rs.new_package(workspace, pay.id, "Payments API")
    command.redo()
    return command.records[0]


def test_texts_read_like_a_release_manager_speaks(workspace, pay, api):
    assert rs.edit_package(workspace, api.id, {"name": "Payments API v2"}).text == (
        "Rename package 'Payments API' to 'Payments API v2'"
    )
    assert rs.edit_release(workspace, pay.id, {"status": ReleaseStatus.IN_BUILD}).text == (
        "Set status of release 'PAY-4.2' to In build"
    )
    assert rs.edit_release(workspace, pay.id, {"planned_go_live": date(2026, 12, 3)}).text == (
        "Change planned go-live of release 'PAY-4.2' to 2026-12-03"
    )
    assert rs.new_package(workspace, pay.id, "Ledger").text == "New package 'Ledger' in PAY-4.2"


def test_go_live_before_start_is_refused_before_anything_runs(workspace, pay):
    with pytest.raises(ValidationError, match="planned_go_live: 2026-09-01 is before"):
        rs.edit_release(workspace, pay.id, {"planned_go_live": date(2026, 9, 1)})


def test_duplicate_and_unknown_type_are_refused(workspace, pay):
    with pytest.raises(ValidationError, match="key: a release with key 'pay-4.2' already exists"):
        rs.new_release(workspace, key="pay-4.2", name="Again", type_key="minor")
    with pytest.raises(ValidationError, match="type: unknown release type 'huge'"):
        rs.new_release(workspace, key="PAY-9", name="Huge", type_key="huge")
    rename = rs.edit_release(workspace, pay.id, {"key": "PAY-4.2"})  # its own key is fine
    assert rename.changes == {"key": "PAY-4.2"}


def test_lifecycle_is_enforced_when_the_edit_runs(workspace, pay):
    with pytest.raises(ValidationError, match="cannot go from planned to closed"):
        rs.edit_release(workspace, pay.id, {"status": ReleaseStatus.CLOSED}).redo()
    rs.cancel_release(workspace, pay.id).redo()
    assert fetch(workspace, dm.Release, id=pay.id)[0].status is ReleaseStatus.CANCELLED


def test_bulk_status_is_one_step_with_a_count_in_its_text(workspace, pay):
    other = rs.new_release(workspace, key="ID-2", name="Identity 2", type_key="major")
    other.redo()
    command = rs.set_release_status(
        workspace, [pay.id, other.records[0].id], ReleaseStatus.IN_BUILD
    )
    assert command.text == "Set status of 2 releases to In build"
    command.redo()
    assert {r.status for r in fetch(workspace, dm.Release)} == {ReleaseStatus.IN_BUILD}
    command.undo()
    assert {r.status for r in fetch(workspace, dm.Release)} == {ReleaseStatus.PLANNED}


def test_move_package_takes_its_schedule_and_risks_along(workspace, pay, api):
    target = rs.new_release(workspace, key="PAY-4.3", name="Payments 4.3", type_key="minor")
    target.redo()
    target_id = target.records[0].id
    with workspace.session_factory.begin() as session:
        Store(session).add(
            dm.ScheduleItem(
                id="sch-1",
                release_id=pay.id,
                package_id=api.id,
                name="Build API",
                kind=ScheduleKind.BUILD,
                planned_start=date(2026, 10, 1),
                planned_end=date(2026, 10, 3),
            )
        )
    command = rs.move_package(workspace, api.id, target_id)
    assert command.text == "Move package 'Payments API' to PAY-4.3"
    command.redo()
    assert fetch(workspace, dm.ReleasePackage, id=api.id)[0].release_id == target_id
    assert fetch(workspace, dm.ScheduleItem, id="sch-1")[0].release_id == target_id
    command.undo()
    assert fetch(workspace, dm.ScheduleItem, id="sch-1")[0].release_id == pay.id
    with pytest.raises(ValidationError, match="already in PAY-4.2"):
        rs.move_package(workspace, api.id, pay.id)


def test_duplicate_release_as_a_template(workspace, pay, api):
    component = dm.Component(id="cmp-1", ci_id="CI-1", name="Gateway")
    with workspace.session_factory.begin() as session:
        Store(session).add_all(
            [
                component,
                dm.PackageComponent(
                    id="pcm-1",
                    package_id=api.id,
                    component_id="cmp-1",
                    from_version="1.0",
                    to_version="1.1",
                ),
                dm.ScheduleItem(
                    id="sch-a",
                    release_id=pay.id,
                    package_id=api.id,
                    name="Build",
                    kind=ScheduleKind.BUILD,
                    planned_start=date(2026, 10, 1),
                    planned_end=date(2026, 10, 3),
                ),
                dm.ScheduleItem(
                    id="sch-b",
                    release_id=pay.id,
                    name="Go-live",
                    kind=ScheduleKind.MILESTONE,
                    planned_start=date(2026, 12, 1),
                    planned_end=date(2026, 12, 1),
                ),
                dm.Dependency(id="dep-1", predecessor_id="sch-a", successor_id="sch-b"),
            ]
        )
    command = rs.duplicate_release(
        workspace, pay.id, key="PAY-4.3", name="Payments 4.3", shift_days=28
    )
    command.redo()
    (copy,) = [r for r in fetch(workspace, dm.Release) if r.key == "PAY-4.3"]
    assert (copy.planned_start, copy.planned_go_live) == (date(2026, 10, 29), date(2026, 12, 29))
    (package,) = fetch(workspace, dm.ReleasePackage, release_id=copy.id)
    assert (package.name, package.status) == ("Payments API", PackageStatus.DRAFT)
    (link,) = fetch(workspace, dm.PackageComponent, package_id=package.id)
    assert (link.from_version, link.to_version) == ("1.1", "")
    items = {i.name: i for i in fetch(workspace, dm.ScheduleItem, release_id=copy.id)}
    assert items["Build"].planned_start == date(2026, 10, 29)
    assert items["Build"].package_id == package.id
    (dependency,) = fetch(workspace, dm.Dependency, successor_id=items["Go-live"].id)
    assert dependency.predecessor_id == items["Build"].id
    command.undo()
    assert [r.key for r in fetch(workspace, dm.Release)] == ["PAY-4.2"]


def test_every_command_is_journalled_with_its_text(workspace, pay, api):
    rs.edit_package(workspace, api.id, {"name": "Payments API v2"}).redo()
    rs.delete_package(workspace, api.id).redo()
    operations = [line.operation for line in list_journal(workspace)]
    assert operations[:2] == [
        "Delete package 'Payments API v2'",
        "Rename package 'Payments API' to 'Payments API v2'",
    ]


def test_change_items_and_components(workspace, pay, api):
    with workspace.session_factory.begin() as session:
        Store(session).add(dm.Component(id="cmp-1", ci_id="CI-1", name="Gateway"))
    rs.add_component(workspace, api.id, "cmp-1", "1.0", "1.1").redo()
    with pytest.raises(ValidationError, match="Gateway is already in Payments API"):
        rs.add_component(workspace, api.id, "cmp-1", "1.1", "1.2")
    add = rs.new_change_item(workspace, api.id, "PAY-101", "Refund by card")
    add.redo()
    item = add.records[0]
    assert rs.edit_change_item(workspace, item.id, {"title": "Refunds"}).text == (
        "Change title of change 'PAY-101' to Refunds"
    )
    with pytest.raises(ValidationError, match="ticket_ref"):
        rs.new_change_item(workspace, api.id, " ", "nothing")
