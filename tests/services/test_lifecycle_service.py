"""Lifecycle commands on a real SQLite workspace: builds, tests, deployments (a successful
production deployment moves the release into early-life support in the same transaction, undo
restores it), incidents, and the lifecycle summary the release list shows."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    DeploymentResult,
    EnvironmentTier,
    IncidentSeverity,
    JournalAction,
    ReleaseStatus,
    TestSuite,
)
from releaseplanner.domain.errors import NotFoundError, ValidationError
from releaseplanner.services.commands import StaleEditError
from releaseplanner.services.lifecycle import (
    lifecycle_summary,
    log_incident,
    record_build_run,
    record_deployment,
    record_test_run,
    release_test_summary,
    update_deployment,
    update_incident,
)
from releaseplanner.services.portfolio import create_release
from releaseplanner.services.releases import edit_release, new_package
from releaseplanner.storage.store import Store

S = ReleaseStatus
NIGHT = datetime(2026, 12, 1, 21, 0)


def fetch(workspace, record_type, record_id):
    with workspace.session_factory() as session:
        found = Store(session).all(record_type, id=record_id)
    return found[0] if found else None


def journal(workspace):
    with workspace.session_factory() as session:
        return list(reversed(Store(session).journal()))


def environment(workspace, tier: EnvironmentTier) -> str:
    with workspace.session_factory() as session:
        return next(e.id for e in Store(session).all(dm.Environment) if e.tier is tier)


def make_release(workspace, key="PAY-4.2", status=S.APPROVED) -> dm.Release:
    release, _ = create_release(
        workspace,
        key=key,
        name="Payments 4.2",
        type_key="minor",
        planned_start=date(2026, 10, 1),
        planned_go_live=date(2026, 12, 1),
    )
    for step in (S.IN_BUILD, S.IN_TEST, S.APPROVED)[
        : [S.PLANNED, S.IN_BUILD, S.IN_TEST, S.APPROVED].index(status)
    ]:
        edit_release(workspace, release.id, {"status": step}).redo()
    return fetch(workspace, dm.Release, release.id)


def succeeded(workspace, **extra):
    return {
        "environment_id": environment(workspace, EnvironmentTier.PRODUCTION),
        "planned_start": NIGHT,
        "planned_end": "2026-12-01 22:00",
        "result": "succeeded",
        "actual_start": NIGHT,
        "actual_end": datetime(2026, 12, 2, 0, 15),  # past midnight: go-live is the 2nd
        "deployed_by": "Eva Dubois",
        **extra,
    }


def test_a_successful_production_deployment_moves_the_release_into_els_in_one_transaction(
    workspace,
):
    release = make_release(workspace)
    before = len(journal(workspace))
    command = record_deployment(workspace, release.id, succeeded(workspace))
    assert command.text == (
        "Record deployment of PAY-4.2 to Production (succeeded); PAY-4.2 enters early-life support"
    )
    changes = command.redo()
    assert changes.created.keys() == {"deployment"} and changes.updated == {"release": {release.id}}
    live = fetch(workspace, dm.Release, release.id)
    assert (live.status, live.actual_go_live) == (S.EARLY_LIFE_SUPPORT, date(2026, 12, 2))
    entries = journal(workspace)[before:]
    # One operation, one moment: the deployment and both lifecycle steps, each step checked.
    assert {(e.operation, e.at) for e in entries} == {(command.text, entries[0].at)}
    assert [(e.action, e.entity, e.field, e.new_value) for e in entries] == [
        (JournalAction.CREATE, "deployment", "", entries[0].new_value),
        (JournalAction.UPDATE, "release", "status", "deploying"),
        (JournalAction.UPDATE, "release", "status", "early_life_support"),
        (JournalAction.UPDATE, "release", "actual_go_live", "2026-12-02"),
    ]

    command.undo()
    back = fetch(workspace, dm.Release, release.id)
    assert (back.status, back.actual_go_live) == (S.APPROVED, None)
    with workspace.session_factory() as session:
        assert Store(session).all(dm.Deployment, release_id=release.id) == []
    assert journal(workspace)[-1].operation == f"Undo: {command.text}"
    command.redo()
    assert fetch(workspace, dm.Release, release.id).status is S.EARLY_LIFE_SUPPORT


def test_nothing_is_written_when_the_release_step_fails(workspace):
    release = make_release(workspace)
    command = record_deployment(workspace, release.id, succeeded(workspace))
    edit_release(workspace, release.id, {"status": S.CANCELLED}).redo()  # meanwhile
    entries = len(journal(workspace))
    with pytest.raises(ValidationError, match="cannot go from cancelled to deploying"):
        command.redo()
    with workspace.session_factory() as session:
        assert Store(session).all(dm.Deployment, release_id=release.id) == []
    assert len(journal(workspace)) == entries


def test_a_deploying_release_takes_one_step_and_a_live_one_keeps_its_go_live(workspace):
    release = make_release(workspace)
    edit_release(workspace, release.id, {"status": S.DEPLOYING}).redo()
    record_deployment(workspace, release.id, succeeded(workspace)).redo()
    assert fetch(workspace, dm.Release, release.id).status is S.EARLY_LIFE_SUPPORT
    later = succeeded(
        workspace,
        planned_start="2026-12-05 21:00",
        planned_end="2026-12-05 22:00",
        actual_start="2026-12-05 21:00",
        actual_end="2026-12-05 21:30",
    )
    command = record_deployment(workspace, release.id, later)
    assert command.text == "Record deployment of PAY-4.2 to Production (succeeded)"
    command.redo()
    assert fetch(workspace, dm.Release, release.id).actual_go_live == date(2026, 12, 2)


def test_a_release_not_yet_approved_is_refused(workspace):
    release = make_release(workspace, status=S.IN_TEST)
    with pytest.raises(ValidationError, match=r"^status: PAY-4.2 is in test; .* approve it first"):
        record_deployment(workspace, release.id, succeeded(workspace))


def test_other_deployments_leave_the_release_alone(workspace):
    release = make_release(workspace)
    staging = succeeded(workspace, environment_id=environment(workspace, EnvironmentTier.STAGING))
    record_deployment(workspace, release.id, staging).redo()
    failed = succeeded(workspace, result=DeploymentResult.FAILED)
    record_deployment(workspace, release.id, failed).redo()
    assert fetch(workspace, dm.Release, release.id).status is S.APPROVED
    started = succeeded(workspace, result="in progress", actual_end=None)
    command = record_deployment(workspace, release.id, started)
    assert command.text.endswith("(in progress); PAY-4.2 is deploying")
    command.redo()
    assert fetch(workspace, dm.Release, release.id).status is S.DEPLOYING


def test_recording_the_outcome_of_a_planned_deployment(workspace):
    release = make_release(workspace)
    planned = succeeded(workspace, result="planned", actual_start=None, actual_end=None)
    create = record_deployment(workspace, release.id, planned)
    create.redo()
    deployment_id = create.records[0].id
    outcome = update_deployment(
        workspace,
        deployment_id,
        {"result": "succeeded", "actual_start": NIGHT, "actual_end": "2026-12-01 21:40"},
    )
    assert outcome.text == (
        "Record outcome of deployment of PAY-4.2 to Production (succeeded); "
        "PAY-4.2 enters early-life support"
    )
    outcome.redo()
    live = fetch(workspace, dm.Release, release.id)
    assert (live.status, live.actual_go_live) == (S.EARLY_LIFE_SUPPORT, date(2026, 12, 1))
    outcome.undo()
    assert fetch(workspace, dm.Release, release.id).status is S.APPROVED
    assert fetch(workspace, dm.Deployment, deployment_id).result is DeploymentResult.PLANNED
    # Correcting the notes of a deployment already live moves nothing.
    outcome.redo()
    note = update_deployment(workspace, deployment_id, {"notes": "Went well"})
    assert note.text == "Edit deployment (notes)"
    note.redo()
    assert fetch(workspace, dm.Release, release.id).status is S.EARLY_LIFE_SUPPORT


@pytest.mark.parametrize(
    "extra,message",
    [
        ({"planned_end": "2026-12-01 20:00"}, r"^planned_end: 2026-12-01 20:00 is before"),
        ({"actual_end": None}, r"^actual_end: a deployment that succeeded needs one"),
        ({"result": "planned"}, r"^result: a deployment with an actual start is no longer"),
        ({"actual_start": None}, r"^actual_start: an actual end needs an actual start"),
        ({"actual_start": "yesterday"}, r"^actual_start: 'yesterday' is not a date and time"),
        ({"result": "done"}, r"^result: 'done' is not one of planned, in_progress"),
        ({"when": "now"}, r"^when: not a field of a deployment"),
    ],
)
def test_bad_deployments_are_refused_naming_the_field(workspace, extra, message):
    release = make_release(workspace)
    with pytest.raises(ValidationError, match=message):
        record_deployment(workspace, release.id, succeeded(workspace, **extra))


def test_a_deployment_needs_its_planned_window(workspace):
    release = make_release(workspace)
    values = succeeded(workspace)
    del values["planned_start"]
    with pytest.raises(ValidationError, match=r"^planned_start: a new deployment needs one"):
        record_deployment(workspace, release.id, values)


@pytest.fixture
def package(workspace):
    release = make_release(workspace)
    command = new_package(workspace, release.id, "Core service")
    command.redo()
    return command.records[0]


def test_build_and_test_runs(workspace, package):
    build = record_build_run(
        workspace,
        package.id,
        {"number": "412", "version": "4.2.0-b412", "started_at": "2026-11-02 09:30"},
    )
    assert build.text == "Record build 412 of Core service (PAY-4.2) (succeeded)"
    build.redo()
    first = record_test_run(
        workspace,
        package.id,
        {"suite": "UAT", "run_on": "2026-11-10", "passed": 90, "failed": 10, "blocked": 0},
    )
    assert first.text == "Record UAT test run of Core service (PAY-4.2) (90% passed)"
    first.redo()
    record_test_run(
        workspace,
        package.id,
        {"suite": TestSuite.UAT, "run_on": date(2026, 11, 12), "passed": 99, "failed": 1},
    ).redo()
    (uat,) = release_test_summary(workspace, package.release_id)
    assert (uat.suite, uat.pass_rate, uat.last_run_on) == (TestSuite.UAT, 0.99, date(2026, 11, 12))
    first.undo()
    with workspace.session_factory() as session:
        assert len(Store(session).all(dm.TestRun, package_id=package.id)) == 1


@pytest.mark.parametrize(
    "values,message",
    [
        ({"suite": "uat", "run_on": "2026-11-10", "passed": -1}, r"^passed: -1 is not a whole"),
        ({"suite": "uat", "run_on": "2026-11-10", "failed": True}, r"^failed: True is not"),
        ({"suite": "smoke", "run_on": "2026-11-10"}, r"^suite: 'smoke' is not one of unit,"),
        ({"suite": "uat", "run_on": "10/11/2026"}, r"^run_on: '10/11/2026' is not a date"),
        ({"suite": "uat"}, r"^run_on: a new test run needs one"),
    ],
)
def test_bad_test_runs_are_refused_naming_the_field(workspace, package, values, message):
    with pytest.raises(ValidationError, match=message):
        record_test_run(workspace, package.id, values)


def test_a_test_run_of_an_unknown_package_is_not_found(workspace):
    with pytest.raises(NotFoundError):
        record_test_run(workspace, "pkg-nope", {"suite": "unit", "run_on": "2026-11-10"})


def test_incidents_log_and_resolve(workspace):
    release = make_release(workspace)
    command = log_incident(
        workspace,
        {
            "title": "Wrong totals in the daily report",
            "severity": "sev2",
            "category": "data",
            "opened_at": "2026-12-03 09:15",
            "release_id": release.id,
            "caused_by_release": "yes",
            "advice": "Use yesterday's export",
        },
    )
    assert command.text == "Log SEV2 incident 'Wrong totals in the daily report' on PAY-4.2"
    command.redo()
    incident = command.records[0]
    assert incident.caused_by_release is True
    resolve = update_incident(workspace, incident.id, {"resolved_at": "2026-12-03 17:00"})
    assert resolve.text == "Resolve incident 'Wrong totals in the daily report'"
    resolve.redo()
    assert fetch(workspace, dm.Incident, incident.id).resolved_at == datetime(2026, 12, 3, 17)
    resolve.undo()
    assert fetch(workspace, dm.Incident, incident.id).resolved_at is None
    update_incident(workspace, incident.id, {"advice": "Fixed"}).redo()
    with pytest.raises(StaleEditError):
        resolve.undo()  # it is not resolved any more: nothing of ours to undo


@pytest.mark.parametrize(
    "values,message",
    [
        ({"caused_by_release": True}, r"^release_id: an incident caused by a release must name"),
        ({"resolved_at": "2026-12-03 08:00"}, r"^resolved_at: 2026-12-03 08:00 is before it"),
        ({"severity": "critical"}, r"^severity: 'critical' is not one of sev1"),
        ({"title": "  "}, r"^title: a new incident needs one"),
        ({"caused_by_release": "maybe"}, r"^caused_by_release: 'maybe' is not yes or no"),
    ],
)
def test_bad_incidents_are_refused_naming_the_field(workspace, values, message):
    base = {"title": "Slow logins", "severity": "sev3", "opened_at": "2026-12-03 09:00"}
    with pytest.raises(ValidationError, match=message):
        log_incident(workspace, {**base, **values})


def test_lifecycle_summary_flags_open_incidents_and_overdue_reviews(workspace):
    release = make_release(workspace)
    record_deployment(workspace, release.id, succeeded(workspace)).redo()
    log_incident(
        workspace,
        {
            "title": "Slow logins",
            "severity": IncidentSeverity.SEV3,
            "opened_at": datetime(2026, 12, 3, 9),
            "release_id": release.id,
        },
    ).redo()
    other = make_release(workspace, key="IAM-2.8", status=S.PLANNED)
    rows = {r.key: r for r in lifecycle_summary(workspace, today=date(2026, 12, 13))}
    live = rows["PAY-4.2"]
    assert (live.in_early_life_support, live.open_incidents) == (True, 1)
    assert live.review_due == date(2026, 12, 12)  # go-live 2 Dec + 10 days (minor)
    assert live.flags == (
        "1 open incident(s) (worst SEV3)",
        "post-release review overdue since 2026-12-12",
    )
    assert rows[other.key].flags == () and rows[other.key].review_due is None
