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
from PySide6.QtWidgets import QFileDialog, QTreeWidget, QTreeWidgetItem, QWidget

from releaseplanner.domain.errors import UserError
from releaseplanner.exchange.merge import ItemKind, MergeItem, MergePlan
from releaseplanner.exchange.references import describe_value
from releaseplanner.services.exchange import export_plan, import_command, preview_import
from releaseplanner.ui.background import BackgroundRunner, BackgroundTask
from releaseplanner.ui.dialogs.preview_dialog_base import PreviewDialogBase, PushCommand
from releaseplanner.ui.formatting import plural
from releaseplanner.ui.models.package_contents_models import GOOD_TEXT, WARNING_TEXT
from releaseplanner.ui.style import MUTED_TEXT

if TYPE_CHECKING:
    from releaseplanner.storage.engine import Workspace

WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
CHOOSE_TEXT = "Choose a plan workbook to see what importing it would change."
CONFLICT_BACKGROUND = "#fdecea"
KEY_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Change", "Workspace", "Workbook", "Exported")
INTRO = (
    "Import a plan workbook that a colleague edited. Rows are matched by their ID; "
    "what you and they both changed since the export is a <b>conflict</b>: ticked, the "
    "workbook's value wins; unticked, yours stays. Nothing changes until you apply, and "
    "an applied import is one step of Edit › Undo."
)
KIND_WORDS = {
    ItemKind.ADDED: "added",
    ItemKind.CHANGED: "changed",
    ItemKind.REMOVED: "removed",
    ItemKind.CONFLICT: "conflict",
}


class MergePreviewDialog(PreviewDialogBase):
    """Choose a workbook, review the merge, apply the ticked changes.

    Args:
        workspace: the open workspace.
        push_command: runs a command through the undo stack; returns whether it succeeded.
        runner: the background runner to plan with (default: one of the dialog's own).
    """

    FILE_DIALOG_TITLE = "Choose a plan workbook"
    FILE_FILTER = WORKBOOK_FILTER

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
            choose_text="Choose workbook…",
            choose_name="chooseWorkbook",
            runner=runner,
        )
        self.setObjectName("mergePreviewDialog")
        self.setWindowTitle("Import plan workbook")
        self.resize(1000, 620)
        self._plan: MergePlan | None = None
        self._leaves: dict[str, QTreeWidgetItem] = {}
        self.summary_label.setObjectName("mergeSummary")
        self.summary_label.setText(CHOOSE_TEXT)
        self.tree = QTreeWidget()
        self.tree.setObjectName("mergeTree")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        for column, width in enumerate((330, 200, 200)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        self._lay_out(self.tree)

    # -- public --------------------------------------------------------------------------------
    @property
    def plan(self) -> MergePlan | None:
        """The plan shown, if any."""
        return self._plan

    def selected_keys(self) -> set[str]:
        """Keys of the ticked changes (a ticked conflict takes the workbook's side)."""
        return {
            key for key, item in self._leaves.items() if item.checkState(0) == Qt.CheckState.Checked
        }

    def leaf(self, key: str) -> QTreeWidgetItem:
        """The tree item of one change, by :attr:`MergeItem.key`."""
        return self._leaves[key]

    # -- reading -------------------------------------------------------------------------------
    def _preview_job(self, path: Path) -> Callable[[], MergePlan]:
        workspace = self._workspace
        return lambda: preview_import(workspace, path)

    def _show_reading(self, path: Path) -> None:
        self.summary_label.setText(f"Reading {html.escape(path.name)}…")

    # -- slots ---------------------------------------------------------------------------------
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
