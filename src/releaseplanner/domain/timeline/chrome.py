"""The parts of a timeline picture around the bars: date header, row header, title and legend.

Each function appends shapes and texts to a :class:`~releaseplanner.domain.timeline.primitives.
Layer`; :mod:`releaseplanner.domain.timeline.frame` calls them in painting order. Labels are
chosen by :func:`~releaseplanner.domain.timeline.ticks.fitting_label` (a shorter form when the
long one does not fit) or elided: nothing is ever drawn cut by a neighbour.
"""

from __future__ import annotations

import math

from releaseplanner.domain.timeline.model import RiskChip, Row
from releaseplanner.domain.timeline.palette import LegendEntry, TimelinePalette, chip_text
from releaseplanner.domain.timeline.primitives import Layer, Line, Polygon, Rect, Text
from releaseplanner.domain.timeline.ticks import (
    HeaderCell,
    elide,
    fitting_label,
    text_width,
)
from releaseplanner.domain.timeline.viewport import FrameStyle, Geometry, ViewState


def header(
    layer: Layer,
    geo: Geometry,
    state: ViewState,
    style: FrameStyle,
    palette: TimelinePalette,
    tiers: tuple[list[HeaderCell], list[HeaderCell]],
    bands: list[tuple[float, float, str, bool]],
) -> None:
    """The date header: upper tier (sticky labels), lower tier (centred labels), and the tier
    of freeze / maintenance windows with the today tag."""
    upper, lower = tiers
    font = style.font_px
    h = style.tier_height
    top = geo.title_bottom
    left, right = geo.chart_left, geo.width
    layer.shapes.append(Rect(left, top, right, top + h, palette.header_strong))
    layer.shapes.append(Rect(left, top + h, right, top + 3 * h, palette.header))
    for cell in upper:
        x0, x1 = geo.x_of(cell.start, state), geo.x_of(cell.stop, state)
        layer.lines.append(Line(((x0, top), (x0, top + 2 * h)), palette.grid_strong))
        # Sticky: a month's name stays in view while any of the month is.
        tx = max(x0, left) + font * 0.4
        text = fitting_label(cell.labels, min(x1, right) - tx, font)
        if text:
            layer.texts.append(Text(tx, top + h / 2, text, palette.text, font, bold=True))
    small = font * 0.92
    # One form of label across the tier (not "W50 · 7 Dec" beside a bare "W51"): the longest
    # form that fits every whole cell; the cut-off cells at the edges may shorten further.
    form = _uniform_form(lower, geo, state, small)
    for cell in lower:
        x0, x1 = geo.x_of(cell.start, state), geo.x_of(cell.stop, state)
        if cell.weekend:
            layer.shapes.append(Rect(x0, top + h, x1, top + 2 * h, palette.weekend))
        layer.lines.append(Line(((x0, top + h), (x0, top + 2 * h)), palette.grid_strong))
        vis0, vis1 = max(x0, left), min(x1, right)
        text = fitting_label(cell.labels[form:] or cell.labels[-1:], vis1 - vis0, small)
        if text:
            colour = palette.muted if cell.weekend else palette.text
            layer.texts.append(
                Text((vis0 + vis1) / 2, top + 1.5 * h, text, colour, small, align="center")
            )
    wy0, wy1 = top + 2 * h + 2, top + 3 * h - 2
    for x0, x1, label, freeze in bands:
        fill, edge, ink = (
            (palette.freeze, palette.freeze_edge, palette.freeze_text)
            if freeze
            else (palette.maintenance, palette.maintenance_edge, palette.maintenance_text)
        )
        layer.shapes.append(Rect(x0, wy0, x1, wy1, fill, edge))
        tx = max(x0, left) + font * 0.3
        text = elide(label, min(x1, right) - tx - font * 0.3, font * 0.85)
        if text:
            layer.texts.append(Text(tx, (wy0 + wy1) / 2, text, ink, font * 0.85))
    if state.today is not None:
        x = geo.x_of(state.today + 0.5, state)
        if left <= x <= right:
            tag = "Today"
            half = text_width(tag, font * 0.85) / 2 + font * 0.35
            layer.shapes.append(Rect(x - half, wy0, x + half, wy1, palette.today))
            layer.texts.append(
                Text(x, (wy0 + wy1) / 2, tag, "#ffffff", font * 0.85, bold=True, align="center")
            )
    layer.lines.append(Line(((left, geo.chart_top), (right, geo.chart_top)), palette.grid_strong))


def _uniform_form(cells: list[HeaderCell], geo: Geometry, state: ViewState, font: float) -> int:
    """The index of the longest label form that fits every cell wholly on screen."""
    whole = [
        c
        for c in cells
        if geo.x_of(c.start, state) >= geo.chart_left and geo.x_of(c.stop, state) <= geo.width
    ]
    forms = max((len(c.labels) for c in cells), default=1)
    for form in range(forms):
        if all(
            fitting_label(
                c.labels[form : form + 1] or c.labels[-1:],
                geo.x_of(c.stop, state) - geo.x_of(c.start, state),
                font,
            )
            for c in whole
        ):
            return form
    return forms - 1


def corner(layer: Layer, geo: Geometry, style: FrameStyle, palette: TimelinePalette) -> None:
    """The block above the row header: what the rows are."""
    top, bottom = geo.title_bottom, geo.chart_top
    layer.shapes.append(Rect(0, top, geo.chart_left, bottom, palette.header_strong))
    text = elide(style.corner, geo.chart_left - style.font_px, style.font_px)
    if text:
        layer.texts.append(
            Text(
                style.font_px * 0.6,
                bottom - style.tier_height / 2,
                text,
                palette.text,
                style.font_px,
                bold=True,
            )
        )
    layer.lines.append(Line(((geo.chart_left, top), (geo.chart_left, bottom)), palette.grid_strong))
    layer.lines.append(Line(((0, bottom), (geo.chart_left, bottom)), palette.grid_strong))


def row_header(
    layer: Layer,
    geo: Geometry,
    state: ViewState,
    style: FrameStyle,
    palette: TimelinePalette,
    rows: list[tuple[int, Row, int, str | None, RiskChip | None]],
    selected_row: int | None,
    expanders: list[tuple[float, float, float, float, int]],
    tips: list[tuple[float, float, float, float, str]] | None = None,
) -> None:
    """Row labels: indented by level, bold for groups, an expander on groups that have detail,
    a dot in the worst problem's colour, a release's risk chip left of it (its explanation goes
    to ``tips``), the detail text right-aligned when it fits."""
    font = style.row_font
    rh = geo.row_height
    width = geo.chart_left
    for index, row, group_number, severity, chip in rows:
        y = geo.y_of(index, state)
        fill = (
            palette.selected_row
            if index == selected_row
            else (palette.zebra if group_number % 2 else palette.row_header)
        )
        layer.shapes.append(Rect(0, y, width, y + rh, fill))
        if row.level == 0 and index:
            layer.lines.append(Line(((0, y), (width, y)), palette.separator))
        x = font * 0.5 + row.level * font * 1.3
        if row.expandable:
            size = font * 0.42
            cx, cy = x + size, y + rh / 2
            if row.expanded:
                points = (
                    (cx - size, cy - size * 0.6),
                    (cx + size, cy - size * 0.6),
                    (cx, cy + size * 0.7),
                )
            else:
                points = (
                    (cx - size * 0.6, cy - size),
                    (cx + size * 0.7, cy),
                    (cx - size * 0.6, cy + size),
                )
            layer.shapes.append(Polygon(points, palette.muted))
            expanders.append((x - 2, y, x + 2 * size + 4, y + rh, index))
        x += font * 1.3
        right = width - font * 0.5
        if severity is not None:
            r = font * 0.3
            cx, cy = right - r, y + rh / 2
            layer.shapes.append(circle(cx, cy, r, palette.severities[severity]))
            right -= 2 * r + font * 0.4
        small = font * 0.85
        if chip is not None:
            right = _risk_chip(layer, chip, x, right, y + rh / 2, font, palette, tips)
        label = elide(row.label, right - x, font)
        if label:
            layer.texts.append(Text(x, y + rh / 2, label, palette.text, font, bold=row.level == 0))
        used = text_width(label, font) + font if label else 0
        if row.detail and right - x - used >= text_width(row.detail, small):
            layer.texts.append(
                Text(right, y + rh / 2, row.detail, palette.muted, small, align="right")
            )
    layer.lines.append(
        Line(((width, geo.chart_top), (width, geo.chart_bottom)), palette.grid_strong)
    )


def _risk_chip(
    layer: Layer,
    chip: RiskChip,
    left: float,
    right: float,
    cy: float,
    font: float,
    palette: TimelinePalette,
    tips: list[tuple[float, float, float, float, str]] | None,
) -> float:
    """A pill with the band and score ending at ``right``; returns where the row's other texts
    must end. The label keeps room for a dozen letters: a narrow header drops the score, then
    the chip, rather than the release's key."""
    size = font * 0.8
    pad = size * 0.55
    for text in (chip.label, chip.band.label):
        # Regular weight: the shared estimate of text width holds for it with room to spare.
        w = text_width(text, size) + 2 * pad
        if right - w - left >= text_width("M" * 12, font):
            break
    else:
        return right
    fill = palette.risk_bands[chip.band]
    h = size * 1.6
    x0, y0, y1 = right - w, cy - h / 2, cy + h / 2
    layer.shapes.append(pill(x0, y0, right, y1, fill))
    layer.texts.append(Text(x0 + w / 2, cy, text, chip_text(fill), size, align="center"))
    if tips is not None:
        tips.append((x0, y0, right, y1, chip.explanation or chip.label))
    return x0 - font * 0.5


def title(layer: Layer, geo: Geometry, style: FrameStyle, palette: TimelinePalette) -> None:
    """The title strip: title on the left, subtitle (dates, 'as of') on the right."""
    h = geo.title_bottom
    layer.shapes.append(Rect(0, 0, geo.width, h, palette.background))
    size = style.font_px * 1.35
    pad = style.font_px * 0.7
    sub = style.font_px
    sub_width = text_width(style.subtitle, sub) if style.subtitle else 0.0
    text = elide(style.title, geo.width - 3 * pad - sub_width, size)
    if text:
        layer.texts.append(Text(pad, h / 2, text, palette.text, size, bold=True))
    if style.subtitle:
        layer.texts.append(
            Text(geo.width - pad, h / 2, style.subtitle, palette.muted, sub, align="right")
        )
    layer.lines.append(Line(((0, h - 0.5), (geo.width, h - 0.5)), palette.grid_strong))


def legend_height(entries: list[LegendEntry], width: float, font_px: float) -> float:
    """How tall the legend strip is when its entries flow across ``width`` pixels."""
    return len(_legend_lines(entries, width, font_px)) * font_px * 1.9 + font_px * 0.6


def legend(
    layer: Layer,
    entries: list[LegendEntry],
    x0: float,
    y0: float,
    width: float,
    font_px: float,
    palette: TimelinePalette,
) -> None:
    """Sample marks and their meaning, flowing left to right in lines."""
    line_height = font_px * 1.9
    height = legend_height(entries, width, font_px)
    layer.shapes.append(Rect(x0, y0, x0 + width, y0 + height, palette.background))
    layer.lines.append(Line(((x0, y0 + 0.5), (x0 + width, y0 + 0.5)), palette.grid_strong))
    for number, line in enumerate(_legend_lines(entries, width, font_px)):
        cy = y0 + font_px * 0.3 + line_height * (number + 0.5)
        for offset, entry in line:
            x = x0 + offset
            _sample(layer, entry, x, cy, font_px)
            layer.texts.append(
                Text(x + font_px * 2.6, cy, entry.label, palette.text, font_px * 0.92)
            )


def _legend_lines(
    entries: list[LegendEntry], width: float, font_px: float
) -> list[list[tuple[float, LegendEntry]]]:
    lines: list[list[tuple[float, LegendEntry]]] = [[]]
    x = font_px * 0.8
    for entry in entries:
        needed = font_px * 2.6 + text_width(entry.label, font_px * 0.92) + font_px * 1.6
        if lines[-1] and x + needed > width:
            lines.append([])
            x = font_px * 0.8
        lines[-1].append((x, entry))
        x += needed
    return lines


def _sample(layer: Layer, entry: LegendEntry, x: float, cy: float, font: float) -> None:
    w, h = font * 2.1, font * 0.9
    if entry.shape == "diamond":
        r = font * 0.5
        cx = x + w / 2
        layer.shapes.append(
            Polygon(
                ((cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)), entry.colour, entry.edge
            )
        )
    elif entry.shape == "line":
        layer.lines.append(Line(((x + w / 2, cy - h), (x + w / 2, cy + h)), entry.colour, 2.0))
    elif entry.shape == "marker":
        layer.shapes.append(circle(x + w / 2, cy, font * 0.42, entry.colour))
    elif entry.shape == "ghost":
        layer.shapes.append(Rect(x, cy + h * 0.15, x + w, cy + h * 0.5, entry.colour, entry.edge))
    elif entry.shape == "band":
        layer.shapes.append(Rect(x, cy - h * 0.8, x + w, cy + h * 0.8, entry.colour, entry.edge))
    else:
        dashed = entry.shape == "support"
        width = 2.5 if entry.shape in ("deployment", "outline") else 1.0
        layer.shapes.append(
            Rect(x, cy - h / 2, x + w, cy + h / 2, entry.colour, entry.edge, width, dashed)
        )


def circle(cx: float, cy: float, r: float, fill: str) -> Polygon:
    """A circle as a 12-sided polygon: the painters need no circle primitive, and at badge sizes
    the difference does not show."""
    return Polygon(tuple((cx + r * c, cy + r * s) for c, s in _UNIT_CIRCLE), fill)


def pill(x0: float, y0: float, x1: float, y1: float, fill: str) -> Polygon:
    """A rectangle with round ends (a chip), as a polygon like :func:`circle`."""
    r = min((y1 - y0) / 2, (x1 - x0) / 2)
    cy = (y0 + y1) / 2
    right = tuple((x1 - r + r * s, cy - r * c) for s, c in _HALF_TURN)
    left = tuple((x0 + r - r * s, cy + r * c) for s, c in _HALF_TURN)
    return Polygon(right + left, fill)


#: (sin, cos) from the top of a circle round to its bottom, for the round ends of a pill.
_HALF_TURN = tuple((math.sin(k * math.pi / 8), math.cos(k * math.pi / 8)) for k in range(9))
_UNIT_CIRCLE = tuple((math.cos(k * math.pi / 6), math.sin(k * math.pi / 6)) for k in range(12))
