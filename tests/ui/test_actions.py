"""Actions are declared once and menus are built from the declarations."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from releaseplanner.ui.actions import (
    ACTIONS,
    CONTEXT_MENUS,
    MENUS,
    RECENT_SUBMENU,
    STATUS_SUBMENU,
    ActionRegistry,
)


class RecordingEditing:
    """Stands in for the editing controller (or the workbench): records intents, answers
    predicates."""

    def __init__(self, calls: list[str], prefix: str = "editing") -> None:
        self.calls = calls
        self.prefix = prefix
        self.selection = False

    def __getattr__(self, name: str):
        if name.startswith(("has_", "can_", "release_is_")):
            return lambda: self.selection
        return lambda *args: self.calls.append(f"{self.prefix}.{name}{args if args else ''}")


class RecordingHost(QMainWindow):
    """Stands in for the main window and records which handler ran."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []
        self.editing = RecordingEditing(self.calls)
        self.workbench = RecordingEditing(self.calls, "workbench")

    def show_history(self) -> None:
        self.calls.append("show_history")

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
            assert entry in ids or entry in {"-", RECENT_SUBMENU, STATUS_SUBMENU}
    for entries in CONTEXT_MENUS.values():
        assert all(entry in ids or entry in {"-", STATUS_SUBMENU} for entry in entries)


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
    assert titles == ["&File", "&Edit", "&Release", "&Package", "&View", "&Help"]
    assert registry["file.open_workspace"].shortcut() == QKeySequence("Ctrl+O")
    # Ctrl+N belongs to New release; New workspace moved out of its way.
    assert registry["file.new_workspace"].shortcut() == QKeySequence("Ctrl+Shift+Alt+N")
    assert registry["view.filter"].shortcut() == QKeySequence("Ctrl+F")
    assert recent.menuAction() in host.menuBar().actions()[0].menu().actions()


def test_editing_shortcuts_are_the_ones_the_issue_asks_for(qtbot):
    host = RecordingHost()
    qtbot.addWidget(host)
    registry = ActionRegistry(host, host)

    def keys(action_id: str) -> list[str]:
        return [seq.toString() for seq in registry[action_id].shortcuts()]

    assert keys("release.new") == ["Ctrl+N"]
    assert keys("package.new") == ["Ctrl+Shift+N"]
    assert keys("edit.delete") == ["Del"]
    assert keys("view.filter") == ["Ctrl+F"]
    assert keys("edit.undo") == ["Ctrl+Z"]
    assert keys("edit.redo") == ["Ctrl+Shift+Z", "Ctrl+Y"]
    every = [
        seq.toString() for action_id in registry.ids() for seq in registry[action_id].shortcuts()
    ]
    assert len(every) == len(set(every)), "two actions share a shortcut"


def test_enabled_when_follows_the_host_state(qtbot):
    host = RecordingHost()
    qtbot.addWidget(host)
    registry = ActionRegistry(host, host)

    registry.update_enabled()
    assert not registry["edit.delete"].isEnabled()
    assert not registry["release.new"].isEnabled()
    assert registry["file.open_workspace"].isEnabled()

    host.editing.selection = True
    registry.update_enabled()
    assert registry["edit.delete"].isEnabled()
    registry["edit.delete"].trigger()
    registry["release.go_live_later"].trigger()
    registry["edit.history"].trigger()
    assert host.calls == ["editing.delete_selected", "editing.nudge_go_live(1,)", "show_history"]


def test_panel_and_exchange_actions_reach_the_workbench(qtbot):
    host = RecordingHost()
    qtbot.addWidget(host)
    registry = ActionRegistry(host, host)
    assert registry["view.journal"].shortcut().toString() == "Ctrl+J"
    host.workbench.selection = True
    registry.update_enabled()
    for action_id in (
        "view.journal",
        "file.import_components",
        "file.export_components",
        "file.import_plan",
        "file.export_plan",
    ):
        registry[action_id].trigger()
    assert host.calls == [
        "workbench.show_journal",
        "workbench.import_components",
        "workbench.export_components",
        "workbench.import_plan",
        "workbench.export_plan",
    ]
