"""Band chips: the charts' band colours with readable text, in a delegate and a label."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from releaseplanner.charts.palette import DARK, LIGHT
from releaseplanner.domain.enums import RiskBand
from releaseplanner.ui.widgets.band_chip import (
    BandChipDelegate,
    BandChipLabel,
    band_chip_colours,
    is_dark,
)

BAND_ROLE = Qt.ItemDataRole.UserRole + 7


def test_chips_take_the_chart_colours_and_the_more_readable_text():
    assert band_chip_colours(RiskBand.CRITICAL).background == LIGHT.critical
    assert band_chip_colours(RiskBand.CRITICAL).foreground == "#ffffff"
    assert band_chip_colours("medium").foreground == "#000000"
    assert band_chip_colours("high", dark=True).background == DARK.high


def test_a_dark_palette_is_recognised():
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#1e1f22"))
    assert is_dark(palette)
    palette.setColor(QPalette.ColorRole.Window, QColor("#f4f6f8"))
    assert not is_dark(palette)


def test_the_delegate_paints_a_chip_in_the_band_colour(qtbot):
    model = QStandardItemModel(2, 1)
    chip = QStandardItem("High 57")
    chip.setData("high", BAND_ROLE)
    model.setItem(0, 0, chip)
    model.setItem(1, 0, QStandardItem("no band: plain text"))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegateForColumn(0, BandChipDelegate(BAND_ROLE, view))
    view.setColumnWidth(0, 200)
    view.resize(300, 160)
    view.show()
    qtbot.waitExposed(view)
    image = view.viewport().grab().toImage()
    rect = view.visualRect(model.index(0, 0))
    # Inside the chip, left of its centred text: the band's colour.
    pixel = image.pixelColor(rect.left() + 10, rect.center().y())
    assert pixel.name() == LIGHT.high
    plain = view.visualRect(model.index(1, 0))
    assert image.pixelColor(plain.left() + 10, plain.center().y()).name() != LIGHT.high


def test_the_label_shows_a_band_and_clears(qtbot):
    label = BandChipLabel()
    qtbot.addWidget(label)
    label.set_band(RiskBand.LOW, "Low 12")
    assert label.text() == "Low 12" and LIGHT.low in label.styleSheet()
    label.set_band(None)
    assert label.text() == "" and label.styleSheet() == ""
