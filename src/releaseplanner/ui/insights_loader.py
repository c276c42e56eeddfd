"""Reads the release list's risk bands and lifecycle flags off the GUI thread, for one window.

Scoring every release takes about 40 ms on the demo and most of a second on a thousand
releases, too long for the GUI thread: the window shows its tree first and the loader fills the
Risk and Lifecycle columns when the read arrives. Requests are coalesced (a burst of edits makes
one read, and requests made during a read make one more afterwards), and every read carries the
generation of the workspace it was started for: a result for a workspace that has since been
switched away from is dropped, never shown against the new one's releases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

if TYPE_CHECKING:
    from releaseplanner.storage.engine import Workspace
    from releaseplanner.ui.background import BackgroundRunner, BackgroundTask
    from releaseplanner.ui.release_insights import ReleaseInsight

Read = Callable[["Workspace"], Mapping[str, "ReleaseInsight"]]

#: How long a request waits for more before reading: edits often come in bursts (a drag, a
#: bulk status change, undo pressed repeatedly).
COALESCE_MS = 60


class InsightsLoader(QObject):
    """Reads ``read(workspace)`` in the background; ``loaded`` delivers the current one's.

    Args:
        read: the gateway's ``release_insights``; runs on a worker thread.
    """

    #: A read for the current workspace finished; carries {release id: ReleaseInsight}.
    loaded = Signal(object)
    #: A read failed; carries the one-line reason.
    failed = Signal(str)

    def __init__(self, read: Read, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read = read
        self._workspace: Workspace | None = None
        self._generation = 0
        self._runner: BackgroundRunner | None = None
        self._task: BackgroundTask | None = None
        self._reads = 0  # numbers the reads, so a finished one knows whether it is the latest
        self._again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        app = QCoreApplication.instance()
        if app is not None:
            # Quitting skips closeEvent: a worker still reading must finish before tear-down.
            app.aboutToQuit.connect(self.shutdown)

    @property
    def is_busy(self) -> bool:
        """Whether a read is waiting to start or running."""
        return self._timer.isActive() or self._task is not None

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Read ``workspace`` from now on (None: nothing); a read still running for the previous
        one is dropped. Starts the first read at once."""
        self._generation += 1
        self._workspace = workspace
        self._again = False
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._timer.stop()
        if workspace is not None:
            self._timer.start(0)

    def request(self) -> None:
        """Read again soon (after an edit); requests close together make one read."""
        if self._workspace is None:
            return
        if self._task is not None:
            self._again = True
            return
        self._timer.start(COALESCE_MS)

    def shutdown(self) -> None:
        """Stop reading and wait for a running read: call before the workspace closes."""
        self.set_workspace(None)
        if self._runner is not None:
            self._runner.wait_for_done()

    def wait_until_idle(self, msecs: int = 30_000) -> bool:
        """Block until the worker is idle (tests); results still arrive through the event loop."""
        return self._runner.wait_for_done(msecs) if self._runner is not None else True

    def _on_timer_timeout(self) -> None:
        workspace, generation = self._workspace, self._generation
        if workspace is None:
            return
        if self._runner is None:
            # Imported on first use, so the module costs start-up nothing before a workspace.
            from releaseplanner.ui.background import BackgroundRunner

            self._runner = BackgroundRunner(self)
        read = self._read
        self._reads += 1
        number = self._reads
        self._task = self._runner.run(lambda: read(workspace), description="Risk and lifecycle")
        # The slots capture numbers, not the task: a task kept alive by its own slots would leak.
        self._task.succeeded.connect(lambda result: self._on_read_done(number, generation, result))
        self._task.failed.connect(lambda text: self._on_read_done(number, generation, None, text))

    def _on_read_done(self, number: int, generation: int, result: Any, message: str = "") -> None:
        if number == self._reads:
            self._task = None
        if generation != self._generation:
            return  # for a workspace no longer shown
        if self._again:
            # Edits were made during the read: show it (better than nothing) and read again.
            self._again = False
            self._timer.start(COALESCE_MS)
        if message:
            self.failed.emit(message)
        else:
            self.loaded.emit(result)
