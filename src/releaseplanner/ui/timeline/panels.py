"""The timeline's side panels: the problems found in the plan, and the slips against a baseline.

Both are tables of plain rows (the shared :class:`RowTableModel`); choosing a row asks the window
to select and show the bars concerned (``problem_chosen`` / ``slip_chosen``), so the panels know
nothing of the chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget

from releaseplanner.domain.conflicts import Problem
from releaseplanner.domain.timeline.slips import Slip
from releaseplanner.ui.formatting import format_short_date, plural
from releaseplanner.ui.models.row_table_model import Column, RowTableModel
from releaseplanner.ui.widgets.table_view import PlaceholderTableView


@dataclass(frozen=True, slots=True)
class ProblemRow:
    id: int
    problem: Problem
    releases: str


@dataclass(frozen=True, slots=True)
class SlipRow:
    id: str
    slip: Slip
    release: str


def _days(value: date | None) -> str:
    return format_short_date(value)


PROBLEM_COLUMNS = (
    Column(
        "Severity",
        lambda r: r.problem.severity.label,
        sort_key=lambda r: (r.problem.severity.rank, r.problem.start or date.max),
    ),
    Column("Problem", lambda r: r.problem.kind.label),
    Column("Releases", lambda r: r.releases),
    Column(
        "From", lambda r: _days(r.problem.start), sort_key=lambda r: r.problem.start or date.max
    ),
    Column("What is wrong", lambda r: r.problem.message, tooltip=lambda r: r.problem.message),
)

SLIP_COLUMNS = (
    Column("Release", lambda r: r.release),
    Column("Item", lambda r: r.slip.item_name),
    Column(
        "End slip",
        lambda r: f"{r.slip.end_days:+d} d",
        sort_key=lambda r: r.slip.end_days,
        numeric=True,
        header_tip="Days the item now ends later (+) or earlier (−) than the baseline",
    ),
    Column(
        "Start slip",
        lambda r: f"{r.slip.start_days:+d} d",
        sort_key=lambda r: r.slip.start_days,
        numeric=True,
    ),
    Column(
        "Baseline end", lambda r: _days(r.slip.baseline_end), sort_key=lambda r: r.slip.baseline_end
    ),
    Column(
        "Planned end", lambda r: _days(r.slip.planned_end), sort_key=lambda r: r.slip.planned_end
    ),
)


class _TablePanel(QWidget):
    """A heading line and a sortable table whose current row is reported."""

    def __init__(self, columns: Sequence[Column], placeholder: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = RowTableModel(columns, self)
        self.table = PlaceholderTableView(placeholder)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

    def _on_table_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            row = self.model.row_at(indexes[0])
            if row is not None:
                self._chosen(row)

    def _chosen(self, row: object) -> None:
        raise NotImplementedError

    def select_row(self, number: int) -> None:
        self.table.selectRow(number)


class ProblemsPanel(_TablePanel):
    """The problems found in the plan, worst first."""

    #: A problem was chosen; carries the domain Problem.
    problem_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(PROBLEM_COLUMNS, "Checking the schedule…", parent)
        self.table.set_column_widths({0: 80, 1: 150, 2: 130, 3: 100})
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # worst first

    def set_problems(self, problems: Sequence[Problem], release_key: Callable[[str], str]) -> None:
        rows = [
            ProblemRow(number, problem, ", ".join(release_key(r) for r in problem.release_ids))
            for number, problem in enumerate(problems)
        ]
        self.model.set_rows(rows)
        high = sum(1 for p in problems if p.severity.value == "high")
        self.summary.setText(
            f"{plural(len(problems), 'problem')}, {high:,} of high severity. Choose one to see "
            "its bars."
            if problems
            else "No problems found in the plan."
        )
        self.table.set_placeholder("No problems found." if not problems else "")

    def _chosen(self, row: object) -> None:
        assert isinstance(row, ProblemRow)
        self.problem_chosen.emit(row.problem)


class SlipsPanel(_TablePanel):
    """Planned against the chosen baseline, the latest end first."""

    #: A slip was chosen; carries the schedule item's id.
    slip_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(SLIP_COLUMNS, "No baseline chosen.", parent)
        self.table.set_column_widths({0: 100, 1: 220, 2: 80, 3: 80, 4: 110})

    def set_slips(self, slips: Sequence[Slip], release_key: Callable[[str], str], baseline: str):
        self.model.set_rows([SlipRow(s.item_id, s, release_key(s.release_id)) for s in slips])
        late = sum(1 for s in slips if s.end_days > 0)
        if not baseline:
            self.summary.setText("Choose a baseline to compare the plan with.")
        else:
            self.summary.setText(
                f"Against '{baseline}': {plural(len(slips), 'item')} moved, {late:,} ending later."
            )
        self.table.set_placeholder("Nothing moved since the baseline." if baseline else "")

    def _chosen(self, row: object) -> None:
        assert isinstance(row, SlipRow)
        self.slip_chosen.emit(row.id)
