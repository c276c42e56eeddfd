"""The preview of a component-list import as one table: problems first, then additions, changes.

Every line of the table is one thing the user should read before applying: a row of the file
that cannot be imported (with its row number, column and reason), a component that would be
added, or one field of an existing component that would change from one value to another.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from releaseplanner.services.catalogue import CatalogueImportPlan
from releaseplanner.ui.formatting import MISSING
from releaseplanner.ui.models.package_contents_models import GOOD_TEXT, WARNING_TEXT
from releaseplanner.ui.models.row_table_model import Column, RowTableModel
from releaseplanner.ui.style import MUTED_TEXT

PROBLEM_BACKGROUND = "#fef2f2"


class Outcome(StrEnum):
    PROBLEM = "Problem"
    ADDED = "Add"
    CHANGED = "Change"


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One line of the preview; ``row`` is the 1-based row in the file (0 when unknown)."""

    id: str
    outcome: Outcome
    row: int
    ci_id: str
    field: str
    before: str
    after: str
    #: The whole message for a problem: file, sheet, row, column and reason.
    detail: str = ""


def preview_rows(plan: CatalogueImportPlan) -> list[PreviewRow]:
    """The lines of the preview of ``plan``: problems by row, then additions, then changes."""
    source = plan.source
    rows_by_ci = {line.ci_id.lower(): line.row for line in source.lines}
    rows = [
        PreviewRow(
            id=f"problem-{number}",
            outcome=Outcome.PROBLEM,
            row=problem.row,
            ci_id="",
            field=problem.column,
            before="",
            after=problem.message,
            detail=source.describe(problem),
        )
        for number, problem in enumerate(sorted(source.problems, key=lambda p: p.row))
    ]
    rows += [
        PreviewRow(
            id=f"added-{number}",
            outcome=Outcome.ADDED,
            row=rows_by_ci.get(component.ci_id.lower(), 0),
            ci_id=component.ci_id,
            field="",
            before="",
            after=" · ".join(
                part
                for part in (
                    component.name,
                    component.type.label,
                    component.version and f"version {component.version}",
                    component.owner and f"owner {component.owner}",
                )
                if part
            ),
        )
        for number, component in enumerate(plan.added)
    ]
    rows += [
        PreviewRow(
            id=f"changed-{number}",
            outcome=Outcome.CHANGED,
            row=rows_by_ci.get(change.ci_id.lower(), 0),
            ci_id=change.ci_id,
            field=change.field,
            before=change.old,
            after=change.new,
        )
        for number, change in enumerate(plan.changes)
    ]
    return rows


class ImportPreviewModel(RowTableModel):
    """The preview lines, with problems on a red background."""

    OUTCOME, ROW, CI_ID, FIELD, BEFORE, AFTER = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("Outcome", lambda r: r.outcome.value, sort_key=_outcome_order),
                Column(
                    "Row",
                    lambda r: str(r.row) if r.row else MISSING,
                    sort_key=lambda r: r.row,
                    numeric=True,
                    header_tip="Row number in the file (the header is row 1)",
                ),
                Column("CI id", lambda r: r.ci_id or MISSING),
                Column(
                    "Field",
                    lambda r: r.field or MISSING,
                    header_tip="The column of the file, or the field that changes",
                ),
                Column("Before", lambda r: r.before or MISSING),
                Column(
                    "After / problem",
                    lambda r: r.after or MISSING,
                    tooltip=lambda r: r.detail or (r.after if len(r.after) > 40 else None),
                ),
            ),
            parent,
        )
        self._problem_background = QColor(PROBLEM_BACKGROUND)
        self._colours = {
            Outcome.PROBLEM: QColor(WARNING_TEXT),
            Outcome.ADDED: QColor(GOOD_TEXT),
            Outcome.CHANGED: QColor("#1d4ed8"),
        }
        self._muted = QColor(MUTED_TEXT)

    def _styled(self, row: PreviewRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and row.outcome is Outcome.PROBLEM:
            return self._problem_background
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.OUTCOME or (column == self.AFTER and row.outcome is Outcome.PROBLEM):
                return self._colours[row.outcome]
            if column == self.BEFORE:
                return self._muted
        if role == Qt.ItemDataRole.ToolTipRole and row.detail:
            return row.detail
        return None


def _outcome_order(row: PreviewRow) -> tuple[int, int]:
    return (list(Outcome).index(row.outcome), row.row)
