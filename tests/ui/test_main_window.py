"""The main window on real SQLite workspaces: tree, details, status bar, switching, menus."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QMenu, QMessageBox

from releaseplanner.ui.models.portfolio_model import PortfolioColumn


def top_level_texts(window) -> list[str]:
    model = window.portfolio_view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def find_row(window, text: str, parent: QModelIndex | None = None) -> QModelIndex:
    model = window.portfolio_view.model()
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if text in index.data():
            return index
        found = find_row(window, text, index) if model.rowCount(index) else None
        if found is not None and found.isValid():
            return found
    return QModelIndex()


@pytest.fixture
def window(make_window, workspace_a, qtbot):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    assert window.open_workspace(workspace_a)
    return window


def test_window_shows_the_releases_of_the_workspace(window, workspace_a):
    assert sorted(top_level_texts(window)) == [
        "R-25.1 · Customer portal relaunch",
        "R-25.2 · Payments hardening",
        "R-25.3 · Spring patch train",
    ]
    assert window.workspace_name == workspace_a
    assert window.windowTitle() == "portfolio-a.sqlite — Release Planner"


def test_releases_are_sorted_by_go_live_and_expanded(window):
    assert [text.split(" ·")[0] for text in top_level_texts(window)] == [
        "R-25.3",
        "R-25.1",
        "R-25.2",
    ]
    assert window.portfolio_view.isExpanded(find_row(window, "R-25.1"))


def test_status_bar_names_the_workspace_and_counts(window, workspace_a):
    text = window.status_text()

    assert f"Workspace: {workspace_a}" in text
    assert "3 releases · 4 packages" in text


def test_details_show_the_workspace_until_something_is_selected(window):
    details = window.details_pane

    assert details.kind == "WORKSPACE"
    assert details.title == "portfolio-a.sqlite"
    assert details.fields()["Releases"] == "3"


def test_selecting_a_package_shows_its_details(window):
    window.portfolio_view.setCurrentIndex(find_row(window, "Identity service"))

    details = window.details_pane
    assert details.kind == "PACKAGE"
    assert details.title == "Identity service"
    fields = details.fields()
    assert fields["Release"] == "R-25.1 · Customer portal relaunch"
    assert fields["Status"] == "Assembling"
    assert fields["Release go-live"] == "Mon 14 Apr 2025"
    assert fields["Owner"] == "—"
    assert details.description == "Identity service for Customer portal relaunch."


def test_selecting_a_release_shows_its_fields_with_formatted_dates(window):
    window.portfolio_view.setCurrentIndex(find_row(window, "R-25.1"))

    details = window.details_pane
    assert details.kind == "RELEASE"
    assert details.title == "R-25.1 · Customer portal relaunch"
    fields = details.fields()
    assert fields["Status"] == "In test"
    assert fields["Type"] == "Major"
    assert fields["Planned go-live"] == "Mon 14 Apr 2025"
    assert fields["Actual go-live"] == "—"
    assert fields["Packages"] == "3"


def test_opening_another_workspace_switches_the_content(window, workspace_b, qtbot):
    window.portfolio_view.setCurrentIndex(find_row(window, "Identity service"))

    with qtbot.waitSignal(window.workspace_changed) as changed:
        assert window.open_workspace(workspace_b)

    assert changed.args == [workspace_b]
    assert top_level_texts(window) == ["OPS-7 · Data centre move"]
    assert window.workspace_name == workspace_b
    assert "1 release · 2 packages" in window.status_text()
    assert window.details_pane.kind == "WORKSPACE"


def test_switching_closes_the_previous_workspace(make_window, gateway, workspace_a, workspace_b):
    opened = []
    real_open = gateway.open

    def recording_open(db):
        workspace = real_open(db)
        opened.append(workspace)
        real_close = workspace.close

        def close() -> None:
            opened.remove(workspace)
            real_close()

        workspace.close = close
        return workspace

    gateway.open = recording_open
    window = make_window()

    window.open_workspace(workspace_a)
    window.open_workspace(workspace_b)

    assert [workspace.display_name for workspace in opened] == [workspace_b]
    window.close()
    assert opened == []


def test_opened_workspaces_go_to_the_front_of_the_recent_list(
    window, settings, workspace_a, workspace_b
):
    window.open_workspace(workspace_b)
    window.open_workspace(workspace_a)

    assert settings.recent_workspaces == [workspace_a, workspace_b]


def test_recent_menu_lists_recent_workspaces_newest_first(window, workspace_b):
    window.open_workspace(workspace_b)
    menu = window.findChild(QMenu, "recentMenu")

    menu.aboutToShow.emit()

    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts == ["&1  portfolio-b.sqlite", "&2  portfolio-a.sqlite", "&Clear list"]


def test_recent_menu_entry_opens_its_workspace(window, workspace_b, workspace_a):
    window.open_workspace(workspace_b)
    menu = window.findChild(QMenu, "recentMenu")
    menu.aboutToShow.emit()

    menu.actions()[1].trigger()

    assert window.workspace_name == workspace_a


def test_failed_open_keeps_the_current_workspace_and_says_why(window, workspace_a, qtbot, tmp_path):
    not_a_workspace = tmp_path / "notes.sqlite"
    not_a_workspace.write_text("shopping list")

    with qtbot.waitSignal(window.workspace_open_failed) as failed:
        assert not window.open_workspace(str(not_a_workspace))

    assert "is not a SQLite database" in failed.args[0]
    assert window.workspace_name == workspace_a
    box = window.findChild(QMessageBox, "workspaceErrorBox")
    qtbot.waitUntil(box.isVisible)
    assert "not a SQLite database" in box.text()
    box.close()


def test_new_workspace_is_created_with_reference_data(make_window, tmp_path, settings):
    window = make_window()
    path = tmp_path / "new.sqlite"

    assert window.create_workspace(str(path))

    assert path.exists()
    assert top_level_texts(window) == []
    assert window.details_pane.description == "This workspace has no releases yet."
    assert settings.recent_workspaces == [str(path)]


def test_demo_workspace_is_built_on_first_open(make_window, tmp_path):
    window = make_window()

    assert window.open_demo_workspace()

    assert window.workspace_name == str(tmp_path / "demo.sqlite")
    assert Path(window.workspace_name).exists()


def test_filter_edit_narrows_the_tree(window):
    window.filter_edit.setText("card vault")

    assert top_level_texts(window) == ["R-25.2 · Payments hardening"]
    window.filter_edit.clear()
    assert len(top_level_texts(window)) == 3


def test_ctrl_f_focuses_the_filter(window, qtbot):
    action = window.actions_registry["view.filter"]
    assert action.shortcut() == QKeySequence("Ctrl+F")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window.portfolio_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(window.filter_edit.hasFocus)


def test_collapse_and_expand_all(window):
    tree = window.portfolio_view
    portal = find_row(window, "R-25.1")

    window.actions_registry["view.collapse_all"].trigger()
    assert not tree.isExpanded(portal)
    window.actions_registry["view.expand_all"].trigger()
    assert tree.isExpanded(portal)


def test_menus_are_built_from_the_declared_actions(window):
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    assert list(menus) == ["&File", "&Edit", "&Release", "&Package", "&View", "&Help"]
    file_texts = [a.text() for a in menus["&File"].actions() if not a.isSeparator()]
    assert file_texts == [
        "&New workspace…",
        "&Open workspace…",
        "Open &recent",
        "Open &demo workspace",
        "&Import plan workbook…",
        "&Export plan workbook…",
        "Import &components…",
        "Export c&omponents…",
        "&Quit",
    ]
    assert window.actions_registry["file.open_workspace"].shortcut() == QKeySequence("Ctrl+O")
    assert window.actions_registry["file.quit"].shortcut() == QKeySequence("Ctrl+Q")


def test_about_dialog_shows_versions_and_the_workspace(window, workspace_a, qtbot):
    window.actions_registry["help.about"].trigger()

    dialog = window.findChild(QDialogButtonBox).parent()
    qtbot.waitExposed(dialog)
    facts = dialog.facts()
    assert facts["Workspace"] == workspace_a
    assert facts["Contents"].startswith("3 releases · 4 packages")
    assert facts["Qt"] and facts["PySide6"] and facts["Python"]

    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_closing_saves_the_window_geometry(window, settings):
    window.close()

    assert settings.window_geometry is not None
    assert settings.splitter_state is not None
    assert window.workspace_name is None


def test_default_size_fits_a_laptop_screen(make_window):
    window = make_window()

    assert (window.width(), window.height()) == (1280, 800)
    header = window.portfolio_view.header()
    assert header.sectionSize(PortfolioColumn.STATUS) >= 140


def test_preview_shows_the_rows_read_only_until_the_workspace_opens(
    make_window, workspace_a, qtbot
):
    window = make_window()

    assert window.show_preview(workspace_a)
    window.show()
    qtbot.waitExposed(window)

    # The rows are there before the workspace object exists; nothing can be edited yet.
    assert [text.split(" ·")[0] for text in top_level_texts(window)] == [
        "R-25.3",
        "R-25.1",
        "R-25.2",
    ]
    assert window.workspace_name is None
    assert window.windowTitle() == "portfolio-a.sqlite — Release Planner"
    assert "3 releases · 4 packages" in window.status_text()
    assert not window.editing.has_workspace()
    assert not window.actions_registry["release.new"].isEnabled()
    window.portfolio_view.setCurrentIndex(find_row(window, "Identity service"))
    selected = window.portfolio_view.current_key()
    assert selected is not None
    assert not window.actions_registry["edit.edit"].isEnabled()

    assert window.open_workspace(workspace_a)

    assert window.workspace_name == workspace_a
    assert f"Workspace: {workspace_a}" in window.status_text()
    assert window.actions_registry["release.new"].isEnabled()
    assert window.actions_registry["edit.edit"].isEnabled()
    # The rows were synced, not reset: the package chosen in the preview is still current.
    assert window.portfolio_view.current_key() == selected
    assert window.details_pane.kind == "PACKAGE"


def test_no_preview_for_a_url_a_missing_file_or_an_older_schema(make_window, workspace_a, tmp_path):
    import shutil
    import sqlite3

    older = tmp_path / "older.sqlite"
    shutil.copyfile(workspace_a, older)
    with sqlite3.connect(older) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000_older'")
    connection.close()
    window = make_window()

    assert not window.show_preview(f"sqlite:///{workspace_a}")
    assert not window.show_preview(str(tmp_path / "missing.sqlite"))
    assert not (tmp_path / "missing.sqlite").exists()
    assert not window.show_preview(str(older))
    assert top_level_texts(window) == []
    assert "Opening" in window.status_text()
