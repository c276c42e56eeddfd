"""Outcomes drawn as coloured chips: build and deployment results, incident severities, action
statuses, and the DORA bands of the delivery metrics.

The release status chips (``ui.style``) know release and package statuses only; these outcomes
have values of their own ("failed" is a build result and a deployment result alike), so the
models here hand the delegate the colours themselves through :data:`CHIP_ROLE`. The text stays
inside the chip, as everywhere in the app, for colour-blind readers and grey-scale printouts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtWidgets import QLabel, QWidget

from releaseplanner.domain.enums import (
    ActionStatus,
    BuildResult,
    DeploymentResult,
    IncidentSeverity,
    RiskBand,
)
from releaseplanner.domain.metrics import DoraBand
from releaseplanner.ui.models.row_table_model import RowRole
from releaseplanner.ui.style import ChipColours
from releaseplanner.ui.widgets.band_chip import band_chip_colours
from releaseplanner.ui.widgets.chip_painting import ChipItemDelegate, chip_style_sheet

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyleOptionViewItem

#: The model role that gives a cell's :class:`ChipColours` (None: plain text).
CHIP_ROLE = RowRole.ROW + 20
_PADDING_X = 9

_GOOD = ChipColours("#dcfce7", "#166534")
_WARN = ChipColours("#fef3c7", "#92400e")
_BAD = ChipColours("#fee2e2", "#991b1b")
_RUNNING = ChipColours("#cffafe", "#155e75")
_WAITING = ChipColours("#e0e7ff", "#3730a3")
_GREY = ChipColours("#e5e7eb", "#374151")

OUTCOME_COLOURS: dict[object, ChipColours] = {
    BuildResult.SUCCEEDED: _GOOD,
    BuildResult.FAILED: _BAD,
    BuildResult.CANCELLED: _GREY,
    BuildResult.RUNNING: _RUNNING,
    DeploymentResult.PLANNED: _WAITING,
    DeploymentResult.IN_PROGRESS: _RUNNING,
    DeploymentResult.SUCCEEDED: _GOOD,
    DeploymentResult.SUCCEEDED_WITH_ISSUES: _WARN,
    DeploymentResult.FAILED: _BAD,
    # A rollback is a failure that was handled: rose, apart from the plain failure's red.
    DeploymentResult.ROLLED_BACK: ChipColours("#ffe4e6", "#9f1239"),
    IncidentSeverity.SEV1: ChipColours("#b91c1c", "#ffffff"),
    IncidentSeverity.SEV2: ChipColours("#ffedd5", "#9a3412"),
    IncidentSeverity.SEV3: _WARN,
    IncidentSeverity.SEV4: ChipColours("#f1f5f9", "#475569"),
    ActionStatus.OPEN: _WAITING,
    ActionStatus.IN_PROGRESS: _RUNNING,
    ActionStatus.DONE: _GOOD,
    ActionStatus.DROPPED: ChipColours("#f3f4f6", "#6b7280"),
}

#: The DORA bands in the risk bands' colours, green best to red worst, as the DORA chart draws
#: them (charts.dora.BAND_COLOUR; that module loads matplotlib, so the map is repeated here and
#: a test keeps the two equal).
DORA_RISK_BANDS: dict[DoraBand, RiskBand] = {
    DoraBand.ELITE: RiskBand.LOW,
    DoraBand.HIGH: RiskBand.MEDIUM,
    DoraBand.MEDIUM: RiskBand.HIGH,
    DoraBand.LOW: RiskBand.CRITICAL,
}


def outcome_colours(value: object) -> ChipColours | None:
    """The chip colours of an outcome (a result, severity or action status); None otherwise."""
    return OUTCOME_COLOURS.get(value)


def dora_colours(band: DoraBand, *, dark: bool = False) -> ChipColours:
    return band_chip_colours(DORA_RISK_BANDS[band], dark=dark)


def chip_style(name: str, colours: ChipColours) -> str:
    """A style sheet drawing the QLabel named ``name`` as a chip in ``colours``."""
    return chip_style_sheet(name, colours, radius=10, padding_x=_PADDING_X + 1)


class ChipLabel(QLabel):
    """A chip for forms and headers: text on colours, or nothing."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "outcomeChip") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.set_chip("", None)

    def set_chip(self, text: str, colours: ChipColours | None) -> None:
        if colours is None or not text:
            self.clear()
            self.setStyleSheet("")
            self.hide()
            return
        self.setText(text)
        self.setStyleSheet(chip_style(self.objectName(), colours))
        self.show()


class ChipDelegate(ChipItemDelegate):
    """Paints a cell's text on a chip in the :class:`ChipColours` its model gives for
    :data:`CHIP_ROLE`, keeping the row's selection and alternate background."""

    PADDING_X = _PADDING_X
    ELIDE_MARGIN = 6

    def chip_colours(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> ChipColours | None:
        colours = index.data(CHIP_ROLE)
        return colours if isinstance(colours, ChipColours) else None


def install_chips(view: QtWidgets.QAbstractItemView, columns: list[int], parent: QObject) -> None:
    """Draw ``columns`` of ``view`` as chips."""
    delegate = ChipDelegate(parent)
    for column in columns:
        view.setItemDelegateForColumn(column, delegate)
