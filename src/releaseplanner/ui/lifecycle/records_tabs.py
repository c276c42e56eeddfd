"""Two tabs of a release's records (builds & tests, deployments) and the table helpers the
record tabs share (early-life support is in :mod:`releaseplanner.ui.lifecycle.els_tab`).

Tabs show rows and say what the user asked for through signals (``record_build_requested``,
``outcome_requested``, ``delete_requested``...); the release records view turns requests into
dialogs and undoable commands. A record is deleted with the Delete button beside its table or the
Delete key in it, after :func:`confirm_delete`. Nothing here reads the workspace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.services.lifecycle_views import ReleaseRecords
from releaseplanner.ui.formatting import format_date, plural
from releaseplanner.ui.lifecycle.chips import install_chips
from releaseplanner.ui.lifecycle.record_models import (
    BuildRunsModel,
    DeploymentsModel,
    TestRunsModel,
    TestSummaryModel,
)
from releaseplanner.ui.lifecycle.texts import format_rate
from releaseplanner.ui.models.row_table_model import RowRole, RowTableModel
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.table_view import PlaceholderTableView

MARGINS = (10, 10, 10, 10)


def heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setContentsMargins(0, 4, 0, 2)
    return label


def muted_label(text: str = "", *, name: str = "") -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setStyleSheet(f"color: {MUTED_TEXT};")
    label.setWordWrap(True)
    return label


def table_for(
    model: RowTableModel,
    name: str,
    placeholder: str,
    widths: dict[int, int],
    *,
    stretch: int | None = None,
    chips: Sequence[int] = (),
    sort: tuple[int, Qt.SortOrder] | None = None,
) -> PlaceholderTableView:
    """A single-selection table over ``model``, sortable by the user when ``sort`` gives the
    column and order it starts sorted by (the model's own order otherwise)."""
    table = PlaceholderTableView(placeholder)
    table.setObjectName(name)
    table.setModel(model)
    if sort is not None:
        table.setSortingEnabled(True)
        table.sortByColumn(*sort)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.set_column_widths(widths, stretch=stretch)
    install_chips(table, list(chips), table)
    return table


def current_row(table: PlaceholderTableView) -> object | None:
    index = table.currentIndex()
    return index.data(RowRole.ROW) if index.isValid() else None


def delete_button(name: str, tooltip: str) -> QPushButton:
    button = QPushButton("Delete")
    button.setObjectName(name)
    button.setToolTip(f"{tooltip} (Delete)")
    button.setEnabled(False)
    return button


def deletable(table: PlaceholderTableView, button: QPushButton, delete: Callable[[], None]) -> None:
    """Wire ``button`` and the Delete key in ``table`` to ``delete``; the button is enabled
    while a row is current (call :func:`update_delete_button` after the rows change)."""
    button.clicked.connect(delete)
    table.delete_pressed.connect(delete)
    table.selectionModel().currentRowChanged.connect(lambda *_: update_delete_button(table, button))


def update_delete_button(table: PlaceholderTableView, button: QPushButton) -> None:
    button.setEnabled(current_row(table) is not None)


def confirm_delete(parent: QWidget, what: str, note: str = "") -> bool:
    """Ask before deleting (``what`` is the command's text); True for Yes."""
    parts = (f"{what}?", note, "You can undo this with Edit › Undo.")
    text = "\n\n".join(part for part in parts if part)
    answer = QMessageBox.question(
        parent,
        "Delete",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class BuildsTestsTab(QWidget):
    """The release's builds and test runs, filtered to one package or not, with the latest run
    of each suite summed over the packages."""

    #: Carry the package picked in the filter ("" for all).
    record_build_requested = Signal(str)
    record_test_requested = Signal(str)
    #: Carry the id of the build run or test run to delete.
    delete_build_requested = Signal(str)
    delete_test_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("buildsTestsTab")
        self._records: ReleaseRecords | None = None
        self.package_combo = QComboBox()
        self.package_combo.setObjectName("packageFilter")
        self.package_combo.setMinimumContentsLength(24)
        self.package_combo.currentIndexChanged.connect(self._on_package_combo_changed)
        self.build_button = QPushButton("Record build…")
        self.build_button.setObjectName("recordBuildButton")
        self.build_button.clicked.connect(self._on_build_button_clicked)
        self.test_button = QPushButton("Record test run…")
        self.test_button.setObjectName("recordTestButton")
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.summary_model = TestSummaryModel(self)
        self.summary_table = table_for(
            self.summary_model,
            "testSummaryTable",
            "No test runs recorded yet.",
            {0: 90, 1: 98, 2: 74, 3: 66, 4: 56, 5: 62, 6: 76},
            stretch=TestSummaryModel.SIGNED_OFF,
        )
        self.minimum_label = muted_label(name="minimumPassRate")
        self.builds_model = BuildRunsModel(self)
        self.builds_table = table_for(
            self.builds_model,
            "buildsTable",
            "No builds recorded yet. Use “Record build…” after a CI run.",
            {0: 130, 1: 58, 2: 96, 3: 140, 4: 104},
            stretch=BuildRunsModel.LINK,
            chips=[BuildRunsModel.RESULT],
            sort=(BuildRunsModel.STARTED, Qt.SortOrder.DescendingOrder),
        )
        # A CI link differs in its end (the job and build number): keep that end in view.
        self.builds_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tests_model = TestRunsModel(self)
        self.tests_table = table_for(
            self.tests_model,
            "testRunsTable",
            "No test runs recorded yet. Use “Record test run…” when a suite has run.",
            {0: 170, 1: 100, 2: 100, 3: 100, 4: 80, 5: 70, 6: 70, 7: 80, 8: 140},
            stretch=TestRunsModel.SIGNED,
            sort=(TestRunsModel.RUN_ON, Qt.SortOrder.DescendingOrder),
        )
        self.builds_count = muted_label()
        self.tests_count = muted_label()
        self.delete_build_button = delete_button("deleteBuildButton", "Delete the selected build")
        deletable(self.builds_table, self.delete_build_button, self._on_delete_build)
        self.delete_test_button = delete_button("deleteTestButton", "Delete the selected test run")
        deletable(self.tests_table, self.delete_test_button, self._on_delete_test)

        top = QHBoxLayout()
        top.addWidget(QLabel("Package"))
        top.addWidget(self.package_combo)
        top.addStretch(1)
        top.addWidget(self.build_button)
        top.addWidget(self.test_button)
        summary = QWidget()
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(0, 0, 6, 0)
        summary_layout.addWidget(heading("Latest run per suite (all packages)"))
        summary_layout.addWidget(self.summary_table, 1)
        summary_layout.addWidget(self.minimum_label)
        builds = QWidget()
        builds_layout = QVBoxLayout(builds)
        builds_layout.setContentsMargins(6, 0, 0, 0)
        builds_layout.addLayout(
            self._caption_row("Builds", self.builds_count, self.delete_build_button)
        )
        builds_layout.addWidget(self.builds_table, 1)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.setChildrenCollapsible(False)
        upper.addWidget(summary)
        upper.addWidget(builds)
        upper.setSizes([620, 620])
        tests = QWidget()
        tests_layout = QVBoxLayout(tests)
        tests_layout.setContentsMargins(0, 6, 0, 0)
        tests_layout.addLayout(
            self._caption_row("Test runs", self.tests_count, self.delete_test_button)
        )
        tests_layout.addWidget(self.tests_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(upper)
        splitter.addWidget(tests)
        splitter.setSizes([300, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    @staticmethod
    def _caption_row(text: str, count: QLabel, button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(heading(text))
        row.addWidget(count, 1)
        row.addWidget(button)
        return row

    def package_id(self) -> str:
        return self.package_combo.currentData() or ""

    def show_records(self, records: ReleaseRecords) -> None:
        same_release = self._records is not None and self._records.release.id == records.release.id
        keep = self.package_id() if same_release else ""
        self._records = records
        combo = self.package_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(f"All packages ({len(records.packages)})", "")
        for package in records.packages:
            combo.addItem(package.name, package.id)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.blockSignals(False)
        minimum = records.release_type.min_test_pass_rate
        self.summary_model.set_minimum(minimum)
        self.summary_model.set_rows(records.test_summary)
        self.minimum_label.setText(
            f"A {records.release_type.name.lower()} release asks for a pass rate of at least "
            f"{format_rate(minimum)}; rates below it are red."
        )
        has_packages = bool(records.packages)
        for button in (self.build_button, self.test_button):
            button.setEnabled(has_packages)
            button.setToolTip("" if has_packages else "Add a package to the release first")
        self._show_rows()

    def _show_rows(self) -> None:
        if self._records is None:
            return
        package = self.package_id()
        builds = [b for b in self._records.builds if not package or b.package_id == package]
        tests = [t for t in self._records.tests if not package or t.package_id == package]
        self.builds_model.set_rows(builds)
        self.tests_model.set_rows(tests)
        self.builds_count.setText(plural(len(builds), "build"))
        self.tests_count.setText(plural(len(tests), "run"))
        update_delete_button(self.builds_table, self.delete_build_button)
        update_delete_button(self.tests_table, self.delete_test_button)

    def _on_package_combo_changed(self, _index: int) -> None:
        self._show_rows()

    def _on_build_button_clicked(self) -> None:
        self.record_build_requested.emit(self.package_id())

    def _on_test_button_clicked(self) -> None:
        self.record_test_requested.emit(self.package_id())

    def _on_delete_build(self) -> None:
        row = current_row(self.builds_table)
        if row is not None:
            self.delete_build_requested.emit(row.id)  # type: ignore[attr-defined]

    def _on_delete_test(self) -> None:
        row = current_row(self.tests_table)
        if row is not None:
            self.delete_test_requested.emit(row.id)  # type: ignore[attr-defined]


class DeploymentsTab(QWidget):
    """The release's deployments, planned against actual, with their outcomes."""

    record_requested = Signal()
    #: Carries the id of the planned or running deployment whose outcome is to be recorded.
    outcome_requested = Signal(str)
    #: Carries the id of the deployment to delete.
    delete_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deploymentsTab")
        self.model = DeploymentsModel(self)
        self.table = table_for(
            self.model,
            "deploymentsTable",
            "No deployments recorded yet. Use “Record deployment…” to plan one or record "
            "how one went.",
            {0: 100, 1: 215, 2: 215, 3: 76, 4: 166, 5: 124},
            stretch=DeploymentsModel.NOTES,
            chips=[DeploymentsModel.RESULT],
            sort=(DeploymentsModel.PLANNED, Qt.SortOrder.AscendingOrder),
        )
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.record_button = QPushButton("Record deployment…")
        self.record_button.setObjectName("recordDeploymentButton")
        self.record_button.clicked.connect(self.record_requested)
        self.outcome_button = QPushButton("Record outcome…")
        self.outcome_button.setObjectName("recordOutcomeButton")
        self.outcome_button.setToolTip("Record how the selected planned deployment went")
        self.outcome_button.clicked.connect(self._on_outcome_button_clicked)
        self.delete_button = delete_button(
            "deleteDeploymentButton", "Delete the selected deployment"
        )
        deletable(self.table, self.delete_button, self._on_delete)
        self.summary = muted_label(name="deploymentSummary")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.delete_button)
        top.addWidget(self.outcome_button)
        top.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._update_buttons()

    def show_records(self, records: ReleaseRecords) -> None:
        self.model.set_rows(records.deployments)
        rows = records.deployments
        finished = [d for d in rows if d.finished]
        failed = [d for d in finished if d.result.value in ("failed", "rolled_back")]
        waiting = len(rows) - len(finished)
        parts = [plural(len(rows), "deployment")]
        if waiting:
            parts.append(f"{waiting} waiting for an outcome (select, then Record outcome…)")
        if failed:
            parts.append(f"{len(failed)} failed or rolled back")
        live = records.release.actual_go_live
        parts.append(f"live since {format_date(live)}" if live else "not live yet")
        self.summary.setText(" · ".join(parts) + ". Production rows are bold.")
        self._update_buttons()

    def select_deployment(self, deployment_id: str) -> bool:
        row = self.model.row_number(deployment_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def _selected_unfinished(self) -> str | None:
        row = current_row(self.table)
        return row.id if row is not None and not row.finished else None  # type: ignore[attr-defined]

    def _update_buttons(self) -> None:
        self.outcome_button.setEnabled(self._selected_unfinished() is not None)
        update_delete_button(self.table, self.delete_button)

    def _on_table_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()

    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        self._on_outcome_button_clicked()

    def _on_outcome_button_clicked(self) -> None:
        deployment_id = self._selected_unfinished()
        if deployment_id is not None:
            self.outcome_requested.emit(deployment_id)

    def _on_delete(self) -> None:
        row = current_row(self.table)
        if row is not None:
            self.delete_requested.emit(row.id)  # type: ignore[attr-defined]
