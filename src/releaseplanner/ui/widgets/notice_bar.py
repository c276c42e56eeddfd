"""A one-line notice above the portfolio: why an edit was refused, without a modal dialog.

A refused in-place edit is frequent and harmless ("a package needs a name"); a dialog that must
be dismissed would punish it. The bar stays until dismissed or until the next edit succeeds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

_STYLE = (
    "QFrame#noticeBar { background: #fef3c7; border: 1px solid #f5d68a; border-radius: 6px; }"
    "QLabel#noticeText { color: #78350f; }"
    "QToolButton#noticeClose { border: none; color: #78350f; font-weight: 600; padding: 0 4px; }"
)


class NoticeBar(QFrame):
    """Shows a message with a close button; hidden while there is nothing to say."""

    #: The user closed the notice.
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setStyleSheet(_STYLE)
        self._label = QLabel()
        self._label.setObjectName("noticeText")
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setObjectName("noticeClose")
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.setCursor(Qt.CursorShape.PointingHandCursor)
        close.clicked.connect(self._on_close_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self._label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        return self._label.text()

    def show_message(self, text: str) -> None:
        self._label.setText(text)
        self.show()

    def clear(self) -> None:
        self._label.clear()
        self.hide()

    def _on_close_clicked(self) -> None:
        self.clear()
        self.dismissed.emit()
