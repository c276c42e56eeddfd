"""The timeline's date header: two tiers of calendar units chosen by zoom.

The lower tier is the finest unit whose cells are wide enough for their shortest label (days,
ISO weeks, months, quarters, years); the upper tier is the next coarser unit (weeks above days,
so week numbers show at day zoom too). Every cell carries labels from long to short; the frame
takes the longest that fits the cell's visible width, so a label is shortened, never cut.
Month names are English and fixed, not the locale's, so a picture reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

#: Average glyph width as a share of the font's pixel size; slightly wide on purpose (DejaVu
#: Sans, the fallback font on Linux, runs wide), so text judged to fit always does.
CHAR_WIDTH = 0.6


def text_width(text: str, font_px: float) -> float:
    """An estimate of ``text``'s width in pixels at ``font_px``, the same for every painter."""
    return len(text) * font_px * CHAR_WIDTH


class Unit(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def typical_days(self) -> float:
        """The shortest cell, in days: what has to fit a label."""
        return {"day": 1, "week": 7, "month": 28, "quarter": 90, "year": 365}[self.value]

    @property
    def coarser(self) -> Unit | None:
        order = list(Unit)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None


@dataclass(frozen=True, slots=True)
class HeaderCell:
    """One unit of a tier: days ``[start, stop)`` as ordinals, labels long → short.

    ``weekend`` marks Saturdays and Sundays in a day tier.
    """

    start: int
    stop: int
    labels: tuple[str, ...]
    weekend: bool = False


#: The shortest label of each unit, for deciding whether the unit fits.
_SHORTEST = {Unit.DAY: "30", Unit.WEEK: "W48", Unit.MONTH: "Nov", Unit.QUARTER: "Q4"}


def choose_units(px_per_day: float, font_px: float) -> tuple[Unit | None, Unit]:
    """(upper, lower) units for a zoom: the finest lower unit whose cells fit their labels."""
    for unit in Unit:
        needed = text_width(_SHORTEST.get(unit, "2026"), font_px) + 0.6 * font_px
        if unit.typical_days * px_per_day >= needed:
            return unit.coarser, unit
    return None, Unit.YEAR


def unit_start(unit: Unit, day: date) -> date:
    """The first day of the ``unit`` containing ``day`` (ISO weeks start on Monday)."""
    if unit is Unit.DAY:
        return day
    if unit is Unit.WEEK:
        return day - timedelta(days=day.weekday())
    if unit is Unit.MONTH:
        return day.replace(day=1)
    if unit is Unit.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def unit_after(unit: Unit, start: date) -> date:
    """The first day of the unit after the one starting on ``start``."""
    if unit is Unit.DAY:
        return start + timedelta(days=1)
    if unit is Unit.WEEK:
        return start + timedelta(days=7)
    months = {Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12}[unit]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def labels(unit: Unit, start: date, *, upper: bool) -> tuple[str, ...]:
    """Labels of the cell starting ``start``, long → short; upper tiers name the year."""
    month = MONTHS[start.month - 1]
    if unit is Unit.DAY:
        return (f"{WEEKDAYS[start.weekday()]} {start.day}", str(start.day))
    if unit is Unit.WEEK:
        week = f"W{start.isocalendar().week:02d}"
        if upper:
            return (f"{week} · {start.day} {month[:3]} {start.year}", f"{week} · {month[:3]}", week)
        return (f"{week} · {start.day} {month[:3]}", week)
    if unit is Unit.MONTH:
        if upper:
            return (f"{month} {start.year}", f"{month[:3]} {start.year}", month[:3])
        return (month, month[:3], month[0])
    if unit is Unit.QUARTER:
        quarter = f"Q{(start.month - 1) // 3 + 1}"
        return (f"{quarter} {start.year}", quarter) if upper else (quarter,)
    return (str(start.year),)


def cells(unit: Unit, first: int, last: int, *, upper: bool = False) -> list[HeaderCell]:
    """The cells of ``unit`` that cover ordinals ``[first, last)``; the first and last cells
    reach past the range so their labels are known in full."""
    cell_start = unit_start(unit, date.fromordinal(max(1, first)))
    found = []
    while cell_start.toordinal() < last:
        following = unit_after(unit, cell_start)
        found.append(
            HeaderCell(
                start=cell_start.toordinal(),
                stop=following.toordinal(),
                labels=labels(unit, cell_start, upper=upper),
                weekend=unit is Unit.DAY and cell_start.weekday() >= 5,
            )
        )
        cell_start = following
    return found


def fitting_label(candidates: tuple[str, ...], width: float, font_px: float) -> str:
    """The longest candidate that fits ``width`` pixels with a little padding, or ''."""
    for text in candidates:
        if text_width(text, font_px) + 0.5 * font_px <= width:
            return text
    return ""


def elide(text: str, width: float, font_px: float) -> str:
    """``text`` cut to fit ``width`` pixels (by the shared estimate), ending in '…'; '' when not
    even a few letters fit."""
    if text_width(text, font_px) <= width:
        return text
    chars = int(width / (font_px * CHAR_WIDTH)) - 1
    if chars < 3:
        return ""
    return text[:chars].rstrip() + "…"
