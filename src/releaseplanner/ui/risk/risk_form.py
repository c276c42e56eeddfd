"""The register's form for a risk's long texts, and the dialog that raises a new risk.

Description, mitigation and contingency are paragraphs, which a table cell cannot edit well, so
the form below the table edits them. The three are saved together as one undoable edit (one
"Edit risk" on the undo stack, not three), when the user saves or moves to another risk: typed
text is never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.enums import RiskCategory
from releaseplanner.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS
from releaseplanner.ui.risk.risk_reader import Pick, RegisterData, RegisterEntry
from releaseplanner.ui.style import MUTED_TEXT, scaled_font
from releaseplanner.ui.widgets.optional_date_edit import OptionalDateEdit

#: The long-text fields the form edits, with their labels and what to write in them.
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("description", "Description", "What could happen, and why it matters to this release"),
    ("mitigation", "Mitigation", "What is being done to make it less likely or less harmful"),
    ("contingency", "Contingency", "What to do if it happens anyway"),
)


class RiskTextForm(QWidget):
    """Edits the description, mitigation and contingency of the risk shown."""

    #: The user saved changed texts; carries (risk id, {field: text}).
    save_requested = Signal(str, dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("riskTextForm")
        self._entry: RegisterEntry | None = None
        self._heading = QLabel()
        self._heading.setObjectName("riskFormHeading")
        self._heading.setFont(scaled_font(self.font(), 1.1, bold=True))
        self._context = QLabel()
        self._context.setStyleSheet(f"color: {MUTED_TEXT};")
        self._editors: dict[str, QPlainTextEdit] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for column, (field, label, hint) in enumerate(TEXT_FIELDS):
            editor = QPlainTextEdit()
            editor.setObjectName(f"risk_{field}")
            editor.setPlaceholderText(hint)
            editor.setTabChangesFocus(True)
            editor.textChanged.connect(self._on_editor_text_changed)
            caption = QLabel(f"<b>{label}</b>")
            caption.setBuddy(editor)
            grid.addWidget(caption, 0, column)
            grid.addWidget(editor, 1, column)
            grid.setColumnStretch(column, 1)
            self._editors[field] = editor
        self._save = QPushButton("Save texts")
        self._save.setToolTip("Save the three texts as one undoable edit (Ctrl+Return)")
        self._save.clicked.connect(self.save)
        self._revert = QPushButton("Revert")
        self._revert.setToolTip("Put back the texts as they are saved")
        self._revert.clicked.connect(self.revert)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)

        header = QHBoxLayout()
        header.addWidget(self._heading)
        header.addWidget(self._context, 1)
        header.addWidget(self._revert)
        header.addWidget(self._save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(header)
        layout.addLayout(grid, 1)
        self.set_entry(None)

    @property
    def entry(self) -> RegisterEntry | None:
        return self._entry

    def editor(self, field: str) -> QPlainTextEdit:
        return self._editors[field]

    def changes(self) -> dict[str, str]:
        """The texts that differ from the risk's saved ones."""
        if self._entry is None:
            return {}
        return {
            field: editor.toPlainText()
            for field, editor in self._editors.items()
            if editor.toPlainText() != getattr(self._entry, field)
        }

    def is_dirty(self) -> bool:
        return bool(self.changes())

    def set_entry(self, entry: RegisterEntry | None) -> None:
        """Show ``entry``'s texts. A newer version of the risk being edited keeps what the user
        has typed in each changed field (say, the table changed its likelihood meanwhile)."""
        same_risk = entry is not None and self._entry is not None and entry.id == self._entry.id
        typed = self.changes() if same_risk else {}
        self._entry = entry
        for field, editor in self._editors.items():
            text = typed.get(field, getattr(entry, field) if entry is not None else "")
            if editor.toPlainText() != text:
                editor.setPlainText(text)
            editor.setEnabled(entry is not None)
        if entry is None:
            self._heading.setText("No risk selected")
            self._context.setText("Pick a risk in the table to read and edit its texts.")
        else:
            self._heading.setText(entry.title)
            package = entry.package or "whole release"
            self._context.setText(f"  {entry.release_key} · {package} · {entry.category.label}")
        self._update_buttons()

    def save(self) -> None:
        """Ask to save the changed texts (the view pushes the command)."""
        changes = self.changes()
        if self._entry is not None and changes:
            self.save_requested.emit(self._entry.id, changes)

    def revert(self) -> None:
        entry, self._entry = self._entry, None  # forget typed text: show the saved texts
        self.set_entry(entry)

    def _on_editor_text_changed(self) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        self._save.setEnabled(dirty)
        self._revert.setEnabled(dirty)


def rating_choices(labels: Sequence[str]) -> list[tuple[int, str]]:
    return [(n, f"{n} · {label}") for n, label in enumerate(labels, 1)]


class NewRiskDialog(QDialog):
    """Asks for what a new risk needs (release, title, category, rating) and a few optional
    fields; everything else is edited in the register afterwards."""

    def __init__(
        self, data: RegisterData, release_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New risk")
        self.setObjectName("newRiskDialog")
        self._data = data
        self.release = QComboBox()
        for pick in data.releases:
            self.release.addItem(pick.label, pick.id)
        if release_id is not None:
            self.release.setCurrentIndex(max(0, self.release.findData(release_id)))
        self.package = QComboBox()
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Card vault migration overruns the change window")
        self.category = QComboBox()
        for category in RiskCategory:
            self.category.addItem(category.label, category.value)
        self.likelihood = self._rating_combo(LIKELIHOOD_LABELS)
        self.impact = self._rating_combo(IMPACT_LABELS)
        self.owner = QComboBox()
        self.owner.addItem("Nobody yet", "")
        for person in data.people:
            self.owner.addItem(person.label, person.id)
        self.review_date = OptionalDateEdit(none_text="No review date")

        form = QFormLayout()
        form.addRow("&Release", self.release)
        form.addRow("&Package", self.package)
        form.addRow("&Title", self.title)
        form.addRow("&Category", self.category)
        form.addRow("&Likelihood", self.likelihood)
        form.addRow("&Impact", self.impact)
        form.addRow("&Owner", self.owner)
        form.addRow("Re&view on", self.review_date)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add risk")
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(460)

        self.release.currentIndexChanged.connect(self._on_release_current_index_changed)
        self.title.textChanged.connect(self._on_title_text_changed)
        self._on_release_current_index_changed()
        self._on_title_text_changed()
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def release_id(self) -> str:
        return self.release.currentData() or ""

    def add_button(self) -> QPushButton:
        """The button that adds the risk (enabled once the risk has a title and a release)."""
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def values(self) -> dict[str, Any]:
        """The new risk's fields, as ``create_risk_command`` takes them."""
        review: date | None = self.review_date.value()
        return {
            "title": self.title.text().strip(),
            "category": self.category.currentData(),
            "likelihood": self.likelihood.currentData(),
            "impact": self.impact.currentData(),
            "package_id": self.package.currentData() or None,
            "owner_id": self.owner.currentData() or None,
            "review_date": review,
        }

    @staticmethod
    def _rating_combo(labels: Sequence[str]) -> QComboBox:
        combo = QComboBox()
        for value, label in rating_choices(labels):
            combo.addItem(label, value)
        combo.setCurrentIndex(2)  # the middle of the scale: a deliberate choice is still needed
        return combo

    def _on_release_current_index_changed(self, _index: int = 0) -> None:
        self.package.clear()
        self.package.addItem("Whole release", "")
        packages: tuple[Pick, ...] = self._data.packages_of(self.release_id())
        for pick in packages:
            self.package.addItem(pick.label, pick.id)

    def _on_title_text_changed(self, _text: str = "") -> None:
        ready = bool(self.title.text().strip()) and bool(self.release_id())
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)
