"""The main window's actions, declared once, and the menus built from them.

Each action is one ``ActionSpec``: an id, its text, shortcuts and status tip, the handler it calls
on the window (through the ``ActionHost`` protocol, so this module does not import the window)
and when it is enabled. Menus, the context menus and any toolbar list action ids, so an action
reads and behaves the same wherever it appears.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget


class EditingActions(Protocol):
    """The editing controller, as the actions see it (see ``ui.editing``)."""

    def undo(self) -> None: ...
    def redo(self) -> None: ...
    def prompt_new_release(self) -> object: ...
    def prompt_new_package(self) -> object: ...
    def prompt_edit(self) -> object: ...
    def prompt_duplicate(self) -> object: ...
    def cancel_selected(self) -> bool: ...
    def delete_selected(self) -> bool: ...
    def nudge_go_live(self, days: int) -> bool: ...
    def has_workspace(self) -> bool: ...
    def has_selection(self) -> bool: ...
    def has_current(self) -> bool: ...
    def can_new_package(self) -> bool: ...
    def release_is_current(self) -> bool: ...
    def can_cancel(self) -> bool: ...
    def can_nudge(self) -> bool: ...


class WorkbenchActions(Protocol):
    """What the panel and exchange actions need (``ui.workbench.Workbench``)."""

    def show_journal(self) -> object: ...
    def show_risk(self) -> object: ...
    def show_timeline(self) -> object: ...
    def show_lifecycle(self) -> object: ...
    def show_metrics(self) -> object: ...
    def present_timeline(self) -> object: ...
    def import_components(self) -> object: ...
    def import_plan(self) -> object: ...
    def export_plan(self) -> object: ...
    def export_components(self) -> object: ...
    def has_workspace(self) -> bool: ...


class ActionHost(Protocol):
    """What the actions need from the window that owns them."""

    @property
    def editing(self) -> EditingActions: ...

    @property
    def workbench(self) -> WorkbenchActions: ...

    def prompt_new_workspace(self) -> None: ...
    def prompt_open_workspace(self) -> None: ...
    def open_demo_workspace(self) -> bool: ...
    def clear_recent_workspaces(self) -> None: ...
    def close(self) -> bool: ...
    def focus_filter(self) -> None: ...
    def expand_all(self) -> None: ...
    def collapse_all(self) -> None: ...
    def show_history(self) -> None: ...
    def show_about(self) -> object: ...


Shortcut = QKeySequence.StandardKey | str
Shortcuts = Shortcut | Sequence[str] | None


def _always(_host: ActionHost) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    text: str
    handler: Callable[[ActionHost], object]
    #: One key sequence, or several (the first is the one menus show).
    shortcut: Shortcuts = None
    tip: str = ""
    # macOS moves Quit and About into the application menu by role.
    role: QAction.MenuRole = QAction.MenuRole.NoRole
    #: Asked again whenever the selection, the workspace or the undo history changes.
    enabled_when: Callable[[ActionHost], bool] = _always


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "file.new_workspace",
        "&New workspace…",
        lambda host: host.prompt_new_workspace(),
        # Ctrl+N, the platform's New, is New release: releases are made far more often.
        "Ctrl+Shift+Alt+N",
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
        "edit.undo",
        "&Undo",
        lambda host: host.editing.undo(),
        "Ctrl+Z",
        "Undo the last change",
        # Enabled and named by the undo stack (see MainWindow), not by a predicate.
    ),
    ActionSpec(
        "edit.redo",
        "&Redo",
        lambda host: host.editing.redo(),
        ("Ctrl+Shift+Z", "Ctrl+Y"),
        "Redo the change last undone",
    ),
    ActionSpec(
        "edit.edit",
        "&Edit…",
        lambda host: host.editing.prompt_edit(),
        "Ctrl+E",
        "Edit every field of the current release or package",
        enabled_when=lambda host: host.editing.has_current(),
    ),
    ActionSpec(
        "edit.delete",
        "&Delete…",
        lambda host: host.editing.delete_selected(),
        "Del",
        "Delete the selected releases and packages (asks first; undoable)",
        enabled_when=lambda host: host.editing.has_selection(),
    ),
    ActionSpec(
        "edit.history",
        "&History…",
        lambda host: host.show_history(),
        None,
        "Show every change made since the workspace was opened; click one to go back to it",
    ),
    ActionSpec(
        "file.import_plan",
        "&Import plan workbook…",
        lambda host: host.workbench.import_plan(),
        "Ctrl+I",
        "Merge a colleague's edited plan workbook: preview every change and conflict first",
        enabled_when=lambda host: host.workbench.has_workspace(),
    ),
    ActionSpec(
        "file.export_plan",
        "&Export plan workbook…",
        lambda host: host.workbench.export_plan(),
        "Ctrl+Shift+E",
        "Write the plan to an xlsx workbook that can be edited and imported back",
        enabled_when=lambda host: host.workbench.has_workspace(),
    ),
    ActionSpec(
        "file.import_components",
        "Import &components…",
        lambda host: host.workbench.import_components(),
        None,
        "Add or update catalogue components from a CMDB list (CSV or xlsx), with a preview",
        enabled_when=lambda host: host.workbench.has_workspace(),
    ),
    ActionSpec(
        "file.export_components",
        "Export c&omponents…",
        lambda host: host.workbench.export_components(),
        None,
        "Write the component catalogue to a CSV or xlsx file",
        enabled_when=lambda host: host.workbench.has_workspace(),
    ),
    ActionSpec(
        "view.journal",
        "&Journal",
        lambda host: host.workbench.show_journal(),
        "Ctrl+J",
        "Show the activity journal: who changed what, when, old and new values",
        enabled_when=lambda host: host.workbench.has_workspace(),
    ),
    ActionSpec(
        "view.timeline",
        "&Timeline",
        lambda host: host.workbench.show_timeline(),
        "Ctrl+T",
        "Open the schedule on a timeline: bars, milestones, freezes, problems, critical path",
        enabled_when=lambda host: host.workbench.has_workspace(),
    ),
    ActionSpec(
        "view.present",
        "&Present timeline",
        lambda host: host.workbench.present_timeline(),
        "F11",
        "Show the timeline full screen with large type, for a meeting or a projector",
        enabled_when=lambda host: host.workbench.has_workspace(),
    ),
    ActionSpec(
        "view.lifecycle",
        "&Builds, deployments and reviews",
        lambda host: host.workbench.show_lifecycle(),
        "Ctrl+L",
        "Record builds, test runs, deployments and incidents; sign off early-life support; "
        "hold the post-release review",
        enabled_when=lambda host: host.workbench.has_workspace(),
    ),
    ActionSpec(
        "view.metrics",
        "Delivery &metrics",
        lambda host: host.workbench.show_metrics(),
        "Ctrl+M",
        "Deployment frequency, lead time, change failure rate, time to restore, adherence",
        enabled_when=lambda host: host.workbench.has_workspace(),
    ),
    ActionSpec(
        "view.risk",
        "&Risk register and charts",
        lambda host: host.workbench.show_risk(),
        "Ctrl+R",
        "Open the risk register and dashboard (heat map, trend, readiness) for the release",
        enabled_when=lambda host: host.workbench.has_workspace(),
    ),
    ActionSpec(
        "release.new",
        "&New release…",
        lambda host: host.editing.prompt_new_release(),
        "Ctrl+N",
        "Plan a new release",
        enabled_when=lambda host: host.editing.has_workspace(),
    ),
    ActionSpec(
        "release.duplicate",
        "D&uplicate release…",
        lambda host: host.editing.prompt_duplicate(),
        "Ctrl+D",
        "Start the next release from this one: packages, components and schedule, shifted",
        enabled_when=lambda host: host.editing.release_is_current(),
    ),
    ActionSpec(
        "release.cancel",
        "&Cancel release",
        lambda host: host.editing.cancel_selected(),
        None,
        "Set the selected releases to Cancelled",
        enabled_when=lambda host: host.editing.can_cancel(),
    ),
    ActionSpec(
        "release.go_live_later",
        "Go-live a day &later",
        lambda host: host.editing.nudge_go_live(1),
        "Alt+Right",
        "Move the planned go-live one day later (repeats are one undo step)",
        enabled_when=lambda host: host.editing.can_nudge(),
    ),
    ActionSpec(
        "release.go_live_earlier",
        "Go-live a day &earlier",
        lambda host: host.editing.nudge_go_live(-1),
        "Alt+Left",
        "Move the planned go-live one day earlier (repeats are one undo step)",
        enabled_when=lambda host: host.editing.can_nudge(),
    ),
    ActionSpec(
        "package.new",
        "New &package…",
        lambda host: host.editing.prompt_new_package(),
        "Ctrl+Shift+N",
        "Add a package to the current release",
        enabled_when=lambda host: host.editing.can_new_package(),
    ),
    ActionSpec(
        "view.filter",
        "&Find",
        lambda host: host.focus_filter(),
        "Ctrl+F",
        "Show only releases and packages whose key, name or ticket refs match",
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
STATUS_SUBMENU = "@status"

MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "&File",
        (
            "file.new_workspace",
            "file.open_workspace",
            RECENT_SUBMENU,
            "file.open_demo",
            SEPARATOR,
            "file.import_plan",
            "file.export_plan",
            SEPARATOR,
            "file.import_components",
            "file.export_components",
            SEPARATOR,
            "file.quit",
        ),
    ),
    (
        "&Edit",
        (
            "edit.undo",
            "edit.redo",
            SEPARATOR,
            "edit.edit",
            "edit.delete",
            SEPARATOR,
            "edit.history",
        ),
    ),
    (
        "&Release",
        (
            "release.new",
            "release.duplicate",
            "release.cancel",
            SEPARATOR,
            STATUS_SUBMENU,
            "release.go_live_later",
            "release.go_live_earlier",
            SEPARATOR,
            "edit.delete",
        ),
    ),
    ("&Package", ("package.new", SEPARATOR, STATUS_SUBMENU, SEPARATOR, "edit.delete")),
    (
        "&View",
        (
            "view.filter",
            SEPARATOR,
            "view.expand_all",
            "view.collapse_all",
            SEPARATOR,
            "view.timeline",
            "view.present",
            "view.journal",
            "view.risk",
            "view.lifecycle",
            "view.metrics",
        ),
    ),
    ("&Help", ("help.about",)),
)

#: The tree's context menu, by the kind of row clicked ("" for the empty area below the rows).
CONTEXT_MENUS: dict[str, tuple[str, ...]] = {
    "release": (
        "package.new",
        SEPARATOR,
        "edit.edit",
        "release.duplicate",
        "release.cancel",
        STATUS_SUBMENU,
        SEPARATOR,
        "edit.delete",
    ),
    "package": ("edit.edit", STATUS_SUBMENU, SEPARATOR, "edit.delete"),
    "": ("release.new",),
}


class ActionRegistry:
    """The QActions of one window, made from ``ACTIONS`` and looked up by id."""

    def __init__(self, host: ActionHost, parent: QWidget) -> None:
        self._host = host
        self._specs = {spec.id: spec for spec in ACTIONS}
        self._actions: dict[str, QAction] = {}
        for spec in ACTIONS:
            action = QAction(spec.text, parent)
            action.setObjectName(spec.id)
            action.setShortcuts(_key_sequences(spec.shortcut))
            if spec.tip:
                action.setStatusTip(spec.tip)
                action.setToolTip(spec.tip)
            action.setMenuRole(spec.role)
            # Bind spec now: a bare lambda in the loop would see only the last spec.
            action.triggered.connect(lambda _checked=False, spec=spec: self._trigger(spec))
            self._actions[spec.id] = action
        # Shortcuts must work even while their menu is closed, so the window owns them too.
        parent.addActions(list(self._actions.values()))

    def __getitem__(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def ids(self) -> list[str]:
        return list(self._actions)

    def update_enabled(self) -> None:
        """Ask every action's ``enabled_when`` again (after the selection or workspace changed)."""
        for action_id, spec in self._specs.items():
            if spec.enabled_when is not _always:
                self._actions[action_id].setEnabled(bool(spec.enabled_when(self._host)))

    def build_menu_bar(self, menu_bar: QMenuBar, submenus: Mapping[str, QMenu]) -> None:
        """Fill ``menu_bar`` from ``MENUS``; ``submenus`` supplies the dynamic ones by key."""
        for title, entries in MENUS:
            self.fill_menu(menu_bar.addMenu(title), entries, submenus)

    def fill_menu(self, menu: QMenu, entries: Sequence[str], submenus: Mapping[str, QMenu]) -> None:
        """Add ``entries`` (ids, separators, submenu keys) to ``menu``."""
        for entry in entries:
            if entry == SEPARATOR:
                menu.addSeparator()
            elif entry in submenus:
                menu.addMenu(submenus[entry])
            elif entry.startswith("@"):
                continue  # a submenu this window does not supply
            else:
                menu.addAction(self._actions[entry])

    def _trigger(self, spec: ActionSpec) -> None:
        # A shortcut fires even when the action's menu was last drawn long ago: check again.
        if spec.enabled_when(self._host):
            spec.handler(self._host)


def _key_sequences(shortcut: Shortcuts) -> list[QKeySequence]:
    if shortcut is None:
        return []
    if isinstance(shortcut, (str, QKeySequence.StandardKey)):
        return [QKeySequence(shortcut)]
    return [QKeySequence(each) for each in shortcut]
