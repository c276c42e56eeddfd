"""The Risk window: the register and the dashboard of one workspace, side by side as tabs.

A window of its own (not a dock) because the charts need room, and because a lead presenting
risk in a meeting wants it on the projector while the portfolio stays on the laptop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from releaseplanner.ui.risk.links import link_risk_views
from releaseplanner.ui.risk.risk_dashboard import RiskDashboardView
from releaseplanner.ui.risk.risk_reader import RiskReader
from releaseplanner.ui.risk.risk_register import PushCommand, RiskRegisterView

if TYPE_CHECKING:
    from releaseplanner.services.changes import ChangeSet
    from releaseplanner.storage.engine import Workspace


class RiskWindow(QWidget):
    """Register and dashboard for ``workspace``; edits go through ``push_command``."""

    def __init__(
        self, workspace: Workspace, push_command: PushCommand, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("riskWindow")
        self.setWindowTitle(f"Risk — {workspace.display_name}")
        self.resize(1280, 800)
        reader = RiskReader(workspace)
        self.register = RiskRegisterView(reader, push_command)
        self.dashboard = RiskDashboardView(reader)
        link_risk_views(self.register, self.dashboard)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("riskTabs")
        self.tabs.addTab(self.register, "Register")
        self.tabs.addTab(self.dashboard, "Dashboard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def focus_release(self, release_id: str | None) -> None:
        """Show the register and charts of one release (None: the whole portfolio)."""
        self.register.set_release_filter(release_id)
        self.dashboard.set_release(release_id)

    def apply_changes(self, changes: ChangeSet) -> None:
        """An edit, undo or redo happened anywhere in the app: refresh what it touched."""
        self.register.apply_changes(changes)
        self.dashboard.apply_changes(changes)

    def shutdown(self) -> None:
        """Stop background work before the workspace closes."""
        self.dashboard.shutdown()
