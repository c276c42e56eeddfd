"""The portfolio as a two-level tree: releases, each with its packages beneath.

The model holds the frozen summary rows the portfolio service returns and nothing else: no
session, no I/O in ``data()``. A release's index carries internal id 0; a package's carries its
release's row + 1, which is all ``parent()`` needs and avoids Python objects in internal
pointers (whose lifetime Qt cannot see).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from releaseplanner.ui.formatting import format_date, format_short_date, status_label

if TYPE_CHECKING:
    from releaseplanner.services.portfolio import PackageSummary, ReleaseSummary

AnyIndex = QModelIndex | QPersistentModelIndex

_RELEASE_ID = 0


class PortfolioColumn(IntEnum):
    KEY_NAME = 0
    TYPE = 1
    STATUS = 2
    OWNER = 3
    GO_LIVE = 4
    PACKAGES = 5


_HEADERS = {
    PortfolioColumn.KEY_NAME: "Key / Name",
    PortfolioColumn.TYPE: "Type",
    PortfolioColumn.STATUS: "Status",
    PortfolioColumn.OWNER: "Owner",
    PortfolioColumn.GO_LIVE: "Go-live",
    PortfolioColumn.PACKAGES: "Packages",
}


class PortfolioRole(IntEnum):
    #: The ReleaseSummary or PackageSummary behind the row.
    ROW = Qt.ItemDataRole.UserRole + 1
    #: A value that sorts correctly (dates and counts, not their display text).
    SORT = Qt.ItemDataRole.UserRole + 2
    #: The status value (``in_test``) for the chip delegate's colours.
    STATUS_VALUE = Qt.ItemDataRole.UserRole + 3
    #: The text the filter matches: key and name.
    FILTER = Qt.ItemDataRole.UserRole + 4
    #: ``"release"`` or ``"package"``.
    KIND = Qt.ItemDataRole.UserRole + 5


RELEASE_KIND = "release"
PACKAGE_KIND = "package"


class PortfolioModel(QAbstractItemModel):
    """Releases (top level) and their packages (children), read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._releases: list[ReleaseSummary] = []
        self._packages: list[list[PackageSummary]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # -- loading -------------------------------------------------------------------------------

    def set_portfolio(
        self, releases: Sequence[ReleaseSummary], packages: Sequence[PackageSummary]
    ) -> None:
        """Show ``releases`` in the given order, each with its packages in the given order."""
        by_release: dict[str, list[PackageSummary]] = {r.id: [] for r in releases}
        for package in packages:
            # A package of a release that is not listed cannot be placed; leave it out.
            if package.release_id in by_release:
                by_release[package.release_id].append(package)
        self.beginResetModel()
        self._releases = list(releases)
        self._packages = [by_release[r.id] for r in self._releases]
        self.endResetModel()

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
        release_row = index.internalId()
        if release_row == _RELEASE_ID:
            return self._releases[index.row()]
        return self._packages[release_row - 1][index.row()]

    # -- QAbstractItemModel --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _RELEASE_ID)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: AnyIndex | None = None) -> Any:  # type: ignore[override]
        # Without an index this is QObject.parent(), the model's owner, as PySide6 overloads it.
        if index is None:
            return super().parent()
        if not index.isValid() or index.internalId() == _RELEASE_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _RELEASE_ID)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._releases)
        # Only the first column of a release has children; packages have none.
        if parent.column() != 0 or parent.internalId() != _RELEASE_ID:
            return 0
        return len(self._packages[parent.row()])

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(PortfolioColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(PortfolioColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[PortfolioColumn(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == PortfolioColumn.PACKAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = PortfolioColumn(index.column())
        if index.internalId() == _RELEASE_ID:
            return self._release_data(row, column, role)  # type: ignore[arg-type]
        return self._package_data(row, column, role)  # type: ignore[arg-type]

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
            return package.name
        if role == PortfolioRole.STATUS_VALUE:
            return str(package.status)
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


class PortfolioFilterProxyModel(QSortFilterProxyModel):
    """Sorts by real values and filters releases and packages by key or name.

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
