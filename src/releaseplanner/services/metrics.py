"""Delivery metrics of a workspace: gather the records in one read session, compute them with the
pure functions of :mod:`releaseplanner.domain.delivery_metrics`.

The default period runs up to today and back to the first month with a record, but no more than
twelve calendar months, so that "the last year" is what a dashboard opens on and a young
workspace is not diluted by empty months before its first deployment.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.delivery_metrics import (
    NO_TEAM,
    DeliveryRecords,
    DeliveryReport,
    Period,
    delivery_report,
    event_days,
)
from releaseplanner.domain.enums import EnvironmentTier
from releaseplanner.domain.errors import ValidationError
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

#: How many calendar months the default period covers at most (this one included).
DEFAULT_MONTHS = 12


def gather_records(store: Store, release_ids: Collection[str] | None = None) -> DeliveryRecords:
    """Every record the metrics read, from the caller's open session; only the releases in
    ``release_ids`` (and what belongs to them) when given."""
    releases = store.all(dm.Release)
    packages = store.all(dm.ReleasePackage)
    records = DeliveryRecords(
        releases=releases,
        deployments=store.all(dm.Deployment),
        incidents=store.all(dm.Incident),
        packages=packages,
        change_items=store.all(dm.ChangeItem),
        production_environment_ids=frozenset(
            e.id for e in store.all(dm.Environment) if e.tier is EnvironmentTier.PRODUCTION
        ),
        els_days={t.id: t.els_days for t in store.all(dm.ReleaseType)},
        teams=store.names(dm.Team),
    )
    if release_ids is None:
        return records
    wanted = set(release_ids)
    return records.only_releases(lambda r: r.id in wanted)


def _months_back(day: date, months: int) -> date:
    """The first day of the month ``months`` calendar months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def default_period(
    records: DeliveryRecords, today: date, start: date | None = None, end: date | None = None
) -> Period:
    """``start``..``end``, each defaulting as the module docstring says.

    Raises:
        ValidationError: ``end`` before ``start`` (naming --to and --from).
    """
    end = end or today
    if start is None:
        earliest = _months_back(end, DEFAULT_MONTHS - 1)
        first = min((d for d in event_days(records) if d <= end), default=earliest)
        start = min(max(first.replace(day=1), earliest), end.replace(day=1))
    return Period(start, end)


def team_names(workspace: Workspace) -> list[str]:
    """The teams' names, sorted, for choosing one."""
    with workspace.session_factory() as session:
        return sorted(Store(session).names(dm.Team).values(), key=str.lower)


def delivery_metrics(
    workspace: Workspace,
    *,
    start: date | None = None,
    end: date | None = None,
    team: str | None = None,
    today: date | None = None,
) -> DeliveryReport:
    """The delivery metrics over a period, per team and per month, with DORA bands.

    Args:
        start, end: the period (both days included); see :func:`default_period`.
        team: a team name (case-insensitive), or "(no team)": only that team's releases.
        today: the day late releases are judged on (default: the real today).

    Raises:
        ValidationError: ``end`` before ``start``, or an unknown team (naming the known ones).
    """
    today = today or date.today()
    with workspace.session_factory() as session:
        records = gather_records(Store(session))
    team_name = None
    if team is not None:
        known = {name.lower(): name for name in records.teams.values()}
        known[NO_TEAM] = NO_TEAM
        team_name = known.get(team.strip().lower())
        if team_name is None:
            listed = ", ".join(sorted(records.teams.values(), key=str.lower)) or "none defined"
            raise ValidationError(f"--team: no team named '{team}' (known: {listed})")
    scope = records
    if team_name is not None:
        scope = records.only_releases(lambda r: records.team_of(r) == team_name)
    period = default_period(scope, today, start, end)
    return delivery_report(records, period, today, team=team_name)
