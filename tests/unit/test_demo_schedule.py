"""The demo's schedules and calendar: stages chained back from go-live, progress, windows."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.demo_schedule import (
    PROD,
    STAGING,
    plan_stages,
    regional_environments,
    release_status,
    schedule_records,
    windows,
)
from releaseplanner.domain.enums import (
    EnvironmentTier,
    ReleaseStatus,
    ScheduleKind,
    ScheduleStatus,
    WindowKind,
)
from releaseplanner.services.setup import reference_records

DAY = timedelta(days=1)
TODAY = date(2026, 3, 10)
REFERENCE = reference_records(random.Random(1))
TYPES = {r.key: r for r in REFERENCE if isinstance(r, dm.ReleaseType)}
ENV = {r.tier: r for r in REFERENCE if isinstance(r, dm.Environment)}
SUITES = ["unit", "integration", "system", "uat", "regression"]


def stages(key: str, start: date, live: date, names=("Core service", "Web front end")):
    return plan_stages(random.Random(1), ENV, TYPES[key], SUITES, list(names), start, live, True)


@pytest.mark.parametrize("key", ["major", "minor", "patch", "emergency"])
def test_stages_chain_back_from_go_live_without_breaking_a_dependency(key):
    live = date(2026, 5, 20)
    items, deps, spans = stages(key, live - 45 * DAY, live)
    for before, after in deps:
        assert items[after].start > items[before].end
    production = [i for i in items if i.kind is ScheduleKind.DEPLOYMENT and i.tier is PROD]
    assert [(i.start, i.end) for i in production] == [(live, live)]
    assert spans["live"] == (live, live)
    assert spans["els"][0] == live + DAY and spans["exit"][0] > spans["els"][1]
    review = items[-1]
    assert review.kind is ScheduleKind.REVIEW
    assert review.start == live + TYPES[key].review_due_days * DAY
    if key == "emergency":  # three days from build to go-live, no test phases
        assert items[0].start == live - 3 * DAY
        assert not any(i.kind is ScheduleKind.TEST for i in items)
    else:
        assert items[0].name == "Scope agreed" and items[0].start >= live - 45 * DAY
        assert any(i.name == "Deployment rehearsal" and i.tier is STAGING for i in items)


def test_release_status_is_read_off_the_stages():
    live = date(2026, 5, 20)
    items, _, spans = stages("minor", live - 45 * DAY, live)
    start = items[0].start
    assert release_status("", spans, start, start - DAY) is ReleaseStatus.PLANNED
    assert release_status("", spans, start, start) is ReleaseStatus.IN_BUILD
    assert release_status("", spans, start, spans["build"][1] + DAY) is ReleaseStatus.IN_TEST
    assert release_status("", spans, start, live) is ReleaseStatus.DEPLOYING
    assert release_status("", spans, start, live + DAY) is ReleaseStatus.EARLY_LIFE_SUPPORT
    assert release_status("", spans, start, spans["exit"][0]) is ReleaseStatus.CLOSED
    assert release_status("undeployed", spans, start, live + DAY) is ReleaseStatus.IN_TEST
    assert release_status("rolled_back", spans, start, start) is ReleaseStatus.ROLLED_BACK


def test_schedule_records_show_progress_and_a_baseline_for_open_releases():
    live = TODAY + 20 * DAY
    start = TODAY - 25 * DAY
    items, deps, spans = stages("minor", start, live)
    release = dm.Release(
        id="rel-1",
        key="PAY-4.1",
        name="Payments API 4.1",
        release_type_id=TYPES["minor"].id,
        status=release_status("", spans, items[0].start, TODAY),
        planned_start=items[0].start,
        planned_go_live=live,
        actual_start=items[0].start,
    )
    packages = [
        dm.ReleasePackage(id=f"pkg-{n}", release_id=release.id, name=name)
        for n, name in enumerate(("Core service", "Web front end"))
    ]
    records, made = schedule_records(
        random.Random(2),
        today=TODAY,
        env=ENV,
        release=release,
        items=items,
        deps=deps,
        packages=packages,
        story="",
        baseline_id="bas-1",
    )
    assert [r.name for r in records] == [i.name for i in items]
    assert made[: len(records)] == records
    for record in records:
        if record.status is ScheduleStatus.DONE:
            assert record.planned_end < TODAY and record.actual_end <= TODAY
        elif record.status is ScheduleStatus.IN_PROGRESS:
            assert record.planned_start <= TODAY <= record.planned_end
        else:
            assert record.status is ScheduleStatus.NOT_STARTED and record.planned_start > TODAY
    assert len([r for r in made if isinstance(r, dm.Dependency)]) == len(deps)
    baseline = [r for r in made if isinstance(r, dm.BaselineItem)]
    assert len(baseline) == len(records) and {b.baseline_id for b in baseline} == {"bas-1"}


@pytest.mark.parametrize("today", [date(2026, 3, 10), date(2026, 12, 20), date(2027, 1, 5)])
def test_windows_freeze_the_year_end_nearest_today_and_keep_weekends_out_of_it(today):
    freeze, *weekends = windows(random.Random(1), today, ENV[PROD], " (Production EMEA)")
    assert freeze.kind is WindowKind.FREEZE and freeze.name.endswith(" (Production EMEA)")
    assert (freeze.start.month, freeze.end.month) == (12, 1)
    assert abs((freeze.start - today).days) < 200
    assert len(weekends) == 2
    for window in weekends:
        assert window.kind is WindowKind.MAINTENANCE and window.environment_id == ENV[PROD].id
        assert window.start.weekday() == 5 and window.end == window.start + DAY
        assert window.end < freeze.start or window.start > freeze.end


def test_regional_environments_follow_the_first_region_and_reuse_what_exists():
    existing = dm.Environment(id="env-x", name="Test APAC", tier=EnvironmentTier.TEST)
    env, made = regional_environments(random.Random(1), ENV, "APAC", {"Test APAC": existing})
    names = {e.name for e in env.values()}
    assert names == {"Dev APAC", "Test APAC", "Staging APAC", "Production APAC"}
    assert existing in env.values() and existing not in made and len(made) == 3
    for tier, environment in env.items():
        assert environment.tier is tier
        if environment is not existing:
            assert environment.sort_order == ENV[tier].sort_order
