"""What the lifecycle window reads and the two composite operations it needs, free of Qt.

:func:`release_choices` lists the releases with their lifecycle standing, for a picker;
:func:`release_records` reads one release's builds, test runs, deployments, incidents and exit
criteria in one session, as plain rows with names resolved, so the window's table models hold
nothing but data. :func:`delete_build_run`, :func:`delete_test_run`, :func:`delete_deployment` and
:func:`delete_incident` delete one record as an undoable command (undo restores it with the same
id); :func:`deletion_note` says what a delete leaves as it was. :func:`save_review_form` turns a
whole edited review form (fields, new, changed and removed follow-up actions) into one undoable
command, because one press of Save must be one undo step. :func:`export_review_workbook` writes
the review workbook with the delivery metrics
(:func:`releaseplanner.services.reviews.review_export_data`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    BuildResult,
    DeploymentResult,
    IncidentCategory,
    IncidentSeverity,
    ReleaseStatus,
    TestSuite,
)
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.review_prefill import (
    ReleaseLifecycle,
    SuiteResult,
    els_window,
    release_lifecycle,
    suite_results,
)
from releaseplanner.exchange.review_workbook import write_review_workbook
from releaseplanner.services.commands import BulkCommand, Command, DeleteRecord
from releaseplanner.services.lifecycle import SUCCESSFUL, lifecycle_summary
from releaseplanner.services.reviews import (
    REVIEW_FIELDS,
    review_export_data,
    save_review,
    update_review_action,
)
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

#: Entity kinds whose change alters what the release records show.
RECORD_ENTITIES = (
    "release",
    "package",
    "build_run",
    "test_run",
    "deployment",
    "incident",
    "els_criterion",
    "review",
    "review_action",
    "environment",
    "release_type",
)


@dataclass(frozen=True, slots=True)
class ReleaseChoice:
    """A release as a picker lists it, with the release list's lifecycle flags."""

    id: str
    key: str
    name: str
    status: ReleaseStatus
    flags: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.key} — {self.name}"


@dataclass(frozen=True, slots=True)
class BuildRow:
    id: str
    package_id: str
    package: str
    number: int
    version: str
    started_at: datetime
    result: BuildResult
    link: str


@dataclass(frozen=True, slots=True)
class TestRow:
    id: str
    package_id: str
    package: str
    suite: TestSuite
    run_on: date
    passed: int
    failed: int
    blocked: int
    environment: str
    tester: str
    signed_off_by: str

    __test__ = False  # not a pytest test class, despite the name

    @property
    def executed(self) -> int:
        return self.passed + self.failed + self.blocked

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.executed if self.executed else None


@dataclass(frozen=True, slots=True)
class DeploymentRow:
    id: str
    environment_id: str
    environment: str
    production: bool
    planned_start: datetime
    planned_end: datetime
    result: DeploymentResult
    actual_start: datetime | None
    actual_end: datetime | None
    deployed_by: str
    notes: str

    @property
    def finished(self) -> bool:
        """Has an outcome; a planned or running deployment still waits for one."""
        return self.result not in (DeploymentResult.PLANNED, DeploymentResult.IN_PROGRESS)

    @property
    def start_delay_minutes(self) -> int | None:
        if self.actual_start is None:
            return None
        return round((self.actual_start - self.planned_start).total_seconds() / 60)


@dataclass(frozen=True, slots=True)
class IncidentRow:
    id: str
    title: str
    severity: IncidentSeverity
    category: IncidentCategory
    environment_id: str | None
    environment: str
    opened_at: datetime
    resolved_at: datetime | None
    caused_by_release: bool
    advice: str
    during_els: bool  # opened inside the early-life support window

    @property
    def hours_to_restore(self) -> float | None:
        if self.resolved_at is None:
            return None
        return (self.resolved_at - self.opened_at).total_seconds() / 3600


@dataclass(frozen=True, slots=True)
class ReleaseRecords:
    """One release's execution records, read together; rows sorted newest first."""

    release: dm.Release
    release_type: dm.ReleaseType
    packages: tuple[dm.ReleasePackage, ...]
    environments: tuple[dm.Environment, ...]  # by sort order, for pickers
    builds: tuple[BuildRow, ...]
    tests: tuple[TestRow, ...]
    test_summary: tuple[SuiteResult, ...]
    deployments: tuple[DeploymentRow, ...]
    incidents: tuple[IncidentRow, ...]
    criteria: tuple[dm.ElsCriterion, ...]
    lifecycle: ReleaseLifecycle
    people: tuple[str, ...]  # names, for completing "who" fields
    els_start: date | None
    els_end: date | None

    def next_build_number(self, package_id: str) -> int:
        """One more than the package's highest build number (1 for its first build)."""
        numbers = [b.number for b in self.builds if b.package_id == package_id]
        return max(numbers, default=0) + 1


def release_choices(workspace: Workspace, *, today: date | None = None) -> list[ReleaseChoice]:
    """Every release in the release list's order, with its lifecycle flags."""
    standing = lifecycle_summary(workspace, today=today)
    with workspace.session_factory() as session:
        names = Store(session).names(dm.Release)
    return [
        ReleaseChoice(s.release_id, s.key, names.get(s.release_id, ""), s.status, s.flags)
        for s in standing
    ]


def release_records(
    workspace: Workspace, release_id: str, *, today: date | None = None
) -> ReleaseRecords:
    """The release's builds, test runs (with the latest-run-per-suite summary), deployments,
    incidents and exit criteria, with package, environment and people names resolved.

    Raises:
        NotFoundError: no such release.
    """
    today = today or date.today()
    with workspace.session_factory() as session:
        store = Store(session)
        release = store.get(dm.Release, release_id)
        release_type = store.get(dm.ReleaseType, release.release_type_id)
        packages = sorted(
            store.all(dm.ReleasePackage, release_id=release_id), key=lambda p: p.name.lower()
        )
        environments = sorted(store.all(dm.Environment), key=lambda e: (e.sort_order, e.name))
        builds = [b for p in packages for b in store.all(dm.BuildRun, package_id=p.id)]
        tests = [t for p in packages for t in store.all(dm.TestRun, package_id=p.id)]
        deployments = store.all(dm.Deployment, release_id=release_id)
        incidents = store.all(dm.Incident, release_id=release_id)
        criteria = store.all(dm.ElsCriterion, release_id=release_id)
        reviews = store.all(dm.Review, release_id=release_id)
        people = sorted(store.names(dm.Person).values(), key=str.lower)
    names = {p.id: p.name for p in packages}
    by_id = {e.id: e for e in environments}
    window = els_window(release, release_type)
    return ReleaseRecords(
        release=release,
        release_type=release_type,
        packages=tuple(packages),
        environments=tuple(environments),
        builds=tuple(
            _build_row(b, names)
            for b in sorted(builds, key=lambda b: (b.started_at, b.number), reverse=True)
        ),
        tests=tuple(
            _test_row(t, names, by_id)
            for t in sorted(tests, key=lambda t: (t.run_on, t.suite.value, t.id), reverse=True)
        ),
        test_summary=suite_results(tests),
        deployments=tuple(
            _deployment_row(d, by_id)
            for d in sorted(deployments, key=lambda d: (d.planned_start, d.id))
        ),
        incidents=tuple(
            _incident_row(i, by_id, window)
            for i in sorted(incidents, key=lambda i: (i.opened_at, i.id), reverse=True)
        ),
        criteria=tuple(sorted(criteria, key=lambda c: (c.criterion.lower(), c.id))),
        lifecycle=release_lifecycle(
            release,
            release_type,
            incidents=incidents,
            els_criteria=criteria,
            review=reviews[0] if reviews else None,
            today=today,
        ),
        people=tuple(people),
        els_start=window[0] if window else None,
        els_end=window[1] if window else None,
    )


def _env_name(environments: Mapping[str, dm.Environment], environment_id: str | None) -> str:
    found = environments.get(environment_id or "")
    return found.name if found else ""


def _build_row(build: dm.BuildRun, packages: Mapping[str, str]) -> BuildRow:
    return BuildRow(
        id=build.id,
        package_id=build.package_id,
        package=packages[build.package_id],
        number=build.number,
        version=build.version,
        started_at=build.started_at,
        result=build.result,
        link=build.link,
    )


def _test_row(
    run: dm.TestRun, packages: Mapping[str, str], environments: Mapping[str, dm.Environment]
) -> TestRow:
    return TestRow(
        id=run.id,
        package_id=run.package_id,
        package=packages[run.package_id],
        suite=run.suite,
        run_on=run.run_on,
        passed=run.passed,
        failed=run.failed,
        blocked=run.blocked,
        environment=_env_name(environments, run.environment_id),
        tester=run.tester,
        signed_off_by=run.signed_off_by,
    )


def _deployment_row(
    deployment: dm.Deployment, environments: Mapping[str, dm.Environment]
) -> DeploymentRow:
    environment = environments.get(deployment.environment_id)
    return DeploymentRow(
        id=deployment.id,
        environment_id=deployment.environment_id,
        environment=environment.name if environment else "",
        production=bool(environment and environment.is_production),
        planned_start=deployment.planned_start,
        planned_end=deployment.planned_end,
        result=deployment.result,
        actual_start=deployment.actual_start,
        actual_end=deployment.actual_end,
        deployed_by=deployment.deployed_by,
        notes=deployment.notes,
    )


def _incident_row(
    incident: dm.Incident,
    environments: Mapping[str, dm.Environment],
    window: tuple[date, date] | None,
) -> IncidentRow:
    return IncidentRow(
        id=incident.id,
        title=incident.title,
        severity=incident.severity,
        category=incident.category,
        environment_id=incident.environment_id,
        environment=_env_name(environments, incident.environment_id),
        opened_at=incident.opened_at,
        resolved_at=incident.resolved_at,
        caused_by_release=incident.caused_by_release,
        advice=incident.advice,
        during_els=window is not None and window[0] <= incident.opened_at.date() <= window[1],
    )


def save_review_form(
    workspace: Workspace,
    release_id: str,
    values: Mapping[str, Any],
    *,
    new_actions: Sequence[Mapping[str, Any]] = (),
    changed_actions: Mapping[str, Mapping[str, Any]] | None = None,
    removed_actions: Sequence[str] = (),
    source: str = "app",
) -> Command:
    """One command saving a whole review form: the review's fields (only those that differ
    from the saved review are written), new follow-up actions, changes to existing ones
    (action id → fields) and removed ones (ids). One undo step, one transaction.

    Raises:
        NotFoundError: no such release or action.
        ValidationError: a bad value (named), a review held before the go-live, an action
            without a description, or nothing to save.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        release = store.get(dm.Release, release_id)
        existing = next(iter(store.all(dm.Review, release_id=release_id)), None)
        own = (
            {a.id: a for a in store.all(dm.ReviewAction, review_id=existing.id)} if existing else {}
        )
    unknown = sorted(set(values) - set(REVIEW_FIELDS))
    if unknown:
        raise ValidationError(f"{unknown[0]}: not a field of a review ({', '.join(REVIEW_FIELDS)})")
    changed = {action_id: dict(fields) for action_id, fields in (changed_actions or {}).items()}
    changed = {action_id: fields for action_id, fields in changed.items() if fields}
    for action_id in [*changed, *removed_actions]:
        if action_id not in own:
            raise ValidationError(f"action: {action_id} is not an action of this review")
    steps: list[Command] = []
    what: list[str] = []
    differs = existing is None or any(
        getattr(existing, name) != REVIEW_FIELDS[name](value, name)
        for name, value in values.items()
    )
    if differs or new_actions:
        steps.append(save_review(workspace, release_id, values, actions=new_actions, source=source))
        what.append(steps[-1].text)
    for action_id, fields in changed.items():
        steps.append(update_review_action(workspace, action_id, fields, source=source))
    for action_id in removed_actions:
        text = f"Remove action '{own[action_id].description}'"
        steps.append(DeleteRecord(workspace, dm.ReviewAction, action_id, text, source=source))
    if not steps:
        raise ValidationError("review: nothing to save, the review already holds these values")
    if len(steps) == 1:
        return steps[0]
    parts = what or [f"Edit post-release review of {release.key}"]
    if changed:
        parts.append(f"{len(changed)} action(s) changed")
    if removed_actions:
        parts.append(f"{len(removed_actions)} action(s) removed")
    text = "; ".join(parts)
    return BulkCommand(workspace, steps, text, source=source)


def export_review_workbook(
    workspace: Workspace, release_key: str, path: str | Path, *, today: date | None = None
) -> Path:
    """Write the release's review workbook (summary, planned vs actual, incidents, actions and
    metrics, with the delivery metrics and their DORA bands) to ``path``; return the path.

    Raises:
        NotFoundError: no release has ``release_key``.
        UserError: the file cannot be written.
    """
    target = Path(path)
    write_review_workbook(target, review_export_data(workspace, release_key, today=today))
    return target


# -- deleting records ----------------------------------------------------------------------------
def _package_record(workspace: Workspace, record_type: type, record_id: str) -> tuple[Any, str]:
    with workspace.session_factory() as session:
        store = Store(session)
        record = store.get(record_type, record_id)
        return record, store.get(dm.ReleasePackage, record.package_id).name


def delete_build_run(
    workspace: Workspace, build_run_id: str, *, source: str = "app"
) -> DeleteRecord:
    """Command deleting a recorded build ("Delete build 42 of Payments API").

    Raises:
        NotFoundError: no such build run.
    """
    run, package = _package_record(workspace, dm.BuildRun, build_run_id)
    text = f"Delete build {run.number} of {package}"
    return DeleteRecord(workspace, dm.BuildRun, build_run_id, text, source=source)


def delete_test_run(workspace: Workspace, test_run_id: str, *, source: str = "app") -> DeleteRecord:
    """Command deleting a recorded test run ("Delete Regression test run of Payments API on
    2026-11-18"). Raises NotFoundError for an unknown id."""
    run, package = _package_record(workspace, dm.TestRun, test_run_id)
    text = f"Delete {run.suite.label} test run of {package} on {run.run_on.isoformat()}"
    return DeleteRecord(workspace, dm.TestRun, test_run_id, text, source=source)


def delete_deployment(
    workspace: Workspace, deployment_id: str, *, source: str = "app"
) -> DeleteRecord:
    """Command deleting a deployment ("Delete deployment to Production on 2026-11-20", the day
    it started, or was planned to). The release is left as it is: see :func:`deletion_note`.

    Raises:
        NotFoundError: no such deployment.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        deployment = store.get(dm.Deployment, deployment_id)
        environment = store.get(dm.Environment, deployment.environment_id)
    day = (deployment.actual_start or deployment.planned_start).date().isoformat()
    text = f"Delete deployment to {environment.name} on {day}"
    return DeleteRecord(workspace, dm.Deployment, deployment_id, text, source=source)


def delete_incident(workspace: Workspace, incident_id: str, *, source: str = "app") -> DeleteRecord:
    """Command deleting an incident ("Delete incident 'Login slow'"). Raises NotFoundError for
    an unknown id."""
    incident = _read_one(workspace, dm.Incident, incident_id)
    text = f"Delete incident '{incident.title}'"
    return DeleteRecord(workspace, dm.Incident, incident_id, text, source=source)


def deletion_note(workspace: Workspace, record_type: type, record_id: str) -> str:
    """What deleting the record leaves as it was, for the confirmation ('' when nothing needs
    saying). A successful production deployment moved its release into early-life support and
    set its go-live; those were recorded as changes of their own, so deleting the deployment does
    not roll them back.

    Raises:
        NotFoundError: no such record.
    """
    if record_type is not dm.Deployment:
        return ""
    with workspace.session_factory() as session:
        store = Store(session)
        deployment = store.get(dm.Deployment, record_id)
        environment = store.get(dm.Environment, deployment.environment_id)
        release = store.get(dm.Release, deployment.release_id)
    if not environment.is_production or deployment.result not in SUCCESSFUL:
        return ""
    live = release.actual_go_live
    kept = f" and its go-live of {live.isoformat()}" if live else ""
    return (
        "Deleting this successful production deployment does not roll back the release: "
        f"{release.key} keeps its status ({release.status.label.lower()}){kept}. That change "
        "was recorded separately; change the release itself if it was wrong."
    )


def _read_one(workspace: Workspace, record_type: type, record_id: str) -> Any:
    with workspace.session_factory() as session:
        return Store(session).get(record_type, record_id)


def touches_records(changes: Any) -> bool:
    """Whether a ChangeSet alters what the release records show."""
    return any(changes.touches(entity) for entity in RECORD_ENTITIES)
