"""The workbench around the portfolio: package contents, journal and risk, wired to one stack."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QDockWidget

from releaseplanner.ui.models.portfolio_model import PortfolioRole


def find(window, name: str) -> QModelIndex:
    """The tree index of the release (by key) or package (by name) called ``name``."""
    model = window.portfolio_view.model()
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            summary = index.data(PortfolioRole.ROW)
            if name in (getattr(summary, "key", None), summary.name):
                return index
            pending.append(index)
    raise AssertionError(f"{name} is not in the tree")


@pytest.fixture
def window(make_window, workspace_a, qtbot):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    assert window.open_workspace(workspace_a)
    return window


def dock(window, name):
    return window.findChild(QDockWidget, name)


def test_selecting_a_package_shows_its_contents_dock(window, qtbot):
    assert dock(window, "packageContentsDock") is None  # nothing built at start-up
    window.portfolio_view.setCurrentIndex(find(window, "R-25.2"))
    assert dock(window, "packageContentsDock") is None  # a release has no contents to show
    window.portfolio_view.setCurrentIndex(find(window, "Card vault upgrade"))
    contents_dock = dock(window, "packageContentsDock")
    assert contents_dock is not None
    qtbot.waitUntil(contents_dock.isVisible)


def test_journal_dock_follows_edits_and_undo(window, qtbot):
    window.actions_registry["view.journal"].trigger()
    journal_dock = dock(window, "journalDock")
    qtbot.waitUntil(journal_dock.isVisible)
    journal = journal_dock.widget()
    qtbot.waitUntil(lambda: journal.model.rowCount() > 0)
    before = journal.model.rowCount()
    assert window.portfolio_view.model().setData(find(window, "Card vault upgrade"), "Vault")
    qtbot.waitUntil(lambda: journal.model.rowCount() == before + 1)
    window.actions_registry["edit.undo"].trigger()
    qtbot.waitUntil(lambda: journal.model.rowCount() == before + 2)


def test_risk_window_opens_on_the_current_release_and_is_rebuilt_per_workspace(
    window, workspace_b, qtbot
):
    window.portfolio_view.setCurrentIndex(find(window, "R-25.1"))
    window.actions_registry["view.risk"].trigger()
    risk = window.workbench.show_risk()
    qtbot.addWidget(risk)
    qtbot.waitExposed(risk)
    assert risk.windowTitle().startswith("Risk — ")
    assert window.open_workspace(workspace_b)
    assert window.workbench.show_risk() is not risk


def test_timeline_opens_from_the_view_menu_and_its_edits_share_the_undo_stack(window, qtbot):
    window.actions_registry["view.timeline"].trigger()
    timeline = window.workbench.show_timeline()
    qtbot.addWidget(timeline)
    qtbot.waitExposed(timeline)
    assert timeline.windowTitle().startswith("Timeline — ")
    actions = {a.objectName() for a in timeline.actions()}
    assert {"edit.undo", "edit.redo"} <= actions


def test_present_opens_the_timeline_in_meeting_mode(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from releaseplanner.ui.timeline import timeline_window

    # The Present dialog (date range, rows to hide) is modal: accept it as a user would.
    monkeypatch.setattr(
        timeline_window.PresentDialog, "exec", lambda _self: QDialog.DialogCode.Accepted
    )
    assert window.actions_registry["view.present"].shortcut().toString() == "F11"
    timeline = window.workbench.present_timeline()
    qtbot.addWidget(timeline)
    qtbot.waitUntil(lambda: timeline.presenter.active)


def test_lifecycle_and_metrics_open_on_the_current_release(window, qtbot):
    window.portfolio_view.setCurrentIndex(find(window, "R-25.1"))
    window.actions_registry["view.lifecycle"].trigger()
    lifecycle = window.workbench.show_lifecycle()
    qtbot.addWidget(lifecycle)
    qtbot.waitExposed(lifecycle)
    assert lifecycle.tabs.currentWidget() is lifecycle.records
    window.actions_registry["view.metrics"].trigger()
    assert lifecycle.tabs.currentWidget() is lifecycle.metrics


def test_import_plan_opens_the_merge_preview(window, qtbot):
    dialog = window.workbench.import_plan()
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()
    dialog.close()
