"""Closing out on a real SQLite workspace: exit criteria, the review with its actions (undoable,
journalled), the overdue flag, the pre-filled form, and the export data the review workbook
writer (exchange/review_workbook.py) takes."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ActionStatus, CloseCode, ObjectivesMet, ReleaseStatus
from releaseplanner.domain.errors import NotFoundError, ValidationError
from releaseplanner.exchange.review_workbook import ReviewData, write_review_workbook
from releaseplanner.services.lifecycle import lifecycle_summary, log_incident, record_deployment
from releaseplanner.services.portfolio import create_release
from releaseplanner.services.releases import edit_release
from releaseplanner.services.reviews import (
    add_els_criterion,
    add_review_action,
    review_export_data,
    review_form,
    save_review,
    sign_off_els_criterion,
    update_review_action,
)
from releaseplanner.storage.store import Store

GO_LIVE = date(2026, 12, 1)
DUE = date(2026, 12, 11)  # a minor release: review within 10 days


def fetch_all(workspace, record_type, **where):
    with workspace.session_factory() as session:
        return Store(session).all(record_type, **where)


@pytest.fixture
def live(workspace):
    """PAY-4.2, deployed to production on the evening of 1 December 2026."""
    release, _ = create_release(
        workspace, key="PAY-4.2", name="Payments 4.2", type_key="minor", planned_go_live=GO_LIVE
    )
    for status in (ReleaseStatus.IN_BUILD, ReleaseStatus.IN_TEST, ReleaseStatus.APPROVED):
        edit_release(workspace, release.id, {"status": status}).redo()
    (production,) = (e for e in fetch_all(workspace, dm.Environment) if e.is_production)
    record_deployment(
        workspace,
        release.id,
        {
            "environment_id": production.id,
            "planned_start": "2026-12-01 21:00",
            "planned_end": "2026-12-01 22:00",
            "result": "succeeded",
            "actual_start": "2026-12-01 21:05",
            "actual_end": "2026-12-01 21:50",
        },
    ).redo()
    return fetch_all(workspace, dm.Release, id=release.id)[0]


def test_exit_criteria_added_signed_off_and_withdrawn(workspace, live):
    add = add_els_criterion(workspace, live.id, " Users work unaided ")
    assert add.text == "Add exit criterion 'Users work unaided' to PAY-4.2"
    add.redo()
    criterion = add.records[0]
    sign = sign_off_els_criterion(workspace, criterion.id, "Eva", at=datetime(2026, 12, 15, 17))
    assert sign.text == "Sign off 'Users work unaided' (Eva)"
    sign.redo()
    (signed,) = fetch_all(workspace, dm.ElsCriterion, id=criterion.id)
    assert (signed.met, signed.signed_off_by, signed.signed_off_at) == (
        True,
        "Eva",
        datetime(2026, 12, 15, 17),
    )
    assert review_form(workspace, live.id, today=GO_LIVE).prefill.els_exit_signed_off is True
    sign.undo()
    assert fetch_all(workspace, dm.ElsCriterion, id=criterion.id)[0].met is False
    with pytest.raises(ValidationError, match="^signed_off_by: say who"):
        sign_off_els_criterion(workspace, criterion.id, " ")
    with pytest.raises(ValidationError, match="^criterion: must not be empty"):
        add_els_criterion(workspace, live.id, "")


def test_review_overdue_until_held(workspace, live):
    assert review_form(workspace, live.id, today=DUE).prefill.review_overdue is False
    form = review_form(workspace, live.id, today=date(2026, 12, 12))
    assert (form.review, form.prefill.review_due, form.prefill.review_overdue) == (None, DUE, True)
    (row,) = lifecycle_summary(workspace, today=date(2026, 12, 12))
    assert row.review_overdue

    command = save_review(
        workspace,
        live.id,
        {"held_on": "2026-12-12", "facilitator": "Kira", "objectives_met": "partly"},
        actions=[
            {"description": "Automate the smoke test", "owner": "Maya", "due_on": "2027-01-15"}
        ],
    )
    assert command.text == "Record post-release review of PAY-4.2 with 1 action(s)"
    command.redo()
    form = review_form(workspace, live.id, today=date(2026, 12, 20))
    assert form.prefill.review_overdue is False and form.prefill.review_held_late is True
    assert form.review.objectives_met is ObjectivesMet.PARTLY
    assert [(a.description, a.status) for a in form.actions] == [
        ("Automate the smoke test", ActionStatus.OPEN)
    ]
    (row,) = lifecycle_summary(workspace, today=date(2026, 12, 20))
    assert not row.review_overdue
    command.undo()
    assert fetch_all(workspace, dm.Review) == [] and fetch_all(workspace, dm.ReviewAction) == []


def test_editing_a_review_writes_only_what_changed(workspace, live):
    save_review(workspace, live.id, {"held_on": date(2026, 12, 9), "lessons": "Rehearse"}).redo()
    edit = save_review(
        workspace,
        live.id,
        {"held_on": "2026-12-09", "lessons": "Rehearse", "close_code": "successful with issues"},
        actions=[{"description": "Update the runbook", "status": "in progress"}],
    )
    assert edit.text == "Edit post-release review of PAY-4.2 (close_code) with 1 action(s)"
    edit.redo()
    (review,) = fetch_all(workspace, dm.Review)
    assert review.close_code is CloseCode.SUCCESSFUL_WITH_ISSUES
    with pytest.raises(ValidationError, match="^review: nothing to save"):
        save_review(workspace, live.id, {"lessons": "Rehearse"})
    edit.undo()
    (review,) = fetch_all(workspace, dm.Review)
    assert review.close_code is None and fetch_all(workspace, dm.ReviewAction) == []


@pytest.mark.parametrize(
    "values,actions,message",
    [
        ({"held_on": "2026-11-30"}, (), r"^held_on: 2026-11-30 is before the go-live 2026-12-01"),
        ({"objectives_met": "mostly"}, (), r"^objectives_met: 'mostly' is not one of yes, partly"),
        ({"verdict": "fine"}, (), r"^verdict: not a field of a review"),
        ({}, ({"owner": "Maya"},), r"^description: a follow-up action needs a description"),
        ({}, ({"description": "x", "due_on": "soon"},), r"^due_on: 'soon' is not a date"),
    ],
)
def test_bad_reviews_are_refused_naming_the_field(workspace, live, values, actions, message):
    with pytest.raises(ValidationError, match=message):
        save_review(workspace, live.id, values, actions=actions)


def test_review_actions(workspace, live):
    save_review(workspace, live.id, {"facilitator": "Kira"}).redo()
    (review,) = fetch_all(workspace, dm.Review)
    add = add_review_action(workspace, review.id, {"description": "Add a runbook", "owner": "Eva"})
    add.redo()
    action = add.records[0]
    done = update_review_action(workspace, action.id, {"status": "done"})
    assert done.text == "Set action 'Add a runbook' to done"
    done.redo()
    assert fetch_all(workspace, dm.ReviewAction, id=action.id)[0].status is ActionStatus.DONE
    with pytest.raises(ValidationError, match="^description: a follow-up action needs"):
        update_review_action(workspace, action.id, {"description": ""})
    with pytest.raises(NotFoundError):
        add_review_action(workspace, "rvw-nope", {"description": "x"})


def test_export_data_is_what_the_review_workbook_writes(workspace, live, tmp_path):
    log_incident(
        workspace,
        {
            "title": "Slow logins",
            "severity": "sev2",
            "opened_at": "2026-12-02 09:00",
            "resolved_at": "2026-12-02 13:30",
            "release_id": live.id,
            "caused_by_release": True,
        },
    ).redo()
    save_review(
        workspace,
        live.id,
        {"held_on": "2026-12-10", "close_code": "successful_with_issues"},
        actions=[{"description": "Tune the login cache", "owner": "Eva", "due_on": "2026-12-20"}],
    ).redo()
    data = review_export_data(workspace, "pay-4.2", today=date(2026, 12, 22))
    assert isinstance(data, ReviewData)
    assert (data.release_key, data.release_type, data.held_on) == (
        "PAY-4.2",
        "Minor",
        date(2026, 12, 10),
    )
    assert data.close_code == "successful_with_issues"
    assert [(a.description, a.due_on) for a in data.actions] == [
        ("Tune the login cache", date(2026, 12, 20))
    ]
    assert data.incidents[0].hours_to_restore == 4.5
    assert data.steps[0].actual_end == GO_LIVE
    metrics = dict(data.metrics)
    assert metrics["Change failure rate, share of deployments"] == 1.0
    assert metrics["Change failure rate: DORA band"] == "low"
    assert metrics["Time to restore service, hours (median)"] == 4.5
    assert metrics["Time to restore service: DORA band"] == "high"
    assert (
        "none of their change items has a created date"
        in metrics["Lead time for changes: DORA band"]
    )
    assert metrics["Review due"] == DUE and metrics["Review overdue"] is False
    assert metrics["Early-life support to"] == date(2026, 12, 15)  # go-live + 14 days
    assert metrics["Incidents during early-life support"] == 1
    assert metrics["Suggested close code"] == "Successful with issues"

    target = tmp_path / "review.xlsx"
    write_review_workbook(target, data)
    sheet = load_workbook(target)["Metrics"]
    written = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert written["Change failure rate: DORA band"] == "low"
    assert written["Review overdue"] == "no"
    with pytest.raises(NotFoundError, match="--release: no release with key 'NOPE'"):
        review_export_data(workspace, "NOPE")
