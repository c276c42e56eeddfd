"""What every coloured chip in the app shares: the padded row delegate, the delegate that paints
a cell's text on a rounded chip, and the style sheet that draws a QLabel as one.

The status, band, flag and outcome chips differ only in where their colours come from and in a
pixel or two of padding; the painting lives here once so that they cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

    from releaseplanner.ui.style import ChipColours

#: Space above and below a chip's text, in every chip.
CHIP_PADDING_Y = 2


def chip_style_sheet(
    name: str, colours: ChipColours, *, radius: int, padding_x: int, padding_y: int = CHIP_PADDING_Y
) -> str:
    """A style sheet drawing the QLabel named ``name`` as a rounded chip in ``colours``."""
    return (
        f"QLabel#{name} {{ background: {colours.background}; color: {colours.foreground};"
        f" border-radius: {radius}px; padding: {padding_y}px {padding_x}px; font-weight: 600; }}"
    )


class PaddedItemDelegate(QStyledItemDelegate):
    """Gives rows a little air: dense grids of dates and names are hard to follow across."""

    ROW_PADDING = 8

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + self.ROW_PADDING)


class ChipItemDelegate(PaddedItemDelegate):
    """Paints a cell's text on a rounded chip, keeping the view's selection background.

    Subclasses say which colours a cell gets (:meth:`chip_colours`); a cell without colours or
    text is drawn as plain text. ``PADDING_X`` is the chip's side padding and ``ELIDE_MARGIN``
    the room kept free when long text is elided; each chip kind keeps its own.
    """

    PADDING_X = 9
    ELIDE_MARGIN = 8

    def chip_colours(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> ChipColours | None:
        """The colours of this cell's chip; None draws it as plain text."""
        raise NotImplementedError

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        colours = self.chip_colours(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if colours is None or not text:
            super().paint(painter, option, index)
            return
        text = str(text)
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

        font = option.font  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        rect = option.rect  # type: ignore[attr-defined]
        height = min(rect.height() - 4, metrics.height() + 2 * CHIP_PADDING_Y)
        width = min(rect.width() - 8, metrics.horizontalAdvance(text) + 2 * self.PADDING_X)
        chip = QRectF(rect.left() + 4, rect.top() + (rect.height() - height) / 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours.background))
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setPen(QColor(colours.foreground))
        painter.setFont(font)
        elided = metrics.elidedText(
            text, Qt.TextElideMode.ElideRight, int(width) - self.ELIDE_MARGIN
        )
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        # Room for the chip's side padding; the row padding already keeps it off its neighbours.
        return QSize(hint.width() + 2 * self.PADDING_X + 8, hint.height())
