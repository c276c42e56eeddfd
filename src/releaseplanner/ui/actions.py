"""The main window's actions, declared once, and the menus built from them.

Each action is one ``ActionSpec``: an id, its text, shortcut and status tip, and the handler it
calls on the window (through the ``ActionHost`` protocol, so this module does not import the
window). Menus list action ids; toolbars and context menus can reuse the same QActions later.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget


class ActionHost(Protocol):
    """What the actions need from the window that owns them."""

    def prompt_new_workspace(self) -> None: ...
    def prompt_open_workspace(self) -> None: ...
    def open_demo_workspace(self) -> bool: ...
    def clear_recent_workspaces(self) -> None: ...
    def close(self) -> bool: ...
    def focus_filter(self) -> None: ...
    def expand_all(self) -> None: ...
    def collapse_all(self) -> None: ...
    def show_about(self) -> object: ...


Shortcut = QKeySequence.StandardKey | str | None


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    text: str
    handler: Callable[[ActionHost], object]
    shortcut: Shortcut = None
    tip: str = ""
    # macOS moves Quit and About into the application menu by role.
    role: QAction.MenuRole = QAction.MenuRole.NoRole


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "file.new_workspace",
        "&New workspace…",
        lambda host: host.prompt_new_workspace(),
        QKeySequence.StandardKey.New,
        "Create an empty workspace file and open it",
    ),
    ActionSpec(
        "file.open_workspace",
        "&Open workspace…",
        lambda host: host.prompt_open_workspace(),
        "Ctrl+O",
        "Open a workspace file",
    ),
    ActionSpec(
        "file.open_demo",
        "Open &demo workspace",
        lambda host: host.open_demo_workspace(),
        None,
        "Open the demo workspace, building it first if needed",
    ),
    ActionSpec(
        "file.clear_recent",
        "&Clear list",
        lambda host: host.clear_recent_workspaces(),
        None,
        "Forget the recently opened workspaces",
    ),
    ActionSpec(
        "file.quit",
        "&Quit",
        lambda host: host.close(),
        "Ctrl+Q",
        "Close the window and quit",
        QAction.MenuRole.QuitRole,
    ),
    ActionSpec(
        "view.filter",
        "&Filter releases",
        lambda host: host.focus_filter(),
        "Ctrl+F",
        "Show only releases and packages whose key or name matches",
    ),
    ActionSpec(
        "view.expand_all",
        "&Expand all",
        lambda host: host.expand_all(),
        None,
        "Show the packages of every release",
    ),
    ActionSpec(
        "view.collapse_all",
        "&Collapse all",
        lambda host: host.collapse_all(),
        None,
        "Show releases only",
    ),
    ActionSpec(
        "help.about",
        "&About Release Planner",
        lambda host: host.show_about(),
        None,
        "Version, workspace and library versions",
        QAction.MenuRole.AboutRole,
    ),
)

#: Menu entries: an action id, ``SEPARATOR``, or the key of a submenu the window supplies.
SEPARATOR = "-"
RECENT_SUBMENU = "@recent"

MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "&File",
        (
            "file.new_workspace",
            "file.open_workspace",
            RECENT_SUBMENU,
            "file.open_demo",
            SEPARATOR,
            "file.quit",
        ),
    ),
    ("&View", ("view.filter", SEPARATOR, "view.expand_all", "view.collapse_all")),
    ("&Help", ("help.about",)),
)


class ActionRegistry:
    """The QActions of one window, made from ``ACTIONS`` and looked up by id."""

    def __init__(self, host: ActionHost, parent: QWidget) -> None:
        self._actions: dict[str, QAction] = {}
        for spec in ACTIONS:
            action = QAction(spec.text, parent)
            action.setObjectName(spec.id)
            if spec.shortcut is not None:
                action.setShortcut(QKeySequence(spec.shortcut))
            if spec.tip:
                action.setStatusTip(spec.tip)
                action.setToolTip(spec.tip)
            action.setMenuRole(spec.role)
            # Bind spec now: a bare lambda in the loop would see only the last spec.
            action.triggered.connect(lambda _checked=False, spec=spec: spec.handler(host))
            self._actions[spec.id] = action
        # Shortcuts must work even while their menu is closed, so the window owns them too.
        parent.addActions(list(self._actions.values()))

    def __getitem__(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def ids(self) -> list[str]:
        return list(self._actions)

    def build_menu_bar(self, menu_bar: QMenuBar, submenus: Mapping[str, QMenu]) -> None:
        """Fill ``menu_bar`` from ``MENUS``; ``submenus`` supplies the dynamic ones by key."""
        for title, entries in MENUS:
            menu = menu_bar.addMenu(title)
            for entry in entries:
                if entry == SEPARATOR:
                    menu.addSeparator()
                elif entry in submenus:
                    menu.addMenu(submenus[entry])
                else:
                    menu.addAction(self._actions[entry])
