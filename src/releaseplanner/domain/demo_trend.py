"""The demo releases' risk trend: stored snapshots of each release's risk score over its history.

The risk trend chart shows stored :class:`~releaseplanner.domain.model.RiskSnapshot` rows, never
a recomputation, so a demo without them would show an empty chart. :func:`risk_trend` scores each
release as it stood on days from the start of its work to today (or to the end of its early-life
support) with :func:`releaseplanner.domain.risk_score.release_risk_score`, the scoring the app
uses: only what existed by that day counts (risks raised, test runs, change items), risks count as
open until the day they were mitigated, accepted or closed, the go-live draws nearer and schedule
items fall late. On the last day, today, a snapshot equals the score the app computes.

Pure, like the rest of the demo: the days risks were raised and settled, and the ids, come from the
caller's seeded ``random.Random``, drawn after every other record so that adding the trend changed
none of them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.demo_plan import PlannedRelease
from releaseplanner.domain.demo_schedule import DAY, PROD
from releaseplanner.domain.enums import ChangeStatus, ReleaseStatus, RiskStatus, ScheduleStatus
from releaseplanner.domain.ids import new_id
from releaseplanner.domain.risk_score import RiskInputs, release_risk_score

TAKEN_AT = time(8)  # snapshots are taken first thing in the morning, before the day's test runs


@dataclass(frozen=True, slots=True)
class RiskDates:
    """When a risk was raised and when it took its present status (open until then)."""

    risk: dm.Risk
    raised: date
    settled: date | None = None  # None: open since it was raised

    def on(self, day: date) -> dm.Risk | None:
        """The risk as it stood on ``day``; None before it was raised."""
        if day < self.raised:
            return None
        if self.settled is None or day >= self.settled:
            return self.risk
        return replace(self.risk, status=RiskStatus.OPEN)


def risk_trend(
    rng: random.Random,
    releases: Sequence[PlannedRelease],
    records: Sequence[object],
    *,
    today: date,
    conflicts: Mapping[str, int],
    every: int = 7,
) -> list[dm.RiskSnapshot]:
    """Snapshots of each release's risk score every ``every`` days, oldest first per release.

    Args:
        rng: the demo's generator, after every other record was drawn from it.
        releases: the planned releases, in plan order.
        records: every record of the plan and its history (risks, test runs, change items and
            package components are read, grouped by release or package).
        today: the day the demo is built around: the last snapshot of a release still open.
        conflicts: schedule problems involving each release (release id → count), as the app
            counts them for its score; constant over the history.
        every: days between snapshots. The series runs from the start of work (or the first
            risk, if that came first) to today or the end of early-life support, whichever is
            earlier, and always ends on that day.

    Returns:
        The new snapshots, release by release.
    """
    by_package: dict[str, list[Any]] = defaultdict(list)
    risks: dict[str, list[dm.Risk]] = defaultdict(list)
    for record in records:
        if isinstance(record, dm.Risk):
            risks[record.release_id].append(record)
        elif isinstance(record, (dm.TestRun, dm.ChangeItem, dm.PackageComponent)):
            by_package[record.package_id].append(record)
    snapshots = []
    for planned in releases:
        release = planned.release
        dated = risk_dates(rng, planned, risks[release.id], today)
        facts = [r for p in planned.packages for r in by_package[p.id]]
        for day in snapshot_days(planned, dated, today, every):
            score = release_risk_score(
                _inputs(planned, dated, facts, day, conflicts.get(release.id, 0))
            )
            snapshots.append(
                dm.RiskSnapshot(
                    id=new_id("risk_snapshot", rng),
                    release_id=release.id,
                    taken_at=datetime.combine(day, TAKEN_AT),
                    score=score.score,
                    band=score.band.value,
                    breakdown=score.breakdown_json(),
                )
            )
    return snapshots


def risk_dates(
    rng: random.Random, planned: PlannedRelease, risks: Sequence[dm.Risk], today: date
) -> list[RiskDates]:
    """When each of a release's risks was raised and settled, never after ``today``.

    The first risk is raised when work starts, the others as it goes on; a release not started
    yet had its risks raised in planning, over the last weeks. Mitigation starts and acceptance
    come days or weeks after a risk is raised; a closed release closed most of its risks at
    go-live or during early-life support, some earlier; the rolled-back release's risk occurred
    on its go-live night and the others were closed with it.
    """
    release = planned.release
    start, live = release.planned_start, release.planned_go_live
    until = min(today, planned.stages["exit"][0])
    dated = []
    for n, risk in enumerate(risks):
        if start > today:
            raised = today - rng.randint(3, 30) * DAY
        else:
            room = max(0, (min(live, today) - start).days * 2 // 3)
            raised = start + (rng.randint(0, room) if n else 0) * DAY
        settled: date | None = None
        if risk.status is RiskStatus.OCCURRED:
            settled = live
        elif risk.status is RiskStatus.CLOSED and release.status is ReleaseStatus.ROLLED_BACK:
            settled = live + rng.randint(1, 3) * DAY
        elif risk.status is RiskStatus.CLOSED and rng.random() < 0.6:
            settled = live + rng.randint(0, planned.release_type.els_days) * DAY
        elif risk.status in (RiskStatus.CLOSED, RiskStatus.ACCEPTED):
            settled = raised + rng.randint(5, 30) * DAY
        elif risk.status is RiskStatus.MITIGATING:
            settled = raised + rng.randint(2, 20) * DAY
        dated.append(RiskDates(risk, raised, settled and max(raised, min(settled, until))))
    return dated


def snapshot_days(
    planned: PlannedRelease, dated: Sequence[RiskDates], today: date, every: int
) -> list[date]:
    """Every ``every`` days from the start of work (or the first risk) to today or the end of
    early-life support, whichever comes first, and always that last day."""
    first = min([planned.release.planned_start, *(d.raised for d in dated)])
    last = min(today, planned.stages["exit"][0])
    days = []
    day = first
    while day < last - (every // 2) * DAY:  # no point crowding the last one
        days.append(day)
        day += every * DAY
    return [*days, last] if first <= last else [last]


def _inputs(
    planned: PlannedRelease,
    dated: Sequence[RiskDates],
    facts: Sequence[Any],
    day: date,
    conflicts: int,
) -> RiskInputs:
    """What the score reads, as it stood on the morning of ``day``."""
    release, release_type = planned.release, planned.release_type
    production = planned.environments[PROD].id
    live = release.actual_go_live
    return RiskInputs(
        release_key=release.key,
        today=day,
        risks=tuple(r for r in (d.on(day) for d in dated) if r is not None),
        test_runs=tuple(f for f in facts if isinstance(f, dm.TestRun) and f.run_on < day),
        required_suites=tuple(planned.suites),
        min_test_pass_rate=release_type.min_test_pass_rate,
        max_risk_score=release_type.max_risk_score,
        component_count=len({f.component_id for f in facts if isinstance(f, dm.PackageComponent)}),
        change_item_count=sum(
            1
            for f in facts
            if isinstance(f, dm.ChangeItem)
            and f.created_on <= day
            and f.status is not ChangeStatus.DEFERRED
        ),
        production_environments=int(any(i.environment_id == production for i in planned.schedule)),
        go_live=live or release.planned_go_live,
        gone_live=live is not None and live <= day,
        late_items=sum(1 for item in planned.schedule if _late_on(item, day)),
        conflicts=conflicts,
    )


def _late_on(item: dm.ScheduleItem, day: date) -> bool:
    """Past its planned end on ``day`` and not finished by then (cancelled work never is)."""
    if item.status is ScheduleStatus.CANCELLED or item.planned_end >= day:
        return False
    return item.actual_end is None or item.actual_end > day
