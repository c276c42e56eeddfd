"""Component impact of a package: environments, shared components, change counts."""

from __future__ import annotations

from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    ChangeKind,
    EnvironmentTier,
    ReleaseStatus,
    ScheduleKind,
)
from releaseplanner.domain.impact import PortfolioFacts, assess_package

D = date
ENVS = {
    "env-t": dm.Environment(id="env-t", name="Test", tier=EnvironmentTier.TEST, sort_order=1),
    "env-p": dm.Environment(
        id="env-p", name="Production", tier=EnvironmentTier.PRODUCTION, sort_order=3
    ),
}


def release(rid, key, status=ReleaseStatus.IN_TEST):
    return dm.Release(id=rid, key=key, name=key, release_type_id="rtp", status=status)


def item(iid, rid, kind, start, end, env=None, pkg=None):
    return dm.ScheduleItem(
        id=iid,
        release_id=rid,
        name=iid,
        kind=kind,
        planned_start=start,
        planned_end=end,
        environment_id=env,
        package_id=pkg,
    )


OTHER_TEST = (D(2026, 3, 8), D(2026, 3, 20))


def facts(other_status=ReleaseStatus.IN_TEST, other_test=OTHER_TEST):
    return PortfolioFacts(
        releases={"r1": release("r1", "PAY-4.2"), "r2": release("r2", "ID-2.0", other_status)},
        packages={
            "p1": dm.ReleasePackage(id="p1", release_id="r1", name="API"),
            "p1b": dm.ReleasePackage(id="p1b", release_id="r1", name="Docs"),
            "p2": dm.ReleasePackage(id="p2", release_id="r2", name="Login"),
        },
        components={
            "c1": dm.Component(id="c1", ci_id="CI-1", name="Gateway"),
            "c2": dm.Component(id="c2", ci_id="CI-2", name="Ledger"),
        },
        package_components=[
            dm.PackageComponent(
                id="l1", package_id="p1", component_id="c1", from_version="1", to_version="2"
            ),
            dm.PackageComponent(id="l2", package_id="p1", component_id="c2"),
            dm.PackageComponent(
                id="l3", package_id="p2", component_id="c1", from_version="1", to_version="1.1"
            ),
            dm.PackageComponent(id="l4", package_id="p1b", component_id="c1"),
        ],
        change_items=[
            dm.ChangeItem(
                id="x1", package_id="p1", ticket_ref="PAY-1", title="a", kind=ChangeKind.FIX
            ),
            dm.ChangeItem(
                id="x2", package_id="p1", ticket_ref="PAY-2", title="b", kind=ChangeKind.FIX
            ),
            dm.ChangeItem(
                id="x3", package_id="p1", ticket_ref="PAY-3", title="c", kind=ChangeKind.CONFIG
            ),
            dm.ChangeItem(id="x4", package_id="p2", ticket_ref="ID-1", title="d"),
        ],
        schedule_items=[
            item("s1", "r1", ScheduleKind.TEST, D(2026, 3, 2), D(2026, 3, 10), "env-t", "p1"),
            item("s2", "r1", ScheduleKind.DEPLOYMENT, D(2026, 3, 16), D(2026, 3, 16), "env-p"),
            item("s3", "r2", ScheduleKind.TEST, *other_test, "env-t"),
            item("s4", "r1", ScheduleKind.MILESTONE, D(2026, 3, 1), D(2026, 3, 1)),
        ],
        environments=ENVS,
    )


def test_environments_changes_and_shared_components():
    impact = assess_package("p1", facts())
    assert impact.environments == ("Test", "Production")
    assert impact.production_touched
    assert impact.component_count == 2
    assert impact.changes_by_kind[ChangeKind.FIX] == 2
    assert impact.changes_by_kind[ChangeKind.CONFIG] == 1
    assert impact.changes_by_kind[ChangeKind.FEATURE] == 0
    (shared,) = impact.shared
    assert (shared.component_name, shared.other_release_key, shared.other_versions) == (
        "Gateway",
        "ID-2.0",
        "1 → 1.1",
    )
    # Our test runs 2-10 March, theirs 8-20 March: 3 shared days from the 8th (the deployment
    # on the 16th overlaps for 1 day only, so the test window is the longest overlap).
    assert (shared.overlap_start, shared.overlap_days) == (D(2026, 3, 8), 3)
    assert impact.overlapping_releases == ("ID-2.0",)


def test_no_overlap_in_time_means_no_shared_finding():
    assert assess_package("p1", facts(other_test=(D(2026, 4, 1), D(2026, 4, 9)))).shared == ()


def test_finished_releases_do_not_count():
    assert assess_package("p1", facts(other_status=ReleaseStatus.CLOSED)).shared == ()


def test_a_package_of_the_same_release_is_not_a_conflict():
    assert all(s.other_release_id != "r1" for s in assess_package("p1", facts()).shared)
