"""The frame (display list): only what is visible, labels that fit, level of detail far out,
marks for selection, drags, links and problems, and exported pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from test_timeline_layout import sample

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ScheduleKind, ScheduleStatus
from releaseplanner.domain.timeline.frame import build_frame
from releaseplanner.domain.timeline.layout import build_layout
from releaseplanner.domain.timeline.model import LayoutOptions, TimelineData
from releaseplanner.domain.timeline.pages import Span, page_size, pages, picture
from releaseplanner.domain.timeline.palette import LIGHT
from releaseplanner.domain.timeline.primitives import Rect
from releaseplanner.domain.timeline.ticks import text_width
from releaseplanner.domain.timeline.viewport import FrameStyle, Marks, ViewState, fit

START = date(2026, 1, 5)


def synthetic(releases: int, per_release: int = 20, spread: int = 10) -> TimelineData:
    """``releases`` releases of ``per_release`` sequential items each, starting on one of the
    first ``spread`` days: with a small spread any number of them looks alike at the top."""
    records, items = [], []
    for r in range(releases):
        release = dm.Release(id=f"r{r}", key=f"R-{r}", name=f"Release {r}", release_type_id="t")
        records.append(release)
        day = START + timedelta(days=r % spread)
        for i in range(per_release):
            kind = ScheduleKind.MILESTONE if i % 5 == 4 else ScheduleKind.BUILD
            length = 0 if kind is ScheduleKind.MILESTONE else 3
            items.append(
                dm.ScheduleItem(
                    id=f"i{r}-{i}",
                    release_id=release.id,
                    name=f"Item {i}",
                    kind=kind,
                    planned_start=day,
                    planned_end=day + timedelta(days=length),
                    status=ScheduleStatus.DONE if i % 3 else ScheduleStatus.LATE,
                )
            )
            day += timedelta(days=length + 1)
    return TimelineData(releases=records, items=items)


def state_at(day: date, ppd: float = 14.0, top: float = 0.0) -> ViewState:
    return ViewState(left_day=day.toordinal(), px_per_day=ppd, top=top, today=None)


def test_only_the_rows_on_screen_are_drawn():
    layout = build_layout(synthetic(200, 5))
    style = FrameStyle()
    frame = build_frame(layout, state_at(START, top=280.0), style, 1000, 600)
    rows_on_screen = (600 - style.header_height) / style.row_height
    assert frame.rows.start == 10
    assert len(frame.rows) <= rows_on_screen + 1
    assert {hit.row for hit in frame.hits} <= set(frame.rows)


def test_a_repaint_costs_what_is_visible_not_what_the_plan_holds():
    small, large = build_layout(synthetic(50)), build_layout(synthetic(5000))
    sizes = []
    for layout in (small, large):
        frame = build_frame(layout, state_at(START), FrameStyle(), 1400, 900)
        sizes.append(sum(len(layer) for layer in frame.layers))
    assert sizes[1] <= sizes[0] * 1.2


def test_far_out_bars_merge_into_runs_and_milestones_thin_out():
    layout = build_layout(synthetic(3000, spread=1500), LayoutOptions(expanded=frozenset()))
    first, last = layout.extent()
    left, ppd = fit(first, last, 1100)
    assert ppd < 1.0
    frame = build_frame(layout, ViewState(left, ppd), FrameStyle(), 1400, 900)
    runs = [hit for hit in frame.hits if hit.item_id is None]
    assert runs and all(hit.count >= 1 for hit in runs)
    assert sum(len(layer) for layer in frame.layers) < 3000


def test_labels_go_inside_then_beside_then_elided_then_nowhere():
    layout = build_layout(sample())
    style = FrameStyle()
    wide = build_frame(layout, state_at(date(2026, 2, 28), 40.0), style, 1600, 400)
    texts = wide.texts()
    assert "Build: Core" in texts and "Test: Core" in texts
    far = build_frame(layout, state_at(date(2026, 2, 20), 3.0), style, 1600, 400)
    bar_texts = far.layer("bars").texts
    assert all(text_width(t.text, t.size) <= 1600 for t in bar_texts), (
        "no label is wider than the picture"
    )
    # At 3 px a day a 5-day build has no room inside; its label sits beside it or not at all.
    build = far.hits_for("b1a")[0]
    inside = [t for t in bar_texts if build.x0 <= t.x < build.x1 and t.text.startswith("Build")]
    assert not inside


def test_header_today_line_and_freeze_band():
    layout = build_layout(sample())
    today = date(2026, 3, 16).toordinal()
    state = replace(state_at(date(2026, 3, 1), 40.0), today=today)
    frame = build_frame(layout, state, FrameStyle(), 1400, 500)
    header = [t.text for t in frame.layer("header").texts]
    assert "Today" in header and any(t.startswith("Quarter cl") for t in header)
    assert "W11 · 9 Mar 2026" in header and "9" in header
    today_lines = [line for line in frame.layer("grid").lines if line.colour == LIGHT.today]
    assert len(today_lines) == 1
    bands = [
        s for s in frame.layer("grid").shapes if isinstance(s, Rect) and s.fill == LIGHT.freeze
    ]
    assert bands


def test_selection_shows_its_dependencies_and_a_broken_link_is_red():
    layout = build_layout(sample())
    state = state_at(date(2026, 2, 28), 30.0)
    plain = build_frame(layout, state, FrameStyle(), 1400, 500)
    assert not plain.layer("marks").lines  # no arrows
    chosen = build_frame(
        layout, state, FrameStyle(), 1400, 500, Marks(arrows_for=frozenset({"t1a"}))
    )
    arrows = [line for line in chosen.layer("marks").lines if len(line.points) >= 4]
    assert len(arrows) == 1 and arrows[0].colour == LIGHT.arrow
    # Drag the test to start on the build's last day: the link is broken, the arrow red.
    early = (date(2026, 3, 5).toordinal(), date(2026, 3, 8).toordinal())
    marks = Marks(arrows_for=frozenset({"t1a"}), preview={"t1a": early})
    dragged = build_frame(layout, state, FrameStyle(), 1400, 500, marks)
    arrows = [line for line in dragged.layer("marks").lines if len(line.points) >= 4]
    assert arrows[0].colour == LIGHT.arrow_violated
    moved = dragged.hits_for("t1a")[0]
    assert moved.x0 < chosen.hits_for("t1a")[0].x0


def test_problems_get_badges_and_the_row_header_a_dot():
    layout = build_layout(sample())
    frame = build_frame(layout, state_at(date(2026, 3, 10), 40.0), FrameStyle(), 1400, 500)
    badges = [t for t in frame.layer("marks").texts if t.text == "!"]
    assert badges
    dots = [
        s
        for s in frame.layer("rows").shapes
        if getattr(s, "fill", None) == LIGHT.severities["high"]
    ]
    assert dots


def test_an_empty_layout_says_why():
    frame = build_frame(build_layout(TimelineData()), state_at(START), FrameStyle(), 800, 400)
    assert any("No schedule items match" in text for text in frame.texts())


def test_a_picture_holds_every_row_and_the_legend():
    layout = build_layout(sample())
    span = Span.of(layout, None, None)
    frame = picture(layout, span, width=1600, style=FrameStyle(title="Plan"))
    assert frame.rows == range(len(layout.rows))
    assert "Plan" in frame.texts() and "Late" in frame.texts()
    with pytest.raises(ValueError, match="rows"):
        picture(build_layout(synthetic(3000)), span, width=1600)


def test_tiled_pages_repeat_the_headers_and_number_the_pages():
    layout = build_layout(synthetic(60, 5))
    span = Span.of(layout, None, None)
    frames = pages(layout, span, page=page_size("a4"), tiled=True, px_per_day=4.0)
    assert len(frames) > 1
    for number, frame in enumerate(frames, start=1):
        texts = frame.texts()
        assert "Release / package" in texts
        assert any(text.endswith(f"page {number} of {len(frames)}") for text in texts)
    one = pages(layout, span, page=page_size("a4"))
    assert len(one) == 1 and one[0].rows == range(len(layout.rows))
