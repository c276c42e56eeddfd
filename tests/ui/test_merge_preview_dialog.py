"""The merge preview: planned off the GUI thread, a tree of changes with conflicts highlighted,
ticks to accept or reject, Apply as one undo step; problems block the import."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

pytest.importorskip("PySide6")

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import UserError
from releaseplanner.services.commands import EditRecord
from releaseplanner.services.demo import build_demo
from releaseplanner.services.exchange import export_plan
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.store import Store
from releaseplanner.ui.dialogs.merge_preview_dialog import (
    CONFLICT_BACKGROUND,
    MergePreviewDialog,
    PlanExporter,
)


class CommandLog:
    """Stands in for the main window's push_command: runs the command, remembers it."""

    def __init__(self) -> None:
        self.commands: list = []

    def __call__(self, command) -> bool:
        try:
            command.redo()
        except UserError:
            return False
        self.commands.append(command)
        return True


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    workspace = open_workspace(str(path), create=True)
    ensure_reference_data(workspace)
    build_demo(workspace, scale=1, seed=2, today=date(2026, 3, 2))
    workspace.close()
    return path


@pytest.fixture
def ws(template, tmp_path):
    path = tmp_path / "w.sqlite"
    shutil.copyfile(template, path)
    workspace = open_workspace(str(path))
    yield workspace
    workspace.close()


@pytest.fixture
def log():
    return CommandLog()


@pytest.fixture
def dialog(qtbot, ws, log):
    dialog = MergePreviewDialog(ws, log)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    dialog._runner.wait_for_done()


def release(workspace, index=0):
    with workspace.session_factory() as session:
        return sorted(Store(session).releases(), key=lambda r: r.key)[index]


@pytest.fixture
def workbook(ws, tmp_path):
    """One release exported; the colleague renamed it and re-described it; the workspace
    changed the description too (a conflict)."""
    target = release(ws)
    path = tmp_path / "plan.xlsx"
    export_plan(ws, path, [target.key])
    book = load_workbook(path)
    book["Releases"]["C2"] = "Renamed in the workbook"
    book["Releases"]["L2"] = "Their description"
    book.save(path)
    EditRecord(ws, dm.Release, target.id, {"description": "Our description"}, "Edit").redo()
    return path, target


def preview(qtbot, dialog, path):
    with qtbot.waitSignal(dialog.preview_ready, timeout=20_000):
        dialog.preview_file(path)
    assert not dialog.is_busy


def test_the_tree_shows_changes_and_highlights_conflicts(qtbot, dialog, workbook):
    path, target = workbook
    preview(qtbot, dialog, path)
    sheet = dialog.tree.topLevelItem(0)
    assert sheet.text(0) == "Releases"
    row = sheet.child(0)
    assert row.text(0) == target.key and row.toolTip(0) == target.id
    rename = dialog.leaf(f"Releases|{target.id}|name")
    assert (rename.text(0), rename.text(2)) == ("Name (changed)", "Renamed in the workbook")
    assert rename.checkState(0) == Qt.CheckState.Checked
    conflict = dialog.leaf(f"Releases|{target.id}|description")
    assert conflict.text(1) == "Our description" and conflict.text(2) == "Their description"
    assert conflict.checkState(0) == Qt.CheckState.Unchecked
    assert conflict.background(1).color().name() == CONFLICT_BACKGROUND
    assert row.checkState(0) == Qt.CheckState.PartiallyChecked
    assert "1 conflict" in dialog.summary_label.text()
    assert dialog.apply_button.isEnabled()


def test_apply_takes_the_ticked_changes_as_one_undo_step(qtbot, dialog, workbook, ws, log):
    path, target = workbook
    preview(qtbot, dialog, path)
    dialog.leaf(f"Releases|{target.id}|description").setCheckState(0, Qt.CheckState.Checked)
    dialog.leaf(f"Releases|{target.id}|name").setCheckState(0, Qt.CheckState.Unchecked)
    with qtbot.waitSignal(dialog.imported) as imported:
        dialog.apply_button.click()
    assert imported.args[0].startswith("Import plan.xlsx")
    (command,) = log.commands
    now = release(ws)
    assert (now.name, now.description) == (target.name, "Their description")
    command.undo()
    assert release(ws).description == "Our description"


def test_unticking_everything_disables_apply(qtbot, dialog, workbook):
    path, _ = workbook
    preview(qtbot, dialog, path)
    dialog.tree.topLevelItem(0).setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.selected_keys() == set()
    assert not dialog.apply_button.isEnabled()


def test_problems_are_listed_and_block_the_import(qtbot, dialog, ws, tmp_path):
    path = tmp_path / "bad.xlsx"
    export_plan(ws, path, [release(ws).key])
    book = load_workbook(path)
    book["Risks"]["F2"] = 9
    book.save(path)
    preview(qtbot, dialog, path)
    problems = dialog.tree.topLevelItem(0)
    assert problems.text(0) == "1 problem in the workbook"
    assert problems.child(0).text(0) == "Risks, row 2, column F (Likelihood): 9 is not from 1 to 5"
    assert not dialog.apply_button.isEnabled()


def test_a_file_that_is_no_workbook_says_why(qtbot, dialog, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    with qtbot.waitSignal(dialog.preview_failed, timeout=20_000) as failed:
        dialog.preview_file(path)
    assert "not an xlsx workbook" in failed.args[0]
    assert "not an xlsx workbook" in dialog.summary_label.text()
    assert dialog.tree.topLevelItemCount() == 0


def test_the_exporter_writes_the_plan_off_the_gui_thread(qtbot, ws, tmp_path):
    exporter = PlanExporter(ws)
    target = tmp_path / "plan.xlsx"
    with qtbot.waitSignal(exporter.exported, timeout=20_000) as exported:
        exporter.export_to(target)
    assert exported.args[0].startswith("Exported ") and exported.args[0].endswith(str(target))
    book = load_workbook(target, read_only=True)
    assert book.sheetnames[0] == "Summary"
    book.close()
    with qtbot.waitSignal(exporter.error_reported, timeout=20_000) as failed:
        exporter.export_to(tmp_path / "missing" / "plan.xlsx")
    assert "cannot write there" in failed.args[0]
    exporter._runner.wait_for_done()
