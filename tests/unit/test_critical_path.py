"""Critical path: hand-computed earliest/latest days, slack, the chain, cycles."""

from __future__ import annotations

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.critical_path import compute_critical_path
from releaseplanner.domain.enums import DependencyKind, ScheduleKind, ScheduleStatus
from releaseplanner.domain.errors import ValidationError

D = date


def item(key, name, start, end, *, status=ScheduleStatus.NOT_STARTED):
    return dm.ScheduleItem(
        id=key,
        release_id="rel-1",
        name=name,
        kind=ScheduleKind.TEST,
        planned_start=start,
        planned_end=end,
        status=status,
    )


def link(before, after, lag=0, kind=DependencyKind.FINISH_TO_START):
    return dm.Dependency(
        id=f"dep-{before}-{after}",
        predecessor_id=before,
        successor_id=after,
        kind=kind,
        lag_days=lag,
    )


# Day 0 is Monday 2 March 2026.
#   B Build                03-02..03-06  days 0-4
#   T System test          03-09..03-13  days 7-11   after B
#   U Release notes        03-02..03-04  days 0-2    (feeds D)
#   D Deploy to Production 03-16         day 14      after T + 2 days lag, after U
#   G Go-live              03-17         day 15      after D
ITEMS = [
    item("B", "Build", D(2026, 3, 2), D(2026, 3, 6)),
    item("T", "System test", D(2026, 3, 9), D(2026, 3, 13)),
    item("U", "Release notes", D(2026, 3, 2), D(2026, 3, 4)),
    item("D", "Deploy to Production", D(2026, 3, 16), D(2026, 3, 16)),
    item("G", "Go-live", D(2026, 3, 17), D(2026, 3, 17)),
]
LINKS = [link("B", "T"), link("T", "D", lag=2), link("U", "D"), link("D", "G")]


def days(path, key):
    t = path.timing(key)
    return t.earliest_start, t.earliest_finish, t.latest_start, t.latest_finish, t.slack


def test_planned_starts_count_as_start_no_earlier_than():
    path = compute_critical_path(ITEMS, LINKS)
    assert path.origin == D(2026, 3, 2)
    assert path.finish == 15 and path.day(path.finish) == D(2026, 3, 17)
    # Backward from day 15: G 15; D 14; T may finish 14 - 1 - 2 = 11; B 7 - 1 = 6; U 14 - 1 = 13.
    assert days(path, "G") == (15, 15, 15, 15, 0)
    assert days(path, "D") == (14, 14, 14, 14, 0)
    assert days(path, "T") == (7, 11, 7, 11, 0)
    assert days(path, "B") == (0, 4, 2, 6, 2)  # the weekend between build and test
    assert days(path, "U") == (0, 2, 11, 13, 11)
    assert path.critical == ("T", "D", "G")
    assert [t.item_id for t in path.timings] == ["B", "U", "T", "D", "G"]


def test_each_item_explains_its_slack_by_the_successor_that_limits_it():
    path = compute_critical_path(ITEMS, LINKS)
    assert path.timing("B").explanation == "2 days of slack before 'System test'"
    assert path.timing("B").constrained_by == "T"
    assert path.timing("U").explanation == "11 days of slack before 'Deploy to Production'"
    assert path.timing("T").explanation == (
        "critical: any delay delays 'Deploy to Production' and the release's last day (2026-03-17)"
    )
    assert (
        path.timing("G").explanation == "critical: it ends on the release's last day (2026-03-17)"
    )
    assert path.timing("G").constrained_by is None


def test_the_textbook_network_starts_everything_as_early_as_possible():
    path = compute_critical_path(ITEMS, LINKS, respect_planned_starts=False)
    # Forward: B 0-4, T 5-9, U 0-2, D = max(9 + 1 + 2, 2 + 1) = 12, G 13.
    assert path.finish == 13
    assert days(path, "B") == (0, 4, 0, 4, 0)
    assert days(path, "T") == (5, 9, 5, 9, 0)
    assert days(path, "D") == (12, 12, 12, 12, 0)
    assert days(path, "U") == (0, 2, 9, 11, 9)
    assert path.critical == ("B", "T", "D", "G")


def test_an_item_without_successors_has_slack_before_the_release_end():
    items = [*ITEMS, item("R", "Review", D(2026, 3, 10), D(2026, 3, 12))]
    path = compute_critical_path(items, LINKS)
    assert days(path, "R") == (8, 10, 13, 15, 5)
    assert path.timing("R").explanation == (
        "5 days of slack before the release's last day (2026-03-17)"
    )


def test_start_to_start_and_finish_to_finish_links():
    items = [
        item("A", "Integration test", D(2026, 3, 2), D(2026, 3, 6)),  # days 0-4
        item("S", "Performance test", D(2026, 3, 2), D(2026, 3, 3)),  # 2 days
        item("F", "Sign-off", D(2026, 3, 2), D(2026, 3, 2)),  # 1 day
    ]
    links = [
        link("A", "S", lag=1, kind=DependencyKind.START_TO_START),  # S from day 1
        link("A", "F", lag=1, kind=DependencyKind.FINISH_TO_FINISH),  # F ends day 5 or later
    ]
    path = compute_critical_path(items, links)
    assert path.finish == 5
    assert days(path, "S") == (1, 2, 4, 5, 3)
    assert days(path, "F") == (5, 5, 5, 5, 0)
    # A: F needs A to end by 5 - 1 = 4; S needs A to start by 4 - 1 = 3, so end by 7: F binds.
    assert days(path, "A") == (0, 4, 0, 4, 0)
    assert path.timing("A").constrained_by == "F"
    assert path.critical == ("A", "F")


def test_a_cycle_is_named_in_order():
    items = [
        item("X", "Build", D(2026, 3, 2), D(2026, 3, 2)),
        item("Y", "Test", D(2026, 3, 3), D(2026, 3, 3)),
        item("Z", "Deploy", D(2026, 3, 4), D(2026, 3, 4)),
        item("W", "Unrelated", D(2026, 3, 1), D(2026, 3, 1)),
    ]
    links = [link("X", "Y"), link("Y", "Z"), link("Z", "X"), link("W", "X")]
    with pytest.raises(ValidationError) as raised:
        compute_critical_path(items, links)
    assert str(raised.value) == (
        "dependencies form a cycle: 'Build' → 'Test' → 'Deploy' → 'Build'; "
        "remove one of these dependencies"
    )


def test_an_item_depending_on_itself_is_a_cycle():
    with pytest.raises(ValidationError, match="'Build' → 'Build'"):
        compute_critical_path(ITEMS[:1], [link("B", "B")])


def test_cancelled_items_and_links_leaving_the_release_are_ignored():
    items = [
        *ITEMS,
        item("C", "Dropped", D(2026, 3, 2), D(2026, 3, 30), status=ScheduleStatus.CANCELLED),
    ]
    links = [*LINKS, link("G", "C"), link("G", "elsewhere"), link("outside", "B", lag=99)]
    path = compute_critical_path(items, links)
    assert path.finish == 15 and len(path.timings) == 5
    assert path.critical == ("T", "D", "G")


def test_no_items_give_an_empty_path():
    path = compute_critical_path([], [])
    assert (path.origin, path.timings, path.critical) == (None, (), ())
    with pytest.raises(ValueError):
        path.day(0)
