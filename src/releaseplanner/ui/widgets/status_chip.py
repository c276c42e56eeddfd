"""Statuses drawn as coloured chips (a label for forms, a delegate for tree columns), and the
padded delegate that the chip delegate and the portfolio tree's other columns share.

Colour is what a release manager scans for ("what is red?"), so both places use the same
colours from ``ui.style`` and keep the status text inside the chip for colour-blind readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QStyledItemDelegate, QWidget

from releaseplanner.ui.formatting import status_label
from releaseplanner.ui.style import status_colours

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

_CHIP_PADDING_X = 9
_CHIP_PADDING_Y = 2


class StatusChipLabel(QLabel):
    """A status value shown as a rounded, coloured chip."""

    def __init__(self, status: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusChip")
        self.set_status(status)

    def set_status(self, status: str) -> None:
        colours = status_colours(status)
        self.setText(status_label(status) if status else "")
        self.setStyleSheet(
            f"QLabel#statusChip {{ background: {colours.background}; color: {colours.foreground};"
            f" border-radius: 10px; padding: {_CHIP_PADDING_Y}px {_CHIP_PADDING_X + 1}px;"
            " font-weight: 600; }"
        )


class PaddedItemDelegate(QStyledItemDelegate):
    """Gives rows a little air: dense grids of dates and names are hard to follow across."""

    ROW_PADDING = 8

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + self.ROW_PADDING)


class StatusChipDelegate(PaddedItemDelegate):
    """Paints a status column's text as a chip, keeping the view's selection background.

    Args:
        status_role: the model role that gives the status value (``in_test``) for the colours.
    """

    def __init__(self, status_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status_role = status_role

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        status = index.data(self._status_role)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not status or not text:
            super().paint(painter, option, index)
            return
        # Let the style draw the row background (selection, alternate colour), minus the text.
        # QStyle and its options are looked up here, not imported: PySide6 builds their many
        # enums on first use, which would cost start-up milliseconds before the first paint.
        view_option = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(
                QtWidgets.QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget
            )

        colours = status_colours(status)
        font = option.font  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        rect = option.rect  # type: ignore[attr-defined]
        height = min(rect.height() - 4, metrics.height() + 2 * _CHIP_PADDING_Y)
        width = min(rect.width() - 8, metrics.horizontalAdvance(text) + 2 * _CHIP_PADDING_X)
        chip = QRectF(rect.left() + 4, rect.top() + (rect.height() - height) / 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours.background))
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setPen(QColor(colours.foreground))
        painter.setFont(font)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width) - 8)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        # Room for the chip's side padding; the row padding already keeps it off its neighbours.
        return QSize(hint.width() + 2 * _CHIP_PADDING_X + 8, hint.height())
