"""In-place editors for the portfolio tree: a status combo and a go-live date editor.

Both hand the chosen value to ``model.setData``, which turns it into an undoable command. The
status combo offers only what may follow the current status (a release's lifecycle), so a
refused transition is hard to even ask for; the date editor allows "no date".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from releaseplanner.ui.formatting import status_label
from releaseplanner.ui.widgets.status_chip import PaddedItemDelegate, StatusChipDelegate

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

AnyIndex = QModelIndex | QPersistentModelIndex


class StatusEditDelegate(StatusChipDelegate):
    """Paints the status as a chip; edits it with a combo of the statuses allowed next.

    Args:
        status_role: the role giving the status value (``in_test``).
        kind_role: the role giving ``"release"`` or ``"package"``.
    """

    def __init__(self, status_role: int, kind_role: int, parent: QObject | None = None) -> None:
        super().__init__(status_role, parent)
        self._kind_role = kind_role

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        from releaseplanner.ui.edit_support import status_choices

        current = str(index.data(self._status_role))
        combo = QComboBox(parent)
        combo.setObjectName("statusEditor")
        # The current status first, so that opening and closing the editor changes nothing.
        combo.addItem(status_label(current), current)
        for value, label in status_choices(str(index.data(self._kind_role)), [current]):
            combo.addItem(label, value)
        # A choice in the list is the whole edit: commit and close without waiting for Enter.
        combo.activated.connect(lambda _row, combo=combo: self._on_combo_activated(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findData(str(index.data(self._status_role)))
            editor.setCurrentIndex(max(found, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

    def _on_combo_activated(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)


class DateEditDelegate(PaddedItemDelegate):
    """Edits a date column (the model's EditRole gives a ``date`` or None) in place."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        from releaseplanner.ui.widgets.optional_date_edit import OptionalDateEdit

        editor = OptionalDateEdit(parent, none_text="No date")
        editor.setObjectName("dateEditor")
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        from releaseplanner.ui.widgets.optional_date_edit import OptionalDateEdit

        if isinstance(editor, OptionalDateEdit):
            editor.set_value(index.data(Qt.ItemDataRole.EditRole))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        from releaseplanner.ui.widgets.optional_date_edit import OptionalDateEdit

        if isinstance(editor, OptionalDateEdit):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
