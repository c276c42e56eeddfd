"""Importing a colleague's plan workbook: a merge preview to accept or reject change by change.

The dialog reads the workbook and plans the merge off the GUI thread (a workbook of thousands
of rows takes seconds), then shows a tree: sheets, the rows that change, and under each row its
fields with the workspace's value → the workbook's. Conflicts (changed on both sides since the
export) are highlighted with both values and the exported one; they start unticked, which keeps
the workspace's value, and ticking one takes the workbook's. Problems in the workbook are listed
with sheet, row and column and block the import. Apply makes one command of the ticked changes
and hands it to ``push_command``: one transaction, journalled, one step of Edit › Undo.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.errors import UserError
from releaseplanner.exchange.merge import ItemKind, MergeItem, MergePlan
from releaseplanner.exchange.references import describe_value
from releaseplanner.services.exchange import export_plan, import_command, preview_import
from releaseplanner.ui.background import BackgroundRunner, BackgroundTask
from releaseplanner.ui.formatting import plural
from releaseplanner.ui.models.package_contents_models import GOOD_TEXT, WARNING_TEXT
from releaseplanner.ui.style import MUTED_TEXT

if TYPE_CHECKING:
    from releaseplanner.services.commands import Command
    from releaseplanner.storage.engine import Workspace

PushCommand = Callable[["Command"], bool]
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
CHOOSE_TEXT = "Choose a plan workbook to see what importing it would change."
CONFLICT_BACKGROUND = "#fdecea"
KEY_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Change", "Workspace", "Workbook", "Exported")
KIND_WORDS = {
    ItemKind.ADDED: "added",
    ItemKind.CHANGED: "changed",
    ItemKind.REMOVED: "removed",
    ItemKind.CONFLICT: "conflict",
}


class MergePreviewDialog(QDialog):
    """Choose a workbook, review the merge, apply the ticked changes.

    Args:
        workspace: the open workspace.
        push_command: runs a command through the undo stack; returns whether it succeeded.
        runner: the background runner to plan with (default: one of the dialog's own).
    """

    #: A preview is shown (look at :attr:`plan`).
    preview_ready = Signal()
    #: The workbook could not be read at all; carries the reason.
    preview_failed = Signal(str)
    #: The import was applied; carries the command's text ("Import plan.xlsx: ...").
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
        self.setObjectName("mergePreviewDialog")
        self.setWindowTitle("Import plan workbook")
        self.resize(1000, 620)
        self._workspace = workspace
        self._push_command = push_command
        self._runner = runner or BackgroundRunner(self)
        self._task: BackgroundTask | None = None
        self._plan: MergePlan | None = None
        self._leaves: dict[str, QTreeWidgetItem] = {}

        intro = QLabel(
            "Import a plan workbook that a colleague edited. Rows are matched by their ID; "
            "what you and they both changed since the export is a <b>conflict</b>: ticked, the "
            "workbook's value wins; unticked, yours stays. Nothing changes until you apply, and "
            "an applied import is one step of Edit › Undo."
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("No file chosen")
        self.choose_button = QPushButton("Choose workbook…")
        self.choose_button.setObjectName("chooseWorkbook")
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)  # reading has no useful percentage
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelPreview")
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.summary_label = QLabel(CHOOSE_TEXT)
        self.summary_label.setObjectName("mergeSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget()
        self.tree.setObjectName("mergeTree")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        for column, width in enumerate((330, 200, 200)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
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
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        self._set_busy(False)

    # -- public --------------------------------------------------------------------------------
    @property
    def plan(self) -> MergePlan | None:
        """The plan shown, if any."""
        return self._plan

    @property
    def is_busy(self) -> bool:
        return self._task is not None and self._task.is_running

    def preview_file(self, path: Path | str) -> BackgroundTask:
        """Read ``path`` and plan its import in the background; the tree shows the result."""
        if self._task is not None:
            self._task.cancel()
        path = Path(path)
        self.path_edit.setText(str(path))
        self._show_plan(None)
        workspace = self._workspace
        task = self._runner.run(
            lambda: preview_import(workspace, path), description=f"Reading {path.name}"
        )
        task.succeeded.connect(self._on_task_succeeded)
        task.failed.connect(self._on_task_failed)
        task.cancelled.connect(self._on_task_cancelled)
        task.done.connect(lambda: self._set_busy(False))
        self._task = task
        self.progress_label.setText(f"Reading {path.name}…")
        self.summary_label.setText(f"Reading {html.escape(path.name)}…")
        self._set_busy(True)
        return task

    def selected_keys(self) -> set[str]:
        """Keys of the ticked changes (a ticked conflict takes the workbook's side)."""
        return {
            key for key, item in self._leaves.items() if item.checkState(0) == Qt.CheckState.Checked
        }

    def leaf(self, key: str) -> QTreeWidgetItem:
        """The tree item of one change, by :attr:`MergeItem.key`."""
        return self._leaves[key]

    def done(self, result: int) -> None:
        # Closing while a workbook is read: stop waiting for it (the result is dropped).
        if self._task is not None:
            self._task.cancel()
        super().done(result)

    # -- slots ---------------------------------------------------------------------------------
    def _on_choose_button_clicked(self) -> None:
        start = self.path_edit.text() or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a plan workbook", start, WORKBOOK_FILTER
        )
        if path:
            self.preview_file(path)

    def _on_cancel_button_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _on_task_succeeded(self, plan: MergePlan) -> None:
        self._show_plan(plan)
        self.preview_ready.emit()

    def _on_task_failed(self, message: str) -> None:
        self._show_plan(None)
        self.summary_label.setText(_coloured(message, WARNING_TEXT))
        self.preview_failed.emit(message)

    def _on_task_cancelled(self) -> None:
        self.summary_label.setText(_coloured("Preview cancelled.", MUTED_TEXT))

    def _on_tree_item_changed(self, _item: QTreeWidgetItem, column: int) -> None:
        if column == 0 and self._plan is not None:
            self.apply_button.setEnabled(self._can_apply())

    def _on_apply_clicked(self) -> None:
        plan = self._plan
        if plan is None or not self._can_apply():
            return
        try:
            command = import_command(self._workspace, plan, selected=self.selected_keys())
        except UserError as exc:
            self.summary_label.setText(_coloured(str(exc), WARNING_TEXT))
            return
        if self._push_command(command):
            self.imported.emit(command.text)
            self.accept()
        else:
            # The workspace changed since the preview (or the write failed): nothing was applied.
            self.summary_label.setText(
                _coloured(
                    "The import could not be applied; nothing was changed. Preview the "
                    "workbook again to compare it with the workspace as it is now.",
                    WARNING_TEXT,
                )
            )

    # -- showing -------------------------------------------------------------------------------
    def _can_apply(self) -> bool:
        plan = self._plan
        return plan is not None and not plan.has_problems and bool(self.selected_keys())

    def _show_plan(self, plan: MergePlan | None) -> None:
        self._plan = plan
        self._leaves.clear()
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            if plan is not None:
                if plan.has_problems:
                    self._add_problems(plan)
                else:
                    self._add_items(plan)
        finally:
            self.tree.blockSignals(False)
        self.apply_button.setEnabled(self._can_apply())
        self.summary_label.setText(_summary(plan) if plan is not None else CHOOSE_TEXT)

    def _add_problems(self, plan: MergePlan) -> None:
        top = QTreeWidgetItem([f"{plural(len(plan.problems), 'problem')} in the workbook"])
        self.tree.addTopLevelItem(top)
        red = QBrush(QColor(WARNING_TEXT))
        for problem in plan.problems:
            place = f"{problem.sheet}"
            if problem.row is not None:
                place += f", row {problem.row}"
            if problem.column is not None:
                place += f", column {problem.column} ({problem.header})"
            child = QTreeWidgetItem([f"{place}: {problem.message}"])
            child.setForeground(0, red)
            top.addChild(child)
        top.setExpanded(True)

    def _add_items(self, plan: MergePlan) -> None:
        flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
        tristate = flags | Qt.ItemFlag.ItemIsAutoTristate
        conflict_brush = QBrush(QColor(CONFLICT_BACKGROUND))
        for sheet, rows in _grouped(plan.items):
            sheet_item = QTreeWidgetItem([sheet])
            sheet_item.setFlags(tristate)
            self.tree.addTopLevelItem(sheet_item)
            for (record_id, label), items in rows:
                row_item = QTreeWidgetItem([label or record_id])
                row_item.setToolTip(0, record_id)
                row_item.setFlags(tristate)
                sheet_item.addChild(row_item)
                for merge_item in items:
                    leaf = QTreeWidgetItem(_leaf_texts(merge_item))
                    leaf.setFlags(flags)
                    leaf.setData(0, KEY_ROLE, merge_item.key)
                    conflict = merge_item.kind is ItemKind.CONFLICT
                    leaf.setCheckState(
                        0, Qt.CheckState.Unchecked if conflict else Qt.CheckState.Checked
                    )
                    if conflict:
                        for column in range(len(COLUMNS)):
                            leaf.setBackground(column, conflict_brush)
                        leaf.setToolTip(0, merge_item.note)
                        row_item.setExpanded(True)
                        sheet_item.setExpanded(True)
                    row_item.addChild(leaf)
                    self._leaves[merge_item.key] = leaf
        if self.tree.topLevelItemCount() <= 3:
            for index in range(self.tree.topLevelItemCount()):
                self.tree.topLevelItem(index).setExpanded(True)

    def _set_busy(self, busy: bool) -> None:
        for widget in self._progress_widgets:
            widget.setVisible(busy)
        self.choose_button.setEnabled(not busy)
        if busy:
            self.apply_button.setEnabled(False)


def _grouped(
    items: list[MergeItem],
) -> Iterator[tuple[str, list[tuple[tuple[str, str], list[MergeItem]]]]]:
    """Items by sheet (in plan order), then by row."""
    sheets: dict[str, dict[tuple[str, str], list[MergeItem]]] = {}
    for item in items:
        rows = sheets.setdefault(item.sheet, {})
        rows.setdefault((item.record_id, item.label), []).append(item)
    for sheet, rows in sheets.items():
        yield sheet, list(rows.items())


def _leaf_texts(item: MergeItem) -> list[str]:
    word = KIND_WORDS[item.kind]
    if item.field:
        return [
            f"{item.column} ({word})",
            describe_value(item.old),
            describe_value(item.new),
            describe_value(item.base) if item.kind is ItemKind.CONFLICT else "",
        ]
    if item.kind is ItemKind.ADDED:
        return ["Row added", "", _values_text(item.new), ""]
    if item.kind is ItemKind.REMOVED:
        return ["Row removed", _values_text(item.old), "(removed)", ""]
    # A row-level conflict: say what happened on each side.
    workspace = "(deleted)" if item.old is None else _values_text(item.old)
    workbook = "(removed)" if item.new is None else _values_text(item.new)
    return [f"Row {word}: {item.note}", workspace, workbook, _values_text(item.base)]


def _values_text(values: Any) -> str:
    if not isinstance(values, dict):
        return describe_value(values)
    return "; ".join(f"{name}: {describe_value(value)}" for name, value in values.items())


def _summary(plan: MergePlan) -> str:
    name = html.escape(plan.path.name)
    if plan.has_problems:
        return _coloured(
            f"{name}: {plural(len(plan.problems), 'problem')} — nothing can be imported until "
            "the workbook is fixed.",
            WARNING_TEXT,
        )
    counts = (
        f"{plural(len(plan.added), 'row')} added · {plural(len(plan.changed), 'change')} · "
        f"{plural(len(plan.removed), 'row')} removed · "
        f"{plural(len(plan.conflicts), 'conflict')} · {plan.unchanged:,} unchanged"
    )
    mode = "" if plan.three_way else " · two-way (the workbook has no export snapshot)"
    lines = [f"<b>{name}</b>: {counts}{mode}"]
    if not plan.items:
        lines.append(_coloured("Nothing to import: the workspace already holds this.", GOOD_TEXT))
    lines += [_coloured(warning, MUTED_TEXT) for warning in plan.warnings]
    return "<br>".join(lines)


def _coloured(text: str, colour: str) -> str:
    return f"<span style='color:{colour}'>{html.escape(text)}</span>"


class PlanExporter(QObject):
    """Writes the plan workbook to an .xlsx file the user picks (off the GUI thread).

    Hook ``prompt_and_export`` to File › Export plan; show ``exported`` in the status bar and
    ``error_reported`` in a message box.
    """

    #: The workbook was written; carries "Exported 12 releases to /path/plan.xlsx".
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
        path, _ = QFileDialog.getSaveFileName(
            self._dialog_parent, "Export plan", str(Path.home() / "plan.xlsx"), WORKBOOK_FILTER
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        return self.export_to(target)

    def export_to(self, path: Path | str) -> BackgroundTask | None:
        """Write the plan workbook to ``path`` in the background."""
        if self._workspace is None:
            self.error_reported.emit("Open a workspace before exporting its plan.")
            return None
        workspace, target = self._workspace, Path(path)
        task = self._runner.run(
            lambda: export_plan(workspace, target), description=f"Exporting to {target}"
        )
        task.succeeded.connect(
            lambda counts: self.exported.emit(
                f"Exported {plural(counts.get('Releases', 0), 'release')} to {target}"
            )
        )
        task.failed.connect(self.error_reported)
        return task
