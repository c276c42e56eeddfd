"""The follow-up actions of a review form as a draft: added, edited and removed in the table,
written only when the form is saved (one undo step with the rest of the review).

:class:`ActionDraft` rows carry the saved action they came from (None for a new one), so the
draft can say exactly what Save must do: :meth:`ActionsDraft.changes` gives the new actions,
the changed fields of saved ones and the removed ids, as ``save_review_form`` takes them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QStyleOptionViewItem, QWidget

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ActionStatus
from releaseplanner.ui.formatting import format_short_date
from releaseplanner.ui.lifecycle.chips import CHIP_ROLE, ChipDelegate, outcome_colours
from releaseplanner.ui.models.row_table_model import AnyIndex, Column, RowTableModel
from releaseplanner.ui.risk.risk_delegates import ChoiceDelegate, ReviewDateDelegate
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.optional_date_edit import OptionalDateEdit

#: The fields of an action the table edits, in the order of its columns.
ACTION_FIELDS = ("description", "owner", "due_on", "status")
_NEW_IDS = itertools.count(1)


@dataclass(frozen=True, slots=True)
class ActionDraft:
    """A follow-up action as the form holds it; ``saved`` is the stored action, if any."""

    id: str
    description: str
    owner: str = ""
    due_on: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    saved: dm.ReviewAction | None = None

    @classmethod
    def of(cls, action: dm.ReviewAction) -> ActionDraft:
        return cls(
            action.id, action.description, action.owner, action.due_on, action.status, action
        )

    @classmethod
    def new(cls, description: str = "New action") -> ActionDraft:
        return cls(f"new-{next(_NEW_IDS)}", description)

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ACTION_FIELDS}

    def changed_fields(self) -> dict[str, Any]:
        """The fields that differ from the saved action (all of them for a new one)."""
        if self.saved is None:
            return self.values()
        return {k: v for k, v in self.values().items() if getattr(self.saved, k) != v}


class ActionsDraft:
    """The saved actions and what the user has done to them since."""

    def __init__(self, saved: Sequence[dm.ReviewAction] = ()) -> None:
        self._saved = tuple(saved)
        self.rows: list[ActionDraft] = [ActionDraft.of(a) for a in saved]

    def add(self, draft: ActionDraft) -> None:
        self.rows.append(draft)

    def update(self, action_id: str, field: str, value: Any) -> None:
        self.rows = [replace(r, **{field: value}) if r.id == action_id else r for r in self.rows]

    def remove(self, action_id: str) -> None:
        self.rows = [r for r in self.rows if r.id != action_id]

    def changes(self) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[str]]:
        """(new actions' values, saved action id → changed fields, removed ids)."""
        new = [r.values() for r in self.rows if r.saved is None]
        changed = {
            r.id: r.changed_fields()
            for r in self.rows
            if r.saved is not None and r.changed_fields()
        }
        kept = {r.id for r in self.rows}
        removed = [a.id for a in self._saved if a.id not in kept]
        return new, changed, removed

    def is_dirty(self) -> bool:
        new, changed, removed = self.changes()
        return bool(new or changed or removed)

    def problem(self) -> str:
        """Why the actions cannot be saved as they are ("" when they can)."""
        if any(not r.description.strip() for r in self.rows):
            return "Every follow-up action needs a description."
        return ""


class ReviewActionsModel(RowTableModel):
    """The actions of a review form, edited in place; unsaved rows in italics."""

    DESCRIPTION, OWNER, DUE, STATUS = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            (
                Column("Action", lambda r: r.description, edit_field="description"),
                Column("Owner", lambda r: r.owner or "—", edit_field="owner"),
                Column(
                    "Due",
                    lambda r: format_short_date(r.due_on) or "no date",
                    sort_key=lambda r: (r.due_on is None, r.due_on or date.min),
                    edit_field="due_on",
                ),
                Column("Status", lambda r: r.status.label, edit_field="status"),
            ),
            parent,
        )
        self._muted = QColor(MUTED_TEXT)
        self._unsaved_font = QFont()
        self._unsaved_font.setItalic(True)
        self._today: date | None = None

    def set_today(self, today: date) -> None:
        self._today = today

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.column() == self.OWNER:
            row = self.row_at(index)
            return row.owner if row is not None else None
        return super().data(index, role)

    def _styled(self, row: ActionDraft, column: int, role: int) -> Any:
        if role == CHIP_ROLE and column == self.STATUS:
            return outcome_colours(row.status)
        if role == Qt.ItemDataRole.FontRole and row.changed_fields():
            return self._unsaved_font
        if role == Qt.ItemDataRole.ForegroundRole:
            overdue = (
                column == self.DUE
                and self._today is not None
                and row.due_on is not None
                and row.due_on < self._today
                and row.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
            )
            if overdue:
                return QColor("#b91c1c")
            if (column == self.OWNER and not row.owner) or (column == self.DUE and not row.due_on):
                return self._muted
        if role == Qt.ItemDataRole.ToolTipRole and row.changed_fields():
            return "Not saved yet: press Save review"
        return None


class StatusChipDelegate(ChipDelegate, ChoiceDelegate):
    """The status column: drawn as a chip, edited with a drop-down of the statuses."""

    def __init__(self, parent: QWidget | None = None) -> None:
        statuses = [(s, s.label) for s in ActionStatus]
        ChoiceDelegate.__init__(self, "status", lambda _row: statuses, parent)


class DueDateDelegate(ReviewDateDelegate):
    """Edits an action's due date; the lowest date stands for "no due date"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("due_on", parent)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex):
        return OptionalDateEdit(parent, none_text="No due date")
