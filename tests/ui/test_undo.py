"""The QUndoStack adapter: refused commands never land, merges, stale undo drops one step."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QUndoStack

from releaseplanner.domain.errors import UserError
from releaseplanner.services.commands import StaleEditError
from releaseplanner.ui.undo import merge_id, push_command


class FakeCommand:
    """A services-like command that records calls and can be told to fail."""

    def __init__(self, text: str, log: list[str], *, merge_key: str | None = None) -> None:
        self.text = text
        self.merge_key = merge_key
        self.log = log
        self.fail_redo: Exception | None = None
        self.fail_undo: Exception | None = None

    def redo(self) -> str:
        if self.fail_redo is not None:
            raise self.fail_redo
        self.log.append(f"redo {self.text}")
        return f"changes of {self.text}"

    def undo(self) -> str:
        if self.fail_undo is not None:
            raise self.fail_undo
        self.log.append(f"undo {self.text}")
        return f"undone {self.text}"

    def merge_with(self, other: FakeCommand) -> bool:
        if other.merge_key != self.merge_key:
            return False
        self.text = other.text
        return True


@pytest.fixture
def stack(qapp):
    return QUndoStack()


def test_a_command_runs_once_when_pushed_and_reports_its_changes(stack):
    log, applied, failed = [], [], []

    assert push_command(stack, FakeCommand("a", log), applied.append, failed.append)

    assert log == ["redo a"]  # the stack's own redo() on push is skipped
    assert applied == ["changes of a"] and failed == []
    stack.undo()
    stack.redo()
    assert log == ["redo a", "undo a", "redo a"]
    assert applied == ["changes of a", "undone a", "changes of a"]


def test_a_refused_command_never_lands_on_the_stack(stack):
    log, failed = [], []
    command = FakeCommand("bad", log)
    command.fail_redo = UserError("name: a package needs a name")

    assert not push_command(stack, command, lambda _c: None, failed.append)

    assert stack.count() == 0
    assert failed == ["name: a package needs a name"]


def test_commands_with_the_same_merge_key_merge_into_one_step(stack):
    log: list[str] = []
    for day in (1, 2, 3):
        command = FakeCommand(f"go-live +{day}", log, merge_key="nudge")
        push_command(stack, command, lambda _c: None, log.append)

    assert stack.count() == 1
    assert stack.undoText() == "go-live +3"
    assert merge_id("nudge") == merge_id("nudge") != merge_id(None) == -1


def test_a_stale_undo_is_reported_and_drops_only_that_step(stack):
    log, failed = [], []
    first, second = FakeCommand("first", log), FakeCommand("second", log)
    push_command(stack, first, lambda _c: None, failed.append)
    push_command(stack, second, lambda _c: None, failed.append)
    second.fail_undo = StaleEditError("cannot undo 'second': name is now 'x'")

    stack.undo()

    assert failed == ["cannot undo 'second': name is now 'x'"]
    assert [stack.text(i) for i in range(stack.count())] == ["first"]
    assert stack.index() == 1 and stack.canUndo() and not stack.canRedo()
    stack.undo()
    assert log[-1] == "undo first"
