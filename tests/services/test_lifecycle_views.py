"""The lifecycle window's reads and composite operations on the demo workspace: a release's
records with names resolved, the picker's flags, a whole review form saved (and undone) as one
command, and the review workbook written with the delivery metrics."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ActionStatus, DeploymentResult, ObjectivesMet
from releaseplanner.domain.errors import NotFoundError, ValidationError
from releaseplanner.services.journal import list_journal
from releaseplanner.services.lifecycle_views import (
    export_review_workbook,
    release_choices,
    release_records,
    save_review_form,
)
from releaseplanner.storage.store import Store

TODAY = date(2026, 11, 26)


@pytest.fixture
def demo(demo_workspace):
    return demo_workspace


def release_id(workspace, key):
    with workspace.session_factory() as session:
        return Store(session).release_by_key(key).id


def fetch(workspace, record_type, **where):
    with workspace.session_factory() as session:
        return Store(session).all(record_type, **where)


def test_release_records_resolve_names_and_sort_newest_first(demo):
    records = release_records(demo, release_id(demo, "IAM-2.8"), today=TODAY)
    assert records.release.key == "IAM-2.8"
    assert records.builds and all(b.package for b in records.builds)
    starts = [b.started_at for b in records.builds]
    assert starts == sorted(starts, reverse=True)
    assert [d.environment for d in records.deployments] == ["Dev", "Test", "Staging", "Production"]
    production = records.deployments[-1]
    assert production.production and production.finished
    assert production.result is DeploymentResult.SUCCEEDED_WITH_ISSUES
    assert production.start_delay_minutes == 8
    assert len(records.incidents) == 2 and all(i.during_els for i in records.incidents)
    assert all(i.environment == "Production" for i in records.incidents)
    assert (records.els_start, records.els_end) == (date(2026, 11, 17), date(2026, 12, 1))
    assert records.lifecycle.open_incidents == 2
    assert [s.suite.value for s in records.test_summary][:2] == ["unit", "integration"]
    assert "Amara Ahmed" in records.people
    package = records.builds[0].package_id
    assert records.next_build_number(package) == 1 + max(
        b.number for b in records.builds if b.package_id == package
    )


def test_release_records_of_an_unknown_release_raise(demo):
    with pytest.raises(NotFoundError):
        release_records(demo, "rel-nope")


def test_release_choices_carry_the_release_list_flags(demo):
    choices = {c.key: c for c in release_choices(demo, today=date(2026, 11, 30))}
    assert choices["IAM-2.8"].label == "IAM-2.8 — Identity Service 2.8"
    assert any("overdue" in flag for flag in choices["IAM-2.8"].flags)
    assert any("open incident" in flag for flag in choices["IAM-2.8"].flags)
    assert choices["PAY-4.0"].flags == ()


def test_a_whole_review_form_is_one_undoable_command(demo):
    rid = release_id(demo, "PAY-4.0")
    (review,) = fetch(demo, dm.Review, release_id=rid)
    first, second = sorted(fetch(demo, dm.ReviewAction, review_id=review.id), key=lambda a: a.id)
    command = save_review_form(
        demo,
        rid,
        {"objectives_met": "partly", "lessons": "Book the CAB slot early", "facilitator": ""},
        new_actions=[{"description": "Book CAB slots a month ahead", "owner": "Kira Moreau"}],
        changed_actions={first.id: {"status": ActionStatus.DROPPED}, second.id: {}},
        removed_actions=[second.id],
    )
    assert "PAY-4.0" in command.text and "1 action(s) removed" in command.text
    command.redo()
    (saved,) = fetch(demo, dm.Review, release_id=rid)
    assert saved.objectives_met is ObjectivesMet.PARTLY and saved.facilitator == ""
    actions = {a.description: a for a in fetch(demo, dm.ReviewAction, review_id=review.id)}
    assert "Book CAB slots a month ahead" in actions
    assert actions[first.description].status is ActionStatus.DROPPED
    assert second.id not in {a.id for a in actions.values()}
    assert {line.entity for line in list_journal(demo, release_key="PAY-4.0")} >= {"review"}
    command.undo()
    assert fetch(demo, dm.Review, release_id=rid) == [review]
    restored = sorted(fetch(demo, dm.ReviewAction, review_id=review.id), key=lambda a: a.id)
    assert restored == [first, second]


def test_saving_an_unchanged_form_is_refused(demo):
    rid = release_id(demo, "PAY-4.0")
    (review,) = fetch(demo, dm.Review, release_id=rid)
    with pytest.raises(ValidationError, match="nothing to save"):
        save_review_form(demo, rid, {"facilitator": review.facilitator})
    with pytest.raises(ValidationError, match="mood"):
        save_review_form(demo, rid, {"mood": "fine"})
    with pytest.raises(ValidationError, match="not an action of this review"):
        save_review_form(demo, rid, {}, removed_actions=["act-elsewhere"])


def test_a_first_review_with_actions_creates_both(demo):
    rid = release_id(demo, "IAM-2.8")
    command = save_review_form(
        demo,
        rid,
        {"held_on": date(2026, 11, 26), "objectives_met": "yes"},
        new_actions=[{"description": "Alert on report totals", "due_on": "2026-12-10"}],
    )
    command.redo()
    (review,) = fetch(demo, dm.Review, release_id=rid)
    assert review.held_on == date(2026, 11, 26)
    assert [a.description for a in fetch(demo, dm.ReviewAction, review_id=review.id)] == [
        "Alert on report totals"
    ]


def test_the_review_workbook_holds_the_delivery_metrics(demo, tmp_path):
    path = export_review_workbook(demo, "PAY-4.0", tmp_path / "review.xlsx", today=TODAY)
    workbook = load_workbook(path, read_only=True)
    assert {"Summary", "Metrics"} <= set(workbook.sheetnames)
    names = [row[0] for row in workbook["Metrics"].iter_rows(values_only=True)]
    assert any(str(name).startswith("Lead time for changes") for name in names)
    workbook.close()
