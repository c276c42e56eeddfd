"""The demo workspace on real SQLite files: its size, reproducibility, stories and problems."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime

import pytest

from releaseplanner.cli.main import main
from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    ApprovalDecision,
    DeploymentResult,
    JournalAction,
    ReleaseStatus,
    RiskBand,
    ScheduleKind,
    WindowKind,
)
from releaseplanner.domain.errors import UserError
from releaseplanner.domain.policy import check_lead_time
from releaseplanner.domain.risk import band_for_score
from releaseplanner.domain.rules import validate_key, validate_release, validate_risk
from releaseplanner.services.demo import build_demo
from releaseplanner.services.portfolio import create_release, list_releases, workspace_counts
from releaseplanner.services.risk import release_risks
from releaseplanner.services.risk_charts import trend_data
from releaseplanner.services.schedule import find_problems as schedule_problems
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.store import Store

TODAY = date(2026, 3, 10)
KINDS = (
    dm.Release, dm.ReleaseType, dm.PolicyRule, dm.Environment, dm.Team, dm.Person, dm.Component,
    dm.ReleasePackage, dm.PackageComponent, dm.ChangeItem, dm.ScheduleItem, dm.Dependency,
    dm.FreezeWindow, dm.Risk, dm.BuildRun, dm.TestRun, dm.Approval, dm.Deployment, dm.Incident,
    dm.Review, dm.ReviewAction, dm.ElsCriterion, dm.BaselineItem, dm.RiskSnapshot,
)  # fmt: skip


def build(path, *, scale=1, seed=1, today=TODAY):
    workspace = open_workspace(str(path), create=True)
    try:
        return build_demo(workspace, scale=scale, seed=seed, today=today), workspace
    finally:
        workspace.close()


def read_all(workspace) -> dict[type, list]:
    with workspace.session_factory() as session:
        store = Store(session)
        return {kind: sorted(store.all(kind), key=lambda r: r.id) for kind in KINDS}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The scale-1 demo, built once: (counts, its file)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    counts, _ = build(path)
    return counts, path


@pytest.fixture(scope="module")
def demo(demo_db):
    """The scale-1 demo: (counts, records by type)."""
    counts, path = demo_db
    workspace = open_workspace(str(path))
    try:
        return counts, read_all(workspace)
    finally:
        workspace.close()


def test_scale_one_is_a_small_realistic_portfolio(demo):
    counts, records = demo
    assert counts["teams"] == 3 and 12 <= counts["people"] <= 20
    assert 8 <= counts["releases"] <= 10
    assert 20 <= counts["components"] <= 30
    assert counts["schedule_items"] > 150 and counts["risks"] >= 12
    assert counts["deployments"] >= 4 * 8 and counts["incidents"] >= 3 and counts["reviews"] >= 2
    for kind, listed in records.items():  # the summary counts what was written
        name = {dm.Person: "people", dm.ReleasePackage: "packages"}.get(kind)
        if name:
            assert counts[name] == len(listed)
    per_release = Counter(p.release_id for p in records[dm.ReleasePackage])
    assert set(per_release.values()) <= {2, 3, 4}
    assert len(records[dm.ReleaseType]) == 4 and len(records[dm.Environment]) == 4
    types = {t.id: t.key for t in records[dm.ReleaseType]}
    assert {types[r.release_type_id] for r in records[dm.Release]} == set(types.values())
    assert all(c.ci_id.startswith("CI-") for c in records[dm.Component])
    assert {c.kind.value for c in records[dm.ChangeItem]} == {
        "feature",
        "fix",
        "config",
        "infrastructure",
    }


def test_the_same_seed_and_day_give_the_same_workspace(tmp_path):
    _, first = build(tmp_path / "a.sqlite")
    _, second = build(tmp_path / "b.sqlite")
    _, other = build(tmp_path / "c.sqlite", seed=2)
    assert list_releases(first) == list_releases(second)
    assert read_all(first) == read_all(second)
    assert list_releases(other) != list_releases(first)
    assert {r.id for r in list_releases(other)}.isdisjoint(r.id for r in list_releases(first))


def test_every_deliberate_problem_is_there(demo):
    _, records = demo
    releases = {r.id: r for r in records[dm.Release]}
    production = {e.id for e in records[dm.Environment] if e.is_production}
    prod = [d for d in records[dm.Deployment] if d.environment_id in production]
    overlapping = [
        (a, b)
        for i, a in enumerate(prod)
        for b in prod[i + 1 :]
        if a.planned_start < b.planned_end and b.planned_start < a.planned_end
    ]
    assert len(overlapping) == 1

    freezes = [w for w in records[dm.FreezeWindow] if w.kind is WindowKind.FREEZE]
    in_freeze = [d for d in prod for w in freezes if w.start <= d.planned_start.date() <= w.end]
    assert [releases[d.release_id].key for d in in_freeze] == ["PLT-2025.12"]

    items = {i.id: i for i in records[dm.ScheduleItem]}
    violated = [
        d
        for d in records[dm.Dependency]
        if items[d.successor_id].planned_start < items[d.predecessor_id].planned_end
    ]
    assert len(violated) == 1

    undeployed = [
        r
        for r in releases.values()
        if r.planned_go_live < TODAY
        and r.status not in (ReleaseStatus.CLOSED, ReleaseStatus.ROLLED_BACK)
        and not any(d.release_id == r.id and d.actual_end for d in prod)
    ]
    assert [r.key for r in undeployed] == ["PAY-4.1"]

    test_windows = defaultdict(list)
    for item in records[dm.ScheduleItem]:
        if item.kind is ScheduleKind.TEST:
            test_windows[item.release_id].append(item)
    package_release = {p.id: p.release_id for p in records[dm.ReleasePackage]}
    changed_by = defaultdict(set)
    for change in records[dm.PackageComponent]:
        changed_by[change.component_id].add(package_release[change.package_id])

    def tests_overlap(a, b):
        return any(
            x.planned_start <= y.planned_end and y.planned_start <= x.planned_end
            for x in test_windows[a]
            for y in test_windows[b]
        )

    assert any(
        tests_overlap(a, b) for ids in changed_by.values() for a in ids for b in ids if a < b
    )

    types = {t.id: t for t in records[dm.ReleaseType]}
    raised = {}  # a release was raised with its first change item
    for change in records[dm.ChangeItem]:
        release_id = package_release[change.package_id]
        raised[release_id] = min(raised.get(release_id, change.created_on), change.created_on)
    short_notice = [
        r for r in releases.values() if check_lead_time(r, types[r.release_type_id], raised[r.id])
    ]
    assert [(r.key, types[r.release_type_id].key) for r in short_notice] == [("PAY-5.0", "major")]
    required = {
        rule.parameter
        for rule in records[dm.PolicyRule]
        if rule.release_type_id == short_notice[0].release_type_id
        and rule.code == "approval_required"
    }
    asked = {a.role.value for a in records[dm.Approval] if a.release_id == short_notice[0].id}
    assert asked < required  # approvals missing


def test_the_stories_every_view_needs_are_told(demo):
    _, records = demo
    by_key = {r.key: r for r in records[dm.Release]}
    statuses = {r.status for r in records[dm.Release]}
    assert {
        ReleaseStatus.CLOSED,
        ReleaseStatus.ROLLED_BACK,
        ReleaseStatus.EARLY_LIFE_SUPPORT,
        ReleaseStatus.IN_TEST,
        ReleaseStatus.IN_BUILD,
        ReleaseStatus.PLANNED,
    } <= statuses
    rolled_back = by_key["IAM-2.7"]
    assert rolled_back.status is ReleaseStatus.ROLLED_BACK
    assert DeploymentResult.ROLLED_BACK in {
        d.result for d in records[dm.Deployment] if d.release_id == rolled_back.id
    }
    closed = [r for r in records[dm.Release] if r.status is ReleaseStatus.CLOSED]
    for release in closed:  # deployed everywhere, decided, reviewed
        deployed = {d.environment_id for d in records[dm.Deployment] if d.release_id == release.id}
        assert len(deployed) == 4
    decisions = {a.decision for a in records[dm.Approval]}
    assert {ApprovalDecision.APPROVED, ApprovalDecision.PENDING, ApprovalDecision.REJECTED} <= (
        decisions
    )
    caused = [i for i in records[dm.Incident] if i.caused_by_release]
    assert caused and len(caused) < len(records[dm.Incident])
    assert records[dm.ReviewAction] and records[dm.BuildRun] and records[dm.TestRun]
    assert {t.suite.value for t in records[dm.TestRun]} >= {"unit", "integration", "uat"}
    bands = {band_for_score(r.score) for r in records[dm.Risk]}
    assert bands == set(RiskBand)
    assert len({r.category for r in records[dm.Risk]}) >= 5
    assert len({r.status for r in records[dm.Risk]}) >= 4
    assert any(r.residual_likelihood for r in records[dm.Risk])
    assert any(
        r.review_date and r.review_date < TODAY and r.status.value in ("open", "mitigating")
        for r in records[dm.Risk]
    )
    assert any(w.kind is WindowKind.MAINTENANCE for w in records[dm.FreezeWindow])


def test_dates_are_consistent(demo):
    _, records = demo
    keys = [r.key for r in records[dm.Release]]
    assert len(set(keys)) == len(keys)
    for release in records[dm.Release]:
        validate_key(release.key)
        validate_release(release)
        assert release.planned_start <= release.planned_go_live
    for item in records[dm.ScheduleItem]:
        assert item.planned_start <= item.planned_end
        if item.actual_start and item.actual_end:
            assert item.actual_start <= item.actual_end
    for deployment in records[dm.Deployment]:
        assert deployment.planned_start < deployment.planned_end
        if deployment.actual_end:
            assert deployment.actual_start < deployment.actual_end
    for incident in records[dm.Incident]:
        assert incident.resolved_at is None or incident.opened_at < incident.resolved_at
        assert incident.opened_at < datetime.combine(TODAY, datetime.min.time())
    for window in records[dm.FreezeWindow]:
        assert window.start <= window.end
    for risk in records[dm.Risk]:
        validate_risk(risk)
    for change in records[dm.ChangeItem]:
        assert change.created_on <= TODAY


def test_one_journal_entry_per_release(tmp_path):
    counts, workspace = build(tmp_path / "demo.sqlite")
    with workspace.session_factory() as session:
        entries = Store(session).journal()
    assert len(entries) == counts["releases"]
    assert {(e.action, e.entity, e.operation, e.source) for e in entries} == {
        (JournalAction.CREATE, "release", "Build demo workspace", "cli")
    }


def test_a_workspace_with_releases_is_refused_and_left_alone(workspace):
    create_release(workspace, key="PAY-4.2", name="Payments 4.2", type_key="minor")
    with pytest.raises(UserError, match=r"already holds planning data \(releases: 1\)") as raised:
        build_demo(workspace, scale=1, seed=1, today=TODAY)
    assert workspace.display_name in str(raised.value)
    assert workspace_counts(workspace) == {
        "releases": 1,
        "packages": 0,
        "schedule_items": 0,
        "risks": 0,
    }


def test_reference_data_already_there_is_used_not_duplicated(workspace):
    counts = build_demo(workspace, scale=1, seed=1, today=TODAY)
    with workspace.session_factory() as session:
        store = Store(session)
        assert store.count(dm.ReleaseType) == 4 and store.count(dm.Environment) == 4
        assert store.count(dm.Release) == counts["releases"]


def test_rplan_demo_builds_and_summarises(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--today", "2026-03-10", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert f"demo workspace {path}:" in out and "3 teams" in out and "10 releases" in out
    assert main(["demo", "--db", str(path)]) == 2
    assert "already holds planning data (releases: 10, teams: 3" in capsys.readouterr().err


def test_every_release_has_a_risk_trend_ending_with_the_score_the_app_computes(demo_db):
    counts, path = demo_db
    workspace = open_workspace(str(path))
    try:
        scores = {r.release_id: r.risk.score for r in release_risks(workspace, today=TODAY)}
        with workspace.session_factory() as session:
            store = Store(session)
            snapshots = store.all(dm.RiskSnapshot)
            releases = store.all(dm.Release)
        trends = {r.key: trend_data(workspace, r.key, today=TODAY) for r in releases}
    finally:
        workspace.close()
    assert counts["risk_snapshots"] == len(snapshots) >= 5 * len(releases)
    series = defaultdict(list)
    for snapshot in sorted(snapshots, key=lambda s: s.taken_at):
        series[snapshot.release_id].append(snapshot)
    assert set(series) == {r.id for r in releases}
    ending_today = 0
    for release in releases:
        points = trends[release.key].points
        assert len(points) == len(series[release.id]) and points[-1][0].date() <= TODAY
        if points[-1][0].date() == TODAY:  # still open: the trend ends where the app is
            assert points[-1][1] == scores[release.id]
            ending_today += 1
    assert ending_today >= 5
    assert max(len(points) for points in series.values()) >= 10


@pytest.mark.slow
def test_scale_100_is_a_large_portfolio_with_few_accidental_clashes(tmp_path):
    path = tmp_path / "big.sqlite"
    counts, _ = build(path, scale=100)
    assert counts["releases"] >= 800 and counts["schedule_items"] >= 20_000
    assert counts["teams"] >= 100 and counts["components"] >= 1_000
    assert counts["environments"] == 4 * 19 and counts["risk_snapshots"] >= 5_000
    workspace = open_workspace(str(path))
    try:
        problems = Counter(p.kind.value for p in schedule_problems(workspace, today=TODAY))
    finally:
        workspace.close()
    # Each division keeps its deliberate problems ...
    for kind in ("freeze_breach", "dependency_violated", "go_live_missed"):
        assert problems[kind] >= 100
    assert problems["deployment_overlap"] >= 100 and problems["component_clash"] >= 100
    # ... while the regions and staggered calendars keep accidental ones to hundreds.
    assert problems["deployment_overlap"] < 1_000 and sum(problems.values()) < 2_000
