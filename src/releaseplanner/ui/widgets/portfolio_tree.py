"""The portfolio tree view: sorted columns, multi-select, in-place editors and package drags.

It shows the filter proxy over ``PortfolioModel`` and speaks in records rather than indexes:
the window asks it for the selected rows and tells it which records to select by (kind, id),
which is what survives a refresh (a moved package has a new parent and so a new index).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from releaseplanner.ui.delegates import DateEditDelegate, StatusEditDelegate
from releaseplanner.ui.models.portfolio_model import (
    PortfolioColumn,
    PortfolioFilterProxyModel,
    PortfolioModel,
    PortfolioRole,
)
from releaseplanner.ui.widgets.status_chip import PaddedItemDelegate

#: A record in the tree: ``("release", id)`` or ``("package", id)``.
RecordKey = tuple[str, str]

# Widths that fit a typical value of each column at the default font; Key / Name takes the rest.
_COLUMN_WIDTHS = {
    PortfolioColumn.TYPE: 92,
    PortfolioColumn.STATUS: 148,
    PortfolioColumn.OWNER: 140,
    PortfolioColumn.GO_LIVE: 106,
    PortfolioColumn.PACKAGES: 80,
}


class PortfolioTree(QTreeView):
    """Releases and their packages, over ``proxy`` (whose source is a ``PortfolioModel``)."""

    def __init__(self, proxy: PortfolioFilterProxyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("portfolioTree")
        self.setModel(proxy)
        self._proxy = proxy
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Shift/Ctrl-click several rows to change their status in one step.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        # Packages are dragged onto another release; DragDrop (not InternalMove) hands the
        # drop to the model, which turns it into one undoable move command.
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setItemDelegate(PaddedItemDelegate(self))
        self.setItemDelegateForColumn(
            PortfolioColumn.STATUS,
            StatusEditDelegate(PortfolioRole.STATUS_VALUE, PortfolioRole.KIND, self),
        )
        self.setItemDelegateForColumn(PortfolioColumn.GO_LIVE, DateEditDelegate(self))
        self.setSortingEnabled(True)
        self.sortByColumn(PortfolioColumn.GO_LIVE, Qt.SortOrder.AscendingOrder)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(PortfolioColumn.KEY_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in _COLUMN_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)

    @property
    def source_model(self) -> PortfolioModel:
        source = self._proxy.sourceModel()
        assert isinstance(source, PortfolioModel)
        return source

    # -- reading the selection -----------------------------------------------------------------

    def selected_rows(self) -> list[tuple[str, Any]]:
        """(kind, summary row) of every selected row, top to bottom."""
        rows = sorted(self.selectionModel().selectedRows(), key=self._visual_order)
        return [(index.data(PortfolioRole.KIND), index.data(PortfolioRole.ROW)) for index in rows]

    def current_row(self) -> tuple[str, Any] | None:
        current = self.currentIndex()
        if not current.isValid():
            return None
        return current.data(PortfolioRole.KIND), current.data(PortfolioRole.ROW)

    def selected_keys(self) -> list[RecordKey]:
        return [(kind, row.id) for kind, row in self.selected_rows()]

    def current_key(self) -> RecordKey | None:
        current = self.current_row()
        return (current[0], current[1].id) if current is not None else None

    # -- selecting by record -------------------------------------------------------------------

    def select_keys(self, keys: Sequence[RecordKey], current: RecordKey | None = None) -> None:
        """Select these records (those still shown), make ``current`` (else the first) current
        and scroll to it; its parents are expanded so it can be seen."""
        indexes = [index for index in map(self.index_for, keys) if index.isValid()]
        selection = QItemSelection()
        for index in indexes:
            selection.select(index, index.siblingAtColumn(PortfolioColumn.PACKAGES))
        flags = QItemSelectionModel.SelectionFlag
        model = self.selectionModel()
        current_index = self.index_for(current) if current is not None else QModelIndex()
        if not current_index.isValid() and indexes:
            current_index = indexes[0]
        if current_index.isValid():
            model.setCurrentIndex(current_index, flags.NoUpdate)
            self.scrollTo(current_index)
        model.select(selection, flags.ClearAndSelect | flags.Rows)

    def index_for(self, key: RecordKey) -> QModelIndex:
        """The tree's (proxy) index of a record, invalid when it is not shown."""
        return self._proxy.mapFromSource(self.source_model.index_of(*key))

    def _visual_order(self, index: QModelIndex) -> tuple[int, int]:
        parent = index.parent()
        if parent.isValid():
            return parent.row(), index.row() + 1
        return index.row(), 0
