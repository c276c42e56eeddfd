"""One picture of the timeline as a display list: what is visible, in pixels, ready to paint.

:func:`build_frame` reads only the rows on screen and, in each, only the bars in the visible
days (see :mod:`releaseplanner.domain.timeline.index`), so its cost follows the screen, not the
workspace. Zoomed out (under a pixel a day) or on huge summary rows it draws merged runs instead
of bars. Labels go inside a bar when they fit, else right of it when the lane is free up to the
next bar, else elided inside, else nowhere: they never run into each other.

:class:`Marks` carries what the user is doing (selection, a drag's preview, the link being
drawn, the critical path, the milestone a presenter is on), so the picture shows it too.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

from releaseplanner.domain.enums import ScheduleKind
from releaseplanner.domain.timeline import chrome
from releaseplanner.domain.timeline.arrows import Arrows
from releaseplanner.domain.timeline.index import RowIndex, level_for, points_in
from releaseplanner.domain.timeline.layout import TimelineLayout
from releaseplanner.domain.timeline.model import Bar, Row, RowKind
from releaseplanner.domain.timeline.palette import (
    LIGHT,
    TimelinePalette,
    legend_entries,
    readable_on,
)
from releaseplanner.domain.timeline.primitives import Frame, Hit, Layer, Line, Polygon, Rect, Text
from releaseplanner.domain.timeline.ticks import Unit, cells, choose_units, elide, text_width
from releaseplanner.domain.timeline.viewport import FrameStyle, Geometry, Marks, ViewState, geometry

#: Rows with more bars than this draw merged runs at every zoom (environment summaries).
LOD_MANY = 256
_SUPPORT_KINDS = frozenset({ScheduleKind.EARLY_LIFE_SUPPORT, ScheduleKind.FREEZE})


def build_frame(
    layout: TimelineLayout,
    state: ViewState,
    style: FrameStyle | None = None,
    width: float = 1200.0,
    height: float = 800.0,
    marks: Marks | None = None,
    palette: TimelinePalette = LIGHT,
) -> Frame:
    """The display list of a ``width`` × ``height`` picture of ``layout`` seen as ``state``."""
    style = style or FrameStyle()
    marks = marks or Marks()
    entries = legend_entries(palette) if style.legend else []
    legend_h = chrome.legend_height(entries, width, style.font_px) if style.legend else 0.0
    geo = geometry(style, width, height, legend_h)
    return _FrameBuilder(layout, state, style, geo, marks, palette).build(entries)


class _FrameBuilder:
    def __init__(
        self,
        layout: TimelineLayout,
        state: ViewState,
        style: FrameStyle,
        geo: Geometry,
        marks: Marks,
        palette: TimelinePalette,
    ) -> None:
        self.layout = layout
        self.state = state
        self.style = style
        self.geo = geo
        self.marks = marks
        self.palette = palette
        self.first = geo.day_at(geo.chart_left, state)
        self.last = geo.day_at(geo.width, state)
        self.hits: list[Hit] = []
        clip = (geo.chart_left, geo.chart_top, geo.width, geo.chart_bottom)
        self.grid = Layer("grid", clip)
        self.bars = Layer("bars", clip)
        self.over = Layer("marks", clip)
        self.moved: dict[int, list[Bar]] = defaultdict(list)
        for item_id, (start, end) in marks.preview.items():
            bar = layout.item_bar.get(item_id)
            if bar is not None:
                self.moved[bar.row].append(replace(bar, start=start, end=end))

    # -- the whole picture ---------------------------------------------------------------------
    def build(self, entries: list) -> Frame:
        geo, state, style, palette = self.geo, self.state, self.style, self.palette
        count = len(self.layout.rows)
        first_row = max(0, geo.row_at(geo.chart_top, state))
        last_row = min(count - 1, geo.row_at(geo.chart_bottom - 0.01, state))
        rows = range(first_row, last_row + 1) if count else range(0)
        upper_unit, lower_unit = choose_units(state.px_per_day, style.font_px)
        lo, hi = math.floor(self.first), math.ceil(self.last) + 1
        lower = cells(lower_unit, lo, hi)
        upper = cells(upper_unit, lo, hi, upper=True) if upper_unit else []

        background = Layer("background", (0, 0, geo.width, geo.height))
        background.shapes.append(Rect(0, 0, geo.width, geo.height, palette.background))
        self._grid(rows, upper, lower, lower_unit)
        for row in rows:
            self._row(row)
        self.arrows = Arrows(self.layout, geo, state, self.marks, palette, self.over)
        self.arrows.draw(self.hits)
        self._today_and_link()
        if not count:
            self.over.texts.append(
                Text(
                    geo.chart_left + geo.chart_width / 2,
                    geo.chart_top + geo.chart_height / 2,
                    "No schedule items match: clear the filters or add items to a release.",
                    palette.muted,
                    style.font_px * 1.1,
                    align="center",
                )
            )

        header = Layer("header", (geo.chart_left, geo.title_bottom, geo.width, geo.chart_top))
        chrome.header(header, geo, state, style, palette, (upper, lower), self._header_bands())
        row_layer = Layer("rows", (0, geo.chart_top, geo.chart_left, geo.chart_bottom))
        expanders: list[tuple[float, float, float, float, int]] = []
        tips: list[tuple[float, float, float, float, str]] = []
        risks = self.layout.data.risks
        described = []
        for r in rows:
            row = self.layout.rows[r]
            chip = (
                risks.get(row.release_id)
                if risks and row.kind is RowKind.RELEASE and row.release_id
                else None
            )
            severity = _value(self.layout.row_problems.get(r))
            described.append((r, row, self.layout.group_number[r], severity, chip))
        chrome.row_header(
            row_layer,
            geo,
            state,
            style,
            palette,
            described,
            self.marks.selected_row,
            expanders,
            tips,
        )
        corner = Layer("corner", (0, geo.title_bottom, geo.chart_left, geo.chart_top))
        chrome.corner(corner, geo, style, palette)
        layers = [background, self.grid, self.bars, self.over, header, row_layer, corner]
        if geo.title_bottom:
            title = Layer("title", (0, 0, geo.width, geo.title_bottom))
            chrome.title(title, geo, style, palette)
            layers.append(title)
        if entries:
            legend = Layer("legend", (0, geo.chart_bottom, geo.width, geo.height))
            chrome.legend(legend, entries, 0, geo.chart_bottom, geo.width, style.font_px, palette)
            layers.append(legend)
        return Frame(
            width=geo.width,
            height=geo.height,
            layers=layers,
            hits=self.hits,
            expanders=expanders,
            rows=rows,
            first_day=self.first,
            last_day=self.last,
            tips=tips,
        )

    # -- behind the bars -----------------------------------------------------------------------
    def _grid(self, rows: range, upper: list, lower: list, lower_unit: Unit) -> None:
        geo, state, palette, layer = self.geo, self.state, self.palette, self.grid
        rh = geo.row_height
        for r in rows:
            if self.layout.group_number[r] % 2 or r == self.marks.selected_row:
                y = geo.y_of(r, state)
                fill = palette.selected_row if r == self.marks.selected_row else palette.zebra
                layer.shapes.append(Rect(geo.chart_left, y, geo.width, y + rh, fill))
        top, bottom = geo.chart_top, geo.chart_bottom
        if lower_unit is Unit.DAY:
            for cell in lower:
                if cell.weekend:
                    x0, x1 = geo.x_of(cell.start, state), geo.x_of(cell.stop, state)
                    layer.shapes.append(Rect(x0, top, x1, bottom, palette.weekend))
        for band in self.layout.bands:
            if band.end + 1 < self.first or band.start > self.last:
                continue
            y0, y1 = top, bottom
            if band.group_key is not None:
                span = self.layout.groups.get(band.group_key)
                if span is None:
                    continue
                y0 = max(top, geo.y_of(span[0], state))
                y1 = min(bottom, geo.y_of(span[1] + 1, state))
            x0, x1 = geo.x_of(band.start, state), geo.x_of(band.end + 1, state)
            fill, edge = (
                (palette.freeze, palette.freeze_edge)
                if band.freeze
                else (palette.maintenance, palette.maintenance_edge)
            )
            layer.shapes.append(Rect(x0, y0, x1, y1, fill))
            layer.lines.append(Line(((x0, y0), (x0, y1)), edge, 1.0, dashed=True))
            layer.lines.append(Line(((x1, y0), (x1, y1)), edge, 1.0, dashed=True))
        strong = {cell.start for cell in upper}
        for cell in lower:
            if cell.start not in strong:
                x = geo.x_of(cell.start, state)
                layer.lines.append(Line(((x, top), (x, bottom)), palette.grid))
        for cell in upper:
            x = geo.x_of(cell.start, state)
            layer.lines.append(Line(((x, top), (x, bottom)), palette.grid_strong))
        for r in rows:
            if r and self.layout.rows[r].level == 0:
                y = geo.y_of(r, state)
                layer.lines.append(Line(((geo.chart_left, y), (geo.width, y)), palette.separator))

    def _header_bands(self) -> list[tuple[float, float, str, bool]]:
        found = []
        for band in self.layout.bands:
            if band.end + 1 < self.first or band.start > self.last:
                continue
            x0 = self.geo.x_of(band.start, self.state)
            x1 = self.geo.x_of(band.end + 1, self.state)
            where = "" if band.group_key else f" ({band.environment})"
            found.append((x0, x1, f"{band.label}{where}", band.freeze))
        return found

    # -- one row -------------------------------------------------------------------------------
    def _row(self, r: int) -> None:
        row = self.layout.rows[r]
        index = self.layout.index[r]
        y = self.geo.y_of(r, self.state)
        bracket = self.layout.bracket.get(r)
        if bracket is not None:
            self._bracket(bracket, y)
        ppd = self.state.px_per_day
        if len(index) > LOD_MANY or (ppd < 1 and len(index) > 16):
            self._runs(r, row, index, y)
        else:
            self._bars(r, row, index, y)

    def _bracket(self, span: tuple[int, int], y: float) -> None:
        geo, state, colour = self.geo, self.state, self.palette.summary
        x0, x1 = geo.x_of(span[0], state), geo.x_of(span[1] + 1, state)
        rh = geo.row_height
        top, bottom = y + rh * 0.42, y + rh * 0.54
        self.bars.shapes.append(Rect(x0, top, x1, bottom, colour))
        tip = rh * 0.16
        for x, inward in ((x0, 1), (x1, -1)):
            points = ((x, top), (x + inward * tip, top), (x, bottom + tip))
            self.bars.shapes.append(Polygon(points, colour))

    def _bars(self, r: int, row: Row, index: RowIndex, y: float) -> None:
        preview = self.marks.preview
        visible = [
            bar
            for bar in index.between(self.first - 1, self.last + 1)
            if bar.item_id not in preview
        ]
        moved = self.moved.get(r)
        if moved:
            visible += [b for b in moved if b.end + 1 > self.first - 1 and b.start < self.last + 1]
            visible.sort(key=lambda bar: bar.start)
        geo, state = self.geo, self.state
        half = geo.row_height * 0.3
        # Labels stop at the picture's edge rather than run off it.
        far = geo.width - self.style.row_font * 0.3
        xs = [geo.x_of(bar.start, state) for bar in visible]
        if row.summary:
            # Summary rows label only their diamonds, which need room up to the next diamond.
            points = [i for i, bar in enumerate(visible) if bar.point]
            for n, i in enumerate(points):
                next_x = xs[points[n + 1]] - half if n + 1 < len(points) else far
                self._diamond(r, row, visible[i], y, next_x)
            for i, bar in enumerate(visible):
                if not bar.point:
                    self._span(r, row, bar, xs[i], y, far)
            return
        for i, bar in enumerate(visible):
            # Room for a label right of this mark: up to the next one in the lane (lanes do
            # not overlap, so that is the next in start order).
            next_x = far
            if i + 1 < len(visible):
                following = visible[i + 1]
                next_x = xs[i + 1] - (half if following.point else 0.0)
            if bar.point:
                self._diamond(r, row, bar, y, next_x)
            else:
                self._span(r, row, bar, xs[i], y, next_x)

    def _span(self, r: int, row: Row, bar: Bar, x0: float, y: float, next_x: float) -> None:
        geo, state, palette = self.geo, self.state, self.palette
        rh = geo.row_height
        x1 = max(geo.x_of(bar.end + 1, state), x0 + 2.0)
        top, bottom = (
            (y + rh * 0.34, y + rh * 0.62) if row.summary else (y + rh * 0.16, y + rh * 0.74)
        )
        swatch = palette.statuses[bar.status]
        fill, edge, ink, width, dashed = swatch.fill, swatch.edge, swatch.text, 1.0, False
        if bar.kind in _SUPPORT_KINDS:
            fill = swatch.light
            ink, dashed = readable_on(fill), True
        elif bar.kind is ScheduleKind.DEPLOYMENT:
            edge, width = palette.summary, 2.0
        shapes = self.bars.shapes
        baseline = self.layout.data.baseline.get(bar.item_id) if self.marks.ghosts else None
        if baseline is not None and not row.summary:
            gx0 = geo.x_of(baseline[0].toordinal(), state)
            gx1 = max(geo.x_of(baseline[1].toordinal() + 1, state), gx0 + 2.0)
            shapes.append(
                Rect(gx0, y + rh * 0.80, gx1, y + rh * 0.93, palette.ghost, palette.ghost_edge)
            )
        shapes.append(Rect(x0, top, x1, bottom, fill, edge, width, dashed))
        if bar.item_id in self.marks.critical:
            shapes.append(
                Rect(x0 - 1.5, top - 1.5, x1 + 1.5, bottom + 1.5, None, palette.critical, 2.5)
            )
        if bar.item_id in self.marks.selected:
            shapes.append(
                Rect(x0 - 3.5, top - 3.5, x1 + 3.5, bottom + 3.5, None, palette.selection, 2.0)
            )
        severity = None if row.summary else self.layout.item_problems.get(bar.item_id)
        badge = 0.0
        if severity is not None:
            if x1 - x0 >= self.style.row_font:
                badge = self._badge(x1, top, severity.value)
            else:
                # Too narrow for a badge that would hide it: a bar in the severity's colour
                # above it says the same.
                colour = palette.severities[severity.value]
                self.over.shapes.append(Rect(x0, y + rh * 0.04, x1, top - 1, colour))
        if not row.summary:
            self._span_label(bar.label, x0, x1, (top + bottom) / 2, ink, next_x, badge)
        self.hits.append(Hit(x0, y, x1, y + rh, r, bar.item_id))

    def _span_label(
        self, label: str, x0: float, x1: float, mid: float, ink: str, next_x: float, badge: float
    ) -> None:
        font, pad, left = self.style.row_font, self.style.row_font * 0.4, self.geo.chart_left
        texts = self.bars.texts
        start = max(x0, left)  # sticky: a long bar keeps its label in view
        inside = min(x1, self.geo.width) - start - 2 * pad
        needed = text_width(label, font)
        if needed <= inside:
            texts.append(Text(start + pad, mid, label, ink, font))
        elif x1 >= left and next_x - x1 - 2 * pad - badge >= needed:
            texts.append(Text(x1 + pad + badge, mid, label, self.palette.text, font))
        elif inside >= font * 2.5:
            text = elide(label, inside, font)
            if text:
                texts.append(Text(start + pad, mid, text, ink, font))

    def _diamond(self, r: int, row: Row, bar: Bar, y: float, next_x: float) -> None:
        geo, palette, font = self.geo, self.palette, self.style.row_font
        rh = geo.row_height
        cx, cy, half = geo.x_of(bar.start + 0.5, self.state), y + rh * 0.48, rh * 0.3
        swatch = palette.statuses[bar.status]
        shapes = self.bars.shapes
        baseline = self.layout.data.baseline.get(bar.item_id) if self.marks.ghosts else None
        if baseline is not None and baseline[0].toordinal() != bar.start:
            gx = geo.x_of(baseline[0].toordinal() + 0.5, self.state)
            shapes.append(_diamond_shape(gx, cy, half * 0.8, None, palette.ghost_edge, 1.5))
        shapes.append(_diamond_shape(cx, cy, half, swatch.fill, swatch.edge, 1.0))
        if bar.item_id in self.marks.critical:
            shapes.append(_diamond_shape(cx, cy, half + 2.5, None, palette.critical, 2.5))
        if bar.item_id in self.marks.selected or bar.item_id == self.marks.focus:
            shapes.append(_diamond_shape(cx, cy, half + 5, None, palette.selection, 2.0))
        label = bar.label
        small = font * 0.92
        tx = cx + half + font * 0.35
        box = None
        if row.level == 0:
            # Over a summary's bars or bracket a label needs its row's colour behind it.
            box = self._row_fill(r)
        fits = next_x - tx - font * 0.4 >= text_width(label, small)
        # A label that would start left of the chart is left out rather than shown cut.
        if tx >= geo.chart_left and (fits or bar.item_id == self.marks.focus):
            self.bars.texts.append(Text(tx, cy, label, palette.text, small, box=box))
        severity = None if row.summary else self.layout.item_problems.get(bar.item_id)
        if severity is not None:
            self._badge(cx + half, cy - half, severity.value)
        self.hits.append(Hit(cx - half, y, cx + half, y + rh, r, bar.item_id, point=True))

    def _row_fill(self, r: int) -> str:
        if r == self.marks.selected_row:
            return self.palette.selected_row
        return self.palette.zebra if self.layout.group_number[r] % 2 else self.palette.background

    def _badge(self, x: float, y: float, severity: str) -> float:
        """A problem marker (a filled circle with '!') at a bar's top-right corner; returns its
        radius, the room a label beside the bar leaves for it."""
        radius = max(3.0, self.style.row_font * 0.42)
        self.over.shapes.append(chrome.circle(x, y, radius, self.palette.severities[severity]))
        self.over.texts.append(Text(x, y, "!", "#ffffff", radius * 1.5, bold=True, align="center"))
        return radius

    def _runs(self, r: int, row: Row, index: RowIndex, y: float) -> None:
        """Merged runs and thinned diamonds: the level of detail for far zoom and huge rows."""
        geo, state, palette = self.geo, self.state, self.palette
        rh = geo.row_height
        ppd = state.px_per_day
        runs = index.runs(level_for(ppd))
        top, bottom = (
            (y + rh * 0.34, y + rh * 0.62) if row.summary else (y + rh * 0.16, y + rh * 0.74)
        )
        shapes, hits = self.bars.shapes, self.hits
        starts, stops, statuses, counts = runs.starts, runs.stops, runs.statuses, runs.counts
        left_day, x_left = state.left_day, geo.chart_left
        for k in runs.between(self.first, self.last):
            if stops[k] <= self.first:
                continue
            x0 = x_left + (starts[k] - left_day) * ppd
            x1 = max(x_left + (stops[k] - left_day) * ppd, x0 + 1.0)
            shapes.append(Rect(x0, top, x1, bottom, palette.statuses[statuses[k]].fill))
            hits.append(Hit(x0, y, x1, y + rh, r, None, count=counts[k]))
        half = rh * 0.3
        gap = 2 ** max(0, math.ceil(math.log2(max(1.0, half * 1.5 / ppd))))
        cy = y + rh * 0.48
        for point in points_in(index.thinned_points(gap), self.first - 1, self.last + 1):
            cx = x_left + (point.start + 0.5 - left_day) * ppd
            swatch = palette.statuses[point.status]
            shapes.append(_diamond_shape(cx, cy, half, swatch.fill, swatch.edge, 1.0))
            hits.append(Hit(cx - half, y, cx + half, y + rh, r, point.item_id, point=True))

    def _today_and_link(self) -> None:
        geo, state, palette = self.geo, self.state, self.palette
        if state.today is not None:
            # Behind the bars (the grid layer), so it never strikes through a label.
            x = geo.x_of(state.today + 0.5, state)
            self.grid.lines.append(
                Line(((x, geo.chart_top), (x, geo.chart_bottom)), palette.today, 2.0)
            )
        if self.marks.link is not None:
            item_id, px, py = self.marks.link
            anchor = self.arrows.anchor(item_id)
            if anchor is not None:
                _, sx, sy = anchor
                self.over.lines.append(Line(((sx, sy), (px, py)), palette.link, 2.0, dashed=True))
                self.over.shapes.append(chrome.circle(px, py, 4.0, palette.link))


def _diamond_shape(
    cx: float, cy: float, half: float, fill: str | None, edge: str | None, width: float
) -> Polygon:
    return Polygon(
        ((cx, cy - half), (cx + half, cy), (cx, cy + half), (cx - half, cy)), fill, edge, width
    )


def _value(severity: object) -> str | None:
    return None if severity is None else severity.value  # type: ignore[attr-defined]
