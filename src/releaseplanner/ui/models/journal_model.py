"""The activity journal as a table that loads page by page as the user scrolls.

A journal grows by every field of every edit, so it is read newest first in pages
(``canFetchMore``/``fetchMore``): the view asks for the next page when it is scrolled to the
bottom, or while the rows it has do not fill it. The model holds plain ``JournalLine`` rows and a
loader callback; the loader, not the model, knows the workspace and the filters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from releaseplanner.domain.enums import JournalAction
from releaseplanner.services.journal import JournalLine
from releaseplanner.services.releases import FIELD_LABELS
from releaseplanner.ui.formatting import MISSING, status_label
from releaseplanner.ui.models.package_contents_models import GOOD_TEXT, WARNING_TEXT
from releaseplanner.ui.models.row_table_model import Column
from releaseplanner.ui.models.text_filter import SearchableRowTableModel
from releaseplanner.ui.style import MUTED_TEXT

#: Reads up to ``limit`` lines older than ``before_id`` (None: the newest), newest first.
JournalLoader = Callable[[int | None, int], Sequence[JournalLine]]

DEFAULT_PAGE_SIZE = 500

_SOURCES = {"cli": "CLI", "import": "import"}
#: Fields whose values are enum values (``in_progress``), shown as their labels.
_ENUM_FIELDS = frozenset(
    {"status", "kind", "type", "result", "suite", "tier", "category", "severity", "decision"}
)


def entity_label(entity: str) -> str:
    """``change_item`` -> ``Change item``: the journal's object kinds as people say them."""
    return status_label(entity)


def field_label(line: JournalLine) -> str:
    if line.action is JournalAction.UPDATE:
        return FIELD_LABELS.get(line.field, line.field.replace("_", " "))
    return line.action.label + "d"  # "Created", "Deleted"


def change_text(line: JournalLine) -> str:
    """What changed, on one line: ``old → new`` for an edit, the record's fields otherwise."""
    if line.action is JournalAction.UPDATE:
        if line.field in _ENUM_FIELDS:
            return f"{_enum_text(line.old_value)} → {_enum_text(line.new_value)}"
        return f"{line.old_value or MISSING} → {line.new_value or MISSING}"
    # Ids of parents are noise on one line (the full text is the tooltip): keep what people read.
    parts = record_text(line).split("; ")
    return "; ".join(part for part in parts if not part.split("=", 1)[0].endswith("_id"))


def record_text(line: JournalLine) -> str:
    """The fields a created or deleted record held (empty for an edit)."""
    if line.action is JournalAction.CREATE:
        return line.new_value
    return line.old_value if line.action is JournalAction.DELETE else ""


def _enum_text(value: str) -> str:
    return status_label(value) if value else MISSING


def when_text(line: JournalLine) -> str:
    return f"{line.at.day} {line.at:%b %Y  %H:%M}"


def who_text(line: JournalLine) -> str:
    via = _SOURCES.get(line.source)
    return f"{line.actor} · {via}" if via else line.actor


class JournalModel(SearchableRowTableModel):
    """Journal lines, newest first, fetched a page at a time through a loader."""

    WHEN, WHO, OPERATION, OBJECT, RELEASE, FIELD, CHANGE = range(7)

    def __init__(self, parent: QObject | None = None, *, page_size: int = DEFAULT_PAGE_SIZE):
        super().__init__(
            (
                Column(
                    "When",
                    when_text,
                    tooltip=lambda line: f"{line.at:%A %d %B %Y, %H:%M:%S %Z}".strip(),
                ),
                Column("Who", who_text),
                Column("Operation", lambda line: line.operation),
                Column(
                    "Object",
                    lambda line: entity_label(line.entity),
                    tooltip=lambda line: f"{entity_label(line.entity)} {line.entity_id}",
                ),
                Column("Release", lambda line: line.release_key or MISSING),
                Column("Field", field_label),
                Column(
                    "Change",
                    change_text,
                    tooltip=lambda line: (
                        line.new_value
                        if line.action is JournalAction.CREATE
                        else line.old_value
                        if line.action is JournalAction.DELETE
                        else None
                    ),
                ),
            ),
            haystack=lambda line: "\n".join(
                (
                    line.operation,
                    who_text(line),
                    entity_label(line.entity),
                    line.release_key,
                    line.field,
                    line.old_value,
                    line.new_value,
                )
            ),
            parent=parent,
        )
        self._page_size = page_size
        self._loader: JournalLoader | None = None
        self._has_more = False
        self._colours = {
            JournalAction.CREATE: QColor(GOOD_TEXT),
            JournalAction.DELETE: QColor(WARNING_TEXT),
        }
        self._muted = QColor(MUTED_TEXT)

    @property
    def has_more(self) -> bool:
        """Whether older lines may exist beyond those loaded."""
        return self._has_more

    def load(self, loader: JournalLoader | None) -> None:
        """Start again from the newest line with ``loader`` (None: show nothing)."""
        self._loader = loader
        first_page = list(loader(None, self._page_size)) if loader else []
        self._has_more = len(first_page) == self._page_size
        self.set_rows(first_page)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and self._has_more and self._loader is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if not self.canFetchMore(parent):
            return
        assert self._loader is not None
        oldest = self._rows[-1].id if self._rows else None
        page = list(self._loader(oldest, self._page_size))
        self._has_more = len(page) == self._page_size
        self.append_rows(page)

    def _styled(self, row: JournalLine, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.ForegroundRole:
            return None
        if column == self.CHANGE:
            return self._colours.get(row.action)
        if column in (self.WHEN, self.OBJECT) or (column == self.RELEASE and not row.release_key):
            return self._muted
        return None
