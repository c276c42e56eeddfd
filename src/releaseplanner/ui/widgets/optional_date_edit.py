"""A date editor that can also hold "no date": planned dates are often not known yet.

QDateEdit has no empty state, so the usual Qt idiom is used: the minimum date stands for
"none" and shows the special value text instead. The calendar popup then opens on today's month
rather than on that sentinel, and Delete or Backspace over the whole text clears the date.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

#: The sentinel behind "no date": far before any release anyone plans.
_NONE = QDate(1900, 1, 1)
DISPLAY_FORMAT = "d MMM yyyy"


class OptionalDateEdit(QDateEdit):
    """A QDateEdit whose ``value()`` is a ``date`` or None (shown as ``none_text``)."""

    #: The value changed; carries nothing (read ``value()``), as None cannot travel as a QDate.
    value_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, none_text: str = "None") -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setMinimumDate(_NONE)
        self.setSpecialValueText(none_text)
        self.setDate(_NONE)
        self.dateChanged.connect(self._on_self_date_changed)
        self.calendarWidget().installEventFilter(self)

    def value(self) -> date | None:
        qdate = self.date()
        if qdate == _NONE or not qdate.isValid():
            return None
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(_NONE if value is None else QDate(value.year, value.month, value.day))

    def clear_value(self) -> None:
        self.set_value(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.calendarWidget()
            and event.type() == QEvent.Type.Show
            and self.value() is None
        ):
            # Opening on January 1900 would make the user page through a century.
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        selected_all = self.lineEdit().selectedText() == self.lineEdit().text()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and selected_all:
            self.clear_value()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_self_date_changed(self, _date: QDate) -> None:
        self.value_changed.emit()
