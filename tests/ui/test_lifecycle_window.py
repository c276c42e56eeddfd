"""The Lifecycle window as the main window uses it: built on a workspace with a push_command,
focused on a release, fed every ChangeSet, shut down before the workspace closes; and kept out
of the app's start-up (nothing in ui/lifecycle is imported until the window is first opened)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QUndoStack

from releaseplanner.services.changes import ChangeSet
from releaseplanner.storage.store import Store
from releaseplanner.ui.lifecycle.lifecycle_window import LifecycleWindow
from releaseplanner.ui.undo import push_command

TODAY = date(2026, 11, 26)


@pytest.fixture
def workspace(demo_workspace):
    return demo_workspace


def test_the_window_follows_the_release_and_every_change(qtbot, workspace):
    stack = QUndoStack()
    holder: list[LifecycleWindow] = []

    def push(command) -> bool:
        return push_command(stack, command, holder[0].apply_changes, print)

    window = LifecycleWindow(
        workspace, push, today=lambda: TODAY, now=lambda: datetime(2026, 11, 26, 12, 0)
    )
    holder.append(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle().startswith("Releases in flight")
    assert window.records.records.release.key == "IAM-2.8"
    with workspace.session_factory() as session:
        pay = Store(session).release_by_key("PAY-4.0")
    window.focus_release(pay.id)
    assert window.records.records.release.key == "PAY-4.0"

    # The metrics are computed when their tab is first shown, not before.
    assert window.metrics.report is None
    with qtbot.waitSignal(window.metrics.metrics_updated, timeout=20_000):
        window.show_metrics()

    # An undoable edit made in the window is refreshed through apply_changes, undo too.
    window.records.els_tab.criterion_edit.setText("Hand-over to operations done")
    with qtbot.waitSignal(window.records.refreshed):
        window.records.els_tab.add_button.click()
    assert stack.count() == 1
    criteria = [c.criterion for c in window.records.records.criteria]
    assert "Hand-over to operations done" in criteria
    with qtbot.waitSignal(window.records.refreshed):
        stack.undo()
    criteria = [c.criterion for c in window.records.records.criteria]
    assert "Hand-over to operations done" not in criteria

    # A change to what the metrics read (a deployment made elsewhere) recomputes them.
    with qtbot.waitSignal(window.metrics.metrics_updated, timeout=20_000):
        window.apply_changes(ChangeSet("Record deployment", created={"deployment": {"d"}}))
    window.shutdown()


def test_start_up_imports_nothing_from_ui_lifecycle():
    code = (
        "import sys\n"
        "import releaseplanner.app, releaseplanner.ui.main_window, releaseplanner.ui.workbench\n"
        "loaded = [m for m in sys.modules if m.startswith('releaseplanner.ui.lifecycle')]\n"
        "loaded += [m for m in sys.modules if m == 'releaseplanner.services.lifecycle_views']\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
