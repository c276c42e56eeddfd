"""The Lifecycle window: a release's records after planning, and the delivery metrics, as tabs.

A window of its own (like the Risk window) because a deployment night or a post-release review
is run from it for an hour, often on a second screen, while the portfolio stays where it was.
The metrics are computed only when their tab is first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from releaseplanner.ui.lifecycle.metrics_view import AskChartPath, MetricsView, ask_chart_path
from releaseplanner.ui.lifecycle.release_records import (
    AskReviewPath,
    PushCommand,
    ReleaseRecordsView,
    ask_review_path,
)

if TYPE_CHECKING:
    from releaseplanner.services.changes import ChangeSet
    from releaseplanner.storage.engine import Workspace


class LifecycleWindow(QWidget):
    """Release records and metrics for ``workspace``; edits go through ``push_command``.

    Args:
        workspace: the open workspace.
        push_command: runs a command on the window's undo stack; False when refused.
        today, now: the day and time judged by (fixed in tests).
        ask_review_path, ask_chart_path: file choosers for the two exports (tests pass theirs).
    """

    def __init__(
        self,
        workspace: Workspace,
        push_command: PushCommand,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
        ask_review_path: AskReviewPath = ask_review_path,
        ask_chart_path: AskChartPath = ask_chart_path,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("lifecycleWindow")
        self.setWindowTitle(f"Releases in flight — {workspace.display_name}")
        self.resize(1280, 800)
        self.records = ReleaseRecordsView(
            workspace, push_command, today=today, now=now, ask_path=ask_review_path
        )
        self.metrics = MetricsView(workspace, today=today, ask_path=ask_chart_path)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("lifecycleTabs")
        self.tabs.addTab(self.records, "Release records")
        self.tabs.addTab(self.metrics, "Metrics")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def focus_release(self, release_id: str | None) -> None:
        """Show the records of one release (None: the one most worth looking at)."""
        self.records.set_release(release_id)

    def show_metrics(self) -> None:
        self.tabs.setCurrentWidget(self.metrics)

    def apply_changes(self, changes: ChangeSet) -> None:
        """An edit, undo or redo happened anywhere in the app: refresh what it touched."""
        self.records.apply_changes(changes)
        self.metrics.apply_changes(changes)

    def shutdown(self) -> None:
        """Stop background work before the workspace closes."""
        self.records.shutdown()
        self.metrics.shutdown()
