"""Thin table models over a release's execution records (rows from
:mod:`releaseplanner.services.lifecycle_views`): builds, test runs and their summary per suite,
deployments, incidents and the exit criteria of early-life support.

Each model is a :class:`RowTableModel` described column by column; outcomes are drawn as chips
through :data:`~releaseplanner.ui.lifecycle.chips.CHIP_ROLE`. The exit criteria are the one
editable table: ticking a criterion asks the edit handler to sign it off (an undoable command);
the model itself changes nothing until the view reloads its rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from releaseplanner.domain import model as dm
from releaseplanner.domain.review_prefill import SuiteResult
from releaseplanner.services.lifecycle_views import (
    BuildRow,
    DeploymentRow,
    IncidentRow,
    TestRow,
)
from releaseplanner.ui.formatting import MISSING, format_short_date
from releaseplanner.ui.lifecycle.chips import CHIP_ROLE, outcome_colours
from releaseplanner.ui.lifecycle.texts import (
    format_delay,
    format_hours,
    format_moment,
    format_rate,
    format_window,
)
from releaseplanner.ui.models.package_contents_models import GOOD_TEXT, WARNING_TEXT
from releaseplanner.ui.models.row_table_model import AnyIndex, Column, RowTableModel
from releaseplanner.ui.style import MUTED_TEXT

_MUTED = QColor(MUTED_TEXT)
_WARNING = QColor(WARNING_TEXT)
_GOOD = QColor(GOOD_TEXT)


def _count(value: int) -> str:
    return f"{value:,}"


class BuildRunsModel(RowTableModel):
    """Builds of the release's packages, newest first."""

    PACKAGE, NUMBER, VERSION, STARTED, RESULT, LINK = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("Package", lambda r: r.package),
                Column("Build", lambda r: f"#{r.number}", lambda r: r.number, numeric=True),
                Column("Version", lambda r: r.version),
                Column("Started", lambda r: format_moment(r.started_at), lambda r: r.started_at),
                Column("Result", lambda r: r.result.label, lambda r: r.result.value),
                Column(
                    "Link",
                    lambda r: r.link.split("://", 1)[-1] or MISSING,
                    tooltip=lambda r: r.link or None,
                ),
            ),
            parent,
        )

    def _styled(self, row: BuildRow, column: int, role: int) -> Any:
        if role == CHIP_ROLE and column == self.RESULT:
            return outcome_colours(row.result)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.LINK and not row.link:
            return _MUTED
        return None


class TestRunsModel(RowTableModel):
    """Test runs of the release's packages, newest first; failures in red."""

    __test__ = False  # not a pytest test class, despite the name

    PACKAGE, SUITE, RUN_ON, ENVIRONMENT, PASSED, FAILED, BLOCKED, RATE, TESTER, SIGNED = range(10)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("Package", lambda r: r.package),
                Column("Suite", lambda r: r.suite.label),
                Column("Run on", lambda r: format_short_date(r.run_on), lambda r: r.run_on),
                Column("Environment", lambda r: r.environment or MISSING),
                Column("Passed", lambda r: _count(r.passed), lambda r: r.passed, numeric=True),
                Column("Failed", lambda r: _count(r.failed), lambda r: r.failed, numeric=True),
                Column("Blocked", lambda r: _count(r.blocked), lambda r: r.blocked, numeric=True),
                Column(
                    "Pass rate",
                    lambda r: format_rate(r.pass_rate),
                    lambda r: -1.0 if r.pass_rate is None else r.pass_rate,
                    numeric=True,
                    header_tip="Passed out of executed (passed, failed and blocked) test cases",
                ),
                Column("Tester", lambda r: r.tester or MISSING),
                Column("Signed off by", lambda r: r.signed_off_by or MISSING),
            ),
            parent,
        )

    def _styled(self, row: TestRow, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.ForegroundRole:
            return None
        if (column == self.FAILED and row.failed) or (column == self.BLOCKED and row.blocked):
            return _WARNING
        if column == self.SIGNED and not row.signed_off_by:
            return _MUTED
        return None


class TestSummaryModel(RowTableModel):
    """The latest run of each suite added up over the packages, with the pass rate against the
    release type's minimum."""

    __test__ = False  # not a pytest test class, despite the name

    SUITE, LAST_RUN, PACKAGES, PASSED, FAILED, BLOCKED, RATE, SIGNED_OFF = range(8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("Suite", lambda r: r.suite.label),
                Column("Last run", lambda r: format_short_date(r.last_run_on)),
                Column("Packages", lambda r: str(r.runs), numeric=True),
                Column("Passed", lambda r: _count(r.passed), numeric=True),
                Column("Failed", lambda r: _count(r.failed), numeric=True),
                Column("Blocked", lambda r: _count(r.blocked), numeric=True),
                Column(
                    "Pass rate",
                    lambda r: format_rate(r.pass_rate),
                    numeric=True,
                    header_tip="Of the latest run per package; red below the release type's "
                    "minimum pass rate",
                ),
                Column(
                    "Sign-off",
                    lambda r: "all runs" if r.signed_off else "missing",
                    header_tip="Whether every counted run was signed off",
                ),
            ),
            parent,
            row_id=lambda r: r.suite,
        )
        self._minimum: float | None = None

    def set_minimum(self, rate: float | None) -> None:
        """Colour pass rates against ``rate`` (None: no colouring); rows are set after this."""
        self._minimum = rate

    def _styled(self, row: SuiteResult, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.ForegroundRole:
            return None
        if column == self.RATE and self._minimum is not None and row.pass_rate is not None:
            return _WARNING if row.pass_rate < self._minimum else _GOOD
        if column == self.SIGNED_OFF and not row.signed_off:
            return _WARNING
        return None


class DeploymentsModel(RowTableModel):
    """Deployments of the release by planned start; production in bold."""

    ENVIRONMENT, PLANNED, ACTUAL, DELAY, RESULT, BY, NOTES = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("Environment", lambda r: r.environment),
                Column(
                    "Planned window",
                    lambda r: format_window(r.planned_start, r.planned_end),
                    lambda r: r.planned_start,
                ),
                Column(
                    "Actual",
                    lambda r: format_window(r.actual_start, r.actual_end),
                    lambda r: (r.actual_start is None, r.actual_start or r.planned_start),
                ),
                Column(
                    "Start",
                    lambda r: format_delay(r.start_delay_minutes),
                    lambda r: r.start_delay_minutes or 0,
                    header_tip="Actual start against the planned start",
                ),
                Column("Result", lambda r: r.result.label, lambda r: r.result.value),
                Column("Deployed by", lambda r: r.deployed_by or MISSING),
                Column("Notes", lambda r: r.notes or MISSING),
            ),
            parent,
        )
        self._bold = QFont()
        self._bold.setBold(True)

    def _styled(self, row: DeploymentRow, column: int, role: int) -> Any:
        if role == CHIP_ROLE and column == self.RESULT:
            return outcome_colours(row.result)
        if role == Qt.ItemDataRole.FontRole and column == self.ENVIRONMENT and row.production:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.DELAY and (row.start_delay_minutes or 0) > 0:
                return _WARNING
            empty = {
                self.ACTUAL: row.actual_start is None,
                self.BY: not row.deployed_by,
                self.NOTES: not row.notes,
            }
            if empty.get(column, False):
                return _MUTED
        return None


class IncidentsModel(RowTableModel):
    """The release's incidents and support calls, newest first; open ones in red."""

    OPENED, SEVERITY, TITLE, CATEGORY, ENVIRONMENT, RESOLVED, RESTORE, CAUSED, ADVICE = range(9)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("Opened", lambda r: format_moment(r.opened_at), lambda r: r.opened_at),
                Column("Severity", lambda r: r.severity.label, lambda r: r.severity.value),
                Column("Title", lambda r: r.title),
                Column("Category", lambda r: r.category.label),
                Column("Environment", lambda r: r.environment or MISSING),
                Column(
                    "Resolved",
                    lambda r: format_moment(r.resolved_at) if r.resolved_at else "open",
                    lambda r: (r.resolved_at is None, r.resolved_at or r.opened_at),
                ),
                Column(
                    "Restored in",
                    lambda r: format_hours(r.hours_to_restore),
                    lambda r: r.hours_to_restore if r.hours_to_restore is not None else 1e9,
                    numeric=True,
                ),
                Column(
                    "Cause",
                    lambda r: "this release" if r.caused_by_release else "elsewhere",
                    header_tip="Caused by this release? Those count against its change "
                    "failure rate",
                ),
                Column("Advice to users", lambda r: r.advice or MISSING),
            ),
            parent,
        )

    def _styled(self, row: IncidentRow, column: int, role: int) -> Any:
        if role == CHIP_ROLE and column == self.SEVERITY:
            return outcome_colours(row.severity)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column in (self.RESOLVED, self.RESTORE) and row.resolved_at is None:
                return _WARNING
            if column == self.ADVICE and not row.advice:
                return _MUTED
            if column == self.OPENED and not row.during_els:
                return _MUTED
        if role == Qt.ItemDataRole.ToolTipRole and column == self.OPENED and not row.during_els:
            return "Opened outside the early-life support window"
        return None


class CriteriaModel(RowTableModel):
    """Exit criteria of early-life support; the first column's check box signs one off."""

    CRITERION, SIGNED_BY, SIGNED_AT = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("Exit criterion", lambda r: r.criterion),
                Column("Signed off by", lambda r: r.signed_off_by or MISSING),
                Column("On", lambda r: format_moment(r.signed_off_at) if r.signed_off_at else ""),
            ),
            parent,
        )

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.CRITERION and self._edit_handler:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.CRITERION:
            row = self.row_at(index)
            if row is None:
                return None
            return Qt.CheckState.Checked if row.met else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.CRITERION:
            return super().setData(index, value, role)
        row: dm.ElsCriterion | None = self.row_at(index)
        if row is None or self._edit_handler is None:
            return False
        met = Qt.CheckState(value) == Qt.CheckState.Checked
        if met == row.met:
            return False
        return bool(self._edit_handler(row, "met", met))

    def _styled(self, row: dm.ElsCriterion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column != self.CRITERION and not row.met:
            return _MUTED
        return None
