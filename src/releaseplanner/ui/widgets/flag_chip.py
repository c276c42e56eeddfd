"""Lifecycle flags ("ELS · 2 open incidents", "Review overdue 5 d") drawn as coloured chips.

Three tones, mildest first: *info* (blue: in early-life support, nothing open), *warning*
(amber: open incidents), *alert* (red: a SEV1/SEV2 open, or a review overdue). The words are
always in the chip, so the tone is a hint for the eye, never the only carrier of the meaning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QWidget

from releaseplanner.ui.style import ChipColours
from releaseplanner.ui.widgets.status_chip import PaddedItemDelegate

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

# The status chips' blue, amber and red, so the tree speaks one colour language.
TONE_COLOURS = {
    "info": ChipColours("#e0f2fe", "#075985"),
    "warning": ChipColours("#fef3c7", "#92400e"),
    "alert": ChipColours("#fee2e2", "#991b1b"),
}
_PADDING_X = 8
_PADDING_Y = 2


def tone_colours(tone: str | None) -> ChipColours | None:
    """The chip colours of a tone; None for no tone (plain text)."""
    return TONE_COLOURS.get(tone or "")


class FlagChipLabel(QLabel):
    """A flag as a rounded chip for forms and panes; nothing for an empty text."""

    def __init__(self, text: str = "", tone: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagChip")
        self.set_flag(text, tone)

    def set_flag(self, text: str, tone: str) -> None:
        colours = tone_colours(tone)
        self.setText(text)
        if colours is None or not text:
            self.setStyleSheet("")
            return
        self.setStyleSheet(
            f"QLabel#flagChip {{ background: {colours.background}; color: {colours.foreground};"
            f" border-radius: 9px; padding: {_PADDING_Y}px {_PADDING_X + 2}px; font-weight: 600; }}"
        )


class FlagChipDelegate(PaddedItemDelegate):
    """Paints a column's text on a chip in its tone's colours, keeping the row's background.

    Args:
        tone_role: the model role holding the tone (``info``, ``warning``, ``alert``); cells
            without one are drawn as plain text. Text too long for the column is elided (the
            tooltip has it whole).
    """

    def __init__(self, tone_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tone_role = tone_role

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        colours = tone_colours(index.data(self._tone_role))
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if colours is None or not text:
            super().paint(painter, option, index)
            return
        # QStyle is reached through the module, as in status_chip: its enums load on first use.
        view_option = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(
                QtWidgets.QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget
            )
        font = option.font  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        rect = option.rect  # type: ignore[attr-defined]
        height = min(rect.height() - 4, metrics.height() + 2 * _PADDING_Y)
        width = min(rect.width() - 8, metrics.horizontalAdvance(str(text)) + 2 * _PADDING_X)
        chip = QRectF(rect.left() + 4, rect.top() + (rect.height() - height) / 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours.background))
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setPen(QColor(colours.foreground))
        painter.setFont(font)
        elided = metrics.elidedText(str(text), Qt.TextElideMode.ElideRight, int(width) - 2 * 4)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 2 * _PADDING_X + 8, hint.height())
