"""Meeting mode: the timeline full screen, large, read-only, stepping through milestones.

:class:`PresentDialog` asks what to show (a title, the days, which releases or environments to
leave out); :class:`Presenter` hides the window's editing chrome, enlarges everything for a
projector (sizes chosen for 1920x1080 seen from the back of a room), fits the chosen days, and
moves from milestone to milestone with the arrow keys. Leaving restores the window as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.timeline.model import Bar
from releaseplanner.domain.timeline.viewport import FrameStyle
from releaseplanner.ui.formatting import format_date
from releaseplanner.ui.timeline.document import TimelineDocument
from releaseplanner.ui.timeline.timeline_view import TimelineView

#: Meeting-room sizes: text about 1/80 of a 1920-pixel screen's width, rows to match.
PRESENT_STYLE = FrameStyle(font_px=24.0, row_height=48.0, row_header_width=640.0)


@dataclass(frozen=True, slots=True)
class PresentOptions:
    title: str
    first: date
    last: date
    hidden: frozenset[str] = frozenset()


class PresentDialog(QDialog):
    """Asks for the title, the days and the rows to leave out of a presentation."""

    def __init__(
        self,
        document: TimelineDocument,
        first: date,
        last: date,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Present the timeline")
        self.title_edit = QLineEdit(title)
        self.first_edit = QDateEdit(QDate(first.year, first.month, first.day))
        self.last_edit = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
        self.rows = QListWidget()
        hidden = document.options.hidden
        for row in document.layout.rows:
            if row.level == 0:
                entry = QListWidgetItem(row.label, self.rows)
                entry.setData(Qt.ItemDataRole.UserRole, row.group_key)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                shown = row.group_key not in hidden
                entry.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&From", self.first_edit)
        form.addRow("&To", self.last_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Present")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Rows to show (untick to leave a row out):"))
        layout.addWidget(self.rows)
        layout.addWidget(buttons)

    def options(self) -> PresentOptions:
        first, last = self.first_edit.date(), self.last_edit.date()
        days = sorted(date(d.year(), d.month(), d.day()) for d in (first, last))
        hidden = set()
        for number in range(self.rows.count()):
            entry = self.rows.item(number)
            if entry.checkState() != Qt.CheckState.Checked:
                hidden.add(entry.data(Qt.ItemDataRole.UserRole))
        return PresentOptions(self.title_edit.text().strip(), days[0], days[1], frozenset(hidden))


class Presenter:
    """Puts a timeline window into meeting mode and back."""

    def __init__(self, window: QMainWindow, view: TimelineView, document: TimelineDocument) -> None:
        self._window = window
        self._view = view
        self._document = document
        self._saved: dict[str, object] | None = None
        self._points: list[Bar] = []
        self._current = -1

    @property
    def active(self) -> bool:
        return self._saved is not None

    def start(self, options: PresentOptions) -> None:
        """Full screen, large, read-only, the chosen days and rows."""
        if self.active:
            return
        window, view = self._window, self._view
        chrome = [w for w in window.findChildren(QWidget) if w.property("editingChrome")]
        self._saved = {
            "style": view.style_(),
            "state": view.state(),
            "hidden": self._document.options.hidden,
            "filter": self._document.options.filter,
            "maximized": window.isMaximized(),
            "geometry": window.saveGeometry(),
            "chrome": [w for w in chrome if w.isVisible()],
            "menu": window.menuBar().isVisible(),
            "status": window.statusBar().isVisible(),
        }
        for widget in self._saved["chrome"]:  # type: ignore[union-attr]
            widget.hide()
        window.menuBar().hide()
        window.statusBar().hide()
        # Only what the meeting discusses: the rows left in and the items in the chosen days.
        document = self._document
        document.set_options(
            replace(
                document.options,
                hidden=options.hidden,
                filter=replace(document.options.filter, window=(options.first, options.last)),
            )
        )
        subtitle = format_date(self._document.today)
        view.set_frame_style(
            FrameStyle(
                font_px=PRESENT_STYLE.font_px,
                row_height=PRESENT_STYLE.row_height,
                row_header_width=PRESENT_STYLE.row_header_width,
                title=options.title or "Release timeline",
                subtitle=subtitle,
            )
        )
        view.set_presenting(True)
        window.showFullScreen()
        view.zoom_to_days(options.first.toordinal(), options.last.toordinal())
        first, last = options.first.toordinal(), options.last.toordinal()
        self._points = [p for p in self._document.layout.points() if first <= p.start <= last]
        self._current = -1
        view.setFocus()

    def stop(self) -> None:
        """Back to the window as it was before."""
        if self._saved is None:
            return
        saved, self._saved = self._saved, None
        window, view = self._window, self._view
        view.set_presenting(False)
        view.set_focus_item(None)
        self._document.set_options(
            replace(
                self._document.options,
                hidden=saved["hidden"],  # type: ignore[arg-type]
                filter=saved["filter"],  # type: ignore[arg-type]
            )
        )
        view.set_frame_style(saved["style"])  # type: ignore[arg-type]
        window.showNormal()
        if saved["maximized"]:
            window.showMaximized()
        else:
            window.restoreGeometry(saved["geometry"])  # type: ignore[arg-type]
        for widget in saved["chrome"]:  # type: ignore[union-attr]
            widget.show()
        window.menuBar().setVisible(bool(saved["menu"]))
        window.statusBar().setVisible(bool(saved["status"]))
        view.scroll_to(saved["state"].left_day, saved["state"].top)  # type: ignore[union-attr]

    def step(self, direction: int) -> Bar | None:
        """Move to the next (1) or previous (-1) milestone and show it; returns it."""
        if not self._points:
            return None
        self._current = max(0, min(len(self._points) - 1, self._current + direction))
        point = self._points[self._current]
        self._view.set_focus_item(point.item_id)
        self._view.reveal_item(point.item_id)
        return point
