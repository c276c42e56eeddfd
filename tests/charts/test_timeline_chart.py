"""The matplotlib timeline: the figure draws the frame's display list, nothing more or less, and
writes PNG, SVG and multi-page PDF files atomically."""

from __future__ import annotations

import re
from datetime import date

import pytest
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.image import imread
from matplotlib.text import Text

from releaseplanner.charts.timeline import format_of, frame_figure, write_pages, write_picture
from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import RiskBand, ScheduleKind
from releaseplanner.domain.errors import UserError
from releaseplanner.domain.timeline.frame import build_frame
from releaseplanner.domain.timeline.layout import build_layout
from releaseplanner.domain.timeline.model import RiskChip, TimelineData
from releaseplanner.domain.timeline.pages import Span, page_size, pages
from releaseplanner.domain.timeline.viewport import FrameStyle, Marks, ViewState


def sample_layout():
    release = dm.Release(id="r", key="R-1", name="Payments", release_type_id="t")
    items = [
        dm.ScheduleItem(
            id=f"i{n}",
            release_id="r",
            name=f"Build {n}",
            kind=ScheduleKind.BUILD,
            planned_start=date(2026, 3, 1 + 4 * n),
            planned_end=date(2026, 3, 3 + 4 * n),
        )
        for n in range(5)
    ]
    items.append(
        dm.ScheduleItem(
            id="go",
            release_id="r",
            name="Go-live",
            kind=ScheduleKind.MILESTONE,
            planned_start=date(2026, 3, 25),
            planned_end=date(2026, 3, 25),
        )
    )
    # The release's risk chip is in the row header: the figure draws it like any other shape.
    chip = RiskChip(RiskBand.HIGH, "High 57", "Risk score 57 of 100 (high)")
    return build_layout(TimelineData(releases=[release], items=items, risks={"r": chip}))


@pytest.fixture
def frame():
    state = ViewState(
        left_day=date(2026, 2, 27).toordinal(), px_per_day=30.0, today=date(2026, 3, 10).toordinal()
    )
    style = FrameStyle(title="Payments", subtitle="as of 10 Mar 2026", legend=True)
    marks = Marks(selected=frozenset({"i1"}))
    return build_frame(sample_layout(), state, style, 1400, 500, marks)


def test_the_figure_draws_every_shape_line_and_text_of_the_frame(frame):
    figure = frame_figure(frame)
    assert figure.get_size_inches() * figure.dpi == pytest.approx((1400, 500))
    axes = figure.axes[0]
    texts = [t.get_text() for t in axes.findobj(Text) if t.get_text() and t.axes is axes]
    assert sorted(texts) == sorted(frame.texts())
    assert "High 57" in texts
    polygons = sum(len(c.get_paths()) for c in axes.collections if isinstance(c, PolyCollection))
    lines = sum(len(c.get_segments()) for c in axes.collections if isinstance(c, LineCollection))
    assert polygons == sum(len(layer.shapes) for layer in frame.layers)
    assert lines == sum(len(layer.lines) for layer in frame.layers)


def test_each_layer_is_clipped_to_its_own_area(frame):
    figure = frame_figure(frame)
    axes = figure.axes[0]
    header = frame.layer("header").clip
    boxes = set()
    for artist in [*axes.collections, *axes.texts]:
        box = artist.get_clip_box()
        x0, y0 = axes.transData.inverted().transform((box.x0, box.y0))
        x1, y1 = axes.transData.inverted().transform((box.x1, box.y1))
        boxes.add(tuple(round(v) for v in (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))))
    assert tuple(round(v) for v in header) in boxes
    assert (0, 0, 1400, 500) in boxes and len(boxes) >= 5


def test_pictures_open_in_each_format(frame, tmp_path):
    png = write_picture(frame, tmp_path / "t.png", scale=2.0)
    assert imread(str(png)).shape[:2] == (1000, 2800)
    svg = write_picture(frame, tmp_path / "t.svg")
    assert svg.read_text().lstrip().startswith("<?xml")
    pdf = write_picture(frame, tmp_path / "t.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert format_of("x.PNG") == "png"
    with pytest.raises(UserError, match="cannot write '.jpg'"):
        format_of("x.jpg")


def test_pages_go_into_one_pdf(tmp_path):
    layout = sample_layout()
    frames = pages(
        layout, Span.of(layout, None, None), page=page_size("a4"), tiled=True, px_per_day=60.0
    )
    assert len(frames) > 1
    out = write_pages(frames, tmp_path / "pages.pdf")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", out.read_bytes())) == len(frames)
    assert not list(tmp_path.glob(".pages.*"))  # no temporary file left behind
    with pytest.raises(UserError, match="need a .pdf"):
        write_pages(frames, tmp_path / "pages.png")
