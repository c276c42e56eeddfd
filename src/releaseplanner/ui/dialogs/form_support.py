"""What the edit dialogs share: the problem line under the form and drop-downs of choices.

Validation as you type means the OK button is disabled while the form has a problem, and the
problem is said in words right above it; an empty required field is a hint (grey), not an error
(red), so a fresh form does not open scolding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.ui.style import MUTED_TEXT

if TYPE_CHECKING:
    from releaseplanner.services.portfolio import Choice

ERROR_TEXT = "#b91c1c"


class ProblemLabel(QLabel):
    """The line that says why OK is disabled (or what is still needed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemLabel")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Reserve the line even while empty, so the dialog does not jump as problems come and go.
        self.setMinimumHeight(self.fontMetrics().lineSpacing() + 4)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def show_problem(self, text: str) -> None:
        self.setStyleSheet(f"color: {ERROR_TEXT}; font-weight: 600;")
        self.setText(f"⚠  {text}")

    def show_hint(self, text: str) -> None:
        self.setStyleSheet(f"color: {MUTED_TEXT};")
        self.setText(text)

    def clear_problem(self) -> None:
        self.clear()


def choice_combo(
    choices: Sequence[Choice], *, none_text: str | None, object_name: str = ""
) -> QComboBox:
    """A combo of ``choices`` (data: the record id), led by a "none" entry (data None)."""
    combo = QComboBox()
    if object_name:
        combo.setObjectName(object_name)
    if none_text is not None:
        combo.addItem(none_text, None)
    for choice in choices:
        combo.addItem(choice.name, choice.id)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    """Select the entry whose data is ``value`` (the first entry when there is none)."""
    # findData() cannot look for None (the "nobody" entry), so compare in Python.
    found = next((i for i in range(combo.count()) if combo.itemData(i) == value), 0)
    combo.setCurrentIndex(found)


class FormDialog(QDialog):
    """A form above a problem line and OK / Cancel, OK enabled only while there is no problem."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        # Wide enough that a typical problem ("Planned go-live: ... before ...") fits one line.
        self.setMinimumWidth(580)
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setHorizontalSpacing(14)
        self._form.setVerticalSpacing(9)
        self.problem_label = ProblemLabel()
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addLayout(self._form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self._buttons)

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def problem(self) -> str:
        """The problem that keeps OK disabled, or "" when the form may be accepted."""
        return self.problem_label.text() if not self.ok_button.isEnabled() else ""

    def _show_state(self, problem: str | None, hint: str | None = None) -> None:
        if problem:
            self.problem_label.show_problem(problem)
        elif hint:
            self.problem_label.show_hint(hint)
        else:
            self.problem_label.clear_problem()
        self.ok_button.setEnabled(not problem and not hint)

    def accept(self) -> None:
        # Enter in a line edit reaches accept() even while OK is disabled.
        if self.ok_button.isEnabled():
            super().accept()
