"""The package contents panel on real SQLite workspaces: edits become undoable commands."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit, QMainWindow

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ChangeKind, ChangeStatus
from releaseplanner.domain.errors import UserError
from releaseplanner.services import releases as rs
from releaseplanner.services.demo import build_demo
from releaseplanner.services.impact import package_impact
from releaseplanner.services.portfolio import list_packages
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.store import Store
from releaseplanner.ui.widgets.package_contents import NO_PACKAGE_TEXT, PackageContentsPanel
from releaseplanner.ui.widgets.package_tabs import ComponentsTab

DEMO_DAY = date(2026, 11, 26)


class CommandLog:
    """Stands in for the undo stack: runs each command and remembers it for undo."""

    def __init__(self) -> None:
        self.commands: list = []

    def __call__(self, command) -> bool:
        try:
            command.redo()
        except UserError:
            return False
        self.commands.append(command)
        return True


def fetch(workspace, record_type, **where):
    with workspace.session_factory() as session:
        return Store(session).all(record_type, **where)


@pytest.fixture
def package(workspace):
    """A package with one component (of three in the catalogue) and three change items."""
    release = rs.new_release(workspace, key="PAY-4.2", name="Payments", type_key="minor")
    release.redo()
    created = rs.new_package(workspace, release.records[0].id, "Payments API")
    created.redo()
    package = created.records[0]
    with workspace.session_factory.begin() as session:
        Store(session).add_all(
            [
                dm.Component(id="cmp-api", ci_id="CI-0042", name="Payments API", version="5.1"),
                dm.Component(id="cmp-vault", ci_id="CI-0007", name="Card vault", version="2.0"),
                dm.Component(id="cmp-ledger", ci_id="CI-0100", name="Ledger", version="1.4"),
                dm.PackageComponent(
                    id="pcm-api",
                    package_id=package.id,
                    component_id="cmp-api",
                    from_version="5.1",
                    to_version="5.2",
                ),
                dm.ChangeItem(
                    id="chg-1", package_id=package.id, ticket_ref="PAY-9", title="Refund retries"
                ),
                dm.ChangeItem(
                    id="chg-2", package_id=package.id, ticket_ref="PAY-10", title="Audit trail"
                ),
                dm.ChangeItem(
                    id="chg-3", package_id=package.id, ticket_ref="OPS-3", title="Refund alerts"
                ),
            ]
        )
    return package


@pytest.fixture
def log():
    return CommandLog()


@pytest.fixture
def panel(qtbot, workspace, package, log):
    panel = PackageContentsPanel(workspace, log)
    qtbot.addWidget(panel)
    panel.resize(900, 520)
    panel.show()
    panel.show_package(package.id)
    return panel


@pytest.fixture
def demo(tmp_path):
    workspace = open_workspace(str(tmp_path / "demo.sqlite"), create=True)
    build_demo(workspace, scale=1, seed=1, today=DEMO_DAY)
    yield workspace
    workspace.close()


def cell(table, row, column):
    return table.model().index(row, column).data()


def column_texts(table, column):
    return [cell(table, row, column) for row in range(table.model().rowCount())]


def test_every_model_passes_the_model_tester(qtmodeltester, qtbot, demo):
    packages = list_packages(demo)
    busiest = max(packages, key=lambda p: (p.component_count, p.change_count))
    shared = next(p for p in packages if package_impact(demo, p.id).shared)
    panel = PackageContentsPanel(demo, CommandLog())
    qtbot.addWidget(panel)
    panel.show_package(busiest.id)
    panel.changes_tab.filter_edit.setText("a")
    tabs = (panel.components_tab, panel.changes_tab, panel.builds_tab)
    assert all(tab.model.rowCount() for tab in tabs)
    for tab in tabs:
        qtmodeltester.check(tab.model)
    qtmodeltester.check(panel.changes_tab.proxy)

    panel.show_package(shared.id)
    panel.tabs.setCurrentWidget(panel.impact_tab)
    assert panel.impact_tab.model.rowCount() > 0
    qtmodeltester.check(panel.impact_tab.model)


def test_nothing_selected_shows_a_placeholder(qtbot, workspace, log):
    panel = PackageContentsPanel(workspace, log)
    qtbot.addWidget(panel)

    assert panel._placeholder.text() == NO_PACKAGE_TEXT
    assert panel._stack.currentIndex() == 0
    panel.set_workspace(None)
    assert panel.package_id is None and panel.contents is None


def test_editing_a_version_in_place_is_one_undoable_command(qtbot, panel, workspace, log):
    table = panel.components_tab.table
    index = table.model().index(0, panel.components_tab.model.TO_VERSION)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.findChild(QLineEdit)
    assert editor is not None and editor.text() == "5.2"
    editor.setText("5.3.0")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on the next turn of the event loop.
    qtbot.waitUntil(lambda: bool(log.commands))

    assert fetch(workspace, dm.PackageComponent, id="pcm-api")[0].to_version == "5.3.0"
    assert cell(table, 0, panel.components_tab.model.TO_VERSION) == "5.3.0"
    assert table.currentIndex() == index  # re-read in place: no reset, the cursor stays
    assert [c.text for c in log.commands] == [
        "Change to-version of component 'Payments API' to 5.3.0"
    ]

    log.commands[-1].undo()
    panel.refresh()
    assert fetch(workspace, dm.PackageComponent, id="pcm-api")[0].to_version == "5.2"
    assert cell(table, 0, panel.components_tab.model.TO_VERSION) == "5.2"


def test_an_unchanged_edit_is_not_an_undo_step(panel, log):
    model = panel.components_tab.model
    assert not model.setData(model.index(0, model.FROM_VERSION), " 5.1 ")
    assert log.commands == []


def test_adding_a_component_from_the_catalogue_and_removing_it(qtbot, panel, workspace, log):
    tab = panel.components_tab
    # Components already in the package are not offered again.
    offered = [tab.catalogue_combo.itemText(i) for i in range(tab.catalogue_combo.count())]
    assert offered == ["Card vault (CI-0007)", "Ledger (CI-0100)"]
    tab.catalogue_combo.setCurrentIndex(1)
    assert tab.from_edit.text() == "1.4"  # the catalogue's current version
    tab.to_edit.setText("1.5")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)

    assert column_texts(tab.table, 0) == ["Ledger", "Payments API"]
    assert panel.tabs.tabText(0) == "Components (2)"
    link = fetch(workspace, dm.PackageComponent, component_id="cmp-ledger")[0]
    assert (link.from_version, link.to_version) == ("1.4", "1.5")
    assert tab.catalogue_combo.currentIndex() == -1  # the form is ready for the next one

    tab.table.selectRow(0)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert column_texts(tab.table, 0) == ["Payments API"]
    assert log.commands[-1].text == "Remove component 'Ledger' from Payments API"
    log.commands[-1].undo()
    panel.refresh()
    assert column_texts(tab.table, 0) == ["Ledger", "Payments API"]


def test_a_refused_request_is_shown_and_reported(qtbot, panel, workspace):
    tab = panel.components_tab
    with qtbot.waitSignal(panel.error_reported) as blocker:
        tab.add_requested.emit("cmp-api", "", "")  # already in the package

    assert "Payments API is already in Payments API" in blocker.args[0]
    assert panel.message_label.isVisible()
    assert blocker.args[0] in panel.message_label.text()


def test_delete_key_removes_selected_rows_before_window_shortcuts(qtbot, workspace, package):
    window = QMainWindow()
    qtbot.addWidget(window)
    log = CommandLog()
    panel = PackageContentsPanel(workspace, log)
    window.setCentralWidget(panel)
    window_delete = QAction("Delete release", window)
    window_delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    window.addAction(window_delete)
    fired = []
    window_delete.triggered.connect(lambda: fired.append(True))
    window.show()
    qtbot.waitExposed(window)
    panel.show_package(package.id)
    table = panel.components_tab.table
    table.setFocus()
    table.selectRow(0)

    qtbot.keyClick(table, Qt.Key.Key_Delete)

    assert fired == []
    assert fetch(workspace, dm.PackageComponent, package_id=package.id) == []


def test_adding_and_removing_change_items(qtbot, panel, workspace, package, log):
    tab = panel.changes_tab
    panel.tabs.setCurrentWidget(tab)
    assert not tab.add_button.isEnabled()  # no ticket yet
    qtbot.keyClicks(tab.ticket_edit, "PAY-11")
    qtbot.keyClicks(tab.title_edit, "Chargeback webhooks")
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData(ChangeKind.FIX.value))
    qtbot.keyClick(tab.title_edit, Qt.Key.Key_Return)

    assert log.commands[-1].text == "Add change PAY-11"
    added = fetch(workspace, dm.ChangeItem, ticket_ref="PAY-11")[0]
    assert (added.title, added.kind) == ("Chargeback webhooks", ChangeKind.FIX)
    assert column_texts(tab.table, 0) == ["OPS-3", "PAY-9", "PAY-10", "PAY-11"]
    assert tab.selected_ids() == [added.id]  # the new row is selected
    assert tab.ticket_edit.text() == ""

    tab.table.selectRow(0)
    tab.table.selectionModel().select(
        tab.proxy.index(1, 0),
        tab.table.selectionModel().SelectionFlag.Select
        | tab.table.selectionModel().SelectionFlag.Rows,
    )
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert log.commands[-1].text == "Remove 2 changes from Payments API"
    assert column_texts(tab.table, 0) == ["PAY-10", "PAY-11"]

    log.commands[-1].undo()
    panel.refresh()
    assert column_texts(tab.table, 0) == ["OPS-3", "PAY-9", "PAY-10", "PAY-11"]
    assert panel.tabs.tabText(1) == "Changes (4)"


def test_kind_and_status_are_edited_with_combo_boxes(qtbot, panel, workspace, log):
    tab = panel.changes_tab
    panel.tabs.setCurrentWidget(tab)
    index = tab.proxy.index(1, tab.model.STATUS)  # PAY-9
    tab.table.edit(index)
    combo = tab.table.findChild(QComboBox, "enumEditor")
    combo.setCurrentIndex(combo.findData(ChangeStatus.DONE.value))
    combo.activated.emit(combo.currentIndex())

    assert fetch(workspace, dm.ChangeItem, id="chg-1")[0].status is ChangeStatus.DONE
    assert log.commands[-1].text == "Set status of change 'PAY-9' to Done"
    assert cell(tab.table, 1, tab.model.STATUS) == "Done"

    tab.model.setData(tab.model.index(tab.model.row_number("chg-1"), 2), ChangeKind.CONFIG)
    assert fetch(workspace, dm.ChangeItem, id="chg-1")[0].kind is ChangeKind.CONFIG


def test_filter_box_searches_ticket_refs_and_titles(qtbot, panel):
    tab = panel.changes_tab

    qtbot.keyClicks(tab.filter_edit, "refund")
    assert column_texts(tab.table, 0) == ["OPS-3", "PAY-9"]
    assert tab.count_label.text() == "2 of 3 changes"

    tab.filter_edit.setText("pay-1")
    assert column_texts(tab.table, 0) == ["PAY-10"]
    tab.filter_edit.setText("refund ops")  # every word must match, in any order
    assert column_texts(tab.table, 0) == ["OPS-3"]
    tab.filter_edit.setText("nothing like it")
    assert tab.proxy.rowCount() == 0
    assert "No change matches" in tab.table.placeholder
    tab.filter_edit.clear()
    assert tab.proxy.rowCount() == 3

    tab.select_id("chg-2")
    assert tab.remove_button.isEnabled()
    tab.filter_edit.setText("refund")  # hides the selected row: nothing left to remove
    assert tab.selected_ids() == [] and not tab.remove_button.isEnabled()


def test_sorting_by_a_column_keeps_the_selection(qtbot, panel):
    tab = panel.changes_tab
    tab.select_id("chg-2")
    tab.table.sortByColumn(tab.model.TITLE, Qt.SortOrder.AscendingOrder)

    assert column_texts(tab.table, 1) == ["Audit trail", "Refund alerts", "Refund retries"]
    assert tab.selected_ids() == ["chg-2"]


def test_builds_tests_and_impact_of_a_demo_package(qtbot, demo):
    shared = next(p for p in list_packages(demo) if package_impact(demo, p.id).shared)
    panel = PackageContentsPanel(demo, CommandLog())
    qtbot.addWidget(panel)
    panel.show_package(shared.id)
    contents = panel.contents

    builds = panel.builds_tab
    if contents.latest_build is not None:
        assert f"#{contents.latest_build.number}" in builds.build_label.text()
    assert builds.model.rowCount() == len(contents.latest_tests)

    impact = package_impact(demo, shared.id)
    assert panel.impact_tab.model.rowCount() == 0  # read only when the tab is shown
    panel.tabs.setCurrentWidget(panel.impact_tab)
    table = panel.impact_tab.table
    assert table.model().rowCount() == len(impact.shared)
    assert set(column_texts(table, 1)) == set(impact.overlapping_releases)
    assert panel.impact_tab.environments_value.text() == " → ".join(impact.environments)


def test_a_deleted_package_says_so(qtbot, panel, workspace, package):
    rs.delete_package(workspace, package.id).redo()
    panel.refresh()

    assert panel._placeholder_title.text() == "Package not found"
    assert panel.contents is None


def test_components_tab_without_catalogue_cannot_add(qtbot):
    tab = ComponentsTab()
    qtbot.addWidget(tab)
    tab.set_catalogue([], set())

    assert not tab.add_button.isEnabled()
    assert not tab.remove_button.isEnabled()
