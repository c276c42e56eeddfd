"""The schedule item editor: double-click a bar (or press Enter) to change its name, status and
dates, and to read its slack and its problems.

The dialog only collects values; saving goes through the document as one undoable command. A
refused edit (an end before the start, a colleague's change meanwhile) keeps the dialog open
with the reason under the fields.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.enums import ScheduleStatus
from releaseplanner.ui.formatting import MISSING
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.timeline.document import TimelineDocument
from releaseplanner.ui.widgets.optional_date_edit import OptionalDateEdit


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ItemEditorDialog(QDialog):
    """Edits one schedule item of ``document``."""

    def __init__(
        self, document: TimelineDocument, item_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timelineItemDialog")
        self._document = document
        item = document.item(item_id)
        if item is None:
            raise KeyError(item_id)
        self._item = item
        release = document.layout.releases.get(item.release_id)
        self.setWindowTitle(f"{item.name} — {release.key if release else ''}".strip(" —"))

        self.name_edit = QLineEdit(item.name)
        self.status_combo = QComboBox()
        for status in ScheduleStatus:
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.setCurrentIndex(list(ScheduleStatus).index(item.status))
        self.start_edit = self._date_edit(item.planned_start)
        self.end_edit = self._date_edit(item.planned_end)
        self.actual_start_edit = OptionalDateEdit(none_text="Not started")
        self.actual_start_edit.set_value(item.actual_start)
        self.actual_end_edit = OptionalDateEdit(none_text="Not finished")
        self.actual_end_edit.set_value(item.actual_end)

        packages = {p.id: p.name for p in document.data.packages}
        environments = {e.id: e.name for e in document.data.environments}
        form = QFormLayout()
        form.addRow("Release", QLabel(f"{release.key} · {release.name}" if release else MISSING))
        form.addRow("Package", QLabel(packages.get(item.package_id or "", MISSING)))
        form.addRow("Environment", QLabel(environments.get(item.environment_id or "", MISSING)))
        form.addRow("Kind", QLabel(item.kind.label))
        form.addRow("&Name", self.name_edit)
        form.addRow("&Status", self.status_combo)
        form.addRow("Planned &start", self.start_edit)
        form.addRow("Planned &end", self.end_edit)
        form.addRow("Actual start", self.actual_start_edit)
        form.addRow("Actual end", self.actual_end_edit)

        timing = document.timing(item_id)
        self.slack_label = QLabel(_sentence(timing.explanation) if timing else "")
        self.slack_label.setObjectName("slackLabel")
        self.slack_label.setWordWrap(True)
        problems = document.problems_for(item_id)
        self.problems_label = QLabel(
            "\n".join(f"⚠ {p.severity.label}: {p.message}" for p in problems[:4])
        )
        self.problems_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b42318;")
        self.slack_label.setStyleSheet(f"color: {MUTED_TEXT};")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for label in (self.slack_label, self.problems_label, self.error_label):
            layout.addWidget(label)
            label.setVisible(bool(label.text()))
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        document.failed.connect(self._on_document_failed)

    @staticmethod
    def _date_edit(value: date) -> QDateEdit:
        edit = QDateEdit(_qdate(value))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy")
        return edit

    def changes(self) -> dict[str, Any]:
        """The fields as entered (the document keeps only those that differ)."""
        return {
            "name": self.name_edit.text().strip() or self._item.name,
            "status": ScheduleStatus(self.status_combo.currentData()),
            "planned_start": _date(self.start_edit.date()),
            "planned_end": _date(self.end_edit.date()),
            "actual_start": self.actual_start_edit.value(),
            "actual_end": self.actual_end_edit.value(),
        }

    def save(self) -> None:
        """Save as one undoable edit; stay open with the reason when it is refused."""
        self.error_label.clear()
        self.error_label.hide()
        changes = self.changes()
        if changes["planned_end"] < changes["planned_start"]:
            self._on_document_failed("The planned end is before the planned start.")
            return
        if self._document.edit(self._item.id, changes):
            self.accept()
        elif not self.error_label.text():
            # push_command reports its own reason (the app shows it); say why we stay open.
            self._on_document_failed("Not saved: the workspace refused the change.")

    def _on_document_failed(self, message: str) -> None:
        if self.isVisible():
            self.error_label.setText(message)
            self.error_label.show()


def _sentence(text: str) -> str:
    return (text[0].upper() + text[1:] + ".") if text else ""
