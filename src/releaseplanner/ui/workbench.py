"""The workbench: the panels and windows around the portfolio tree, made when first needed.

The main window stays a thin shell: it tells the workbench which workspace is open, which
package is current and what an edit changed; the workbench owns the docks (package contents,
journal) and the dialogs (component import and export) and hands each the one thing it needs to
change data: ``push_command``, which runs a services command and puts it on the window's single
undo stack. Panels import the services, so they are built on first use, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

if TYPE_CHECKING:
    from releaseplanner.services.changes import ChangeSet
    from releaseplanner.services.commands import Command
    from releaseplanner.storage.engine import Workspace
    from releaseplanner.ui.dialogs.component_import_dialog import ComponentExporter
    from releaseplanner.ui.dialogs.merge_preview_dialog import PlanExporter
    from releaseplanner.ui.editing import EditController
    from releaseplanner.ui.lifecycle.lifecycle_window import LifecycleWindow
    from releaseplanner.ui.risk.risk_window import RiskWindow
    from releaseplanner.ui.timeline.timeline_window import TimelineWindow
    from releaseplanner.ui.views.journal_view import JournalView
    from releaseplanner.ui.widgets.package_contents import PackageContentsPanel


class Workbench(QObject):
    """Docks and dialogs of one main window (see the module docstring).

    Args:
        window: the main window the docks attach to and dialogs open over.
        editing: runs commands on the window's undo stack and reports what they changed.
        report: shows a one-line problem to the user (the window's notice bar).
    """

    def __init__(
        self, window: QMainWindow, editing: EditController, report: Callable[[str], None]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._editing = editing
        self._report = report
        self._workspace: Workspace | None = None
        self._package_id: str | None = None
        self._contents: PackageContentsPanel | None = None
        self._contents_dock: QDockWidget | None = None
        self._journal: JournalView | None = None
        self._journal_dock: QDockWidget | None = None
        self._exporter: ComponentExporter | None = None
        self._plan_exporter: PlanExporter | None = None
        self._risk: RiskWindow | None = None
        self._timeline: TimelineWindow | None = None
        self._lifecycle: LifecycleWindow | None = None
        self._release_id: str | None = None
        editing.changed.connect(self._on_editing_changed)

    # -- what the window tells us --------------------------------------------------------------

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Point every panel at ``workspace`` (None while none is open)."""
        self._workspace = workspace
        self._package_id = None
        if self._risk is not None:
            # The risk views read one workspace: drop them; Ctrl+R builds them anew.
            self._risk.shutdown()
            self._risk.close()
            self._risk.deleteLater()
            self._risk = None
        if self._lifecycle is not None:
            self._lifecycle.shutdown()
            self._lifecycle.close()
            self._lifecycle.deleteLater()
            self._lifecycle = None
        if self._timeline is not None:
            # Likewise the timeline (its close waits for background loads to finish).
            self._timeline.close()
            self._timeline.deleteLater()
            self._timeline = None
        for panel in (self._contents, self._journal, self._exporter, self._plan_exporter):
            if panel is not None:
                panel.set_workspace(workspace)
        if self._contents is not None:
            self._contents.show_package(None)

    def show_package(self, package_id: str | None) -> None:
        """The current row changed: show a package's contents (nothing for a release)."""
        self._package_id = package_id
        if package_id is None and self._contents is None:
            return
        self.package_contents().show_package(package_id)

    def show_release(self, release_id: str | None) -> None:
        """The release in focus (the current row's release): the risk views follow it."""
        self._release_id = release_id
        if self._risk is not None and self._risk.isVisible():
            self._risk.focus_release(release_id)

    def push_command(self, command: Command) -> bool:
        """Run ``command`` on the window's undo stack; False (and reported) when refused."""
        return self._editing.run(lambda _workspace: command)

    # -- panels and dialogs --------------------------------------------------------------------

    def package_contents(self) -> PackageContentsPanel:
        """The package contents dock (components, changes, builds and tests, impact)."""
        if self._contents is None:
            from releaseplanner.ui.widgets.package_contents import PackageContentsPanel

            self._contents = PackageContentsPanel(self._workspace, self.push_command)
            self._contents.error_reported.connect(self._report)
            self._contents_dock = self._dock(
                "packageContentsDock", "Package contents", self._contents
            )
        return self._contents

    def show_journal(self) -> JournalView:
        """Show (building on first use) the Journal dock, filtered to the current release."""
        if self._journal is None:
            from releaseplanner.ui.views.journal_view import JournalView

            self._journal = JournalView(self._workspace)
            self._journal.error_reported.connect(self._report)
            self._journal_dock = self._dock("journalDock", "Journal", self._journal)
        assert self._journal_dock is not None
        self._journal_dock.show()
        self._journal_dock.raise_()
        self._journal.refresh()
        return self._journal

    def import_components(self) -> QWidget | None:
        """Open the component-list import dialog (preview, per-row problems, one undo step)."""
        if self._workspace is None:
            return None
        from releaseplanner.ui.dialogs.component_import_dialog import ComponentImportDialog

        dialog = ComponentImportDialog(self._workspace, self.push_command, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_components(self) -> Any:
        """Ask for a .csv or .xlsx file and write the component catalogue to it."""
        if self._workspace is None:
            return None
        if self._exporter is None:
            from releaseplanner.ui.dialogs.component_import_dialog import ComponentExporter

            self._exporter = ComponentExporter(self._workspace, self._window)
            self._exporter.error_reported.connect(self._report)
            self._exporter.exported.connect(self._show_status)
        return self._exporter.prompt_and_export()

    def import_plan(self) -> QWidget | None:
        """Import a colleague's edited plan workbook: a merge preview (three-way when the
        workbook carries its export snapshot), checked changes applied as one undo step."""
        if self._workspace is None:
            return None
        from releaseplanner.ui.dialogs.merge_preview_dialog import MergePreviewDialog

        dialog = MergePreviewDialog(self._workspace, self.push_command, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._show_status)
        dialog.open()
        return dialog

    def export_plan(self) -> Any:
        """Ask for an .xlsx file and write the plan workbook (in the background)."""
        if self._workspace is None:
            return None
        if self._plan_exporter is None:
            from releaseplanner.ui.dialogs.merge_preview_dialog import PlanExporter

            self._plan_exporter = PlanExporter(self._workspace, self._window)
            self._plan_exporter.error_reported.connect(self._report)
            self._plan_exporter.exported.connect(self._show_status)
        return self._plan_exporter.prompt_and_export()

    def show_risk(self) -> RiskWindow | None:
        """Show the Risk window (register and dashboard), focused on the current release."""
        if self._workspace is None:
            return None
        if self._risk is None:
            from releaseplanner.ui.risk.risk_window import RiskWindow

            self._risk = RiskWindow(self._workspace, self.push_command, self._window)
        self._risk.focus_release(self._release_id)
        self._risk.show()
        self._risk.raise_()
        self._risk.activateWindow()
        return self._risk

    def show_timeline(self, *, present: bool = False) -> TimelineWindow | None:
        """Show the timeline window (built on first use); ``present`` starts meeting mode."""
        if self._workspace is None:
            return None
        if self._timeline is None:
            from releaseplanner.ui.timeline.timeline_window import TimelineWindow

            self._timeline = TimelineWindow(self._workspace, self.push_command, parent=self._window)
            registry = getattr(self._window, "actions_registry", None)
            if registry is not None:
                # Ctrl+Z in the timeline undoes on the one stack, like everywhere else.
                self._timeline.add_edit_actions(registry["edit.undo"], registry["edit.redo"])
        self._timeline.show()
        self._timeline.raise_()
        self._timeline.activateWindow()
        if present:
            self._timeline.toggle_presentation()
        return self._timeline

    def present_timeline(self) -> TimelineWindow | None:
        """Meeting mode: the timeline full screen with large type (F11)."""
        return self.show_timeline(present=True)

    def show_lifecycle(self, *, metrics: bool = False) -> LifecycleWindow | None:
        """Show builds, tests, deployments, early-life support and the review of the current
        release, or (``metrics``) the delivery metrics of the portfolio."""
        if self._workspace is None:
            return None
        if self._lifecycle is None:
            from releaseplanner.ui.lifecycle.lifecycle_window import LifecycleWindow

            self._lifecycle = LifecycleWindow(self._workspace, self.push_command, self._window)
            self._lifecycle.records.failed.connect(self._report)
            self._lifecycle.metrics.failed.connect(self._report)
        if metrics:
            self._lifecycle.show_metrics()
        else:
            self._lifecycle.focus_release(self._release_id)
        self._lifecycle.show()
        self._lifecycle.raise_()
        self._lifecycle.activateWindow()
        return self._lifecycle

    def show_metrics(self) -> LifecycleWindow | None:
        return self.show_lifecycle(metrics=True)

    def has_workspace(self) -> bool:
        return self._workspace is not None

    # -- helpers -------------------------------------------------------------------------------

    def _dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self._window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        area = Qt.DockWidgetArea.BottomDockWidgetArea
        others = [
            d
            for d in self._window.findChildren(QDockWidget)
            if d is not dock and self._window.dockWidgetArea(d) == area and d.isVisible()
        ]
        self._window.addDockWidget(area, dock)
        if others:
            # Share the bottom area as tabs rather than squeezing the tree from below.
            self._window.tabifyDockWidget(others[-1], dock)
        dock.show()
        dock.raise_()
        return dock

    def _show_status(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 10_000)

    def _on_editing_changed(self, changes: ChangeSet) -> None:
        if self._lifecycle is not None:
            self._lifecycle.apply_changes(changes)
        if self._timeline is not None:
            self._timeline.refresh(changes)
        if self._risk is not None:
            self._risk.apply_changes(changes)
        if self._contents is not None:
            self._contents.refresh()
        journal, dock = self._journal, self._journal_dock
        if journal is not None and dock is not None and dock.isVisible():
            journal.refresh()
