"""The contents of one release package: components, changes, builds & tests, and impact.

The panel reads a package through ``services.package_contents`` (and ``services.impact`` when the
Impact tab is shown) and turns every edit, addition and removal into a Qt-free command that it
hands to ``push_command``: the window pushes it on the undo stack, which runs it. Undo and redo
happen elsewhere (Edit menu, History view), so whoever owns the undo stack calls :meth:`refresh`
after them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.enums import ChangeKind
from releaseplanner.domain.errors import NotFoundError, UserError
from releaseplanner.services.catalogue import list_components
from releaseplanner.services.impact import package_impact
from releaseplanner.services.package_contents import (
    PackageContents,
    edit_component_versions,
    read_package_contents,
    remove_change_items,
    remove_components,
)
from releaseplanner.services.releases import add_component, edit_change_item, new_change_item
from releaseplanner.ui.style import MUTED_TEXT, scaled_font
from releaseplanner.ui.widgets.package_tabs import (
    BuildsTestsTab,
    ChangesTab,
    ComponentsTab,
    ImpactTab,
)
from releaseplanner.ui.widgets.status_chip import StatusChipLabel

if TYPE_CHECKING:
    from releaseplanner.services.commands import Command
    from releaseplanner.storage.engine import Workspace

#: Pushes a command on the undo stack (which runs it); returns whether it went through.
PushCommand = Callable[["Command"], bool]

NO_PACKAGE_TITLE = "No package selected"
NO_PACKAGE_TEXT = (
    "Select a package in the portfolio to see its components, change items, latest builds "
    "and tests, and which other releases touch the same components."
)
_ERROR_STYLE = (
    "QLabel { background: #fef2f2; color: #991b1b; border: 1px solid #fecaca;"
    " border-radius: 4px; padding: 6px 10px; }"
)


class PackageContentsPanel(QWidget):
    """Tabs with what one package holds, editable in place, every edit one undo step.

    Args:
        workspace: the open workspace, or None before one is open.
        push_command: runs a command through the undo stack; returns whether it succeeded.
    """

    #: A request could not be turned into a command; carries the reason (also shown inline).
    error_reported = Signal(str)
    #: A command of this panel went through; carries the package id (to refresh counts).
    contents_changed = Signal(str)

    def __init__(
        self,
        workspace: Workspace | None,
        push_command: PushCommand,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("packageContentsPanel")
        self._workspace = workspace
        self._push_command = push_command
        self._package_id: str | None = None
        self._contents: PackageContents | None = None
        self._impact_stale = True

        self.components_tab = ComponentsTab()
        self.changes_tab = ChangesTab()
        self.builds_tab = BuildsTestsTab()
        self.impact_tab = ImpactTab()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("packageTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.components_tab, "Components")
        self.tabs.addTab(self.changes_tab, "Changes")
        self.tabs.addTab(self.builds_tab, "Builds && tests")
        self.tabs.addTab(self.impact_tab, "Impact")
        self.tabs.setTabToolTip(3, "Assess components: environments, overlaps with other releases")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

        self.components_tab.model.set_edit_handler(self._on_component_edited)
        self.components_tab.add_requested.connect(self._on_components_tab_add_requested)
        self.components_tab.remove_requested.connect(self._on_components_tab_remove_requested)
        self.changes_tab.model.set_edit_handler(self._on_change_edited)
        self.changes_tab.add_requested.connect(self._on_changes_tab_add_requested)
        self.changes_tab.remove_requested.connect(self._on_changes_tab_remove_requested)

        self._title_label = QLabel()
        self._title_label.setObjectName("packageTitle")
        self._title_label.setFont(scaled_font(self.font(), 1.3, bold=True))
        self._subtitle_label = QLabel()
        self._subtitle_label.setStyleSheet(f"color: {MUTED_TEXT};")
        self._status_chip = StatusChipLabel()
        self.message_label = QLabel()
        self.message_label.setObjectName("packageMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(_ERROR_STYLE)
        self.message_label.hide()
        self._placeholder_title = QLabel()
        self._placeholder_title.setFont(scaled_font(self.font(), 1.15, bold=True))
        self._placeholder_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder = QLabel()
        self._placeholder.setObjectName("packagePlaceholder")
        self._placeholder.setWordWrap(True)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setStyleSheet(f"color: {MUTED_TEXT};")

        header = QHBoxLayout()
        header.setContentsMargins(16, 12, 16, 0)
        header.addWidget(self._title_label)
        header.addWidget(self._status_chip)
        header.addStretch(1)
        header.addWidget(self._subtitle_label)
        contents = QWidget()
        contents_layout = QVBoxLayout(contents)
        contents_layout.setContentsMargins(0, 0, 0, 0)
        contents_layout.addLayout(header)
        contents_layout.addWidget(self.tabs, 1)
        message_row = QHBoxLayout()
        message_row.setContentsMargins(12, 0, 12, 8)
        message_row.addWidget(self.message_label)
        contents_layout.addLayout(message_row)
        self._stack = QStackedWidget()
        self._stack.addWidget(self._build_placeholder_page())
        self._stack.addWidget(contents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.setAutoFillBackground(True)
        # White like the details pane, so pale status chips (Draft) stay visible.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self._show_placeholder(NO_PACKAGE_TITLE, NO_PACKAGE_TEXT)

    def _build_placeholder_page(self) -> QWidget:
        # A short column of text reads better than one line across a wide, empty panel.
        column = QWidget()
        column.setMaximumWidth(440)
        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column_layout = QVBoxLayout(column)
        column_layout.addStretch(2)
        column_layout.addWidget(self._placeholder_title)
        column_layout.addWidget(self._placeholder)
        column_layout.addStretch(3)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(column, 4)
        layout.addStretch(1)
        return page

    # -- what is shown ---------------------------------------------------------------------------

    @property
    def package_id(self) -> str | None:
        return self._package_id

    @property
    def contents(self) -> PackageContents | None:
        """What was last read of the shown package."""
        return self._contents

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Switch workspaces: nothing is selected in the new one yet."""
        self._workspace = workspace
        self.show_package(None)

    def show_package(self, package_id: str | None) -> None:
        """Show ``package_id`` (None: the "select a package" placeholder)."""
        if package_id != self._package_id:
            self.changes_tab.filter_edit.clear()
            self.components_tab.clear_add_form()
            self._hide_message()
        self._package_id = package_id
        self.refresh()

    def refresh(self) -> None:
        """Read the shown package again (after undo, redo or a change made elsewhere)."""
        if self._workspace is None or self._package_id is None:
            self._contents = None
            self._show_placeholder(NO_PACKAGE_TITLE, NO_PACKAGE_TEXT)
            return
        try:
            contents = read_package_contents(self._workspace, self._package_id)
            catalogue = list_components(self._workspace)
        except NotFoundError:
            self._contents = None
            self._show_placeholder(
                "Package not found", "It has been deleted (perhaps by undo or from the CLI)."
            )
            return
        self._contents = contents
        self._title_label.setText(contents.package_name)
        self._status_chip.set_status(str(contents.status))
        self._subtitle_label.setText(f"Package in release {contents.release_key}")
        self.components_tab.set_rows(contents.components)
        self.components_tab.set_catalogue(
            catalogue, {row.component_id for row in contents.components}
        )
        self.changes_tab.set_rows(contents.changes)
        self.builds_tab.show_runs(
            contents.latest_build,
            contents.build_count,
            contents.latest_tests,
            contents.min_test_pass_rate,
        )
        self.tabs.setTabText(0, f"Components ({len(contents.components)})")
        self.tabs.setTabText(1, f"Changes ({len(contents.changes)})")
        self._stack.setCurrentIndex(1)
        # The assessment reads the whole portfolio: only when someone looks at it.
        self._impact_stale = True
        if self.tabs.currentWidget() is self.impact_tab:
            self._load_impact()

    def _show_placeholder(self, title: str, text: str) -> None:
        self._placeholder_title.setText(title)
        self._placeholder.setText(text)
        self._stack.setCurrentIndex(0)
        for tab in (self.components_tab, self.changes_tab):
            tab.set_rows(())
        self.impact_tab.show_impact(None)

    def _load_impact(self) -> None:
        if self._workspace is None or self._package_id is None or not self._impact_stale:
            return
        try:
            impact = package_impact(self._workspace, self._package_id)
        except NotFoundError:
            impact = None
        self.impact_tab.show_impact(impact)
        self._impact_stale = False

    # -- turning requests into commands ----------------------------------------------------------

    def _push(self, build: Callable[[Workspace], Command]) -> bool:
        """Build a command (validation errors are shown, not raised), push it, re-read."""
        if self._workspace is None:
            return False
        try:
            command = build(self._workspace)
        except UserError as exc:
            self._report(str(exc))
            return False
        pushed = self._push_command(command)
        if pushed:
            self._hide_message()
        self.refresh()
        if pushed and self._package_id is not None:
            self.contents_changed.emit(self._package_id)
        return pushed

    def _on_component_edited(self, row: Any, field: str, value: Any) -> bool:
        return self._push(lambda ws: edit_component_versions(ws, row.id, {field: value}))

    def _on_change_edited(self, row: Any, field: str, value: Any) -> bool:
        return self._push(lambda ws: edit_change_item(ws, row.id, {field: value}))

    def _on_components_tab_add_requested(
        self, component_id: str, from_version: str, to_version: str
    ) -> None:
        package_id = self._package_id
        if package_id is None:
            return
        added = self._push(
            lambda ws: add_component(
                ws, package_id, component_id, from_version.strip(), to_version.strip()
            )
        )
        if added:
            self.components_tab.clear_add_form()

    def _on_components_tab_remove_requested(self, link_ids: list[str]) -> None:
        self._push(lambda ws: remove_components(ws, link_ids))

    def _on_changes_tab_add_requested(self, ticket_ref: str, title: str, kind: ChangeKind) -> None:
        package_id = self._package_id
        if package_id is None:
            return
        created: list[str] = []

        def build(ws: Workspace) -> Command:
            command = new_change_item(ws, package_id, ticket_ref, title, kind)
            created.extend(record.id for record in command.records)
            return command

        if self._push(build):
            self.changes_tab.clear_add_form()
            self.changes_tab.select_id(created[0])

    def _on_changes_tab_remove_requested(self, change_ids: list[str]) -> None:
        self._push(lambda ws: remove_change_items(ws, change_ids))

    def _on_tabs_current_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.impact_tab:
            self._load_impact()

    # -- messages ----------------------------------------------------------------------------------

    def _report(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()
        self.error_reported.emit(message)

    def _hide_message(self) -> None:
        self.message_label.clear()
        self.message_label.hide()
