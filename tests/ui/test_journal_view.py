"""The Journal view on a real workspace: every kind of change, filters, paging."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QDate, Qt

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ChangeKind, ChangeStatus, JournalAction
from releaseplanner.services import releases as rs
from releaseplanner.services.journal import list_journal
from releaseplanner.services.package_contents import (
    edit_component_versions,
    remove_change_items,
)
from releaseplanner.storage.store import Store
from releaseplanner.ui.models.journal_model import JournalModel
from releaseplanner.ui.models.row_table_model import RowRole
from releaseplanner.ui.views.journal_view import JournalView


@pytest.fixture
def history(workspace):
    """Two releases and one of each kind of change: create, update and delete, of several
    kinds of object, including package contents (which are journalled under their release)."""
    pay = rs.new_release(workspace, key="PAY-4.2", name="Payments", type_key="minor")
    pay.redo()
    iam = rs.new_release(workspace, key="IAM-3.0", name="Identity", type_key="major")
    iam.redo()
    package = rs.new_package(workspace, pay.records[0].id, "Payments API")
    package.redo()
    package_id = package.records[0].id
    with workspace.session_factory.begin() as session:
        Store(session).add(dm.Component(id="cmp-api", ci_id="CI-0042", name="Payments API"))
    rs.add_component(workspace, package_id, "cmp-api", "5.1", "5.2").redo()
    link_id = next(line.entity_id for line in list_journal(workspace, entity="package_component"))
    edit_component_versions(workspace, link_id, {"to_version": "5.3"}).redo()
    change = rs.new_change_item(workspace, package_id, "PAY-11", "Chargebacks", ChangeKind.FIX)
    change.redo()
    rs.edit_change_item(workspace, change.records[0].id, {"status": ChangeStatus.DONE}).redo()
    remove_change_items(workspace, [change.records[0].id]).redo()
    rs.edit_release(workspace, iam.records[0].id, {"name": "Identity platform"}).redo()
    return workspace


@pytest.fixture
def view(qtbot, history):
    view = JournalView(history)
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    return view


def shown_lines(view):
    proxy = view.table.model()
    return [proxy.index(row, 0).data(RowRole.ROW) for row in range(proxy.rowCount())]


def choose(combo, data):
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_models_pass_the_model_tester(qtmodeltester, view):
    assert view.model.rowCount() > 0
    qtmodeltester.check(view.model)
    view.text_edit.setText("payments")
    qtmodeltester.check(view.proxy)


def test_every_kind_of_change_is_listed_newest_first(view):
    lines = shown_lines(view)
    kinds = [(line.action, line.entity) for line in lines]

    assert kinds[:7] == [
        (JournalAction.UPDATE, "release"),
        (JournalAction.DELETE, "change_item"),
        (JournalAction.UPDATE, "change_item"),
        (JournalAction.CREATE, "change_item"),
        (JournalAction.UPDATE, "package_component"),
        (JournalAction.CREATE, "package_component"),
        (JournalAction.CREATE, "package"),
    ]
    assert [line.id for line in lines] == sorted((line.id for line in lines), reverse=True)
    table = view.table.model()
    rename = [table.index(0, column).data() for column in range(table.columnCount())]
    assert rename[2:] == [
        "Rename release 'Identity' to 'Identity platform'",
        "Release",
        "IAM-3.0",
        "name",
        "Identity → Identity platform",
    ]
    status_change = [table.index(2, column).data() for column in range(4, 7)]
    assert status_change == ["PAY-4.2", "status", "Open → Done"]
    deleted = table.index(1, JournalModel.CHANGE).data()
    assert "ticket_ref=PAY-11" in deleted and "package_id" not in deleted
    assert "package_id=" in table.index(1, JournalModel.CHANGE).data(Qt.ItemDataRole.ToolTipRole)
    assert view.count_label.text() == f"{len(lines)} entries"


def test_filter_by_release_includes_the_release_packages_contents(view):
    choose(view.release_combo, "PAY-4.2")

    lines = shown_lines(view)
    assert {line.release_key for line in lines} == {"PAY-4.2"}
    assert {"package", "package_component", "change_item", "release"} == {
        line.entity for line in lines
    }
    view.set_release_filter(None)
    assert "IAM-3.0" in {line.release_key for line in shown_lines(view)}


def test_filter_by_object(view):
    choose(view.object_combo, "change_item")

    assert [line.action for line in shown_lines(view)] == [
        JournalAction.DELETE,
        JournalAction.UPDATE,
        JournalAction.CREATE,
    ]
    choose(view.object_combo, "incident")
    assert shown_lines(view) == []
    assert view.table.placeholder == "No journal entries match these filters."


def test_filter_by_dates(qtbot, history):
    today = date.today()
    with history.session_factory.begin() as session:
        Store(session).add_all(
            dm.JournalEntry(
                id=None,
                at=datetime.now(UTC).replace(tzinfo=None) - timedelta(days=days),
                actor="ana",
                action=JournalAction.UPDATE,
                entity="release",
                entity_id="rel-x",
                operation=f"Edit {days} days ago",
                source="cli",
            )
            for days in (40, 10)
        )
    view = JournalView(history)
    qtbot.addWidget(view)

    view.from_check.setChecked(True)
    view.from_date.setDate(QDate(today - timedelta(days=20)))
    view.to_check.setChecked(True)
    view.to_date.setDate(QDate(today - timedelta(days=5)))
    assert [line.operation for line in shown_lines(view)] == ["Edit 10 days ago"]
    assert view.table.model().index(0, JournalModel.WHO).data() == "ana · CLI"

    view.from_check.setChecked(False)
    assert [line.operation for line in shown_lines(view)] == [
        "Edit 10 days ago",
        "Edit 40 days ago",
    ]
    view.from_check.setChecked(True)
    view.from_date.setDate(QDate(today))
    assert shown_lines(view) == []
    assert "after" in view.table.placeholder


def test_text_filter_searches_operations_and_values(qtbot, view):
    qtbot.keyClicks(view.text_edit, "chargeback")

    assert {line.entity for line in shown_lines(view)} == {"change_item"}
    assert view.count_label.text().endswith("loaded match")
    view.text_edit.setText("identity platform")
    assert [line.entity for line in shown_lines(view)] == ["release"]


def test_long_journals_load_page_by_page(qtbot, history):
    with history.session_factory.begin() as session:
        Store(session).add_all(
            dm.JournalEntry(
                id=None,
                at=datetime(2026, 1, 1) + timedelta(minutes=n),
                actor="ana",
                action=JournalAction.UPDATE,
                entity="release",
                entity_id="rel-x",
                operation=f"Bulk edit {n}",
            )
            for n in range(60)
        )
    total = len(list_journal(history))
    view = JournalView(history, page_size=25)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 25 and view.model.has_more

    view.load_more_button.click()
    assert view.model.rowCount() == 50
    view.resize(900, 400)
    view.show()
    # Scrolled to the bottom, the view asks for the rest on its own.
    qtbot.waitUntil(lambda: (view.table.scrollToBottom(), not view.model.has_more)[1])
    assert view.model.rowCount() == total
    assert not view.load_more_button.isEnabled()
    ids = [line.id for line in view.model.rows()]
    assert ids == sorted(set(ids), reverse=True)


def test_search_reaches_past_the_first_page(qtbot, history):
    view = JournalView(history, page_size=2)
    qtbot.addWidget(view)
    view.text_edit.setText("Payments API")

    qtbot.waitUntil(lambda: view.proxy.rowCount() > 0)
    assert view.model.rowCount() > 2


def test_refresh_shows_new_entries_and_keeps_filters(view, history):
    choose(view.object_combo, "release")
    before = len(shown_lines(view))
    release = rs.new_release(history, key="OPS-1", name="Ops", type_key="patch")
    release.redo()

    view.refresh()

    assert len(shown_lines(view)) == before + 1
    assert view.object_combo.currentData() == "release"
    assert view.release_combo.findData("OPS-1") >= 0


def test_without_a_workspace_the_view_says_what_to_do(qtbot):
    view = JournalView(None)
    qtbot.addWidget(view)

    assert view.model.rowCount() == 0
    assert "Open a workspace" in view.table.placeholder
