"""The per-row index: bars by day range, level-of-detail runs and thinned milestones."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from releaseplanner.domain.enums import ScheduleKind, ScheduleStatus
from releaseplanner.domain.timeline.index import (
    RowIndex,
    Runs,
    level_for,
    merge_runs,
    points_in,
    thin_points,
)
from releaseplanner.domain.timeline.model import Bar

DONE, LATE, TODO = ScheduleStatus.DONE, ScheduleStatus.LATE, ScheduleStatus.NOT_STARTED


def bar(start: int, end: int, status: ScheduleStatus = DONE, *, point: bool = False) -> Bar:
    kind = ScheduleKind.MILESTONE if point else ScheduleKind.BUILD
    return Bar(f"i{start}-{end}-{status.value}", 0, start, end, kind, status, "x", "r", point)


def test_between_finds_exactly_the_bars_sharing_a_day_with_the_range():
    bars = [bar(0, 100), bar(10, 12), bar(20, 20), bar(50, 60), bar(200, 210)]
    index = RowIndex(list(bars))
    found = {(b.start, b.end) for b in index.between(55, 100)}
    assert found == {(0, 100), (50, 60)}
    assert {(b.start, b.end) for b in index.between(20.5, 21)} == {(0, 100), (20, 20)}
    assert list(index.between(101, 199)) == []


@given(
    st.lists(st.tuples(st.integers(0, 400), st.integers(0, 40)), min_size=0, max_size=60),
    st.integers(-10, 420),
    st.integers(1, 60),
)
def test_between_agrees_with_a_scan(spans, first, length):
    bars = [bar(start, start + days) for start, days in spans]
    index = RowIndex(list(bars))
    expected = sorted(
        (b.start, b.end) for b in bars if b.end + 1 > first and b.start < first + length
    )
    assert sorted((b.start, b.end) for b in index.between(first, first + length)) == expected


def test_merge_runs_joins_small_gaps_and_keeps_long_bars_of_another_status_apart():
    runs = Runs([0, 3, 20, 22, 60], [2, 5, 50, 23, 80], [DONE, DONE, LATE, DONE, DONE], [1] * 5)
    merged = merge_runs(runs, 2)
    # 0-2 and 3-5 (gap 1, same status) merge; the 30-day late bar stays distinct; the one-day
    # done bar inside it is shorter than the gap and joins it, taking nothing from its status.
    assert list(zip(merged.starts, merged.stops, merged.statuses, merged.counts, strict=True)) == [
        (0, 5, DONE, 2),
        (20, 50, LATE, 2),
        (60, 80, DONE, 1),
    ]


def test_runs_at_deeper_levels_are_fewer_and_take_the_status_covering_most_days():
    bars = [bar(day * 3, day * 3 + 1, LATE if day == 7 else DONE) for day in range(100)]
    index = RowIndex(list(bars))
    counts = [len(index.runs(level)) for level in range(5)]
    assert counts[0] == 100 and counts == sorted(counts, reverse=True) and counts[-1] == 1
    deepest = index.runs(4)
    assert deepest.statuses[0] is DONE and deepest.counts[0] == 100
    # Among equals the most pressing status shows: a late item is not hidden by a done one.
    pair = merge_runs(Runs([0, 2], [1, 3], [DONE, LATE], [1, 1]), 2)
    assert pair.statuses == [LATE]


def test_level_for_picks_gaps_of_about_a_pixel():
    assert level_for(20.0) == 0
    assert level_for(1.0) == 0
    assert level_for(0.5) == 1
    assert level_for(0.1) == 3
    assert level_for(0.0001) == 9


def test_points_are_thinned_to_one_per_gap_and_found_by_day():
    points = [bar(day, day, point=True) for day in (0, 1, 2, 10, 11, 30)]
    assert [p.start for p in thin_points(points, 4)] == [0, 10, 30]
    index = RowIndex([*points, bar(0, 50)])
    assert [p.start for p in index.thinned_points(4)] == [0, 10, 30]
    assert index.thinned_points(4) is index.thinned_points(4)  # cached
    assert [p.start for p in points_in(points, 1.5, 11)] == [1, 2, 10]
