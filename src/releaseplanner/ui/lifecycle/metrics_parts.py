"""Pieces of the Metrics view: a card per metric (value, unit, DORA band chip, what it rests
on) and the table model of the per-team and per-month breakdowns.

A cell shows the value and its band in words ("86 days · Low") on the band's colour: the
colour is read at a glance, the word by everyone (colour-blind readers, grey-scale printouts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from releaseplanner.domain.delivery_metrics import METRICS, TITLES, Metric, describe_value
from releaseplanner.ui.lifecycle.chips import CHIP_ROLE, ChipLabel, dora_colours
from releaseplanner.ui.models.row_table_model import Column, RowTableModel
from releaseplanner.ui.style import BORDER, MUTED_TEXT, ChipColours, scaled_font

#: Column titles short enough for a table of six columns; the full title is the header's tip.
SHORT_TITLES = {
    "deployment_frequency": "Deployments",
    "lead_time": "Lead time",
    "change_failure_rate": "Change failures",
    "time_to_restore": "Time to restore",
    "schedule_adherence": "On schedule",
}
_NO_BAND = ChipColours("#eef1f4", "#374151")
#: What each metric's sample counts, for "based on 3 deployments".
_SAMPLE_NOUNS = {
    "deployment_frequency": "deployment",
    "lead_time": "change",
    "change_failure_rate": "deployment",
    "time_to_restore": "incident",
    "schedule_adherence": "release",
}


def band_text(metric: Metric) -> str:
    """``High``, or why there is no band (``no band``)."""
    return metric.band.value.capitalize() if metric.band else "no band"


def metric_cell(metric: Metric) -> str:
    """``86 days · Low``; the value alone when it has no band (``no data``, ``none``)."""
    value = describe_value(metric)
    return f"{value} · {band_text(metric)}" if metric.band is not None else value


def metric_tip(metric: Metric) -> str:
    noun = _SAMPLE_NOUNS[metric.name]
    lines = [f"{metric.title}: {describe_value(metric)} ({metric.unit})"]
    lines.append(f"DORA band: {band_text(metric)}")
    lines.append(f"Based on {metric.sample} {noun}{'s' if metric.sample != 1 else ''}")
    if metric.reason:
        lines.append(metric.reason)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class MetricRow:
    """One line of a breakdown: a team or a month and its five metrics."""

    id: str
    label: str
    metrics: Mapping[str, Metric]


class MetricRowsModel(RowTableModel):
    """Teams or months down, the five metrics across; cells coloured by band."""

    def __init__(self, first_title: str, parent: QObject | None = None) -> None:
        columns = [Column(first_title, lambda r: r.label, sort_key=lambda r: r.id)]
        for name in METRICS:
            columns.append(
                Column(
                    SHORT_TITLES[name],
                    lambda r, n=name: metric_cell(r.metrics[n]),
                    sort_key=lambda r, n=name: _value_key(r.metrics[n]),
                    tooltip=lambda r, n=name: metric_tip(r.metrics[n]),
                    header_tip=TITLES[name],
                )
            )
        super().__init__(columns, parent)
        self._muted = QColor(MUTED_TEXT)
        self._dark = False

    def set_dark(self, dark: bool) -> None:
        self._dark = dark

    def metric_at(self, row: int, column: int) -> Metric | None:
        found = self.row_at(row)
        if found is None or not 1 <= column <= len(METRICS):
            return None
        return found.metrics[METRICS[column - 1]]

    def _styled(self, row: MetricRow, column: int, role: int) -> Any:
        if column == 0:
            return None
        metric = row.metrics[METRICS[column - 1]]
        if role == CHIP_ROLE and metric.band is not None:
            return dora_colours(metric.band, dark=self._dark)
        if role == Qt.ItemDataRole.ForegroundRole and metric.band is None:
            return self._muted
        return None


def _value_key(metric: Metric) -> tuple[bool, float]:
    return (metric.value is None, metric.value or 0.0)


class MetricCard(QFrame):
    """One metric over the whole period: title, value, unit, band chip, what it rests on."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"metricCard_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"QFrame#metricCard_{name} {{ background: palette(base); border: 1px solid {BORDER};"
            " border-radius: 8px; }"
        )
        # Cards of a row share its height, whichever says most.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.title = QLabel(TITLES[name])
        self.title.setStyleSheet(f"color: {MUTED_TEXT}; font-weight: 600;")
        self.value = QLabel("…")
        self.value.setObjectName("metricValue")
        self.value.setFont(scaled_font(self.font(), 1.6, bold=True))
        self.unit = QLabel()
        self.unit.setStyleSheet(f"color: {MUTED_TEXT};")
        self.chip = ChipLabel(name="bandChip")
        self.basis = QLabel()
        self.basis.setObjectName("metricBasis")
        self.basis.setStyleSheet(f"color: {MUTED_TEXT};")
        self.basis.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.unit)
        layout.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.basis)
        layout.addStretch(1)

    def set_metric(self, metric: Metric, *, dark: bool = False) -> None:
        self.value.setText(describe_value(metric))
        # The value may be given per month ("0.5 / month"): the unit must not say per week.
        frequency = metric.name == "deployment_frequency"
        self.unit.setText("successful production deployments" if frequency else metric.unit)
        if metric.band is not None:
            self.chip.set_chip(
                f"{band_text(metric)} performer", dora_colours(metric.band, dark=dark)
            )
        else:
            self.chip.set_chip("No band", _NO_BAND)
        noun = _SAMPLE_NOUNS[metric.name]
        basis = f"based on {metric.sample} {noun}{'s' if metric.sample != 1 else ''}"
        self.basis.setText(f"{basis} · {metric.reason}" if metric.reason else basis)
        self.setToolTip(metric_tip(metric))
