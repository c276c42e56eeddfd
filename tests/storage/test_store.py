"""Store: domain records in and out of a real SQLite file, and the append-only journal."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import JournalAction, PackageStatus, ReleaseStatus
from releaseplanner.domain.errors import NotFoundError, ValidationError
from releaseplanner.storage.store import Store


def _release_type_id(workspace) -> str:
    with workspace.session_factory() as session:
        return next(t.id for t in Store(session).all(dm.ReleaseType) if t.key == "minor")


def _add_release(workspace, key="PAY-4.2"):
    release = dm.Release(
        id=f"rel-{key.lower()}",
        key=key,
        name=f"Payments {key}",
        release_type_id=_release_type_id(workspace),
        status=ReleaseStatus.IN_BUILD,
        planned_start=date(2026, 10, 1),
        planned_go_live=date(2026, 12, 1),
    )
    package = dm.ReleasePackage(id=f"pkg-{key.lower()}", release_id=release.id, name="API")
    with workspace.session_factory.begin() as session:
        Store(session).add_all([package, release])  # children first: the store reorders
    return release, package


def test_records_round_trip_with_types_intact(workspace):
    release, package = _add_release(workspace)
    with workspace.session_factory() as session:
        store = Store(session)
        assert store.get(dm.Release, release.id) == release
        assert store.get(dm.ReleasePackage, package.id).status is PackageStatus.DRAFT
        assert store.release_by_key("pay-4.2") == release


def test_update_changes_fields_and_bumps_the_row_version(workspace):
    release, _ = _add_release(workspace)
    with workspace.session_factory.begin() as session:
        Store(session).update(dm.Release, release.id, {"status": ReleaseStatus.IN_TEST})
    with workspace.engine.connect() as connection:
        row = connection.execute(text("SELECT status, row_version FROM releases")).one()
    assert tuple(row) == ("in_test", 2)


def test_unknown_ids_and_keys_are_named(workspace):
    with workspace.session_factory.begin() as session:
        store = Store(session)
        with pytest.raises(NotFoundError, match="rel-missing"):
            store.update(dm.Release, "rel-missing", {"name": "x"})
        with pytest.raises(NotFoundError, match="--release: no release with key 'NOPE'"):
            store.release_by_key("NOPE")


def test_deleting_a_release_cascades_to_its_packages(workspace):
    release, package = _add_release(workspace)
    with workspace.session_factory.begin() as session:
        Store(session).delete(dm.Release, release.id)
    with workspace.session_factory() as session:
        assert Store(session).all(dm.ReleasePackage) == []


def test_a_failed_operation_writes_nothing(workspace):
    release, _ = _add_release(workspace)
    duplicate_key = dm.Release(
        id="rel-other", key=release.key, name="Clash", release_type_id=release.release_type_id
    )
    with (
        pytest.raises(ValidationError, match="Release: UNIQUE constraint failed: releases.key"),
        workspace.session_factory.begin() as session,
    ):
        store = Store(session)
        store.add(dm.Team(id="team-new", name="Should vanish"))
        store.add(duplicate_key)
    with workspace.session_factory() as session:
        assert [t.name for t in Store(session).all(dm.Team)] == []


def test_foreign_keys_are_enforced(workspace):
    orphan = dm.ReleasePackage(id="pkg-orphan", release_id="rel-nowhere", name="Orphan")
    with (
        pytest.raises(ValidationError, match="FOREIGN KEY constraint failed"),
        workspace.session_factory.begin() as session,
    ):
        Store(session).add(orphan)


def test_the_journal_is_append_only_in_the_database(workspace):
    entry = dm.JournalEntry(
        id=None,
        at=datetime(2026, 11, 26, 9, 0),
        actor="ana",
        action=JournalAction.CREATE,
        entity="release",
        entity_id="rel-1",
        operation="Create release",
    )
    with workspace.session_factory.begin() as session:
        Store(session).add(entry)
    for statement in ("UPDATE journal SET actor = 'mallory'", "DELETE FROM journal"):
        with pytest.raises(DBAPIError, match="append-only"), workspace.engine.begin() as c:
            c.execute(text(statement))
    with workspace.session_factory() as session:
        (stored,) = Store(session).journal()
    assert stored.actor == "ana" and stored.id is not None


def test_counts_and_lookups(workspace):
    _add_release(workspace, "PAY-4.2")
    _add_release(workspace, "ID-2.0")
    with workspace.session_factory() as session:
        store = Store(session)
        assert store.count(dm.Release) == 2
        assert sorted(store.names(dm.Release, "key").values()) == ["ID-2.0", "PAY-4.2"]
        assert sum(store.counts_by(dm.ReleasePackage, "release_id").values()) == 2
        environments = sorted(store.all(dm.Environment), key=lambda e: e.sort_order)
        assert [e.name for e in environments] == ["Dev", "Test", "Staging", "Production"]
        assert [e.is_production for e in environments] == [False, False, False, True]
