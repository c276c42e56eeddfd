"""A release's records on the demo workspace: the models under qtmodeltester, recording a build, a
test run and a deployment through their dialogs (a successful production deployment moves the
release into early-life support; undo restores it), logging and resolving an incident, signing
off an exit criterion, and the texts the tabs show."""

from __future__ import annotations

from datetime import date, datetime

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    BuildResult,
    DeploymentResult,
    IncidentSeverity,
    ReleaseStatus,
    TestSuite,
)
from releaseplanner.services.journal import list_journal
from releaseplanner.services.releases import edit_release
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.store import Store
from releaseplanner.ui.lifecycle.build_test_dialogs import BuildRunDialog, TestRunDialog
from releaseplanner.ui.lifecycle.chips import CHIP_ROLE, outcome_colours
from releaseplanner.ui.lifecycle.deployment_dialogs import DeploymentDialog, IncidentDialog
from releaseplanner.ui.lifecycle.record_models import CriteriaModel
from releaseplanner.ui.lifecycle.release_records import ReleaseRecordsView
from releaseplanner.ui.lifecycle.texts import (
    day_of_window,
    format_delay,
    format_hours,
    format_variance,
    format_window,
    readable_problem,
)
from releaseplanner.ui.undo import push_command

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 14, 5)


@pytest.fixture
def workspace(demo_workspace):
    return demo_workspace


def release(workspace, key) -> dm.Release:
    with workspace.session_factory() as session:
        return Store(session).release_by_key(key)


class Window:
    """What the main window does for the view: one undo stack, ChangeSets fed back."""

    def __init__(self, workspace, qtbot):
        self.workspace = workspace
        self.stack = QUndoStack()
        self.failures: list[str] = []
        self.view = ReleaseRecordsView(workspace, self.push, today=lambda: TODAY, now=lambda: NOW)
        qtbot.addWidget(self.view)

    def push(self, command) -> bool:
        return push_command(self.stack, command, self.view.apply_changes, self.failures.append)

    def show(self, key, qtbot):
        self.view.set_release(release(self.workspace, key).id)
        self.view.resize(1280, 800)
        self.view.show()
        qtbot.waitExposed(self.view)


@pytest.fixture
def window(workspace, qtbot):
    return Window(workspace, qtbot)


def accept(qtbot, view, dialog) -> None:
    """Press the dialog's OK and wait for the view to read the records again."""
    assert dialog.ok_button.isEnabled(), dialog.problem()
    with qtbot.waitSignal(view.refreshed):
        dialog.ok_button.click()


# -- models ----------------------------------------------------------------------------------------


def test_every_records_model_passes_the_model_tester(qtmodeltester, qtbot, window):
    window.show("IAM-2.8", qtbot)
    tabs = (window.view.builds_tab, window.view.deployments_tab, window.view.els_tab)
    models = [
        tabs[0].summary_model,
        tabs[0].builds_model,
        tabs[0].tests_model,
        tabs[1].model,
        tabs[2].incidents_model,
        tabs[2].criteria_model,
    ]
    assert all(model.rowCount() for model in models)
    for model in models:
        qtmodeltester.check(model)


def test_outcomes_are_chips_and_the_package_filter_narrows_the_rows(qtbot, window):
    window.show("IAM-2.8", qtbot)
    tab = window.view.builds_tab
    model = tab.builds_model
    result = model.index(0, model.RESULT)
    assert result.data(CHIP_ROLE) == outcome_colours(BuildResult(model.row_at(0).result))
    total = model.rowCount()
    tab.package_combo.setCurrentIndex(1)
    package = tab.package_combo.currentData()
    assert 0 < model.rowCount() < total
    assert {r.package_id for r in model.rows()} == {package}
    assert {r.package_id for r in tab.tests_model.rows()} == {package}
    suites = [r.suite for r in tab.summary_model.rows()]
    assert suites == sorted(suites, key=list(TestSuite).index)


# -- builds and tests ------------------------------------------------------------------------------


def test_record_a_build_through_its_dialog(qtbot, window):
    window.show("IAM-2.8", qtbot)
    view = window.view
    before = view.builds_tab.builds_model.rowCount()
    view.builds_tab.build_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, BuildRunDialog)
    package = dialog.package_id()
    taken = max(b.number for b in view.records.builds if b.package_id == package)
    assert dialog.number_box.value() == taken + 1
    assert not dialog.ok_button.isEnabled()  # no version yet: a hint, not an error
    dialog.number_box.setValue(taken)
    assert "already recorded" in dialog.problem()
    dialog.number_box.setValue(taken + 1)
    dialog.version_edit.setText("2.8.1")
    accept(qtbot, view, dialog)
    assert view.builds_tab.builds_model.rowCount() == before + 1
    assert "Record build" in view.status_label.text()
    assert window.stack.count() == 1


def test_record_a_test_run_shows_the_pass_rate_as_counts_are_typed(qtbot, window):
    window.show("IAM-2.8", qtbot)
    view = window.view
    view.builds_tab.test_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, TestRunDialog)
    assert "Nothing executed" in dialog.problem_label.text()
    dialog.passed_box.setValue(45)
    dialog.failed_box.setValue(5)
    assert "90.0%" in dialog.problem_label.text() and "is below" in dialog.problem_label.text()
    dialog.suite_combo.setCurrentIndex(dialog.suite_combo.findData("performance"))
    before = len(view.records.tests)
    accept(qtbot, view, dialog)
    assert len(view.records.tests) == before + 1
    assert TestSuite.PERFORMANCE in {s.suite for s in view.records.test_summary}


# -- deployments -----------------------------------------------------------------------------------


def test_a_production_success_moves_the_release_into_early_life_support(qtbot, window):
    workspace = window.workspace
    pay = release(workspace, "PAY-4.1")
    assert pay.status is ReleaseStatus.IN_TEST
    edit_release(workspace, pay.id, {"status": ReleaseStatus.APPROVED}).redo()
    window.show("PAY-4.1", qtbot)
    view = window.view
    planned = next(d for d in view.records.deployments if d.result is DeploymentResult.PLANNED)
    assert planned.production
    tab = view.deployments_tab
    assert not tab.outcome_button.isEnabled()
    assert tab.select_deployment(planned.id)
    assert tab.outcome_button.isEnabled()
    tab.outcome_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, DeploymentDialog) and dialog.deployment == planned
    assert not dialog.environment_combo.isEnabled()  # the plan fixes it
    assert "into early-life support" in dialog.problem_label.text()
    assert dialog.ok_button.text() == "Record outcome and start early-life support"
    dialog.deployed_by_edit.setText("Kira Moreau")
    accept(qtbot, view, dialog)

    live = release(workspace, "PAY-4.1")
    assert live.status is ReleaseStatus.EARLY_LIFE_SUPPORT
    assert live.actual_go_live == planned.planned_end.date()
    assert "PAY-4.1 enters early-life support" in view.status_label.text()
    assert view.status_chip.text() == "Early life support"
    assert view.els_tab.window_label.text().startswith("<b>Early-life support</b>")

    with qtbot.waitSignal(view.refreshed):
        window.stack.undo()
    assert release(workspace, "PAY-4.1").status is ReleaseStatus.APPROVED
    assert release(workspace, "PAY-4.1").actual_go_live is None
    row = next(d for d in view.records.deployments if d.id == planned.id)
    assert row.result is DeploymentResult.PLANNED
    assert "Not live yet" in view.els_tab.window_label.text()


def test_the_deployment_form_refuses_what_the_command_would(qtbot, window):
    window.show("PAY-4.1", qtbot)  # in test: not approved yet
    view = window.view
    view.deployments_tab.record_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, DeploymentDialog)
    assert "approve it before" in dialog.problem()
    dialog.result_combo.setCurrentIndex(dialog.result_combo.findData("planned"))
    assert dialog.problem() == ""
    assert not dialog.actual_start_edit.isEnabled()
    dialog.planned_end_edit.set_value(datetime(2026, 11, 1, 10, 0))
    assert "Planned end: 2026-11-01 10:00 is before" in dialog.problem()
    dialog.reject()
    assert view.active_dialog is None


def test_recording_a_test_deployment_changes_no_status(qtbot, window):
    window.show("PAY-4.1", qtbot)
    view = window.view
    view.deployments_tab.record_button.click()
    dialog = view.active_dialog
    test_env = next(e for e in view.records.environments if e.name == "Test")
    dialog.environment_combo.setCurrentIndex(dialog.environment_combo.findData(test_env.id))
    assert dialog.consequence() == "" and dialog.ok_button.text() == "Record deployment"
    before = len(view.records.deployments)
    accept(qtbot, view, dialog)
    assert len(view.records.deployments) == before + 1
    assert release(window.workspace, "PAY-4.1").status is ReleaseStatus.IN_TEST


# -- early-life support ----------------------------------------------------------------------------


def test_log_an_incident_and_resolve_it(qtbot, window):
    window.show("IAM-2.8", qtbot)
    view = window.view
    tab = view.els_tab
    before = tab.incidents_model.rowCount()
    tab.log_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, IncidentDialog)
    assert not dialog.ok_button.isEnabled()  # no title yet
    dialog.title_edit.setText("Password reset mails arrive late")
    dialog.severity_combo.setCurrentIndex(dialog.severity_combo.findData("sev2"))
    dialog.resolved_check.setChecked(True)
    dialog.resolved_edit.set_value(datetime(2026, 11, 26, 9, 0))  # before it was opened
    assert "Resolved: " in dialog.problem()
    dialog.resolved_check.setChecked(False)
    dialog.advice_edit.setPlainText("Use the link in the second mail")
    accept(qtbot, view, dialog)
    assert tab.incidents_model.rowCount() == before + 1
    logged = next(i for i in view.records.incidents if i.title.startswith("Password reset"))
    assert logged.severity is IncidentSeverity.SEV2 and logged.caused_by_release
    assert logged.during_els and logged.resolved_at is None
    assert "Log SEV2 incident" in view.status_label.text()
    assert any("3 open incident" in flag for flag in view.records.lifecycle.flags)

    row = tab.incidents_model.row_number(logged.id)
    tab.incidents_table.selectRow(row)
    assert tab.resolve_button.isEnabled()
    with qtbot.waitSignal(view.refreshed):
        tab.resolve_button.click()
    resolved = next(i for i in view.records.incidents if i.id == logged.id)
    assert resolved.resolved_at == NOW.replace(second=0)
    entities = {line.entity for line in list_journal(window.workspace, release_key="IAM-2.8")}
    assert "incident" in entities


def test_sign_off_an_exit_criterion_with_its_check_box(qtbot, window):
    window.show("IAM-2.8", qtbot)
    view = window.view
    tab = view.els_tab
    tab.signer_edit.setText("Eva Larsen")
    model: CriteriaModel = tab.criteria_model
    row = next(i for i, c in enumerate(model.rows()) if not c.met)
    criterion = model.row_at(row)
    index = model.index(row, CriteriaModel.CRITERION)
    assert index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    with qtbot.waitSignal(view.refreshed):
        assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    signed = next(c for c in view.records.criteria if c.id == criterion.id)
    assert signed.met and signed.signed_off_by == "Eva Larsen"
    assert signed.signed_off_at == NOW.replace(second=0)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    tab.signer_edit.clear()
    other = next(i for i, c in enumerate(model.rows()) if not c.met)
    model.setData(
        model.index(other, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert "say who signs" in view.notice.text()


def test_add_an_exit_criterion(qtbot, window):
    window.show("PAY-4.1", qtbot)
    tab = window.view.els_tab
    assert not tab.add_button.isEnabled()
    tab.criterion_edit.setText("No open SEV1 or SEV2 for five working days")
    with qtbot.waitSignal(window.view.refreshed):
        tab.add_button.click()
    assert [c.criterion for c in window.view.records.criteria] == [
        "No open SEV1 or SEV2 for five working days"
    ]
    assert tab.criterion_edit.text() == ""


# -- picking a release -----------------------------------------------------------------------------


def test_the_view_opens_on_the_release_in_early_life_support(qtbot, window):
    view = window.view
    assert view.records is not None and view.records.release.key == "IAM-2.8"
    keys = [view.release_combo.itemText(i).split(" ")[0] for i in range(view.release_combo.count())]
    assert "PAY-4.0" in keys and "PLT-2027.02" in keys
    index = view.release_combo.findData(release(window.workspace, "PAY-4.0").id)
    with qtbot.waitSignal(view.release_selected) as picked:
        view.release_combo.setCurrentIndex(index)
        view.release_combo.activated.emit(index)
    assert view.records.release.key == "PAY-4.0"
    assert picked.args == [view.records.release.id]


def test_an_empty_workspace_says_what_to_do(qtbot, tmp_path):
    from releaseplanner.services.setup import ensure_reference_data

    empty = open_workspace(str(tmp_path / "empty.sqlite"), create=True)
    ensure_reference_data(empty)
    try:
        view = ReleaseRecordsView(empty, lambda _command: True, today=lambda: TODAY)
        qtbot.addWidget(view)
        assert view.records is None
        assert "No releases yet" in view.empty_label.text()
    finally:
        empty.close()


# -- texts -----------------------------------------------------------------------------------------


def test_lifecycle_texts():
    start = datetime(2026, 11, 17, 21, 20)
    assert format_window(start, datetime(2026, 11, 17, 22, 5)) == "Tue 17 Nov 2026 21:20–22:05"
    assert format_window(start, datetime(2026, 11, 18, 0, 30)).endswith("– Wed 18 Nov 00:30")
    assert [format_delay(m) for m in (None, 0, 8, -15, 125)] == [
        "—",
        "on time",
        "+8 min",
        "−15 min",
        "+2 h 05",
    ]
    assert [format_hours(h) for h in (None, 0.5, 15, 72)] == [
        "open",
        "30 min",
        "15.0 h",
        "3.0 days",
    ]
    assert [format_variance(d) for d in (None, 0, 1, -3)] == [
        "—",
        "on plan",
        "1 day late",
        "3 days early",
    ]
    window = (date(2026, 11, 17), date(2026, 12, 1))
    assert day_of_window(date(2026, 11, 26), *window) == "9 days in, 5 to go"
    assert day_of_window(date(2026, 12, 4), *window) == "ended 3 days ago"
    assert readable_problem("actual_end: too early", {"actual_end": "Actual end"}) == (
        "Actual end: too early"
    )
    assert readable_problem("status: odd", {}) == "status: odd"
