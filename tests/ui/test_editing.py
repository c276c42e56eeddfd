"""Editing the portfolio through the GUI: every command, its undo and redo, on real workspaces.

Each test drives the window the way a user would (model.setData as the in-place editors do,
the delegate's combo, the dialogs, the menus' actions, a drop on the model) and checks the tree,
the undo stack and the journal. Confirmations are answered by monkeypatching QMessageBox.question;
refusals come back as ``error_reported`` and the non-modal notice bar, never a blocking dialog.
"""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QUndoView

from releaseplanner.domain import model as dm
from releaseplanner.services import releases as rs
from releaseplanner.services.journal import list_journal
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.store import Store
from releaseplanner.ui.dialogs.package_dialog import PackageDialog
from releaseplanner.ui.dialogs.release_dialog import DuplicateReleaseDialog, ReleaseDialog
from releaseplanner.ui.models.portfolio_model import PortfolioColumn, PortfolioRole
from releaseplanner.ui.widgets.optional_date_edit import OptionalDateEdit


@pytest.fixture
def window(make_window, workspace_a, qtbot):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    assert window.open_workspace(workspace_a)
    return window


def find(window, name: str, column: int = PortfolioColumn.KEY_NAME) -> QModelIndex:
    """The tree's index of the release (by key) or package (by name) called ``name``."""
    model = window.portfolio_view.model()
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            summary = index.data(PortfolioRole.ROW)
            if name in (getattr(summary, "key", None), summary.name):
                return index.siblingAtColumn(column)
            pending.append(index)
    return QModelIndex()


def row_of(window, name: str):
    return find(window, name).data(PortfolioRole.ROW)


def select(window, *names: str) -> None:
    keys = []
    for name in names:
        index = find(window, name)
        keys.append((index.data(PortfolioRole.KIND), index.data(PortfolioRole.ROW).id))
    window.portfolio_view.select_keys(keys)


def stack(window):
    return window.editing.undo_stack


def journal(db: str, **filters):
    workspace = open_workspace(db)
    try:
        return list_journal(workspace, **filters)
    finally:
        workspace.close()


def undo_text(window) -> str:
    return window.actions_registry["edit.undo"].text()


# -- opening and switching --------------------------------------------------------------------


def test_opening_a_workspace_is_not_an_undo_step(window):
    assert stack(window).count() == 0
    assert not window.actions_registry["edit.undo"].isEnabled()
    assert undo_text(window) == "&Undo"


def test_switching_workspaces_empties_the_undo_history(window, workspace_b):
    assert window.portfolio_view.model().setData(find(window, "Card vault upgrade"), "Vault")
    assert stack(window).count() == 1

    assert window.open_workspace(workspace_b)

    assert stack(window).count() == 0
    assert not stack(window).canUndo()
    assert not window.actions_registry["edit.undo"].isEnabled()


# -- in place ---------------------------------------------------------------------------------


def test_rename_in_place_is_undoable_and_journalled(window, workspace_a, qtbot):
    model = window.portfolio_view.model()
    package_id = row_of(window, "Identity service").id

    assert model.setData(find(window, "Identity service"), "Identity service v2")

    assert find(window, "Identity service v2").data() == "Identity service v2"
    assert undo_text(window) == "&Undo Rename package 'Identity service' to 'Identity service v2'"
    (entry, *_) = journal(workspace_a, entity="package")
    assert (entry.entity_id, entry.field, entry.old_value, entry.new_value) == (
        package_id,
        "name",
        "Identity service",
        "Identity service v2",
    )

    window.actions_registry["edit.undo"].trigger()
    assert find(window, "Identity service").isValid()
    assert not find(window, "Identity service v2").isValid()
    assert window.actions_registry["edit.redo"].text().startswith("&Redo Rename package")

    window.actions_registry["edit.redo"].trigger()
    assert row_of(window, "Identity service v2").id == package_id


def test_a_refused_edit_says_why_and_leaves_the_value(window, qtbot):
    model = window.portfolio_view.model()

    with qtbot.waitSignal(window.editing.error_reported) as reported:
        assert not model.setData(find(window, "Identity service"), "   ")

    assert reported.args == ["Name: a package needs a name"]
    assert window.notice_bar.isVisible()
    assert window.notice_bar.text() == "Name: a package needs a name"
    assert find(window, "Identity service").isValid()
    assert stack(window).count() == 0

    # The next edit that succeeds clears the notice.
    assert model.setData(find(window, "Identity service"), "Identity")
    assert not window.notice_bar.isVisible()


def test_status_through_the_delegate_offers_only_allowed_statuses(window, qtbot):
    tree = window.portfolio_view
    index = find(window, "R-25.2", PortfolioColumn.STATUS)
    tree.setCurrentIndex(index)

    tree.edit(index)
    combo = tree.findChild(QComboBox, "statusEditor")
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == ["Planned", "In build", "Cancelled"]
    combo.setCurrentIndex(1)
    combo.activated.emit(1)

    qtbot.waitUntil(lambda: find(window, "R-25.2", PortfolioColumn.STATUS).data() == "In build")
    assert undo_text(window) == "&Undo Set status of release 'R-25.2' to In build"
    window.editing.undo()
    assert find(window, "R-25.2", PortfolioColumn.STATUS).data() == "Planned"
    window.editing.redo()
    assert find(window, "R-25.2", PortfolioColumn.STATUS).data() == "In build"


def test_go_live_in_place_and_a_go_live_before_the_start_is_refused(window, qtbot):
    model = window.portfolio_view.model()

    assert model.setData(find(window, "R-25.2", PortfolioColumn.GO_LIVE), date(2025, 5, 12))
    assert find(window, "R-25.2", PortfolioColumn.GO_LIVE).data() == "12 May 2025"

    with qtbot.waitSignal(window.editing.error_reported) as reported:
        assert not model.setData(find(window, "R-25.2", PortfolioColumn.GO_LIVE), date(2025, 3, 1))
    assert reported.args == ["Planned go-live: 1 Mar 2025 is before the planned start 3 Mar 2025"]
    assert find(window, "R-25.2", PortfolioColumn.GO_LIVE).data() == "12 May 2025"
    assert stack(window).count() == 1

    window.editing.undo()
    assert find(window, "R-25.2", PortfolioColumn.GO_LIVE).data() == "5 May 2025"
    window.editing.redo()
    assert find(window, "R-25.2", PortfolioColumn.GO_LIVE).data() == "12 May 2025"


def test_go_live_through_the_date_editor(window, qtbot):
    tree = window.portfolio_view
    index = find(window, "R-25.3", PortfolioColumn.GO_LIVE)
    tree.setCurrentIndex(index)

    tree.edit(index)
    editor = tree.findChild(OptionalDateEdit, "dateEditor")
    assert editor is not None and editor.value() == date(2025, 3, 24)
    editor.set_value(date(2025, 3, 28))
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: row_of(window, "R-25.3").planned_go_live == date(2025, 3, 28))
    assert undo_text(window) == "&Undo Change planned go-live of release 'R-25.3' to 2025-03-28"


def test_rename_with_f2_and_the_keyboard(window, qtbot):
    tree = window.portfolio_view
    select(window, "Card vault upgrade")
    tree.setFocus()

    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = tree.findChild(QLineEdit)
    qtbot.waitUntil(lambda: editor is not None and editor.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, "Card vault v2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: find(window, "Card vault v2").isValid())
    assert stack(window).count() == 1


def test_editing_a_package_in_its_dialog(window, qtbot):
    select(window, "Identity service")
    dialog = open_dialog(window, qtbot, "edit.edit", PackageDialog)
    assert not dialog.release_combo.isEnabled()
    assert dialog.name_edit.text() == "Identity service"

    dialog.name_edit.clear()
    assert not dialog.ok_button.isEnabled()
    dialog.name_edit.setText("Identity provider")
    dialog.description_edit.setPlainText("Login for everything.")
    dialog.accept()

    assert row_of(window, "Identity provider").description == "Login for everything."
    assert undo_text(window) == "&Undo Edit package 'Identity service' (name, description)"


def test_go_live_nudges_merge_into_one_undo_step(window):
    select(window, "R-25.1")
    later = window.actions_registry["release.go_live_later"]

    for _ in range(3):
        later.trigger()

    assert stack(window).count() == 1
    assert row_of(window, "R-25.1").planned_go_live == date(2025, 4, 17)
    assert undo_text(window) == "&Undo Change planned go-live of release 'R-25.1' to 2025-04-17"
    window.editing.undo()
    assert row_of(window, "R-25.1").planned_go_live == date(2025, 4, 14)
    window.editing.redo()
    assert row_of(window, "R-25.1").planned_go_live == date(2025, 4, 17)


# -- multi-selection --------------------------------------------------------------------------


def test_bulk_status_from_the_status_menu_is_one_undo_step(window, workspace_a):
    names = ("Portal front end", "Identity service", "Search index rebuild")
    before = {name: row_of(window, name).status for name in names}
    select(window, *names)
    menu = window.findChild(type(window.menuBar().actions()[0].menu()), "statusMenu")

    menu.aboutToShow.emit()
    ready = next(a for a in menu.actions() if a.objectName() == "status.ready")
    ready.trigger()

    assert {str(row_of(window, name).status) for name in names} == {"ready"}
    assert stack(window).count() == 1
    assert undo_text(window) == "&Undo Set status of 3 packages to Ready"
    entries = journal(workspace_a, entity="package")
    assert {e.operation for e in entries} == {"Set status of 3 packages to Ready"}

    window.editing.undo()
    assert {name: row_of(window, name).status for name in names} == before
    window.editing.redo()
    assert {str(row_of(window, name).status) for name in names} == {"ready"}


def test_release_status_menu_lists_what_every_selected_release_allows(window):
    select(window, "R-25.1", "R-25.2")  # in test and planned
    assert window.editing.status_options() == [("in_build", "In build"), ("cancelled", "Cancelled")]
    select(window, "R-25.2", "Card vault upgrade")  # a release and a package: nothing common
    assert window.editing.status_options() == []


# -- dialogs ----------------------------------------------------------------------------------


def open_dialog(window, qtbot, action_id: str, dialog_type):
    window.actions_registry[action_id].trigger()
    dialog = window.findChild(dialog_type)
    assert dialog is not None, f"{action_id} opened no {dialog_type.__name__}"
    qtbot.waitExposed(dialog)
    return dialog


def test_new_release_from_the_dialog(window, qtbot):
    dialog = open_dialog(window, qtbot, "release.new", ReleaseDialog)
    assert not dialog.ok_button.isEnabled()

    dialog.key_edit.setText("R-26.1")
    dialog.name_edit.setText("Summer release")
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findText("Minor"))
    dialog.start_edit.set_value(date(2026, 5, 4))
    dialog.go_live_edit.set_value(date(2026, 6, 15))
    dialog.description_edit.setPlainText("Everything for summer.")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    created = row_of(window, "R-26.1")
    assert (created.name, created.type, created.planned_go_live) == (
        "Summer release",
        "minor",
        date(2026, 6, 15),
    )
    assert window.portfolio_view.current_key() == ("release", created.id)
    assert undo_text(window) == "&Undo New release 'R-26.1'"
    assert "4 releases" in window.status_text()

    window.editing.undo()
    assert not find(window, "R-26.1").isValid()
    window.editing.redo()
    assert row_of(window, "R-26.1").id == created.id


def test_release_dialog_validates_as_you_type(window, qtbot):
    dialog = open_dialog(window, qtbot, "release.new", ReleaseDialog)
    dialog.key_edit.setText("R-26.2")
    dialog.name_edit.setText("Autumn")

    dialog.start_edit.set_value(date(2025, 3, 10))
    dialog.go_live_edit.set_value(date(2025, 3, 1))

    assert not dialog.ok_button.isEnabled()
    assert dialog.problem() == (
        "⚠  Planned go-live: 1 Mar 2025 is before the planned start 10 Mar 2025"
    )
    dialog.go_live_edit.set_value(date(2025, 3, 31))
    assert dialog.ok_button.isEnabled() and dialog.problem() == ""

    dialog.key_edit.setText("r-25.1")
    assert not dialog.ok_button.isEnabled()
    assert "a release with key 'r-25.1' already exists" in dialog.problem()
    dialog.key_edit.setText("R 25")
    assert "Key: 'R 25' must be 1-40 letters" in dialog.problem()

    dialog.reject()
    assert stack(window).count() == 0


def test_edit_release_dialog_changes_only_what_changed_in_one_step(window, qtbot, workspace_a):
    select(window, "R-25.3")
    dialog = open_dialog(window, qtbot, "edit.edit", ReleaseDialog)
    assert dialog.key_edit.text() == "R-25.3"
    assert dialog.go_live_edit.value() == date(2025, 3, 24)

    dialog.name_edit.setText("Spring patch train 2")
    dialog.go_live_edit.set_value(date(2025, 3, 31))
    dialog.accept()

    edited = row_of(window, "R-25.3")
    assert (edited.name, edited.planned_go_live) == ("Spring patch train 2", date(2025, 3, 31))
    assert undo_text(window) == "&Undo Edit release 'R-25.3' (name, planned go-live)"
    fields = {e.field for e in journal(workspace_a, entity="release", release_key="R-25.3")}
    assert {"name", "planned_go_live"} <= fields
    window.editing.undo()
    assert row_of(window, "R-25.3").name == "Spring patch train"
    window.editing.redo()
    assert row_of(window, "R-25.3").planned_go_live == date(2025, 3, 31)


def test_new_package_goes_into_the_current_release(window, qtbot):
    select(window, "R-25.3")
    dialog = open_dialog(window, qtbot, "package.new", PackageDialog)
    assert dialog.release_combo.currentText() == "R-25.3 · Spring patch train"

    dialog.name_edit.setText("Hotfix bundle")
    dialog.accept()

    package = row_of(window, "Hotfix bundle")
    assert package.release_key == "R-25.3"
    assert window.portfolio_view.current_key() == ("package", package.id)
    assert find(window, "R-25.3", PortfolioColumn.PACKAGES).data() == "1"
    assert undo_text(window) == "&Undo New package 'Hotfix bundle' in R-25.3"
    window.editing.undo()
    assert not find(window, "Hotfix bundle").isValid()
    assert find(window, "R-25.3", PortfolioColumn.PACKAGES).data() == "0"
    window.editing.redo()
    assert row_of(window, "Hotfix bundle").id == package.id


def test_duplicate_release_copies_packages_with_shifted_dates(window, qtbot):
    select(window, "R-25.1")
    dialog = open_dialog(window, qtbot, "release.duplicate", DuplicateReleaseDialog)
    assert dialog.key_edit.text() == "R-25.4"  # .2 and .3 are taken
    assert dialog.shift_spin.value() == 28
    assert "14 Apr 2025 → 12 May 2025" in dialog.preview_label.text()

    dialog.name_edit.setText("Customer portal follow-up")
    dialog.accept()

    copy = row_of(window, "R-25.4")
    assert (copy.name, copy.planned_go_live, copy.package_count) == (
        "Customer portal follow-up",
        date(2025, 5, 12),
        3,
    )
    assert str(copy.status) == "planned"
    assert undo_text(window) == "&Undo Duplicate release 'R-25.1' as 'R-25.4'"
    window.editing.undo()
    assert not find(window, "R-25.4").isValid()
    assert window.portfolio_view.model().rowCount() == 3
    window.editing.redo()
    assert row_of(window, "R-25.4").id == copy.id
    assert window.portfolio_view.model().rowCount(find(window, "R-25.4")) == 3


def test_cancel_release(window, workspace_a):
    select(window, "R-25.2")

    window.actions_registry["release.cancel"].trigger()

    assert str(row_of(window, "R-25.2").status) == "cancelled"
    (entry, *_) = journal(workspace_a, release_key="R-25.2", entity="release")
    assert (entry.field, entry.old_value, entry.new_value) == ("status", "planned", "cancelled")
    window.editing.undo()
    assert str(row_of(window, "R-25.2").status) == "planned"
    window.editing.redo()
    assert str(row_of(window, "R-25.2").status) == "cancelled"


# -- delete -----------------------------------------------------------------------------------


@pytest.fixture
def answer(monkeypatch):
    """Answers the delete confirmation with Yes (set ``.reply`` to change that); keeps texts."""

    class Answer:
        def __init__(self) -> None:
            self.reply = QMessageBox.StandardButton.Yes
            self.texts: list[str] = []

    answer = Answer()

    def question(_parent, _title, text, *_args):
        answer.texts.append(text)
        return answer.reply

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return answer


def test_delete_names_what_goes_along_and_undo_restores_the_same_ids(window, answer, workspace_a):
    portal = row_of(window, "R-25.1")
    package_ids = {
        row_of(window, name).id
        for name in ("Portal front end", "Identity service", "Search index rebuild")
    }
    select(window, "R-25.1")

    window.actions_registry["edit.delete"].trigger()

    assert answer.texts == [
        "Delete release R-25.1 · Customer portal relaunch?\n\nWith it go 3 packages. "
        "You can undo this with Edit › Undo."
    ]
    assert not find(window, "R-25.1").isValid()
    assert not find(window, "Identity service").isValid()
    assert "2 releases · 1 package" in window.status_text()
    deleted = {e.entity_id for e in journal(workspace_a) if str(e.action) == "delete"}
    assert {portal.id, *package_ids} <= deleted

    window.editing.undo()

    assert row_of(window, "R-25.1").id == portal.id
    restored = {row_of(window, name).id for name in ("Portal front end", "Identity service")}
    assert restored <= package_ids
    assert window.portfolio_view.current_key() == ("release", portal.id)
    assert "3 releases · 4 packages" in window.status_text()
    window.editing.redo()
    assert not find(window, "R-25.1").isValid()


def test_declining_the_confirmation_deletes_nothing(window, answer):
    answer.reply = QMessageBox.StandardButton.Cancel
    select(window, "Card vault upgrade")

    window.actions_registry["edit.delete"].trigger()

    assert answer.texts[0].startswith("Delete package 'Card vault upgrade' from R-25.2?")
    assert find(window, "Card vault upgrade").isValid()
    assert stack(window).count() == 0


def test_deleting_a_release_with_one_of_its_packages_is_one_step(window, answer):
    select(window, "R-25.2", "Card vault upgrade", "Identity service")

    window.actions_registry["edit.delete"].trigger()

    assert answer.texts[0].startswith("Delete 1 release and 1 package?")
    assert stack(window).count() == 1
    assert undo_text(window) == "&Undo Delete 1 release and 1 package"
    window.editing.undo()
    assert (
        find(window, "Card vault upgrade").isValid() and find(window, "Identity service").isValid()
    )


# -- drag and drop ----------------------------------------------------------------------------


def test_dropping_a_package_on_another_release_moves_it_in_one_step(window, workspace_a):
    model = window.portfolio_view.model()
    package = row_of(window, "Card vault upgrade")
    target = find(window, "R-25.3")
    select(window, "Card vault upgrade")  # a drag carries the selection
    mime = model.mimeData([find(window, "Card vault upgrade")])

    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)

    moved = find(window, "Card vault upgrade")
    assert moved.parent().data(PortfolioRole.ROW).key == "R-25.3"
    assert window.portfolio_view.current_key() == ("package", package.id)
    assert window.portfolio_view.isExpanded(moved.parent())
    assert undo_text(window) == "&Undo Move package 'Card vault upgrade' to R-25.3"
    (entry, *_) = journal(workspace_a, entity="package")
    assert entry.field == "release_id"

    window.editing.undo()
    assert find(window, "Card vault upgrade").parent().data(PortfolioRole.ROW).key == "R-25.2"
    window.editing.redo()
    assert find(window, "Card vault upgrade").parent().data(PortfolioRole.ROW).key == "R-25.3"


def test_dropping_several_packages_is_one_step_and_own_release_is_no_move(window):
    model = window.portfolio_view.model()
    mime = model.mimeData([find(window, "Identity service"), find(window, "Card vault upgrade")])

    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, find(window, "R-25.3"))
    assert stack(window).count() == 1
    assert undo_text(window) == "&Undo Move 2 packages to R-25.3"

    same = model.mimeData([find(window, "Portal front end")])
    assert not model.dropMimeData(same, Qt.DropAction.MoveAction, -1, -1, find(window, "R-25.1"))
    assert stack(window).count() == 1


# -- undo after someone else's change ---------------------------------------------------------


def test_undo_after_a_change_made_elsewhere_is_refused_and_dropped(window, workspace_a, qtbot):
    model = window.portfolio_view.model()
    assert model.setData(find(window, "R-25.2"), "Payments hardening II")
    assert model.setData(find(window, "Card vault upgrade"), "Vault")
    package_id = row_of(window, "Vault").id
    # A colleague (or the CLI) renames the package meanwhile.
    other = open_workspace(workspace_a)
    try:
        rs.edit_package(other, package_id, {"name": "Vault (CLI)"}).redo()
    finally:
        other.close()

    with qtbot.waitSignal(window.editing.error_reported) as reported:
        window.editing.undo()

    assert "cannot undo 'Rename package 'Card vault upgrade' to 'Vault''" in reported.args[0]
    assert "Vault (CLI)" in window.notice_bar.text()
    # The stale step is gone; the one before it is still undoable.
    assert stack(window).count() == 1
    assert undo_text(window) == (
        "&Undo Rename release 'Payments hardening' to 'Payments hardening II'"
    )
    window.editing.undo()
    assert row_of(window, "R-25.2").name == "Payments hardening"


# -- the tree keeps its state; the model stays consistent -------------------------------------


def test_details_follow_an_edit_of_the_current_row(window):
    select(window, "R-25.3")

    assert window.portfolio_view.model().setData(find(window, "R-25.3"), "Spring patches")

    assert window.details_pane.title == "R-25.3 · Spring patches"
    window.editing.undo()
    assert window.details_pane.title == "R-25.3 · Spring patch train"


def test_selection_and_expansion_survive_an_edit_elsewhere(window):
    tree = window.portfolio_view
    tree.collapse(find(window, "R-25.2"))
    select(window, "Identity service")

    assert tree.model().setData(find(window, "R-25.3"), "Spring patches")

    assert tree.selected_keys() == [("package", row_of(window, "Identity service").id)]
    assert tree.isExpanded(find(window, "R-25.1"))
    assert not tree.isExpanded(find(window, "R-25.2"))


def test_model_stays_consistent_through_edits(window, answer, qtmodeltester):
    model = window.portfolio_view.source_model
    # The Qt tester stays attached and checks every signal the edits below emit.
    qtmodeltester.check(model)
    proxy = window.portfolio_view.model()

    assert proxy.setData(find(window, "R-25.3"), "Spring patches")
    mime = proxy.mimeData([find(window, "Card vault upgrade")])
    assert proxy.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, find(window, "R-25.1"))
    select(window, "R-25.2")
    window.actions_registry["edit.delete"].trigger()
    window.editing.undo()
    window.editing.undo()
    window.editing.redo()

    qtmodeltester.check(model)


# -- filter, menus, history, keys -------------------------------------------------------------


def test_filter_finds_packages_by_ticket_ref(window, workspace_a):
    card = row_of(window, "Card vault upgrade")
    window.editing.run(lambda ws: rs.new_change_item(ws, card.id, "PAY-4711", "Tokenise cards"))

    window.filter_edit.setText("pay-4711")

    model = window.portfolio_view.model()
    assert model.rowCount() == 1
    release = model.index(0, 0)
    assert release.data(PortfolioRole.ROW).key == "R-25.2"
    assert model.index(0, 0, release).data() == "Card vault upgrade"


def test_context_menus_offer_the_actions_for_the_row(window):
    def texts(index):
        menu = window.context_menu_for(index)
        return [a.text() for a in menu.actions() if not a.isSeparator()]

    assert texts(find(window, "R-25.1")) == [
        "New &package…",
        "&Edit…",
        "D&uplicate release…",
        "&Cancel release",
        "Set &status",
        "&Delete…",
    ]
    assert texts(find(window, "Identity service")) == ["&Edit…", "Set &status", "&Delete…"]
    assert texts(QModelIndex()) == ["&New release…"]


def test_history_view_lists_the_commands(window, qtbot):
    model = window.portfolio_view.model()
    model.setData(find(window, "R-25.3"), "Spring patches")

    window.actions_registry["edit.history"].trigger()

    qtbot.waitUntil(window.history_dock.isVisible)
    view = window.history_dock.findChild(QUndoView, "historyView")
    rows = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert rows == ["Workspace opened", "Rename release 'Spring patch train' to 'Spring patches'"]


def test_keyboard_undo_and_redo(window, qtbot):
    tree = window.portfolio_view
    tree.model().setData(find(window, "R-25.3"), "Spring patches")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tree.setFocus()

    qtbot.keyClick(tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert row_of(window, "R-25.3").name == "Spring patch train"
    qtbot.keyClick(tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert row_of(window, "R-25.3").name == "Spring patches"
    qtbot.keyClick(tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(
        tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert row_of(window, "R-25.3").name == "Spring patches"


def test_change_items_added_elsewhere_show_after_reload(window, workspace_a):
    other = open_workspace(workspace_a)
    try:
        with other.session_factory.begin() as session:
            card = Store(session).all(dm.ReleasePackage, name="Card vault upgrade")[0]
        rs.new_change_item(other, card.id, "SEC-99", "Rotate keys").redo()
    finally:
        other.close()

    window.reload()
    window.filter_edit.setText("sec-99")

    assert window.portfolio_view.model().rowCount() == 1


def test_nudging_several_releases_is_one_step_per_nudge(window):
    select(window, "R-25.1", "R-25.2")

    window.actions_registry["release.go_live_earlier"].trigger()

    assert stack(window).count() == 1
    assert undo_text(window) == "&Undo Move go-live of 2 releases 1 day earlier"
    assert row_of(window, "R-25.2").planned_go_live == date(2025, 5, 4)
    window.editing.undo()
    assert row_of(window, "R-25.2").planned_go_live == date(2025, 5, 5)
