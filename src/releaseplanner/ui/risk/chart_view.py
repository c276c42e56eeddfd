"""One chart of the dashboard: a matplotlib Figure in a FigureCanvasQTAgg, or a message instead.

Chart builders make new Figure objects, so each new figure gets a new canvas, which replaces
the old one in place (the canvas paints opaquely, so the old picture stays until the new one is
drawn). Drawing goes through ``draw_idle``: whatever asks for a redraw in the same event-loop
turn (a new figure, a resize, a highlighted cell) is drawn once. The view relays the canvas's
``draw_event`` as :attr:`ChartView.drawn`, which lets tests count draws across canvases.

matplotlib's Qt backend is imported when the first figure arrives, never with this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QMenu, QStackedLayout, QWidget

from releaseplanner.ui.style import MUTED_TEXT

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Below this a chart's own layout collapses (matplotlib warns and clips); the page scrolls.
MINIMUM_SIZE = QSize(380, 280)
#: The size a figure is built at before its view has been laid out.
FALLBACK_SIZE = QSize(640, 420)


class ChartView(QFrame):
    """Shows one figure at a time, with a context menu to export the chart.

    Args:
        name: the chart's name for tests and object names (``risk-heatmap``).
        title: what the context menu calls the chart.
    """

    #: The canvas finished drawing (relayed from matplotlib's ``draw_event``).
    drawn = Signal()
    #: A mouse button went down on the chart; carries matplotlib's MouseEvent.
    pressed = Signal(object)
    #: The user asked to export this chart.
    export_requested = Signal()

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"chart-{name}")
        self.setMinimumSize(MINIMUM_SIZE)
        self.name = name
        self.title = title
        self._canvas: Any = None
        self._pending: Figure | None = None  # arrived while hidden: drawn when shown
        self._clickable = False
        self._message = QLabel()
        self._message.setObjectName("chartMessage")
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setStyleSheet(f"color: {MUTED_TEXT}; padding: 16px;")
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self._message)
        self.show_message("Loading…")

    @property
    def canvas(self) -> Any:
        """The FigureCanvasQTAgg on show, or None while a message is shown."""
        return self._canvas if self._stack.currentWidget() is self._canvas else None

    @property
    def figure(self) -> Figure | None:
        """The figure shown, or waiting to be shown when the view next appears."""
        if self._pending is not None:
            return self._pending
        canvas = self.canvas
        return canvas.figure if canvas is not None else None

    def message(self) -> str:
        return self._message.text() if self.figure is None else ""

    def is_draw_pending(self) -> bool:
        canvas = self.canvas
        return bool(canvas is not None and getattr(canvas, "_draw_pending", False))

    def build_size(self, dpi: float) -> tuple[float, float]:
        """The figure size (inches at ``dpi``) that fills this view as it is now laid out."""
        size = self.size()
        if size.width() < MINIMUM_SIZE.width() or size.height() < MINIMUM_SIZE.height():
            size = FALLBACK_SIZE  # not laid out yet: the canvas resizes the figure when shown
        return size.width() / dpi, size.height() / dpi

    def set_clickable(self, clickable: bool) -> None:
        """Show a pointing hand over the chart's axes (cells can be clicked)."""
        self._clickable = clickable

    def show_message(self, text: str) -> None:
        """Show ``text`` in place of the chart (loading, nothing to draw, an error)."""
        self._pending = None
        self._message.setText(text)
        self._stack.setCurrentWidget(self._message)
        self._drop_canvas()

    def set_figure(self, figure: Figure) -> None:
        """Show ``figure`` in a new canvas and ask for one draw; a hidden view (another tab)
        keeps it until it is shown, so what nobody sees is never drawn."""
        self._pending = figure
        if self.isVisible():
            self._adopt_pending()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending is not None:
            self._adopt_pending()

    def _adopt_pending(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        figure, self._pending = self._pending, None
        canvas = FigureCanvasQTAgg(figure)
        canvas.setObjectName(f"canvas-{self.name}")
        canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        canvas.mpl_connect("draw_event", self._on_canvas_draw)
        canvas.mpl_connect("button_press_event", self._on_canvas_button_press)
        canvas.mpl_connect("motion_notify_event", self._on_canvas_motion_notify)
        # Sized like the view before it is shown, so showing it does not resize it again.
        canvas.resize(self.contentsRect().size())
        self._drop_canvas()
        self._canvas = canvas
        self._stack.addWidget(canvas)
        self._stack.setCurrentWidget(canvas)
        canvas.draw_idle()

    def redraw(self) -> None:
        """Ask for a redraw of the current figure (after an artist was changed)."""
        if self.canvas is not None:
            self.canvas.draw_idle()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        action = menu.addAction(f"Export {self.title.lower()} chart…")
        action.setEnabled(self.figure is not None)
        action.triggered.connect(self.export_requested.emit)
        menu.exec(event.globalPos())

    def _drop_canvas(self) -> None:
        old, self._canvas = self._canvas, None
        if old is not None:
            self._stack.removeWidget(old)
            old.hide()
            old.deleteLater()

    def _on_canvas_draw(self, _event: Any) -> None:
        self.drawn.emit()

    def _on_canvas_button_press(self, event: Any) -> None:
        self.pressed.emit(event)

    def _on_canvas_motion_notify(self, event: Any) -> None:
        canvas = self.canvas
        if canvas is None or not self._clickable:
            return
        over = event.inaxes is not None
        canvas.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
