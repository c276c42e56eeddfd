"""Component import (preview off the GUI thread, problems, one undo step) and export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from releaseplanner.domain.errors import UserError
from releaseplanner.services.catalogue import list_components
from releaseplanner.ui.dialogs.component_import_dialog import (
    ComponentExporter,
    ComponentImportDialog,
)
from releaseplanner.ui.models.import_preview_model import ImportPreviewModel, Outcome

HEADER = "ci_id,name,version,type,owner\n"
GOOD = HEADER + (
    "CI-9001,Fraud scoring,1.0.0,service,Risk team\nCI-9002,Risk rules,2.1,library,Risk team\n"
)
BAD = HEADER + (
    "CI-9001,Fraud scoring,1.0.0,service,Risk team\n"
    "CI-9002,,2.1,library,Risk team\n"
    "CI-9003,Ledger export,0.9,spreadsheet,Finance\n"
)


class CommandLog:
    def __init__(self) -> None:
        self.commands: list = []

    def __call__(self, command) -> bool:
        try:
            command.redo()
        except UserError:
            return False
        self.commands.append(command)
        return True


@pytest.fixture
def log():
    return CommandLog()


@pytest.fixture
def dialog(qtbot, workspace, log):
    dialog = ComponentImportDialog(workspace, log)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    dialog._runner.wait_for_done()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def preview(qtbot, dialog, path: Path) -> None:
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.preview_file(path)
    assert not dialog.is_busy


def test_preview_model_passes_the_model_tester(qtmodeltester, qtbot, dialog, tmp_path):
    preview(qtbot, dialog, write(tmp_path, "bad.csv", BAD))
    qtmodeltester.check(dialog.model)


def test_a_bad_row_blocks_apply_and_is_shown_with_row_and_column(qtbot, dialog, tmp_path, log):
    path = write(tmp_path, "bad.csv", BAD)
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.preview_file(path)
        assert dialog.progress_bar.isVisible()  # busy while the worker reads
        assert not dialog.choose_button.isEnabled()

    assert not dialog.apply_button.isEnabled()
    model = dialog.model
    problems = [row for row in model.rows() if row.outcome is Outcome.PROBLEM]
    assert [(p.row, p.field) for p in problems] == [(3, "name"), (4, "type")]
    first = model.index(0, ImportPreviewModel.AFTER)
    assert first.data() == "is empty"
    assert first.data(Qt.ItemDataRole.BackgroundRole) is not None  # highlighted
    assert first.data(Qt.ItemDataRole.ToolTipRole) == f"{path}, row 3, column name: is empty"
    assert model.index(0, ImportPreviewModel.ROW).data() == "3"
    assert "2 row problems" in dialog.summary_label.text()
    assert str(path) in dialog.summary_label.text()
    assert log.commands == []


def test_a_good_file_is_applied_as_one_undoable_command(qtbot, dialog, tmp_path, workspace, log):
    preview(qtbot, dialog, write(tmp_path, "bad.csv", BAD))
    preview(qtbot, dialog, write(tmp_path, "good.csv", GOOD))
    assert dialog.apply_button.isEnabled()
    assert [row.outcome for row in dialog.model.rows()] == [Outcome.ADDED, Outcome.ADDED]
    assert "Ready to apply" in dialog.summary_label.text()

    with qtbot.waitSignal(dialog.imported) as blocker:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    assert blocker.args == ["Import components from good.csv: 2 added, 0 updated"]
    assert len(log.commands) == 1
    assert {c.ci_id for c in list_components(workspace)} >= {"CI-9001", "CI-9002"}
    assert not dialog.isVisible()

    log.commands[0].undo()
    assert not {c.ci_id for c in list_components(workspace)} & {"CI-9001", "CI-9002"}


def test_changes_to_existing_components_show_old_and_new(qtbot, dialog, tmp_path, log):
    preview(qtbot, dialog, write(tmp_path, "good.csv", GOOD))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    again = ComponentImportDialog(dialog._workspace, log)
    qtbot.addWidget(again)

    preview(qtbot, again, write(tmp_path, "newer.csv", GOOD.replace("2.1", "2.2")))

    (change,) = again.model.rows()
    assert (change.outcome, change.ci_id, change.field) == (Outcome.CHANGED, "CI-9002", "version")
    assert (change.before, change.after, change.row) == ("2.1", "2.2", 3)
    again._runner.wait_for_done()


def test_an_unreadable_file_is_reported(qtbot, dialog, tmp_path):
    path = write(tmp_path, "notes.txt", "hello")
    with qtbot.waitSignal(dialog.preview_failed, timeout=10_000) as blocker:
        dialog.preview_file(path)

    assert "must be a .csv or .xlsx file" in blocker.args[0]
    assert "must be a .csv or .xlsx file" in dialog.summary_label.text()
    assert not dialog.apply_button.isEnabled()


def test_cancelling_a_preview_drops_its_result(qtbot, dialog, tmp_path):
    path = write(tmp_path, "good.csv", GOOD)
    with qtbot.assertNotEmitted(dialog.preview_ready, wait=100):
        task = dialog.preview_file(path)
        dialog.cancel_button.click()  # synchronous: the result cannot arrive first
        assert not task.is_running
        dialog._runner.wait_for_done()

    assert dialog.plan is None
    assert "cancelled" in dialog.summary_label.text()
    assert dialog.choose_button.isEnabled()


def test_choose_file_opens_a_file_dialog(qtbot, dialog, tmp_path, monkeypatch):
    path = write(tmp_path, "good.csv", GOOD)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kw: (str(path), ""))

    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.path_edit.text() == str(path)


def test_export_writes_the_catalogue_in_the_background(qtbot, workspace, tmp_path, monkeypatch):
    exporter = ComponentExporter(workspace)
    target = tmp_path / "catalogue"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kw: (str(target), "CSV file (*.csv)")
    )

    with qtbot.waitSignal(exporter.exported, timeout=10_000) as blocker:
        exporter.prompt_and_export()

    written = target.with_name("catalogue.csv")
    assert blocker.args == [f"Exported {len(list_components(workspace))} components to {written}"]
    with written.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["ci_id", "name", "version", "type", "owner"]


def test_export_problems_are_reported(qtbot, workspace, tmp_path):
    exporter = ComponentExporter(workspace)
    with qtbot.waitSignal(exporter.error_reported, timeout=10_000) as blocker:
        exporter.export_to(tmp_path / "catalogue.txt")
    assert "export to a .csv or .xlsx file" in blocker.args[0]

    exporter.set_workspace(None)
    with qtbot.waitSignal(exporter.error_reported) as blocker:
        assert exporter.export_to(tmp_path / "catalogue.csv") is None
    assert "Open a workspace" in blocker.args[0]
