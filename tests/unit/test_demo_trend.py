"""The demo's risk trend: snapshots scored as each release stood, weekly, up to today."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import date, time, timedelta
from itertools import pairwise

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.demo_history import DemoHistory
from releaseplanner.domain.demo_plan import plan_demo
from releaseplanner.domain.demo_trend import RiskDates, risk_trend, snapshot_days
from releaseplanner.domain.enums import ReleaseStatus, RiskCategory, RiskStatus
from releaseplanner.domain.risk_score import release_band
from releaseplanner.services.setup import reference_records

DAY = timedelta(days=1)
DAYS = [date(2026, 3, 10), date(2026, 12, 20), date(2027, 1, 1)]


def build(today: date, scale: int = 1, seed: int = 1, every: int = 7):
    """The plan, its history and its trend, drawn from one generator as the demo service does."""
    rng = random.Random(seed)
    reference = reference_records(rng)
    result = plan_demo(
        rng,
        scale=scale,
        today=today,
        release_types=[r for r in reference if isinstance(r, dm.ReleaseType)],
        policy_rules=[r for r in reference if isinstance(r, dm.PolicyRule)],
        environments=[r for r in reference if isinstance(r, dm.Environment)],
    )
    history = DemoHistory(rng, today)
    for planned in result.releases:
        history.add(planned)
    records = [*result.records, *history.records]
    conflicts = {p.release.id: 1 for p in result.releases if p.story == "tangle"}
    trend = risk_trend(rng, result.releases, records, today=today, conflicts=conflicts, every=every)
    return result, records, trend


def test_a_risk_counts_as_open_until_it_was_settled():
    risk = dm.Risk(
        id="rsk-1",
        release_id="rel-1",
        title="Key developer on leave",
        category=RiskCategory.SCHEDULE,
        likelihood=3,
        impact=4,
        status=RiskStatus.CLOSED,
    )
    dated = RiskDates(risk, raised=date(2026, 2, 1), settled=date(2026, 2, 20))
    assert dated.on(date(2026, 1, 31)) is None
    assert dated.on(date(2026, 2, 1)).status is RiskStatus.OPEN
    assert dated.on(date(2026, 2, 19)).status is RiskStatus.OPEN
    assert dated.on(date(2026, 2, 20)) is risk
    assert RiskDates(risk, raised=date(2026, 2, 1)).on(date(2026, 2, 1)) is risk


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_every_release_has_a_series_to_today_or_the_end_of_its_support(today):
    result, records, trend = build(today)
    assert records == build(today)[1]  # the trend is drawn last: it changed nothing else
    by_release = defaultdict(list)
    for snapshot in trend:
        by_release[snapshot.release_id].append(snapshot)
    assert set(by_release) == {p.release.id for p in result.releases}
    for planned in result.releases:
        series = by_release[planned.release.id]
        days = [s.taken_at.date() for s in series]
        assert days == sorted(set(days))
        assert days[-1] == min(today, planned.stages["exit"][0])
        assert all(b - a == 7 * DAY for a, b in pairwise(days[:-1]))
        assert len(days) == 1 or days[-1] - days[-2] <= 10 * DAY
        assert days[0] <= max(planned.release.planned_start, today)
        for snapshot in series:
            assert snapshot.id.startswith("rss-") and snapshot.taken_at.time() == time(8)
            assert 0 <= snapshot.score <= 100
            assert snapshot.band == release_band(snapshot.score).value
            assert json.loads(snapshot.breakdown)["score"] == snapshot.score
        if planned.release.status is ReleaseStatus.CLOSED:
            assert len(series) >= 3
    # Scores move as risks are raised and settled, tests run and go-lives draw near.
    moving = [s for s in by_release.values() if len({x.score for x in s}) > 1]
    assert len(moving) >= len(result.releases) // 2


def test_a_closed_release_ends_calmer_than_it_started():
    result, _, trend = build(DAYS[0])
    closed = [p.release.id for p in result.releases if p.release.status is ReleaseStatus.CLOSED]
    for release_id in closed:
        series = [s for s in trend if s.release_id == release_id]
        assert series[-1].score < series[0].score


def test_snapshot_days_step_weekly_and_never_crowd_the_last():
    result, _, _ = build(DAYS[0])
    planned = next(p for p in result.releases if p.release.status is ReleaseStatus.CLOSED)
    days = snapshot_days(planned, [], DAYS[0], 7)
    assert days[0] == planned.release.planned_start
    assert days[-1] == planned.stages["exit"][0]
    assert all(b - a == 7 * DAY for a, b in pairwise(days[:-1]))
    assert 3 * DAY < days[-1] - days[-2] <= 10 * DAY
    monthly = snapshot_days(planned, [], DAYS[0], 30)
    assert len(monthly) < len(days) and monthly[-1] == days[-1]


def test_the_same_seed_and_day_give_the_same_trend():
    assert build(DAYS[0], scale=2)[2] == build(DAYS[0], scale=2)[2]
    assert build(DAYS[0], scale=2, seed=2)[2] != build(DAYS[0], scale=2)[2]
