"""The parts of the window that go with editing: Set status menu, context menu, History dock.

Kept out of the main window so the window stays a thin shell. The Undo and Redo actions are
declared with the others in ``ui.actions``; here they are tied to the undo stack, which enables
them and names them after the command they would undo ("Undo Rename package 'A' to 'B'").
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QUndoView

from releaseplanner.ui.actions import CONTEXT_MENUS, STATUS_SUBMENU, ActionRegistry
from releaseplanner.ui.editing import EditController
from releaseplanner.ui.models.portfolio_model import PortfolioRole
from releaseplanner.ui.widgets.portfolio_tree import PortfolioTree


class EditChrome(QObject):
    """Builds and drives the editing menus and the History dock of ``window``."""

    def __init__(
        self,
        window: QMainWindow,
        actions: ActionRegistry,
        editing: EditController,
        tree: PortfolioTree,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._actions = actions
        self._editing = editing
        self._tree = tree
        self.status_menu = QMenu("Set &status", window)
        self.status_menu.setObjectName("statusMenu")
        self.status_menu.aboutToShow.connect(self._on_status_menu_about_to_show)
        self.history_dock = self._build_history_dock()
        self._connect_undo_stack()
        tree.customContextMenuRequested.connect(self._on_tree_custom_context_menu_requested)

    def show_history(self) -> None:
        if self.history_dock.isHidden():
            self.history_dock.show()
            # About eight commands tall: enough to see the recent past, not to crowd the tree.
            height = self.history_dock.fontMetrics().lineSpacing() * 8 + 40
            self._window.resizeDocks([self.history_dock], [height], Qt.Orientation.Vertical)
        self.history_dock.raise_()

    def context_menu_for(self, index: QModelIndex) -> QMenu:
        """The tree's context menu for a row (or the empty area, for an invalid index)."""
        kind = index.data(PortfolioRole.KIND) if index.isValid() else ""
        menu = QMenu(self._window)
        menu.setObjectName("portfolioContextMenu")
        entries = CONTEXT_MENUS[kind or ""]
        self._actions.fill_menu(menu, entries, {STATUS_SUBMENU: self.status_menu})
        return menu

    def update_enabled(self) -> None:
        """After the selection changed: the status menu is greyed when nothing can be set."""
        self.status_menu.menuAction().setEnabled(bool(self._editing.status_options()))

    # -- slots ---------------------------------------------------------------------------------

    def _on_tree_custom_context_menu_requested(self, pos: QPoint) -> None:
        index = self._tree.indexAt(pos)
        if index.isValid() and not self._tree.selectionModel().isSelected(index):
            # Right-clicking outside the selection acts on the row clicked, as file managers do.
            self._tree.setCurrentIndex(index)
        self._actions.update_enabled()
        self.update_enabled()
        menu = self.context_menu_for(index)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self._tree.viewport().mapToGlobal(pos))

    def _on_status_menu_about_to_show(self) -> None:
        self.status_menu.clear()
        for value, label in self._editing.status_options():
            action = self.status_menu.addAction(label)
            action.setObjectName(f"status.{value}")
            action.triggered.connect(lambda _checked=False, v=value: self._editing.set_status(v))
        if self.status_menu.isEmpty():
            self.status_menu.addAction("Select releases or packages").setEnabled(False)

    def _on_undo_stack_undo_text_changed(self, text: str) -> None:
        self._actions["edit.undo"].setText(f"&Undo {text}" if text else "&Undo")

    def _on_undo_stack_redo_text_changed(self, text: str) -> None:
        self._actions["edit.redo"].setText(f"&Redo {text}" if text else "&Redo")

    # -- building ------------------------------------------------------------------------------

    def _build_history_dock(self) -> QDockWidget:
        view = QUndoView(self._editing.undo_stack)
        view.setObjectName("historyView")
        # The stack's clean state is the workspace as opened: opening is not a step.
        view.setEmptyLabel("Workspace opened")
        dock = QDockWidget("History", self._window)
        dock.setObjectName("historyDock")
        dock.setWidget(view)
        # Below the tree: undo texts are long, and a side dock would squeeze the tree's names.
        self._window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        return dock

    def _connect_undo_stack(self) -> None:
        stack = self._editing.undo_stack
        undo, redo = self._actions["edit.undo"], self._actions["edit.redo"]
        undo.setEnabled(stack.canUndo())
        redo.setEnabled(stack.canRedo())
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        stack.undoTextChanged.connect(self._on_undo_stack_undo_text_changed)
        stack.redoTextChanged.connect(self._on_undo_stack_redo_text_changed)
