"""The demo plan: reproducible, consistent dates, and its deliberate problems on any day."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import Plan, ProblemKind, find_problems
from releaseplanner.domain.demo_plan import plan_demo
from releaseplanner.domain.demo_schedule import PROD
from releaseplanner.domain.demo_vocabulary import region
from releaseplanner.domain.enums import (
    FINISHED_RELEASE_STATUSES,
    EnvironmentTier,
    ReleaseStatus,
    ScheduleKind,
    ScheduleStatus,
    WindowKind,
)
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.policy import check_lead_time
from releaseplanner.domain.rules import KEY_PATTERN, validate_release
from releaseplanner.services.setup import reference_records

# Around the year-end freeze and far from it: the stories must hold on any day.
DAYS = [
    date(2026, 3, 10),
    date(2026, 7, 15),
    date(2026, 10, 1),
    date(2026, 12, 20),
    date(2027, 1, 1),
]


def plan(today: date, *, scale: int = 1, seed: int = 1, reference: list | None = None):
    rng = random.Random(seed)
    reference = reference if reference is not None else reference_records(rng)
    return plan_demo(
        rng,
        scale=scale,
        today=today,
        release_types=[r for r in reference if isinstance(r, dm.ReleaseType)],
        policy_rules=[r for r in reference if isinstance(r, dm.PolicyRule)],
        environments=[r for r in reference if isinstance(r, dm.Environment)],
    )


def of(result, record_type):
    return [r for r in result.records if isinstance(r, record_type)]


def violated(result) -> list[tuple[dm.ScheduleItem, dm.ScheduleItem]]:
    """Finish-to-start pairs whose successor starts before (or on) the predecessor's last day."""
    items = {i.id: i for i in of(result, dm.ScheduleItem)}
    pairs = [(items[d.predecessor_id], items[d.successor_id]) for d in of(result, dm.Dependency)]
    return [(a, b) for a, b in pairs if b.planned_start <= a.planned_end]


def test_the_same_seed_and_day_give_the_same_records():
    first, second = plan(DAYS[0]), plan(DAYS[0])
    assert first.records == second.records
    assert plan(DAYS[0], seed=2).records != first.records


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_exactly_one_dependency_per_division_is_violated_on_purpose(today):
    result = plan(today, scale=2)
    bad = violated(result)
    assert len(bad) == 2
    for before, after in bad:
        assert before.kind is ScheduleKind.DEPLOYMENT and after.kind is ScheduleKind.TEST
        assert after.planned_start < before.planned_start


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_stories_hold_on_any_day(today):
    result = plan(today)
    releases = {r.id: r for r in of(result, dm.Release)}
    by_story = {p.story: p.release for p in result.releases}
    (freeze,) = [w for w in of(result, dm.FreezeWindow) if w.kind.value == "freeze"]
    assert freeze.start.month == 12 and freeze.end.month == 1
    assert abs((freeze.start - today).days) < 200

    prod_deploys = [
        i
        for i in of(result, dm.ScheduleItem)
        if i.kind is ScheduleKind.DEPLOYMENT and i.name == "Deploy to Production"
    ]
    in_freeze = [i for i in prod_deploys if freeze.start <= i.planned_start <= freeze.end]
    assert by_story["freeze"].id in {i.release_id for i in in_freeze}

    undeployed = by_story["undeployed"]
    assert undeployed.planned_go_live < today and undeployed.actual_go_live is None
    assert undeployed.status not in FINISHED_RELEASE_STATUSES

    contested, short_lead = by_story["contested"], by_story["short_lead"]
    assert contested.planned_go_live == short_lead.planned_go_live
    assert contested.status is ReleaseStatus.IN_BUILD
    assert short_lead.status is ReleaseStatus.PLANNED
    # Only the short-lead major was raised with less notice than its type's lead time.
    raised: dict[str, date] = {}
    package_release = {p.id: p.release_id for p in of(result, dm.ReleasePackage)}
    for change in of(result, dm.ChangeItem):
        release_id = package_release[change.package_id]
        raised[release_id] = min(raised.get(release_id, change.created_on), change.created_on)
    late = [
        p.release
        for p in result.releases
        if check_lead_time(p.release, p.release_type, raised[p.release.id])
    ]
    assert late == [short_lead]

    assert by_story["rolled_back"].status is ReleaseStatus.ROLLED_BACK
    assert {p.release_type.key for p in result.releases} == {"major", "minor", "patch", "emergency"}
    assert len(releases) == 10


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_dates_and_statuses_are_consistent(today):
    result = plan(today, scale=3, seed=today.toordinal())
    undeployed = {p.release.id for p in result.releases if p.story == "undeployed"}
    for release in of(result, dm.Release):
        validate_release(release)
        assert release.planned_start <= release.planned_go_live
        if release.status is ReleaseStatus.PLANNED:
            assert release.planned_start > today and release.actual_start is None
        if release.status in (ReleaseStatus.CLOSED, ReleaseStatus.EARLY_LIFE_SUPPORT):
            assert release.actual_go_live == release.planned_go_live < today
    for item in of(result, dm.ScheduleItem):
        assert item.planned_start <= item.planned_end
        if item.status is ScheduleStatus.DONE:
            assert item.actual_start <= item.actual_end <= today
        if item.status is ScheduleStatus.NOT_STARTED:  # to come, or waiting for a go-live
            assert item.planned_start > today or item.release_id in undeployed
        if item.status is ScheduleStatus.LATE:
            assert item.planned_end < today and item.release_id in undeployed
    for window in of(result, dm.FreezeWindow):
        assert window.start <= window.end


def test_keys_names_and_catalogue_stay_unique_at_scale():
    result = plan(DAYS[0], scale=40)
    keys = [r.key for r in of(result, dm.Release)]
    assert len(set(keys)) == len(keys) == 400
    assert all(KEY_PATTERN.match(key) for key in keys)
    teams = [t.name for t in of(result, dm.Team)]
    assert len(set(teams)) == len(teams) == 120
    ci_ids = [c.ci_id for c in of(result, dm.Component)]
    assert len(set(ci_ids)) == len(ci_ids)
    pairs = Counter((p.package_id, p.component_id) for p in of(result, dm.PackageComponent))
    assert max(pairs.values()) == 1
    assert len({p.name for p in of(result, dm.Person)}) > 300  # plausible names, rarely repeated


def test_the_first_division_reads_like_the_issue():
    result = plan(DAYS[0])
    keys = {r.key for r in of(result, dm.Release)}
    assert {"PAY-4.0", "PAY-4.1", "PAY-5.0", "IAM-2.7", "IAM-2.7.1"} <= keys
    assert {t.name for t in of(result, dm.Team)} == {"Payments", "Identity", "Platform"}
    assert "Payments API 4.1" in {r.name for r in of(result, dm.Release)}
    assert all(c.ci_id.startswith("CI-0") for c in of(result, dm.Component))


def test_reference_data_without_a_needed_type_is_named():
    reference = [
        r
        for r in reference_records(random.Random(1))
        if not (isinstance(r, dm.ReleaseType) and r.key == "emergency")
    ]
    with pytest.raises(ValidationError, match="release types: the demo needs emergency"):
        plan(DAYS[0], reference=reference)


def test_a_maintenance_window_never_falls_inside_the_freeze():
    for offset in range(0, 366, 7):
        result = plan(date(2026, 1, 1) + timedelta(days=offset))
        (freeze,) = [w for w in of(result, dm.FreezeWindow) if w.kind.value == "freeze"]
        for window in of(result, dm.FreezeWindow):
            if window is not freeze:
                assert window.end < freeze.start or window.start > freeze.end


def problems(today: date, scale: int):
    """The plan and the problems the schedule rules find in it."""
    reference = reference_records(random.Random(1))
    result = plan(today, scale=scale, reference=reference)
    records = [*reference, *result.records]
    found = find_problems(
        Plan(
            releases=of(result, dm.Release),
            release_types=[r for r in reference if isinstance(r, dm.ReleaseType)],
            items=of(result, dm.ScheduleItem),
            dependencies=of(result, dm.Dependency),
            windows=of(result, dm.FreezeWindow),
            environments=[r for r in records if isinstance(r, dm.Environment)],
            packages=of(result, dm.ReleasePackage),
            package_components=of(result, dm.PackageComponent),
            components=of(result, dm.Component),
        ),
        today=today,
    )
    return result, found


def test_regions_are_named_like_the_teams_in_them():
    assert region(0) == ("", "")
    assert region(1) == ("EMEA", "EM")
    assert region(7) == ("Unit 7", "7")


def test_every_five_divisions_deploy_to_environments_of_their_own():
    result = plan(DAYS[0], scale=12)
    first = result.environments
    by_division = {p.division: p.environments for p in result.releases}
    assert all(by_division[d] == first for d in range(5))
    assert by_division[5] == by_division[9] != first
    assert {e.name for e in by_division[5].values()} == {
        "Dev EMEA",
        "Test EMEA",
        "Staging EMEA",
        "Production EMEA",
    }
    assert by_division[10][EnvironmentTier.PRODUCTION].name == "Production Americas"
    made = of(result, dm.Environment)
    assert len(made) == 8 and len({e.name for e in made}) == 8
    # Each regional production keeps the year-end freeze and its maintenance weekends.
    for production in (by_division[d][EnvironmentTier.PRODUCTION] for d in (5, 10)):
        windows = [w for w in of(result, dm.FreezeWindow) if w.environment_id == production.id]
        assert sorted(w.kind.value for w in windows) == ["freeze", "maintenance", "maintenance"]
    for planned in result.releases:  # a release deploys only where its division is
        places = {i.environment_id for i in planned.schedule if i.environment_id}
        assert places == {e.id for e in planned.environments.values()}


def test_reference_environments_with_a_regional_name_are_used():
    reference = reference_records(random.Random(1))
    staging = next(r for r in reference if isinstance(r, dm.Environment) and r.name == "Staging")
    emea = dm.Environment(id="env-emea", name="Staging EMEA", tier=staging.tier, sort_order=9)
    result = plan(DAYS[0], scale=6, reference=[*reference, emea])
    assert result.releases[-1].environments[staging.tier] is emea
    assert "Staging EMEA" not in {e.name for e in of(result, dm.Environment)}


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_every_division_keeps_its_stories_and_problems(today):
    result, found = problems(today, scale=12)
    of_kind = {kind: [p for p in found if p.kind is kind] for kind in ProblemKind}
    division = {p.release.id: p.division for p in result.releases}
    (freeze,) = [
        w
        for w in of(result, dm.FreezeWindow)
        if w.kind is WindowKind.FREEZE and w.environment_id == result.environments[PROD].id
    ]
    for number in range(12):
        story = {p.story: p.release for p in result.releases if p.division == number}
        assert story["undeployed"].planned_go_live < today
        assert story["undeployed"].status is ReleaseStatus.IN_TEST
        assert story["tangle"].status is ReleaseStatus.IN_TEST
        assert story["contested"].status is ReleaseStatus.IN_BUILD
        assert story["short_lead"].status is ReleaseStatus.PLANNED
        assert story["rolled_back"].status is ReleaseStatus.ROLLED_BACK
        assert freeze.start <= story["freeze"].planned_go_live <= freeze.end
        pair = {story["contested"].id, story["short_lead"].id}
        assert any(set(p.release_ids) == pair for p in of_kind[ProblemKind.DEPLOYMENT_OVERLAP])
        assert any(set(p.release_ids) == pair for p in of_kind[ProblemKind.COMPONENT_CLASH])
        for kind, name in (
            (ProblemKind.FREEZE_BREACH, "freeze"),
            (ProblemKind.DEPENDENCY_VIOLATED, "tangle"),
            (ProblemKind.GO_LIVE_MISSED, "undeployed"),
        ):
            assert story[name].id in {r for p in of_kind[kind] for r in p.release_ids}
    missed = {division[p.release_ids[0]] for p in of_kind[ProblemKind.GO_LIVE_MISSED]}
    assert missed == set(range(12)) and len(of_kind[ProblemKind.GO_LIVE_MISSED]) == 12


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_accidental_deployment_overlaps_are_rare(today):
    result, found = problems(today, scale=12)
    story = {p.release.id: p.story for p in result.releases}
    overlaps = [p for p in found if p.kind is ProblemKind.DEPLOYMENT_OVERLAP]
    accidental = [
        p for p in overlaps if {story[r] for r in p.release_ids} != {"contested", "short_lead"}
    ]
    # 120 releases deploying five times each, 50 of them to one set of environments: a handful of
    # shared days per environment and year (on one set, thousands of problems at scale 100).
    assert len(accidental) <= 80
    assert len(found) < 200
