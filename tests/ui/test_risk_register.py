"""The risk register on the demo workspace: the model under qtmodeltester, in-place edits that
become journalled, snapshotted and undoable commands, new and deleted risks, the form, filters."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QStyleOptionViewItem

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import RiskBand, RiskCategory, RiskStatus
from releaseplanner.services.journal import list_journal
from releaseplanner.storage.store import Store
from releaseplanner.ui.models.row_table_model import RowRole
from releaseplanner.ui.risk.risk_form import NewRiskDialog
from releaseplanner.ui.risk.risk_reader import RiskReader
from releaseplanner.ui.risk.risk_register import RiskRegisterView
from releaseplanner.ui.risk.risk_register_model import (
    OVERDUE_COLOUR,
    RiskColumn,
    RiskRegisterModel,
    RiskRole,
)
from releaseplanner.ui.undo import push_command

TODAY = date(2026, 11, 26)


@pytest.fixture
def workspace(demo_workspace):
    return demo_workspace


class Window:
    """What the main window does for the register: one undo stack, ChangeSets fed back."""

    def __init__(self, workspace, qtbot):
        self.stack = QUndoStack()
        self.failures: list[str] = []
        self.reader = RiskReader(workspace, today=lambda: TODAY)
        self.register = RiskRegisterView(self.reader, self.push)
        qtbot.addWidget(self.register)

    def push(self, command) -> bool:
        return push_command(self.stack, command, self.register.apply_changes, self.failures.append)


@pytest.fixture
def window(workspace, qtbot):
    window = Window(workspace, qtbot)
    window.register.resize(1280, 800)
    window.register.show()
    qtbot.waitExposed(window.register)
    return window


def risk_record(workspace, risk_id) -> dm.Risk:
    with workspace.session_factory() as session:
        return Store(session).get(dm.Risk, risk_id)


def snapshot_count(workspace, release_id) -> int:
    with workspace.session_factory() as session:
        return len(Store(session).all(dm.RiskSnapshot, release_id=release_id))


def proxy_index(register, risk_id, column):
    model = register.model
    return register.proxy.mapFromSource(model.index(model.row_number(risk_id), column))


def test_register_model_and_proxy_pass_the_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.register.model)
    qtmodeltester.check(window.register.proxy)


def test_model_passes_the_model_tester_while_rows_come_and_go(qtmodeltester, workspace):
    reader = RiskReader(workspace, today=lambda: TODAY)
    model = RiskRegisterModel()
    qtmodeltester.check(model)
    entries = reader.register().entries
    model.set_rows(entries[:10])
    model.set_rows(entries)
    model.set_rows(entries[5:])
    qtmodeltester.check(model)


def test_every_risk_is_listed_with_its_band_and_overdue_reviews_are_flagged(window):
    register = window.register
    entries = register.visible_entries()
    assert len(entries) == 31
    assert [e.score for e in entries] == sorted((e.score for e in entries), reverse=True)
    top = proxy_index(register, entries[0].id, RiskColumn.SCORE)
    assert top.data() == f"{entries[0].score} {entries[0].band.label}"
    assert top.data(RiskRole.BAND) == entries[0].band.value
    overdue = [e for e in entries if e.review_overdue]
    assert overdue, "the demo has overdue reviews"
    review = proxy_index(register, overdue[0].id, RiskColumn.REVIEW)
    assert review.data(Qt.ItemDataRole.ForegroundRole) == QColor(OVERDUE_COLOUR)
    assert not review.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "overdue" in review.data(Qt.ItemDataRole.ToolTipRole)
    assert f"{len(overdue)} reviews overdue" in register.findChild(object, "riskCount").text()


def test_editing_likelihood_in_place_is_journalled_snapshotted_and_undoable(
    window, workspace, qtbot
):
    register = window.register
    entry = next(e for e in register.visible_entries() if e.likelihood < 5 and e.active)
    snapshots = snapshot_count(workspace, entry.release_id)
    index = proxy_index(register, entry.id, RiskColumn.LIKELIHOOD)

    # Through the column's own delegate, as a double-click and a pick in the list would.
    delegate = register.table.itemDelegateForColumn(RiskColumn.LIKELIHOOD)
    editor = delegate.createEditor(register.table.viewport(), QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    assert editor.value() == entry.likelihood
    editor.setCurrentIndex(editor.values.index(entry.likelihood + 1))
    delegate.setModelData(editor, register.proxy, index)
    editor.deleteLater()

    assert risk_record(workspace, entry.id).likelihood == entry.likelihood + 1
    qtbot.waitUntil(
        lambda: (
            register.model.row_at(register.model.row_number(entry.id)).score
            == (entry.likelihood + 1) * entry.impact
        )
    )
    journal = list_journal(workspace, entity="risk", limit=5)
    assert (journal[0].field, journal[0].old_value, journal[0].new_value) == (
        "likelihood",
        str(entry.likelihood),
        str(entry.likelihood + 1),
    )
    assert snapshot_count(workspace, entry.release_id) == snapshots + 1
    assert window.stack.count() == 1 and window.stack.undoText() == "Edit risk likelihood"

    window.stack.undo()
    assert risk_record(workspace, entry.id).likelihood == entry.likelihood
    qtbot.waitUntil(
        lambda: (
            register.model.row_at(register.model.row_number(entry.id)).likelihood
            == entry.likelihood
        )
    )
    # Undo records the score it restores, too: the trend is history, never a recomputation.
    assert snapshot_count(workspace, entry.release_id) == snapshots + 2
    assert register.current_entry() is None or register.current_entry().id == entry.id


def test_an_unchanged_editor_makes_no_undo_step(window):
    register = window.register
    entry = register.visible_entries()[0]
    index = proxy_index(register, entry.id, RiskColumn.CATEGORY)
    delegate = register.table.itemDelegateForColumn(RiskColumn.CATEGORY)
    editor = delegate.createEditor(register.table.viewport(), QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    delegate.setModelData(editor, register.proxy, index)
    editor.deleteLater()
    assert window.stack.count() == 0


def test_the_review_date_can_be_set_and_cleared_in_place(window, workspace, qtbot):
    register = window.register
    entry = next(e for e in register.visible_entries() if e.review_overdue)
    index = proxy_index(register, entry.id, RiskColumn.REVIEW)
    assert register.proxy.setData(index, date(2026, 12, 10))
    assert risk_record(workspace, entry.id).review_date == date(2026, 12, 10)
    qtbot.waitUntil(
        lambda: not register.model.row_at(register.model.row_number(entry.id)).review_overdue
    )
    index = proxy_index(register, entry.id, RiskColumn.REVIEW)
    assert register.proxy.setData(index, None)
    assert risk_record(workspace, entry.id).review_date is None


def test_a_refused_edit_says_why_and_leaves_the_stack_alone(window, workspace):
    register = window.register
    entry = register.visible_entries()[0]
    index = proxy_index(register, entry.id, RiskColumn.TITLE)
    assert not register.proxy.setData(index, "   ")
    assert register.notice.isVisible()
    assert "title" in register.notice.text()
    assert window.stack.count() == 0
    assert risk_record(workspace, entry.id).title == entry.title


def test_new_and_deleted_risks_are_undoable(window, workspace, qtbot):
    register = window.register
    release = next(r for r in register.data.releases if r.label == "PLT-2026.12")
    before = snapshot_count(workspace, release.id)
    risk_id = register.create_risk(
        release.id,
        {
            "title": "Vendor patch arrives late",
            "category": RiskCategory.SCHEDULE.value,
            "likelihood": 4,
            "impact": 5,
        },
    )
    assert risk_id is not None
    qtbot.waitUntil(
        lambda: register.current_entry() is not None and register.current_entry().id == risk_id
    )
    assert register.current_entry().band is RiskBand.CRITICAL
    assert snapshot_count(workspace, release.id) == before + 1
    assert len(register.visible_entries()) == 32

    assert register.delete_current()
    qtbot.waitUntil(lambda: len(register.visible_entries()) == 31)
    assert window.stack.undoText() == "Delete risk"

    window.stack.undo()  # the delete: the risk is back, with the same id
    qtbot.waitUntil(lambda: register.model.row_number(risk_id) is not None)
    assert risk_record(workspace, risk_id).title == "Vendor patch arrives late"
    window.stack.undo()  # the creation
    qtbot.waitUntil(lambda: register.model.row_number(risk_id) is None)
    assert snapshot_count(workspace, release.id) == before + 4
    assert window.failures == []


def test_the_form_saves_the_three_texts_as_one_edit(window, workspace, qtbot):
    register = window.register
    entry = register.visible_entries()[2]
    assert register.select_risk(entry.id)
    form = register.form
    assert form.entry.id == entry.id
    form.editor("description").setPlainText("The vendor ships the patch after our freeze.")
    form.editor("contingency").setPlainText("Ship without it and patch in January.")
    assert form.is_dirty()
    form.save()
    record = risk_record(workspace, entry.id)
    assert record.description == "The vendor ships the patch after our freeze."
    assert record.contingency == "Ship without it and patch in January."
    assert window.stack.count() == 1 and window.stack.undoText() == "Edit risk"
    qtbot.waitUntil(lambda: not form.is_dirty())
    window.stack.undo()
    qtbot.waitUntil(lambda: form.editor("description").toPlainText() == entry.description)


def test_moving_to_another_risk_saves_typed_text(window, workspace):
    register = window.register
    first, second = register.visible_entries()[:2]
    register.select_risk(first.id)
    register.form.editor("mitigation").setPlainText("Pair on the runbook this week.")
    register.select_risk(second.id)
    assert risk_record(workspace, first.id).mitigation == "Pair on the runbook this week."
    assert register.form.entry.id == second.id


def test_filters_narrow_the_table(window, qtbot):
    register = window.register
    entries = register.data.entries
    release = next(r for r in register.data.releases if r.label == "IAM-2.9")

    register.set_release_filter(release.id)
    shown = register.visible_entries()
    assert shown and {e.release_id for e in shown} == {release.id}
    assert register.table.isColumnHidden(RiskColumn.RELEASE)

    status = register.findChild(object, "statusFilter")
    status.setCurrentIndex(status.findData("active"))
    assert all(e.active for e in register.visible_entries())

    register.clear_filters()
    band = register.findChild(object, "bandFilter")
    band.setCurrentIndex(band.findData(RiskBand.HIGH.value))
    assert {e.band for e in register.visible_entries()} == {RiskBand.HIGH}

    register.clear_filters()
    register.findChild(object, "overdueFilter").setChecked(True)
    assert {e.id for e in register.visible_entries()} == {e.id for e in entries if e.review_overdue}

    register.clear_filters()
    package_filter = register.findChild(object, "packageFilter")
    package_filter.setCurrentIndex(package_filter.findData(""))  # whole-release risks
    assert all(e.package_id is None for e in register.visible_entries())
    assert len(register.visible_entries()) == sum(1 for e in entries if e.package_id is None)


def test_a_heat_map_cell_filter_lists_exactly_the_cells_risks(window, qtbot):
    register = window.register
    active = [e for e in register.data.entries if e.active]
    likelihood, impact = active[0].likelihood, active[0].impact
    cleared = []
    register.cell_filter_cleared.connect(lambda: cleared.append(True))

    register.filter_to_cell(likelihood, impact, False)
    shown = register.visible_entries()
    assert {e.id for e in shown} == {
        e.id for e in active if (e.likelihood, e.impact) == (likelihood, impact)
    }
    chip = register.findChild(object, "cellFilterChip")
    assert chip.isVisible() and f"Likelihood {likelihood} × impact {impact}" in chip.text()

    register.filter_to_cell(*active[0].residual_rating, True)
    assert {e.id for e in register.visible_entries()} == {
        e.id for e in active if e.residual_rating == active[0].residual_rating
    }
    chip.click()
    assert not chip.isVisible() and cleared == [True]
    assert len(register.visible_entries()) == len(register.data.entries)


def test_the_new_risk_dialog_offers_the_releases_packages_and_scales(window, qtbot):
    data = window.register.data
    release = next(r for r in data.releases if data.packages_of(r.id))
    dialog = NewRiskDialog(data, release.id)
    qtbot.addWidget(dialog)
    assert dialog.release_id() == release.id
    assert dialog.package.count() == 1 + len(data.packages_of(release.id))
    assert not dialog.add_button().isEnabled()  # no title yet
    dialog.title.setText("  Key supplier strike ")
    assert dialog.add_button().isEnabled()
    dialog.package.setCurrentIndex(1)
    dialog.impact.setCurrentIndex(4)
    values = dialog.values()
    assert values["title"] == "Key supplier strike"
    assert values["impact"] == 5 and values["likelihood"] == 3
    assert values["package_id"] == data.packages_of(release.id)[0].id
    assert values["owner_id"] is None and values["review_date"] is None


def test_inactive_risks_are_greyed_like_the_heat_map_leaves_them_out(window):
    register = window.register
    closed = next(e for e in register.data.entries if e.status is RiskStatus.CLOSED)
    index = proxy_index(register, closed.id, RiskColumn.TITLE)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert index.data(RowRole.ROW).active is False
