"""Portfolio lookups the editing forms and the filter use: choices, records, ticket refs, impact."""

from __future__ import annotations

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ScheduleKind
from releaseplanner.domain.errors import NotFoundError
from releaseplanner.services.portfolio import (
    create_release,
    deletion_impact,
    edit_choices,
    get_package,
    get_release,
    ticket_refs_by_package,
)
from releaseplanner.storage.store import Store


@pytest.fixture
def pay(workspace):
    release, _ = create_release(
        workspace,
        key="PAY-4.2",
        name="Payments",
        type_key="minor",
        planned_start=date(2026, 10, 1),
        planned_go_live=date(2026, 12, 1),
    )
    with workspace.session_factory.begin() as session:
        Store(session).add_all(
            [
                dm.Team(id="team-b", name="billing"),
                dm.Team(id="team-a", name="Accounts"),
                dm.Person(id="person-z", name="Zoë"),
                dm.ReleasePackage(id="pkg-api", release_id=release.id, name="API"),
                dm.ReleasePackage(id="pkg-ui", release_id=release.id, name="UI"),
                dm.ChangeItem(id="chg-2", package_id="pkg-api", ticket_ref="PAY-7", title="b"),
                dm.ChangeItem(id="chg-1", package_id="pkg-api", ticket_ref="PAY-3", title="a"),
                dm.ScheduleItem(
                    id="item-1",
                    release_id=release.id,
                    package_id="pkg-api",
                    name="Build",
                    kind=ScheduleKind.BUILD,
                    planned_start=date(2026, 10, 1),
                    planned_end=date(2026, 10, 5),
                ),
                dm.ScheduleItem(
                    id="item-2",
                    release_id=release.id,
                    name="Go-live",
                    kind=ScheduleKind.MILESTONE,
                    planned_start=date(2026, 12, 1),
                    planned_end=date(2026, 12, 1),
                ),
            ]
        )
    return release


def test_edit_choices_list_types_by_lead_time_and_names_alphabetically(workspace, pay):
    choices = edit_choices(workspace)

    assert [t.key for t in choices.release_types] == ["major", "minor", "patch", "emergency"]
    assert choices.release_types[0].name == "Major"
    assert [t.name for t in choices.teams] == ["Accounts", "billing"]
    assert [(p.id, p.name) for p in choices.people] == [("person-z", "Zoë")]
    assert choices.release_keys == {pay.id: "PAY-4.2"}


def test_records_are_read_by_id_and_a_missing_one_is_named(workspace, pay):
    assert get_release(workspace, pay.id).key == "PAY-4.2"
    assert get_package(workspace, "pkg-ui").name == "UI"
    with pytest.raises(NotFoundError, match="no ReleasePackage with id 'gone'"):
        get_package(workspace, "gone")


def test_ticket_refs_are_grouped_by_package_and_sorted(workspace, pay):
    assert ticket_refs_by_package(workspace) == {"pkg-api": ("PAY-3", "PAY-7")}


def test_deletion_impact_counts_what_the_delete_cascades_to(workspace, pay):
    assert deletion_impact(workspace, dm.Release, pay.id) == {
        "package": 2,
        "change_item": 2,
        "schedule_item": 2,
    }
    assert deletion_impact(workspace, dm.ReleasePackage, "pkg-ui") == {}
    with pytest.raises(NotFoundError):
        deletion_impact(workspace, dm.Release, "gone")
