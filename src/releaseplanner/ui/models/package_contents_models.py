"""Table models of the package contents panel: components, change items, test runs, overlaps.

Each is a :class:`RowTableModel` over the frozen rows that ``services.package_contents`` and
``services.impact`` return; the column lists below are the whole of each model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ChangeKind, ChangeStatus, TestSuite
from releaseplanner.domain.impact import SharedComponent
from releaseplanner.services.package_contents import PackageComponentRow, TestRunRow, natural_key
from releaseplanner.ui.formatting import MISSING, format_date, format_short_date
from releaseplanner.ui.models.row_table_model import Column, RowTableModel
from releaseplanner.ui.models.text_filter import SearchableRowTableModel
from releaseplanner.ui.style import MUTED_TEXT

#: Colours for text that must stand out on white and on the alternate row colour (WCAG AA).
WARNING_TEXT = "#b91c1c"
GOOD_TEXT = "#166534"

_KIND_ORDER = {kind: number for number, kind in enumerate(ChangeKind)}
_STATUS_ORDER = {status: number for number, status in enumerate(ChangeStatus)}
_SUITE_ORDER = {suite: number for number, suite in enumerate(TestSuite)}
_STATUS_COLOURS = {
    ChangeStatus.DONE: GOOD_TEXT,
    ChangeStatus.VERIFIED: GOOD_TEXT,
    ChangeStatus.DEFERRED: MUTED_TEXT,
}


def _version(text: str) -> str:
    return text or MISSING


class PackageComponentsModel(RowTableModel):
    """Components of one package; the from- and to-versions are editable."""

    NAME, CI_ID, TYPE, FROM_VERSION, TO_VERSION = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column(
                    "Component",
                    lambda r: r.name,
                    tooltip=lambda r: (
                        f"{r.name}\nOwner: {r.owner or MISSING}\n"
                        f"Catalogue version: {r.catalogue_version or MISSING}"
                    ),
                ),
                Column("CI id", lambda r: r.ci_id, sort_key=lambda r: natural_key(r.ci_id)),
                Column("Type", lambda r: r.type.label),
                Column(
                    "From-version",
                    lambda r: _version(r.from_version),
                    sort_key=lambda r: natural_key(r.from_version),
                    edit_field="from_version",
                    tooltip=lambda r: "The version in production before this release",
                ),
                Column(
                    "To-version",
                    lambda r: _version(r.to_version),
                    sort_key=lambda r: natural_key(r.to_version),
                    edit_field="to_version",
                    tooltip=lambda r: "The version this release deploys",
                ),
            ),
            parent,
        )
        self._muted = QColor(MUTED_TEXT)

    def _styled(self, row: PackageComponentRow, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.ForegroundRole:
            return None
        if column == self.FROM_VERSION and not row.from_version:
            return self._muted
        if column == self.TO_VERSION and not row.to_version:
            return self._muted
        if column in (self.CI_ID, self.TYPE):
            return self._muted
        return None


class ChangeItemsModel(SearchableRowTableModel):
    """Change items of one package, found by ticket reference and title; all four columns edit."""

    TICKET, TITLE, KIND, STATUS = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column(
                    "Ticket",
                    lambda r: r.ticket_ref,
                    sort_key=lambda r: natural_key(r.ticket_ref),
                    edit_field="ticket_ref",
                ),
                Column("Title", lambda r: r.title, edit_field="title"),
                Column(
                    "Kind",
                    lambda r: r.kind.label,
                    sort_key=lambda r: _KIND_ORDER.get(r.kind, 99),
                    edit_field="kind",
                ),
                Column(
                    "Status",
                    lambda r: r.status.label,
                    sort_key=lambda r: _STATUS_ORDER.get(r.status, 99),
                    edit_field="status",
                ),
            ),
            haystack=lambda r: f"{r.ticket_ref}\n{r.title}",
            parent=parent,
        )
        self._colours = {status: QColor(colour) for status, colour in _STATUS_COLOURS.items()}

    def _styled(self, row: dm.ChangeItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return self._colours.get(row.status)
        return None


class TestRunsModel(RowTableModel):
    """The latest run of each test suite, with pass rates below the policy threshold in red."""

    __test__ = False  # not a pytest test class, despite the name

    SUITE, RUN_ON, PASSED, FAILED, BLOCKED, PASS_RATE, ENVIRONMENT, SIGNED_OFF = range(8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("Suite", lambda r: r.suite.label, sort_key=lambda r: _SUITE_ORDER[r.suite]),
                Column(
                    "Run on",
                    lambda r: format_short_date(r.run_on),
                    sort_key=lambda r: r.run_on,
                    tooltip=lambda r: format_date(r.run_on),
                ),
                Column("Passed", lambda r: f"{r.passed:,}", lambda r: r.passed, numeric=True),
                Column("Failed", lambda r: f"{r.failed:,}", lambda r: r.failed, numeric=True),
                Column("Blocked", lambda r: f"{r.blocked:,}", lambda r: r.blocked, numeric=True),
                Column(
                    "Pass rate",
                    lambda r: MISSING if r.pass_rate is None else f"{r.pass_rate:.1%}",
                    sort_key=lambda r: -1.0 if r.pass_rate is None else r.pass_rate,
                    numeric=True,
                    header_tip="Passed out of executed (passed, failed and blocked) test cases",
                ),
                Column("Environment", lambda r: r.environment or MISSING),
                Column("Signed off by", lambda r: r.signed_off_by or MISSING),
            ),
            parent,
            row_id=lambda r: r.suite,
        )
        self._threshold: float | None = None
        self._warning = QColor(WARNING_TEXT)
        self._good = QColor(GOOD_TEXT)
        self._muted = QColor(MUTED_TEXT)

    def set_threshold(self, min_pass_rate: float | None) -> None:
        """Colour pass rates against the release type's minimum (None: no colouring)."""
        self._threshold = min_pass_rate
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, self.PASS_RATE), self.index(self.rowCount() - 1, self.PASS_RATE)
            )

    def below_threshold(self, row: TestRunRow) -> bool:
        return (
            self._threshold is not None
            and row.pass_rate is not None
            and row.pass_rate < self._threshold
        )

    def _styled(self, row: TestRunRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.FAILED and row.failed:
                return self._warning
            if column == self.PASS_RATE and self._threshold is not None:
                return self._warning if self.below_threshold(row) else self._good
            if (column == self.ENVIRONMENT and not row.environment) or (
                column == self.SIGNED_OFF and not row.signed_off_by
            ):
                return self._muted
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and column == self.PASS_RATE
            and self.below_threshold(row)
        ):
            return f"Below the release type's minimum of {self._threshold:.0%}"
        return None


class SharedComponentsModel(RowTableModel):
    """Components this package shares with other open releases in overlapping windows."""

    COMPONENT, RELEASE, VERSIONS, OVERLAP_FROM, DAYS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("Component", lambda s: s.component_name),
                Column(
                    "Other release",
                    lambda s: s.other_release_key,
                    sort_key=lambda s: natural_key(s.other_release_key),
                ),
                Column(
                    "Their versions",
                    lambda s: s.other_versions or MISSING,
                    header_tip="From-version → to-version in the other release",
                ),
                Column(
                    "Overlap from",
                    lambda s: format_short_date(s.overlap_start),
                    sort_key=lambda s: s.overlap_start.toordinal() if s.overlap_start else 0,
                    tooltip=lambda s: format_date(s.overlap_start),
                ),
                Column(
                    "Days",
                    lambda s: str(s.overlap_days),
                    sort_key=lambda s: s.overlap_days,
                    numeric=True,
                    header_tip="Days the two releases' build, test or deployment windows overlap",
                ),
            ),
            parent,
            row_id=_shared_id,
        )
        self._warning = QColor(WARNING_TEXT)

    def _styled(self, row: SharedComponent, column: int, role: int) -> Any:
        # A week or more of overlap is worth a second look; shorter ones are routine.
        if role == Qt.ItemDataRole.ForegroundRole and column == self.DAYS and row.overlap_days >= 7:
            return self._warning
        return None


def _shared_id(row: SharedComponent) -> tuple[str, str]:
    return (row.component_id, row.other_release_id)
