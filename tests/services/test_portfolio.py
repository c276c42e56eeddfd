"""Portfolio use cases: one transaction each, journalled, plain rows out."""

from __future__ import annotations

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import JournalAction, ReleaseStatus
from releaseplanner.domain.errors import ValidationError
from releaseplanner.services.portfolio import (
    create_release,
    list_packages,
    list_releases,
    workspace_counts,
)
from releaseplanner.storage.store import Store


def test_create_release_writes_the_release_and_its_journal_entry(workspace):
    release, changes = create_release(
        workspace,
        key="PAY-4.2",
        name="Payments 4.2",
        type_key="Minor",
        planned_start=date(2026, 10, 1),
        planned_go_live=date(2026, 12, 1),
        source="cli",
    )
    assert changes.created == {"release": {release.id}}
    (row,) = list_releases(workspace)
    assert (row.key, row.type, row.status, row.package_count) == (
        "PAY-4.2",
        "minor",
        ReleaseStatus.PLANNED,
        0,
    )
    with workspace.session_factory() as session:
        (entry,) = Store(session).journal()
    assert entry.action is JournalAction.CREATE
    assert entry.release_id == release.id and entry.source == "cli"
    assert "key=PAY-4.2" in entry.new_value and "planned_go_live=2026-12-01" in entry.new_value
    assert entry.actor


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"type_key": "galactic"}, "type: unknown release type 'galactic'"),
        ({"key": "PAY 4.2"}, "key: 'PAY 4.2'"),
        ({"planned_go_live": date(2026, 9, 1)}, "planned_go_live: 2026-09-01 is before"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(workspace, changes, message):
    values = dict(key="PAY-4.2", name="Payments", type_key="minor", planned_start=date(2026, 10, 1))
    values.update(changes)
    with pytest.raises(ValidationError, match=message):
        create_release(workspace, **values)
    assert workspace_counts(workspace)["releases"] == 0
    with workspace.session_factory() as session:
        assert Store(session).journal() == []


def test_duplicate_keys_are_refused_case_insensitively(workspace):
    create_release(workspace, key="PAY-4.2", name="Payments", type_key="minor")
    with pytest.raises(ValidationError, match="key: a release with key 'pay-4.2' already exists"):
        create_release(workspace, key="pay-4.2", name="Again", type_key="minor")


def test_packages_list_with_counts_and_release_filter(workspace):
    first, _ = create_release(workspace, key="PAY-4.2", name="Payments", type_key="minor")
    second, _ = create_release(workspace, key="ID-2.0", name="Identity", type_key="major")
    with workspace.session_factory.begin() as session:
        store = Store(session)
        store.add_all(
            [
                dm.ReleasePackage(id="pkg-a", release_id=first.id, name="API"),
                dm.ReleasePackage(id="pkg-b", release_id=second.id, name="Login"),
                dm.ChangeItem(id="chg-1", package_id="pkg-a", ticket_ref="PAY-1", title="Refunds"),
            ]
        )
    assert [p.name for p in list_packages(workspace)] == ["Login", "API"]
    (api,) = list_packages(workspace, "pay-4.2")
    assert (api.release_key, api.change_count, api.component_count) == ("PAY-4.2", 1, 0)
    assert {r.key: r.package_count for r in list_releases(workspace)} == {"PAY-4.2": 1, "ID-2.0": 1}
