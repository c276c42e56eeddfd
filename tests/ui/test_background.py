"""The background helper: results and failures arrive on the GUI thread, through signals."""

from __future__ import annotations

import sys
import threading

import pytest

pytest.importorskip("PySide6")

from releaseplanner.domain.errors import ValidationError
from releaseplanner.ui.background import BackgroundRunner


@pytest.fixture
def runner(qtbot):
    runner = BackgroundRunner()
    yield runner
    runner.wait_for_done()


def test_result_is_delivered_on_the_gui_thread(qtbot, runner):
    gui_thread = threading.current_thread()
    ran_on = []
    received_on = []

    def work():
        ran_on.append(threading.current_thread())
        return 42

    task = runner.run(work, description="answer")
    # Connecting after run() is safe: delivery waits for a later turn of the event loop.
    task.succeeded.connect(lambda result: received_on.append((result, threading.current_thread())))
    with qtbot.waitSignal(task.done):
        pass

    assert ran_on and ran_on[0] is not gui_thread
    assert received_on == [(42, gui_thread)]
    assert not task.is_running
    assert runner.pending_count() == 0


def test_user_error_is_reported_as_its_message(qtbot, runner):
    def work():
        raise ValidationError("type: 'spreadsheet' is not a component type")

    task = runner.run(work)
    with qtbot.assertNotEmitted(task.succeeded), qtbot.waitSignal(task.failed) as blocker:
        pass

    assert blocker.args == ["type: 'spreadsheet' is not a component type"]


def test_cancel_drops_the_result(qtbot, runner):
    release = threading.Event()

    def work(token):
        release.wait(5)
        return "late"

    task = runner.run(work, token=True)
    with qtbot.waitSignal(task.cancelled):
        task.cancel()
    assert task.token.is_cancelled
    release.set()
    runner.wait_for_done()
    with qtbot.assertNotEmitted(task.succeeded, wait=50):
        qtbot.waitUntil(lambda: runner.pending_count() == 0)


@pytest.mark.qt_no_exception_capture
def test_a_defect_reaches_the_excepthook_and_still_ends_the_task(qtbot, runner, monkeypatch):
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc_info: hooked.append(exc_info))

    def work():
        raise ZeroDivisionError("bug")

    task = runner.run(work)
    with qtbot.waitSignal(task.failed) as blocker:
        pass

    assert blocker.args == ["Unexpected error: bug"]
    assert hooked and hooked[0][0] is ZeroDivisionError
