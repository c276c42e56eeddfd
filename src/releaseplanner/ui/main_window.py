"""The main window: a thin shell that wires the portfolio tree, the details pane and the menus.

It owns the open workspace (closing the old one when switching) and asks the gateway for plain
rows; what a release *is* and how it is read live in the services, not here. Edits go through
the editing controller (``ui.editing``), which owns the one undo stack; after each command the
window reads the rows again and syncs the tree row by row, keeping selection and expansion.
Each release's risk band and lifecycle flags are read in the background after the rows (see
``ui.insights_loader``) and fill their columns and the details pane when they arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from releaseplanner.domain.errors import UserError
from releaseplanner.ui.actions import RECENT_SUBMENU, STATUS_SUBMENU, ActionRegistry
from releaseplanner.ui.edit_chrome import EditChrome
from releaseplanner.ui.editing import EditController
from releaseplanner.ui.formatting import recent_entry, short_name, summarise_counts
from releaseplanner.ui.gateway import PortfolioSnapshot, WorkspaceGateway
from releaseplanner.ui.insights_loader import InsightsLoader
from releaseplanner.ui.models.portfolio_model import (
    PACKAGE_KIND,
    RELEASE_KIND,
    PortfolioFilterProxyModel,
    PortfolioModel,
    PortfolioRole,
)
from releaseplanner.ui.settings import AppSettings
from releaseplanner.ui.style import MUTED_TEXT, app_icon
from releaseplanner.ui.widgets.details_pane import DetailsPane
from releaseplanner.ui.widgets.notice_bar import NoticeBar
from releaseplanner.ui.widgets.portfolio_tree import PortfolioTree
from releaseplanner.ui.window_parts import build_filter_edit, build_main_splitter, fill_recent_menu
from releaseplanner.ui.workbench import Workbench

if TYPE_CHECKING:
    from releaseplanner.domain.summaries import PackageSummary, ReleaseSummary
    from releaseplanner.services.changes import ChangeSet
    from releaseplanner.storage.engine import Workspace
    from releaseplanner.ui.dialogs.about_dialog import AboutDialog
    from releaseplanner.ui.release_insights import ReleaseInsight

APP_TITLE = "Release Planner"
DEFAULT_SIZE = (1280, 800)
WORKSPACE_FILTER = "Release Planner workspaces (*.sqlite *.db);;All files (*)"

# Expanding every release is helpful for a team's portfolio and slow for a benchmark-sized one.
_EXPAND_ALL_UP_TO_PACKAGES = 200


class MainWindow(QMainWindow):
    """The portfolio of one workspace: releases and packages on the left, details on the right.

    Args:
        settings: where recent workspaces and window geometry are remembered.
        gateway: opens workspaces and reads their rows.
    """

    #: A workspace was opened and shown; carries its display name.
    workspace_changed = Signal(str)
    #: Opening a workspace failed; carries the one-line reason (also shown in a dialog).
    workspace_open_failed = Signal(str)

    def __init__(
        self, settings: AppSettings, gateway: WorkspaceGateway, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._settings = settings
        self._gateway = gateway
        self._workspace: Workspace | None = None
        self._snapshot: PortfolioSnapshot | None = None
        #: The tree shows rows read before the workspace opened (``show_preview``), read-only.
        self._previewing = False
        self._icon = app_icon()
        self.setWindowIcon(self._icon)

        self._model = PortfolioModel(self)
        self._proxy = PortfolioFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._editing = EditController(gateway, self, self)
        self._editing.changed.connect(self._on_editing_changed)
        self._editing.error_reported.connect(self._on_editing_error_reported)
        self._model.set_edit_handler(self._editing.edit_cell)
        self._model.set_move_handler(self._editing.move_packages)
        self._insights = InsightsLoader(gateway.release_insights, self)
        self._insights.loaded.connect(self._on_insights_loaded)
        self._insights.failed.connect(self._on_insights_failed)
        self._filter_edit = build_filter_edit()
        self._filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self._notice = NoticeBar()
        self._tree = self._build_tree()
        self._details = DetailsPane()
        self._splitter = build_main_splitter(
            self._filter_edit, self._notice, self._tree, self._details
        )
        self.setCentralWidget(self._splitter)

        self._workspace_label = QLabel()
        self._workspace_label.setObjectName("workspaceLabel")
        self._workspace_label.setStyleSheet("padding-left: 8px;")
        self._counts_label = QLabel()
        self._counts_label.setObjectName("countsLabel")
        self._counts_label.setStyleSheet(f"color: {MUTED_TEXT}; padding-right: 8px;")
        self.statusBar().addWidget(self._workspace_label, 1)
        self.statusBar().addPermanentWidget(self._counts_label)

        self._workbench = Workbench(self, self._editing, self._on_editing_error_reported)
        self._actions = ActionRegistry(self, self)
        self._recent_menu = QMenu("Open &recent", self)
        self._recent_menu.setObjectName("recentMenu")
        self._recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        self._chrome = EditChrome(self, self._actions, self._editing, self._tree)
        self._actions.build_menu_bar(
            self.menuBar(),
            {RECENT_SUBMENU: self._recent_menu, STATUS_SUBMENU: self._chrome.status_menu},
        )

        self._restore_window_state()
        self.show_no_workspace()

    # -- read-only views for the app, tests and screenshots ------------------------------------

    @property
    def actions_registry(self) -> ActionRegistry:
        return self._actions

    @property
    def editing(self) -> EditController:
        return self._editing

    @property
    def portfolio_view(self) -> PortfolioTree:
        return self._tree

    @property
    def notice_bar(self) -> NoticeBar:
        return self._notice

    @property
    def history_dock(self) -> QDockWidget:
        return self._chrome.history_dock

    @property
    def workbench(self) -> Workbench:
        return self._workbench

    @property
    def details_pane(self) -> DetailsPane:
        return self._details

    @property
    def filter_edit(self) -> QLineEdit:
        return self._filter_edit

    @property
    def insights_loader(self) -> InsightsLoader:
        return self._insights

    @property
    def workspace_name(self) -> str | None:
        return self._workspace.display_name if self._workspace is not None else None

    def status_text(self) -> str:
        """The status bar's workspace and counts text, as one line."""
        return f"{self._workspace_label.text()}  {self._counts_label.text()}".strip()

    # -- what the editing controller reads (EditingView) ---------------------------------------

    def selected_rows(self) -> list[tuple[str, Any]]:
        return self._tree.selected_rows()

    def current_row(self) -> tuple[str, Any] | None:
        return self._tree.current_row()

    def releases(self) -> tuple[ReleaseSummary, ...]:
        return self._snapshot.releases if self._snapshot is not None else ()

    def packages(self) -> tuple[PackageSummary, ...]:
        return self._snapshot.packages if self._snapshot is not None else ()

    # -- opening workspaces --------------------------------------------------------------------

    def open_workspace(self, db: str, *, create: bool = False) -> bool:
        """Open ``db`` (creating it with reference data if ``create``) and show it.

        Returns whether it opened; on failure a dialog says why and the current one stays.
        """
        opener = self._gateway.create if create else self._gateway.open
        opened = self._switch_workspace(lambda: opener(db), f"Opening {db}…")
        if not opened and "://" not in db and not Path(db).exists():
            # A file that has gone away will not come back by itself: drop it from the list.
            self._settings.remove_recent_workspace(db)
        return opened

    def create_workspace(self, db: str) -> bool:
        return self.open_workspace(db, create=True)

    def open_demo_workspace(self) -> bool:
        """Open the demo workspace, building it first if it is missing or empty."""
        return self._switch_workspace(self._gateway.open_demo, "Opening the demo workspace…")

    def prompt_new_workspace(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "New workspace",
            str(self._dialog_folder() / "workspace.sqlite"),
            WORKSPACE_FILTER,
            # An existing workspace is opened, never overwritten, so there is nothing to confirm.
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            if not Path(path).suffix:
                path += ".sqlite"
            self.create_workspace(path)

    def prompt_open_workspace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open workspace", str(self._dialog_folder()), WORKSPACE_FILTER
        )
        if path:
            self.open_workspace(path)

    def clear_recent_workspaces(self) -> None:
        self._settings.clear_recent_workspaces()

    def show_opening(self, what: str) -> None:
        """The state shown while the first workspace is opened after the window appears."""
        self._details.show_message("Opening workspace…", what)
        self._workspace_label.setText(f"Opening {what}…")
        self._counts_label.clear()

    def show_preview(self, db: str) -> bool:
        """Show the rows of ``db`` before it opens, read-only, when they can be read quickly.

        Start-up calls this before the window's first paint, so the portfolio appears with the
        window; opening the workspace afterwards replaces the rows (keeping the selection) and
        enables editing. Returns False when there is no quick read (see
        ``WorkspaceGateway.preview``); the window then shows that the workspace is opening.
        """
        self.show_opening(db)
        preview = self._gateway.preview(db)
        if preview is None:
            return False
        self._show_rows(preview.display_name, preview.snapshot, sync=False)
        # Editing needs the open workspace: until then every edit action stays disabled.
        self._workspace_label.setText(f"Opening {preview.display_name}…")
        self._previewing = True
        return True

    def show_no_workspace(self) -> None:
        self._previewing = False
        self._editing.set_workspace(None)
        self._insights.set_workspace(None)
        self._snapshot = None
        self._model.clear()
        self._details.show_message(
            "No workspace open",
            "Open a workspace with File › Open workspace…, create one with "
            "File › New workspace…, or explore the demo with File › Open demo workspace.",
        )
        self._workspace_label.setText("No workspace open")
        self._counts_label.clear()
        self.setWindowTitle(APP_TITLE)
        self._update_enabled()

    def reload(self) -> None:
        """Read the open workspace again (after a change made elsewhere, e.g. by the CLI)."""
        self._refresh(None)

    def _switch_workspace(self, open_new: Callable[[], Workspace], busy_text: str) -> bool:
        self.statusBar().showMessage(busy_text)
        # Opening runs on this thread (building a demo takes a moment): paint the message now.
        self.statusBar().repaint()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            workspace = open_new()
            try:
                snapshot = self._gateway.snapshot(workspace)
            except BaseException:
                workspace.close()
                raise
        except UserError as exc:
            self._report_open_failure(str(exc))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()
        previous, self._workspace = self._workspace, workspace
        # Undo never reaches into another workspace, and opening one is not an undo step.
        self._editing.set_workspace(workspace)
        self._workbench.set_workspace(workspace)
        # Drops a read of the previous workspace still running; the new one's starts after
        # this event-loop turn, so the tree is shown first. (The running read keeps its own
        # connection: closing the previous workspace below does not pull it from under it.)
        self._insights.set_workspace(workspace)
        if previous is not None:
            previous.close()
        self._notice.clear()
        self._apply_snapshot(workspace, snapshot)
        self._settings.add_recent_workspace(
            recent_entry(workspace.location.path, workspace.location.url)
        )
        self.workspace_changed.emit(workspace.display_name)
        return True

    def _apply_snapshot(self, workspace: Workspace, snapshot: PortfolioSnapshot) -> None:
        # After a preview the rows are (nearly always) the same: sync keeps what is selected.
        previewed, self._previewing = self._previewing, False
        self._show_rows(workspace.display_name, snapshot, sync=previewed)

    def _show_rows(self, name: str, snapshot: PortfolioSnapshot, *, sync: bool) -> None:
        self._snapshot = snapshot
        if sync:
            self._model.sync(snapshot.releases, snapshot.packages, snapshot.ticket_refs)
        else:
            self._model.set_portfolio(snapshot.releases, snapshot.packages, snapshot.ticket_refs)
        if len(snapshot.packages) <= _EXPAND_ALL_UP_TO_PACKAGES:
            self._tree.expandAll()
        self.setWindowTitle(f"{short_name(name)} — {APP_TITLE}")
        self._workspace_label.setText(f"Workspace: {name}")
        self._workspace_label.setToolTip(name)
        self._counts_label.setText(summarise_counts(snapshot.counts))
        self._show_current()
        self._update_enabled()

    def _refresh(self, changes: ChangeSet | None) -> None:
        """Read the rows again after ``changes`` and sync the tree, keeping what is selected.

        Records the change created are selected instead (a new release, a restored delete).
        """
        if self._workspace is None:
            return
        selected, current = self._tree.selected_keys(), self._tree.current_key()
        snapshot = self._gateway.snapshot(self._workspace)
        self._snapshot = snapshot
        self._model.sync(snapshot.releases, snapshot.packages, snapshot.ticket_refs)
        # Any change may move a band (risks, tests, dates) or a flag: read them again, soon.
        self._insights.request()
        self._counts_label.setText(summarise_counts(snapshot.counts))
        created = changes.created if changes is not None else {}
        for kind in (RELEASE_KIND, PACKAGE_KIND):
            if created.get(kind):
                selected = [(kind, record_id) for record_id in sorted(created[kind])]
                current = None
                break
        if selected != self._tree.selected_keys() or current != self._tree.current_key():
            # A moved package has a new parent: select it again where it is now.
            self._tree.select_keys(selected, current)
        self._show_current()
        self._update_enabled()

    def _report_open_failure(self, message: str) -> None:
        self.workspace_open_failed.emit(message)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Cannot open workspace",
            message,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("workspaceErrorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # open(), not exec(): the window stays responsive and tests need no modal loop.
        box.open()

    # -- view commands -------------------------------------------------------------------------

    def focus_filter(self) -> None:
        self._filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._filter_edit.selectAll()

    def expand_all(self) -> None:
        self._tree.expandAll()

    def collapse_all(self) -> None:
        self._tree.collapseAll()

    def show_history(self) -> None:
        self._chrome.show_history()

    def context_menu_for(self, index: QModelIndex) -> QMenu:
        """The tree's context menu for a row (or the empty area, for an invalid index)."""
        return self._chrome.context_menu_for(index)

    def show_about(self) -> AboutDialog:
        # Imported on use: it needs the platform module, which start-up does not.
        from releaseplanner.ui.dialogs.about_dialog import AboutDialog

        counts = self._snapshot.counts if self._snapshot is not None else None
        dialog = AboutDialog(self._icon, self.workspace_name, counts, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- slots ---------------------------------------------------------------------------------

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self._proxy.setFilterFixedString(text.strip())
        if text.strip():
            # Matches are often packages: show them without making the user expand releases.
            self._tree.expandAll()

    def _on_tree_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _on_tree_selection_changed(self, *_args: object) -> None:
        self._update_enabled()

    def _on_editing_changed(self, changes: ChangeSet) -> None:
        self._notice.clear()
        self._refresh(changes)

    def _on_editing_error_reported(self, message: str) -> None:
        self._notice.show_message(message)
        self.statusBar().showMessage(message, 10_000)

    def _on_recent_menu_about_to_show(self) -> None:
        fill_recent_menu(
            self._recent_menu,
            self._settings.recent_workspaces,
            self.open_workspace,
            self._actions["file.clear_recent"],
        )

    def _on_insights_loaded(self, insights: dict[str, ReleaseInsight]) -> None:
        current = self._tree.current_row()
        release = current[1] if current is not None and current[0] == RELEASE_KIND else None
        shown = self._model.insight_for(release.id) if release is not None else None
        self._tree.use_insight_delegates()
        self._model.set_insights(insights)
        # Rebuilt only when it changed: rebuilding would drop a selection in the pane's text.
        if release is not None and insights.get(release.id) != shown:
            self._details.show_release(release, insights.get(release.id))

    def _on_insights_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"Risk bands and lifecycle flags not read: {message}", 10_000)

    # -- building ------------------------------------------------------------------------------

    def _build_tree(self) -> PortfolioTree:
        tree = PortfolioTree(self._proxy)
        tree.selectionModel().currentRowChanged.connect(self._on_tree_current_row_changed)
        tree.selectionModel().selectionChanged.connect(self._on_tree_selection_changed)
        return tree

    def _restore_window_state(self) -> None:
        geometry = self._settings.window_geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        state = self._settings.window_state
        if state is not None:
            self.restoreState(state)
        splitter = self._settings.splitter_state
        if splitter is not None:
            self._splitter.restoreState(splitter)

    def _dialog_folder(self) -> Path:
        if self._workspace is not None and self._workspace.location.path is not None:
            return self._workspace.location.path.parent
        return Path.home()

    def _update_enabled(self) -> None:
        """Actions follow the workspace, the selection and what the last edit changed."""
        self._actions.update_enabled()
        self._chrome.update_enabled()

    def _show_current(self) -> None:
        current = self._tree.currentIndex()
        row = current.data(PortfolioRole.ROW)
        if row is None:
            if self._workspace is not None and self._snapshot is not None:
                counts = self._snapshot.counts
                hint = (
                    "Select a release or package in the list to see its details."
                    if self._snapshot.releases
                    else "This workspace has no releases yet."
                )
                self._details.show_workspace(self._workspace.display_name, counts, hint)
            return
        if current.data(PortfolioRole.KIND) == RELEASE_KIND:
            self._details.show_release(row, self._model.insight_for(row.id))
            self._workbench.show_package(None)
            self._workbench.show_release(row.id)
        else:
            self._details.show_package(row, self._model.release_for(row))
            self._workbench.show_package(row.id)
            self._workbench.show_release(row.release_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.window_geometry = self.saveGeometry()
        self._settings.window_state = self.saveState()
        self._settings.splitter_state = self._splitter.saveState()
        self._settings.sync()
        self._insights.shutdown()
        self._editing.set_workspace(None)
        self._workbench.set_workspace(None)
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None
        super().closeEvent(event)
