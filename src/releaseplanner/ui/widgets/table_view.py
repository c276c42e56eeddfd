"""The table view the package contents, journal and import preview share, and an enum editor.

An empty table says why it is empty (a grey sentence in the middle) instead of showing a blank
grid; rows have a fixed, padded height so 20,000 of them scroll without measuring each one; and
Delete removes the selected rows even when the main window has a Delete shortcut of its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from releaseplanner.domain.enums import DomainEnum
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.status_chip import PaddedItemDelegate

AnyIndex = QModelIndex | QPersistentModelIndex
_ROW_PADDING = 12


class PlaceholderTableView(QTableView):
    """A row-selecting table that shows ``placeholder`` text while it has no rows.

    Args:
        placeholder: what to say when empty; change it with :meth:`set_placeholder`.
    """

    #: Delete (or Backspace on macOS) was pressed with rows selected and no editor open.
    delete_pressed = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = placeholder
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setItemDelegate(PaddedItemDelegate(self))
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        rows = self.verticalHeader()
        rows.setVisible(False)
        # Fixed heights: a view of 20,000 rows never asks each row how tall it wants to be.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + _ROW_PADDING)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def set_placeholder(self, text: str) -> None:
        if text != self._placeholder:
            self._placeholder = text
            self.viewport().update()

    @property
    def placeholder(self) -> str:
        return self._placeholder

    def set_column_widths(self, widths: dict[int, int], *, stretch: int | None = None) -> None:
        """Give columns starting widths (the user may still drag them); ``stretch`` takes the
        rest of the width, so the column with the longest text grows with the window."""
        header = self.horizontalHeader()
        for column, width in widths.items():
            header.resizeSection(column, width)
        if stretch is not None:
            header.setStretchLastSection(False)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # type: ignore[override]
        super().setModel(model)
        if model is not None:
            # Repaint the placeholder when rows come or go.
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
                signal.connect(self.viewport().update)
            model.layoutChanged.connect(self.viewport().update)

    def event(self, event: QEvent) -> bool:
        # Claim Delete before the window's shortcuts see it, while rows are selected here.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._is_delete(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._is_delete(event):
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self._placeholder and (model is None or model.rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(QColor(MUTED_TEXT))
            area = self.viewport().rect().adjusted(24, 16, -24, -16)
            painter.drawText(
                area,
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self._placeholder,
            )
            painter.end()

    def _is_delete(self, event: QKeyEvent) -> bool:
        return (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            and self.state() != QAbstractItemView.State.EditingState
            and self.selectionModel() is not None
            and self.selectionModel().hasSelection()
        )


class EnumComboDelegate(PaddedItemDelegate):
    """Edits an enum column with a combo box of its labels, committing as soon as one is picked.

    The model's EditRole gives the member; ``setData`` receives a member of ``enum_type``.
    """

    def __init__(self, enum_type: type[DomainEnum], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._enum_type = enum_type

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> Any:
        combo = QComboBox(parent)
        combo.setObjectName("enumEditor")
        for member in self._enum_type:
            combo.addItem(member.label, member.value)
        # One click picks a value: do not make the user press Enter or click elsewhere as well.
        combo.activated.connect(lambda _row, editor=combo: self._on_editor_activated(editor))
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setCurrentIndex(max(0, editor.findData(str(value))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        # Values travel through Qt as plain text; turn them back into the member here.
        model.setData(index, self._enum_type(editor.currentData()), Qt.ItemDataRole.EditRole)

    def _on_editor_activated(self, editor: QComboBox) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)
