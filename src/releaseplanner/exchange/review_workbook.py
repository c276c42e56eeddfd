"""The post-release review workbook: summary, planned vs actual, incidents, actions, metrics.

:class:`ReviewData` is plain data; :func:`review_from_records` assembles it from a release's
records (its review and actions when one was held, its schedule, deployments and incidents), and
:func:`write_review_workbook` writes it. A release without a review yet still gets a workbook
with what exists: the review fields are left empty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import DeploymentResult, IncidentSeverity, ScheduleKind
from releaseplanner.exchange.atomic import atomic_target
from releaseplanner.exchange.cell_values import clean_text, needs_defusing
from releaseplanner.exchange.xlsx_layout import (
    HEADER_ALIGNMENT,
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    LABEL_FONT,
    TITLE_FONT,
    set_print_layout,
)

_FAILED = {DeploymentResult.FAILED, DeploymentResult.ROLLED_BACK}


@dataclass(frozen=True, slots=True)
class PlannedActual:
    """A milestone or deployment step, planned against actual; variance in days (+ is late)."""

    name: str
    kind: str
    planned_start: date | datetime | None
    planned_end: date | datetime | None
    actual_start: date | datetime | None = None
    actual_end: date | datetime | None = None
    status: str = ""

    @property
    def variance_days(self) -> int | None:
        if self.planned_end is None or self.actual_end is None:
            return None
        return (_day(self.actual_end) - _day(self.planned_end)).days


@dataclass(frozen=True, slots=True)
class IncidentLine:
    title: str
    severity: str
    category: str
    environment: str
    opened_at: datetime
    resolved_at: datetime | None
    caused_by_release: bool

    @property
    def hours_to_restore(self) -> float | None:
        if self.resolved_at is None:
            return None
        return round((self.resolved_at - self.opened_at).total_seconds() / 3600, 1)


@dataclass(frozen=True, slots=True)
class ActionLine:
    description: str
    owner: str
    due_on: date | None
    status: str


@dataclass
class ReviewData:
    """Everything a post-release review workbook shows, as plain values."""

    release_key: str
    release_name: str
    release_type: str
    status: str
    held_on: date | None = None
    facilitator: str = ""
    participants: str = ""
    objectives_met: str = ""
    close_code: str = ""
    went_well: str = ""
    went_wrong: str = ""
    lessons: str = ""
    risk_rating: str = ""
    steps: list[PlannedActual] = field(default_factory=list)
    incidents: list[IncidentLine] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    metrics: list[tuple[str, Any]] = field(default_factory=list)


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def review_from_records(
    release: dm.Release,
    *,
    release_type: str,
    review: dm.Review | None,
    actions: Iterable[dm.ReviewAction],
    schedule_items: Iterable[dm.ScheduleItem],
    deployments: Iterable[dm.Deployment],
    incidents: Iterable[dm.Incident],
    environments: Mapping[str, str],
    risk_rating: str = "",
) -> ReviewData:
    """Assemble a release's review data from its records (``environments``: id → name)."""
    data = ReviewData(release.key, release.name, release_type, release.status.value)
    if review is not None:
        data.held_on = review.held_on
        data.facilitator = review.facilitator
        data.participants = review.participants
        data.objectives_met = review.objectives_met.value if review.objectives_met else ""
        data.close_code = review.close_code.value if review.close_code else ""
        data.went_well, data.went_wrong, data.lessons = (
            review.went_well,
            review.went_wrong,
            review.lessons,
        )
    data.risk_rating = risk_rating
    data.steps.append(
        PlannedActual(
            "Release (start to go-live)",
            "release",
            release.planned_start,
            release.planned_go_live,
            release.actual_start,
            release.actual_go_live,
            release.status.value,
        )
    )
    for item in sorted(schedule_items, key=lambda i: (i.planned_start, i.name)):
        if item.kind in (ScheduleKind.MILESTONE, ScheduleKind.DEPLOYMENT):
            data.steps.append(
                PlannedActual(
                    item.name,
                    item.kind.value,
                    item.planned_start,
                    item.planned_end,
                    item.actual_start,
                    item.actual_end,
                    item.status.value,
                )
            )
    deployment_list = sorted(deployments, key=lambda d: d.planned_start)
    for deployment in deployment_list:
        data.steps.append(
            PlannedActual(
                f"Deployment to {environments.get(deployment.environment_id, '?')}",
                "deployment window",
                deployment.planned_start,
                deployment.planned_end,
                deployment.actual_start,
                deployment.actual_end,
                deployment.result.value,
            )
        )
    data.incidents = [
        IncidentLine(
            i.title,
            i.severity.value,
            i.category.value,
            environments.get(i.environment_id or "", ""),
            i.opened_at,
            i.resolved_at,
            i.caused_by_release,
        )
        for i in sorted(incidents, key=lambda i: i.opened_at)
    ]
    data.actions = [
        ActionLine(a.description, a.owner, a.due_on, a.status.value)
        for a in sorted(actions, key=lambda a: (a.due_on is None, a.due_on or date.min))
    ]
    data.metrics = _metrics(data, deployment_list)
    return data


def _metrics(data: ReviewData, deployments: Sequence[dm.Deployment]) -> list[tuple[str, Any]]:
    release_step = data.steps[0]
    severities = Counter(i.severity for i in data.incidents)
    restores = [i.hours_to_restore for i in data.incidents if i.hours_to_restore is not None]
    metrics: list[tuple[str, Any]] = [
        ("Go-live variance (days, + is late)", release_step.variance_days),
        (
            "On schedule",
            None if release_step.variance_days is None else release_step.variance_days <= 0,
        ),
        ("Deployments", len(deployments)),
        ("Deployments failed or rolled back", sum(d.result in _FAILED for d in deployments)),
        ("Rollback performed", any(d.result is DeploymentResult.ROLLED_BACK for d in deployments)),
        ("Incidents", len(data.incidents)),
    ]
    metrics += [(f"Incidents {s.label}", severities.get(s.value, 0)) for s in IncidentSeverity]
    metrics += [
        ("Incidents caused by the release", sum(i.caused_by_release for i in data.incidents)),
        ("Mean hours to restore", round(sum(restores) / len(restores), 1) if restores else None),
        ("Actions open", sum(a.status in ("open", "in_progress") for a in data.actions)),
    ]
    return metrics


# -- writing -------------------------------------------------------------------------------------
def write_review_workbook(path: Path, data: ReviewData) -> None:
    """Write the review workbook for ``data`` to ``path`` atomically.

    Raises:
        UserError: the folder is missing or cannot be written.
    """
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _write_summary(summary, data)
    _table(
        workbook,
        "Planned vs actual",
        [
            "Step",
            "Kind",
            "Planned start",
            "Planned end",
            "Actual start",
            "Actual end",
            "Variance (days)",
            "Status",
        ],
        [30, 18, 16, 16, 16, 16, 10, 20],
        [
            [
                s.name,
                s.kind,
                s.planned_start,
                s.planned_end,
                s.actual_start,
                s.actual_end,
                s.variance_days,
                s.status,
            ]
            for s in data.steps
        ],
    )
    _table(
        workbook,
        "Incidents",
        [
            "Title",
            "Severity",
            "Category",
            "Environment",
            "Opened",
            "Resolved",
            "Hours to restore",
            "Caused by release",
        ],
        [40, 9, 13, 13, 17, 17, 10, 10],
        [
            [
                i.title,
                i.severity,
                i.category,
                i.environment,
                i.opened_at,
                i.resolved_at,
                i.hours_to_restore,
                "yes" if i.caused_by_release else "no",
            ]
            for i in data.incidents
        ],
    )
    _table(
        workbook,
        "Actions",
        ["Action", "Owner", "Due", "Status"],
        [60, 22, 12, 12],
        [[a.description, a.owner, a.due_on, a.status] for a in data.actions],
    )
    _table(
        workbook,
        "Metrics",
        ["Metric", "Value"],
        [40, 14],
        [[name, _metric_value(value)] for name, value in data.metrics],
    )
    with atomic_target(path) as temporary:
        workbook.save(temporary)


def _metric_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _write_summary(sheet: Any, data: ReviewData) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 80
    set_print_layout(sheet, repeat_header=False)
    sheet.page_setup.orientation = "portrait"
    sheet["A1"] = f"Post-release review: {data.release_key}"
    sheet["A1"].font = TITLE_FONT
    rows = [
        ("Release", f"{data.release_key} {data.release_name}"),
        ("Release type", data.release_type),
        ("Status", data.status),
        ("Original risk rating", data.risk_rating),
        ("Review held on", data.held_on),
        ("Facilitator", data.facilitator),
        ("Participants", data.participants),
        ("Objectives met", data.objectives_met),
        ("Close code", data.close_code),
        ("What went well", data.went_well),
        ("What went wrong", data.went_wrong),
        ("Lessons learned", data.lessons),
    ]
    if data.held_on is None and not data.facilitator:
        rows.append(("Note", "No review has been recorded for this release yet."))
    for number, (label, value) in enumerate(rows, start=3):
        sheet.cell(number, 1, label).font = LABEL_FONT
        _put(sheet, number, 2, value)


def _table(
    workbook: Workbook,
    title: str,
    headers: list[str],
    widths: list[float],
    rows: list[list[Any]],
) -> None:
    sheet = workbook.create_sheet(title)
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(1, index, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment, cell.border = HEADER_ALIGNMENT, HEADER_BORDER
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            _put(sheet, number, index, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    set_print_layout(sheet, repeat_header=True)


def _put(sheet: Any, row: int, column: int, value: Any) -> None:
    """Write a value; text that looks like a formula stays text."""
    if isinstance(value, str):
        value = clean_text(value) or None
    cell = sheet.cell(row, column, value)
    if isinstance(value, str) and needs_defusing(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
