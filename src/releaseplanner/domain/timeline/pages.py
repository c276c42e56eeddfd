"""Whole pictures and printed pages of a timeline: which frames to draw for an export.

A *picture* (PNG, SVG) shows every row at the view's row height, the chosen days across its
width. A *page set* (PDF, printing) is either one landscape page with everything scaled to fit,
or tiles at a readable size: the rows split down and the days split across as many pages as
needed, each page repeating the date header and the row names, titled "page i of n".

Sizes are CSS pixels (96 per inch), so a 13-pixel font prints at about 10 points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from releaseplanner.domain.timeline import chrome
from releaseplanner.domain.timeline.frame import build_frame
from releaseplanner.domain.timeline.layout import TimelineLayout
from releaseplanner.domain.timeline.palette import legend_entries
from releaseplanner.domain.timeline.primitives import Frame
from releaseplanner.domain.timeline.viewport import (
    PRESETS,
    FrameStyle,
    Marks,
    ViewState,
    fit,
)

PX_PER_INCH = 96.0
#: Landscape paper sizes in millimetres (width, height).
PAPER_MM: dict[str, tuple[float, float]] = {
    "a4": (297.0, 210.0),
    "a3": (420.0, 297.0),
    "letter": (279.4, 215.9),
}
#: Picture formats cannot grow without bound (Agg stops at 2**16 pixels a side).
MAX_PICTURE_HEIGHT = 60_000
#: Rows never shrink below this on a one-page print: smaller is unreadable, use tiles instead.
MIN_ROW_HEIGHT = 4.0


@dataclass(frozen=True, slots=True)
class Span:
    """The days an export shows: ordinals, both included."""

    first: int
    last: int

    @classmethod
    def of(cls, layout: TimelineLayout, first: date | None, last: date | None) -> Span:
        """The given days, filling either end from the plan's extent (or today's month)."""
        extent = layout.extent() or (date.today().toordinal(), date.today().toordinal() + 30)
        start = first.toordinal() if first else extent[0]
        stop = last.toordinal() if last else extent[1]
        if stop < start:
            start, stop = stop, start
        return cls(start, stop)


def page_size(paper: str) -> tuple[float, float]:
    """A landscape page in CSS pixels."""
    width_mm, height_mm = PAPER_MM[paper]
    return width_mm / 25.4 * PX_PER_INCH, height_mm / 25.4 * PX_PER_INCH


def picture(
    layout: TimelineLayout,
    span: Span,
    *,
    width: float = 1800.0,
    style: FrameStyle | None = None,
    today: int | None = None,
    marks: Marks | None = None,
) -> Frame:
    """One frame holding every row, ``span`` across ``width`` pixels, with title and legend.

    Raises:
        ValueError: the picture would be taller than :data:`MAX_PICTURE_HEIGHT` (the message
            says how to make it smaller).
    """
    style = replace(style or FrameStyle(), legend=True)
    chart_width = width - min(style.row_header_width, width * 0.45)
    left, ppd = fit(span.first, span.last, chart_width, margin=0.01)
    legend = chrome.legend_height(legend_entries(), width, style.font_px)
    height = style.title_height + style.header_height + len(layout.rows) * style.row_height
    height += legend
    if height > MAX_PICTURE_HEIGHT:
        raise ValueError(
            f"the picture would be {height:,.0f} pixels tall ({len(layout.rows):,} rows): "
            "choose fewer releases or days, collapse the releases, or write a tiled PDF"
        )
    state = ViewState(left_day=left, px_per_day=ppd, top=0.0, today=today)
    return build_frame(layout, state, style, width, height, marks)


def pages(
    layout: TimelineLayout,
    span: Span,
    *,
    page: tuple[float, float],
    style: FrameStyle | None = None,
    tiled: bool = False,
    px_per_day: float | None = None,
    today: int | None = None,
    marks: Marks | None = None,
) -> list[Frame]:
    """Frames for printed pages of size ``page`` (see the module docstring).

    Args:
        px_per_day: the zoom of tiles (default: a month preset, weeks readable); ignored for
            one page, which fits ``span`` to its width.
    """
    style = replace(style or FrameStyle(), legend=True)
    width, height = page
    rows = max(1, len(layout.rows))
    if not tiled:
        fixed = style.title_height + style.header_height
        fixed += chrome.legend_height(legend_entries(), width, style.font_px)
        needed = rows * style.row_height
        factor = min(1.0, max(0.0, height - fixed) / needed)
        if factor < 1.0:
            # Shrink the rows (and their text) to fit; the header and title keep their size.
            row_height = max(MIN_ROW_HEIGHT, style.row_height * factor)
            row_font = min(style.font_px, row_height * 0.5)
            style = replace(style, row_height=row_height, row_font_px=row_font)
        chart_width = width - min(style.row_header_width, width * 0.45)
        left, ppd = fit(span.first, span.last, chart_width, margin=0.01)
        state = ViewState(left_day=left, px_per_day=ppd, today=today)
        return [build_frame(layout, state, style, width, height, marks)]

    ppd = px_per_day or PRESETS["month"]
    chart_width = width - min(style.row_header_width, width * 0.45)
    legend = chrome.legend_height(legend_entries(), width, style.font_px)
    usable = height - style.title_height - style.header_height - legend
    if not style.title and not style.subtitle:
        usable -= round(style.font_px * 2.8)  # the page title added below
    per_page = max(1, math.floor(usable / style.row_height))
    days = span.last + 1 - span.first
    days_per_page = chart_width / ppd
    across = max(1, math.ceil(days / days_per_page))
    down = max(1, math.ceil(rows / per_page))
    frames = []
    total = across * down
    for row_page in range(down):
        for day_page in range(across):
            number = row_page * across + day_page + 1
            titled = replace(
                style,
                title=style.title or "Release timeline",
                subtitle=_page_subtitle(style.subtitle, number, total),
            )
            state = ViewState(
                left_day=span.first + day_page * days_per_page,
                px_per_day=ppd,
                top=row_page * per_page * style.row_height,
                today=today,
            )
            # The page is cut at a whole row, so no row is split between two pages.
            page_height = titled.title_height + titled.header_height + per_page * style.row_height
            frame = build_frame(layout, state, titled, width, page_height + legend, marks)
            frames.append(frame)
    return frames


def _page_subtitle(subtitle: str, number: int, total: int) -> str:
    page = f"page {number} of {total}"
    return f"{subtitle} · {page}" if subtitle else page
