"""Where the timeline looks and how big things are: zoom, scroll, fit, presets and geometry.

:class:`ViewState` is what scrolling and zooming change (the day at the chart's left edge, the
pixels scrolled down, pixels per day); :class:`FrameStyle` is how large text and rows are (the
normal window, a meeting room, a printed page); :class:`Geometry` turns both into the picture's
areas: a title strip, the date header, the row header on the left, the chart, a legend strip.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

#: Pixels per day of the zoom presets: each shows its unit comfortably in a 1,200-pixel chart.
PRESETS: dict[str, float] = {
    "day": 56.0,
    "week": 14.0,
    "month": 4.0,
    "quarter": 1.4,
    "year": 0.42,
}
MIN_PX_PER_DAY = 0.02  # 150 years across 1,000 pixels: farther out shows nothing new
MAX_PX_PER_DAY = 200.0
ZOOM_STEP = 1.25


@dataclass(frozen=True, slots=True)
class ViewState:
    """``left_day`` is the (fractional) ordinal at the chart's left edge; ``top`` the pixels
    scrolled past the first row; ``today`` the ordinal of the day the today line marks."""

    left_day: float
    px_per_day: float = PRESETS["week"]
    top: float = 0.0
    today: int | None = None

    def zoomed(self, factor: float, anchor_x: float = 0.0) -> ViewState:
        """Zoom by ``factor`` keeping the day under ``anchor_x`` (chart pixels) in place."""
        ppd = clamp_zoom(self.px_per_day * factor)
        anchor_day = self.left_day + anchor_x / self.px_per_day
        return replace(self, px_per_day=ppd, left_day=anchor_day - anchor_x / ppd)

    def at_zoom(self, px_per_day: float, anchor_x: float = 0.0) -> ViewState:
        return self.zoomed(clamp_zoom(px_per_day) / self.px_per_day, anchor_x)

    def centred_on(self, day: float, chart_width: float) -> ViewState:
        return replace(self, left_day=day - chart_width / 2 / self.px_per_day)


@dataclass(frozen=True, slots=True)
class Marks:
    """What the user is doing, drawn over the plan.

    ``preview`` moves items to (start, end) ordinals while a drag is under way; ``link`` is the
    item a dependency is being drawn from and the pointer's (x, y); ``arrows_for`` the items
    whose dependencies show; ``focus`` the milestone a presenter is on.
    """

    selected: frozenset[str] = frozenset()
    critical: frozenset[str] = frozenset()
    arrows_for: frozenset[str] = frozenset()
    all_arrows: bool = False
    preview: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    link: tuple[str, float, float] | None = None
    selected_row: int | None = None
    focus: str | None = None
    ghosts: bool = True


def clamp_zoom(px_per_day: float) -> float:
    return min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, px_per_day))


def fit(first: int, last: int, chart_width: float, *, margin: float = 0.03) -> tuple[float, float]:
    """(left_day, px_per_day) showing days ``first`` to ``last`` (ordinals, both included) in
    ``chart_width`` pixels, with ``margin`` of the width free on each side."""
    days = max(1, last + 1 - first)
    usable = max(1.0, chart_width * (1 - 2 * margin))
    ppd = clamp_zoom(usable / days)
    left = first - (chart_width - days * ppd) / 2 / ppd
    return left, ppd


@dataclass(frozen=True, slots=True)
class FrameStyle:
    """Sizes in pixels. ``title`` / ``subtitle`` add a title strip (exports, meeting mode);
    ``legend`` adds the legend strip at the bottom (exports)."""

    font_px: float = 13.0
    row_height: float = 28.0
    row_header_width: float = 340.0  # room for a release's name and its risk chip
    title: str = ""
    subtitle: str = ""
    legend: bool = False
    corner: str = "Release / package"
    row_font_px: float | None = None  # row and bar labels, when smaller than the header's

    @property
    def row_font(self) -> float:
        return self.row_font_px or self.font_px

    @property
    def tier_height(self) -> float:
        return round(self.font_px * 1.75)

    @property
    def header_height(self) -> float:
        # Upper unit, lower unit, and the freeze/maintenance windows tier.
        return 3 * self.tier_height

    @property
    def title_height(self) -> float:
        return round(self.font_px * 2.8) if self.title or self.subtitle else 0.0

    def scaled(self, factor: float) -> FrameStyle:
        """Everything ``factor`` times larger (meeting mode, printing)."""
        return replace(
            self,
            font_px=self.font_px * factor,
            row_font_px=self.row_font_px * factor if self.row_font_px else None,
            row_height=round(self.row_height * factor),
            row_header_width=round(self.row_header_width * factor),
        )


@dataclass(frozen=True, slots=True)
class Geometry:
    """The picture's areas, in pixels from its top-left corner."""

    width: float
    height: float
    title_bottom: float
    chart_left: float
    chart_top: float
    chart_bottom: float
    row_height: float

    @property
    def chart_width(self) -> float:
        return max(1.0, self.width - self.chart_left)

    @property
    def chart_height(self) -> float:
        return max(1.0, self.chart_bottom - self.chart_top)

    def x_of(self, day: float, state: ViewState) -> float:
        return self.chart_left + (day - state.left_day) * state.px_per_day

    def day_at(self, x: float, state: ViewState) -> float:
        return state.left_day + (x - self.chart_left) / state.px_per_day

    def y_of(self, row: int, state: ViewState) -> float:
        return self.chart_top + row * self.row_height - state.top

    def row_at(self, y: float, state: ViewState) -> int:
        return math.floor((y - self.chart_top + state.top) / self.row_height)


def geometry(style: FrameStyle, width: float, height: float, legend_height: float = 0.0):
    """The areas of a ``width`` × ``height`` picture drawn in ``style``."""
    title_bottom = style.title_height
    return Geometry(
        width=width,
        height=height,
        title_bottom=title_bottom,
        chart_left=min(style.row_header_width, width * 0.45),
        chart_top=title_bottom + style.header_height,
        chart_bottom=height - legend_height,
        row_height=style.row_height,
    )
