"""Statuses drawn as coloured chips (a label for forms, a delegate for tree columns).

Colour is what a release manager scans for ("what is red?"), so both places use the same
colours from ``ui.style`` and keep the status text inside the chip for colour-blind readers.
The painting itself is shared with the other chips in :mod:`.chip_painting`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtWidgets import QLabel, QWidget

from releaseplanner.ui.formatting import status_label
from releaseplanner.ui.style import ChipColours, status_colours
from releaseplanner.ui.widgets.chip_painting import (
    ChipItemDelegate,
    PaddedItemDelegate,
    chip_style_sheet,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

# The portfolio tree's and the editors' delegates import the padded delegate from here.
__all__ = ["PaddedItemDelegate", "StatusChipDelegate", "StatusChipLabel"]

_CHIP_PADDING_X = 9


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
            chip_style_sheet("statusChip", colours, radius=10, padding_x=_CHIP_PADDING_X + 1)
        )


class StatusChipDelegate(ChipItemDelegate):
    """Paints a status column's text as a chip, keeping the view's selection background.

    Args:
        status_role: the model role that gives the status value (``in_test``) for the colours.
    """

    PADDING_X = _CHIP_PADDING_X
    ELIDE_MARGIN = 8

    def __init__(self, status_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status_role = status_role

    def chip_colours(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> ChipColours | None:
        status = index.data(self._status_role)
        return status_colours(status) if status else None
