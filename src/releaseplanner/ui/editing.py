"""The editing controller: turns what the user asks for into undoable service commands.

Every edit of the portfolio goes through here: in-place edits and drops (through the model's
handlers), the Release and Package menus, the dialogs. Each builds a command with
``services.releases``, runs it and pushes it on the window's one QUndoStack (see ``ui.undo``),
then announces the ChangeSet through ``changed`` so the window refreshes what it shows. Refused
edits are announced through ``error_reported`` with a readable reason; nothing here raises.

The services are imported on first use, not at module level: the window creates this controller
at start-up, before the first paint, when SQLAlchemy must not be loaded yet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from releaseplanner.domain.errors import UserError
from releaseplanner.ui.edit_support import (
    PACKAGE_KIND,
    RELEASE_KIND,
    describe_impact,
    readable_problem,
    status_choices,
)
from releaseplanner.ui.formatting import plural
from releaseplanner.ui.undo import push_command

if TYPE_CHECKING:
    from releaseplanner.services.changes import ChangeSet
    from releaseplanner.services.commands import Command
    from releaseplanner.services.portfolio import PackageSummary, ReleaseSummary
    from releaseplanner.storage.engine import Workspace
    from releaseplanner.ui.dialogs.package_dialog import PackageDialog
    from releaseplanner.ui.dialogs.release_dialog import DuplicateReleaseDialog, ReleaseDialog
    from releaseplanner.ui.gateway import WorkspaceGateway

#: A selected row: its kind (``"release"`` / ``"package"``) and its summary.
Selected = tuple[str, Any]
Builder = Callable[["Workspace"], "Command"]

#: Keyboard nudges of one release's go-live merge into one undo step, like a drag would.
NUDGE_MERGE_KEY = "nudge-go-live"


class EditingView(Protocol):
    """What the controller needs from the window: the selection and the releases shown."""

    def selected_rows(self) -> list[Selected]: ...
    def current_row(self) -> Selected | None: ...
    def releases(self) -> Sequence[ReleaseSummary]: ...
    def packages(self) -> Sequence[PackageSummary]: ...


class EditController(QObject):
    """Edits the open workspace on behalf of the window.

    Args:
        gateway: reads what the forms need (choices, records, what a delete takes along).
        view: the window's selection and rows.
        parent: the window; dialogs and confirmations open over it.
    """

    #: A command ran, or was undone or redone; carries its ChangeSet.
    changed = Signal(object)
    #: An edit was refused, or undo found the record changed since; carries the reason.
    error_reported = Signal(str)

    def __init__(self, gateway: WorkspaceGateway, view: EditingView, parent: QWidget) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._view = view
        self._parent = parent
        self._workspace: Workspace | None = None
        # One stack per window; switching workspaces empties it (undo never crosses files).
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Edit ``workspace`` from now on; the history of the previous one is dropped.

        Opening a workspace is not an edit: the stack starts empty and clean.
        """
        self.undo_stack.clear()
        self._workspace = workspace

    # -- running commands ----------------------------------------------------------------------

    def run(self, build: Builder) -> bool:
        """Build a command for the open workspace, run it and push it; False when refused."""
        if self._workspace is None:
            return False
        try:
            command = build(self._workspace)
        except UserError as exc:
            self._on_command_failed(str(exc))
            return False
        return push_command(
            self.undo_stack, command, self._on_command_applied, self._on_command_failed
        )

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    def _on_command_applied(self, changes: ChangeSet) -> None:
        self.changed.emit(changes)

    def _on_command_failed(self, message: str) -> None:
        self.error_reported.emit(readable_problem(message))

    # -- in place: the model's handlers ---------------------------------------------------------

    def edit_cell(self, kind: str, row: Any, field: str, value: Any) -> bool:
        """An in-place edit of a name, status or planned go-live."""
        from releaseplanner.domain.enums import PackageStatus, ReleaseStatus
        from releaseplanner.services import releases as rs

        if field == "status":
            status_type = ReleaseStatus if kind == RELEASE_KIND else PackageStatus
            value = status_type(value)
        if kind == RELEASE_KIND:
            return self.run(lambda ws: rs.edit_release(ws, row.id, {field: value}))
        return self.run(lambda ws: rs.edit_package(ws, row.id, {field: value}))

    def move_packages(self, package_ids: list[str], release_id: str) -> bool:
        """Packages dropped on a release: one undo step however many were dragged."""
        from releaseplanner.services import releases as rs
        from releaseplanner.services.commands import BulkCommand

        release = next((r for r in self._view.releases() if r.id == release_id), None)
        release_of = {p.id: p.release_id for p in self._view.packages()}
        # Dropping a package back on its own release is no move at all.
        moving = [pid for pid in package_ids if release_of.get(pid, release_id) != release_id]
        if release is None or not moving:
            return False

        def build(ws: Workspace) -> Command:
            moves = [rs.move_package(ws, pid, release_id) for pid in moving]
            if len(moves) == 1:
                return moves[0]
            text = f"Move {plural(len(moves), 'package')} to {release.key}"
            return BulkCommand(ws, moves, text)

        return self.run(build)

    # -- selection-wide edits -------------------------------------------------------------------

    def status_options(self) -> list[tuple[str, str]]:
        """Statuses every selected row may take (empty for none or a mixed selection)."""
        kind, rows = self._uniform_selection()
        if kind is None:
            return []
        return status_choices(kind, [str(row.status) for row in rows])

    def set_status(self, value: str) -> bool:
        """Set the status of every selected row: one undo step for all of them."""
        from releaseplanner.domain.enums import PackageStatus, ReleaseStatus
        from releaseplanner.services import releases as rs

        kind, rows = self._uniform_selection()
        ids = [row.id for row in rows]
        if kind == RELEASE_KIND:
            return self.run(lambda ws: rs.set_release_status(ws, ids, ReleaseStatus(value)))
        if kind == PACKAGE_KIND:
            return self.run(lambda ws: rs.set_package_status(ws, ids, PackageStatus(value)))
        return False

    def cancel_selected(self) -> bool:
        from releaseplanner.domain.enums import ReleaseStatus
        from releaseplanner.services import releases as rs

        ids = [row.id for row in self._selected(RELEASE_KIND)]
        if not ids:
            return False
        if len(ids) == 1:
            return self.run(lambda ws: rs.cancel_release(ws, ids[0]))
        return self.run(lambda ws: rs.set_release_status(ws, ids, ReleaseStatus.CANCELLED))

    def nudge_go_live(self, days: int) -> bool:
        """Move the selected releases' planned go-live by ``days``; repeats merge into one step."""
        from releaseplanner.services import releases as rs
        from releaseplanner.services.commands import BulkCommand

        releases = [r for r in self._selected(RELEASE_KIND) if _has_planned_go_live_only(r)]
        if not releases:
            self._on_command_failed(
                "Planned go-live: select a release that is planned to go live, not yet live"
            )
            return False
        shift = timedelta(days=days)

        def build(ws: Workspace) -> Command:
            edits = [
                rs.edit_release(
                    ws,
                    r.id,
                    {"planned_go_live": r.planned_go_live + shift},
                    merge_key=NUDGE_MERGE_KEY,
                )
                for r in releases
            ]
            if len(edits) == 1:
                return edits[0]
            when = f"{plural(abs(days), 'day')} {'later' if days > 0 else 'earlier'}"
            text = f"Move go-live of {plural(len(edits), 'release')} {when}"
            return BulkCommand(ws, edits, text)

        return self.run(build)

    def delete_selected(self) -> bool:
        """Delete the selection after a confirmation that says what goes with it."""
        from releaseplanner.services import releases as rs
        from releaseplanner.services.commands import BulkCommand

        if self._workspace is None:
            return False
        releases = self._selected(RELEASE_KIND)
        release_ids = {r.id for r in releases}
        # A package of a selected release goes with its release anyway.
        packages = [p for p in self._selected(PACKAGE_KIND) if p.release_id not in release_ids]
        if not releases and not packages:
            return False
        try:
            impact: Counter[str] = Counter()
            for kind, rows in ((RELEASE_KIND, releases), (PACKAGE_KIND, packages)):
                for row in rows:
                    impact.update(self._gateway.deletion_impact(self._workspace, kind, row.id))
        except UserError as exc:
            self._on_command_failed(str(exc))
            return False
        if not self._confirm_delete(releases, packages, impact):
            return False

        def build(ws: Workspace) -> Command:
            commands = [rs.delete_package(ws, p.id) for p in packages]
            commands += [rs.delete_release(ws, r.id) for r in releases]
            if len(commands) == 1:
                return commands[0]
            return BulkCommand(ws, commands, f"Delete {_what(releases, packages)}")

        return self.run(build)

    def _confirm_delete(
        self,
        releases: Sequence[ReleaseSummary],
        packages: Sequence[PackageSummary],
        impact: Counter[str],
    ) -> bool:
        if len(releases) == 1 and not packages:
            question = f"Delete release {releases[0].key} · {releases[0].name}?"
        elif len(packages) == 1 and not releases:
            question = f"Delete package '{packages[0].name}' from {packages[0].release_key}?"
        else:
            question = f"Delete {_what(releases, packages)}?"
        along = describe_impact(impact)
        details = f"With it go {along}. " if along else "Nothing else goes with it. "
        details += "You can undo this with Edit › Undo."
        answer = QMessageBox.question(
            self._parent,
            "Delete",
            f"{question}\n\n{details}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- dialogs --------------------------------------------------------------------------------

    def prompt_new_release(self) -> ReleaseDialog | None:
        from releaseplanner.ui.dialogs.release_dialog import ReleaseDialog

        if self._workspace is None:
            return None
        dialog = ReleaseDialog(self._gateway.edit_choices(self._workspace), None, self._parent)
        dialog.accepted.connect(lambda: self._on_new_release_accepted(dialog))
        return self._open(dialog)

    def prompt_edit(self) -> QDialog | None:
        """Edit the current release or package in its form."""
        current = self._view.current_row()
        if current is None or self._workspace is None:
            return None
        kind, row = current
        return (
            self._prompt_edit_release(row)
            if kind == RELEASE_KIND
            else self._prompt_edit_package(row)
        )

    def prompt_new_package(self) -> PackageDialog | None:
        from releaseplanner.ui.dialogs.package_dialog import PackageDialog

        if self._workspace is None:
            return None
        current = self._view.current_row()
        release_id = None
        if current is not None:
            kind, row = current
            release_id = row.id if kind == RELEASE_KIND else row.release_id
        dialog = PackageDialog(
            self._gateway.edit_choices(self._workspace),
            self._release_choices(),
            None,
            release_id,
            self._parent,
        )
        dialog.accepted.connect(lambda: self._on_new_package_accepted(dialog))
        return self._open(dialog)

    def prompt_duplicate(self) -> DuplicateReleaseDialog | None:
        from releaseplanner.ui.dialogs.release_dialog import DuplicateReleaseDialog

        current = self._view.current_row()
        if current is None or current[0] != RELEASE_KIND or self._workspace is None:
            return None
        try:
            source = self._gateway.release(self._workspace, current[1].id)
        except UserError as exc:
            self._on_command_failed(str(exc))
            return None
        choices = self._gateway.edit_choices(self._workspace)
        dialog = DuplicateReleaseDialog(source, choices, parent=self._parent)
        dialog.accepted.connect(lambda: self._on_duplicate_accepted(dialog, source.id))
        return self._open(dialog)

    def _prompt_edit_release(self, row: ReleaseSummary) -> ReleaseDialog | None:
        from releaseplanner.ui.dialogs.release_dialog import ReleaseDialog

        assert self._workspace is not None
        try:
            release = self._gateway.release(self._workspace, row.id)
        except UserError as exc:
            self._on_command_failed(str(exc))
            return None
        choices = self._gateway.edit_choices(self._workspace)
        dialog = ReleaseDialog(choices, release, self._parent)
        dialog.accepted.connect(lambda: self._on_edit_release_accepted(dialog, release))
        return self._open(dialog)

    def _prompt_edit_package(self, row: PackageSummary) -> PackageDialog | None:
        from releaseplanner.ui.dialogs.package_dialog import PackageDialog

        assert self._workspace is not None
        try:
            package = self._gateway.package(self._workspace, row.id)
        except UserError as exc:
            self._on_command_failed(str(exc))
            return None
        choices = self._gateway.edit_choices(self._workspace)
        dialog = PackageDialog(choices, self._release_choices(), package, None, self._parent)
        dialog.accepted.connect(lambda: self._on_edit_package_accepted(dialog, package))
        return self._open(dialog)

    def _on_new_release_accepted(self, dialog: ReleaseDialog) -> None:
        from releaseplanner.services import releases as rs

        v = dialog.values()
        self.run(
            lambda ws: rs.new_release(
                ws,
                key=v.key,
                name=v.name,
                type_key=v.type_key,
                planned_start=v.planned_start,
                planned_go_live=v.planned_go_live,
                owner_id=v.owner_id,
                team_id=v.team_id,
                description=v.description,
            )
        )

    def _on_edit_release_accepted(self, dialog: ReleaseDialog, release: Any) -> None:
        from releaseplanner.services import releases as rs

        changes = dialog.values().changes_from(release)
        if changes:
            self.run(lambda ws: rs.edit_release(ws, release.id, changes))

    def _on_new_package_accepted(self, dialog: PackageDialog) -> None:
        from releaseplanner.services import releases as rs

        v = dialog.values()
        fields = {"team_id": v.team_id, "owner_id": v.owner_id, "description": v.description}
        self.run(lambda ws: rs.new_package(ws, v.release_id, v.name, **fields))

    def _on_edit_package_accepted(self, dialog: PackageDialog, package: Any) -> None:
        from releaseplanner.services import releases as rs

        changes = dialog.values().changes_from(package)
        if changes:
            self.run(lambda ws: rs.edit_package(ws, package.id, changes))

    def _on_duplicate_accepted(self, dialog: DuplicateReleaseDialog, source_id: str) -> None:
        from releaseplanner.services import releases as rs

        v = dialog.values()
        self.run(
            lambda ws: rs.duplicate_release(
                ws, source_id, key=v.key, name=v.name, shift_days=v.shift_days
            )
        )

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # open(), not exec(): window-modal without a nested event loop, so tests drive it.
        dialog.open()
        return dialog

    # -- what the actions may do ------------------------------------------------------------------

    def has_workspace(self) -> bool:
        return self._workspace is not None

    def has_selection(self) -> bool:
        return self._workspace is not None and bool(self._view.selected_rows())

    def has_current(self) -> bool:
        return self._workspace is not None and self._view.current_row() is not None

    def can_new_package(self) -> bool:
        return self._workspace is not None and bool(self._view.releases())

    def release_is_current(self) -> bool:
        current = self._view.current_row()
        return self._workspace is not None and current is not None and current[0] == RELEASE_KIND

    def can_cancel(self) -> bool:
        from releaseplanner.domain.enums import ReleaseStatus
        from releaseplanner.domain.lifecycle import allowed_next_statuses

        releases = self._selected(RELEASE_KIND)
        return bool(releases) and all(
            ReleaseStatus.CANCELLED in allowed_next_statuses(r.status) for r in releases
        )

    def can_nudge(self) -> bool:
        return any(_has_planned_go_live_only(r) for r in self._selected(RELEASE_KIND))

    # -- helpers --------------------------------------------------------------------------------

    def _selected(self, kind: str) -> list[Any]:
        return [row for row_kind, row in self._view.selected_rows() if row_kind == kind]

    def _uniform_selection(self) -> tuple[str | None, list[Any]]:
        selected = self._view.selected_rows()
        kinds = {kind for kind, _row in selected}
        if len(kinds) != 1:
            return None, []
        return kinds.pop(), [row for _kind, row in selected]

    def _release_choices(self) -> list[Any]:
        from releaseplanner.services.portfolio import Choice

        releases = sorted(self._view.releases(), key=lambda r: r.key.lower())
        return [Choice(r.id, f"{r.key} · {r.name}", r.key) for r in releases]


def _has_planned_go_live_only(release: ReleaseSummary) -> bool:
    """A go-live to move: planned, and not yet overtaken by the actual one."""
    return release.planned_go_live is not None and release.actual_go_live is None


def _what(releases: Sequence[Any], packages: Sequence[Any]) -> str:
    """``2 releases and 1 package``."""
    parts = [
        plural(len(rows), noun)
        for rows, noun in ((releases, "release"), (packages, "package"))
        if rows
    ]
    return " and ".join(parts)
