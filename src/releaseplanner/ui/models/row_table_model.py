"""A flat table over a list of plain rows, described column by column.

The package contents tables, the import preview and the journal all show frozen rows that a
service returned. This base holds the rows and nothing else (no session, no I/O in ``data()``);
each column says how a row reads, sorts and, when editable, which field an edit changes. Edits
are not applied here: ``setData`` hands ``(row, field, value)`` to an edit handler, which turns
it into an undoable command, and the view then reloads the rows from the workspace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

AnyIndex = QModelIndex | QPersistentModelIndex
#: Called with (row, field, new value); returns whether the edit was made.
EditHandler = Callable[[Any, str, Any], bool]

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
# Shorter text fits any column at a sensible width; longer text may be elided, so it gets a tip.
_TOOLTIP_FROM_LENGTH = 36


class RowRole(IntEnum):
    #: The plain row behind an index (any column).
    ROW = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class Column:
    """How one column reads a row.

    Args:
        title: the header text.
        text: the cell text of a row.
        sort_key: what the column sorts by (default: the text, case-folded).
        edit_field: the row field an in-place edit changes; None for a read-only column.
        tooltip: a tooltip for a row's cell (default: the text, when it may be elided).
        numeric: right-aligned, as numbers are read.
        header_tip: the header's tooltip, for terse titles.
    """

    title: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    edit_field: str | None = None
    tooltip: Callable[[Any], str | None] | None = None
    numeric: bool = False
    header_tip: str = ""


class RowTableModel(QAbstractTableModel):
    """Rows of any frozen dataclass with an id, shown through ``columns``.

    Args:
        columns: the table's columns, in order.
        row_id: the identity of a row, kept across reloads (default: its ``id`` attribute).
    """

    def __init__(
        self,
        columns: Sequence[Column],
        parent: QObject | None = None,
        *,
        row_id: Callable[[Any], Any] = lambda row: row.id,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._row_id = row_id
        self._rows: list[Any] = []
        self._positions: dict[Any, int] = {}
        self._edit_handler: EditHandler | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- rows ----------------------------------------------------------------------------------

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def rows(self) -> list[Any]:
        """The rows in display order (a copy)."""
        return list(self._rows)

    def row_at(self, index: AnyIndex | int) -> Any:
        """The row behind an index of this model (or a row number); None when out of range."""
        row = index if isinstance(index, int) else (index.row() if index.isValid() else -1)
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_number(self, row_id: Any) -> int | None:
        """Where the row with ``row_id`` is shown, if it is."""
        return self._positions.get(row_id)

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show ``rows`` (sorted as the model is sorted).

        When the same rows come back in the same order, as after an edit, only the changed
        rows are announced: the view keeps its selection, scroll position and open editors.
        """
        new_rows = self._sorted(list(rows))
        same_rows = len(new_rows) == len(self._rows) and all(
            self._row_id(a) == self._row_id(b) for a, b in zip(new_rows, self._rows, strict=True)
        )
        if not same_rows:
            self.beginResetModel()
            self._replace(new_rows)
            self.endResetModel()
            return
        changed = [i for i, (a, b) in enumerate(zip(new_rows, self._rows, strict=True)) if a != b]
        self._replace(new_rows)
        if changed:
            last_column = len(self._columns) - 1
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last_column))

    def append_rows(self, rows: Sequence[Any]) -> None:
        """Add ``rows`` after the last one (a page fetched lazily); an unsorted model's rows
        are inserted as such, a sorted model is re-sorted."""
        if not rows:
            return
        if 0 <= self._sort_column < len(self._columns):
            self.set_rows([*self._rows, *rows])
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        for number, row in enumerate(rows, start=first):
            self._positions[self._row_id(row)] = number
        self._rows_appended(first)
        self.endInsertRows()

    def clear(self) -> None:
        self.set_rows(())

    def set_edit_handler(self, handler: EditHandler | None) -> None:
        """Make the columns with an ``edit_field`` editable, sending edits to ``handler``."""
        self._edit_handler = handler

    def _replace(self, rows: list[Any]) -> None:
        self._rows = rows
        self._positions = {self._row_id(row): number for number, row in enumerate(rows)}
        self._rows_replaced()

    def _rows_replaced(self) -> None:
        """Hook: the rows (or their order) changed; runs before views hear of it."""

    def _rows_appended(self, first: int) -> None:
        """Hook: rows from ``first`` on were appended; runs before views hear of it."""

    # -- sorting -------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` with its sort key: in Python, once, rather than by comparing
        through Qt (which calls back into Python for every comparison of 20,000 rows)."""
        self._sort_column, self._sort_order = column, order
        if not self._rows or not 0 <= column < len(self._columns):
            return
        # No VerticalSortHint: emitting the signal's arguments from PySide6 crashes (6.11).
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self._row_id(self._rows[i.row()]), i.column()) for i in persistent]
        self._replace(self._sorted(self._rows))
        self.changePersistentIndexList(
            persistent, [self.index(self._positions[row_id], col) for row_id, col in kept]
        )
        self.layoutChanged.emit()

    def _sorted(self, rows: list[Any]) -> list[Any]:
        if not 0 <= self._sort_column < len(self._columns):
            return rows
        column = self._columns[self._sort_column]
        key = column.sort_key or (lambda row: column.text(row).casefold())
        return sorted(rows, key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    # -- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.header_tip or None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._is_editable(index):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self._columns):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.EditRole:
            return getattr(row, column.edit_field) if column.edit_field else column.text(row)
        if role == RowRole.ROW:
            return row
        styled = self._styled(row, index.column(), role)
        if styled is not None:
            return styled
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(row)
            text = column.text(row)
            return text if len(text) >= _TOOLTIP_FROM_LENGTH else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self._is_editable(index):
            return False
        row = self._rows[index.row()]
        field = self._columns[index.column()].edit_field
        assert field is not None and self._edit_handler is not None
        current = getattr(row, field)
        if isinstance(current, Enum):
            # Qt hands a StrEnum member back as plain text (QVariant keeps only the str).
            try:
                value = type(current)(value)
            except ValueError:
                return False
        elif isinstance(value, str):
            value = value.strip()
        if value == current:
            return False  # an editor closed without a change must not become an undo step
        return bool(self._edit_handler(row, field, value))

    def _is_editable(self, index: AnyIndex) -> bool:
        return (
            self._edit_handler is not None
            and index.isValid()
            and 0 <= index.column() < len(self._columns)
            and self._columns[index.column()].edit_field is not None
        )

    def _styled(self, row: Any, column: int, role: int) -> Any:
        """Hook for colours, fonts and tooltips of a cell; None leaves the role to the column."""
        return None
