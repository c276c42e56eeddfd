"""Run something right after a widget's first paint: how the app opens its workspace late.

Start-up paints the window first and does slow work afterwards, so people see the app at once;
the benchmark uses the same hook to stop the clock at the first paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaintHook(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # A zero timer runs after the paint has finished and reached the screen.
            QTimer.singleShot(0, self._callback)
            self.deleteLater()
        return False


def call_after_first_paint(widget: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` once, on the event-loop turn after ``widget`` is first painted."""
    _FirstPaintHook(widget, callback)
