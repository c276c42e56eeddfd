"""The Journal view: who changed what and when, filtered by release, object, dates and text.

Release, object and dates filter in the database (``services.journal.list_journal``), page by
page as the table scrolls; the text box filters the lines loaded so far, and because the table
keeps fetching while the matches do not fill it, a search reaches back as far as it needs to.
The journal only grows by the app's own commands, the CLI and imports, so the view reads it
again on :meth:`refresh` rather than watching the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.errors import UserError
from releaseplanner.services.journal import ENTITY_NAMES, JournalLine, list_journal
from releaseplanner.services.package_contents import natural_key
from releaseplanner.services.portfolio import list_releases
from releaseplanner.ui.models.journal_model import DEFAULT_PAGE_SIZE, JournalModel, entity_label
from releaseplanner.ui.models.text_filter import TextFilterProxyModel
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.table_view import PlaceholderTableView

if TYPE_CHECKING:
    from releaseplanner.storage.engine import Workspace

ALL = ""  # the combo data meaning "no filter"
_DATE_FORMAT = "d MMM yyyy"


class JournalView(QWidget):
    """The activity journal of one workspace, newest first.

    Args:
        workspace: the open workspace, or None before one is open.
        page_size: lines read per page (the view fetches more as it scrolls).
    """

    #: Reading the journal failed (say, a release filtered by was deleted); carries the reason.
    error_reported = Signal(str)

    def __init__(
        self,
        workspace: Workspace | None,
        parent: QWidget | None = None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("journalView")
        self._workspace = workspace
        self.model = JournalModel(self, page_size=page_size)
        self.proxy = TextFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self.release_combo = QComboBox()
        self.release_combo.setObjectName("journalReleaseFilter")
        self.release_combo.setMinimumContentsLength(12)
        self.object_combo = QComboBox()
        self.object_combo.setObjectName("journalObjectFilter")
        self.object_combo.addItem("All objects", ALL)
        for entity in sorted(set(ENTITY_NAMES.values()), key=entity_label):
            self.object_combo.addItem(entity_label(entity), entity)
        today = QDate.currentDate()
        self.from_check, self.from_date = self._date_filter("From", today.addDays(-30))
        self.to_check, self.to_date = self._date_filter("To", today)
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("journalTextFilter")
        self.text_edit.setPlaceholderText("Search operation, who, field and values")
        self.text_edit.setClearButtonEnabled(True)

        self.table = PlaceholderTableView()
        self.table.setObjectName("journalTable")
        self.table.setModel(self.proxy)
        # Newest first is the journal's own order; lazily loaded pages cannot be sorted apart.
        self.table.setSortingEnabled(False)
        self.table.setSelectionMode(PlaceholderTableView.SelectionMode.ExtendedSelection)
        self.table.set_column_widths(
            {0: 150, 1: 110, 2: 340, 3: 150, 4: 100, 5: 100}, stretch=JournalModel.CHANGE
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("journalCount")
        self.count_label.setStyleSheet(f"color: {MUTED_TEXT};")
        self.load_more_button = QPushButton("Load older entries")
        self.load_more_button.setObjectName("journalLoadMore")

        for combo in (self.release_combo, self.object_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        for check in (self.from_check, self.to_check):
            check.toggled.connect(self._on_filter_changed)
        for edit in (self.from_date, self.to_date):
            edit.dateChanged.connect(self._on_filter_changed)
        self.text_edit.textChanged.connect(self._on_text_edit_text_changed)
        self.load_more_button.clicked.connect(self._on_load_more_clicked)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.layoutChanged):
            signal.connect(self._update_count)

        filters = QHBoxLayout()
        filters.addWidget(self._label("Release"))
        filters.addWidget(self.release_combo)
        filters.addSpacing(8)
        filters.addWidget(self._label("Object"))
        filters.addWidget(self.object_combo)
        filters.addSpacing(8)
        for check, edit in ((self.from_check, self.from_date), (self.to_check, self.to_date)):
            filters.addWidget(check)
            filters.addWidget(edit)
        filters.addSpacing(8)
        filters.addWidget(self.text_edit, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.load_more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.refresh()

    # -- public --------------------------------------------------------------------------------

    def set_workspace(self, workspace: Workspace | None) -> None:
        self._workspace = workspace
        self.refresh()

    def refresh(self) -> None:
        """Read the journal again from its newest line, keeping the filters."""
        self._fill_release_combo()
        self._reload()

    def set_release_filter(self, release_key: str | None) -> None:
        """Show one release's lines (None: every release), e.g. from a release's context menu."""
        index = self.release_combo.findData(release_key or ALL)
        self.release_combo.setCurrentIndex(max(0, index))

    def filters(self) -> dict[str, object]:
        """The database filters as ``list_journal`` takes them."""
        return {
            "release_key": self.release_combo.currentData() or None,
            "entity": self.object_combo.currentData() or None,
            "since": self.from_date.date().toPython() if self.from_check.isChecked() else None,
            "until": self.to_date.date().toPython() if self.to_check.isChecked() else None,
        }

    # -- loading -------------------------------------------------------------------------------

    def _reload(self) -> None:
        if self._workspace is None:
            self.model.load(None)
            self.table.set_placeholder("Open a workspace to see its activity journal.")
            self._update_count()
            return
        workspace, filters = self._workspace, self.filters()
        since, until = filters["since"], filters["until"]
        if isinstance(since, date) and isinstance(until, date) and since > until:
            self.model.load(None)
            self.table.set_placeholder("The ‘From’ day is after the ‘To’ day.")
            self._update_count()
            return

        def load(before_id: int | None, limit: int) -> Sequence[JournalLine]:
            try:
                return list_journal(workspace, limit=limit, before_id=before_id, **filters)  # type: ignore[arg-type]
            except UserError as exc:
                self.error_reported.emit(str(exc))
                return []

        self.model.load(load)
        any_filter = any(value is not None for value in filters.values())
        self.table.set_placeholder(
            "No journal entries match these filters."
            if any_filter
            else "Nothing has been recorded yet: every change made in this workspace, from the "
            "app, the command line or an import, appears here."
        )
        self._update_count()

    def _fill_release_combo(self) -> None:
        chosen = self.release_combo.currentData() or ALL
        keys = []
        if self._workspace is not None:
            keys = sorted((r.key for r in list_releases(self._workspace)), key=natural_key)
        self.release_combo.blockSignals(True)
        self.release_combo.clear()
        self.release_combo.addItem("All releases", ALL)
        for key in keys:
            self.release_combo.addItem(key, key)
        self.release_combo.setCurrentIndex(max(0, self.release_combo.findData(chosen)))
        self.release_combo.blockSignals(False)

    # -- slots ---------------------------------------------------------------------------------

    def _on_filter_changed(self, *_args: object) -> None:
        self.from_date.setEnabled(self.from_check.isChecked())
        self.to_date.setEnabled(self.to_check.isChecked())
        self._reload()

    def _on_text_edit_text_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        if text.strip() and self.proxy.rowCount() == 0 and self.model.has_more:
            # The view fetches more only once it is laid out; a search should not wait for it.
            self.model.fetchMore(self.table.rootIndex())
        self._update_count()

    def _on_load_more_clicked(self) -> None:
        self.model.fetchMore(self.table.rootIndex())
        self._update_count()

    def _update_count(self) -> None:
        loaded, shown = self.model.rowCount(), self.proxy.rowCount()
        more = self.model.has_more
        text = _entries(loaded)
        if self.proxy.filter_text:
            text = f"{shown:,} of {text} loaded match"
        elif more:
            text = f"Newest {text}; older ones load as you scroll"
        self.count_label.setText(text)
        self.load_more_button.setEnabled(more)

    # -- building ------------------------------------------------------------------------------

    def _date_filter(self, text: str, start: QDate) -> tuple[QCheckBox, QDateEdit]:
        check = QCheckBox(text)
        check.setToolTip(f"Only entries {'on or after' if text == 'From' else 'up to'} this day")
        edit = QDateEdit(start)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(_DATE_FORMAT)
        edit.setEnabled(False)
        return check, edit

    @staticmethod
    def _label(text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet(f"color: {MUTED_TEXT};")
        return label


def _entries(count: int) -> str:
    return f"{count:,} {'entry' if count == 1 else 'entries'}"
