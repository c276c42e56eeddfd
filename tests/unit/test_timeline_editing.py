"""Editing rules (moves, resizes, links), slips against a baseline, the palette's contrast and
the words of tooltips."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ScheduleKind, ScheduleStatus
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.timeline.editing import (
    Dates,
    Handle,
    check_new_dependency,
    describe,
    shifted,
    snap_days,
)
from releaseplanner.domain.timeline.palette import LIGHT, contrast, legend_entries, readable_on
from releaseplanner.domain.timeline.slips import compute_slips

D = date


def item(item_id: str, start: date, end: date, name: str = "Build: Core") -> dm.ScheduleItem:
    return dm.ScheduleItem(
        id=item_id,
        release_id="r",
        name=name,
        kind=ScheduleKind.BUILD,
        planned_start=start,
        planned_end=end,
    )


def test_a_move_keeps_the_duration_and_a_resize_stops_at_one_day():
    start, end = D(2026, 3, 2), D(2026, 3, 6)
    assert shifted(start, end, Handle.BODY, 3) == Dates(D(2026, 3, 5), D(2026, 3, 9))
    assert shifted(start, end, Handle.END, -2) == Dates(start, D(2026, 3, 4))
    assert shifted(start, end, Handle.END, -10) == Dates(start, start)
    assert shifted(start, end, Handle.START, 10) == Dates(end, end)
    assert shifted(start, end, Handle.START, -1).days == 6


def test_pixels_snap_to_the_nearest_day():
    assert snap_days(20, 14) == 1
    assert snap_days(6, 14) == 0
    assert snap_days(-22, 14) == -2
    assert snap_days(5, 0) == 0


def test_edits_read_well_in_the_undo_menu():
    core = item("a", D(2026, 3, 2), D(2026, 3, 6))
    assert describe(core, "R-1", Dates(D(2026, 3, 3), D(2026, 3, 7)), Handle.BODY) == (
        "Move 'Build: Core' (R-1) 1 day later"
    )
    assert describe(core, "R-1", Dates(D(2026, 2, 27), D(2026, 3, 3)), Handle.BODY).endswith(
        "3 days earlier"
    )
    assert describe(core, "R-1", Dates(core.planned_start, D(2026, 3, 9)), Handle.END) == (
        "Change end of 'Build: Core' (R-1) to 2026-03-09"
    )


def test_a_new_link_may_not_repeat_point_back_or_close_a_loop():
    a, b, c = (item(x, D(2026, 3, 2), D(2026, 3, 6), name=x.upper()) for x in "abc")
    links = [
        dm.Dependency(id="1", predecessor_id="a", successor_id="b"),
        dm.Dependency(id="2", predecessor_id="b", successor_id="c"),
    ]
    check_new_dependency(a, c, links)  # a shortcut is fine
    with pytest.raises(ValidationError, match="itself"):
        check_new_dependency(a, a, links)
    with pytest.raises(ValidationError, match="already depends"):
        check_new_dependency(a, b, links)
    with pytest.raises(ValidationError, match="2 steps away"):
        check_new_dependency(c, a, links)


def test_slips_count_days_against_the_baseline_latest_end_first():
    items = [
        item("a", D(2026, 3, 5), D(2026, 3, 9)),
        item("b", D(2026, 3, 2), D(2026, 3, 6)),
        item("c", D(2026, 3, 1), D(2026, 3, 2)),
        item("new", D(2026, 3, 1), D(2026, 3, 2)),
    ]
    baseline = {
        "a": (D(2026, 3, 2), D(2026, 3, 6)),
        "b": (D(2026, 3, 2), D(2026, 3, 6)),
        "c": (D(2026, 3, 3), D(2026, 3, 4)),
    }
    slips = compute_slips(items, baseline)
    assert [(s.item_id, s.start_days, s.end_days) for s in slips] == [("a", 3, 3), ("c", -2, -2)]
    assert len(compute_slips(items, baseline, changed_only=False)) == 3


def test_status_colours_read_on_a_projector():
    for status, swatch in LIGHT.statuses.items():
        assert contrast(swatch.text, swatch.fill) >= 4.5, status
        assert contrast(readable_on(swatch.light), swatch.light) >= 4.5, status
    # Fills are told apart by lightness too, not by hue alone.
    lightness = sorted(contrast(s.fill, "#ffffff") for s in LIGHT.statuses.values())
    assert all(b - a > 0.2 for a, b in itertools.pairwise(lightness))
    labels = [entry.label for entry in legend_entries()]
    assert {s.label for s in ScheduleStatus} <= set(labels) and "Critical path" in labels


def test_drag_feedback_and_tooltips_say_dates_moves_slack_and_problems():
    from releaseplanner.domain.conflicts import Problem, ProblemKind, Severity
    from releaseplanner.domain.critical_path import ItemTiming
    from releaseplanner.ui.timeline.texts import drag_text, item_tooltip, span_text

    core = item("a", D(2026, 11, 23), D(2026, 11, 27))
    assert span_text(D(2026, 11, 26), D(2026, 11, 26)) == "Thu 26 Nov 2026"
    assert drag_text(core, Dates(D(2026, 11, 25), D(2026, 11, 29))).splitlines() == [
        "Build: Core",
        "Wed 25 Nov 2026 → Sun 29 Nov 2026 (5 days)",
        "start +2 d, end +2 d",
    ]
    release = dm.Release(id="r", key="R-1", name="Payments", release_type_id="t")
    timing = ItemTiming("a", "Build: Core", 5, 0, 4, 3, 7, "b", "3 days of slack before 'Test'")
    problem = Problem(ProblemKind.FREEZE_BREACH, Severity.HIGH, "Inside the freeze.", ("a",))
    tip = item_tooltip(
        core,
        release,
        package="Core",
        timing=timing,
        problems=[problem],
        baseline=(D(2026, 11, 20), D(2026, 11, 24)),
    ).splitlines()
    assert tip[0] == "R-1 · Build: Core"
    assert tip[2] == "Build · Not started · Core"
    assert tip[3].endswith("ends +3 d against it")
    assert tip[4] == "3 days of slack before 'Test'"
    assert tip[5] == "⚠ High: Inside the freeze."
