"""Execution records of a release as undoable commands: builds, tests, deployments, incidents
during early-life support; and the lifecycle reads the release list shows.

Each builder reads what it needs, validates (errors name the field), and returns a command (see
:mod:`releaseplanner.services.commands`) whose ``redo()`` is one journalled transaction. Values
may come typed (dates, enums) from a form or as text (ISO dates, enum values) from a file.

Recording a *successful production* deployment also moves its release into early-life support
and sets its actual go-live, in the same command and so the same transaction and undo step. The
status moves through the lifecycle rules: approved → deploying → early-life support, one checked
step after another; a release not yet approved is refused with a message saying so. Closing out
(exit criteria of early-life support, the post-release review) is in
:mod:`releaseplanner.services.reviews`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

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
from releaseplanner.domain.ids import new_id
from releaseplanner.domain.review_prefill import (
    ReleaseLifecycle,
    SuiteResult,
    release_lifecycle,
    suite_results,
)
from releaseplanner.services.commands import BulkCommand, Command, CreateRecords, EditRecord
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

E = TypeVar("E", bound=Enum)
SUCCESSFUL = frozenset({DeploymentResult.SUCCEEDED, DeploymentResult.SUCCEEDED_WITH_ISSUES})
FINISHED = SUCCESSFUL | {DeploymentResult.FAILED, DeploymentResult.ROLLED_BACK}
#: Statuses from which a successful production deployment leads into early-life support, and the
#: lifecycle steps it takes; from early-life support or closed it changes no status.
GO_LIVE_STEPS: dict[ReleaseStatus, tuple[ReleaseStatus, ...]] = {
    ReleaseStatus.APPROVED: (ReleaseStatus.DEPLOYING, ReleaseStatus.EARLY_LIFE_SUPPORT),
    ReleaseStatus.DEPLOYING: (ReleaseStatus.EARLY_LIFE_SUPPORT,),
    ReleaseStatus.EARLY_LIFE_SUPPORT: (),
    ReleaseStatus.CLOSED: (),
}


# -- coercing form and file values ---------------------------------------------------------------
def as_enum(enum: type[E], value: Any, name: str) -> E:
    """``value`` as a member of ``enum`` (a member, its value or its label); ValidationError
    naming ``name`` otherwise."""
    if isinstance(value, enum):
        return value
    return enum.parse(str(value), name)  # type: ignore[attr-defined, no-any-return]


def as_day(value: Any, name: str) -> date | None:
    """A date from a date or 'YYYY-MM-DD'; None for None or ''."""
    if isinstance(value, datetime):
        return value.date()
    return _iso(date, value, name, "a date (YYYY-MM-DD)")


def as_moment(value: Any, name: str) -> datetime | None:
    """A datetime from a datetime or 'YYYY-MM-DD HH:MM'; None for None or ''."""
    return _iso(datetime, value, name, "a date and time (YYYY-MM-DD HH:MM)")


def _iso(kind: Any, value: Any, name: str, what: str) -> Any:
    if value in (None, "") or isinstance(value, kind):
        return value or None
    try:
        return kind.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"{name}: '{value}' is not {what}") from None


def as_count(value: Any, name: str) -> int:
    """A whole number ≥ 0 (digits in text accepted); ValidationError naming ``name`` otherwise."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    # bool is an int to Python, but True tests passed is not what anyone meant.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{name}: {value!r} is not a whole number of 0 or more")
    return value


def as_text(value: Any, name: str) -> str:
    """Text with the surrounding blanks removed; '' for None."""
    return "" if value is None else str(value).strip()


def as_flag(value: Any, name: str) -> bool:
    """True or False from a bool or yes/no, true/false, 1/0 text."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "true", "1", "y"):
        return True
    if text in ("no", "false", "0", "n", ""):
        return False
    raise ValidationError(f"{name}: '{value}' is not yes or no")


def _read(workspace: Workspace, record_type: type, record_id: str) -> Any:
    with workspace.session_factory() as session:
        return Store(session).get(record_type, record_id)


def _package_label(workspace: Workspace, package_id: str) -> str:
    with workspace.session_factory() as session:
        store = Store(session)
        package = store.get(dm.ReleasePackage, package_id)
        return f"{package.name} ({store.get(dm.Release, package.release_id).key})"


# -- builds and tests ----------------------------------------------------------------------------
def _required(value: Any, name: str) -> Any:
    if value is None:
        raise ValidationError(f"{name}: is required")
    return value


def _coerce(
    values: Mapping[str, Any], known: Mapping[str, Any], kind: str, *, new: bool = False
) -> dict[str, Any]:
    """``values`` coerced field by field through ``known`` (name → coercer); a new record must
    have every field whose coercer is listed in :data:`REQUIRED`."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            raise ValidationError(f"{name}: not a field of a {kind} ({', '.join(known)})")
        out[name] = known[name](value, name)
    if new:
        for name in REQUIRED.get(kind, ()):
            if out.get(name) in (None, ""):
                raise ValidationError(f"{name}: a new {kind} needs one")
    elif not out:
        raise ValidationError(f"{kind}: nothing to change")
    return out


def _moment(value: Any, name: str) -> Any:
    return _required(as_moment(value, name), name)


BUILD_FIELDS: dict[str, Any] = {
    "number": as_count,
    "version": as_text,
    "started_at": _moment,
    "result": lambda v, n: as_enum(BuildResult, v, n),
    "link": as_text,
}
TEST_FIELDS: dict[str, Any] = {
    "suite": lambda v, n: as_enum(TestSuite, v, n),
    "run_on": as_day,
    "passed": as_count,
    "failed": as_count,
    "blocked": as_count,
    "environment_id": lambda v, n: v or None,
    "tester": as_text,
    "signed_off_by": as_text,
}
DEPLOYMENT_FIELDS: dict[str, Any] = {
    "environment_id": as_text,
    "planned_start": _moment,
    "planned_end": _moment,
    "result": lambda v, n: as_enum(DeploymentResult, v, n),
    "actual_start": as_moment,
    "actual_end": as_moment,
    "deployed_by": as_text,
    "notes": as_text,
}
INCIDENT_FIELDS: dict[str, Any] = {
    "title": as_text,
    "severity": lambda v, n: as_enum(IncidentSeverity, v, n),
    "category": lambda v, n: as_enum(IncidentCategory, v, n),
    "opened_at": _moment,
    "resolved_at": as_moment,
    "caused_by_release": lambda v, n: as_flag(v, n),
    "advice": as_text,
    "environment_id": lambda v, n: v or None,
    "release_id": lambda v, n: v or None,
}
#: Fields a new record of each kind must be given.
REQUIRED: dict[str, tuple[str, ...]] = {
    "build run": ("number", "version", "started_at"),
    "test run": ("suite", "run_on"),
    "deployment": ("environment_id", "planned_start", "planned_end"),
    "incident": ("title", "severity", "opened_at"),
}


def record_build_run(
    workspace: Workspace, package_id: str, values: Mapping[str, Any], *, source: str = "app"
) -> CreateRecords:
    """Command recording a CI build of a package: ``values`` of :data:`BUILD_FIELDS` (number,
    version and started_at required; result defaults to succeeded).

    Raises:
        NotFoundError: no such package.
        ValidationError: a missing or bad value (named).
    """
    fields = _coerce(values, BUILD_FIELDS, "build run", new=True)
    fields.setdefault("result", BuildResult.SUCCEEDED)
    run = dm.BuildRun(id=new_id("build_run"), package_id=package_id, **fields)
    label = _package_label(workspace, package_id)
    text = f"Record build {run.number} of {label} ({run.result.label.lower()})"
    return CreateRecords(workspace, [run], text, source=source)


def record_test_run(
    workspace: Workspace, package_id: str, values: Mapping[str, Any], *, source: str = "app"
) -> CreateRecords:
    """Command recording a test run of a package: ``values`` of :data:`TEST_FIELDS` (suite and
    run_on required; passed, failed and blocked whole numbers ≥ 0, default 0).

    Raises:
        NotFoundError: no such package or environment.
        ValidationError: an unknown suite, a negative count, a bad date (named).
    """
    fields = _coerce(values, TEST_FIELDS, "test run", new=True)
    run = dm.TestRun(id=new_id("test_run"), package_id=package_id, **fields)
    if run.environment_id:
        _read(workspace, dm.Environment, run.environment_id)
    label = _package_label(workspace, package_id)
    rate = f"{run.pass_rate:.0%} passed" if run.pass_rate is not None else "nothing executed"
    text = f"Record {run.suite.label} test run of {label} ({rate})"
    return CreateRecords(workspace, [run], text, source=source)


# -- deployments ---------------------------------------------------------------------------------
def validate_deployment(deployment: dm.Deployment) -> None:
    """Windows in order, and actual times that match the result.

    Raises:
        ValidationError: naming the field (an end before its start, an outcome without times,
            a planned deployment with actual times).
    """
    d = deployment
    if d.planned_end < d.planned_start:
        raise ValidationError(
            f"planned_end: {d.planned_end:%Y-%m-%d %H:%M} is before the planned start "
            f"{d.planned_start:%Y-%m-%d %H:%M}"
        )
    if d.actual_end is not None and d.actual_start is None:
        raise ValidationError("actual_start: an actual end needs an actual start")
    if d.actual_start and d.actual_end and d.actual_end < d.actual_start:
        raise ValidationError(
            f"actual_end: {d.actual_end:%Y-%m-%d %H:%M} is before the actual start "
            f"{d.actual_start:%Y-%m-%d %H:%M}"
        )
    if d.result is DeploymentResult.PLANNED and d.actual_start is not None:
        raise ValidationError(
            "result: a deployment with an actual start is no longer planned (in progress, "
            "succeeded, succeeded with issues, failed or rolled back?)"
        )
    did = "is in progress" if d.result is DeploymentResult.IN_PROGRESS else d.result.label.lower()
    if d.result is not DeploymentResult.PLANNED and d.actual_start is None:
        raise ValidationError(f"actual_start: a deployment that {did} needs one")
    if d.result in FINISHED and d.actual_end is None:
        raise ValidationError(f"actual_end: a deployment that {did} needs one")


def _release_steps(
    workspace: Workspace,
    release: dm.Release,
    environment: dm.Environment,
    deployment: dm.Deployment,
    source: str,
) -> tuple[list[Command], str]:
    """The release edits a deployment brings with it, and the words added to the undo text."""
    if not environment.is_production:
        return [], ""
    if deployment.result is DeploymentResult.IN_PROGRESS:
        if release.status is not ReleaseStatus.APPROVED:
            return [], ""
        status = {"status": ReleaseStatus.DEPLOYING}
        edit = EditRecord(workspace, dm.Release, release.id, status, "", source=source)
        return [edit], f"; {release.key} is deploying"
    if deployment.result not in SUCCESSFUL:
        return [], ""
    if release.status not in GO_LIVE_STEPS:
        raise ValidationError(
            f"status: {release.key} is {release.status.label.lower()}; a successful production "
            "deployment needs an approved (or deploying) release: approve it first"
        )
    assert deployment.actual_end is not None  # validate_deployment requires it
    steps = GO_LIVE_STEPS[release.status]
    # One lifecycle step per edit, so each is checked by the transition rules.
    edits: list[Command] = [
        EditRecord(workspace, dm.Release, release.id, {"status": s}, "", source=source)
        for s in steps[:-1]
    ]
    last: dict[str, Any] = {"status": steps[-1]} if steps else {}
    # A later production deployment (a fix, a re-run) does not move an existing go-live.
    if release.actual_go_live is None:
        last["actual_go_live"] = deployment.actual_end.date()
    if last:
        edits.append(EditRecord(workspace, dm.Release, release.id, last, "", source=source))
    return edits, f"; {release.key} enters early-life support" if steps else ""


def _deployment_command(
    workspace: Workspace, inner: Command, deployment: dm.Deployment, verb: str, source: str
) -> Command:
    validate_deployment(deployment)
    with workspace.session_factory() as session:
        store = Store(session)
        release = store.get(dm.Release, deployment.release_id)
        environment = store.get(dm.Environment, deployment.environment_id)
    steps, moved = _release_steps(workspace, release, environment, deployment, source)
    inner.text = (
        f"{verb} deployment of {release.key} to {environment.name} "
        f"({deployment.result.label.lower()}){moved}"
    )
    return BulkCommand(workspace, [inner, *steps], inner.text, source=source) if steps else inner


def record_deployment(
    workspace: Workspace, release_id: str, values: Mapping[str, Any], *, source: str = "app"
) -> Command:
    """Command recording a deployment of a release: ``values`` of :data:`DEPLOYMENT_FIELDS`
    (environment_id and the planned window required; result defaults to planned). A successful
    production deployment also moves the release (see the module docstring).

    Raises:
        NotFoundError: no such release or environment.
        ValidationError: bad times or result (named), or a successful production deployment of
            a release that is not approved or deploying.
    """
    fields = _coerce(values, DEPLOYMENT_FIELDS, "deployment", new=True)
    deployment = dm.Deployment(id=new_id("deployment"), release_id=release_id, **fields)
    inner = CreateRecords(workspace, [deployment], "", source=source)
    return _deployment_command(workspace, inner, deployment, "Record", source)


def update_deployment(
    workspace: Workspace, deployment_id: str, changes: Mapping[str, Any], *, source: str = "app"
) -> Command:
    """Command recording the outcome of (or correcting) a deployment: fields of
    :data:`DEPLOYMENT_FIELDS`. A result that makes it a successful production deployment moves
    the release as :func:`record_deployment` does.

    Raises:
        NotFoundError: no such deployment.
        ValidationError: an unknown field, a bad value or a refused status change (named).
    """
    values = _coerce(changes, DEPLOYMENT_FIELDS, "deployment")
    current = _read(workspace, dm.Deployment, deployment_id)
    updated = dataclasses.replace(current, **values)
    inner = EditRecord(workspace, dm.Deployment, deployment_id, values, "", source=source)
    if current.result in SUCCESSFUL:
        # Already live through this deployment: correcting it moves the release no further.
        validate_deployment(updated)
        inner.text = f"Edit deployment ({', '.join(values)})"
        return inner
    return _deployment_command(workspace, inner, updated, "Record outcome of", source)


# -- early-life support: incidents ---------------------------------------------
def validate_incident(incident: dm.Incident) -> None:
    """Raises ValidationError (naming the field) for a resolution before the opening, or an
    incident said to be caused by a release without naming one."""
    if incident.resolved_at is not None and incident.resolved_at < incident.opened_at:
        raise ValidationError(
            f"resolved_at: {incident.resolved_at:%Y-%m-%d %H:%M} is before it was opened "
            f"({incident.opened_at:%Y-%m-%d %H:%M})"
        )
    if incident.caused_by_release and not incident.release_id:
        raise ValidationError("release_id: an incident caused by a release must name the release")


def _incident_release_key(workspace: Workspace, incident: dm.Incident) -> str:
    """NotFoundError for an unknown release or environment; returns the release key or ''."""
    if incident.environment_id:
        _read(workspace, dm.Environment, incident.environment_id)
    return _read(workspace, dm.Release, incident.release_id).key if incident.release_id else ""


def log_incident(
    workspace: Workspace, values: Mapping[str, Any], *, source: str = "app"
) -> CreateRecords:
    """Command logging an incident or support call: ``values`` of :data:`INCIDENT_FIELDS`
    (title, severity and opened_at required; category defaults to defect).

    Raises:
        NotFoundError: no such release or environment.
        ValidationError: a missing title, an unknown severity or category, bad times (named).
    """
    incident = dm.Incident(
        id=new_id("incident"), **_coerce(values, INCIDENT_FIELDS, "incident", new=True)
    )
    validate_incident(incident)
    key = _incident_release_key(workspace, incident)
    on = f" on {key}" if key else ""
    text = f"Log {incident.severity.label} incident '{incident.title}'{on}"
    return CreateRecords(workspace, [incident], text, source=source)


def update_incident(
    workspace: Workspace, incident_id: str, changes: Mapping[str, Any], *, source: str = "app"
) -> EditRecord:
    """Command changing an incident (resolving it, the advice given, the cause...).

    Raises:
        NotFoundError: no such incident, release or environment.
        ValidationError: an unknown field or a bad value (named).
    """
    values = _coerce(changes, INCIDENT_FIELDS, "incident")
    if values.get("title") == "":
        raise ValidationError("title: an incident needs a title")
    current = _read(workspace, dm.Incident, incident_id)
    updated = dataclasses.replace(current, **values)
    validate_incident(updated)
    _incident_release_key(workspace, updated)
    if set(values) == {"resolved_at"} and updated.resolved_at is not None:
        text = f"Resolve incident '{current.title}'"
    else:
        text = f"Edit incident '{current.title}' ({', '.join(values)})"
    return EditRecord(workspace, dm.Incident, incident_id, values, text, source=source)


# -- reads for the release list and the release's views ------------------------------------------
def lifecycle_summary(workspace: Workspace, *, today: date | None = None) -> list[ReleaseLifecycle]:
    """Every release's early-life support and review standing (open incidents, exit criteria,
    review due and overdue, with readable ``flags``), in the order of the release list."""
    today = today or date.today()
    with workspace.session_factory() as session:
        store = Store(session)
        releases = store.releases()
        types = {t.id: t for t in store.all(dm.ReleaseType)}
        incidents, criteria = store.all(dm.Incident), store.all(dm.ElsCriterion)
        reviews = {r.release_id: r for r in store.all(dm.Review)}
    return [
        release_lifecycle(
            release,
            types[release.release_type_id],
            incidents=[i for i in incidents if i.release_id == release.id],
            els_criteria=[c for c in criteria if c.release_id == release.id],
            review=reviews.get(release.id),
            today=today,
        )
        for release in releases
    ]


def release_test_summary(workspace: Workspace, release_id: str) -> tuple[SuiteResult, ...]:
    """The latest run per suite over the release's packages, with pass rates (what readiness
    and the policy checks read).

    Raises:
        NotFoundError: no such release.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        store.get(dm.Release, release_id)
        runs = [
            run
            for package in store.all(dm.ReleasePackage, release_id=release_id)
            for run in store.all(dm.TestRun, package_id=package.id)
        ]
    return suite_results(runs)
