"""The timeline widget: paints the document's layout and handles zoom, scrolling and keys.

One viewport paints the whole picture (row header, date header, chart) from one
:class:`~releaseplanner.domain.timeline.primitives.Frame`, built for the viewport's size and
cached until something changes, so hit tests, tooltips and tests read the very frame that was
painted. Only what is visible is built (see :func:`~releaseplanner.domain.timeline.frame.
build_frame`), which keeps a repaint as quick with 100,000 items as with 1,000.

Keys are handled in :mod:`releaseplanner.ui.timeline.keys`, mouse gestures in
:mod:`releaseplanner.ui.timeline.gestures`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from releaseplanner.domain.timeline.editing import Handle, shifted
from releaseplanner.domain.timeline.frame import build_frame
from releaseplanner.domain.timeline.model import GroupBy
from releaseplanner.domain.timeline.palette import POINT_KINDS
from releaseplanner.domain.timeline.primitives import Frame
from releaseplanner.domain.timeline.viewport import (
    PRESETS,
    ZOOM_STEP,
    FrameStyle,
    Geometry,
    Marks,
    ViewState,
    fit,
    geometry,
)
from releaseplanner.ui.timeline.document import TimelineDocument
from releaseplanner.ui.timeline.gestures import EDGE_GRIP, Gestures
from releaseplanner.ui.timeline.keys import handle_key
from releaseplanner.ui.timeline.painter import FramePainter

#: Days of room beyond the plan that the horizontal scroll bar lets people reach.
_SCROLL_MARGIN_DAYS = 60


class TimelineView(QAbstractScrollArea):
    """Draws a :class:`TimelineDocument` and edits it by mouse and keyboard."""

    #: The selected items changed.
    selection_changed = Signal()
    #: An item was double-clicked or Enter was pressed on it: open its editor.
    item_activated = Signal(str)
    #: Zoom or scroll position changed.
    view_changed = Signal()
    #: Meeting mode: the presenter asked for the next (1) or previous (-1) milestone.
    step_requested = Signal(int)
    #: Meeting mode: Escape was pressed.
    exit_requested = Signal()

    def __init__(self, document: TimelineDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self._document = document
        self._painter = FramePainter()
        self._style = FrameStyle()
        today = document.today.toordinal()
        self._state = ViewState(left_day=today - 21, px_per_day=PRESETS["week"], today=today)
        self._marks = Marks()
        self._frame: Frame | None = None
        self._syncing = False
        self._gestures = Gestures(self)
        self._presenting = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        document.layout_changed.connect(self._on_document_layout_changed)

    # -- what it shows -------------------------------------------------------------------------
    def document(self) -> TimelineDocument:
        return self._document

    def state(self) -> ViewState:
        return self._state

    def style_(self) -> FrameStyle:
        return self._style

    def marks(self) -> Marks:
        return self._marks

    def export_marks(self) -> Marks:
        """What an export or print shows of the marks: the critical path, all arrows and the
        baseline as on screen, but not the selection or a gesture under way."""
        return Marks(
            critical=self._marks.critical,
            all_arrows=self._marks.all_arrows,
            ghosts=self._marks.ghosts,
        )

    @property
    def presenting(self) -> bool:
        return self._presenting

    @property
    def gestures(self) -> Gestures:
        return self._gestures

    def set_presenting(self, presenting: bool) -> None:
        """Meeting mode: read-only (panning and zooming only); arrows step through milestones."""
        self._presenting = presenting
        self._gestures.cancel()
        self.select_items([])
        policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOff if presenting else None
        self.setHorizontalScrollBarPolicy(policy or Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollBarPolicy(policy or Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def set_frame_style(self, style: FrameStyle) -> None:
        """Change sizes (meeting mode) keeping the day at the chart's centre in place."""
        centre = self._centre_day()
        self._style = style
        self._state = self._state.centred_on(centre, self.chart_width())
        self._changed()

    def frame(self) -> Frame:
        """The frame painted (or about to be) at the viewport's size."""
        if self._frame is None:
            size = self.viewport().size()
            corner = "Environment / lane" if self._is_by_environment() else self._style.corner
            self._frame = build_frame(
                self._document.layout,
                self._state,
                replace(self._style, corner=corner),
                max(1, size.width()),
                max(1, size.height()),
                self._marks,
            )
        return self._frame

    def invalidate(self) -> None:
        """Drop the cached frame (the next paint builds it again)."""
        self._frame = None
        self.viewport().update()

    def chart_left(self) -> float:
        return self.chart_geometry().chart_left

    def chart_top(self) -> float:
        return self.chart_geometry().chart_top

    def chart_width(self) -> float:
        return self.chart_geometry().chart_width

    def chart_geometry(self) -> Geometry:
        """The areas of the picture at the viewport's current size."""
        size = self.viewport().size()
        return geometry(self._style, max(1, size.width()), max(1, size.height()))

    def _is_by_environment(self) -> bool:
        return self._document.options.group_by is GroupBy.ENVIRONMENT

    # -- selection and marks -------------------------------------------------------------------
    def selected_items(self) -> list[str]:
        return sorted(self._marks.selected)

    def select_items(self, item_ids: Iterable[str], *, additive: bool = False) -> None:
        chosen = frozenset(item_ids)
        if additive:
            chosen = self._marks.selected ^ chosen
        if chosen == self._marks.selected:
            return
        self._set_marks(selected=chosen, arrows_for=chosen, selected_row=None)
        self.selection_changed.emit()

    def set_critical(self, item_ids: Iterable[str]) -> None:
        self._set_marks(critical=frozenset(item_ids))

    def set_all_arrows(self, shown: bool) -> None:
        self._set_marks(all_arrows=shown)

    def set_ghosts(self, shown: bool) -> None:
        self._set_marks(ghosts=shown)

    def set_focus_item(self, item_id: str | None) -> None:
        self._set_marks(focus=item_id)

    def set_preview(
        self, preview: Mapping[str, tuple[int, int]], link: tuple[str, float, float] | None
    ) -> None:
        self._set_marks(preview=dict(preview), link=link)

    def _set_marks(self, **changes: object) -> None:
        self._marks = replace(self._marks, **changes)  # type: ignore[arg-type]
        self.invalidate()

    # -- zoom and scroll -----------------------------------------------------------------------
    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom by ``factor`` around ``anchor_x`` (chart pixels; default the centre)."""
        anchor = self.chart_width() / 2 if anchor_x is None else anchor_x
        self._state = self._state.zoomed(factor, anchor)
        self._changed()

    def zoom_to_preset(self, name: str) -> None:
        """``day``, ``week``, ``month``, ``quarter`` or ``year``, keeping the centre."""
        self._state = self._state.at_zoom(PRESETS[name], self.chart_width() / 2)
        self._changed()

    def zoom_to_fit(self, item_ids: Iterable[str] | None = None) -> None:
        """Show the whole plan, or the given items, across the chart's width."""
        ids = list(item_ids) if item_ids is not None else None
        extent = self._document.layout.extent(ids)
        if extent is None:
            return
        first, last = extent
        if last - first < 13:  # one short item: show a fortnight around it, not one huge day
            middle = (first + last) // 2
            first, last = middle - 7, middle + 6
        left, ppd = fit(first, last, self.chart_width())
        self._state = replace(self._state, left_day=left, px_per_day=ppd)
        if ids:
            self._ensure_rows_visible([self._document.layout.row_of(i) for i in ids])
        self._changed()

    def zoom_to_days(self, first: int, last: int) -> None:
        """Show days ``first`` to ``last`` (ordinals) across the chart."""
        left, ppd = fit(first, last, self.chart_width(), margin=0.01)
        self._state = replace(self._state, left_day=left, px_per_day=ppd)
        self._changed()

    def jump_to_today(self) -> None:
        today = self._state.today or self._document.today.toordinal()
        # A third from the left: planners look ahead more than back.
        left = today - self.chart_width() / 3 / self._state.px_per_day
        self._state = replace(self._state, left_day=left)
        self._changed()

    def scroll_to(self, left_day: float, top: float) -> None:
        self._state = replace(self._state, left_day=left_day, top=self._clamped_top(top))
        self._changed()

    def reveal_item(self, item_id: str) -> None:
        """Scroll so the item is in view (centred on it when it is off screen)."""
        bar = self._document.layout.item_bar.get(item_id)
        if bar is None:
            return
        first, last = self._visible_days()
        if not (first <= bar.start <= last):
            self._state = self._state.centred_on((bar.start + bar.end + 1) / 2, self.chart_width())
        self._ensure_rows_visible([bar.row])
        self._changed()

    def reveal_rows_in_view(self) -> None:
        """Scroll down to the first row with a bar in the days on screen (opening on today
        should not show a screenful of finished releases)."""
        first, last = self._visible_days()
        layout = self._document.layout
        for row, index in enumerate(layout.index):
            if next(index.between(first, last), None) is not None:
                # From the top of its group, so the release's name is in view too.
                group = layout.groups.get(layout.rows[row].group_key, (row, row))
                target = group[0] * self._style.row_height
                self._state = replace(self._state, top=self._clamped_top(target))
                self._changed()
                return

    def _ensure_rows_visible(self, rows: Iterable[int | None]) -> None:
        found = [r for r in rows if r is not None]
        if not found:
            return
        geo = self.chart_geometry()
        rh = geo.row_height
        top, bottom = min(found) * rh, (max(found) + 1) * rh
        visible = geo.chart_height
        if top < self._state.top or bottom > self._state.top + visible:
            target = top - rh if bottom - top > visible else (top + bottom - visible) / 2
            self._state = replace(self._state, top=self._clamped_top(target))

    def _visible_days(self) -> tuple[float, float]:
        left = self._state.left_day
        return left, left + self.chart_width() / self._state.px_per_day

    def _centre_day(self) -> float:
        return self._state.left_day + self.chart_width() / 2 / self._state.px_per_day

    def _clamped_top(self, top: float) -> float:
        geo = self.chart_geometry()
        content = len(self._document.layout.rows) * geo.row_height
        return max(0.0, min(top, content - geo.chart_height + geo.row_height))

    def _changed(self) -> None:
        self._sync_scrollbars()
        self.invalidate()
        self.view_changed.emit()

    def _sync_scrollbars(self) -> None:
        """Scroll bars in pixels at the current zoom, over the plan plus a margin and the view."""
        geo, state = self.chart_geometry(), self._state
        extent = self._document.layout.extent() or (state.today or 0, state.today or 0)
        first_visible, last_visible = self._visible_days()
        first = min(extent[0] - _SCROLL_MARGIN_DAYS, first_visible)
        last = max(extent[1] + _SCROLL_MARGIN_DAYS, last_visible)
        ppd = state.px_per_day
        self._scroll_origin = first
        self._syncing = True
        try:
            bar = self.horizontalScrollBar()
            bar.setRange(0, max(0, round((last - first) * ppd - geo.chart_width)))
            bar.setPageStep(max(1, round(geo.chart_width)))
            bar.setSingleStep(max(1, round(ppd * 7)))
            bar.setValue(round((state.left_day - first) * ppd))
            rows = len(self._document.layout.rows)
            vbar = self.verticalScrollBar()
            vbar.setRange(
                0, max(0, round(rows * geo.row_height - geo.chart_height + geo.row_height))
            )
            vbar.setPageStep(max(1, round(geo.chart_height)))
            vbar.setSingleStep(max(1, round(geo.row_height)))
            vbar.setValue(round(state.top))
        finally:
            self._syncing = False

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        if self._syncing:
            return
        left = self._scroll_origin + self.horizontalScrollBar().value() / self._state.px_per_day
        self._state = replace(
            self._state, left_day=left, top=float(self.verticalScrollBar().value())
        )
        self.invalidate()
        self.view_changed.emit()

    # -- Qt events -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        self._painter.paint(painter, self.frame())
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._state = replace(self._state, top=self._clamped_top(self._state.top))
        self._sync_scrollbars()
        self.invalidate()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        modifiers = event.modifiers()
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120
            self.zoom(ZOOM_STEP**steps, event.position().x() - self.chart_left())
        elif modifiers & Qt.KeyboardModifier.ShiftModifier or delta.x():
            amount = delta.x() or delta.y()
            self.scroll_to(
                self._state.left_day - amount / 120 * 60 / self._state.px_per_day, self._state.top
            )
        else:
            self.scroll_to(
                self._state.left_day, self._state.top - delta.y() / 120 * 3 * self._style.row_height
            )
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._gestures.press(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._gestures.move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._gestures.release(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._gestures.double_click(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and not self._gestures.busy:
            pos = event.pos()  # type: ignore[attr-defined]
            text = self.tooltip_at(QPointF(pos))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event.key(), event.modifiers(), event.text()):
            super().keyPressEvent(event)

    def handle_key(self, key: int, modifiers: Qt.KeyboardModifier, text: str = "") -> bool:
        """Act on a key press (see the module docstring); False when it is not the timeline's."""
        return handle_key(self, key, modifiers, text)

    def nudge(self, item_id: str, handle: Handle, days: int) -> bool:
        """Move or resize an item by whole days from the keyboard (one undo step per press)."""
        item = self._document.item(item_id)
        if item is None or (handle is not Handle.BODY and item.kind in POINT_KINDS):
            return False  # a milestone is a day: it moves, it does not stretch
        new = shifted(item.planned_start, item.planned_end, handle, days)
        done = self._document.move(item_id, new, handle)
        if done:
            self.reveal_item(item_id)
        return done

    # -- row header and hover ------------------------------------------------------------------
    def click_row_header(self, pos: QPointF) -> None:
        """Expand or collapse a group (a click on its triangle), or select the row."""
        frame = self.frame()
        layout = self._document.layout
        for x0, y0, x1, y1, row in frame.expanders:
            if x0 <= pos.x() <= x1 and y0 <= pos.y() <= y1:
                target = layout.rows[row]
                group_id = target.group_key.split(":", 1)[1]
                self._document.set_expanded(group_id, not target.expanded)
                return
        row = self.chart_geometry().row_at(pos.y(), self._state)
        if 0 <= row < len(layout.rows):
            self._set_marks(selected_row=row)

    def update_hover_cursor(self, pos: QPointF) -> None:
        hit = self.frame().hit_at(pos.x(), pos.y(), slop=3.0)
        shape = Qt.CursorShape.ArrowCursor
        if hit is not None and hit.item_id is not None:
            near_edge = not hit.point and (
                abs(pos.x() - hit.x0) <= EDGE_GRIP or abs(pos.x() - hit.x1) <= EDGE_GRIP
            )
            shape = Qt.CursorShape.SizeHorCursor if near_edge else Qt.CursorShape.PointingHandCursor
        self.viewport().setCursor(shape)

    def tooltip_at(self, pos: QPointF) -> str:
        """The hover text for the bar, diamond, merged run or risk chip at ``pos`` ('' for
        none)."""
        frame = self.frame()
        hit = frame.hit_at(pos.x(), pos.y(), slop=3.0)
        if hit is None:
            return frame.tip_at(pos.x(), pos.y())
        if hit.item_id is None:
            geo = self.chart_geometry()
            first = date.fromordinal(int(geo.day_at(hit.x0, self._state)))
            last = date.fromordinal(int(geo.day_at(hit.x1, self._state) - 1))
            return f"{hit.count:,} items, {first:%d %b %Y} – {last:%d %b %Y}: zoom in to see them"
        return self._document.describe_item(hit.item_id)

    def _on_document_layout_changed(self) -> None:
        self._state = replace(self._state, top=self._clamped_top(self._state.top))
        known = self._document.layout.item_bar
        if any(item_id not in known for item_id in self._marks.selected):
            self._marks = replace(
                self._marks, selected=frozenset(i for i in self._marks.selected if i in known)
            )
        self._sync_scrollbars()
        self.invalidate()

    def days_shown(self) -> tuple[float, float]:
        """(first, last) fractional ordinals across the chart."""
        return self._visible_days()
