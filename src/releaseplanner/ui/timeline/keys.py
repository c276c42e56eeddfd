"""The timeline's keys: zoom, scroll, nudge the selected item, and step in meeting mode.

+ / - zoom; Left / Right move the selected item a day (pan without a selection), Shift resizes
its end, Alt+Shift its start; Up / Down and Page keys scroll; T jumps to today; F fits the plan,
Shift+F the selection; Enter opens the item's editor; Escape cancels a drag or the selection.
In meeting mode the arrows, Space and the Page keys step through milestones, Escape leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from releaseplanner.domain.timeline.editing import Handle
from releaseplanner.domain.timeline.viewport import ZOOM_STEP

if TYPE_CHECKING:
    from releaseplanner.ui.timeline.timeline_view import TimelineView


def handle_key(view: TimelineView, key: int, modifiers: Qt.KeyboardModifier, text: str) -> bool:
    """Act on a key press; False when the key is not the timeline's."""
    K = Qt.Key
    if view.presenting:
        if key in (K.Key_Right, K.Key_Down, K.Key_Space, K.Key_PageDown):
            view.step_requested.emit(1)
            return True
        if key in (K.Key_Left, K.Key_Up, K.Key_Backspace, K.Key_PageUp):
            view.step_requested.emit(-1)
            return True
        if key == K.Key_Escape:
            view.exit_requested.emit()
            return True
    shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
    if text in ("+", "=") or key in (K.Key_Plus, K.Key_Equal):
        view.zoom(ZOOM_STEP)
    elif text == "-" or key == K.Key_Minus:
        view.zoom(1 / ZOOM_STEP)
    elif key in (K.Key_Left, K.Key_Right):
        step = -1 if key == K.Key_Left else 1
        if len(view.marks().selected) == 1:
            handle = Handle.BODY
            if shift:
                handle = Handle.START if alt else Handle.END
            view.nudge(next(iter(view.marks().selected)), handle, step)
        else:
            view.scroll_to(
                view.state().left_day + step * 60 / view.state().px_per_day, view.state().top
            )
    elif key in (K.Key_Up, K.Key_Down):
        step = -1 if key == K.Key_Up else 1
        view.scroll_to(view.state().left_day, view.state().top + step * view.style_().row_height)
    elif key in (K.Key_PageUp, K.Key_PageDown):
        step = -1 if key == K.Key_PageUp else 1
        view.scroll_to(
            view.state().left_day, view.state().top + step * view.chart_geometry().chart_height
        )
    elif key == K.Key_T:
        view.jump_to_today()
    elif key == K.Key_F:
        view.zoom_to_fit(view.selected_items() if shift and view.marks().selected else None)
    elif (
        key in (K.Key_Return, K.Key_Enter)
        and len(view.marks().selected) == 1
        and not view.presenting
    ):
        view.item_activated.emit(next(iter(view.marks().selected)))
    elif key == K.Key_Escape:
        if view.gestures.busy:
            view.gestures.cancel()
        else:
            view.select_items([])
    else:
        return False
    return True
