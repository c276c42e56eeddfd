"""Schedule problems: each rule's findings, its boundary days, and the sweeps under them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import (
    Plan,
    ProblemKind,
    Severity,
    component_clashes,
    dependency_violations,
    deployment_overlaps,
    find_problems,
    freeze_breaches,
    missed_go_lives,
    overlapping_between,
    overlapping_pairs,
)
from releaseplanner.domain.enums import (
    DependencyKind,
    EnvironmentTier,
    ReleaseStatus,
    ScheduleKind,
    ScheduleStatus,
    WindowKind,
)

D = date
PROD = dm.Environment(id="env-prod", name="Production", tier=EnvironmentTier.PRODUCTION)
TEST = dm.Environment(id="env-test", name="Test", tier=EnvironmentTier.TEST)
MINOR = dm.ReleaseType(id="rtp-minor", key="minor", name="Minor")
EMERGENCY = dm.ReleaseType(
    id="rtp-emergency", key="emergency", name="Emergency", may_override_freeze=True
)


def release(key, *, kind=MINOR, status=ReleaseStatus.PLANNED, go_live=None, actual=None):
    return dm.Release(
        id=f"rel-{key}",
        key=key,
        name=f"Release {key}",
        release_type_id=kind.id,
        status=status,
        planned_go_live=go_live,
        actual_go_live=actual,
    )


def item(name, owner, kind, start, end, *, env=None, status=ScheduleStatus.NOT_STARTED):
    return dm.ScheduleItem(
        id=f"sch-{name}",
        release_id=owner.id,
        name=name,
        kind=kind,
        planned_start=start,
        planned_end=end,
        environment_id=env.id if env else None,
        status=status,
    )


def deploy(name, owner, start, end, env=PROD, **kw):
    return item(name, owner, ScheduleKind.DEPLOYMENT, start, end, env=env, **kw)


def plan(releases, items=(), **kw):
    return Plan(
        releases=releases,
        release_types=(MINOR, EMERGENCY),
        environments=(PROD, TEST),
        items=items,
        **kw,
    )


A, B, C = release("A"), release("B"), release("C")


# -- deployments to one environment ------------------------------------------------------------
def test_deployments_sharing_one_day_in_production_clash_with_high_severity():
    first = deploy("Deploy A", A, D(2026, 3, 2), D(2026, 3, 5))
    second = deploy("Deploy B", B, D(2026, 3, 5), D(2026, 3, 6))
    (problem,) = deployment_overlaps(plan([A, B], [first, second]))
    assert problem.kind is ProblemKind.DEPLOYMENT_OVERLAP
    assert problem.severity is Severity.HIGH
    assert (problem.item_ids, problem.release_ids) == (
        ("sch-Deploy A", "sch-Deploy B"),
        ("rel-A", "rel-B"),
    )
    assert (problem.start, problem.end) == (D(2026, 3, 5), D(2026, 3, 5))
    assert problem.message == (
        "'Deploy A' (A, 2026-03-02 to 2026-03-05) and 'Deploy B' (B, 2026-03-05 to 2026-03-06) "
        "both deploy to Production: 1 day overlap (2026-03-05)."
    )


def test_adjacent_deployments_and_other_environments_do_not_clash():
    items = [
        deploy("Deploy A", A, D(2026, 3, 2), D(2026, 3, 5)),
        deploy("Deploy B", B, D(2026, 3, 6), D(2026, 3, 8)),
        deploy("Deploy C", C, D(2026, 3, 2), D(2026, 3, 8), env=TEST),
    ]
    assert deployment_overlaps(plan([A, B, C], items)) == []


def test_outside_production_an_overlap_is_medium_and_counts_every_shared_day():
    items = [
        deploy("Deploy A", A, D(2026, 3, 2), D(2026, 3, 9), env=TEST),
        deploy("Deploy B", B, D(2026, 3, 4), D(2026, 3, 6), env=TEST),
    ]
    (problem,) = deployment_overlaps(plan([A, B], items))
    assert problem.severity is Severity.MEDIUM
    assert "both deploy to Test: 3 days overlap (2026-03-04 to 2026-03-06)" in problem.message


def test_one_releases_own_deployments_may_overlap():
    items = [
        deploy("Deploy API", A, D(2026, 3, 2), D(2026, 3, 5)),
        deploy("Deploy UI", A, D(2026, 3, 3), D(2026, 3, 5)),
    ]
    assert deployment_overlaps(plan([A], items)) == []


def test_every_pair_of_three_overlapping_releases_is_reported():
    items = [deploy(f"Deploy {r.key}", r, D(2026, 3, 2), D(2026, 3, 3)) for r in (A, B, C)]
    problems = deployment_overlaps(plan([A, B, C], items))
    assert sorted(p.release_ids for p in problems) == [
        ("rel-A", "rel-B"),
        ("rel-A", "rel-C"),
        ("rel-B", "rel-C"),
    ]


def test_cancelled_work_drops_out():
    dropped = release("DROP", status=ReleaseStatus.CANCELLED)
    span = (D(2026, 3, 2), D(2026, 3, 3))
    items = [
        deploy("Open", A, *span),
        deploy("Cancelled", B, *span, status=ScheduleStatus.CANCELLED),
        deploy("Of cancelled", dropped, *span),
    ]
    assert deployment_overlaps(plan([A, B, dropped], items)) == []


def test_a_clash_of_finished_work_is_kept_for_the_record_at_low_severity():
    closed = release("OLD", status=ReleaseStatus.CLOSED)
    span = (D(2026, 3, 2), D(2026, 3, 3))
    done = deploy("Done", closed, *span)  # its release is closed
    also_done = deploy("Also done", A, *span, status=ScheduleStatus.DONE)
    (history,) = deployment_overlaps(plan([A, closed], [done, also_done]))
    assert history.severity is Severity.LOW
    assert history.message.endswith(
        "(2026-03-02 to 2026-03-03). All of it is done: kept for the record."
    )
    (problem,) = deployment_overlaps(plan([C, closed], [done, deploy("Open", C, *span)]))
    assert problem.severity is Severity.HIGH and problem.message.endswith("to 2026-03-03).")


# -- freeze windows ----------------------------------------------------------------------------
YEAR_END = dm.FreezeWindow(id="frz-1", name="Year-end", start=D(2026, 12, 18), end=D(2027, 1, 4))
PROD_FREEZE = dm.FreezeWindow(
    id="frz-2", name="Audit", start=D(2026, 6, 1), end=D(2026, 6, 5), environment_id=PROD.id
)


def test_a_freeze_for_all_environments_catches_builds_and_deployments_anywhere():
    items = [
        deploy("Deploy", A, D(2026, 12, 10), D(2026, 12, 18), env=TEST),
        item("Build", B, ScheduleKind.BUILD, D(2027, 1, 4), D(2027, 1, 6)),
        item("Test", C, ScheduleKind.TEST, D(2026, 12, 20), D(2026, 12, 22)),
    ]
    problems = freeze_breaches(plan([A, B, C], items, windows=[YEAR_END]))
    assert sorted((p.item_ids, p.start, p.end) for p in problems) == [
        (("sch-Build",), D(2027, 1, 4), D(2027, 1, 4)),
        (("sch-Deploy",), D(2026, 12, 18), D(2026, 12, 18)),
    ]
    deployment = next(p for p in problems if p.item_ids == ("sch-Deploy",))
    assert deployment.severity is Severity.HIGH
    assert deployment.message == (
        "'Deploy' (A, 2026-12-10 to 2026-12-18) is a deployment inside freeze window "
        "'Year-end' (all environments, 2026-12-18 to 2027-01-04): 1 day inside."
    )


def test_work_ending_the_day_before_a_freeze_or_starting_after_it_is_fine():
    items = [
        deploy("Before", A, D(2026, 12, 10), D(2026, 12, 17)),
        deploy("After", B, D(2027, 1, 5), D(2027, 1, 6)),
    ]
    assert freeze_breaches(plan([A, B], items, windows=[YEAR_END])) == []


def test_a_freeze_for_one_environment_catches_only_deployments_to_it():
    span = (D(2026, 6, 3), D(2026, 6, 4))
    items = [
        deploy("To production", A, *span),
        deploy("To test", B, *span, env=TEST),
        item("Build", C, ScheduleKind.BUILD, *span),
    ]
    (problem,) = freeze_breaches(plan([A, B, C], items, windows=[PROD_FREEZE]))
    assert problem.item_ids == ("sch-To production",)
    assert "freeze window 'Audit' (Production, 2026-06-01 to 2026-06-05): 2 days inside" in (
        problem.message
    )


def test_maintenance_windows_are_not_freezes_and_a_past_breach_is_low():
    maintenance = dm.FreezeWindow(
        id="frz-3",
        name="Sunday",
        start=D(2026, 6, 7),
        end=D(2026, 6, 7),
        kind=WindowKind.MAINTENANCE,
    )
    items = [
        deploy("In maintenance", A, D(2026, 6, 7), D(2026, 6, 7)),
        deploy("Done", B, D(2026, 6, 1), D(2026, 6, 1), status=ScheduleStatus.DONE),
    ]
    (problem,) = freeze_breaches(plan([A, B], items, windows=[maintenance, PROD_FREEZE]))
    assert (problem.item_ids, problem.severity) == (("sch-Done",), Severity.LOW)
    assert problem.message.endswith("1 day inside. All of it is done: kept for the record.")


def test_an_emergency_release_may_override_a_freeze_but_needs_authorisation():
    urgent = release("HOT-1", kind=EMERGENCY)
    items = [deploy("Hotfix", urgent, D(2026, 12, 24), D(2026, 12, 24))]
    (problem,) = freeze_breaches(plan([urgent], items, windows=[YEAR_END]))
    assert problem.severity is Severity.MEDIUM
    assert problem.message.endswith(
        "1 day inside; HOT-1 is of type Emergency, which may override the freeze, but an "
        "override authorisation is required."
    )


# -- dependencies ------------------------------------------------------------------------------
def dependency(before, after, *, kind=DependencyKind.FINISH_TO_START, lag=0):
    return dm.Dependency(
        id=f"dep-{before.name}-{after.name}",
        predecessor_id=before.id,
        successor_id=after.id,
        kind=kind,
        lag_days=lag,
    )


TESTING = item("System test", A, ScheduleKind.TEST, D(2026, 3, 2), D(2026, 3, 6))


@pytest.mark.parametrize(
    ("start", "lag", "violated"),
    [
        (D(2026, 3, 6), 0, True),  # starts on the predecessor's last day
        (D(2026, 3, 7), 0, False),  # the day after
        (D(2026, 3, 8), 2, True),
        (D(2026, 3, 9), 2, False),
    ],
)
def test_finish_to_start_needs_the_day_after_the_end_plus_lag(start, lag, violated):
    after = deploy("Go", A, start, start)
    problems = dependency_violations(
        plan([A], [TESTING, after], dependencies=[dependency(TESTING, after, lag=lag)])
    )
    assert bool(problems) is violated


def test_a_violated_dependency_says_when_the_successor_could_start():
    after = deploy("Deploy to Production", B, D(2026, 3, 5), D(2026, 3, 5))
    links = [dependency(TESTING, after, lag=2)]
    (problem,) = dependency_violations(plan([A, B], [TESTING, after], dependencies=links))
    assert problem.kind is ProblemKind.DEPENDENCY_VIOLATED
    assert problem.message == (
        "'Deploy to Production' (B) starts 2026-03-05 but depends on 'System test' (A), which "
        "ends 2026-03-06 + 2 days lag: it can start 2026-03-09 at the earliest, 4 days too early."
    )
    assert problem.item_ids == (TESTING.id, after.id)
    assert problem.release_ids == ("rel-A", "rel-B")
    assert (problem.start, problem.end) == (D(2026, 3, 5), D(2026, 3, 8))


def test_a_negative_lag_is_a_lead():
    after = deploy("Go", A, D(2026, 3, 5), D(2026, 3, 5))
    links = [dependency(TESTING, after, lag=-1)]
    (problem,) = dependency_violations(plan([A], [TESTING, after], dependencies=links))
    assert "which ends 2026-03-06 - 1 day lead: it can start 2026-03-06 at the earliest" in (
        problem.message
    )
    links = [dependency(TESTING, after, lag=-2)]
    assert dependency_violations(plan([A], [TESTING, after], dependencies=links)) == []


def test_start_to_start_and_finish_to_finish_dependencies():
    early = item("Docs", A, ScheduleKind.MILESTONE, D(2026, 3, 3), D(2026, 3, 9))
    links = [dependency(TESTING, early, kind=DependencyKind.START_TO_START, lag=2)]
    (problem,) = dependency_violations(plan([A], [TESTING, early], dependencies=links))
    assert "'Docs' (A) starts 2026-03-03 but may start only once 'System test' (A) has " in (
        problem.message
    )
    assert "it can start 2026-03-04 at the earliest, 1 day too early" in problem.message
    links = [dependency(TESTING, early, kind=DependencyKind.FINISH_TO_FINISH, lag=4)]
    (problem,) = dependency_violations(plan([A], [TESTING, early], dependencies=links))
    assert "'Docs' (A) ends 2026-03-09 but may end only once 'System test' (A) has ended" in (
        problem.message
    )
    assert "it can end 2026-03-10 at the earliest, 1 day too early" in problem.message
    links = [dependency(TESTING, early, kind=DependencyKind.FINISH_TO_FINISH, lag=3)]
    assert dependency_violations(plan([A], [TESTING, early], dependencies=links)) == []


def test_dependencies_on_cancelled_or_missing_items_are_ignored():
    after = deploy("Go", A, D(2026, 3, 2), D(2026, 3, 2), status=ScheduleStatus.CANCELLED)
    links = [dependency(TESTING, after)]
    assert dependency_violations(plan([A], [TESTING, after], dependencies=links)) == []
    assert dependency_violations(plan([A], [after], dependencies=links)) == []


# -- components changed by two releases --------------------------------------------------------
API = dm.Component(id="cmp-api", ci_id="CI-1", name="Payments API")
LEDGER = dm.Component(id="cmp-ledger", ci_id="CI-2", name="Ledger")


def changes(owner, *components):
    package = dm.ReleasePackage(id=f"pkg-{owner.key}", release_id=owner.id, name="Package")
    links = [
        dm.PackageComponent(id=f"pcm-{owner.key}-{c.id}", package_id=package.id, component_id=c.id)
        for c in components
    ]
    return [package], links


def clash_plan(releases, items, changed):
    packages, links = [], []
    for owner, components in changed:
        more_packages, more_links = changes(owner, *components)
        packages += more_packages
        links += more_links
    return plan(
        releases, items, packages=packages, package_components=links, components=[API, LEDGER]
    )


def test_two_releases_testing_a_shared_component_at_once_clash():
    items = [
        item("UAT B", B, ScheduleKind.TEST, D(2026, 4, 8), D(2026, 4, 14)),
        item("System test A", A, ScheduleKind.TEST, D(2026, 4, 1), D(2026, 4, 10)),
        deploy("Deploy A", A, D(2026, 4, 14), D(2026, 4, 14)),
    ]
    problems = component_clashes(clash_plan([A, B], items, [(A, [API]), (B, [API, LEDGER])]))
    (problem,) = problems
    assert problem.kind is ProblemKind.COMPONENT_CLASH
    assert problem.severity is Severity.MEDIUM
    assert problem.release_ids == ("rel-A", "rel-B")
    assert problem.item_ids == ("sch-System test A", "sch-UAT B", "sch-Deploy A")
    assert (problem.start, problem.end) == (D(2026, 4, 8), D(2026, 4, 14))
    assert problem.message == (
        "A and B both change 'Payments API' while their test/deployment windows overlap for "
        "4 days (2026-04-08 to 2026-04-14): 'System test A' (A, 2026-04-01 to 2026-04-10) meets "
        "'UAT B' (B, 2026-04-08 to 2026-04-14) and 1 more overlapping pair(s)."
    )


def test_every_shared_component_is_named_in_one_finding_per_pair_of_releases():
    items = [
        item("Test A", A, ScheduleKind.TEST, D(2026, 4, 1), D(2026, 4, 3)),
        item("Test B", B, ScheduleKind.TEST, D(2026, 4, 3), D(2026, 4, 5)),
    ]
    changed = [(A, [API, LEDGER]), (B, [LEDGER, API])]
    (problem,) = component_clashes(clash_plan([A, B], items, changed))
    assert "both change 'Ledger' and 'Payments API' while" in problem.message
    assert "overlap for 1 day (2026-04-03)" in problem.message


@pytest.mark.parametrize(
    ("b_kind", "b_start", "changed_by_b"),
    [
        (ScheduleKind.TEST, D(2026, 4, 4), [API]),  # the day after A's test ends
        (ScheduleKind.BUILD, D(2026, 4, 2), [API]),  # builds are not test/deployment windows
        (ScheduleKind.TEST, D(2026, 4, 2), [LEDGER]),  # another component
    ],
)
def test_no_clash_without_a_shared_component_at_a_shared_time(b_kind, b_start, changed_by_b):
    items = [
        item("Test A", A, ScheduleKind.TEST, D(2026, 4, 1), D(2026, 4, 3)),
        item("Work B", B, b_kind, b_start, D(2026, 4, 5)),
    ]
    assert component_clashes(clash_plan([A, B], items, [(A, [API]), (B, changed_by_b)])) == []


def test_one_release_changing_a_component_in_two_packages_is_no_clash():
    second = dm.ReleasePackage(id="pkg-A2", release_id=A.id, name="Second")
    items = [
        item("Test 1", A, ScheduleKind.TEST, D(2026, 4, 1), D(2026, 4, 3)),
        item("Test 2", A, ScheduleKind.TEST, D(2026, 4, 2), D(2026, 4, 3)),
    ]
    base = clash_plan([A], items, [(A, [API])])
    extra = dm.PackageComponent(id="pcm-x", package_id=second.id, component_id=API.id)
    assert (
        component_clashes(
            Plan(
                releases=base.releases,
                items=base.items,
                packages=[*base.packages, second],
                package_components=[*base.package_components, extra],
                components=base.components,
            )
        )
        == []
    )


# -- go-lives ----------------------------------------------------------------------------------
TODAY = D(2026, 3, 10)


def test_a_go_live_in_the_past_without_deployment_is_reported():
    late = release("LATE", status=ReleaseStatus.IN_TEST, go_live=D(2026, 3, 9))
    (problem,) = missed_go_lives(plan([late]), today=TODAY)
    assert (problem.kind, problem.severity) == (ProblemKind.GO_LIVE_MISSED, Severity.HIGH)
    assert problem.release_ids == ("rel-LATE",)
    assert (problem.start, problem.end, problem.item_ids) == (D(2026, 3, 9), D(2026, 3, 9), ())
    assert problem.message == (
        "LATE 'Release LATE' was to go live on 2026-03-09 (1 day ago) but its status is "
        "'In test' and no actual go-live is recorded."
    )


@pytest.mark.parametrize(
    ("status", "go_live", "actual"),
    [
        (ReleaseStatus.IN_TEST, TODAY, None),  # going live today is not late yet
        (ReleaseStatus.IN_TEST, None, None),
        (ReleaseStatus.DEPLOYING, D(2026, 3, 1), None),
        (ReleaseStatus.EARLY_LIFE_SUPPORT, D(2026, 3, 1), None),
        (ReleaseStatus.CLOSED, D(2026, 3, 1), None),
        (ReleaseStatus.CANCELLED, D(2026, 3, 1), None),
        (ReleaseStatus.APPROVED, D(2026, 3, 1), D(2026, 3, 2)),
    ],
)
def test_go_lives_that_are_not_missed(status, go_live, actual):
    one = release("R", status=status, go_live=go_live, actual=actual)
    assert missed_go_lives(plan([one]), today=TODAY) == []


# -- everything together and the sweeps --------------------------------------------------------
def test_find_problems_runs_every_rule_and_puts_the_worst_first():
    late = release("LATE", go_live=D(2026, 1, 5))
    items = [
        deploy("Deploy A", A, D(2026, 3, 2), D(2026, 3, 3), env=TEST),
        deploy("Deploy B", B, D(2026, 3, 3), D(2026, 3, 4), env=TEST),
    ]
    problems = find_problems(plan([A, B, late], items), today=TODAY)
    assert [(p.kind, p.severity) for p in problems] == [
        (ProblemKind.GO_LIVE_MISSED, Severity.HIGH),
        (ProblemKind.DEPLOYMENT_OVERLAP, Severity.MEDIUM),
    ]


spans = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 6)).map(
        lambda t: (D(2026, 1, 1) + timedelta(t[0]), D(2026, 1, 1) + timedelta(t[0] + t[1]))
    ),
    max_size=25,
)


@given(spans)
def test_the_sweep_finds_exactly_the_overlapping_pairs(given_spans):
    tagged = [(s, e, i) for i, (s, e) in enumerate(given_spans)]
    found = {frozenset(pair) for pair in overlapping_pairs(tagged)}
    expected = {
        frozenset((i, j))
        for i, (s1, e1, _) in enumerate(tagged)
        for j, (s2, e2, _) in enumerate(tagged)
        if i < j and s1 <= e2 and s2 <= e1
    }
    assert found == expected
    assert len(list(overlapping_pairs(tagged))) == len(expected)


@given(spans, spans)
def test_the_two_sided_sweep_pairs_only_left_with_right(left_spans, right_spans):
    left = [(s, e, ("L", i)) for i, (s, e) in enumerate(left_spans)]
    right = [(s, e, ("R", i)) for i, (s, e) in enumerate(right_spans)]
    found = list(overlapping_between(left, right))
    expected = {(a[2], b[2]) for a in left for b in right if a[0] <= b[1] and b[0] <= a[1]}
    assert set(found) == expected and len(found) == len(expected)
