"""The risk register as a table model, and the proxy that filters it.

:class:`RiskRegisterModel` is a :class:`~releaseplanner.ui.models.row_table_model.RowTableModel`
over :class:`~releaseplanner.ui.risk.risk_reader.RegisterEntry` rows: no session, no I/O; an
in-place edit goes to the edit handler (the register view, which pushes an undoable command) and
the model changes only when the rows are read back. The band of a score column travels in
:attr:`RiskRole.BAND` for the band chip delegate; an overdue review is red with a warning icon,
and risks that no longer count (accepted, closed) are greyed, as the heat map leaves them out.

:class:`RiskFilterProxyModel` filters by release, package, band, status, overdue review and a
heat-map cell; sorting is left to the source model, which sorts in Python once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from releaseplanner.domain.enums import RiskBand, RiskStatus
from releaseplanner.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS
from releaseplanner.ui.formatting import MISSING, format_short_date
from releaseplanner.ui.models.row_table_model import Column, RowRole, RowTableModel
from releaseplanner.ui.risk.risk_reader import RegisterEntry

AnyIndex = QModelIndex | QPersistentModelIndex

#: Red and grey that pass WCAG AA on the light rows, and lighter ones for a dark palette.
OVERDUE_COLOUR = "#b91c1c"
INACTIVE_COLOUR = "#6b7280"
DARK_OVERDUE_COLOUR = "#f87171"
DARK_INACTIVE_COLOUR = "#9aa3af"


class RiskRole(IntEnum):
    #: The band value (``"high"``) of a score column, for the band chip delegate.
    BAND = Qt.ItemDataRole.UserRole + 20


class RiskColumn(IntEnum):
    RELEASE = 0
    PACKAGE = 1
    TITLE = 2
    CATEGORY = 3
    LIKELIHOOD = 4
    IMPACT = 5
    SCORE = 6
    OWNER = 7
    STATUS = 8
    RESIDUAL_LIKELIHOOD = 9
    RESIDUAL_IMPACT = 10
    RESIDUAL_SCORE = 11
    REVIEW = 12
    MITIGATION = 13


def rating_text(value: int | None, labels: tuple[str, ...]) -> str:
    """``4 · Likely`` for a tooltip or a picker; the dash for no rating."""
    return MISSING if value is None else f"{value} · {labels[value - 1]}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _residual_tip(own: int | None, used: int, labels: tuple[str, ...]) -> str:
    if own is None:
        return f"Not rated after mitigation: the inherent {rating_text(used, labels)} counts"
    return rating_text(own, labels)


def _review_tip(entry: RegisterEntry) -> str | None:
    if entry.review_date is None:
        return "No review date set"
    if entry.review_overdue:
        return f"Review overdue: it was due on {format_short_date(entry.review_date)}"
    return f"Next review on {format_short_date(entry.review_date)}"


COLUMNS: tuple[Column, ...] = (
    Column("Release", lambda e: e.release_key),
    Column(
        "Package",
        lambda e: e.package or "Whole release",
        edit_field="package_id",
        header_tip="The package the risk belongs to, or the whole release",
    ),
    Column("Title", lambda e: e.title, edit_field="title"),
    Column("Category", lambda e: e.category.label, edit_field="category"),
    Column(
        "L",
        lambda e: str(e.likelihood),
        sort_key=lambda e: e.likelihood,
        edit_field="likelihood",
        tooltip=lambda e: f"Likelihood {rating_text(e.likelihood, LIKELIHOOD_LABELS)}",
        numeric=True,
        header_tip="Likelihood, 1 (rare) to 5 (almost certain)",
    ),
    Column(
        "I",
        lambda e: str(e.impact),
        sort_key=lambda e: e.impact,
        edit_field="impact",
        tooltip=lambda e: f"Impact {rating_text(e.impact, IMPACT_LABELS)}",
        numeric=True,
        header_tip="Impact, 1 (negligible) to 5 (severe)",
    ),
    Column(
        "Score",
        lambda e: f"{e.score} {e.band.label}",
        sort_key=lambda e: (e.score, e.likelihood),
        tooltip=lambda e: (
            f"Likelihood {e.likelihood} × impact {e.impact} = {e.score}: "
            f"{e.band.label.lower()} (bands: 1-4 low, 5-9 medium, 10-16 high, 20-25 critical)"
        ),
        header_tip="Likelihood × impact, 1-25, with its band",
    ),
    Column("Owner", lambda e: e.owner or MISSING, edit_field="owner_id"),
    Column("Status", lambda e: e.status.label, edit_field="status"),
    Column(
        "Res. L",
        lambda e: MISSING if e.residual_likelihood is None else str(e.residual_likelihood),
        sort_key=lambda e: e.residual_rating[0],
        edit_field="residual_likelihood",
        tooltip=lambda e: _residual_tip(
            e.residual_likelihood, e.residual_rating[0], LIKELIHOOD_LABELS
        ),
        numeric=True,
        header_tip="Residual likelihood: after mitigation",
    ),
    Column(
        "Res. I",
        lambda e: MISSING if e.residual_impact is None else str(e.residual_impact),
        sort_key=lambda e: e.residual_rating[1],
        edit_field="residual_impact",
        tooltip=lambda e: _residual_tip(e.residual_impact, e.residual_rating[1], IMPACT_LABELS),
        numeric=True,
        header_tip="Residual impact: after mitigation",
    ),
    Column(
        "Residual",
        lambda e: f"{e.residual_score} {e.residual_band.label}",
        sort_key=lambda e: (e.residual_score, e.residual_rating[0]),
        tooltip=lambda e: "After mitigation: {} × {} = {}".format(
            *e.residual_rating, e.residual_score
        ),
        header_tip="Residual score: likelihood × impact after mitigation",
    ),
    Column(
        "Review",
        lambda e: format_short_date(e.review_date) or MISSING,
        sort_key=lambda e: (e.review_date is None, e.review_date),
        edit_field="review_date",
        tooltip=_review_tip,
        header_tip="Next review date; overdue reviews of active risks are red",
    ),
    Column(
        "Mitigation",
        lambda e: _one_line(e.mitigation) or MISSING,
        tooltip=lambda e: (e.mitigation or "No mitigation yet") + "\n\n(edit it in the form below)",
    ),
)

_SCORE_BANDS = {
    RiskColumn.SCORE: lambda e: e.band,
    RiskColumn.RESIDUAL_SCORE: lambda e: e.residual_band,
}


class RiskRegisterModel(RowTableModel):
    """Register entries, one per row, in :class:`RiskColumn` order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self._overdue_icon: QIcon | None = None
        self._overdue = QColor(OVERDUE_COLOUR)
        self._inactive = QColor(INACTIVE_COLOUR)

    def set_dark(self, dark: bool) -> None:
        """Use the text colours that read on a dark (or light) view."""
        self._overdue = QColor(DARK_OVERDUE_COLOUR if dark else OVERDUE_COLOUR)
        self._inactive = QColor(DARK_INACTIVE_COLOUR if dark else INACTIVE_COLOUR)
        if self.rowCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.ForegroundRole])

    def entry_at(self, index: AnyIndex | int) -> RegisterEntry | None:
        return self.row_at(index)

    def _styled(self, row: Any, column: int, role: int) -> Any:
        entry: RegisterEntry = row
        overdue_cell = column == RiskColumn.REVIEW and entry.review_overdue
        if role == RiskRole.BAND and column in _SCORE_BANDS:
            return _SCORE_BANDS[RiskColumn(column)](entry).value
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue_cell:
                return self._overdue
            if not entry.active:
                return self._inactive
        if role == Qt.ItemDataRole.FontRole and overdue_cell:
            font = QApplication.font()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and overdue_cell:
            return self._warning_icon()
        return None

    def _warning_icon(self) -> QIcon:
        if self._overdue_icon is None:
            style = QApplication.style()
            self._overdue_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._overdue_icon


#: The status filter's "active" choice: open, mitigating or occurred (what the heat map counts).
ACTIVE = "active"
#: The package filter's choice for risks of the whole release (no package).
NO_PACKAGE = ""


@dataclass(frozen=True, slots=True)
class HeatCell:
    """A heat-map cell the register is filtered to: a rating, before or after mitigation."""

    likelihood: int
    impact: int
    residual: bool

    @property
    def label(self) -> str:
        which = "residual" if self.residual else "inherent"
        return f"Likelihood {self.likelihood} × impact {self.impact} ({which})"


class RiskFilterProxyModel(QSortFilterProxyModel):
    """Shows the entries that pass every filter set; None means "any" for each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.release_id: str | None = None
        self.package_id: str | None = None  # NO_PACKAGE: whole-release risks only
        self.band: RiskBand | None = None
        self.status: RiskStatus | str | None = None  # a status, or ACTIVE
        self.overdue_only = False
        self.cell: HeatCell | None = None

    def set_filters(self, **filters: Any) -> None:
        """Change some filters (the attribute names above) and filter again, once."""
        for name in filters:
            if not hasattr(self, name):
                raise AttributeError(f"no filter '{name}'")
        if hasattr(self, "endFilterChange"):  # Qt 6.9+: invalidateRowsFilter is deprecated
            self.beginFilterChange()
            for name, value in filters.items():
                setattr(self, name, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            for name, value in filters.items():
                setattr(self, name, value)
            self.invalidateRowsFilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source sorts by each column's sort key in Python; the proxy keeps its order.
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        source = self.sourceModel()
        entry = source.index(source_row, 0, source_parent).data(RowRole.ROW)
        return entry is not None and self.accepts(entry)

    def accepts(self, entry: RegisterEntry) -> bool:
        if self.release_id is not None and entry.release_id != self.release_id:
            return False
        if self.package_id is not None and (entry.package_id or NO_PACKAGE) != self.package_id:
            return False
        if self.band is not None and entry.band is not self.band:
            return False
        if self.status == ACTIVE and not entry.active:
            return False
        if isinstance(self.status, RiskStatus) and entry.status is not self.status:
            return False
        if self.overdue_only and not entry.review_overdue:
            return False
        if self.cell is not None:
            # The heat map counts active risks only; a cell shows exactly the risks it counted.
            rating = (
                entry.residual_rating if self.cell.residual else (entry.likelihood, entry.impact)
            )
            if not entry.active or rating != (self.cell.likelihood, self.cell.impact):
                return False
        return True
