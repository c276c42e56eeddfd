"""Risk bands drawn as coloured chips: a delegate for table and tree columns, a label for forms.

The chips take the charts' band colours (:mod:`releaseplanner.charts.palette`), so "high" is the
same orange in the portfolio tree, the register and the heat map, and a reader learns it once.
The band's name is always written in the chip: colour alone fails colour-blind readers and
grey-scale printouts. Dark application palettes get the charts' dark band colours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from releaseplanner.charts.palette import DARK, LIGHT, text_on
from releaseplanner.domain.enums import RiskBand
from releaseplanner.ui.style import ChipColours
from releaseplanner.ui.widgets.chip_painting import ChipItemDelegate, chip_style_sheet

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

_PADDING_X = 8


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
            chip_style_sheet("bandChip", colours, radius=9, padding_x=_PADDING_X + 2)
        )


class BandChipDelegate(ChipItemDelegate):
    """Paints a column's text on a chip in the colour of the band its model gives.

    Args:
        band_role: the model role holding the band (a RiskBand or its value, ``"high"``); cells
            without one are drawn as plain text.
    """

    PADDING_X = _PADDING_X
    ELIDE_MARGIN = 6

    def __init__(self, band_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._band_role = band_role

    def chip_colours(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> ChipColours | None:
        band = _band_of(index.data(self._band_role))
        if band is None:
            return None
        # A dark application palette gets the charts' dark band colours, as the label does.
        widget = option.widget  # type: ignore[attr-defined]
        dark = is_dark(widget.palette()) if widget is not None else False
        return band_chip_colours(band, dark=dark)
