"""Painting a timeline :class:`~releaseplanner.domain.timeline.primitives.Frame` with QPainter.

The same display list goes to matplotlib in :mod:`releaseplanner.charts.timeline`; both follow
its order (per layer: shapes, lines, texts, clipped to the layer), so the window, its exports and
``rplan render timeline`` show one picture. Colours, pens, brushes and fonts are cached per value:
a repaint makes thousands of calls, and building a QColor from a string each time would cost
more than the drawing.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from releaseplanner.domain.timeline.primitives import Frame, Layer, Polygon, Rect

_ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
}
#: Wide enough for any label; the frame has already decided that the text fits its place.
_TEXT_ROOM = 4000.0


class FramePainter:
    """Paints frames; keep one per widget so its caches live as long as the widget.

    Args:
        family: the font family of every text ('' for the application's font).
    """

    def __init__(self, family: str = "") -> None:
        self._family = family
        self._colours: dict[str, QColor] = {}
        self._pens: dict[tuple[str, float, bool], QPen] = {}
        self._brushes: dict[str, QBrush] = {}
        self._fonts: dict[tuple[int, bool], tuple[QFont, QFontMetricsF]] = {}
        self._no_pen = QPen(Qt.PenStyle.NoPen)
        self._no_brush = QBrush(Qt.BrushStyle.NoBrush)

    def paint(self, painter: QPainter, frame: Frame) -> None:
        """Paint every layer of ``frame`` in order, each clipped to its own rectangle."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        for layer in frame.layers:
            if len(layer):
                self._layer(painter, layer)
        painter.restore()

    # -- internals -----------------------------------------------------------------------------
    def _layer(self, painter: QPainter, layer: Layer) -> None:
        x0, y0, x1, y1 = layer.clip
        painter.setClipRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        for shape in layer.shapes:
            if type(shape) is Rect:
                self._rect(painter, shape)
            else:
                self._polygon(painter, shape)  # type: ignore[arg-type]
        if layer.lines:
            painter.setBrush(self._no_brush)
            for line in layer.lines:
                painter.setPen(self._pen(line.colour, line.width, line.dashed))
                points = line.points
                if len(points) == 2:
                    (ax, ay), (bx, by) = points
                    painter.drawLine(QPointF(ax, ay), QPointF(bx, by))
                else:
                    painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in points]))
        for text in layer.texts:
            font, metrics = self._font(text.size, text.bold)
            painter.setFont(font)
            if text.align == "left":
                rect = QRectF(text.x, text.y - text.size, _TEXT_ROOM, 2 * text.size)
            elif text.align == "right":
                rect = QRectF(text.x - _TEXT_ROOM, text.y - text.size, _TEXT_ROOM, 2 * text.size)
            else:
                rect = QRectF(
                    text.x - _TEXT_ROOM / 2, text.y - text.size, _TEXT_ROOM, 2 * text.size
                )
            if text.box is not None:
                width = metrics.horizontalAdvance(text.text)
                left = {"left": text.x, "right": text.x - width}.get(text.align, text.x - width / 2)
                pad = text.size * 0.2
                painter.fillRect(
                    QRectF(
                        left - pad, text.y - text.size * 0.62, width + 2 * pad, text.size * 1.24
                    ),
                    self._colour(text.box),
                )
            painter.setPen(self._pen(text.colour, 1.0, False))
            painter.drawText(rect, _ALIGN[text.align], text.text)

    def _rect(self, painter: QPainter, rect: Rect) -> None:
        area = QRectF(rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0)
        if rect.edge is None:
            if rect.fill is not None:
                painter.fillRect(area, self._colour(rect.fill))
            return
        painter.setPen(self._pen(rect.edge, rect.width, rect.dashed))
        painter.setBrush(self._brush(rect.fill) if rect.fill is not None else self._no_brush)
        painter.drawRect(area)

    def _polygon(self, painter: QPainter, polygon: Polygon) -> None:
        painter.setPen(
            self._pen(polygon.edge, polygon.width, False) if polygon.edge else self._no_pen
        )
        painter.setBrush(self._brush(polygon.fill) if polygon.fill else self._no_brush)
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in polygon.points]))

    def _colour(self, value: str) -> QColor:
        colour = self._colours.get(value)
        if colour is None:
            colour = self._colours[value] = QColor(value)
        return colour

    def _pen(self, colour: str, width: float, dashed: bool) -> QPen:
        key = (colour, width, dashed)
        pen = self._pens.get(key)
        if pen is None:
            pen = QPen(self._colour(colour), width)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            self._pens[key] = pen
        return pen

    def _brush(self, colour: str) -> QBrush:
        brush = self._brushes.get(colour)
        if brush is None:
            brush = self._brushes[colour] = QBrush(self._colour(colour))
        return brush

    def _font(self, size: float, bold: bool) -> tuple[QFont, QFontMetricsF]:
        key = (max(1, round(size)), bold)
        found = self._fonts.get(key)
        if found is None:
            font = QFont(self._family) if self._family else QFont()
            font.setPixelSize(key[0])
            font.setBold(bold)
            found = self._fonts[key] = (font, QFontMetricsF(font))
        return found
