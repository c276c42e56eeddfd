"""Help > About: what this program is, which workspace is open, and the versions underneath.

The versions are what a bug report needs, so they are selectable text.
"""

from __future__ import annotations

import platform
from collections.abc import Mapping

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from releaseplanner import __version__
from releaseplanner.ui.formatting import summarise_counts
from releaseplanner.ui.style import MUTED_TEXT, scaled_font


class AboutDialog(QDialog):
    """Version, open workspace and library versions.

    Args:
        icon: the application icon, shown large.
        workspace_name: the open workspace's display name, or None when none is open.
        counts: its record counts, as the status bar shows them.
    """

    def __init__(
        self,
        icon: QIcon,
        workspace_name: str | None,
        counts: Mapping[str, int] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Release Planner")
        self.setMinimumWidth(540)

        logo = QLabel()
        logo.setPixmap(icon.pixmap(72, 72))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel("Release Planner")
        title.setFont(scaled_font(self.font(), 1.6, bold=True))
        tagline = QLabel(
            "Offline release planning: packages, schedules, risk, deployments and reviews."
        )
        tagline.setWordWrap(True)
        tagline.setStyleSheet(f"color: {MUTED_TEXT};")

        heading = QVBoxLayout()
        heading.setSpacing(4)
        heading.addWidget(title)
        heading.addWidget(QLabel(f"Version {__version__}"))
        heading.addWidget(tagline)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(logo)
        top.addLayout(heading, 1)

        self._facts = {
            "Workspace": workspace_name or "none open",
            "Contents": summarise_counts(counts) if counts else "—",
            "Qt": qVersion(),
            "PySide6": PySide6.__version__,
            "Python": f"{platform.python_version()} ({platform.python_implementation()})",
            "System": platform.platform(terse=True),
        }
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        for label, value in self._facts.items():
            name = QLabel(label)
            name.setStyleSheet(f"color: {MUTED_TEXT};")
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(name, text)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 16)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def facts(self) -> dict[str, str]:
        """The label -> text pairs shown (for tests and for copying into bug reports)."""
        return dict(self._facts)
