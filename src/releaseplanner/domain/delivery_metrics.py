"""Delivery metrics from the records of what happened: the four DORA keys and schedule adherence.

Pure functions over plain records (no storage, no clock: the caller passes the period and today).
Definitions, chosen so that a release manager can check every number by hand:

* **Deployment frequency**: successful production deployments (succeeded, or succeeded with
  issues) in the period, per week and per month. Graded by the mean interval between them
  (period days / deployments) against ``deployment_interval_days``.
* **Lead time for changes**: for each release whose *first* successful production deployment
  falls in the period, the whole days from each of its change items' ``created_on`` to that
  deployment's day; the median over all those change items. Deferred changes never shipped and
  are left out, as are changes created after the deployment (they went out later, if at all).
* **Change failure rate**: the share of production deployments in the period (every finished
  attempt) that failed or were rolled back, or after which an incident caused by the release was
  opened within the early-life support window (the deployment's day + the release type's
  ``els_days``). An incident belongs to the release's latest production deployment started
  before it was opened. "Succeeded with issues" alone is not a failure.
* **Time to restore**: hours from opened to resolved of incidents caused by a release, opened in
  the period; the median. Incidents still open are counted apart, not guessed.
* **Schedule adherence**: releases whose planned go-live falls in the period (cancelled ones
  aside): days late = actual − planned go-live (early counts as on time); a release not live yet
  whose planned go-live has passed is late by today − planned. The value is the share on time.

Each metric carries its DORA band from :data:`releaseplanner.domain.metrics.DORA_THRESHOLDS`
(the one table of bands), or None with a reason when there is nothing to grade. A metric with
nothing to measure has value None and a reason; nothing here raises on empty data.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ChangeStatus, DeploymentResult, ReleaseStatus
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.metrics import DORA_THRESHOLDS, DoraBand, dora_band

DEPLOYMENT_FREQUENCY = "deployment_frequency"
LEAD_TIME = "lead_time"
CHANGE_FAILURE_RATE = "change_failure_rate"
TIME_TO_RESTORE = "time_to_restore"
SCHEDULE_ADHERENCE = "schedule_adherence"
#: The metrics in the order reports show them.
METRICS: tuple[str, ...] = (
    DEPLOYMENT_FREQUENCY,
    LEAD_TIME,
    CHANGE_FAILURE_RATE,
    TIME_TO_RESTORE,
    SCHEDULE_ADHERENCE,
)
TITLES: dict[str, str] = {
    DEPLOYMENT_FREQUENCY: "Deployment frequency",
    LEAD_TIME: "Lead time for changes",
    CHANGE_FAILURE_RATE: "Change failure rate",
    TIME_TO_RESTORE: "Time to restore service",
    SCHEDULE_ADHERENCE: "Schedule adherence",
}
UNITS: dict[str, str] = {
    DEPLOYMENT_FREQUENCY: "deployments per week",
    LEAD_TIME: "days (median)",
    CHANGE_FAILURE_RATE: "share of deployments",
    TIME_TO_RESTORE: "hours (median)",
    SCHEDULE_ADHERENCE: "share on time",
}
#: Metric → the key of DORA_THRESHOLDS that grades it, and the detail graded. Schedule adherence
#: is no DORA metric: it is graded only once an organisation adds "schedule_days_late" (median
#: days late, lower is better) to that table.
BAND_KEYS: dict[str, tuple[str, str]] = {
    DEPLOYMENT_FREQUENCY: ("deployment_interval_days", "interval_days"),
    LEAD_TIME: ("lead_time_days", "median_days"),
    CHANGE_FAILURE_RATE: ("change_failure_rate", "rate"),
    TIME_TO_RESTORE: ("time_to_restore_hours", "median_hours"),
    SCHEDULE_ADHERENCE: ("schedule_days_late", "median_days_late"),
}
NO_TEAM = "(no team)"

SUCCESSFUL = frozenset({DeploymentResult.SUCCEEDED, DeploymentResult.SUCCEEDED_WITH_ISSUES})
FAILED = frozenset({DeploymentResult.FAILED, DeploymentResult.ROLLED_BACK})
FINISHED = SUCCESSFUL | FAILED
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True, slots=True)
class Period:
    """Days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"--to: {self.end.isoformat()} is before --from {self.start.isoformat()}"
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        return isinstance(day, date) and self.start <= day <= self.end

    def describe(self) -> str:
        return f"{self.start.isoformat()} and {self.end.isoformat()}"

    def months(self) -> list[tuple[str, Period]]:
        """The calendar months the period touches, as ("YYYY-MM", the part inside the period)."""
        found: list[tuple[str, Period]] = []
        first = self.start.replace(day=1)
        while first <= self.end:
            following = (first + timedelta(days=32)).replace(day=1)
            part = Period(max(first, self.start), min(following - timedelta(days=1), self.end))
            found.append((f"{first:%Y-%m}", part))
            first = following
        return found


@dataclass(frozen=True, slots=True)
class Metric:
    """One metric's value (None when there is nothing to measure), unit and DORA band.

    ``reason`` says why the value or the band is missing; ``sample`` is how many deployments,
    changes, incidents or releases it rests on; ``details`` holds the counts behind it.
    """

    name: str
    value: float | None
    unit: str
    band: DoraBand | None
    sample: int
    reason: str = ""
    details: Mapping[str, float | int | None] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return TITLES[self.name]


@dataclass(frozen=True, slots=True)
class DeliveryRecords:
    """Everything the metrics read. ``els_days`` maps release type id → early-life support days;
    ``teams`` maps team id → name; ``production_environment_ids`` the production tier."""

    releases: Sequence[dm.Release]
    deployments: Sequence[dm.Deployment] = ()
    incidents: Sequence[dm.Incident] = ()
    packages: Sequence[dm.ReleasePackage] = ()
    change_items: Sequence[dm.ChangeItem] = ()
    production_environment_ids: frozenset[str] = frozenset()
    els_days: Mapping[str, int] = field(default_factory=dict)
    teams: Mapping[str, str] = field(default_factory=dict)

    def team_of(self, release: dm.Release) -> str:
        """The name a release's metrics are grouped under."""
        return self.teams.get(release.team_id or "", NO_TEAM)

    def only_releases(self, keep: Callable[[dm.Release], bool]) -> DeliveryRecords:
        """The records of the releases ``keep`` accepts (a team's, say)."""
        releases = [r for r in self.releases if keep(r)]
        ids = {r.id for r in releases}
        packages = [p for p in self.packages if p.release_id in ids]
        package_ids = {p.id for p in packages}
        return DeliveryRecords(
            releases=releases,
            deployments=[d for d in self.deployments if d.release_id in ids],
            incidents=[i for i in self.incidents if i.release_id in ids],
            packages=packages,
            change_items=[c for c in self.change_items if c.package_id in package_ids],
            production_environment_ids=self.production_environment_ids,
            els_days=self.els_days,
            teams=self.teams,
        )


@dataclass(frozen=True, slots=True)
class ProductionDeployment:
    """A finished production deployment as the metrics see it."""

    release_id: str
    at: datetime  # actual start; the planned start when none was recorded
    result: DeploymentResult
    caused_incident: bool = False

    @property
    def failed(self) -> bool:
        return self.result in FAILED or self.caused_incident


@dataclass(frozen=True, slots=True)
class MonthMetrics:
    month: str  # "YYYY-MM"
    period: Period
    metrics: Mapping[str, Metric]


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """The metrics over a period, per team (by name, sorted) and per calendar month."""

    period: Period
    today: date
    overall: Mapping[str, Metric]
    by_team: Mapping[str, Mapping[str, Metric]]
    by_month: tuple[MonthMetrics, ...]
    team: str | None = None  # the team the report is restricted to, if any


def describe_value(metric: Metric) -> str:
    """A metric's value in words, as a title or a table cell shows it: "0.5 / month",
    "86 days", "75%", "15.0 hours"; "no data" when there is nothing to measure."""
    value = metric.value
    if value is None:
        return "no data"
    if metric.name == DEPLOYMENT_FREQUENCY:
        if value == 0:
            return "none"
        # Below one a week, "0.5 / month" says more than "0.12 / week".
        return f"{value:.1f} / week" if value >= 1 else f"{value * DAYS_PER_MONTH / 7:.1f} / month"
    if metric.name == LEAD_TIME:
        return f"{value:.0f} days" if value >= 2 else f"{value * 24:.0f} hours"
    if metric.name in (CHANGE_FAILURE_RATE, SCHEDULE_ADHERENCE):
        return f"{value:.0%}"
    return f"{value:.1f} hours" if value < 48 else f"{value / 24:.1f} days"


def _metric(
    name: str, value: float | None, sample: int, reason: str = "", **details: float | int | None
) -> Metric:
    band: DoraBand | None = None
    band_key, graded = BAND_KEYS[name]
    if value is not None and details.get(graded) is not None:
        if band_key in DORA_THRESHOLDS:
            band = dora_band(band_key, float(details[graded]))  # type: ignore[arg-type]
        elif not reason:
            # Schedule adherence: graded as soon as an organisation puts its key in the table.
            reason = "not a DORA metric: no band"
    return Metric(name, value, UNITS[name], band, sample, reason, details)


def _at(deployment: dm.Deployment) -> datetime:
    return deployment.actual_start or deployment.actual_end or deployment.planned_start


def production_deployments(records: DeliveryRecords) -> list[ProductionDeployment]:
    """Finished production deployments, oldest first, each marked when a caused incident fell in
    its early-life support window (see the module docstring)."""
    by_release: dict[str, list[dm.Deployment]] = {}
    for d in records.deployments:
        if d.environment_id in records.production_environment_ids and d.result in FINISHED:
            by_release.setdefault(d.release_id, []).append(d)
    types = {r.id: r.release_type_id for r in records.releases}
    caused: set[str] = set()
    for incident in records.incidents:
        if not incident.caused_by_release or incident.release_id not in by_release:
            continue
        before = [d for d in by_release[incident.release_id] if _at(d) <= incident.opened_at]
        if not before:
            continue  # opened before the release reached production: not this change's failure
        latest = max(before, key=lambda d: (_at(d), d.id))
        els = records.els_days.get(types.get(incident.release_id, ""), 0)
        if incident.opened_at.date() <= _at(latest).date() + timedelta(days=els):
            caused.add(latest.id)
    found = [
        ProductionDeployment(d.release_id, _at(d), d.result, d.id in caused)
        for ds in by_release.values()
        for d in ds
    ]
    return sorted(found, key=lambda p: (p.at, p.release_id))


def deployment_frequency(records: DeliveryRecords, period: Period) -> Metric:
    """Successful production deployments in ``period`` per week (value) and per month."""
    count = sum(
        1 for p in production_deployments(records) if p.result in SUCCESSFUL and p.at in period
    )
    per_week = count * 7 / period.days
    per_month = count * DAYS_PER_MONTH / period.days
    if not count:
        return _metric(
            DEPLOYMENT_FREQUENCY,
            0.0,
            0,
            f"no successful production deployments between {period.describe()}",
            deployments=0,
            per_month=0.0,
            interval_days=None,
            period_days=period.days,
        )
    return _metric(
        DEPLOYMENT_FREQUENCY,
        per_week,
        count,
        deployments=count,
        per_month=per_month,
        interval_days=period.days / count,
        period_days=period.days,
    )


def lead_time(records: DeliveryRecords, period: Period) -> Metric:
    """Median whole days from a change item's creation to its release's first successful
    production deployment, for releases first deployed in ``period``."""
    first: dict[str, date] = {}
    for p in production_deployments(records):
        if p.result in SUCCESSFUL and p.release_id not in first:
            first[p.release_id] = p.at.date()
    live = {rid: day for rid, day in first.items() if day in period}
    if not live:
        return _metric(
            LEAD_TIME, None, 0, f"no release reached production between {period.describe()}"
        )
    release_of = {p.id: p.release_id for p in records.packages}
    days: list[int] = []
    undated = 0
    for item in records.change_items:
        shipped = live.get(release_of.get(item.package_id, ""))
        if shipped is None or item.status is ChangeStatus.DEFERRED:
            continue
        if item.created_on is None:
            undated += 1
        elif item.created_on <= shipped:
            days.append((shipped - item.created_on).days)
    if not days:
        return _metric(
            LEAD_TIME,
            None,
            0,
            f"{len(live)} release(s) reached production, but none of their change items has a "
            "created date",
            releases=len(live),
            undated_changes=undated,
        )
    median = float(statistics.median(days))
    return _metric(
        LEAD_TIME,
        median,
        len(days),
        median_days=median,
        mean_days=statistics.fmean(days),
        max_days=max(days),
        changes=len(days),
        releases=len(live),
        undated_changes=undated,
    )


def change_failure_rate(records: DeliveryRecords, period: Period) -> Metric:
    """Share of finished production deployments in ``period`` that failed, were rolled back or
    caused an incident during early-life support."""
    attempts = [p for p in production_deployments(records) if p.at in period]
    if not attempts:
        return _metric(
            CHANGE_FAILURE_RATE,
            None,
            0,
            f"no production deployments between {period.describe()}",
        )
    failures = sum(1 for p in attempts if p.failed)
    rate = failures / len(attempts)
    return _metric(
        CHANGE_FAILURE_RATE,
        rate,
        len(attempts),
        rate=rate,
        deployments=len(attempts),
        failures=failures,
        failed_or_rolled_back=sum(1 for p in attempts if p.result in FAILED),
        caused_incidents=sum(1 for p in attempts if p.result not in FAILED and p.caused_incident),
    )


def time_to_restore(records: DeliveryRecords, period: Period) -> Metric:
    """Median hours from opened to resolved of incidents caused by a release, opened in
    ``period``."""
    caused = [
        i
        for i in records.incidents
        if i.caused_by_release and i.release_id and i.opened_at in period
    ]
    hours = [
        (i.resolved_at - i.opened_at).total_seconds() / 3600
        for i in caused
        if i.resolved_at is not None and i.resolved_at >= i.opened_at
    ]
    still_open = sum(1 for i in caused if i.resolved_at is None)
    if not hours:
        reason = f"no incident caused by a release was opened between {period.describe()}"
        if still_open:
            reason = f"{still_open} incident(s) caused by a release, none resolved yet"
        return _metric(TIME_TO_RESTORE, None, 0, reason, incidents=len(caused), open=still_open)
    median = statistics.median(hours)
    return _metric(
        TIME_TO_RESTORE,
        median,
        len(hours),
        median_hours=median,
        mean_hours=statistics.fmean(hours),
        max_hours=max(hours),
        incidents=len(caused),
        resolved=len(hours),
        open=still_open,
    )


def schedule_adherence(records: DeliveryRecords, period: Period, today: date) -> Metric:
    """Share of releases due to go live in ``period`` that went live on or before the planned
    day; a release past its planned go-live and not live by ``today`` counts as late."""
    late_by: list[int] = []
    not_live = 0
    for release in records.releases:
        planned = release.planned_go_live
        if planned is None or planned not in period or release.status is ReleaseStatus.CANCELLED:
            continue
        if release.actual_go_live is not None:
            late_by.append(max(0, (release.actual_go_live - planned).days))
        elif planned < today:
            late_by.append((today - planned).days)
            not_live += 1
    if not late_by:
        return _metric(
            SCHEDULE_ADHERENCE,
            None,
            0,
            f"no release was due to go live between {period.describe()}",
        )
    on_time = sum(1 for days in late_by if days == 0)
    share = on_time / len(late_by)
    return _metric(
        SCHEDULE_ADHERENCE,
        share,
        len(late_by),
        releases=len(late_by),
        on_time=on_time,
        late=len(late_by) - on_time,
        not_live_yet=not_live,
        median_days_late=float(statistics.median(late_by)),
        mean_days_late=statistics.fmean(late_by),
        max_days_late=max(late_by),
    )


def measure(records: DeliveryRecords, period: Period, today: date) -> dict[str, Metric]:
    """Every metric of :data:`METRICS` over ``period``, by name."""
    return {
        DEPLOYMENT_FREQUENCY: deployment_frequency(records, period),
        LEAD_TIME: lead_time(records, period),
        CHANGE_FAILURE_RATE: change_failure_rate(records, period),
        TIME_TO_RESTORE: time_to_restore(records, period),
        SCHEDULE_ADHERENCE: schedule_adherence(records, period, today),
    }


def delivery_report(
    records: DeliveryRecords, period: Period, today: date, *, team: str | None = None
) -> DeliveryReport:
    """The metrics over ``period``, per team and per calendar month.

    ``team`` (a team name as in ``records.teams``, or :data:`NO_TEAM`) restricts everything to
    that team's releases. Teams without a release in ``records`` are left out of ``by_team``.
    """
    if team is not None:
        records = records.only_releases(lambda r: records.team_of(r) == team)
    names = sorted({records.team_of(r) for r in records.releases}, key=_team_order)
    by_team = {
        name: measure(
            records.only_releases(lambda r, n=name: records.team_of(r) == n), period, today
        )
        for name in names
    }
    months = tuple(
        MonthMetrics(label, part, measure(records, part, today)) for label, part in period.months()
    )
    return DeliveryReport(period, today, measure(records, period, today), by_team, months, team)


def _team_order(name: str) -> tuple[bool, str]:
    return (name == NO_TEAM, name.lower())


def event_days(records: DeliveryRecords) -> Iterable[date]:
    """Days something measurable happened: finished production deployments, incidents caused by
    a release, actual go-lives. For choosing a default period that covers the records."""
    for p in production_deployments(records):
        yield p.at.date()
    for i in records.incidents:
        if i.caused_by_release:
            yield i.opened_at.date()
    for r in records.releases:
        if r.actual_go_live is not None:
            yield r.actual_go_live
