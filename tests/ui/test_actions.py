"""Actions are declared once and menus are built from the declarations."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from releaseplanner.ui.actions import ACTIONS, MENUS, RECENT_SUBMENU, ActionRegistry


class RecordingHost(QMainWindow):
    """Stands in for the main window and records which handler ran."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def prompt_new_workspace(self) -> None:
        self.calls.append("prompt_new_workspace")

    def prompt_open_workspace(self) -> None:
        self.calls.append("prompt_open_workspace")

    def open_demo_workspace(self) -> bool:
        self.calls.append("open_demo_workspace")
        return True

    def clear_recent_workspaces(self) -> None:
        self.calls.append("clear_recent_workspaces")

    def focus_filter(self) -> None:
        self.calls.append("focus_filter")

    def expand_all(self) -> None:
        self.calls.append("expand_all")

    def collapse_all(self) -> None:
        self.calls.append("collapse_all")

    def show_about(self) -> None:
        self.calls.append("show_about")


def test_action_ids_are_unique_and_every_menu_entry_is_declared():
    ids = [spec.id for spec in ACTIONS]
    assert len(ids) == len(set(ids))
    for _title, entries in MENUS:
        for entry in entries:
            assert entry in ids or entry in {"-", RECENT_SUBMENU}


def test_each_action_calls_its_handler_on_the_host(qtbot):
    host = RecordingHost()
    qtbot.addWidget(host)
    registry = ActionRegistry(host, host)

    registry["view.collapse_all"].trigger()
    registry["help.about"].trigger()
    registry["file.open_demo"].trigger()

    assert host.calls == ["collapse_all", "show_about", "open_demo_workspace"]


def test_registry_builds_the_menu_bar_with_shortcuts(qtbot):
    host = RecordingHost()
    qtbot.addWidget(host)
    registry = ActionRegistry(host, host)
    recent = QMenu("Open &recent", host)

    registry.build_menu_bar(host.menuBar(), {RECENT_SUBMENU: recent})

    titles = [action.text() for action in host.menuBar().actions()]
    assert titles == ["&File", "&View", "&Help"]
    assert registry["file.open_workspace"].shortcut() == QKeySequence("Ctrl+O")
    assert registry["file.new_workspace"].shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert registry["view.filter"].shortcut() == QKeySequence("Ctrl+F")
    assert recent.menuAction() in host.menuBar().actions()[0].menu().actions()
