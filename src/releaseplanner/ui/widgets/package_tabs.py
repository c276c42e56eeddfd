"""The four tabs of the package contents panel: components, changes, builds & tests, impact.

Tabs only show rows and say what the user asked for (``add_requested``, ``remove_requested``);
the panel turns those requests, and in-place edits, into undoable commands.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ChangeKind, ChangeStatus
from releaseplanner.domain.impact import PackageImpact
from releaseplanner.services.package_contents import BuildRunRow, PackageComponentRow, TestRunRow
from releaseplanner.ui.formatting import MISSING, format_date, plural
from releaseplanner.ui.models.package_contents_models import (
    WARNING_TEXT,
    ChangeItemsModel,
    PackageComponentsModel,
    SharedComponentsModel,
    TestRunsModel,
)
from releaseplanner.ui.models.row_table_model import RowRole
from releaseplanner.ui.models.text_filter import TextFilterProxyModel
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.table_view import EnumComboDelegate, PlaceholderTableView

_MARGINS = (12, 12, 12, 12)


def _muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"color: {MUTED_TEXT};")
    return label


def _remove_action(table: PlaceholderTableView, text: str) -> QAction:
    """A context-menu entry on ``table``; Delete itself is handled by the table."""
    action = QAction(text, table)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    action.setShortcutVisibleInContextMenu(True)
    # The shortcut is shown, not registered: the table claims Delete itself (see table_view).
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    table.addAction(action)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action


def _selected_rows(table: PlaceholderTableView) -> list[object]:
    """The plain rows behind the selected lines, whatever proxy sits in between."""
    selection = table.selectionModel()
    if selection is None:
        return []
    indexes: list[QModelIndex] = sorted(selection.selectedRows(), key=lambda i: i.row())
    return [index.data(RowRole.ROW) for index in indexes]


class ComponentsTab(QWidget):
    """Components of the package with in-place version editing, plus add and remove."""

    #: Add a catalogue component: (component id, from-version, to-version).
    add_requested = Signal(str, str, str)
    #: Remove these component links (ids).
    remove_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PackageComponentsModel(self)
        self.table = PlaceholderTableView(
            "No components in this package yet.\nPick one from the catalogue below to add it."
        )
        self.table.setObjectName("componentsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PackageComponentsModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.set_column_widths({1: 110, 2: 140, 3: 130, 4: 130}, stretch=0)
        self.table.delete_pressed.connect(self._on_remove_clicked)
        _remove_action(self.table, "Remove from package").triggered.connect(self._on_remove_clicked)

        self.catalogue_combo = QComboBox()
        self.catalogue_combo.setObjectName("catalogueCombo")
        self.catalogue_combo.setEditable(True)
        self.catalogue_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.catalogue_combo.setMinimumContentsLength(24)
        self.catalogue_combo.lineEdit().setPlaceholderText("Find a component in the catalogue…")
        completer = QCompleter(self.catalogue_combo.model(), self.catalogue_combo)
        # Typing "vault" finds "Card vault (APP-0042)": people remember words, not prefixes.
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.catalogue_combo.setCompleter(completer)
        self.catalogue_combo.currentIndexChanged.connect(self._on_catalogue_combo_index_changed)
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText("From-version")
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText("To-version")
        self.to_edit.returnPressed.connect(self._on_add_clicked)
        for edit in (self.from_edit, self.to_edit):
            edit.setMaximumWidth(130)
        self.add_button = QPushButton("Add component")
        self.add_button.setObjectName("addComponentButton")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeComponentButton")
        self.remove_button.setToolTip("Take the selected components out of this package (Delete)")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        add_row = QHBoxLayout()
        add_row.addWidget(self.catalogue_combo, 1)
        add_row.addWidget(self.from_edit)
        add_row.addWidget(_muted_label("→"))
        add_row.addWidget(self.to_edit)
        add_row.addWidget(self.add_button)
        add_row.addSpacing(16)
        add_row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*_MARGINS)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        self._update_buttons()

    def set_rows(self, rows: Sequence[PackageComponentRow]) -> None:
        self.model.set_rows(rows)
        self._update_buttons()

    def set_catalogue(self, components: Sequence[dm.Component], in_package: set[str]) -> None:
        """Offer the catalogue's components that are not in the package yet, by name."""
        chosen = self.catalogue_combo.currentData()
        self.catalogue_combo.blockSignals(True)
        self.catalogue_combo.clear()
        for component in sorted(components, key=lambda c: c.name.casefold()):
            if component.id not in in_package:
                self.catalogue_combo.addItem(f"{component.name} ({component.ci_id})", component.id)
                self.catalogue_combo.setItemData(
                    self.catalogue_combo.count() - 1,
                    component.version,
                    Qt.ItemDataRole.UserRole + 1,
                )
        self.catalogue_combo.setCurrentIndex(self.catalogue_combo.findData(chosen))
        self.catalogue_combo.blockSignals(False)
        self._update_buttons()

    def selected_ids(self) -> list[str]:
        return [row.id for row in _selected_rows(self.table)]  # type: ignore[attr-defined]

    def _chosen_component(self) -> str | None:
        index = self.catalogue_combo.findText(
            self.catalogue_combo.currentText().strip(), Qt.MatchFlag.MatchFixedString
        )
        return self.catalogue_combo.itemData(index) if index >= 0 else None

    def _on_catalogue_combo_index_changed(self, index: int) -> None:
        # Start from the catalogue's current version: usually what production runs today.
        if index >= 0:
            self.from_edit.setText(
                self.catalogue_combo.itemData(index, Qt.ItemDataRole.UserRole + 1)
            )
        self._update_buttons()

    def _on_add_clicked(self) -> None:
        component_id = self._chosen_component()
        if component_id is None:
            self.catalogue_combo.setFocus()
            return
        self.add_requested.emit(component_id, self.from_edit.text(), self.to_edit.text())

    def clear_add_form(self) -> None:
        self.catalogue_combo.setCurrentIndex(-1)
        self.catalogue_combo.clearEditText()
        self.from_edit.clear()
        self.to_edit.clear()

    def _on_remove_clicked(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.remove_requested.emit(ids)

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.catalogue_combo.count() > 0)
        self.remove_button.setEnabled(bool(self.table.selectionModel().hasSelection()))


class ChangesTab(QWidget):
    """Change items with a filter box, in-place editing (enums through combo boxes), add, remove."""

    #: Add a change item: (ticket reference, title, kind).
    add_requested = Signal(str, str, object)
    #: Remove these change items (ids).
    remove_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChangeItemsModel(self)
        self.proxy = TextFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("changesFilter")
        self.filter_edit.setPlaceholderText("Filter by ticket or title")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.count_label = _muted_label()
        self.count_label.setObjectName("changesCount")

        self.table = PlaceholderTableView()
        self.table.setObjectName("changesTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ChangeItemsModel.TICKET, Qt.SortOrder.AscendingOrder)
        self.table.setItemDelegateForColumn(
            ChangeItemsModel.KIND, EnumComboDelegate(ChangeKind, self.table)
        )
        self.table.setItemDelegateForColumn(
            ChangeItemsModel.STATUS, EnumComboDelegate(ChangeStatus, self.table)
        )
        self.table.set_column_widths({0: 120, 2: 120, 3: 120}, stretch=1)
        self.table.delete_pressed.connect(self._on_remove_clicked)
        _remove_action(self.table, "Remove change").triggered.connect(self._on_remove_clicked)

        self.ticket_edit = QLineEdit()
        self.ticket_edit.setObjectName("ticketEdit")
        self.ticket_edit.setPlaceholderText("Ticket, e.g. PAY-1234")
        self.ticket_edit.setMaximumWidth(170)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Title")
        self.kind_combo = QComboBox()
        for kind in ChangeKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.add_button = QPushButton("Add change")
        self.add_button.setObjectName("addChangeButton")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeChangeButton")
        self.remove_button.setToolTip("Delete the selected changes (Delete)")
        for edit in (self.ticket_edit, self.title_edit):
            edit.returnPressed.connect(self._on_add_clicked)
        self.ticket_edit.textChanged.connect(self._update_buttons)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.rowsRemoved):
            signal.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        # Filtering drops hidden rows from the selection without a selectionChanged signal.
        self.proxy.layoutChanged.connect(self._update_buttons)

        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.count_label)
        add_row = QHBoxLayout()
        add_row.addWidget(self.ticket_edit)
        add_row.addWidget(self.title_edit, 1)
        add_row.addWidget(self.kind_combo)
        add_row.addWidget(self.add_button)
        add_row.addSpacing(16)
        add_row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*_MARGINS)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        self._update_count()
        self._update_buttons()

    def set_rows(self, rows: Sequence[dm.ChangeItem]) -> None:
        self.model.set_rows(rows)
        self._update_count()
        self._update_buttons()

    def selected_ids(self) -> list[str]:
        return [row.id for row in _selected_rows(self.table)]  # type: ignore[attr-defined]

    def select_id(self, change_id: str) -> None:
        row = self.model.row_number(change_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def clear_add_form(self) -> None:
        self.ticket_edit.clear()
        self.title_edit.clear()
        self.ticket_edit.setFocus()

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_count()

    def _on_add_clicked(self) -> None:
        if not self.ticket_edit.text().strip():
            self.ticket_edit.setFocus()
            return
        kind = ChangeKind(self.kind_combo.currentData())
        self.add_requested.emit(self.ticket_edit.text(), self.title_edit.text(), kind)

    def _on_remove_clicked(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.remove_requested.emit(ids)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if self.proxy.filter_text:
            self.count_label.setText(f"{shown:,} of {plural(total, 'change')}")
            self.table.set_placeholder(f"No change matches “{self.filter_edit.text().strip()}”.")
        else:
            self.count_label.setText(plural(total, "change"))
            self.table.set_placeholder(
                "No changes in this package yet.\nAdd the tickets it delivers below."
            )

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(bool(self.ticket_edit.text().strip()))
        self.remove_button.setEnabled(bool(self.table.selectionModel().hasSelection()))


class BuildsTestsTab(QWidget):
    """The package's latest build and the latest run of each test suite."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.build_label = QLabel()
        self.build_label.setObjectName("latestBuild")
        self.build_label.setTextFormat(Qt.TextFormat.RichText)
        self.build_label.setWordWrap(True)
        self.build_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.build_label.setOpenExternalLinks(True)
        self.model = TestRunsModel(self)
        self.table = PlaceholderTableView("No test runs recorded for this package yet.")
        self.table.setObjectName("testRunsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(TestRunsModel.SUITE, Qt.SortOrder.AscendingOrder)
        self.table.set_column_widths({0: 110, 1: 110, 2: 80, 3: 80, 4: 80, 5: 90, 6: 110})
        self.tests_heading = QLabel("<b>Latest test run per suite</b>")
        self.threshold_label = _muted_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*_MARGINS)
        layout.addWidget(QLabel("<b>Latest build</b>"))
        layout.addWidget(self.build_label)
        layout.addSpacing(10)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.tests_heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self.threshold_label)
        layout.addLayout(heading_row)
        layout.addWidget(self.table, 1)

    def show_runs(
        self,
        latest_build: BuildRunRow | None,
        build_count: int,
        tests: Sequence[TestRunRow],
        min_pass_rate: float | None,
    ) -> None:
        if latest_build is None:
            self.build_label.setText(f"<span style='color:{MUTED_TEXT}'>No builds yet.</span>")
        else:
            colour = WARNING_TEXT if latest_build.result.value == "failed" else "#1f2933"
            started = format_date(latest_build.started_at.date())
            link = (
                f" · <a href='{latest_build.link}'>open</a>"
                if latest_build.link.startswith(("http://", "https://"))
                else ""
            )
            self.build_label.setText(
                f"#{latest_build.number} · version {latest_build.version or MISSING} · "
                f"<b style='color:{colour}'>{latest_build.result.label}</b> · "
                f"started {started} {latest_build.started_at:%H:%M}{link}"
                f"<br><span style='color:{MUTED_TEXT}'>{plural(build_count, 'build')} "
                "in this package</span>"
            )
        self.model.set_threshold(min_pass_rate)
        self.model.set_rows(tests)
        self.threshold_label.setText(
            f"Minimum pass rate for this release type: {min_pass_rate:.0%}"
            if min_pass_rate is not None
            else ""
        )


class ImpactTab(QWidget):
    """The component-impact assessment: environments, production, change mix, overlaps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.environments_value = QLabel()
        self.environments_value.setObjectName("impactEnvironments")
        self.environments_value.setWordWrap(True)
        self.production_value = QLabel()
        self.production_value.setObjectName("impactProduction")
        self.changes_value = QLabel()
        self.changes_value.setObjectName("impactChanges")
        self.changes_value.setWordWrap(True)
        self.components_value = QLabel()
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(6)
        form.addRow(_muted_label("Environments"), self.environments_value)
        form.addRow(_muted_label("Production"), self.production_value)
        form.addRow(_muted_label("Changes by kind"), self.changes_value)
        form.addRow(_muted_label("Components"), self.components_value)

        self.model = SharedComponentsModel(self)
        self.table = PlaceholderTableView()
        self.table.setObjectName("sharedComponentsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(SharedComponentsModel.COMPONENT, Qt.SortOrder.AscendingOrder)
        self.table.set_column_widths({1: 130, 2: 170, 3: 120, 4: 70}, stretch=0)
        self.shared_heading = QLabel()
        self.shared_heading.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*_MARGINS)
        layout.addLayout(form)
        layout.addSpacing(10)
        layout.addWidget(self.shared_heading)
        layout.addWidget(self.table, 1)
        self.show_impact(None)

    def show_impact(self, impact: PackageImpact | None) -> None:
        if impact is None:
            for label in (self.environments_value, self.production_value, self.changes_value):
                label.setText(MISSING)
            self.components_value.setText(MISSING)
            self.shared_heading.setText("<b>Shared with other releases</b>")
            self.model.clear()
            return
        self.environments_value.setText(
            " → ".join(impact.environments) or "No test or deployment windows planned yet"
        )
        if impact.production_touched:
            self.production_value.setText(f"<b style='color:{WARNING_TEXT}'>Reaches production</b>")
        else:
            self.production_value.setText("Does not reach production")
        self.changes_value.setText(
            " · ".join(f"{kind.label} {count}" for kind, count in impact.changes_by_kind.items())
        )
        self.components_value.setText(plural(impact.component_count, "component"))
        releases = impact.overlapping_releases
        self.shared_heading.setText(
            "<b>Shared with other releases</b>"
            + (f" — overlaps with {', '.join(releases)}" if releases else "")
        )
        self.table.set_placeholder(
            "No other open release changes these components while this package's build, "
            "test or deployment windows are open."
        )
        self.model.set_rows(impact.shared)
