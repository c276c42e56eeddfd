"""The portfolio tree view: sorted columns, multi-select, in-place editors and package drags.

It shows the filter proxy over ``PortfolioModel`` and speaks in records rather than indexes:
the window asks it for the selected rows and tells it which records to select by (kind, id),
which is what survives a refresh (a moved package has a new parent and so a new index).

The Risk and Lifecycle columns are filled after the rows (the window reads them in the
background); their chip delegates are installed when the first values arrive, so start-up does
not import the chart palette. Right-click the header to show or hide columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QWidget

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
    PortfolioColumn.STATUS: 140,
    PortfolioColumn.RISK: 96,
    PortfolioColumn.LIFECYCLE: 168,
    PortfolioColumn.OWNER: 108,
    PortfolioColumn.GO_LIVE: 96,
    PortfolioColumn.PACKAGES: 80,
}
#: Hidden until asked for (right-click the header), so Key / Name keeps room for a release's
#: name on a laptop screen: the details pane shows both, and the type in its subtitle too.
_HIDDEN_BY_DEFAULT = (PortfolioColumn.TYPE, PortfolioColumn.PACKAGES)


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
        for column in _HIDDEN_BY_DEFAULT:
            header.setSectionHidden(column, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_context_menu_requested)
        self._insight_delegates = False

    def use_insight_delegates(self) -> None:
        """Draw the Risk and Lifecycle columns as chips (once their values have arrived)."""
        if self._insight_delegates:
            return
        # Imported here: the band colours come from the chart palette, which start-up skips.
        from releaseplanner.ui.widgets.band_chip import BandChipDelegate
        from releaseplanner.ui.widgets.flag_chip import FlagChipDelegate

        self._insight_delegates = True
        self.setItemDelegateForColumn(
            PortfolioColumn.RISK, BandChipDelegate(PortfolioRole.BAND, self)
        )
        self.setItemDelegateForColumn(
            PortfolioColumn.LIFECYCLE, FlagChipDelegate(PortfolioRole.TONE, self)
        )

    def column_menu(self) -> QMenu:
        """Checkable entries that show and hide the columns (Key / Name always stays)."""
        menu = QMenu(self)
        menu.setObjectName("portfolioColumnsMenu")
        header, model = self.header(), self.model()
        for column in PortfolioColumn:
            if column == PortfolioColumn.KEY_NAME:
                continue
            action = menu.addAction(str(model.headerData(column, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(
                lambda shown, column=column: header.setSectionHidden(column, not shown)
            )
        return menu

    def _on_header_context_menu_requested(self, position: QPoint) -> None:
        menu = self.column_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.header().mapToGlobal(position))

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
            selection.select(index, index.siblingAtColumn(len(PortfolioColumn) - 1))
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
