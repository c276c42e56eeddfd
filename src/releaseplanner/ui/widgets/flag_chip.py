"""Lifecycle flags ("ELS · 2 open incidents", "Review overdue 5 d") drawn as coloured chips.

Three tones, mildest first: *info* (blue: in early-life support, nothing open), *warning*
(amber: open incidents), *alert* (red: a SEV1/SEV2 open, or a review overdue). The words are
always in the chip, so the tone is a hint for the eye, never the only carrier of the meaning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtWidgets import QLabel, QWidget

from releaseplanner.ui.style import ChipColours
from releaseplanner.ui.widgets.chip_painting import ChipItemDelegate, chip_style_sheet

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

# The status chips' blue, amber and red, so the tree speaks one colour language.
TONE_COLOURS = {
    "info": ChipColours("#e0f2fe", "#075985"),
    "warning": ChipColours("#fef3c7", "#92400e"),
    "alert": ChipColours("#fee2e2", "#991b1b"),
}
_PADDING_X = 8


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
            chip_style_sheet("flagChip", colours, radius=9, padding_x=_PADDING_X + 2)
        )


class FlagChipDelegate(ChipItemDelegate):
    """Paints a column's text on a chip in its tone's colours, keeping the row's background.

    Args:
        tone_role: the model role holding the tone (``info``, ``warning``, ``alert``); cells
            without one are drawn as plain text. Text too long for the column is elided (the
            tooltip has it whole).
    """

    PADDING_X = _PADDING_X
    ELIDE_MARGIN = 8

    def __init__(self, tone_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tone_role = tone_role

    def chip_colours(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> ChipColours | None:
        return tone_colours(index.data(self._tone_role))
