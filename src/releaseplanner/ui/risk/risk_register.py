"""The risk register: every risk of the workspace in a filterable table, edited in place, with a
form for the long texts and buttons to add and delete risks.

Every edit becomes one of the services' undoable risk commands, handed to the window's
``push_command`` (which runs it and puts it on the one undo stack); the services journal it and
record a snapshot of the release's score in the same transaction. The view then reads the rows
back, on the next event-loop turn: refreshing inside a delegate's commit would reset the model
under the editor that is still closing. :meth:`RiskRegisterView.apply_changes` does the same for
undo, redo and edits made elsewhere; refreshes requested together are done once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.enums import RiskCategory, RiskStatus
from releaseplanner.domain.errors import UserError
from releaseplanner.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS
from releaseplanner.ui.formatting import plural
from releaseplanner.ui.models.row_table_model import RowRole
from releaseplanner.ui.risk.risk_delegates import ChoiceDelegate, ReviewDateDelegate
from releaseplanner.ui.risk.risk_filters import RiskFilterBar
from releaseplanner.ui.risk.risk_form import NewRiskDialog, RiskTextForm, rating_choices
from releaseplanner.ui.risk.risk_reader import (
    RegisterData,
    RegisterEntry,
    RiskReader,
    touches_register,
)
from releaseplanner.ui.risk.risk_register_model import (
    HeatCell,
    RiskColumn,
    RiskFilterProxyModel,
    RiskRegisterModel,
    RiskRole,
)
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.band_chip import BandChipDelegate, is_dark
from releaseplanner.ui.widgets.notice_bar import NoticeBar
from releaseplanner.ui.widgets.status_chip import PaddedItemDelegate

if TYPE_CHECKING:
    from releaseplanner.services.changes import ChangeSet
    from releaseplanner.services.commands import Command

PushCommand = Callable[["Command"], bool]

# Widths that fit a typical value at the default font; Mitigation, the last column, takes the rest.
_COLUMN_WIDTHS = {
    RiskColumn.RELEASE: 88,
    RiskColumn.PACKAGE: 120,
    RiskColumn.TITLE: 200,
    RiskColumn.CATEGORY: 92,
    RiskColumn.LIKELIHOOD: 32,
    RiskColumn.IMPACT: 32,
    RiskColumn.SCORE: 94,
    RiskColumn.OWNER: 106,
    RiskColumn.STATUS: 88,
    RiskColumn.RESIDUAL_LIKELIHOOD: 50,
    RiskColumn.RESIDUAL_IMPACT: 50,
    RiskColumn.RESIDUAL_SCORE: 94,
    RiskColumn.REVIEW: 132,
}
_NONE_RATING = (None, "— (as inherent)")
#: Room kept for Mitigation (the last column, which takes the rest) before Title gets wider.
_MITIGATION_ROOM = 220
_TITLE_WIDEST = 460


class RiskRegisterView(QWidget):
    """The register of one workspace.

    Args:
        reader: reads the rows and builds the risk commands.
        push_command: runs a command and puts it on the undo stack; False when it was refused
            (the window reports why).
    """

    #: The current risk changed; carries its id, or None.
    risk_selected = Signal(object)
    #: A risk edit made here ran (the window may refresh other views that show risks).
    risks_edited = Signal()
    #: The user cleared the heat-map cell filter (the dashboard drops its cell highlight).
    cell_filter_cleared = Signal()
    #: The user picked another release in the filter; carries its id, or None for all.
    release_filter_changed = Signal(object)

    def __init__(
        self, reader: RiskReader, push_command: PushCommand, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("riskRegister")
        self._reader = reader
        self._push_command = push_command
        self._data = RegisterData((), (), (), ())
        self._refresh_scheduled = False
        self._pending_selection: str | None = None

        self._model = RiskRegisterModel(self)
        self._model.set_dark(is_dark(self.palette()))
        self._model.set_edit_handler(self._on_model_edit_requested)
        self._proxy = RiskFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._table = self._build_table()
        self._filters = RiskFilterBar(self._proxy)
        self._filters.changed.connect(self._on_filter_bar_changed)
        self._filters.release_activated.connect(self.release_filter_changed)
        self._form = RiskTextForm()
        self._form.save_requested.connect(self._on_form_save_requested)
        self._notice = NoticeBar()
        self._empty = QLabel()
        self._empty.setObjectName("riskRegisterEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setStyleSheet(f"color: {MUTED_TEXT}; font-size: 11pt; padding: 24px;")
        self._table_stack = QStackedWidget()
        self._table_stack.addWidget(self._table)
        self._table_stack.addWidget(self._empty)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._table_stack)
        splitter.addWidget(self._form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 190])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(self._build_action_row())
        layout.addWidget(self._filters)
        layout.addWidget(self._notice)
        layout.addWidget(splitter, 1)
        self.refresh()

    # -- for the window and tests ---------------------------------------------------------------

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def model(self) -> RiskRegisterModel:
        return self._model

    @property
    def proxy(self) -> RiskFilterProxyModel:
        return self._proxy

    @property
    def form(self) -> RiskTextForm:
        return self._form

    @property
    def notice(self) -> NoticeBar:
        return self._notice

    @property
    def filters(self) -> RiskFilterBar:
        return self._filters

    @property
    def data(self) -> RegisterData:
        return self._data

    def visible_entries(self) -> list[RegisterEntry]:
        """The entries the table shows, top to bottom."""
        rows = (self._proxy.index(r, 0) for r in range(self._proxy.rowCount()))
        return [index.data(RowRole.ROW) for index in rows]

    def current_entry(self) -> RegisterEntry | None:
        index = self._table.currentIndex()
        return index.data(RowRole.ROW) if index.isValid() else None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._model.set_dark(is_dark(self.palette()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_title_column()

    def _fit_title_column(self) -> None:
        """Share width beyond the columns' defaults between Title and Mitigation: both are
        sentences, and a wide screen should not show long mitigations beside cut-off titles."""
        others = sum(
            width
            for column, width in _COLUMN_WIDTHS.items()
            if column != RiskColumn.TITLE and not self._table.isColumnHidden(column)
        )
        spare = self._table.viewport().width() - others - _MITIGATION_ROOM
        base = _COLUMN_WIDTHS[RiskColumn.TITLE]
        self._table.setColumnWidth(
            RiskColumn.TITLE, int(min(max(base, base + (spare - base) / 2), _TITLE_WIDEST))
        )

    # -- refreshing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the register again; the table keeps its current risk, column and filters."""
        self._refresh_scheduled = False
        current = self.current_entry()
        keep_id = self._pending_selection or (current.id if current else None)
        keep_column = max(self._table.currentIndex().column(), RiskColumn.TITLE)
        self._data = self._reader.register()
        self._model.set_rows(self._data.entries)
        self._filters.set_data(self._data)
        found = keep_id is not None and self.select_risk(keep_id, keep_column)
        if not found and self._pending_selection is not None:
            self._notice.show_message("The risk was added, but the filters hide it.")
        self._pending_selection = None
        # The current row may be the same risk with new values: no currentRowChanged for that.
        self._form.set_entry(self.current_entry())
        self._show_row_counts()

    def apply_changes(self, changes: ChangeSet) -> None:
        """React to a command's ChangeSet (undo, redo, edits elsewhere): refresh if it concerns
        risks or the names the register shows. Connect the undo stack's applied changes here."""
        if touches_register(changes):
            self.schedule_refresh()

    def schedule_refresh(self) -> None:
        """Refresh on the next event-loop turn, once however often it is asked for."""
        if not self._refresh_scheduled:
            self._refresh_scheduled = True
            QTimer.singleShot(0, self, self._on_refresh_timer_timeout)

    def _on_refresh_timer_timeout(self) -> None:
        if self._refresh_scheduled:
            self.refresh()

    # -- selection and filters -------------------------------------------------------------------

    def select_risk(self, risk_id: str, column: int = RiskColumn.TITLE) -> bool:
        """Make the risk current (scrolled into view); False when it is not shown."""
        source_row = self._model.row_number(risk_id)
        if source_row is None:
            return False
        index = self._proxy.mapFromSource(self._model.index(source_row, column))
        if not index.isValid():
            return False
        self._table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._table.scrollTo(index)
        return True

    def set_release_filter(self, release_id: str | None) -> None:
        """Show the risks of one release (None: all), as if picked in the filter."""
        self._filters.set_release(release_id)

    def filter_to_cell(
        self, likelihood: int, impact: int, residual: bool, *, release_id: str | None = None
    ) -> None:
        """Show exactly the risks one heat-map cell counts: the active risks of ``release_id``
        (None: of every release) rated (likelihood, impact), inherent or residual. The other
        filters are cleared, as they would hide some of them."""
        self._filters.reset()
        self._filters.set_release(release_id)
        cell = HeatCell(likelihood, impact, residual)
        self._proxy.set_filters(cell=cell)
        self._cell_chip.setText(f"{cell.label}  ✕")
        self._cell_chip.setToolTip("Heat-map cell filter: click to show every cell again")
        self._cell_chip.show()
        self._show_row_counts()

    def clear_cell_filter(self) -> None:
        if self._proxy.cell is None:
            return
        self._proxy.set_filters(cell=None)
        self._cell_chip.hide()
        self._show_row_counts()
        self.cell_filter_cleared.emit()

    def clear_filters(self) -> None:
        self._filters.reset()
        self.clear_cell_filter()

    # -- creating and deleting ---------------------------------------------------------------------

    def create_risk(self, release_id: str, values: dict[str, Any]) -> str | None:
        """Add a risk to a release (one undoable command); returns its id, or None if refused."""
        try:
            risk_id, command = self._reader.create_command(release_id, values)
        except UserError as exc:
            self._notice.show_message(str(exc))
            return None
        if not self._push(command):
            return None
        self._pending_selection = risk_id
        return risk_id

    def delete_current(self) -> bool:
        """Delete the current risk (one undoable command; undo brings it back)."""
        entry = self.current_entry()
        if entry is None:
            return False
        return self._push(self._reader.delete_command(entry.id))

    def edit_risk(self, risk_id: str, changes: dict[str, Any]) -> bool:
        """Change fields of a risk through one undoable command (what every editor here does)."""
        try:
            command = self._reader.update_command(risk_id, changes)
        except UserError as exc:
            self._notice.show_message(str(exc))
            return False
        return self._push(command)

    def _push(self, command: Command) -> bool:
        if not self._push_command(command):
            return False
        self._notice.clear()
        self.schedule_refresh()
        self.risks_edited.emit()
        return True

    # -- building ---------------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("riskTable")
        table.setModel(self._proxy)
        table.setSortingEnabled(True)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        for column, width in _COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        table.setItemDelegate(PaddedItemDelegate(table))
        chips = BandChipDelegate(RiskRole.BAND, table)
        for column in (RiskColumn.SCORE, RiskColumn.RESIDUAL_SCORE):
            table.setItemDelegateForColumn(column, chips)
        self._delegates = self._build_delegates(table)
        for column, delegate in self._delegates.items():
            table.setItemDelegateForColumn(column, delegate)
        header.setSortIndicator(RiskColumn.SCORE, Qt.SortOrder.DescendingOrder)
        table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        return table

    def _build_delegates(self, table: QTableView) -> dict[RiskColumn, Any]:
        likelihood = rating_choices(LIKELIHOOD_LABELS)
        impact = rating_choices(IMPACT_LABELS)
        return {
            RiskColumn.PACKAGE: ChoiceDelegate("package_id", self._package_choices, table),
            RiskColumn.CATEGORY: ChoiceDelegate(
                "category", lambda _e: [(c, c.label) for c in RiskCategory], table
            ),
            RiskColumn.LIKELIHOOD: ChoiceDelegate("likelihood", lambda _e: likelihood, table),
            RiskColumn.IMPACT: ChoiceDelegate("impact", lambda _e: impact, table),
            RiskColumn.OWNER: ChoiceDelegate("owner_id", self._owner_choices, table),
            RiskColumn.STATUS: ChoiceDelegate(
                "status", lambda _e: [(s, s.label) for s in RiskStatus], table
            ),
            RiskColumn.RESIDUAL_LIKELIHOOD: ChoiceDelegate(
                "residual_likelihood", lambda _e: [_NONE_RATING, *likelihood], table
            ),
            RiskColumn.RESIDUAL_IMPACT: ChoiceDelegate(
                "residual_impact", lambda _e: [_NONE_RATING, *impact], table
            ),
            RiskColumn.REVIEW: ReviewDateDelegate("review_date", table),
        }

    def _package_choices(self, entry: RegisterEntry) -> list[tuple[str | None, str]]:
        packages = self._data.packages_of(entry.release_id)
        return [(None, "Whole release"), *((p.id, p.label) for p in packages)]

    def _owner_choices(self, _entry: RegisterEntry) -> list[tuple[str | None, str]]:
        return [(None, "Nobody yet"), *((p.id, p.label) for p in self._data.people)]

    def _build_action_row(self) -> QHBoxLayout:
        self._new_button = QPushButton("New risk…")
        self._new_button.setToolTip("Raise a risk against a release or one of its packages")
        self._new_button.clicked.connect(self._on_new_button_clicked)
        self._delete_button = QPushButton("Delete risk")
        self._delete_button.setToolTip("Delete the selected risk (Undo brings it back)")
        self._delete_button.clicked.connect(self._on_delete_button_clicked)
        self._count = QLabel()
        self._count.setObjectName("riskCount")
        self._count.setStyleSheet(f"color: {MUTED_TEXT};")
        self._cell_chip = QToolButton()
        self._cell_chip.setObjectName("cellFilterChip")
        self._cell_chip.setStyleSheet(
            "QToolButton#cellFilterChip { background: #e0e7ff; color: #1e3a8a; border: none;"
            " border-radius: 10px; padding: 2px 10px; font-weight: 600; }"
        )
        self._cell_chip.clicked.connect(self._on_cell_chip_clicked)
        self._cell_chip.hide()
        clear = QPushButton("Clear filters")
        clear.clicked.connect(self.clear_filters)
        row = QHBoxLayout()
        row.addWidget(self._new_button)
        row.addWidget(self._delete_button)
        row.addSpacing(12)
        row.addWidget(self._count)
        row.addStretch(1)
        row.addWidget(self._cell_chip)
        row.addWidget(clear)
        return row

    # -- slots ------------------------------------------------------------------------------------

    def _on_model_edit_requested(self, row: RegisterEntry, field: str, value: Any) -> bool:
        return self.edit_risk(row.id, {field: value})

    def _on_form_save_requested(self, risk_id: str, changes: dict) -> None:
        self.edit_risk(risk_id, changes)

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = current.data(RowRole.ROW) if current.isValid() else None
        shown = self._form.entry
        if shown is not None and (entry is None or entry.id != shown.id) and self._form.is_dirty():
            self._form.save()  # moving on keeps what was typed: save it rather than drop it
        self._form.set_entry(entry)
        self._delete_button.setEnabled(entry is not None)
        if entry is None or shown is None or entry.id != shown.id:
            self.risk_selected.emit(entry.id if entry else None)

    def _show_row_counts(self) -> None:
        total, shown = len(self._data.entries), self._proxy.rowCount()
        overdue = sum(1 for e in self._data.entries if e.review_overdue)
        text = (
            f"Showing {shown} of {plural(total, 'risk')}"
            if shown != total
            else plural(total, "risk")
        )
        if overdue:
            text += f" · {plural(overdue, 'review')} overdue"
        self._count.setText(text)
        if total == 0 and not self._data.releases:
            self._empty.setText(
                "No releases yet.\nRisks are raised against a release: add one first."
            )
        elif total == 0:
            self._empty.setText(
                "No risks recorded yet.\nUse “New risk…” to raise the first one against a release."
            )
        elif shown == 0:
            self._empty.setText(
                "No risk matches the filters.\nUse “Clear filters” to see them all."
            )
        self._table_stack.setCurrentIndex(0 if shown else 1)
        self._delete_button.setEnabled(self.current_entry() is not None)
        # A risk belongs to a release: without one there is nothing to raise it against.
        self._new_button.setEnabled(bool(self._data.releases))

    def _on_filter_bar_changed(self) -> None:
        # With one release shown, its key in every row says nothing: give the room to the text.
        self._table.setColumnHidden(RiskColumn.RELEASE, self._filters.release_id() is not None)
        self._fit_title_column()
        self._show_row_counts()

    def _on_cell_chip_clicked(self) -> None:
        self.clear_cell_filter()

    def _on_new_button_clicked(self) -> None:
        current = self.current_entry()
        release_id = self._filters.release_id() or (current.release_id if current else None)
        dialog = NewRiskDialog(self._data, release_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create_risk(dialog.release_id(), dialog.values())

    def _on_delete_button_clicked(self) -> None:
        self.delete_current()
