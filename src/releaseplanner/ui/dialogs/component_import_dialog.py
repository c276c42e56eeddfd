"""Importing a component list into the shared catalogue (with a preview), and exporting it.

The dialog reads the chosen CSV or xlsx file off the GUI thread (a big workbook takes a while),
shows what the import would add and change and every row it cannot import, and applies it as
one undoable command only when the file has no problems. :class:`ComponentExporter` writes the
catalogue to a file the user picks, also off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from releaseplanner.domain.errors import UserError
from releaseplanner.services.catalogue import (
    CatalogueImportPlan,
    component_import_command,
    export_components,
    preview_component_import,
)
from releaseplanner.ui.background import BackgroundRunner, BackgroundTask
from releaseplanner.ui.dialogs.preview_dialog_base import PreviewDialogBase, PushCommand
from releaseplanner.ui.formatting import plural
from releaseplanner.ui.models.import_preview_model import ImportPreviewModel, preview_rows
from releaseplanner.ui.models.package_contents_models import GOOD_TEXT, WARNING_TEXT
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.table_view import PlaceholderTableView

if TYPE_CHECKING:
    from releaseplanner.storage.engine import Workspace

COMPONENT_LIST_FILTER = (
    "Component lists (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx)"
)
CHOOSE_TEXT = "Choose a CSV file or xlsx workbook to see what it would add and change."
EXPORT_FILTERS = {"CSV file (*.csv)": ".csv", "Excel workbook (*.xlsx)": ".xlsx"}
INTRO = (
    "Import a component list from your CMDB into the shared catalogue: a CSV file or an xlsx "
    "workbook with the columns <b>ci_id</b>, <b>name</b>, version, type and owner. Components "
    "are matched on their CI id. Nothing changes until you apply the import, and an applied "
    "import is one step of Edit › Undo."
)


class ComponentImportDialog(PreviewDialogBase):
    """Choose a file, preview it, apply it.

    Args:
        workspace: the open workspace.
        push_command: runs a command through the undo stack; returns whether it succeeded.
        runner: the background runner to read files with (default: one of the dialog's own).
    """

    FILE_DIALOG_TITLE = "Choose a component list"
    FILE_FILTER = COMPONENT_LIST_FILTER

    def __init__(
        self,
        workspace: Workspace,
        push_command: PushCommand,
        parent: QWidget | None = None,
        *,
        runner: BackgroundRunner | None = None,
    ) -> None:
        super().__init__(
            workspace,
            push_command,
            parent,
            intro=INTRO,
            choose_text="Choose file…",
            choose_name="chooseImportFile",
            runner=runner,
        )
        self.setObjectName("componentImportDialog")
        self.setWindowTitle("Import components")
        self.resize(900, 560)
        self._plan: CatalogueImportPlan | None = None
        self.summary_label.setObjectName("importSummary")
        self.model = ImportPreviewModel(self)
        self.table = PlaceholderTableView(CHOOSE_TEXT)
        self.table.setObjectName("importPreview")
        self.table.setModel(self.model)
        self.table.setSelectionMode(PlaceholderTableView.SelectionMode.SingleSelection)
        self.table.set_column_widths({0: 90, 1: 56, 2: 110, 3: 100, 4: 140}, stretch=5)
        self._lay_out(self.table)

    @property
    def plan(self) -> CatalogueImportPlan | None:
        """The preview shown, if any."""
        return self._plan

    # -- reading -------------------------------------------------------------------------------

    def _preview_job(self, path: Path) -> Callable[[], CatalogueImportPlan]:
        workspace = self._workspace
        return lambda: preview_component_import(workspace, path)

    def _show_reading(self, path: Path) -> None:
        self.table.set_placeholder(f"Reading {path.name}…")

    # -- slots ---------------------------------------------------------------------------------

    def _on_task_succeeded(self, plan: CatalogueImportPlan) -> None:
        self.table.set_placeholder("The file lists no components.")
        self._show_plan(plan)
        self.preview_ready.emit()

    def _on_task_failed(self, message: str) -> None:
        self._show_plan(None)
        self.table.set_placeholder("The file could not be read: see the message above.")
        self.summary_label.setText(f"<span style='color:{WARNING_TEXT}'>{_escape(message)}</span>")
        self.preview_failed.emit(message)

    def _on_task_cancelled(self) -> None:
        self.table.set_placeholder(CHOOSE_TEXT)
        self.summary_label.setText(f"<span style='color:{MUTED_TEXT}'>Preview cancelled.</span>")

    def _on_apply_clicked(self) -> None:
        if self._plan is None or self._plan.has_problems:
            return
        try:
            command = component_import_command(self._workspace, self._plan)
        except UserError as exc:
            self.summary_label.setText(
                f"<span style='color:{WARNING_TEXT}'>{_escape(str(exc))}</span>"
            )
            return
        if self._push_command(command):
            self.imported.emit(command.text)
            self.accept()
        else:
            # The catalogue changed since the preview (or the write failed): read the file again.
            self.summary_label.setText(
                f"<span style='color:{WARNING_TEXT}'>The import could not be applied. "
                "Preview the file again to see the catalogue as it is now.</span>"
            )

    # -- showing -------------------------------------------------------------------------------

    def _show_plan(self, plan: CatalogueImportPlan | None) -> None:
        self._plan = plan
        self.model.set_rows(preview_rows(plan) if plan is not None else [])
        can_apply = plan is not None and not plan.has_problems and bool(plan.added or plan.changed)
        self.apply_button.setEnabled(can_apply)
        if plan is None:
            self.summary_label.clear()
            return
        counts = (
            f"{plural(len(plan.added), 'component')} to add · "
            f"{plural(len(plan.changes), 'change')} to {plural(len(plan.changed), 'component')} · "
            f"{plan.unchanged:,} unchanged"
        )
        lines = [f"<b>{_escape(plan.source.source)}</b>", counts]
        if plan.has_problems:
            problems = plural(len(plan.source.problems), "row problem")
            lines.append(
                f"<span style='color:{WARNING_TEXT}'><b>{problems}</b>: nothing can be imported "
                "until the file is fixed. Fix the rows listed below and choose the file again."
                "</span>"
            )
        elif can_apply:
            lines.append(f"<span style='color:{GOOD_TEXT}'>Ready to apply.</span>")
        else:
            lines.append(
                "Nothing to import: the catalogue already holds these components as listed."
            )
        lines += [
            f"<span style='color:{MUTED_TEXT}'>{_escape(w)}</span>" for w in plan.source.warnings
        ]
        self.summary_label.setText("<br>".join(lines))


class ComponentExporter(QObject):
    """Writes the component catalogue to a CSV or xlsx file the user picks (off the GUI thread).

    Hook ``prompt_and_export`` to a menu item; show ``exported`` in the status bar and
    ``error_reported`` in a message box.

    Args:
        workspace: the open workspace (change it with :meth:`set_workspace`).
        dialog_parent: the window the save dialog belongs to.
    """

    #: The catalogue was written; carries "Exported 24 components to /path/file.csv".
    exported = Signal(str)
    #: The export failed; carries the reason.
    error_reported = Signal(str)

    def __init__(
        self,
        workspace: Workspace | None,
        dialog_parent: QWidget | None = None,
        *,
        runner: BackgroundRunner | None = None,
    ) -> None:
        super().__init__(dialog_parent)
        self._workspace = workspace
        self._dialog_parent = dialog_parent
        self._runner = runner or BackgroundRunner(self)

    def set_workspace(self, workspace: Workspace | None) -> None:
        self._workspace = workspace

    def prompt_and_export(self) -> BackgroundTask | None:
        """Ask where to save, then export there; None when the user cancels."""
        path, chosen_filter = QFileDialog.getSaveFileName(
            self._dialog_parent,
            "Export component catalogue",
            str(Path.home() / "components.xlsx"),
            ";;".join(EXPORT_FILTERS),
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() not in EXPORT_FILTERS.values():
            target = target.with_name(target.name + EXPORT_FILTERS.get(chosen_filter, ".xlsx"))
        return self.export_to(target)

    def export_to(self, path: Path | str) -> BackgroundTask | None:
        """Write the catalogue to ``path`` (.csv or .xlsx) in the background."""
        if self._workspace is None:
            self.error_reported.emit("Open a workspace before exporting its components.")
            return None
        workspace, target = self._workspace, Path(path)
        task = self._runner.run(
            lambda: export_components(workspace, target), description=f"Exporting to {target}"
        )
        task.succeeded.connect(
            lambda count: self.exported.emit(f"Exported {plural(count, 'component')} to {target}")
        )
        task.failed.connect(self.error_reported)
        return task


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
