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

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.errors import UserError
from releaseplanner.services.catalogue import (
    CatalogueImportPlan,
    component_import_command,
    export_components,
    preview_component_import,
)
from releaseplanner.ui.background import BackgroundRunner, BackgroundTask
from releaseplanner.ui.formatting import plural
from releaseplanner.ui.models.import_preview_model import ImportPreviewModel, preview_rows
from releaseplanner.ui.models.package_contents_models import GOOD_TEXT, WARNING_TEXT
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.table_view import PlaceholderTableView

if TYPE_CHECKING:
    from releaseplanner.services.commands import Command
    from releaseplanner.storage.engine import Workspace

PushCommand = Callable[["Command"], bool]
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


class ComponentImportDialog(QDialog):
    """Choose a file, preview it, apply it.

    Args:
        workspace: the open workspace.
        push_command: runs a command through the undo stack; returns whether it succeeded.
        runner: the background runner to read files with (default: one of the dialog's own).
    """

    #: A preview is shown (look at :attr:`plan` for problems).
    preview_ready = Signal()
    #: The file could not be read at all; carries the reason.
    preview_failed = Signal(str)
    #: The import was applied; carries the command's text ("Import components from ...").
    imported = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        push_command: PushCommand,
        parent: QWidget | None = None,
        *,
        runner: BackgroundRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("componentImportDialog")
        self.setWindowTitle("Import components")
        self.resize(900, 560)
        self._workspace = workspace
        self._push_command = push_command
        self._runner = runner or BackgroundRunner(self)
        self._task: BackgroundTask | None = None
        self._plan: CatalogueImportPlan | None = None

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("No file chosen")
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.setObjectName("chooseImportFile")
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)  # busy: reading a file has no useful percentage
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelPreview")
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.model = ImportPreviewModel(self)
        self.table = PlaceholderTableView(CHOOSE_TEXT)
        self.table.setObjectName("importPreview")
        self.table.setModel(self.model)
        self.table.setSelectionMode(PlaceholderTableView.SelectionMode.SingleSelection)
        self.table.set_column_widths({0: 90, 1: 56, 2: 110, 3: 100, 4: 140}, stretch=5)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.addButton(
            "Apply import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setObjectName("applyImport")
        self.apply_button.setEnabled(False)
        self.buttons.accepted.connect(self._on_apply_clicked)
        self.buttons.rejected.connect(self.reject)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.cancel_button)
        self._progress_widgets = (self.progress_label, self.progress_bar, self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addLayout(progress_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self._set_busy(False)

    @property
    def plan(self) -> CatalogueImportPlan | None:
        """The preview shown, if any."""
        return self._plan

    @property
    def is_busy(self) -> bool:
        return self._task is not None and self._task.is_running

    def preview_file(self, path: Path | str) -> BackgroundTask:
        """Read ``path`` in the background and show what importing it would do."""
        if self._task is not None:
            self._task.cancel()
        path = Path(path)
        self.path_edit.setText(str(path))
        self._show_plan(None)
        workspace = self._workspace
        task = self._runner.run(
            lambda: preview_component_import(workspace, path), description=f"Reading {path.name}"
        )
        task.succeeded.connect(self._on_task_succeeded)
        task.failed.connect(self._on_task_failed)
        task.cancelled.connect(self._on_task_cancelled)
        task.done.connect(lambda: self._set_busy(False))
        self._task = task
        self.progress_label.setText(f"Reading {path.name}…")
        self.table.set_placeholder(f"Reading {path.name}…")
        self._set_busy(True)
        return task

    def done(self, result: int) -> None:
        # Closing while a file is read: stop waiting for it (the worker's result is dropped).
        if self._task is not None:
            self._task.cancel()
        super().done(result)

    # -- slots ---------------------------------------------------------------------------------

    def _on_choose_button_clicked(self) -> None:
        start = self.path_edit.text() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a component list", start, COMPONENT_LIST_FILTER
        )
        if path:
            self.preview_file(path)

    def _on_cancel_button_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel()

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

    def _set_busy(self, busy: bool) -> None:
        for widget in self._progress_widgets:
            widget.setVisible(busy)
        self.choose_button.setEnabled(not busy)
        if busy:
            self.apply_button.setEnabled(False)


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
