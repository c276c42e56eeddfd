"""Closing a release out: exit criteria of early-life support, the post-release review with its
follow-up actions, the review form's pre-filled facts, and the review as plain data for export.

Commands follow :mod:`releaseplanner.services.lifecycle`: builders validate (errors name the
field) and return an undoable command whose ``redo()`` is one journalled transaction.

:func:`review_export_data` returns the review as the ``ReviewData`` the spreadsheet writer
(:mod:`releaseplanner.exchange.review_workbook`) writes, with the delivery metrics and the
pre-filled standing added to its metrics.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.delivery_metrics import (
    CHANGE_FAILURE_RATE,
    LEAD_TIME,
    SCHEDULE_ADHERENCE,
    TIME_TO_RESTORE,
    DeliveryRecords,
    Metric,
    Period,
    measure,
)
from releaseplanner.domain.enums import ActionStatus, CloseCode, ObjectivesMet
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.ids import new_id
from releaseplanner.domain.review_prefill import ReviewPrefill, prefill_review
from releaseplanner.exchange.review_workbook import ReviewData, review_from_records
from releaseplanner.services.commands import BulkCommand, Command, CreateRecords, EditRecord
from releaseplanner.services.lifecycle import as_day, as_enum, as_text
from releaseplanner.services.metrics import gather_records
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store


def _read(workspace: Workspace, record_type: type, record_id: str) -> Any:
    with workspace.session_factory() as session:
        return Store(session).get(record_type, record_id)


# -- exit criteria of early-life support ---------------------------------------------------------
def add_els_criterion(
    workspace: Workspace, release_id: str, criterion: Any, *, source: str = "app"
) -> CreateRecords:
    """Command adding an exit criterion of early-life support to a release.

    Raises:
        NotFoundError: no such release.
        ValidationError: an empty criterion.
    """
    release = _read(workspace, dm.Release, release_id)
    text = as_text(criterion, "criterion")
    if not text:
        raise ValidationError("criterion: must not be empty")
    record = dm.ElsCriterion(id=new_id("els_criterion"), release_id=release_id, criterion=text)
    return CreateRecords(
        workspace, [record], f"Add exit criterion '{text}' to {release.key}", source=source
    )


def sign_off_els_criterion(
    workspace: Workspace,
    criterion_id: str,
    signed_off_by: str,
    *,
    at: datetime | None = None,
    met: bool = True,
    source: str = "app",
) -> EditRecord:
    """Command signing off an exit criterion as met (``met=False`` withdraws a sign-off).

    Raises:
        NotFoundError: no such criterion.
        ValidationError: signing off without a name.
    """
    current = _read(workspace, dm.ElsCriterion, criterion_id)
    who = as_text(signed_off_by, "signed_off_by")
    if met and not who:
        raise ValidationError("signed_off_by: say who signs the criterion off")
    values: dict[str, Any] = {"met": False, "signed_off_by": "", "signed_off_at": None}
    text = f"Withdraw sign-off of '{current.criterion}'"
    if met:
        when = at or datetime.now().replace(microsecond=0)
        values = {"met": True, "signed_off_by": who, "signed_off_at": when}
        text = f"Sign off '{current.criterion}' ({who})"
    return EditRecord(workspace, dm.ElsCriterion, criterion_id, values, text, source=source)


# -- the review and its actions ------------------------------------------------------------------
def _optional(enum: type[Enum]) -> Any:
    return lambda v, n: None if v in (None, "") else as_enum(enum, v, n)


REVIEW_FIELDS: dict[str, Any] = {
    "held_on": as_day,
    "facilitator": as_text,
    "participants": as_text,
    "objectives_met": _optional(ObjectivesMet),
    "went_well": as_text,
    "went_wrong": as_text,
    "lessons": as_text,
    "close_code": _optional(CloseCode),
}
ACTION_FIELDS: dict[str, Any] = {
    "description": as_text,
    "owner": as_text,
    "due_on": as_day,
    "status": lambda v, n: as_enum(ActionStatus, v, n),
}


def _coerce(values: Mapping[str, Any], known: Mapping[str, Any], kind: str) -> dict[str, Any]:
    out = {}
    for name, value in values.items():
        if name not in known:
            raise ValidationError(f"{name}: not a field of a {kind} ({', '.join(known)})")
        out[name] = known[name](value, name)
    return out


def _new_action(review_id: str, values: Mapping[str, Any]) -> dm.ReviewAction:
    fields = _coerce(values, ACTION_FIELDS, "review action")
    if not fields.get("description"):
        raise ValidationError("description: a follow-up action needs a description")
    return dm.ReviewAction(id=new_id("review_action"), review_id=review_id, **fields)


def save_review(
    workspace: Workspace,
    release_id: str,
    values: Mapping[str, Any],
    *,
    actions: Sequence[Mapping[str, Any]] = (),
    source: str = "app",
) -> Command:
    """Command creating the release's review, or changing the one it has, with new follow-up
    actions (``actions``: values of :data:`ACTION_FIELDS`), as one undo step.

    ``values`` holds fields of :data:`REVIEW_FIELDS`; on an existing review only those that
    differ are written.

    Raises:
        NotFoundError: no such release.
        ValidationError: an unknown field or a bad value (named), a review held before the
            go-live, an action without a description, or nothing to save.
    """
    fields = _coerce(values, REVIEW_FIELDS, "review")
    with workspace.session_factory() as session:
        store = Store(session)
        release = store.get(dm.Release, release_id)
        existing = next(iter(store.all(dm.Review, release_id=release_id)), None)
    held = fields.get("held_on")
    if held and release.actual_go_live and held < release.actual_go_live:
        raise ValidationError(
            f"held_on: {held.isoformat()} is before the go-live "
            f"{release.actual_go_live.isoformat()}"
        )
    review_id = existing.id if existing else new_id("review")
    new_actions = [_new_action(review_id, a) for a in actions]
    plus = f" with {len(new_actions)} action(s)" if new_actions else ""
    if existing is None:
        review = dm.Review(id=review_id, release_id=release_id, **fields)
        text = f"Record post-release review of {release.key}{plus}"
        return CreateRecords(workspace, [review, *new_actions], text, source=source)
    changes = {k: v for k, v in fields.items() if getattr(existing, k) != v}
    if not changes and not new_actions:
        raise ValidationError("review: nothing to save, the review already holds these values")
    what = f" ({', '.join(changes)})" if changes else ""
    text = f"Edit post-release review of {release.key}{what}{plus}"
    steps: list[Command] = []
    if changes:
        steps.append(EditRecord(workspace, dm.Review, existing.id, changes, text, source=source))
    if new_actions:
        steps.append(CreateRecords(workspace, new_actions, text, source=source))
    return steps[0] if len(steps) == 1 else BulkCommand(workspace, steps, text, source=source)


def add_review_action(
    workspace: Workspace, review_id: str, values: Mapping[str, Any], *, source: str = "app"
) -> CreateRecords:
    """Command adding a follow-up action (description, owner, due_on, status) to a review.

    Raises:
        NotFoundError: no such review.
        ValidationError: no description, or a bad due date or status (named).
    """
    _read(workspace, dm.Review, review_id)
    action = _new_action(review_id, values)
    text = f"Add review action '{action.description}'"
    return CreateRecords(workspace, [action], text, source=source)


def update_review_action(
    workspace: Workspace, action_id: str, changes: Mapping[str, Any], *, source: str = "app"
) -> EditRecord:
    """Command changing a follow-up action (its status, owner, due date...).

    Raises:
        NotFoundError: no such action.
        ValidationError: an unknown field, a bad value or an emptied description (named).
    """
    fields = _coerce(changes, ACTION_FIELDS, "review action")
    if not fields:
        raise ValidationError("review action: nothing to change")
    if "description" in fields and not fields["description"]:
        raise ValidationError("description: a follow-up action needs a description")
    current = _read(workspace, dm.ReviewAction, action_id)
    if set(fields) == {"status"}:
        text = f"Set action '{current.description}' to {fields['status'].label.lower()}"
    else:
        text = f"Edit action '{current.description}' ({', '.join(fields)})"
    return EditRecord(workspace, dm.ReviewAction, action_id, fields, text, source=source)


# -- reading the review form ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReviewForm:
    """A review form's content: the pre-filled facts, the review so far (None before the first
    save) and its follow-up actions (by due date)."""

    release_id: str
    prefill: ReviewPrefill
    review: dm.Review | None
    actions: tuple[dm.ReviewAction, ...]


def _form(store: Store, release: dm.Release, today: date) -> ReviewForm:
    packages = store.all(dm.ReleasePackage, release_id=release.id)
    review = next(iter(store.all(dm.Review, release_id=release.id)), None)
    actions = store.all(dm.ReviewAction, review_id=review.id) if review else []
    prefill = prefill_review(
        release,
        store.get(dm.ReleaseType, release.release_type_id),
        today=today,
        environments={e.id: e for e in store.all(dm.Environment)},
        deployments=store.all(dm.Deployment, release_id=release.id),
        incidents=store.all(dm.Incident, release_id=release.id),
        test_runs=[r for p in packages for r in store.all(dm.TestRun, package_id=p.id)],
        risks=store.all(dm.Risk, release_id=release.id),
        els_criteria=store.all(dm.ElsCriterion, release_id=release.id),
        schedule_items=store.all(dm.ScheduleItem, release_id=release.id),
        review=review,
        snapshots=store.all(dm.RiskSnapshot, release_id=release.id),
    )
    ordered = sorted(actions, key=lambda a: (a.due_on is None, a.due_on or date.min, a.id))
    return ReviewForm(release.id, prefill, review, tuple(ordered))


def review_form(workspace: Workspace, release_id: str, *, today: date | None = None) -> ReviewForm:
    """The review form of a release, pre-filled from its records.

    Raises:
        NotFoundError: no such release.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        return _form(store, store.get(dm.Release, release_id), today or date.today())


# -- the review as plain data for the spreadsheet writer -----------------------------------------
#: The delivery metrics a review reports for its release alone (deployment frequency means
#: nothing for one release).
RELEASE_METRICS = (LEAD_TIME, CHANGE_FAILURE_RATE, TIME_TO_RESTORE, SCHEDULE_ADHERENCE)


def review_export_data(
    workspace: Workspace, release_key: str, *, today: date | None = None
) -> ReviewData:
    """The release's post-release review as the :class:`ReviewData` that
    ``exchange.review_workbook.write_review_workbook`` writes.

    Assembled by the writer's own :func:`review_from_records` (review fields, planned vs actual
    steps, deployments, all the release's incidents, actions, its counts as ``metrics``), with
    these rows added to ``metrics`` (name, value; values are numbers, dates, text, True/False or
    None): the release's delivery metrics, each as "<metric>, <unit>" with its value and
    "<metric>: DORA band" with the band (or why there is none); then the pre-filled standing:
    review due and overdue, the early-life support window, its incidents and exit sign-off,
    the suggested close code, the latest pass rate per test suite and the risks that occurred.
    ``risk_rating`` is the release's first stored risk score, "<score> (<band>)".

    Raises:
        NotFoundError: no release with ``release_key`` (naming --release).
    """
    today = today or date.today()
    with workspace.session_factory() as session:
        store = Store(session)
        release = store.release_by_key(release_key)
        form = _form(store, release, today)
        records = gather_records(store, [release.id])
        snapshots = sorted(
            store.all(dm.RiskSnapshot, release_id=release.id), key=lambda s: s.taken_at
        )
        data = review_from_records(
            release,
            release_type=form.prefill.release_type,
            review=form.review,
            actions=form.actions,
            schedule_items=store.all(dm.ScheduleItem, release_id=release.id),
            deployments=store.all(dm.Deployment, release_id=release.id),
            incidents=store.all(dm.Incident, release_id=release.id),
            environments=store.names(dm.Environment),
            risk_rating=f"{snapshots[0].score} ({snapshots[0].band})" if snapshots else "",
        )
    for metric in _release_metrics(records, release, today):
        value = round(metric.value, 4) if metric.value is not None else None
        data.metrics.append((f"{metric.title}, {metric.unit}", value))
        data.metrics.append(
            (f"{metric.title}: DORA band", metric.band.value if metric.band else metric.reason)
        )
    data.metrics += _standing(form.prefill)
    return data


def _release_metrics(records: DeliveryRecords, release: dm.Release, today: date) -> list[Metric]:
    """The release's own metrics, from its first record (a change, a deployment, its planned
    dates) to today."""
    days = [c.created_on for c in records.change_items if c.created_on]
    days += [d.actual_start.date() for d in records.deployments if d.actual_start]
    days += [d for d in (release.planned_start, release.planned_go_live) if d]
    start = min(days, default=today)
    found = measure(records, Period(min(start, today), max(start, today)), today)
    return [found[name] for name in RELEASE_METRICS]


def _standing(p: ReviewPrefill) -> list[tuple[str, Any]]:
    """What the pre-fill adds to the writer's own counts, as (name, value) rows."""
    code = p.suggested_close_code
    rows: list[tuple[str, Any]] = [
        ("Review due", p.review_due),
        ("Review overdue", p.review_overdue),
        ("Early-life support from", p.els_start),
        ("Early-life support to", p.els_end),
        ("Incidents during early-life support", len(p.els_incidents)),
        ("Exit criteria signed off", p.els_exit_signed_off),
        ("Suggested close code", code.label if code else None),
    ]
    rows += [
        (
            f"{t.suite.label} pass rate (latest runs)",
            round(t.pass_rate, 4) if t.pass_rate is not None else None,
        )
        for t in p.test_results
    ]
    rows.append(("Risks that occurred", "; ".join(r.title for r in p.risks_occurred) or None))
    return rows
