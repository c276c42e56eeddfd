"""The GUI's undo: the services' Qt-free commands wrapped as QUndoCommands for one QUndoStack.

A command runs *before* it is pushed. ``QUndoStack.push`` would otherwise call ``redo()`` itself
and leave the command on the stack even when the edit was refused, so ``push_command`` runs it
first and pushes only what succeeded, flagging the wrapper to skip the stack's automatic redo.

When undo or redo fails with a ``UserError`` (typically ``StaleEditError``: someone changed the
record since, in a shared workspace or from the CLI), the database is unchanged and the command
can never succeed again. The wrapper marks itself obsolete, which makes QUndoStack drop exactly
that command from the history; everything before and after it stays undoable and redoable, each
protected by its own staleness check. The message is reported, never raised into Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand, QUndoStack

from releaseplanner.domain.errors import UserError

if TYPE_CHECKING:
    from releaseplanner.services.changes import ChangeSet
    from releaseplanner.services.commands import Command

Applied = Callable[["ChangeSet"], None]
Failed = Callable[[str], None]

# QUndoCommand.id() must be an int, and equal ids are what make QUndoStack try a merge.
# Each merge key gets a small number of its own; the command's merge_with() then decides
# whether the two edits really belong together (same record, same kind of edit).
_MERGE_IDS: dict[str, int] = {}


def merge_id(merge_key: str | None) -> int:
    """QUndoStack's merge id for a command's ``merge_key``: -1 (never merge) for None."""
    if merge_key is None:
        return -1
    return _MERGE_IDS.setdefault(merge_key, len(_MERGE_IDS) + 1)


class UndoableCommand(QUndoCommand):
    """A services ``Command`` on the undo stack.

    Args:
        command: the command, already redone once by ``push_command``.
        on_applied: called with the ChangeSet after every later undo or redo.
        on_failed: called with the message when an undo or redo is refused.
    """

    def __init__(self, command: Command, on_applied: Applied, on_failed: Failed) -> None:
        super().__init__(command.text)
        self._command = command
        self._on_applied = on_applied
        self._on_failed = on_failed
        # push() calls redo() straight away; the command has already run by then.
        self._skip_next_redo = True

    @property
    def command(self) -> Command:
        return self._command

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._run(self._command.redo)

    def undo(self) -> None:
        self._run(self._command.undo)

    def id(self) -> int:
        return merge_id(getattr(self._command, "merge_key", None))

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, UndoableCommand) or not self._command.merge_with(other.command):
            return False
        self.setText(self._command.text)
        return True

    def _run(self, step: Callable[[], ChangeSet]) -> None:
        try:
            changes = step()
        except UserError as exc:
            # Nothing was written (one transaction); drop this command from the history.
            self.setObsolete(True)
            self._on_failed(str(exc))
            return
        self._on_applied(changes)


def push_command(
    stack: QUndoStack, command: Command, on_applied: Applied, on_failed: Failed
) -> bool:
    """Run ``command`` and, only if it succeeded, put it on ``stack``.

    Returns whether it ran. A refused command (``UserError``) is reported through
    ``on_failed`` and leaves the stack as it was; ``on_applied`` gets the ChangeSet otherwise.
    """
    try:
        changes = command.redo()
    except UserError as exc:
        on_failed(str(exc))
        return False
    # The stack owns the wrapper from here on (and deletes it at once if it merges).
    stack.push(UndoableCommand(command, on_applied, on_failed))
    on_applied(changes)
    return True
