"""Mouse gestures on the timeline: move, resize, link, pan, expand (a small state machine).

A press decides what the gesture is by what lies under the pointer: a bar's edge (resize), its
body (move), a bar with Shift held (link to another bar), an expander in the row header, or empty
chart (pan). Nothing is written while the pointer moves: the view shows a preview and a tooltip
with the new dates, and the release runs one command, so a drag is one undo step whatever path
the pointer took.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip

from releaseplanner.domain.timeline.editing import Dates, Handle, shifted, snap_days
from releaseplanner.ui.timeline.texts import drag_text

if TYPE_CHECKING:
    from releaseplanner.ui.timeline.timeline_view import TimelineView

#: Pixels either side of a bar's edge that grab the edge instead of the body.
EDGE_GRIP = 5.0
_drag_numbers = itertools.count(1)


@dataclass(slots=True)
class _Press:
    kind: str  # "move", "link", "pan"
    origin: QPointF
    item_id: str | None = None
    handle: Handle = Handle.BODY
    start: date | None = None
    end: date | None = None
    left_day: float = 0.0
    top: float = 0.0
    active: bool = False
    new: Dates | None = None


class Gestures:
    """Turns the view's mouse events into previews, scrolling and document edits."""

    def __init__(self, view: TimelineView) -> None:
        self._view = view
        self._press: _Press | None = None

    @property
    def busy(self) -> bool:
        return self._press is not None and self._press.active

    def cancel(self) -> None:
        """Escape: drop the gesture and its preview; nothing was written."""
        self._press = None
        self._view.set_preview({}, None)
        QToolTip.hideText()

    def press(self, event: QMouseEvent) -> None:
        view = self._view
        pos = event.position()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        frame = view.frame()
        if pos.x() < view.chart_left():
            view.click_row_header(pos)
            return
        if pos.y() < view.chart_top():
            return
        hit = frame.hit_at(pos.x(), pos.y(), slop=3.0)
        additive = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if view.presenting:
            hit = None  # read-only: every press pans
        if hit is None or hit.item_id is None:
            if not additive:
                view.select_items([])
            state = view.state()
            self._press = _Press("pan", pos, left_day=state.left_day, top=state.top)
            return
        view.select_items([hit.item_id], additive=additive)
        item = view.document().item(hit.item_id)
        if item is None or additive:
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._press = _Press("link", pos, item_id=item.id)
            return
        handle = Handle.BODY
        if not hit.point:
            if abs(pos.x() - hit.x0) <= EDGE_GRIP:
                handle = Handle.START
            elif abs(pos.x() - hit.x1) <= EDGE_GRIP:
                handle = Handle.END
        self._press = _Press(
            "move",
            pos,
            item_id=item.id,
            handle=handle,
            start=item.planned_start,
            end=item.planned_end,
        )

    def move(self, event: QMouseEvent) -> None:
        view = self._view
        pos = event.position()
        press = self._press
        if press is None:
            view.update_hover_cursor(pos)
            return
        distance = (pos - press.origin).manhattanLength()
        if not press.active and distance < QApplication.startDragDistance():
            return
        press.active = True
        if press.kind == "pan":
            ppd = view.state().px_per_day
            dx, dy = pos.x() - press.origin.x(), pos.y() - press.origin.y()
            view.scroll_to(press.left_day - dx / ppd, press.top - dy)
        elif press.kind == "link":
            view.set_preview({}, (press.item_id, pos.x(), pos.y()))
        else:
            assert press.start is not None and press.end is not None and press.item_id
            days = snap_days(pos.x() - press.origin.x(), view.state().px_per_day)
            press.new = shifted(press.start, press.end, press.handle, days)
            span = (press.new.start.toordinal(), press.new.end.toordinal())
            view.set_preview({press.item_id: span}, None)
            item = view.document().item(press.item_id)
            if item is not None:
                QToolTip.showText(
                    view.viewport().mapToGlobal(QPoint(int(pos.x()), int(pos.y()) + 24)),
                    drag_text(item, press.new),
                    view.viewport(),
                )

    def release(self, event: QMouseEvent) -> None:
        view = self._view
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        QToolTip.hideText()
        view.set_preview({}, None)
        if not press.active or press.item_id is None:
            return
        document = view.document()
        if press.kind == "link":
            pos = event.position()
            hit = view.frame().hit_at(pos.x(), pos.y(), slop=3.0)
            if hit is not None and hit.item_id is not None and hit.item_id != press.item_id:
                document.link(press.item_id, hit.item_id)
        elif press.kind == "move" and press.new is not None:
            # A key per gesture: should the app's stack see several steps of this drag, they
            # merge into one undo step.
            key = f"timeline-drag-{next(_drag_numbers)}"
            document.move(press.item_id, press.new, press.handle, merge_key=key)

    def double_click(self, event: QMouseEvent) -> None:
        if self._view.presenting:
            return
        pos = event.position()
        hit = self._view.frame().hit_at(pos.x(), pos.y(), slop=3.0)
        if hit is not None and hit.item_id is not None:
            self._view.item_activated.emit(hit.item_id)
