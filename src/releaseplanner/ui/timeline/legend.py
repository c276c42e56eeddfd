"""The legend under the timeline: the same entries and drawing as the exported pictures' legend."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from releaseplanner.domain.timeline import chrome
from releaseplanner.domain.timeline.palette import LIGHT, legend_entries
from releaseplanner.domain.timeline.primitives import Frame, Layer
from releaseplanner.ui.timeline.painter import FramePainter


class LegendStrip(QWidget):
    """Colours and shapes of the timeline and what they mean, flowing over as many lines as the
    width needs."""

    def __init__(self, font_px: float = 12.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineLegend")
        self._font_px = font_px
        self._entries = legend_entries(LIGHT)
        self._painter = FramePainter()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _height_for(self, width: int) -> int:
        return round(chrome.legend_height(self._entries, max(200, width), self._font_px))

    def sizeHint(self) -> QSize:
        width = max(600, self.width())
        return QSize(width, self._height_for(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = self._height_for(event.size().width())
        if height != self.height():
            self.setFixedHeight(height)

    def paintEvent(self, event: QPaintEvent) -> None:
        width, height = self.width(), self.height()
        layer = Layer("legend", (0, 0, width, height))
        chrome.legend(layer, self._entries, 0, 0, width, self._font_px, LIGHT)
        frame = Frame(width, height, [layer], [], [], range(0), 0.0, 0.0)
        painter = QPainter(self)
        self._painter.paint(painter, frame)
        painter.end()
