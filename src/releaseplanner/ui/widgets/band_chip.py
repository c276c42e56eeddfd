"""Risk bands drawn as coloured chips: a delegate for table and tree columns, a label for forms.

The chips take the charts' band colours (:mod:`releaseplanner.charts.palette`), so "high" is the
same orange in the portfolio tree, the register and the heat map, and a reader learns it once.
The band's name is always written in the chip: colour alone fails colour-blind readers and
grey-scale printouts. Dark application palettes get the charts' dark band colours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from releaseplanner.charts.palette import DARK, LIGHT, text_on
from releaseplanner.domain.enums import RiskBand
from releaseplanner.ui.style import ChipColours
from releaseplanner.ui.widgets.status_chip import PaddedItemDelegate

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

_PADDING_X = 8
_PADDING_Y = 2


def is_dark(palette: QPalette) -> bool:
    """Whether a Qt palette is a dark one (light text on a dark window)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def band_chip_colours(band: RiskBand | str, *, dark: bool = False) -> ChipColours:
    """The chip colours of a band (a RiskBand or its value): the chart colour, readable text."""
    value = band.value if isinstance(band, RiskBand) else str(band)
    background = (DARK if dark else LIGHT).band(RiskBand(value))
    return ChipColours(background, text_on(background))


def _band_of(value: object) -> RiskBand | None:
    if isinstance(value, RiskBand):
        return value
    try:
        return RiskBand(str(value))
    except ValueError:
        return None


class BandChipLabel(QLabel):
    """A release's or a risk's band as a rounded chip (``High 57``) for forms and panes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bandChip")
        self.set_band(None)

    def set_band(self, band: RiskBand | str | None, text: str = "") -> None:
        """Show ``text`` (default: the band's name) on the band's colour; nothing for None."""
        found = _band_of(band) if band is not None else None
        if found is None:
            self.clear()
            self.setStyleSheet("")
            return
        colours = band_chip_colours(found, dark=is_dark(self.palette()))
        self.setText(text or found.label)
        self.setStyleSheet(
            f"QLabel#bandChip {{ background: {colours.background}; color: {colours.foreground};"
            f" border-radius: 9px; padding: {_PADDING_Y}px {_PADDING_X + 2}px; font-weight: 600; }}"
        )


class BandChipDelegate(PaddedItemDelegate):
    """Paints a column's text on a chip in the colour of the band its model gives.

    Args:
        band_role: the model role holding the band (a RiskBand or its value, ``"high"``); cells
            without one are drawn as plain text.
    """

    def __init__(self, band_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._band_role = band_role

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        band = _band_of(index.data(self._band_role))
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if band is None or not text:
            super().paint(painter, option, index)
            return
        # The style draws the row's background (selection, alternate colour) without the text.
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
        dark = is_dark(widget.palette()) if widget is not None else False
        colours = band_chip_colours(band, dark=dark)
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
        elided = metrics.elidedText(str(text), Qt.TextElideMode.ElideRight, int(width) - 6)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 2 * _PADDING_X + 8, hint.height())
