"""Export (PNG, SVG, PDF) and printing of the timeline from the window.

Exports take the same path as ``rplan render timeline``: frames from
:mod:`releaseplanner.domain.timeline.pages`, drawn by matplotlib in :mod:`releaseplanner.charts.
timeline`. Frames are built on the GUI thread (they read the layout, which the view reads too);
the slow part, matplotlib writing the file, runs in the background. Printing paints the same page
frames with QPainter on a QPrinter, scaled from CSS pixels to the printer's resolution.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.errors import UserError
from releaseplanner.domain.timeline.layout import TimelineLayout
from releaseplanner.domain.timeline.pages import (
    PAPER_MM,
    PX_PER_INCH,
    Span,
    page_size,
    pages,
    picture,
)
from releaseplanner.domain.timeline.primitives import Frame
from releaseplanner.domain.timeline.viewport import FrameStyle, Marks
from releaseplanner.ui.timeline.painter import FramePainter

FILE_FILTER = "PNG picture (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"


@dataclass(frozen=True, slots=True)
class ExportRequest:
    path: str
    first: date
    last: date
    tiled: bool = False
    paper: str = "a4"
    width: int = 1800


def export_frames(
    layout: TimelineLayout,
    request: ExportRequest,
    *,
    title: str,
    today: date,
    marks: Marks,
    px_per_day: float,
) -> list[Frame]:
    """The frames an export writes: one picture, or the PDF's pages.

    Raises:
        UserError: a picture too tall to write (the message says what to change).
    """
    span = Span(request.first.toordinal(), request.last.toordinal())
    style = FrameStyle(
        title=title,
        subtitle=f"{request.first:%d %b %Y} – {request.last:%d %b %Y} · as of {today:%d %b %Y}",
    )
    if Path(request.path).suffix.lower() == ".pdf":
        return pages(
            layout,
            span,
            page=page_size(request.paper),
            style=style,
            tiled=request.tiled,
            px_per_day=px_per_day,
            today=today.toordinal(),
            marks=marks,
        )
    try:
        return [
            picture(
                layout, span, width=request.width, style=style, today=today.toordinal(), marks=marks
            )
        ]
    except ValueError as exc:
        raise UserError(str(exc)) from None


def write_frames(frames: list[Frame], path: str) -> Path:
    """Write frames to ``path`` (runs in the background; matplotlib is imported here)."""
    from releaseplanner.charts.timeline import write_pages, write_picture

    if Path(path).suffix.lower() == ".pdf":
        return write_pages(frames, path)
    return write_picture(frames[0], path)


def print_frames(printer: QPrinter, make_frames) -> int:  # type: ignore[no-untyped-def]
    """Print page frames on ``printer``; ``make_frames(page_size)`` builds them for its page
    (in CSS pixels). Returns the number of pages printed."""
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    rect = printer.pageRect(QPrinter.Unit.DevicePixel)
    scale = printer.resolution() / PX_PER_INCH
    frames = make_frames((rect.width() / scale, rect.height() / scale))
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("the printer could not be started")
    drawer = FramePainter()
    try:
        for number, frame in enumerate(frames):
            if number:
                printer.newPage()
            painter.save()
            painter.scale(scale, scale)
            drawer.paint(painter, frame)
            painter.restore()
    finally:
        painter.end()
    return len(frames)


class ExportDialog(QDialog):
    """Where to, which days, and for a PDF one page or tiles."""

    def __init__(self, first: date, last: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export the timeline")
        self.path_edit = QLineEdit(str(Path.home() / "timeline.png"))
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit)
        path_row.addWidget(browse)
        self.first_edit = _date_edit(first)
        self.last_edit = _date_edit(last)
        self.pages_combo = QComboBox()
        self.pages_combo.addItem("One landscape page", False)
        self.pages_combo.addItem("Tiles with repeated headers", True)
        self.paper_combo = QComboBox()
        for paper in PAPER_MM:
            self.paper_combo.addItem(paper.upper() if paper != "letter" else "Letter", paper)
        self.width_spin = QSpinBox()
        self.width_spin.setRange(800, 8000)
        self.width_spin.setSingleStep(100)
        self.width_spin.setValue(1800)
        self.width_spin.setSuffix(" px")
        form = QFormLayout()
        form.addRow("&File", path_row)
        form.addRow("&From", self.first_edit)
        form.addRow("&To", self.last_edit)
        form.addRow("PDF &pages", self.pages_combo)
        form.addRow("PDF pape&r", self.paper_combo)
        form.addRow("Picture &width", self.width_spin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def request(self) -> ExportRequest:
        first, last = sorted((_day(self.first_edit), _day(self.last_edit)))
        return ExportRequest(
            path=self.path_edit.text().strip(),
            first=first,
            last=last,
            tiled=bool(self.pages_combo.currentData()),
            paper=str(self.paper_combo.currentData()),
            width=self.width_spin.value(),
        )

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the timeline", self.path_edit.text(), FILE_FILTER
        )
        if path:
            self.path_edit.setText(path)


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    return edit


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())
