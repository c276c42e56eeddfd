"""The demo's history: what happened to each planned release, where its division deploys."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.demo_history import DemoHistory
from releaseplanner.domain.demo_plan import plan_demo
from releaseplanner.domain.demo_schedule import PROD
from releaseplanner.domain.enums import DeploymentResult, ReleaseStatus
from releaseplanner.services.setup import reference_records

DAYS = [date(2026, 3, 10), date(2026, 12, 20)]


def build(today: date, scale: int, seed: int = 1):
    """The plan and its history, drawn from one generator as the demo service does."""
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
    return result, history.records


def of(records, record_type):
    return [r for r in records if isinstance(r, record_type)]


def test_the_same_seed_and_day_give_the_same_history():
    assert build(DAYS[0], 2)[1] == build(DAYS[0], 2)[1]
    assert build(DAYS[0], 2, seed=2)[1] != build(DAYS[0], 2)[1]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_everything_happens_where_the_division_deploys(today):
    result, records = build(today, scale=7)  # two regions
    planned = {p.release.id: p for p in result.releases}
    package_release = {p.id: p.release_id for p in of(result.records, dm.ReleasePackage)}
    for deployment in of(records, dm.Deployment):
        places = {e.id for e in planned[deployment.release_id].environments.values()}
        assert deployment.environment_id in places
    for run in of(records, dm.TestRun):
        places = {e.id for e in planned[package_release[run.package_id]].environments.values()}
        assert run.environment_id in places
    for incident in of(records, dm.Incident):
        assert incident.environment_id == planned[incident.release_id].environments[PROD].id
    regions = {p.environments[PROD].id for p in result.releases}
    assert len(regions) == 2


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_each_division_has_its_production_clash_and_its_rollback(today):
    result, records = build(today, scale=7)
    story = {p.release.id: (p.division, p.story) for p in result.releases}
    production = {p.environments[PROD].id for p in result.releases}
    prod = [d for d in of(records, dm.Deployment) if d.environment_id in production]
    deliberate, accidental = Counter(), 0
    for i, a in enumerate(prod):
        for b in prod[i + 1 :]:
            if (
                a.environment_id == b.environment_id
                and a.planned_start < b.planned_end
                and b.planned_start < a.planned_end
            ):
                (da, sa), (db, sb) = story[a.release_id], story[b.release_id]
                if da == db and {sa, sb} == {"contested", "short_lead"}:
                    deliberate[da] += 1
                else:  # two divisions' releases on the same evening, at the same hour
                    accidental += 1
    assert deliberate == dict.fromkeys(range(7), 1)
    assert accidental <= 2
    rolled_back = [d for d in prod if d.result is DeploymentResult.ROLLED_BACK]
    assert sorted(story[d.release_id] for d in rolled_back) == [
        (n, "rolled_back") for n in range(7)
    ]


def test_nothing_happened_after_today():
    today = DAYS[0]
    result, records = build(today, scale=3)
    midnight = datetime.combine(today, datetime.min.time())
    planned = {p.release.id: p for p in result.releases}
    for deployment in of(records, dm.Deployment):
        if deployment.actual_start:
            assert deployment.planned_start.date() < today
    for run in of(records, dm.TestRun):
        assert run.run_on < today
    for incident in of(records, dm.Incident):
        assert incident.opened_at < midnight
    for review in of(records, dm.Review):
        assert review.held_on < today
        assert planned[review.release_id].release.actual_go_live is not None
    for approval in of(records, dm.Approval):
        assert approval.decided_at is None or approval.decided_at < midnight
        # A planned release has not asked yet, except the rushed one, whose CAB was asked.
        if planned[approval.release_id].release.status is ReleaseStatus.PLANNED:
            assert planned[approval.release_id].story == "short_lead"
