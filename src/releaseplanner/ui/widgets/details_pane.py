"""The right-hand pane: the fields of the selected release or package, or a workspace overview.

It shows plain summary rows handed to it by the window and never reads the workspace itself.
A release's risk band and lifecycle flags arrive later than its fields (the window reads them in
the background): until then those rows say "Reading…", and the window shows the release again
when they come.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.ui.formatting import MISSING, format_date, plural, short_name, status_label
from releaseplanner.ui.style import MUTED_TEXT, scaled_font
from releaseplanner.ui.widgets.status_chip import StatusChipLabel

if TYPE_CHECKING:
    from releaseplanner.services.portfolio import PackageSummary, ReleaseSummary
    from releaseplanner.ui.release_insights import ReleaseInsight

_STATUS_FIELD = "Status"
_RISK_FIELD = "Risk"
_LIFECYCLE_FIELD = "Lifecycle"
READING = "Reading…"


class DetailsPane(QWidget):
    """Shows one record's fields in a form under a heading, with its description below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPane")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self._values: dict[str, str] = {}

        self._kind_label = QLabel()
        self._kind_label.setFont(scaled_font(self.font(), 0.85, bold=True))
        self._kind_label.setStyleSheet(f"color: {MUTED_TEXT}; letter-spacing: 1px;")
        self._title_label = QLabel()
        self._title_label.setObjectName("detailsTitle")
        self._title_label.setFont(scaled_font(self.font(), 1.45, bold=True))
        self._title_label.setWordWrap(True)
        self._title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._subtitle_label = QLabel()
        self._subtitle_label.setWordWrap(True)
        self._subtitle_label.setStyleSheet(f"color: {MUTED_TEXT};")

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: #e3e7ec;")

        self._form = QFormLayout()
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setHorizontalSpacing(16)
        self._form.setVerticalSpacing(9)

        self._description_heading = QLabel("Description")
        self._description_heading.setFont(scaled_font(self.font(), 1.0, bold=True))
        self._description_label = QLabel()
        self._description_label.setObjectName("detailsDescription")
        self._description_label.setWordWrap(True)
        self._description_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self._description_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._description_label.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(6)
        layout.addWidget(self._kind_label)
        layout.addWidget(self._title_label)
        layout.addWidget(self._subtitle_label)
        layout.addSpacing(8)
        layout.addWidget(rule)
        layout.addSpacing(8)
        layout.addLayout(self._form)
        layout.addSpacing(14)
        layout.addWidget(self._description_heading)
        layout.addWidget(self._description_label)
        layout.addStretch(1)

    # -- what tests and accessibility read -----------------------------------------------------

    @property
    def title(self) -> str:
        return self._title_label.text()

    @property
    def kind(self) -> str:
        return self._kind_label.text()

    def fields(self) -> dict[str, str]:
        """The form's label -> value text, as shown (status by its label)."""
        return dict(self._values)

    @property
    def description(self) -> str:
        return "" if self._description_label.isHidden() else self._description_label.text()

    # -- what the window shows -----------------------------------------------------------------

    def show_release(self, release: ReleaseSummary, insight: ReleaseInsight | None = None) -> None:
        """A release's fields, with its risk band and lifecycle flags once they are read."""
        kind = f"{release.type.capitalize()} release".strip()
        subtitle = " · ".join(part for part in (kind, release.team) if part)
        self._set_heading("RELEASE", f"{release.key} · {release.name}", subtitle)
        fields = {
            "Key": release.key,
            "Type": release.type.capitalize() or MISSING,
            _STATUS_FIELD: status_label(release.status),
            _RISK_FIELD: _risk_text(insight),
            _LIFECYCLE_FIELD: _lifecycle_text(insight),
            "Owner": release.owner or MISSING,
            "Team": release.team or MISSING,
            "Planned start": format_date(release.planned_start),
            "Planned go-live": format_date(release.planned_go_live),
            "Actual go-live": format_date(release.actual_go_live),
            "Packages": f"{release.package_count:,}",
        }
        self._set_fields(fields, status=str(release.status), insight=insight)
        self._set_description(release.description, "No description yet.")

    def show_package(self, package: PackageSummary, release: ReleaseSummary | None) -> None:
        release_text = f"{release.key} · {release.name}" if release else package.release_key
        self._set_heading("PACKAGE", package.name, f"Package in {release_text}")
        fields = {
            "Release": release_text or MISSING,
            _STATUS_FIELD: status_label(package.status),
            "Owner": package.owner or MISSING,
            "Team": package.team or MISSING,
            "Components": plural(package.component_count, "component"),
            "Changes": plural(package.change_count, "change"),
        }
        if release is not None:
            fields["Release go-live"] = format_date(
                release.actual_go_live or release.planned_go_live
            )
        self._set_fields(fields, status=str(package.status))
        self._set_description(package.description, "No description yet.")

    def show_workspace(self, display_name: str, counts: Mapping[str, int], hint: str) -> None:
        """The overview shown while nothing is selected, with a ``hint`` on what to do next."""
        self._set_heading("WORKSPACE", short_name(display_name), display_name)
        fields = {key.replace("_", " ").capitalize(): f"{n:,}" for key, n in counts.items()}
        self._set_fields(fields)
        self._set_description(hint, "", heading=False)

    def show_message(self, title: str, text: str) -> None:
        """A state without a record: opening, no workspace, an error."""
        self._set_heading("", title, "")
        self._set_fields({})
        self._set_description(text, "", heading=False)

    # -- helpers -------------------------------------------------------------------------------

    def _set_heading(self, kind: str, title: str, subtitle: str) -> None:
        self._kind_label.setText(kind)
        self._kind_label.setVisible(bool(kind))
        self._title_label.setText(title)
        self._subtitle_label.setText(subtitle)
        self._subtitle_label.setVisible(bool(subtitle))

    def _set_fields(
        self,
        fields: Mapping[str, str],
        *,
        status: str | None = None,
        insight: ReleaseInsight | None = None,
    ) -> None:
        """Replace the form's rows; the ``Status`` row shows ``status`` as a chip, the ``Risk``
        and ``Lifecycle`` rows the ``insight``'s chips above their explanations."""
        while self._form.rowCount():
            self._form.removeRow(0)
        self._values = dict(fields)
        for label, value in fields.items():
            name = QLabel(label)
            name.setStyleSheet(f"color: {MUTED_TEXT};")
            field: QWidget
            if label == _STATUS_FIELD and status is not None:
                field = _chip_cell(StatusChipLabel(status))
            elif label == _RISK_FIELD and insight is not None and insight.risk_label:
                field = _risk_cell(insight)
            elif label == _LIFECYCLE_FIELD and insight is not None and insight.lifecycle_details:
                field = _lifecycle_cell(insight)
            else:
                text = QLabel(value)
                text.setWordWrap(True)
                text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                if value in (MISSING, READING) or label == _LIFECYCLE_FIELD:
                    text.setStyleSheet(f"color: {MUTED_TEXT};")
                field = text
            self._form.addRow(name, field)

    def _set_description(self, text: str, placeholder: str, *, heading: bool = True) -> None:
        shown = text.strip() or placeholder
        self._description_heading.setVisible(heading and bool(shown))
        self._description_label.setText(shown)
        self._description_label.setVisible(bool(shown))
        colour = MUTED_TEXT if not text.strip() or not heading else "palette(text)"
        self._description_label.setStyleSheet(f"color: {colour};")


def _risk_text(insight: ReleaseInsight | None) -> str:
    if insight is None:
        return READING
    if not insight.risk_label:
        return MISSING
    return f"{insight.risk_label} · {insight.risk_explanation}"


def _lifecycle_text(insight: ReleaseInsight | None) -> str:
    if insight is None:
        return READING
    if not insight.lifecycle_details:
        return "Nothing to flag"
    flags = [text for text, _tone in insight.lifecycle_flags]
    return "\n".join([*flags, *insight.lifecycle_details])


def _chip_cell(chip: QWidget | None, below: str = "") -> QWidget:
    """A chip at its natural width (the form would otherwise stretch its colour across the
    row), with an explanation in muted text beneath it."""
    cell = QWidget()
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(3)
    if chip is not None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(chip)
        row.addStretch(1)
        column.addLayout(row)
    if below:
        text = QLabel(below)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setStyleSheet(f"color: {MUTED_TEXT};")
        column.addWidget(text)
    return cell


def _risk_cell(insight: ReleaseInsight) -> QWidget:
    # Imported here: the band colours come from the chart palette, which start-up skips.
    from releaseplanner.ui.widgets.band_chip import BandChipLabel

    chip = BandChipLabel()
    chip.set_band(insight.risk_band, insight.risk_label)
    return _chip_cell(chip, insight.risk_explanation)


def _lifecycle_cell(insight: ReleaseInsight) -> QWidget:
    """One chip per flag, stacked (side by side they would widen the pane), then the details."""
    from releaseplanner.ui.widgets.flag_chip import FlagChipLabel

    details = "\n".join(insight.lifecycle_details)
    if not insight.lifecycle_flags:
        return _chip_cell(None, details)
    chips = QWidget()
    column = QVBoxLayout(chips)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(3)
    for text, tone in insight.lifecycle_flags:
        row = QHBoxLayout()
        row.addWidget(FlagChipLabel(text, tone))
        row.addStretch(1)
        column.addLayout(row)
    return _chip_cell(chips, details)
