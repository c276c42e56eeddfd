"""Schedule services over a real workspace: problems found, filtered and named; critical path."""

from __future__ import annotations

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import ProblemKind, Severity
from releaseplanner.domain.enums import ReleaseStatus, ScheduleKind
from releaseplanner.domain.errors import NotFoundError, ValidationError
from releaseplanner.services.demo import build_demo
from releaseplanner.services.schedule import critical_path, find_problems, list_problems
from releaseplanner.storage.store import Store

TODAY = date(2026, 3, 1)
D = date


def seeded_ids(workspace):
    with workspace.session_factory() as session:
        store = Store(session)
        types = {t.key: t.id for t in store.all(dm.ReleaseType)}
        environments = {e.name: e.id for e in store.all(dm.Environment)}
    return types, environments


@pytest.fixture
def planned(workspace):
    """PAY and ID both deploy to Production on 16 March inside an audit freeze, change the same
    API while testing, ID deploys before its test ends; HOT (emergency) deploys in the freeze
    too; LATE missed its go-live. QUIET has nothing wrong."""
    types, env = seeded_ids(workspace)

    def release(key, kind="minor", **kw):
        return dm.Release(id=f"rel-{key}", key=key, name=key, release_type_id=types[kind], **kw)

    def item(key, owner, kind, start, end, environment=None):
        return dm.ScheduleItem(
            id=f"sch-{key}",
            release_id=f"rel-{owner}",
            name=key,
            kind=kind,
            planned_start=start,
            planned_end=end,
            environment_id=env[environment] if environment else None,
        )

    test, deploy = ScheduleKind.TEST, ScheduleKind.DEPLOYMENT
    records = [
        release("PAY", status=ReleaseStatus.IN_BUILD, planned_go_live=D(2026, 3, 17)),
        release("ID", planned_go_live=D(2026, 3, 18)),
        release("HOT", kind="emergency", planned_go_live=D(2026, 3, 16)),
        release("LATE", status=ReleaseStatus.IN_TEST, planned_go_live=D(2026, 2, 20)),
        release("QUIET", planned_go_live=D(2026, 6, 1)),
        item("PAY build", "PAY", ScheduleKind.BUILD, D(2026, 3, 2), D(2026, 3, 6)),
        item("PAY test", "PAY", test, D(2026, 3, 9), D(2026, 3, 13)),
        item("PAY deploy", "PAY", deploy, D(2026, 3, 16), D(2026, 3, 16), "Production"),
        item("ID test", "ID", test, D(2026, 3, 10), D(2026, 3, 18)),
        item("ID deploy", "ID", deploy, D(2026, 3, 16), D(2026, 3, 17), "Production"),
        item("HOT deploy", "HOT", deploy, D(2026, 3, 16), D(2026, 3, 16), "Staging"),
        item("QUIET deploy", "QUIET", deploy, D(2026, 5, 30), D(2026, 5, 30), "Production"),
        dm.Dependency(id="dep-1", predecessor_id="sch-PAY build", successor_id="sch-PAY test"),
        dm.Dependency(
            id="dep-2", predecessor_id="sch-PAY test", successor_id="sch-PAY deploy", lag_days=2
        ),
        dm.Dependency(id="dep-3", predecessor_id="sch-ID test", successor_id="sch-ID deploy"),
        dm.FreezeWindow(id="frz-1", name="Audit", start=D(2026, 3, 16), end=D(2026, 3, 16)),
        dm.Component(id="cmp-api", ci_id="CI-API", name="Payments API"),
        dm.ReleasePackage(id="pkg-pay", release_id="rel-PAY", name="API"),
        dm.ReleasePackage(id="pkg-id", release_id="rel-ID", name="API client"),
        dm.PackageComponent(id="pcm-1", package_id="pkg-pay", component_id="cmp-api"),
        dm.PackageComponent(id="pcm-2", package_id="pkg-id", component_id="cmp-api"),
    ]
    with workspace.session_factory.begin() as session:
        Store(session).add_all(records)
    return workspace


def test_every_kind_of_problem_is_found_in_one_read(planned):
    problems = find_problems(planned, today=TODAY)
    found = sorted((p.kind.value, p.severity.value, p.item_ids) for p in problems)
    assert found == [
        (
            "component_clash",
            "medium",
            ("sch-ID test", "sch-PAY test", "sch-ID deploy", "sch-PAY deploy"),
        ),
        ("dependency_violated", "high", ("sch-ID test", "sch-ID deploy")),
        ("deployment_overlap", "high", ("sch-PAY deploy", "sch-ID deploy")),
        ("freeze_breach", "high", ("sch-ID deploy",)),
        ("freeze_breach", "high", ("sch-PAY deploy",)),
        ("freeze_breach", "medium", ("sch-HOT deploy",)),
        ("go_live_missed", "high", ()),
    ]
    assert [p.severity for p in problems][:5] == [Severity.HIGH] * 5


def test_problems_can_be_narrowed_to_one_release_by_key(planned):
    problems = find_problems(planned, today=TODAY, release_key="hot")
    assert [(p.kind, p.release_ids) for p in problems] == [
        (ProblemKind.FREEZE_BREACH, ("rel-HOT",))
    ]
    assert find_problems(planned, today=TODAY, release_key="QUIET") == []
    with pytest.raises(NotFoundError, match="no release with key 'NOPE'"):
        find_problems(planned, today=TODAY, release_key="NOPE")


def test_listed_problems_name_their_releases_by_key(planned):
    rows = list_problems(planned, today=TODAY, release_key="ID")
    assert sorted((row.kind.value, row.release_keys) for row in rows) == [
        ("component_clash", ("ID", "PAY")),
        ("dependency_violated", ("ID",)),
        ("deployment_overlap", ("PAY", "ID")),
        ("freeze_breach", ("ID",)),
    ]
    overlap = next(r for r in rows if r.kind is ProblemKind.DEPLOYMENT_OVERLAP)
    assert overlap.release_keys == ("PAY", "ID")
    assert "both deploy to Production: 1 day overlap (2026-03-16)" in overlap.message


def test_the_critical_path_of_a_release(planned):
    path = critical_path(planned, "pay")
    assert path.origin == D(2026, 3, 2)
    assert path.critical == ("sch-PAY test", "sch-PAY deploy")
    build = path.timing("sch-PAY build")
    assert (build.slack, build.explanation) == (2, "2 days of slack before 'PAY test'")


def test_a_cycle_or_an_unknown_release_is_a_user_error(planned):
    with planned.session_factory.begin() as session:
        Store(session).add(
            dm.Dependency(id="dep-9", predecessor_id="sch-PAY deploy", successor_id="sch-PAY build")
        )
    with pytest.raises(ValidationError, match="'PAY build' → 'PAY test' → 'PAY deploy'"):
        critical_path(planned, "PAY")
    with pytest.raises(NotFoundError):
        critical_path(planned, "NOPE")


def test_the_demo_at_scale_1_shows_every_kind_of_problem(workspace):
    build_demo(workspace, scale=1, seed=1, today=TODAY)
    problems = find_problems(workspace, today=TODAY)
    assert {p.kind for p in problems} == set(ProblemKind)
