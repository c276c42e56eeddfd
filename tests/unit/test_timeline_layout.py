"""Timeline layout: rows by release (expandable to packages) and by environment, lanes for
overlapping items, filters, hidden groups, problem marks and freeze bands."""

from __future__ import annotations

from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import Plan, ProblemKind, Severity, find_problems
from releaseplanner.domain.enums import (
    EnvironmentTier,
    ScheduleKind,
    ScheduleStatus,
    WindowKind,
)
from releaseplanner.domain.timeline.layout import build_layout
from releaseplanner.domain.timeline.model import (
    GroupBy,
    LayoutOptions,
    RowKind,
    TimelineData,
    TimelineFilter,
)

D = date


def item(
    item_id: str,
    release: str,
    name: str,
    kind: ScheduleKind,
    start: date,
    end: date,
    *,
    package: str | None = None,
    environment: str | None = None,
    status: ScheduleStatus = ScheduleStatus.NOT_STARTED,
) -> dm.ScheduleItem:
    return dm.ScheduleItem(
        id=item_id,
        release_id=release,
        name=name,
        kind=kind,
        planned_start=start,
        planned_end=end,
        package_id=package,
        environment_id=environment,
        status=status,
    )


def sample() -> TimelineData:
    """Two releases, two packages, two environments, a freeze, a clash in production."""
    releases = [
        dm.Release(
            id="r1",
            key="R-1",
            name="Payments",
            release_type_id="t",
            team_id="team-a",
            planned_go_live=D(2026, 3, 20),
        ),
        dm.Release(
            id="r2",
            key="R-2",
            name="Identity",
            release_type_id="t",
            team_id="team-b",
            planned_go_live=D(2026, 3, 10),
        ),
    ]
    packages = [
        dm.ReleasePackage(id="p1a", release_id="r1", name="Core"),
        dm.ReleasePackage(id="p1b", release_id="r1", name="API", team_id="team-c"),
    ]
    environments = [
        dm.Environment(id="prod", name="Production", tier=EnvironmentTier.PRODUCTION, sort_order=3),
        dm.Environment(id="test", name="Test", tier=EnvironmentTier.TEST, sort_order=1),
    ]
    build, test, deploy = ScheduleKind.BUILD, ScheduleKind.TEST, ScheduleKind.DEPLOYMENT
    items = [
        item("b1a", "r1", "Build: Core", build, D(2026, 3, 1), D(2026, 3, 5), package="p1a"),
        item("b1b", "r1", "Build: API", build, D(2026, 3, 2), D(2026, 3, 6), package="p1b"),
        item(
            "t1a",
            "r1",
            "Test: Core",
            test,
            D(2026, 3, 6),
            D(2026, 3, 9),
            package="p1a",
            environment="test",
            status=ScheduleStatus.LATE,
        ),
        item(
            "d1",
            "r1",
            "Deploy to Production",
            deploy,
            D(2026, 3, 19),
            D(2026, 3, 19),
            environment="prod",
        ),
        item("g1", "r1", "Go-live", ScheduleKind.MILESTONE, D(2026, 3, 20), D(2026, 3, 20)),
        item(
            "e1",
            "r1",
            "Early-life support",
            ScheduleKind.EARLY_LIFE_SUPPORT,
            D(2026, 3, 21),
            D(2026, 4, 3),
        ),
        item(
            "d2",
            "r2",
            "Deploy to Production",
            deploy,
            D(2026, 3, 19),
            D(2026, 3, 19),
            environment="prod",
            status=ScheduleStatus.DONE,
        ),
        item("g2", "r2", "Go-live", ScheduleKind.MILESTONE, D(2026, 3, 10), D(2026, 3, 10)),
    ]
    windows = [
        dm.FreezeWindow(id="f1", name="Quarter close", start=D(2026, 3, 15), end=D(2026, 3, 17)),
        dm.FreezeWindow(
            id="f2",
            name="Prod patching",
            start=D(2026, 3, 28),
            end=D(2026, 3, 29),
            kind=WindowKind.MAINTENANCE,
            environment_id="prod",
        ),
    ]
    dependencies = [dm.Dependency(id="dep1", predecessor_id="b1a", successor_id="t1a")]
    plan = Plan(
        releases=releases,
        items=items,
        environments=environments,
        windows=windows,
        packages=packages,
        dependencies=dependencies,
    )
    return TimelineData(
        releases=releases,
        packages=packages,
        environments=environments,
        items=items,
        windows=windows,
        dependencies=dependencies,
        problems=find_problems(plan, today=D(2026, 3, 1)),
        baseline={"b1a": (D(2026, 2, 27), D(2026, 3, 3))},
    )


def labels(layout) -> list[tuple[int, str, str]]:
    return [(row.level, row.kind.value, row.label) for row in layout.rows]


def test_rows_by_release_are_ordered_by_go_live_and_expand_to_packages():
    layout = build_layout(sample())
    assert labels(layout) == [
        (0, "release", "R-2 · Identity"),
        (1, "release_items", "Deployments & support"),
        (0, "release", "R-1 · Payments"),
        (1, "release_items", "Deployments & support"),
        (1, "package", "API"),
        (1, "package", "Core"),
    ]
    # Milestones sit on their release's summary row, with a bracket over the release's span.
    assert layout.row_of("g1") == 2 and layout.item_bar["g1"].point
    assert layout.bracket[2] == (D(2026, 3, 1).toordinal(), D(2026, 4, 3).toordinal())
    # A package's build and then its test share one lane: they do not overlap.
    assert layout.row_of("b1a") == layout.row_of("t1a") == 5


def test_a_collapsed_release_rolls_its_items_up_into_its_summary_row():
    layout = build_layout(sample(), LayoutOptions(expanded=frozenset({"r2"})))
    assert [row.label for row in layout.rows] == [
        "R-2 · Identity",
        "Deployments & support",
        "R-1 · Payments",
    ]
    summary = layout.rows[2]
    assert summary.summary and summary.expandable and not summary.expanded
    assert {bar.item_id for bar in layout.index[2].bars} == {"b1a", "b1b", "t1a", "d1", "g1", "e1"}


def test_overlapping_items_go_to_separate_lanes():
    data = sample()
    extra = item(
        "t1a-2",
        "r1",
        "Security test: Core",
        ScheduleKind.TEST,
        D(2026, 3, 7),
        D(2026, 3, 8),
        package="p1a",
    )
    layout = build_layout(TimelineData(**{**_fields(data), "items": [*data.items, extra]}))
    core = [row for row in layout.rows if row.key.startswith("package:p1a")]
    assert [row.label for row in core] == ["Core", ""]  # the second lane has no label
    assert layout.row_of("t1a") != layout.row_of("t1a-2")


def test_environment_swimlanes_follow_the_environment_order_and_keep_the_rest_apart():
    layout = build_layout(sample(), LayoutOptions(group_by=GroupBy.ENVIRONMENT))
    top = [(row.label, row.detail) for row in layout.rows if row.level == 0]
    assert top == [
        ("Test", "1 item"),
        ("Production", "2 items"),
        ("No environment", "Builds, milestones · 5 items"),
    ]
    lanes = [row for row in layout.rows if row.group_key == "environment:prod" and row.level]
    # Two deployments on the same day: two lanes, labelled with the release key.
    assert len(lanes) == 2
    assert layout.item_bar["d2"].label == "R-2 · Deploy to Production"
    band = next(b for b in layout.bands if b.window_id == "f2")
    assert band.group_key == "environment:prod" and not band.freeze


def test_filters_keep_matching_items_and_drop_empty_releases():
    data = sample()
    by_text = build_layout(data, LayoutOptions(filter=TimelineFilter(release_text="pay")))
    assert {row.release_id for row in by_text.rows} == {"r1"}
    by_env = build_layout(data, LayoutOptions(filter=TimelineFilter(environment_id="prod")))
    assert set(by_env.item_bar) == {"d1", "d2"}
    by_status = build_layout(
        data, LayoutOptions(filter=TimelineFilter(statuses=frozenset({ScheduleStatus.LATE})))
    )
    assert set(by_status.item_bar) == {"t1a"}
    # A team owns a release, or a package of it.
    by_team = build_layout(data, LayoutOptions(filter=TimelineFilter(team_id="team-c")))
    assert set(by_team.item_bar) == {"b1b"}
    window = (D(2026, 3, 18), D(2026, 3, 20))
    by_days = build_layout(data, LayoutOptions(filter=TimelineFilter(window=window)))
    assert set(by_days.item_bar) == {"d1", "g1", "d2"}


def test_without_filters_a_release_without_items_still_has_its_row():
    data = sample()
    empty = dm.Release(id="r3", key="R-3", name="Later", release_type_id="t")
    layout = build_layout(TimelineData(**{**_fields(data), "releases": [*data.releases, empty]}))
    row = layout.rows[-1]
    assert row.label == "R-3 · Later" and not row.expandable


def test_hidden_groups_are_left_out():
    layout = build_layout(sample(), LayoutOptions(hidden=frozenset({"release:r2"})))
    assert {row.release_id for row in layout.rows} == {"r1"}
    assert "d2" not in layout.item_bar


def test_problems_mark_their_items_and_rows_with_the_worst_severity():
    layout = build_layout(sample())
    kinds = {p.kind for p in layout.data.problems}
    assert ProblemKind.DEPLOYMENT_OVERLAP in kinds
    assert layout.item_problems["d1"] is Severity.HIGH
    assert layout.row_problems[layout.row_of("d1")] is Severity.HIGH
    assert "b1b" not in layout.item_problems


def test_extent_points_dependencies_and_group_ranges():
    layout = build_layout(sample())
    assert layout.extent() == (D(2026, 3, 1).toordinal(), D(2026, 4, 3).toordinal())
    assert layout.extent(["d1", "g1"]) == (D(2026, 3, 19).toordinal(), D(2026, 3, 20).toordinal())
    assert layout.extent(["unknown"]) is None
    assert [p.item_id for p in layout.points()] == ["g2", "g1"]
    assert [d.successor_id for d in layout.successors["b1a"]] == ["t1a"]
    assert layout.groups["release:r2"] == (0, 1)
    assert layout.group_number == [0, 0, 1, 1, 1, 1]
    assert [b.label for b in layout.bands] == ["Quarter close", "Prod patching"]


def test_an_empty_plan_lays_out_no_rows():
    layout = build_layout(TimelineData())
    assert layout.rows == [] and layout.extent() is None
    assert RowKind.RELEASE.value == "release"


def _fields(data: TimelineData) -> dict:
    return {name: getattr(data, name) for name in data.__dataclass_fields__}
