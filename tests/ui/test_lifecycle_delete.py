"""Deleting a release's records in the Lifecycle window on the demo workspace: builds, test runs,
deployments and incidents, by their Delete buttons or the Delete key, after a confirmation
(QMessageBox.question, monkeypatched), as one undo step that undo reverts with the same ids."""

from __future__ import annotations

from datetime import date, datetime

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ReleaseStatus
from releaseplanner.services.journal import list_journal
from releaseplanner.storage.store import Store
from releaseplanner.ui.lifecycle.release_records import ReleaseRecordsView
from releaseplanner.ui.undo import push_command

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 14, 5)


@pytest.fixture
def workspace(demo_workspace):
    return demo_workspace


def release(workspace, key) -> dm.Release:
    with workspace.session_factory() as session:
        return Store(session).release_by_key(key)


def exists(workspace, record_type, record_id) -> bool:
    with workspace.session_factory() as session:
        return bool(Store(session).all(record_type, id=record_id))


class Window:
    """What the main window does for the view: one undo stack, ChangeSets fed back."""

    def __init__(self, workspace, qtbot):
        self.workspace = workspace
        self.stack = QUndoStack()
        self.failures: list[str] = []
        self.view = ReleaseRecordsView(workspace, self.push, today=lambda: TODAY, now=lambda: NOW)
        qtbot.addWidget(self.view)

    def push(self, command) -> bool:
        return push_command(self.stack, command, self.view.apply_changes, self.failures.append)

    def show(self, key, qtbot):
        self.view.set_release(release(self.workspace, key).id)
        self.view.resize(1280, 800)
        self.view.show()
        qtbot.waitExposed(self.view)


@pytest.fixture
def window(workspace, qtbot):
    return Window(workspace, qtbot)


class Answer:
    def __init__(self) -> None:
        self.reply = QMessageBox.StandardButton.Yes
        self.texts: list[str] = []


@pytest.fixture
def answer(monkeypatch):
    answer = Answer()

    def question(_parent, _title, text, *_args):
        answer.texts.append(text)
        return answer.reply

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return answer


def select(table, model, record_id) -> None:
    row = next(i for i, r in enumerate(model.rows()) if r.id == record_id)
    table.selectRow(row)
    assert table.currentIndex().row() == row


def ids(model) -> set[str]:
    return {r.id for r in model.rows()}


def undo(qtbot, window) -> None:
    with qtbot.waitSignal(window.view.refreshed):
        window.stack.undo()


# -- deployments -----------------------------------------------------------------------------------


def test_delete_buttons_wait_for_a_selected_row(qtbot, window):
    window.show("IAM-2.8", qtbot)
    view = window.view
    buttons = (
        view.builds_tab.delete_build_button,
        view.builds_tab.delete_test_button,
        view.deployments_tab.delete_button,
        view.els_tab.delete_button,
    )
    assert [b.isEnabled() for b in buttons] == [False] * 4
    tab = view.deployments_tab
    tab.table.selectRow(0)
    assert tab.delete_button.isEnabled()


def test_delete_the_production_deployment_keeps_the_release_live(qtbot, window, answer):
    window.show("IAM-2.8", qtbot)
    view, tab = window.view, window.view.deployments_tab
    before = release(window.workspace, "IAM-2.8")
    production = next(r for r in tab.model.rows() if r.production)
    select(tab.table, tab.model, production.id)
    with qtbot.waitSignal(view.refreshed):
        tab.delete_button.click()
    (text,) = answer.texts
    assert text.startswith("Delete deployment to Production on 2026-11-17?")
    assert "does not roll back the release" in text
    assert "IAM-2.8 keeps its status" in text
    assert production.id not in ids(tab.model)
    assert not exists(window.workspace, dm.Deployment, production.id)
    assert window.stack.count() == 1
    assert "Delete deployment to Production" in view.status_label.text()
    after = release(window.workspace, "IAM-2.8")
    assert after == before
    assert after.status is ReleaseStatus.EARLY_LIFE_SUPPORT
    undo(qtbot, window)
    assert production.id in ids(tab.model)
    assert exists(window.workspace, dm.Deployment, production.id)


def test_cancel_deletes_nothing(qtbot, window, answer):
    window.show("IAM-2.8", qtbot)
    tab = window.view.deployments_tab
    answer.reply = QMessageBox.StandardButton.Cancel
    row = tab.model.row_at(0)
    select(tab.table, tab.model, row.id)
    tab.delete_button.click()
    assert len(answer.texts) == 1
    assert window.stack.count() == 0
    assert exists(window.workspace, dm.Deployment, row.id)


def test_the_delete_key_in_the_deployments_table_deletes_too(qtbot, window, answer):
    window.show("PAY-4.1", qtbot)
    view, tab = window.view, window.view.deployments_tab
    planned = next(r for r in tab.model.rows() if r.production)
    select(tab.table, tab.model, planned.id)
    tab.table.setFocus()
    with qtbot.waitSignal(view.refreshed):
        qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert answer.texts == [
        "Delete deployment to Production on 2026-11-22?\n\nYou can undo this with Edit › Undo."
    ]
    assert planned.id not in ids(tab.model)
    assert window.stack.count() == 1


# -- builds and tests ------------------------------------------------------------------------------


def test_delete_a_build_with_the_delete_key(qtbot, window, answer):
    window.show("IAM-2.8", qtbot)
    view, tab = window.view, window.view.builds_tab
    build = tab.builds_model.row_at(0)
    select(tab.builds_table, tab.builds_model, build.id)
    tab.builds_table.setFocus()
    with qtbot.waitSignal(view.refreshed):
        qtbot.keyClick(tab.builds_table, Qt.Key.Key_Delete)
    assert answer.texts[0].startswith(f"Delete build {build.number} of {build.package}?")
    assert build.id not in ids(tab.builds_model)
    assert window.stack.count() == 1
    undo(qtbot, window)
    assert build.id in ids(tab.builds_model)
    assert exists(window.workspace, dm.BuildRun, build.id)


def test_delete_a_test_run_with_its_button(qtbot, window, answer):
    window.show("IAM-2.8", qtbot)
    view, tab = window.view, window.view.builds_tab
    run = tab.tests_model.row_at(0)
    select(tab.tests_table, tab.tests_model, run.id)
    assert tab.delete_test_button.isEnabled()
    assert not tab.delete_build_button.isEnabled()
    with qtbot.waitSignal(view.refreshed):
        tab.delete_test_button.click()
    assert answer.texts[0].startswith(f"Delete {run.suite.label} test run of {run.package} on ")
    assert run.id not in ids(tab.tests_model)
    assert not tab.delete_test_button.isEnabled()  # the row went, and with it the selection
    undo(qtbot, window)
    assert run.id in ids(tab.tests_model)


# -- incidents -------------------------------------------------------------------------------------


def test_delete_an_incident_is_journalled_and_undone_with_the_same_id(qtbot, window, answer):
    window.show("IAM-2.8", qtbot)
    view, tab = window.view, window.view.els_tab
    incident = tab.incidents_model.row_at(0)
    select(tab.incidents_table, tab.incidents_model, incident.id)
    with qtbot.waitSignal(view.refreshed):
        tab.delete_button.click()
    assert answer.texts[0].startswith(f"Delete incident '{incident.title}'?")
    assert incident.id not in ids(tab.incidents_model)
    line = list_journal(window.workspace, entity="incident")[0]
    assert (line.entity_id, line.operation) == (incident.id, f"Delete incident '{incident.title}'")
    undo(qtbot, window)
    assert incident.id in ids(tab.incidents_model)
    assert window.failures == []
