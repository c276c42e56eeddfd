"""Small editors the lifecycle forms share: a date-and-time editor that speaks ``datetime``, a
combo of enum members, a name field that completes from the workspace's people, count boxes.

Times are kept to the minute: deployment windows and incidents are recorded by the clock on the
wall, and seconds in a form would only invite false precision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QComboBox, QCompleter, QDateEdit, QDateTimeEdit, QLineEdit, QSpinBox

from releaseplanner.domain.enums import DomainEnum
from releaseplanner.ui.widgets.optional_date_edit import DISPLAY_FORMAT

MOMENT_FORMAT = f"ddd {DISPLAY_FORMAT}  HH:mm"
#: The most test cases one run is expected to report; a typo of an extra digit stays possible.
MAX_COUNT = 9_999_999


class MomentEdit(QDateTimeEdit):
    """A date-and-time editor with a calendar whose ``value()`` is a naive ``datetime``."""

    def __init__(self, value: datetime | None = None, *, object_name: str = "") -> None:
        super().__init__()
        if object_name:
            self.setObjectName(object_name)
        self.setCalendarPopup(True)
        self.setDisplayFormat(MOMENT_FORMAT)
        self.set_value(value or datetime.now())

    def value(self) -> datetime:
        qdate, qtime = self.date(), self.time()
        return datetime(qdate.year(), qdate.month(), qdate.day(), qtime.hour(), qtime.minute())

    def set_value(self, value: datetime) -> None:
        self.setDateTime(
            QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))
        )


class DayEdit(QDateEdit):
    """A required date with a calendar whose ``value()`` is a ``date``."""

    def __init__(self, value: date, *, object_name: str = "") -> None:
        super().__init__()
        if object_name:
            self.setObjectName(object_name)
        self.setCalendarPopup(True)
        self.setDisplayFormat(f"ddd {DISPLAY_FORMAT}")
        self.set_value(value)

    def value(self) -> date:
        qdate = self.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))


def enum_combo(
    members: Iterable[DomainEnum], current: DomainEnum | None = None, *, object_name: str = ""
) -> QComboBox:
    """A combo of enum members by label (data: the member's value)."""
    combo = QComboBox()
    if object_name:
        combo.setObjectName(object_name)
    for member in members:
        combo.addItem(member.label, member.value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current.value)))
    return combo


def name_edit(people: Sequence[str], text: str = "", *, placeholder: str = "") -> QLineEdit:
    """A line edit for a person's name that completes from ``people`` (any name is accepted:
    testers and deployers are often not in the workspace)."""
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    completer = QCompleter(list(people), edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    return edit


def count_box(value: int = 0, *, object_name: str = "") -> QSpinBox:
    box = QSpinBox()
    if object_name:
        box.setObjectName(object_name)
    box.setRange(0, MAX_COUNT)
    box.setGroupSeparatorShown(True)
    box.setValue(value)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


def next_whole_hour(now: datetime) -> datetime:
    """The start of the next hour: a sensible default for a planned window."""
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
