"""Slow work (reading an import file, writing an export) off the GUI thread, results back on it.

``BackgroundRunner.run(fn)`` runs ``fn()`` on a thread pool and returns a ``BackgroundTask``
whose signals fire on the GUI thread: ``succeeded(result)``, ``failed(message)`` for a
:class:`UserError` (something the user can fix: the message is theirs to read), or ``cancelled``
after :meth:`BackgroundTask.cancel`. The worker never touches a widget; ``fn`` must open its own
session (the services do), because a Session must not cross threads.

Cancelling is cooperative: Python cannot stop a thread, so the work runs on and its result is
dropped. A function that can stop early may accept a ``CancelToken`` (``run(fn, token=True)``)
and check ``token.is_cancelled``. Anything that is not a UserError is a defect: it is reported
through ``sys.excepthook`` on the GUI thread (the app's crash handler, or pytest-qt) and as
``failed``, so the view never waits for ever.
"""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

from releaseplanner.domain.errors import UserError


class CancelToken:
    """Set by the GUI thread, read by the worker: whether the task's result is still wanted."""

    def __init__(self) -> None:
        self._event = threading.Event()

    @property
    def is_cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        self._event.set()


class BackgroundTask(QObject):
    """One piece of background work, as seen from the GUI thread.

    Exactly one of ``succeeded``, ``failed`` or ``cancelled`` is emitted, once, and then
    ``done`` (so a progress indicator has one signal to hide on).
    """

    #: The work returned; carries its result.
    succeeded = Signal(object)
    #: The work raised; carries a one-line message (a UserError's own text).
    failed = Signal(str)
    #: :meth:`cancel` was called before the work finished; its result was dropped.
    cancelled = Signal()
    #: After any of the three above.
    done = Signal()

    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description
        self.token = CancelToken()
        self._finished = False

    @property
    def is_running(self) -> bool:
        return not self._finished

    def cancel(self) -> None:
        """Stop waiting for the result: ``cancelled`` fires now, the result is never delivered."""
        if self._finished:
            return
        self.token.cancel()
        self._finish(self.cancelled.emit)

    def _deliver(self, result: Any, error: BaseException | None) -> None:
        if self._finished:  # cancelled meanwhile
            return
        if error is None:
            self._finish(lambda: self.succeeded.emit(result))
        elif isinstance(error, UserError):
            self._finish(lambda: self.failed.emit(str(error)))
        else:
            # A defect: let the crash handler see the traceback, and still end the task.
            sys.excepthook(type(error), error, error.__traceback__)
            self._finish(lambda: self.failed.emit(f"Unexpected error: {error}"))

    def _finish(self, emit: Callable[[], None]) -> None:
        self._finished = True
        emit()
        self.done.emit()


class _Relay(QObject):
    """Lives on the GUI thread as long as the runner; workers emit through it, never through a
    task, so a task can be dropped as soon as it is delivered without a worker touching it."""

    delivered = Signal(int, object, object)


class BackgroundRunner(QObject):
    """Starts background tasks on its own thread pool (so waiting for them waits for ours only).

    Args:
        max_threads: how many tasks run at once; one keeps writes to a workspace in order.
    """

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 1) -> None:
        super().__init__(parent)
        # Created before the relay, so it is destroyed first: its destructor waits for workers,
        # which therefore never emit through a relay that is gone.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.delivered.connect(self._on_relay_delivered, Qt.ConnectionType.QueuedConnection)
        self._tasks: dict[int, BackgroundTask] = {}
        self._ids = itertools.count(1)

    def run(
        self, work: Callable[..., Any], *, description: str = "", token: bool = False
    ) -> BackgroundTask:
        """Run ``work()`` (or ``work(task.token)`` when ``token``) off the GUI thread."""
        task_id = next(self._ids)
        task = BackgroundTask(description)
        self._tasks[task_id] = task
        cancel_token, relay = task.token, self._relay

        def call() -> None:
            if cancel_token.is_cancelled:
                relay.delivered.emit(task_id, None, None)
                return
            try:
                result = work(cancel_token) if token else work()
            except BaseException as exc:  # the GUI thread decides what it is (see _deliver)
                relay.delivered.emit(task_id, None, exc)
            else:
                relay.delivered.emit(task_id, result, None)

        self._pool.start(call)
        return task

    def pending_count(self) -> int:
        """Tasks started whose worker has not delivered yet (cancelled ones included)."""
        return len(self._tasks)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every started worker has returned (e.g. before closing a workspace)."""
        return self._pool.waitForDone(msecs)

    @Slot(int, object, object)
    def _on_relay_delivered(self, task_id: int, result: Any, error: BaseException | None) -> None:
        task = self._tasks.pop(task_id, None)
        if task is not None:
            task._deliver(result, error)
