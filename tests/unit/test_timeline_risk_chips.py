"""Risk chips in the timeline's row header: each release row shows its band (``High 57``) in the
band's colour when the checks have brought the bands, nothing before; the tooltip explains it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from test_timeline_frame import START, state_at, synthetic

from releaseplanner.charts import palette as charts_palette
from releaseplanner.domain.enums import RiskBand
from releaseplanner.domain.timeline.frame import build_frame
from releaseplanner.domain.timeline.layout import build_layout
from releaseplanner.domain.timeline.model import GroupBy, LayoutOptions, RiskChip, RowKind
from releaseplanner.domain.timeline.pages import Span, picture
from releaseplanner.domain.timeline.palette import LIGHT, chip_text, contrast
from releaseplanner.domain.timeline.primitives import Polygon
from releaseplanner.domain.timeline.ticks import text_width
from releaseplanner.domain.timeline.viewport import FrameStyle

BANDS = list(RiskBand)


def with_chips(releases: int = 4):
    data = synthetic(releases, per_release=5)
    risks = {
        r.id: RiskChip(
            band=BANDS[n % 4],
            label=f"{BANDS[n % 4].label} {20 + n}",
            explanation=f"Risk score {20 + n} of 100",
        )
        for n, r in enumerate(data.releases)
    }
    return data, replace(data, risks=risks)


def chips_drawn(frame):
    rows = frame.layer("rows")
    return [t.text for t in rows.texts if t.align == "center"]


def test_every_release_row_shows_its_chip_and_none_without_bands():
    plain, banded = with_chips()
    style, state = FrameStyle(), state_at(START)
    frame = build_frame(build_layout(banded), state, style, 1400, 600)
    layout = build_layout(banded)
    releases = [r for r in layout.rows if r.kind is RowKind.RELEASE]
    expected = [banded.risks[r.release_id].label for r in releases]
    assert chips_drawn(frame) == expected  # one per release row, none on its detail rows
    assert not chips_drawn(build_frame(build_layout(plain), state, style, 1400, 600))
    # Grouped by environment there is no release row to carry one.
    by_environment = build_layout(banded, LayoutOptions(group_by=GroupBy.ENVIRONMENT))
    assert not chips_drawn(build_frame(by_environment, state, style, 1400, 600))


def test_the_chip_is_a_pill_in_the_bands_colour_with_readable_text_and_a_tooltip():
    _plain, banded = with_chips()
    frame = build_frame(build_layout(banded), state_at(START), FrameStyle(), 1400, 600)
    rows = frame.layer("rows")
    pills = [
        s for s in rows.shapes if isinstance(s, Polygon) and s.fill in LIGHT.risk_bands.values()
    ]
    assert [p.fill for p in pills] == [LIGHT.risk_bands[b] for b in BANDS]
    for pill, text in zip(pills, [t for t in rows.texts if t.align == "center"], strict=True):
        xs, ys = [x for x, _ in pill.points], [y for _, y in pill.points]
        assert min(xs) < text.x < max(xs) and min(ys) < text.y < max(ys)
        assert max(xs) <= frame.layer("rows").clip[2]  # inside the row header, not clipped
        assert text.colour == chip_text(pill.fill) == charts_palette.text_on(pill.fill)
        assert contrast(text.colour, pill.fill) >= 4.5
        tip = frame.tip_at((min(xs) + max(xs)) / 2, text.y)
        assert tip.startswith("Risk score")
    assert frame.tip_at(5, 5) == ""


def test_the_chip_never_covers_the_name_or_the_detail():
    _plain, banded = with_chips(1)
    layout = build_layout(banded)
    style = FrameStyle()
    frame = build_frame(layout, state_at(START), style, 1400, 600)
    rows = frame.layer("rows")
    name = next(t for t in rows.texts if t.bold)
    chip = next(t for t in rows.texts if t.align == "center")
    pill = next(
        s for s in rows.shapes if isinstance(s, Polygon) and s.fill == LIGHT.risk_bands[BANDS[0]]
    )
    assert name.x + text_width(name.text, style.row_font) < min(x for x, _ in pill.points)
    assert chip.text == "Low 20"
    # The release's status and go-live, when they fit, end left of the chip.
    beside = [t for t in rows.texts if t.y == chip.y and t not in (name, chip)]
    assert beside and all(
        t.align == "right" and t.x < min(x for x, _ in pill.points) for t in beside
    )


def test_a_narrow_header_drops_the_score_then_the_chip_but_keeps_the_name():
    _plain, banded = with_chips(1)
    layout = build_layout(banded)
    texts = {}
    for width in (340, 165, 150):
        style = FrameStyle(row_header_width=width)
        frame = build_frame(layout, state_at(START), style, 1400, 600)
        texts[width] = chips_drawn(frame)
        name = next(t for t in frame.layer("rows").texts if t.bold)
        assert name.text.startswith("R-0")
    assert texts == {340: ["Low 20"], 165: ["Low"], 150: []}


def test_meeting_mode_and_pictures_show_the_chips_too():
    _plain, banded = with_chips()
    layout = build_layout(banded)
    big = FrameStyle().scaled(24 / 13)
    frame = build_frame(layout, state_at(START), big, 1920, 1080)
    assert chips_drawn(frame)[:2] == ["Low 20", "Medium 21"]
    span = Span.of(layout, None, None)
    assert "High 22" in picture(layout, span, width=1800).texts()


def test_the_band_colours_are_the_charts_and_the_band_chips():
    for band in RiskBand:
        assert LIGHT.risk_bands[band] == charts_palette.LIGHT.band(band)


def test_chips_do_not_change_rows_or_bars():
    plain, banded = with_chips()
    a, b = build_layout(plain), build_layout(banded)
    assert a.rows == b.rows and a.item_bar == b.item_bar
    assert date.fromordinal(a.first_day) == date.fromordinal(b.first_day)
