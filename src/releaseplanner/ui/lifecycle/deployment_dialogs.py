"""Record deployment… (a new one, or the outcome of a planned one) and Log incident… forms.

Both validate as you type with the services' own rules (``validate_deployment``,
``validate_incident``) on the values in the form, so the form refuses exactly what the command
would refuse, in the words the form uses. The deployment form also says what recording it will
do to the release: a successful production deployment moves an approved release into early-life
support, and the user should read that before pressing the button, not discover it afterwards.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    DeploymentResult,
    IncidentCategory,
    IncidentSeverity,
    ReleaseStatus,
)
from releaseplanner.domain.errors import ValidationError
from releaseplanner.services.lifecycle import GO_LIVE_STEPS, SUCCESSFUL, validate_deployment
from releaseplanner.services.lifecycle import validate_incident as check_incident
from releaseplanner.ui.dialogs.form_support import FormDialog, select_data
from releaseplanner.ui.formatting import format_date
from releaseplanner.ui.lifecycle.form_widgets import MomentEdit, enum_combo, name_edit
from releaseplanner.ui.lifecycle.texts import readable_problem

if TYPE_CHECKING:
    from releaseplanner.services.lifecycle_views import DeploymentRow, IncidentRow, ReleaseRecords

DEPLOYMENT_LABELS = {
    "environment_id": "Environment",
    "planned_start": "Planned start",
    "planned_end": "Planned end",
    "result": "Result",
    "actual_start": "Actual start",
    "actual_end": "Actual end",
}
INCIDENT_LABELS = {"resolved_at": "Resolved", "opened_at": "Opened", "title": "Title"}
#: A planned window's default length: long enough for most deployments, easy to change.
DEFAULT_WINDOW = timedelta(hours=2)


def _pair(first: QWidget, second: QWidget) -> QWidget:
    """Two editors side by side as one form field (a label's shortcut focuses the first)."""
    pair = QWidget()
    layout = QHBoxLayout(pair)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(first, 1)
    layout.addWidget(second, 1)
    pair.setFocusProxy(first)
    return pair


def _text_box(text: str, lines: int, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class DeploymentDialog(FormDialog):
    """A new deployment of the release, or (``deployment`` given) the outcome of a planned or
    running one: its environment and planned window are then fixed.

    Args:
        records: the release's records (release, type, environments, people).
        deployment: the deployment whose outcome is recorded, or None for a new one.
        now: when the form opens (default times).
    """

    def __init__(
        self,
        records: ReleaseRecords,
        deployment: DeploymentRow | None = None,
        *,
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        key = records.release.key
        title = f"Record deployment of {key}"
        if deployment is not None:
            title = f"Record outcome: {key} to {deployment.environment}"
        super().__init__(title, parent)
        self.setObjectName("deploymentDialog")
        self._records = records
        self._deployment = deployment
        now = now.replace(second=0, microsecond=0)
        start = deployment.planned_start if deployment else now - DEFAULT_WINDOW
        end = deployment.planned_end if deployment else now

        self.environment_combo = QComboBox()
        self.environment_combo.setObjectName("environment")
        for environment in records.environments:
            self.environment_combo.addItem(environment.name, environment.id)
        # Production is what people record most and what matters most: it is the default.
        production = next((e.id for e in records.environments if e.is_production), None)
        select_data(self.environment_combo, deployment.environment_id if deployment else production)
        self.planned_start_edit = MomentEdit(start, object_name="plannedStart")
        self.planned_end_edit = MomentEdit(end, object_name="plannedEnd")
        # Most records are made afterwards, of a deployment that went well: the default.
        self.result_combo = enum_combo(
            DeploymentResult, DeploymentResult.SUCCEEDED, object_name="result"
        )
        actual_start = deployment.actual_start if deployment and deployment.actual_start else start
        self.actual_start_edit = MomentEdit(actual_start, object_name="actualStart")
        self.actual_end_edit = MomentEdit(end, object_name="actualEnd")
        self.deployed_by_edit = name_edit(
            records.people, deployment.deployed_by if deployment else "", placeholder="who"
        )
        self.notes_edit = _text_box(
            deployment.notes if deployment else "", 3, "What happened, what to remember"
        )
        self._form.addRow("&Environment", self.environment_combo)
        self._form.addRow("&Planned window", _pair(self.planned_start_edit, self.planned_end_edit))
        self._form.addRow("&Result", self.result_combo)
        self._form.addRow("&Actual start, end", _pair(self.actual_start_edit, self.actual_end_edit))
        self._form.addRow("&Deployed by", self.deployed_by_edit)
        self._form.addRow("&Notes", self.notes_edit)
        if deployment is not None:
            for fixed in (self.environment_combo, self.planned_start_edit, self.planned_end_edit):
                fixed.setEnabled(False)
                fixed.setToolTip("Fixed by the plan: record a new deployment to change it")

        for combo in (self.environment_combo, self.result_combo):
            combo.currentIndexChanged.connect(self._on_field_changed)
        for edit in (
            self.planned_start_edit,
            self.planned_end_edit,
            self.actual_start_edit,
            self.actual_end_edit,
        ):
            edit.dateTimeChanged.connect(self._on_field_changed)
        self._validate()

    @property
    def deployment(self) -> DeploymentRow | None:
        return self._deployment

    def result(self) -> DeploymentResult:
        return DeploymentResult(self.result_combo.currentData())

    def values(self) -> dict[str, Any]:
        """The deployment's fields, as ``record_deployment`` takes them; for an outcome, the
        fields that change, as ``update_deployment`` takes them."""
        values = self._form_fields()
        if self._deployment is None:
            return values
        old = self._deployment
        fixed = ("environment_id", "planned_start", "planned_end")
        return {k: v for k, v in values.items() if k not in fixed and getattr(old, k) != v}

    def _form_fields(self) -> dict[str, Any]:
        """Every field as the form holds it (an outcome's fixed fields hold the plan's)."""
        result = self.result()
        started = result is not DeploymentResult.PLANNED
        ended = started and result is not DeploymentResult.IN_PROGRESS
        return {
            "environment_id": self.environment_combo.currentData() or "",
            "planned_start": self.planned_start_edit.value(),
            "planned_end": self.planned_end_edit.value(),
            "result": result,
            "actual_start": self.actual_start_edit.value() if started else None,
            "actual_end": self.actual_end_edit.value() if ended else None,
            "deployed_by": self.deployed_by_edit.text().strip(),
            "notes": self.notes_edit.toPlainText().strip(),
        }

    def consequence(self) -> str:
        """What recording this does to the release, in words ("" when nothing)."""
        release = self._records.release
        environment = self._environment()
        if environment is None or not environment.is_production:
            return ""
        result = self.result()
        if result is DeploymentResult.IN_PROGRESS and release.status is ReleaseStatus.APPROVED:
            return f"Recording it moves {release.key} from approved to deploying."
        if result not in SUCCESSFUL or release.status not in GO_LIVE_STEPS:
            return ""
        if release.actual_go_live is not None:
            return (
                f"{release.key} went live on {format_date(release.actual_go_live)}; this "
                "deployment does not move its go-live."
            )
        live = self.actual_end_edit.value().date()
        days = self._records.release_type.els_days
        until = format_date(live + timedelta(days=days))
        return (
            f"Recording it moves {release.key} into early-life support: go-live "
            f"{format_date(live)}, support until {until} ({days} days for a "
            f"{self._records.release_type.name.lower()} release)."
        )

    def _environment(self) -> dm.Environment | None:
        wanted = self.environment_combo.currentData()
        return next((e for e in self._records.environments if e.id == wanted), None)

    def _on_field_changed(self, *_args: object) -> None:
        self._validate()

    def _validate(self) -> None:
        result = self.result()
        self.actual_start_edit.setEnabled(result is not DeploymentResult.PLANNED)
        self.actual_end_edit.setEnabled(
            result not in (DeploymentResult.PLANNED, DeploymentResult.IN_PROGRESS)
        )
        problem = self._problem()
        consequence = "" if problem else self.consequence()
        verb = "Record deployment" if self._deployment is None else "Record outcome"
        moves = "early-life support" in consequence and "moves" in consequence
        self.ok_button.setText(f"{verb} and start early-life support" if moves else verb)
        self._show_state(problem or None)
        if consequence:
            self.problem_label.show_hint(consequence)

    def _problem(self) -> str:
        fields = self._form_fields()
        if not fields["environment_id"]:
            return "The workspace has no environments to deploy to."
        release = self._records.release
        candidate = dm.Deployment(id="new", release_id=release.id, **fields)
        try:
            validate_deployment(candidate)
        except ValidationError as exc:
            return readable_problem(str(exc), DEPLOYMENT_LABELS)
        environment = self._environment()
        if (
            environment is not None
            and environment.is_production
            and candidate.result in SUCCESSFUL
            and release.status not in GO_LIVE_STEPS
        ):
            return (
                f"{release.key} is {release.status.label.lower()}: approve it before a "
                "production deployment can succeed."
            )
        return ""


class IncidentDialog(FormDialog):
    """Log an incident or support call against the release, or (``incident`` given) edit one.

    Args:
        records: the release's records (environments, release).
        incident: the incident to edit, or None for a new one.
        now: when the form opens (the default opening time).
    """

    def __init__(
        self,
        records: ReleaseRecords,
        incident: IncidentRow | None = None,
        *,
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        key = records.release.key
        super().__init__(f"Log incident on {key}" if incident is None else "Edit incident", parent)
        self.setObjectName("incidentDialog")
        self._records = records
        self._incident = incident
        now = now.replace(second=0, microsecond=0)
        self.title_edit = QLineEdit(incident.title if incident else "")
        self.title_edit.setObjectName("incidentTitle")
        self.title_edit.setPlaceholderText("e.g. Login fails for users with expired passwords")
        self.severity_combo = enum_combo(
            IncidentSeverity,
            incident.severity if incident else IncidentSeverity.SEV3,
            object_name="severity",
        )
        self.category_combo = enum_combo(
            IncidentCategory,
            incident.category if incident else IncidentCategory.DEFECT,
            object_name="category",
        )
        self.environment_combo = QComboBox()
        self.environment_combo.setObjectName("environment")
        self.environment_combo.addItem("Not recorded", None)
        for environment in records.environments:
            self.environment_combo.addItem(environment.name, environment.id)
        production = next((e.id for e in records.environments if e.is_production), None)
        select_data(self.environment_combo, incident.environment_id if incident else production)
        self.opened_edit = MomentEdit(incident.opened_at if incident else now)
        self.resolved_check = QCheckBox("Resolved")
        self.resolved_check.setObjectName("resolvedCheck")
        self.resolved_edit = MomentEdit(incident.resolved_at if incident else now)
        resolved = incident is not None and incident.resolved_at is not None
        self.resolved_check.setChecked(resolved)
        self.caused_check = QCheckBox(f"Caused by {key}")
        self.caused_check.setObjectName("causedCheck")
        self.caused_check.setToolTip("Counts against the release's change failure rate")
        self.caused_check.setChecked(incident.caused_by_release if incident else True)
        self.advice_edit = _text_box(
            incident.advice if incident else "", 3, "What users were told to do meanwhile"
        )
        self._form.addRow("&Title", self.title_edit)
        self._form.addRow("&Severity", self.severity_combo)
        self._form.addRow("&Category", self.category_combo)
        self._form.addRow("&Environment", self.environment_combo)
        self._form.addRow("&Opened", self.opened_edit)
        self._form.addRow(self.resolved_check, self.resolved_edit)
        self._form.addRow("", self.caused_check)
        self._form.addRow("&Advice given", self.advice_edit)
        self.ok_button.setText("Log incident" if incident is None else "Save incident")
        self.title_edit.textChanged.connect(self._on_field_changed)
        self.resolved_check.toggled.connect(self._on_field_changed)
        for edit in (self.opened_edit, self.resolved_edit):
            edit.dateTimeChanged.connect(self._on_field_changed)
        self._validate()
        self.title_edit.setFocus()

    def values(self) -> dict[str, Any]:
        """The incident's fields, as ``log_incident`` takes them; for an edit, those that
        change, as ``update_incident`` takes them."""
        values: dict[str, Any] = {
            "title": self.title_edit.text().strip(),
            "severity": IncidentSeverity(self.severity_combo.currentData()),
            "category": IncidentCategory(self.category_combo.currentData()),
            "environment_id": self.environment_combo.currentData(),
            "opened_at": self.opened_edit.value(),
            "resolved_at": self.resolved_edit.value() if self.resolved_check.isChecked() else None,
            "caused_by_release": self.caused_check.isChecked(),
            "advice": self.advice_edit.toPlainText().strip(),
        }
        if self._incident is None:
            return {**values, "release_id": self._records.release.id}
        return {k: v for k, v in values.items() if getattr(self._incident, k) != v}

    def _on_field_changed(self, *_args: object) -> None:
        self._validate()

    def _validate(self) -> None:
        self.resolved_edit.setEnabled(self.resolved_check.isChecked())
        title = self.title_edit.text().strip()
        if not title:
            self._show_state(None, "Give the incident a title users would recognise.")
            return
        resolved = self.resolved_edit.value() if self.resolved_check.isChecked() else None
        candidate = dm.Incident(
            id="new",
            title=title,
            severity=IncidentSeverity.SEV3,
            opened_at=self.opened_edit.value(),
            resolved_at=resolved,
            release_id=self._records.release.id,
        )
        try:
            check_incident(candidate)
        except ValidationError as exc:
            self._show_state(readable_problem(str(exc), INCIDENT_LABELS))
            return
        if self._incident is not None and not self.values():
            self._show_state(None, "Nothing changed yet.")
            return
        self._show_state(None)
