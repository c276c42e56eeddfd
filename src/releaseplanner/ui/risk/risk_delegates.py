"""Editors for the register's cells: a drop-down for enums, 1-5 scales, packages and owners, and a
date editor for the review date that can also say "no review date".

Each delegate reads the current value from the row itself (``RowRole.ROW``) rather than through
a QVariant, which would turn enum members into plain strings, and writes only a changed value:
an editor closed without a change must not become an undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QTimer
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem, QWidget

from releaseplanner.ui.models.row_table_model import RowRole
from releaseplanner.ui.widgets.optional_date_edit import OptionalDateEdit
from releaseplanner.ui.widgets.status_chip import PaddedItemDelegate

AnyIndex = QModelIndex | QPersistentModelIndex
#: A row → the (value, label) pairs its cell may take, in the order offered.
Choices = Callable[[Any], Sequence[tuple[Any, str]]]


class ChoiceEditor(QComboBox):
    """A drop-down holding Python values beside its labels (Qt would convert them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[Any] = []

    def set_choices(self, choices: Sequence[tuple[Any, str]], current: Any) -> None:
        self.clear()
        self.values = [value for value, _label in choices]
        self.addItems([label for _value, label in choices])
        if current in self.values:
            self.setCurrentIndex(self.values.index(current))

    def value(self) -> Any:
        index = self.currentIndex()
        return self.values[index] if 0 <= index < len(self.values) else None


class ChoiceDelegate(PaddedItemDelegate):
    """Edits the row field ``field`` with a drop-down of ``choices(row)``.

    Picking an entry commits it at once: a second click or Enter to confirm a choice already
    made is the usual complaint about combo-box cells.
    """

    def __init__(self, field: str, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._field = field
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex):
        editor = ChoiceEditor(parent)
        editor.activated.connect(lambda _row: self._on_editor_activated(editor))
        # Open the list straight away; the context object drops the call if the editor is gone.
        QTimer.singleShot(0, editor, editor.showPopup)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        row = index.data(RowRole.ROW)
        if isinstance(editor, ChoiceEditor) and row is not None:
            editor.set_choices(self._choices(row), getattr(row, self._field))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        row = index.data(RowRole.ROW)
        if not isinstance(editor, ChoiceEditor) or row is None or editor.currentIndex() < 0:
            return
        value = editor.value()
        if value != getattr(row, self._field):
            model.setData(index, value)

    def _on_editor_activated(self, editor: ChoiceEditor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)


class ReviewDateDelegate(PaddedItemDelegate):
    """Edits the review date; the editor's lowest date stands for "no review date"."""

    def __init__(self, field: str = "review_date", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._field = field

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex):
        return OptionalDateEdit(parent, none_text="No review date")

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        row = index.data(RowRole.ROW)
        if isinstance(editor, OptionalDateEdit) and row is not None:
            editor.set_value(getattr(row, self._field))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        row = index.data(RowRole.ROW)
        if not isinstance(editor, OptionalDateEdit) or row is None:
            return
        value = editor.value()
        if value != getattr(row, self._field):
            model.setData(index, value)
