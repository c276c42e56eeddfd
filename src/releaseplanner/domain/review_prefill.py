"""Pre-filling the post-release review from the records of what happened.

A review form should open with the facts already in it, so the meeting is spent on causes and
lessons rather than on looking up dates: planned vs actual dates with their variance, the
deployments and rollbacks, incidents during early-life support by severity, the latest test
results per suite, the risks that occurred, and where the release stands against its type's
policy (the early-life support window and its exit criteria, the review's due date). The same
rules give each release's standing in the release list (:func:`release_lifecycle`).

Pure functions over plain records; the caller passes ``today``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    CloseCode,
    DeploymentResult,
    IncidentSeverity,
    ReleaseStatus,
    RiskStatus,
    ScheduleKind,
    TestSuite,
)
from releaseplanner.domain.risk_score import latest_runs

#: Schedule items that are milestones of the release, as a review compares them; builds and
#: test phases are summarised by the test results instead.
MILESTONE_KINDS = frozenset(
    {
        ScheduleKind.MILESTONE,
        ScheduleKind.DEPLOYMENT,
        ScheduleKind.EARLY_LIFE_SUPPORT,
        ScheduleKind.REVIEW,
    }
)
FAILED_RESULTS = frozenset({DeploymentResult.FAILED, DeploymentResult.ROLLED_BACK})


@dataclass(frozen=True, slots=True)
class DateVariance:
    """A milestone planned vs actual; ``variance_days`` > 0 is late, None when not done yet."""

    name: str
    planned: date | None
    actual: date | None

    @property
    def variance_days(self) -> int | None:
        if self.planned is None or self.actual is None:
            return None
        return (self.actual - self.planned).days


@dataclass(frozen=True, slots=True)
class DeploymentLine:
    """One deployment of the release, with its window planned vs actual in minutes."""

    environment: str
    production: bool
    result: DeploymentResult
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    deployed_by: str
    notes: str

    @property
    def planned_minutes(self) -> int:
        return round((self.planned_end - self.planned_start).total_seconds() / 60)

    @property
    def actual_minutes(self) -> int | None:
        if self.actual_start is None or self.actual_end is None:
            return None
        return round((self.actual_end - self.actual_start).total_seconds() / 60)

    @property
    def start_delay_minutes(self) -> int | None:
        if self.actual_start is None:
            return None
        return round((self.actual_start - self.planned_start).total_seconds() / 60)


@dataclass(frozen=True, slots=True)
class SuiteResult:
    """The latest run of a suite, added up over the release's packages."""

    suite: TestSuite
    last_run_on: date
    passed: int
    failed: int
    blocked: int
    runs: int  # packages whose latest run is counted
    signed_off: bool  # every counted run has a sign-off

    @property
    def pass_rate(self) -> float | None:
        executed = self.passed + self.failed + self.blocked
        return self.passed / executed if executed else None


@dataclass(frozen=True, slots=True)
class ReviewPrefill:
    """What a post-release review of one release starts from (see the module docstring)."""

    release_key: str
    release_name: str
    release_type: str
    today: date
    milestones: tuple[DateVariance, ...]
    go_live: DateVariance
    deployments: tuple[DeploymentLine, ...]
    els_incidents: tuple[dm.Incident, ...]
    incidents_by_severity: Mapping[IncidentSeverity, int]
    test_results: tuple[SuiteResult, ...]
    risks_occurred: tuple[dm.Risk, ...]
    els_start: date | None
    els_end: date | None
    els_criteria: tuple[dm.ElsCriterion, ...]
    review_due: date | None
    review_held_on: date | None
    risk_score_at_go_live: int | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def on_schedule(self) -> bool | None:
        """Went live on or before the planned day; None while not live or never planned."""
        variance = self.go_live.variance_days
        return None if variance is None else variance <= 0

    @property
    def production_deployments(self) -> tuple[DeploymentLine, ...]:
        return tuple(d for d in self.deployments if d.production)

    @property
    def rollbacks(self) -> tuple[DeploymentLine, ...]:
        return tuple(d for d in self.deployments if d.result is DeploymentResult.ROLLED_BACK)

    @property
    def failed_deployments(self) -> tuple[DeploymentLine, ...]:
        return tuple(d for d in self.deployments if d.result is DeploymentResult.FAILED)

    @property
    def caused_incidents(self) -> int:
        return sum(1 for i in self.els_incidents if i.caused_by_release)

    @property
    def open_incidents(self) -> int:
        return sum(1 for i in self.els_incidents if i.resolved_at is None)

    @property
    def in_early_life_support(self) -> bool:
        """Today lies in the early-life support window (whatever the release's status says)."""
        if self.els_start is None or self.els_end is None:
            return False
        return self.els_start <= self.today <= self.els_end

    @property
    def els_exit_signed_off(self) -> bool | None:
        """Every exit criterion met; None when the release has no exit criteria recorded."""
        if not self.els_criteria:
            return None
        return all(c.met for c in self.els_criteria)

    @property
    def review_overdue(self) -> bool:
        """The review is due (go-live + the type's review days), has passed, and none was held."""
        if self.review_due is None or self.review_held_on is not None:
            return False
        return self.today > self.review_due

    @property
    def review_held_late(self) -> bool:
        return (
            self.review_due is not None
            and self.review_held_on is not None
            and self.review_held_on > self.review_due
        )

    @property
    def suggested_close_code(self) -> CloseCode | None:
        """Unsuccessful after a failed or rolled-back production deployment; successful with
        issues after incidents caused by the release or a deployment with issues; None before
        any production deployment finished."""
        production = [d for d in self.production_deployments if d.actual_start is not None]
        if not production:
            return None
        if any(d.result in FAILED_RESULTS for d in production):
            return CloseCode.UNSUCCESSFUL
        with_issues = any(d.result is DeploymentResult.SUCCEEDED_WITH_ISSUES for d in production)
        if with_issues or self.caused_incidents:
            return CloseCode.SUCCESSFUL_WITH_ISSUES
        return CloseCode.SUCCESSFUL


def review_due(release: dm.Release, release_type: dm.ReleaseType) -> date | None:
    """Go-live + the type's ``review_due_days``; None while the release is not live."""
    if release.actual_go_live is None:
        return None
    return release.actual_go_live + timedelta(days=release_type.review_due_days)


def els_window(release: dm.Release, release_type: dm.ReleaseType) -> tuple[date, date] | None:
    """The early-life support window: go-live to go-live + the type's ``els_days`` (both
    included); None while the release is not live."""
    if release.actual_go_live is None:
        return None
    return release.actual_go_live, release.actual_go_live + timedelta(days=release_type.els_days)


def is_review_overdue(
    release: dm.Release, release_type: dm.ReleaseType, review: dm.Review | None, today: date
) -> bool:
    """True when the review's due day has passed and no review was held."""
    due = review_due(release, release_type)
    held = review.held_on if review is not None else None
    return due is not None and held is None and today > due


def suite_results(runs: Iterable[dm.TestRun]) -> tuple[SuiteResult, ...]:
    """The latest run of each (package, suite) (as the risk scores read them), added up per
    suite, in the order of :class:`TestSuite`."""
    latest = latest_runs(runs)
    results = []
    for suite in TestSuite:
        mine = [r for r in latest if r.suite is suite]
        if not mine:
            continue
        results.append(
            SuiteResult(
                suite=suite,
                last_run_on=max(r.run_on for r in mine),
                passed=sum(r.passed for r in mine),
                failed=sum(r.failed for r in mine),
                blocked=sum(r.blocked for r in mine),
                runs=len(mine),
                signed_off=all(r.signed_off_by.strip() for r in mine),
            )
        )
    return tuple(results)


def prefill_review(
    release: dm.Release,
    release_type: dm.ReleaseType,
    *,
    today: date,
    environments: Mapping[str, dm.Environment],
    deployments: Sequence[dm.Deployment] = (),
    incidents: Sequence[dm.Incident] = (),
    test_runs: Sequence[dm.TestRun] = (),
    risks: Sequence[dm.Risk] = (),
    els_criteria: Sequence[dm.ElsCriterion] = (),
    schedule_items: Sequence[dm.ScheduleItem] = (),
    review: dm.Review | None = None,
    snapshots: Sequence[dm.RiskSnapshot] = (),
) -> ReviewPrefill:
    """Gather the facts a review of ``release`` starts from.

    Args:
        release, release_type: the release and its type (ELS length, review due days).
        today: the day "overdue" and "in early-life support" are judged on.
        environments: id → environment, for names and the production tier.
        deployments, incidents, test_runs, risks, els_criteria, schedule_items: the release's
            records (test runs of its packages; incidents linked to it).
        review: the review held or being written, if any.
        snapshots: the release's stored risk scores; the latest taken on or before go-live
            becomes ``risk_score_at_go_live`` (the "original risk rating" of the review).

    Returns:
        A :class:`ReviewPrefill`. Never raises for missing records: fields stay None or empty.
    """
    window = els_window(release, release_type)
    notes: list[str] = []
    els_incidents: list[dm.Incident] = []
    if window is None:
        notes.append("not live yet: no early-life support window")
    else:
        start, end = window
        # An incident opened during the deployment night counts: the window opens at go-live day.
        els_incidents = [i for i in incidents if start <= i.opened_at.date() <= end]
    els_incidents.sort(key=lambda i: (i.opened_at, i.id))
    by_severity = Counter(i.severity for i in els_incidents)
    milestones = [
        DateVariance("Start", release.planned_start, release.actual_start),
        DateVariance("Go-live", release.planned_go_live, release.actual_go_live),
    ]
    # The release's own start and go-live come first; schedule milestones of the same name
    # would only repeat them.
    items = sorted(
        (
            i
            for i in schedule_items
            if i.kind in MILESTONE_KINDS and i.name.lower() not in ("start", "go-live")
        ),
        key=lambda i: (i.planned_end, i.name),
    )
    milestones += [DateVariance(i.name, i.planned_end, i.actual_end) for i in items]
    lines = sorted(
        (_line(d, environments) for d in deployments),
        key=lambda d: (d.actual_start or d.planned_start, d.environment),
    )
    return ReviewPrefill(
        release_key=release.key,
        release_name=release.name,
        release_type=release_type.name,
        today=today,
        milestones=tuple(milestones),
        go_live=milestones[1],
        deployments=tuple(lines),
        els_incidents=tuple(els_incidents),
        incidents_by_severity={s: by_severity.get(s, 0) for s in IncidentSeverity},
        test_results=suite_results(test_runs),
        risks_occurred=tuple(
            sorted((r for r in risks if r.status is RiskStatus.OCCURRED), key=lambda r: -r.score)
        ),
        els_start=window[0] if window else None,
        els_end=window[1] if window else None,
        els_criteria=tuple(els_criteria),
        review_due=review_due(release, release_type),
        review_held_on=review.held_on if review is not None else None,
        risk_score_at_go_live=_score_at(snapshots, release.actual_go_live),
        notes=tuple(notes),
    )


def _line(deployment: dm.Deployment, environments: Mapping[str, dm.Environment]) -> DeploymentLine:
    environment = environments.get(deployment.environment_id)
    return DeploymentLine(
        environment=environment.name if environment else deployment.environment_id,
        production=bool(environment and environment.is_production),
        result=deployment.result,
        planned_start=deployment.planned_start,
        planned_end=deployment.planned_end,
        actual_start=deployment.actual_start,
        actual_end=deployment.actual_end,
        deployed_by=deployment.deployed_by,
        notes=deployment.notes,
    )


def _score_at(snapshots: Sequence[dm.RiskSnapshot], go_live: date | None) -> int | None:
    if go_live is None:
        return None
    before = [s for s in snapshots if s.taken_at.date() <= go_live]
    return max(before, key=lambda s: s.taken_at).score if before else None


@dataclass(frozen=True, slots=True)
class ReleaseLifecycle:
    """Where a release stands after go-live, as the release list flags it."""

    release_id: str
    key: str
    status: ReleaseStatus
    go_live: date | None
    els_end: date | None
    in_early_life_support: bool  # by status
    open_incidents: int
    highest_open_severity: IncidentSeverity | None
    els_criteria_met: int
    els_criteria_total: int
    review_due: date | None
    review_held_on: date | None
    review_overdue: bool

    @property
    def flags(self) -> tuple[str, ...]:
        """Readable warnings, each saying why ("2 open incident(s) (worst SEV2)")."""
        found = []
        if self.in_early_life_support and self.open_incidents:
            worst = self.highest_open_severity.label if self.highest_open_severity else ""
            found.append(f"{self.open_incidents} open incident(s) (worst {worst})")
        if self.review_overdue and self.review_due is not None:
            found.append(f"post-release review overdue since {self.review_due.isoformat()}")
        return tuple(found)


def release_lifecycle(
    release: dm.Release,
    release_type: dm.ReleaseType,
    *,
    incidents: Sequence[dm.Incident],
    els_criteria: Sequence[dm.ElsCriterion],
    review: dm.Review | None,
    today: date,
) -> ReleaseLifecycle:
    """A release's early-life support and review standing from its incidents (unresolved ones
    count as open), exit criteria and review."""
    open_ = [i for i in incidents if i.resolved_at is None]
    window = els_window(release, release_type)
    return ReleaseLifecycle(
        release_id=release.id,
        key=release.key,
        status=release.status,
        go_live=release.actual_go_live,
        els_end=window[1] if window else None,
        in_early_life_support=release.status is ReleaseStatus.EARLY_LIFE_SUPPORT,
        open_incidents=len(open_),
        # The values sort sev1 (the worst) first.
        highest_open_severity=min((i.severity for i in open_), default=None),
        els_criteria_met=sum(1 for c in els_criteria if c.met),
        els_criteria_total=len(els_criteria),
        review_due=review_due(release, release_type),
        review_held_on=review.held_on if review is not None else None,
        review_overdue=is_review_overdue(release, release_type, review, today),
    )
