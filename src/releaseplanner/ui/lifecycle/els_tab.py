"""The early-life support tab of a release's records: the support window after go-live, the
incident and support log, and the exit criteria with their sign-off check boxes.

Like the other record tabs it only shows rows and asks through signals; ticking a criterion asks
for a sign-off in the name typed beside the list (the OS user to start with), which the release
records view turns into an undoable command.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.services.lifecycle_views import ReleaseRecords
from releaseplanner.ui.formatting import format_date, plural
from releaseplanner.ui.lifecycle.record_models import CriteriaModel, IncidentsModel
from releaseplanner.ui.lifecycle.records_tabs import (
    MARGINS,
    current_row,
    deletable,
    delete_button,
    heading,
    muted_label,
    table_for,
    update_delete_button,
)
from releaseplanner.ui.lifecycle.texts import day_of_window
from releaseplanner.ui.style import MUTED_TEXT


class EarlyLifeSupportTab(QWidget):
    """The early-life support window, the incident and support log, and the exit criteria."""

    log_requested = Signal()
    #: Carry an incident's id.
    edit_requested = Signal(str)
    resolve_requested = Signal(str)
    delete_requested = Signal(str)
    #: Carries the text of a new exit criterion.
    criterion_added = Signal(str)
    #: Carries (criterion id, met, who signs).
    sign_off_requested = Signal(str, bool, str)

    def __init__(self, signer: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("elsTab")
        self.window_label = QLabel()
        self.window_label.setObjectName("elsWindow")
        self.window_label.setWordWrap(True)
        self.window_label.setTextFormat(Qt.TextFormat.RichText)
        self.incidents_model = IncidentsModel(self)
        self.incidents_table = table_for(
            self.incidents_model,
            "incidentsTable",
            "No incidents or support calls logged. Use “Log incident…” when users report one.",
            {0: 132, 1: 70, 2: 290, 3: 90, 4: 96, 5: 132, 6: 86, 7: 96},
            stretch=IncidentsModel.ADVICE,
            chips=[IncidentsModel.SEVERITY],
            sort=(IncidentsModel.OPENED, Qt.SortOrder.DescendingOrder),
        )
        self.incidents_table.selectionModel().currentRowChanged.connect(self._on_incident_changed)
        self.incidents_table.doubleClicked.connect(self._on_edit_button_clicked)
        self.log_button = QPushButton("Log incident…")
        self.log_button.setObjectName("logIncidentButton")
        self.log_button.clicked.connect(self.log_requested)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("editIncidentButton")
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.resolve_button = QPushButton("Mark resolved")
        self.resolve_button.setObjectName("resolveIncidentButton")
        self.resolve_button.setToolTip("Resolve the selected incident now")
        self.resolve_button.clicked.connect(self._on_resolve_button_clicked)
        self.delete_button = delete_button("deleteIncidentButton", "Delete the selected incident")
        deletable(self.incidents_table, self.delete_button, self._on_delete_button_clicked)
        self.incident_count = muted_label()

        self.criteria_model = CriteriaModel(self)
        self.criteria_model.set_edit_handler(self._on_criteria_model_edit)
        self.criteria_table = table_for(
            self.criteria_model,
            "criteriaTable",
            "No exit criteria yet. Add what must hold before support hands over.",
            {0: 520, 1: 180},
            stretch=CriteriaModel.SIGNED_AT,
            sort=(CriteriaModel.CRITERION, Qt.SortOrder.AscendingOrder),
        )
        self.signer_edit = QLineEdit(signer)
        self.signer_edit.setObjectName("signerEdit")
        self.signer_edit.setPlaceholderText("your name")
        self.signer_edit.setMaximumWidth(220)
        self.criterion_edit = QLineEdit()
        self.criterion_edit.setObjectName("criterionEdit")
        self.criterion_edit.setPlaceholderText("New exit criterion, e.g. No open SEV1 or SEV2")
        self.criterion_edit.returnPressed.connect(self._on_add_button_clicked)
        self.criterion_edit.textChanged.connect(self._on_criterion_text_changed)
        self.add_button = QPushButton("Add criterion")
        self.add_button.setObjectName("addCriterionButton")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.criteria_count = muted_label()

        incidents = QWidget()
        top = QHBoxLayout()
        top.addWidget(heading("Incidents and support calls"))
        top.addWidget(self.incident_count, 1)
        top.addWidget(self.delete_button)
        top.addWidget(self.resolve_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.log_button)
        incidents_layout = QVBoxLayout(incidents)
        incidents_layout.setContentsMargins(0, 0, 0, 6)
        incidents_layout.addLayout(top)
        incidents_layout.addWidget(self.incidents_table, 1)
        criteria = QWidget()
        head = QHBoxLayout()
        head.addWidget(heading("Exit criteria"))
        head.addWidget(self.criteria_count, 1)
        head.addWidget(QLabel("Tick to sign off as"))
        head.addWidget(self.signer_edit)
        add = QHBoxLayout()
        add.addWidget(self.criterion_edit, 1)
        add.addWidget(self.add_button)
        criteria_layout = QVBoxLayout(criteria)
        criteria_layout.setContentsMargins(0, 6, 0, 0)
        criteria_layout.addLayout(head)
        criteria_layout.addWidget(self.criteria_table, 1)
        criteria_layout.addLayout(add)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(incidents)
        splitter.addWidget(criteria)
        splitter.setSizes([380, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS)
        layout.addWidget(self.window_label)
        layout.addWidget(splitter, 1)
        self._on_criterion_text_changed("")
        self._update_incident_buttons()

    def signer(self) -> str:
        return self.signer_edit.text().strip()

    def show_records(self, records: ReleaseRecords, today: date) -> None:
        self.window_label.setText(window_text(records, today))
        self.incidents_model.set_rows(records.incidents)
        open_count = sum(1 for i in records.incidents if i.resolved_at is None)
        text = plural(len(records.incidents), "incident")
        self.incident_count.setText(f"{text} · {open_count} open" if records.incidents else "")
        self.criteria_model.set_rows(records.criteria)
        met = sum(1 for c in records.criteria if c.met)
        total = len(records.criteria)
        self.criteria_count.setText(f"{met} of {total} signed off" if total else "")
        self._update_incident_buttons()

    def clear_new_criterion(self) -> None:
        self.criterion_edit.clear()

    def _selected_incident(self) -> object | None:
        return current_row(self.incidents_table)

    def _update_incident_buttons(self) -> None:
        incident = self._selected_incident()
        self.edit_button.setEnabled(incident is not None)
        self.resolve_button.setEnabled(
            incident is not None and incident.resolved_at is None  # type: ignore[attr-defined]
        )
        update_delete_button(self.incidents_table, self.delete_button)

    def _on_incident_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_incident_buttons()

    def _on_edit_button_clicked(self, *_args: object) -> None:
        incident = self._selected_incident()
        if incident is not None:
            self.edit_requested.emit(incident.id)  # type: ignore[attr-defined]

    def _on_resolve_button_clicked(self) -> None:
        incident = self._selected_incident()
        if incident is not None:
            self.resolve_requested.emit(incident.id)  # type: ignore[attr-defined]

    def _on_delete_button_clicked(self) -> None:
        incident = self._selected_incident()
        if incident is not None:
            self.delete_requested.emit(incident.id)  # type: ignore[attr-defined]

    def _on_criteria_model_edit(self, row: object, _field: str, met: object) -> bool:
        self.sign_off_requested.emit(row.id, bool(met), self.signer())  # type: ignore[attr-defined]
        return True

    def _on_criterion_text_changed(self, text: str) -> None:
        self.add_button.setEnabled(bool(text.strip()))

    def _on_add_button_clicked(self) -> None:
        text = self.criterion_edit.text().strip()
        if text:
            self.criterion_added.emit(text)


def window_text(records: ReleaseRecords, today: date) -> str:
    """The early-life support window in one rich-text line, or why there is none yet."""
    kind = records.release_type.name.lower()
    days = records.release_type.els_days
    if records.els_start is None or records.els_end is None:
        return (
            f"<span style='color:{MUTED_TEXT}'>Not live yet: early-life support starts with the "
            f"first successful production deployment and lasts {days} days for a {kind} "
            "release.</span>"
        )
    standing = records.lifecycle
    where = day_of_window(today, records.els_start, records.els_end)
    parts = [
        f"<b>Early-life support</b> {format_date(records.els_start)} to "
        f"{format_date(records.els_end)} ({days} days, {kind}) · {where}",
    ]
    if standing.open_incidents:
        worst = standing.highest_open_severity
        parts.append(
            f"<span style='color:#b91c1c'>{plural(standing.open_incidents, 'open incident')}"
            f"{f' (worst {worst.label})' if worst else ''}</span>"
        )
    if standing.els_criteria_total:
        parts.append(
            f"{standing.els_criteria_met} of {standing.els_criteria_total} exit criteria met"
        )
    return " · ".join(parts)
