"""The portfolio as a two-level tree: releases, each with its packages beneath.

The model holds the frozen summary rows the portfolio service returns and nothing else: no
session, no I/O in ``data()``. Edits and drops are handed to callbacks (the window's editing
controller), which run a service command; the model changes only when ``sync`` is given the rows
read back afterwards, and then row by row (dataChanged, insert, remove), never by a reset, so the
view keeps its selection, expansion and scroll position.

A release's index carries internal id 0. A package's carries a serial number that its release
keeps for as long as it is in the model: unlike the release's row, the serial does not change when
other releases are inserted or removed, so persistent indexes of packages (the selection) stay
right, and no Python object hides in an internal pointer (whose lifetime Qt cannot see).

The Risk and Lifecycle columns come later than the rows: the window reads them in the background
and hands them to ``set_insights``; until then (and for packages) those cells are blank.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QDate,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from releaseplanner.ui.edit_support import PACKAGE_KIND, RELEASE_KIND
from releaseplanner.ui.formatting import format_date, format_short_date, status_label

if TYPE_CHECKING:
    from releaseplanner.services.portfolio import PackageSummary, ReleaseSummary
    from releaseplanner.ui.release_insights import ReleaseInsight

AnyIndex = QModelIndex | QPersistentModelIndex
#: (kind, row, field, new value) → whether the edit was made.
EditHandler = Callable[[str, Any, str, Any], bool]
#: (package ids, target release id) → whether they moved.
MoveHandler = Callable[[list[str], str], bool]

_RELEASE_ID = 0
#: What a dragged package carries: its id, one per line.
PACKAGE_IDS_MIME = "application/x-releaseplanner-package-ids"


class PortfolioColumn(IntEnum):
    KEY_NAME = 0
    TYPE = 1
    STATUS = 2
    RISK = 3
    LIFECYCLE = 4
    OWNER = 5
    GO_LIVE = 6
    PACKAGES = 7


_HEADERS = {
    PortfolioColumn.KEY_NAME: "Key / Name",
    PortfolioColumn.TYPE: "Type",
    PortfolioColumn.STATUS: "Status",
    PortfolioColumn.RISK: "Risk",
    PortfolioColumn.LIFECYCLE: "Lifecycle",
    PortfolioColumn.OWNER: "Owner",
    PortfolioColumn.GO_LIVE: "Go-live",
    PortfolioColumn.PACKAGES: "Packages",
}
#: Header tooltips for the columns whose name alone does not say what they hold.
_HEADER_TIPS = {
    PortfolioColumn.RISK: "The release's risk band and score (0-100); hover a cell for why",
    PortfolioColumn.LIFECYCLE: "Early-life support with its open incidents, and overdue "
    "post-release reviews",
}
_LAST_COLUMN = len(PortfolioColumn) - 1
# Views call index() and data() for every cell they paint: look columns up, not through the enum.
_COLUMNS = tuple(PortfolioColumn)

#: The field an in-place edit of a column changes (go-live: releases only).
EDITABLE_FIELDS = {
    PortfolioColumn.KEY_NAME: "name",
    PortfolioColumn.STATUS: "status",
    PortfolioColumn.GO_LIVE: "planned_go_live",
}


class PortfolioRole(IntEnum):
    #: The ReleaseSummary or PackageSummary behind the row.
    ROW = Qt.ItemDataRole.UserRole + 1
    #: A value that sorts correctly (dates and counts, not their display text).
    SORT = Qt.ItemDataRole.UserRole + 2
    #: The status value (``in_test``) for the chip delegate's colours.
    STATUS_VALUE = Qt.ItemDataRole.UserRole + 3
    #: The text the filter matches: key and name, and a package's ticket refs.
    FILTER = Qt.ItemDataRole.UserRole + 4
    #: ``"release"`` or ``"package"``.
    KIND = Qt.ItemDataRole.UserRole + 5
    #: The risk band's value (``high``) for the band chip; None for packages and until read.
    BAND = Qt.ItemDataRole.UserRole + 6
    #: The lifecycle flag's tone (``info``, ``warning``, ``alert``) for its chip.
    TONE = Qt.ItemDataRole.UserRole + 7


class PortfolioModel(QAbstractItemModel):
    """Releases (top level) and their packages (children); edits go to the edit handler."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._releases: list[ReleaseSummary] = []
        self._packages: list[list[PackageSummary]] = []
        self._ticket_refs: Mapping[str, tuple[str, ...]] = {}
        self._insights: Mapping[str, ReleaseInsight] = {}
        # Per release row: its serial (see the module docstring); and the way back.
        self._serials: list[int] = []
        self._row_of_serial: dict[int, int] = {}
        self._next_serial = 1
        self._edit_handler: EditHandler | None = None
        self._move_handler: MoveHandler | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_edit_handler(self, handler: EditHandler | None) -> None:
        """Who makes in-place edits happen; without one the model is read-only."""
        self._edit_handler = handler

    def set_move_handler(self, handler: MoveHandler | None) -> None:
        """Who moves dropped packages to another release; without one nothing can be dropped."""
        self._move_handler = handler

    # -- loading -------------------------------------------------------------------------------

    def set_portfolio(
        self,
        releases: Sequence[ReleaseSummary],
        packages: Sequence[PackageSummary],
        ticket_refs: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Show ``releases`` in the given order, each with its packages in the given order.

        This resets the model: use it for a different workspace, and ``sync`` after an edit.
        """
        by_release = _packages_by_release(releases, packages)
        self.beginResetModel()
        self._releases = list(releases)
        self._packages = [by_release[r.id] for r in self._releases]
        self._ticket_refs = dict(ticket_refs or {})
        self._insights = {}
        self._serials = [self._new_serial() for _ in self._releases]
        self._reindex()
        self.endResetModel()

    def sync(
        self,
        releases: Sequence[ReleaseSummary],
        packages: Sequence[PackageSummary],
        ticket_refs: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Bring the model to these rows with the fewest changes: removed rows are removed,
        changed rows report dataChanged, new rows are appended (the proxy sorts them)."""
        wanted = {r.id: r for r in releases}
        by_release = _packages_by_release(releases, packages)
        old_refs, self._ticket_refs = self._ticket_refs, dict(ticket_refs or {})
        for row in reversed(range(len(self._releases))):
            if self._releases[row].id not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._releases[row], self._packages[row], self._serials[row]
                self._reindex()
                self.endRemoveRows()
        for row, old in enumerate(self._releases):
            new = wanted[old.id]
            if new != old:
                self._releases[row] = new
                self._row_changed(self.index(row, 0))
            self._sync_packages(row, by_release[old.id], old_refs)
        known = {r.id for r in self._releases}
        added = [r for r in releases if r.id not in known]
        if added:
            first = len(self._releases)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            for release in added:
                self._releases.append(release)
                self._packages.append(by_release[release.id])
                self._serials.append(self._new_serial())
            self._reindex()
            self.endInsertRows()

    def set_insights(self, insights: Mapping[str, ReleaseInsight]) -> None:
        """Show each release's risk band and lifecycle flags ({release id: insight}); a release
        missing from ``insights`` shows blank cells."""
        self._insights = dict(insights)
        if self._releases:
            last = len(self._releases) - 1
            # The two columns are side by side: one signal covers every release's cells.
            self.dataChanged.emit(
                self.index(0, PortfolioColumn.RISK), self.index(last, PortfolioColumn.LIFECYCLE)
            )

    def insight_for(self, release_id: str) -> ReleaseInsight | None:
        """What ``set_insights`` gave for a release, or None (not read yet)."""
        return self._insights.get(release_id)

    def _sync_packages(
        self, row: int, packages: list[PackageSummary], old_refs: Mapping[str, tuple[str, ...]]
    ) -> None:
        parent = self.index(row, 0)
        current = self._packages[row]
        wanted = {p.id: p for p in packages}
        for child in reversed(range(len(current))):
            if current[child].id not in wanted:
                self.beginRemoveRows(parent, child, child)
                del current[child]
                self.endRemoveRows()
        for child, old in enumerate(current):
            new = wanted[old.id]
            refs_changed = old_refs.get(old.id) != self._ticket_refs.get(old.id)
            if new != old or refs_changed:
                current[child] = new
                self._row_changed(self.index(child, 0, parent))
        known = {p.id for p in current}
        added = [p for p in packages if p.id not in known]
        if added:
            first = len(current)
            self.beginInsertRows(parent, first, first + len(added) - 1)
            current.extend(added)
            self.endInsertRows()

    def clear(self) -> None:
        self.set_portfolio((), ())

    def release_count(self) -> int:
        return len(self._releases)

    def release_for(self, package: PackageSummary) -> ReleaseSummary | None:
        """The release a package belongs to, if it is in the model."""
        for release in self._releases:
            if release.id == package.release_id:
                return release
        return None

    def row_at(self, index: AnyIndex) -> ReleaseSummary | PackageSummary | None:
        """The summary row behind ``index`` (any column), or None for an invalid index."""
        if not index.isValid():
            return None
        serial = index.internalId()
        if serial == _RELEASE_ID:
            return self._releases[index.row()]
        return self._packages[self._row_of_serial[serial]][index.row()]

    def index_of(self, kind: str, record_id: str, column: int = 0) -> QModelIndex:
        """The index of a release or package by id (invalid when it is not in the model)."""
        for row, release in enumerate(self._releases):
            if kind == RELEASE_KIND and release.id == record_id:
                return self.index(row, column)
            if kind == PACKAGE_KIND:
                for child, package in enumerate(self._packages[row]):
                    if package.id == record_id:
                        return self.index(child, column, self.index(row, 0))
        return QModelIndex()

    def _new_serial(self) -> int:
        serial = self._next_serial
        self._next_serial += 1
        return serial

    def _reindex(self) -> None:
        self._row_of_serial = {serial: row for row, serial in enumerate(self._serials)}

    def _row_changed(self, first: QModelIndex) -> None:
        self.dataChanged.emit(first, first.siblingAtColumn(_LAST_COLUMN))

    # -- QAbstractItemModel --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # hasIndex() would call back into rowCount() and columnCount() through C++: check here.
        if not (0 <= column < len(_COLUMNS) and 0 <= row < self.rowCount(parent)):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _RELEASE_ID)
        return self.createIndex(row, column, self._serials[parent.row()])

    def parent(self, index: AnyIndex | None = None) -> Any:  # type: ignore[override]
        # Without an index this is QObject.parent(), the model's owner, as PySide6 overloads it.
        if index is None:
            return super().parent()
        if not index.isValid() or index.internalId() == _RELEASE_ID:
            return QModelIndex()
        return self.createIndex(self._row_of_serial[index.internalId()], 0, _RELEASE_ID)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._releases)
        # Only the first column of a release has children; packages have none.
        if parent.column() != 0 or parent.internalId() != _RELEASE_ID:
            return 0
        return len(self._packages[parent.row()])

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(PortfolioColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[PortfolioColumn(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS.get(PortfolioColumn(section))
        if role == Qt.ItemDataRole.TextAlignmentRole and section == PortfolioColumn.PACKAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        is_release = index.internalId() == _RELEASE_ID
        if self._edit_handler is not None and self._is_editable(index, is_release):
            flags |= Qt.ItemFlag.ItemIsEditable
        if self._move_handler is not None:
            # Packages are dragged; a release (any of its cells) takes them.
            flags |= Qt.ItemFlag.ItemIsDropEnabled if is_release else Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def _is_editable(self, index: AnyIndex, is_release: bool) -> bool:
        if index.column() == PortfolioColumn.GO_LIVE:
            # The column shows the actual go-live once there is one; only a plan is edited.
            return is_release and self.row_at(index).actual_go_live is None  # type: ignore[union-attr]
        return index.column() in EDITABLE_FIELDS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = _COLUMNS[index.column()]
        if index.internalId() == _RELEASE_ID:
            return self._release_data(row, column, role)  # type: ignore[arg-type]
        return self._package_data(row, column, role)  # type: ignore[arg-type]

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Hand an in-place edit to the edit handler; the model changes only through ``sync``."""
        row = self.row_at(index)
        is_release = index.internalId() == _RELEASE_ID if index.isValid() else False
        if (
            row is None
            or role != Qt.ItemDataRole.EditRole
            or self._edit_handler is None
            or not self._is_editable(index, is_release)
        ):
            return False
        field = EDITABLE_FIELDS[PortfolioColumn(index.column())]
        value = _plain_value(value)
        if getattr(row, field) == value:
            return True  # nothing to do, and nothing for the undo history
        kind = RELEASE_KIND if is_release else PACKAGE_KIND
        return self._edit_handler(kind, row, field, value)

    # -- drag and drop -------------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [PACKAGE_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids: dict[str, None] = {}
        for index in indexes:
            if index.isValid() and index.internalId() != _RELEASE_ID:
                ids[self.row_at(index).id] = None  # type: ignore[union-attr]
        data = QMimeData()
        data.setData(PACKAGE_IDS_MIME, QByteArray("\n".join(ids).encode()))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return (
            self._move_handler is not None
            and data.hasFormat(PACKAGE_IDS_MIME)
            and self._drop_target(parent) is not None
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        target = self._drop_target(parent)
        if target is None or self._move_handler is None or not data.hasFormat(PACKAGE_IDS_MIME):
            return False
        raw = bytes(data.data(PACKAGE_IDS_MIME).data()).decode()
        return self._move_handler([i for i in raw.split("\n") if i], target.id)

    def _drop_target(self, parent: AnyIndex) -> ReleaseSummary | None:
        """The release a drop on ``parent`` means: the release itself, or a package's release."""
        row = self.row_at(parent)
        if row is None:
            return None
        if parent.internalId() == _RELEASE_ID:
            return row  # type: ignore[return-value]
        return self.release_for(row)  # type: ignore[arg-type]

    # -- per-kind data -------------------------------------------------------------------------

    def _release_data(self, release: ReleaseSummary, column: PortfolioColumn, role: int) -> Any:
        if role == PortfolioRole.ROW:
            return release
        if role == PortfolioRole.KIND:
            return RELEASE_KIND
        if role == PortfolioRole.FILTER:
            return f"{release.key} {release.name}"
        if role == PortfolioRole.STATUS_VALUE:
            return str(release.status)
        if column in (PortfolioColumn.RISK, PortfolioColumn.LIFECYCLE):
            return self._insight_data(self._insights.get(release.id), column, role)
        if role == Qt.ItemDataRole.EditRole:
            return {
                PortfolioColumn.KEY_NAME: release.name,
                PortfolioColumn.STATUS: str(release.status),
                PortfolioColumn.GO_LIVE: release.planned_go_live,
            }.get(column)
        go_live = release.actual_go_live or release.planned_go_live
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                PortfolioColumn.KEY_NAME: f"{release.key} · {release.name}",
                PortfolioColumn.TYPE: release.type.capitalize(),
                PortfolioColumn.STATUS: status_label(release.status),
                PortfolioColumn.OWNER: release.owner,
                PortfolioColumn.GO_LIVE: format_short_date(go_live),
                PortfolioColumn.PACKAGES: str(release.package_count),
            }[column]
        if role == PortfolioRole.SORT:
            return {
                PortfolioColumn.KEY_NAME: release.key.lower(),
                PortfolioColumn.TYPE: release.type.lower(),
                PortfolioColumn.STATUS: str(release.status),
                PortfolioColumn.OWNER: release.owner.lower(),
                # ISO dates sort as text; undated releases go last.
                PortfolioColumn.GO_LIVE: go_live.isoformat() if go_live else "9999",
                PortfolioColumn.PACKAGES: release.package_count,
            }[column]
        if role == Qt.ItemDataRole.FontRole and column == PortfolioColumn.KEY_NAME:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._release_tooltip(release, column)
        return self._alignment(column, role)

    def _package_data(self, package: PackageSummary, column: PortfolioColumn, role: int) -> Any:
        if role == PortfolioRole.ROW:
            return package
        if role == PortfolioRole.KIND:
            return PACKAGE_KIND
        if role == PortfolioRole.FILTER:
            refs = self._ticket_refs.get(package.id, ())
            return f"{package.name} {' '.join(refs)}" if refs else package.name
        if role == PortfolioRole.STATUS_VALUE:
            return str(package.status)
        if column in (PortfolioColumn.RISK, PortfolioColumn.LIFECYCLE):
            return self._insight_data(None, column, role)
        if role == Qt.ItemDataRole.EditRole:
            return {
                PortfolioColumn.KEY_NAME: package.name,
                PortfolioColumn.STATUS: str(package.status),
            }.get(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                PortfolioColumn.KEY_NAME: package.name,
                PortfolioColumn.TYPE: "Package",
                PortfolioColumn.STATUS: status_label(package.status),
                PortfolioColumn.OWNER: package.owner,
                PortfolioColumn.GO_LIVE: "",
                PortfolioColumn.PACKAGES: "",
            }[column]
        if role == PortfolioRole.SORT:
            return {
                PortfolioColumn.KEY_NAME: package.name.lower(),
                PortfolioColumn.TYPE: "",
                PortfolioColumn.STATUS: str(package.status),
                PortfolioColumn.OWNER: package.owner.lower(),
                PortfolioColumn.GO_LIVE: "",
                PortfolioColumn.PACKAGES: 0,
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == PortfolioColumn.KEY_NAME:
            return package.description or None
        return self._alignment(column, role)

    @staticmethod
    def _insight_data(insight: ReleaseInsight | None, column: PortfolioColumn, role: int) -> Any:
        """The Risk and Lifecycle cells; blank (sorting first) without an insight."""
        risk = column == PortfolioColumn.RISK
        if role == Qt.ItemDataRole.DisplayRole:
            if insight is None:
                return ""
            return insight.risk_label if risk else insight.lifecycle_text
        if role == PortfolioRole.SORT:
            if insight is None:
                return -1
            return insight.risk_score if risk else insight.lifecycle_rank
        if insight is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if risk:
                return insight.risk_explanation or None
            return "\n".join(insight.lifecycle_details) or None
        if role == PortfolioRole.BAND and risk:
            return insight.risk_band or None
        if role == PortfolioRole.TONE and not risk:
            return insight.lifecycle_tone or None
        return None

    @staticmethod
    def _release_tooltip(release: ReleaseSummary, column: PortfolioColumn) -> str | None:
        if column == PortfolioColumn.GO_LIVE:
            if release.actual_go_live:
                return f"Went live {format_date(release.actual_go_live)}"
            if release.planned_go_live:
                return f"Planned go-live {format_date(release.planned_go_live)}"
            return "No go-live date planned yet"
        if column == PortfolioColumn.OWNER and release.team:
            return f"{release.owner or 'No owner'} ({release.team})"
        if column == PortfolioColumn.KEY_NAME:
            return release.description or None
        return None

    @staticmethod
    def _alignment(column: PortfolioColumn, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PortfolioColumn.PACKAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _packages_by_release(
    releases: Sequence[ReleaseSummary], packages: Sequence[PackageSummary]
) -> dict[str, list[PackageSummary]]:
    by_release: dict[str, list[PackageSummary]] = {r.id: [] for r in releases}
    for package in packages:
        # A package of a release that is not listed cannot be placed; leave it out.
        if package.release_id in by_release:
            by_release[package.release_id].append(package)
    return by_release


def _plain_value(value: Any) -> Any:
    """Editors hand over QDates (and empty strings for "no date"); rows hold ``date`` or None."""
    if isinstance(value, QDate):
        return date(value.year(), value.month(), value.day()) if value.isValid() else None
    return value


class PortfolioFilterProxyModel(QSortFilterProxyModel):
    """Sorts by real values and filters releases and packages by key, name or ticket ref.

    A matching package keeps its release visible (recursive filtering); a matching release
    shows all its packages (auto-accepted children), so filtering by a release key shows
    the whole release.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(PortfolioColumn.KEY_NAME)
        self.setFilterRole(PortfolioRole.FILTER)
        self.setSortRole(PortfolioRole.SORT)
