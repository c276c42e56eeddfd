"""The post-release review tab on the demo workspace: completing a review with its follow-up
actions and saving it as one undo step (journalled), editing a held review, the overdue flag,
a draft kept while the records change under it, and exporting the review workbook."""

from __future__ import annotations

from datetime import date, datetime

import pytest

pytest.importorskip("PySide6")

from openpyxl import load_workbook
from PySide6.QtGui import QUndoStack

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ActionStatus, CloseCode, ObjectivesMet
from releaseplanner.services.journal import list_journal
from releaseplanner.services.lifecycle import log_incident
from releaseplanner.storage.store import Store
from releaseplanner.ui.lifecycle.release_records import ReleaseRecordsView
from releaseplanner.ui.lifecycle.review_actions import ReviewActionsModel
from releaseplanner.ui.undo import push_command

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 16, 0)


@pytest.fixture
def workspace(demo_workspace):
    return demo_workspace


def fetch(workspace, record_type, **where):
    with workspace.session_factory() as session:
        return Store(session).all(record_type, **where)


def release_id(workspace, key):
    with workspace.session_factory() as session:
        return Store(session).release_by_key(key).id


class Window:
    def __init__(self, workspace, qtbot, today=TODAY, ask_path=None):
        self.workspace = workspace
        self.stack = QUndoStack()
        self.failures: list[str] = []
        extra = {"ask_path": ask_path} if ask_path else {}
        self.view = ReleaseRecordsView(
            workspace, self.push, today=lambda: today, now=lambda: NOW, **extra
        )
        qtbot.addWidget(self.view)
        self.review = self.view.review_tab

    def push(self, command) -> bool:
        return push_command(self.stack, command, self.view.apply_changes, self.failures.append)

    def open(self, key, qtbot):
        self.view.set_release(release_id(self.workspace, key))
        self.view.tabs.setCurrentWidget(self.review)
        self.view.resize(1280, 800)
        self.view.show()
        qtbot.waitExposed(self.view)


@pytest.fixture
def window(workspace, qtbot):
    return Window(workspace, qtbot)


def test_complete_a_review_and_save_it_as_one_undo_step(qtbot, window):
    window.open("IAM-2.8", qtbot)
    review = window.review
    assert review.banner.property("state") == "due"
    assert "Successful with issues" in review.suggestion.text()
    assert not review.save_button.isEnabled()
    review.held_edit.set_value(TODAY)
    review.facilitator_edit.setText("Kira Moreau")
    review.participants_edit.setText("Kira Moreau, Amara Ahmed, Eva Larsen")
    review.objective_buttons[ObjectivesMet.PARTLY].setChecked(True)
    review.close_combo.setCurrentIndex(review.close_combo.findData("successful_with_issues"))
    review.texts["went_well"].setPlainText("Deployment inside the window")
    review.texts["went_wrong"].setPlainText("Report totals wrong for two days")
    review.texts["lessons"].setPlainText("Reconcile the daily report in UAT")
    first = review.add_action("Add a reconciliation check to UAT")
    review.add_action("Brief the service desk on report totals")
    model = review.actions_model
    row = model.row_number(first.id)
    assert model.setData(model.index(row, ReviewActionsModel.OWNER), "Eva Larsen")
    assert model.setData(model.index(row, ReviewActionsModel.DUE), date(2026, 12, 10))
    assert review.save_button.isEnabled() and "Unsaved" in review.state_label.text()

    with qtbot.waitSignal(window.view.refreshed):
        review.save_button.click()
    assert window.failures == [] and window.stack.count() == 1
    (saved,) = fetch(
        window.workspace, dm.Review, release_id=release_id(window.workspace, "IAM-2.8")
    )
    assert saved.objectives_met is ObjectivesMet.PARTLY
    assert saved.close_code is CloseCode.SUCCESSFUL_WITH_ISSUES
    assert saved.facilitator == "Kira Moreau" and saved.held_on == TODAY
    actions = {a.description: a for a in fetch(window.workspace, dm.ReviewAction)}
    assert actions["Add a reconciliation check to UAT"].owner == "Eva Larsen"
    assert actions["Add a reconciliation check to UAT"].due_on == date(2026, 12, 10)
    assert "Brief the service desk on report totals" in actions
    lines = list_journal(window.workspace, release_key="IAM-2.8", entity="review")
    assert lines and all("post-release review of IAM-2.8" in line.operation for line in lines)
    assert list_journal(window.workspace, entity="review_action")
    assert not review.is_dirty() and review.state_label.text() == "Saved."
    assert review.banner.property("state") == "held"
    assert review.actions_model.row_at(0).description.startswith("Add a recon")

    with qtbot.waitSignal(window.view.refreshed):
        window.stack.undo()
    assert fetch(window.workspace, dm.Review, release_id=saved.release_id) == []
    assert review.form.review is None and review.banner.property("state") == "due"


def test_edit_a_held_review_changes_and_removes_actions_in_one_step(qtbot, window):
    window.open("PAY-4.0", qtbot)
    review = window.review
    model = review.actions_model
    done, open_ = sorted(model.rows(), key=lambda r: r.status is ActionStatus.OPEN)
    assert open_.status is ActionStatus.OPEN
    row = model.row_number(open_.id)
    model.setData(model.index(row, ReviewActionsModel.STATUS), ActionStatus.IN_PROGRESS)
    review.actions_table.selectRow(model.row_number(done.id))
    review.remove_action_button.click()
    review.texts["went_wrong"].setPlainText("Two incidents from the data migration")
    assert model.rowCount() == 1
    with qtbot.waitSignal(window.view.refreshed):
        review.save()
    assert window.stack.count() == 1
    assert "1 action(s) removed" in window.stack.text(0)
    stored = {a.id: a for a in fetch(window.workspace, dm.ReviewAction)}
    assert done.id not in stored and stored[open_.id].status is ActionStatus.IN_PROGRESS
    with qtbot.waitSignal(window.view.refreshed):
        window.stack.undo()
    stored = {a.id: a for a in fetch(window.workspace, dm.ReviewAction)}
    assert done.id in stored and stored[open_.id].status is ActionStatus.OPEN


def test_an_action_needs_a_description(qtbot, window):
    window.open("PAY-4.0", qtbot)
    review = window.review
    draft = review.add_action("")
    assert not review.save_button.isEnabled()
    assert "needs a description" in review.state_label.text()
    review.actions_table.selectRow(review.actions_model.row_number(draft.id))
    review.remove_selected_action()
    assert not review.is_dirty()


def test_a_review_past_its_due_day_is_flagged(qtbot, workspace):
    late = Window(workspace, qtbot, today=date(2026, 11, 30))
    late.open("IAM-2.8", qtbot)
    assert late.review.banner.property("state") == "overdue"
    assert "overdue by 3 days" in late.review.banner.text()
    assert any("review overdue" in flag for flag in late.view.records.lifecycle.flags)
    assert "review overdue" in late.view.flags_label.text()


def test_a_draft_is_kept_when_the_records_change_under_it(qtbot, window):
    window.open("IAM-2.8", qtbot)
    review = window.review
    review.texts["lessons"].setPlainText("Half-typed lesson")
    command = log_incident(
        window.workspace,
        {
            "title": "Slow login",
            "severity": "sev4",
            "opened_at": NOW,
            "release_id": release_id(window.workspace, "IAM-2.8"),
        },
    )
    with qtbot.waitSignal(window.view.refreshed):
        assert window.push(command)
    assert review.texts["lessons"].toPlainText() == "Half-typed lesson"
    assert "SEV4: 1" in review.facts.toPlainText()


def test_switching_release_saves_the_draft_rather_than_dropping_it(qtbot, window):
    window.open("IAM-2.8", qtbot)
    window.review.texts["went_well"].setPlainText("Calm deployment night")
    window.view.set_release(release_id(window.workspace, "PAY-4.0"))
    (saved,) = fetch(
        window.workspace, dm.Review, release_id=release_id(window.workspace, "IAM-2.8")
    )
    assert saved.went_well == "Calm deployment night"
    assert window.view.records.release.key == "PAY-4.0"


def test_export_the_review_workbook(qtbot, workspace, tmp_path):
    target = tmp_path / "review-PAY-4.0.xlsx"
    asked: list[str] = []

    def ask(_parent, suggested):
        asked.append(suggested)
        return str(target)

    window = Window(workspace, qtbot, ask_path=ask)
    window.open("PAY-4.0", qtbot)
    with qtbot.waitSignal(window.view.review_exported, timeout=10_000) as exported:
        window.review.export_button.click()
    assert asked and asked[0].endswith("review-PAY-4.0.xlsx")
    assert exported.args == [str(target)]
    assert "Review exported" in window.view.status_label.text()
    workbook = load_workbook(target, read_only=True)
    try:
        assert {"Summary", "Metrics"} <= set(workbook.sheetnames)
        summary = [c for row in workbook["Summary"].iter_rows(values_only=True) for c in row]
        assert "Post-release review: PAY-4.0" in summary and "Kira Moreau" in summary
        names = [row[0] for row in workbook["Metrics"].iter_rows(values_only=True)]
        assert any(str(name).startswith("Change failure rate") for name in names)
    finally:
        workbook.close()


def test_a_failed_export_is_reported(qtbot, window, tmp_path):
    window.open("PAY-4.0", qtbot)
    with qtbot.waitSignal(window.view.failed, timeout=10_000) as failed:
        window.view.export_review(tmp_path / "missing-folder" / "review.xlsx")
    assert failed.args and window.view.notice.text() == failed.args[0]


def test_the_actions_model_passes_the_model_tester(qtmodeltester, qtbot, window):
    window.open("PAY-4.0", qtbot)
    model = window.review.actions_model
    assert model.rowCount() == 2
    qtmodeltester.check(model)
