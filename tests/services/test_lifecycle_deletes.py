"""Deleting lifecycle records on the demo workspace: builds, test runs, deployments and
incidents, each one journalled command whose undo restores the record with the same id; deleting
a successful production deployment leaves the release status and go-live it caused alone."""

from __future__ import annotations

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import DeploymentResult, JournalAction, ReleaseStatus
from releaseplanner.domain.errors import NotFoundError
from releaseplanner.services.commands import DeleteRecord
from releaseplanner.services.lifecycle_views import (
    delete_build_run,
    delete_deployment,
    delete_incident,
    delete_test_run,
    deletion_note,
)
from releaseplanner.storage.store import Store

TODAY = date(2026, 11, 26)


@pytest.fixture
def workspace(demo_workspace):
    return demo_workspace


def fetch(workspace, record_type, record_id):
    with workspace.session_factory() as session:
        found = Store(session).all(record_type, id=record_id)
    return found[0] if found else None


def journal(workspace):
    with workspace.session_factory() as session:
        return list(reversed(Store(session).journal()))


def release(workspace, key) -> dm.Release:
    with workspace.session_factory() as session:
        return Store(session).release_by_key(key)


def production_deployment(workspace, key) -> dm.Deployment:
    with workspace.session_factory() as session:
        store = Store(session)
        found = store.all(dm.Deployment, release_id=store.release_by_key(key).id)
        return next(d for d in found if store.get(dm.Environment, d.environment_id).is_production)


def first(workspace, record_type, **where):
    with workspace.session_factory() as session:
        return sorted(Store(session).all(record_type, **where), key=lambda r: r.id)[0]


def package_name(workspace, package_id) -> str:
    with workspace.session_factory() as session:
        return Store(session).get(dm.ReleasePackage, package_id).name


def assert_deleted_and_restored(workspace, command, record_type, record, entity):
    assert isinstance(command, DeleteRecord)
    before = len(journal(workspace))
    changes = command.redo()
    assert changes.deleted[entity] == {record.id}
    assert fetch(workspace, record_type, record.id) is None
    entries = journal(workspace)[before:]
    assert [(e.action, e.entity, e.entity_id) for e in entries] == [
        (JournalAction.DELETE, entity, record.id)
    ]
    assert entries[0].operation == command.text
    command.undo()
    assert fetch(workspace, record_type, record.id) == record
    restored = journal(workspace)[-1]
    assert (restored.action, restored.entity_id) == (JournalAction.CREATE, record.id)
    command.redo()
    assert fetch(workspace, record_type, record.id) is None


def test_delete_a_build_run(workspace):
    run = first(workspace, dm.BuildRun)
    command = delete_build_run(workspace, run.id)
    assert command.text == f"Delete build {run.number} of {package_name(workspace, run.package_id)}"
    assert_deleted_and_restored(workspace, command, dm.BuildRun, run, "build_run")


def test_delete_a_test_run(workspace):
    run = first(workspace, dm.TestRun)
    command = delete_test_run(workspace, run.id)
    package = package_name(workspace, run.package_id)
    assert command.text == (
        f"Delete {run.suite.label} test run of {package} on {run.run_on.isoformat()}"
    )
    assert_deleted_and_restored(workspace, command, dm.TestRun, run, "test_run")


def test_delete_an_incident(workspace):
    incident = first(workspace, dm.Incident)
    command = delete_incident(workspace, incident.id)
    assert command.text == f"Delete incident '{incident.title}'"
    assert_deleted_and_restored(workspace, command, dm.Incident, incident, "incident")


def test_delete_a_planned_deployment_says_nothing_more(workspace):
    deployment = production_deployment(workspace, "PAY-4.1")
    assert deployment.result is DeploymentResult.PLANNED
    command = delete_deployment(workspace, deployment.id)
    assert command.text == "Delete deployment to Production on 2026-11-22"
    assert deletion_note(workspace, dm.Deployment, deployment.id) == ""
    assert_deleted_and_restored(workspace, command, dm.Deployment, deployment, "deployment")


def test_deleting_a_successful_production_deployment_leaves_the_release_live(workspace):
    before = release(workspace, "IAM-2.8")
    assert before.status is ReleaseStatus.EARLY_LIFE_SUPPORT
    deployment = production_deployment(workspace, "IAM-2.8")
    assert deployment.result is DeploymentResult.SUCCEEDED_WITH_ISSUES
    note = deletion_note(workspace, dm.Deployment, deployment.id)
    assert "does not roll back" in note
    assert "IAM-2.8 keeps its status (early life support)" in note
    assert "go-live of 2026-11-17" in note
    command = delete_deployment(workspace, deployment.id)
    assert command.text == "Delete deployment to Production on 2026-11-17"
    written = len(journal(workspace))
    command.redo()
    assert release(workspace, "IAM-2.8") == before
    # Only the deployment was journalled: no status change went with it.
    assert [e.entity for e in journal(workspace)[written:]] == ["deployment"]
    command.undo()
    assert fetch(workspace, dm.Deployment, deployment.id) == deployment
    assert release(workspace, "IAM-2.8") == before


def test_notes_for_other_records_are_empty(workspace):
    run = first(workspace, dm.BuildRun)
    assert deletion_note(workspace, dm.BuildRun, run.id) == ""


@pytest.mark.parametrize(
    "build", [delete_build_run, delete_test_run, delete_deployment, delete_incident]
)
def test_an_unknown_id_is_not_found(workspace, build):
    with pytest.raises(NotFoundError):
        build(workspace, "no-such-id")
