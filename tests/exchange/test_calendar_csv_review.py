"""The calendar (iCalendar), the CSV files and the post-release review workbook."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    ActionStatus,
    DeploymentResult,
    IncidentSeverity,
    ReleaseStatus,
    ScheduleKind,
    ScheduleStatus,
)
from releaseplanner.exchange.ics import (
    CalendarEvent,
    calendar_events,
    calendar_lines,
    escape_text,
    fold,
    write_calendar,
)
from releaseplanner.exchange.review_workbook import review_from_records, write_review_workbook
from releaseplanner.services.exchange import export_calendar, export_csv, export_review

STAMP = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_text_is_escaped():
    assert escape_text("a\\b;c,d\r\ne") == "a\\\\b\\;c\\,d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "é" * 60 + "x" * 30
    folded = fold(line)
    physical = folded.split("\r\n")[:-1]
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line
    assert fold("SHORT:x") == "SHORT:x\r\n"


def release(status=ReleaseStatus.PLANNED):
    return dm.Release(
        id="rel-0000000000000001", key="PAY-1", name="Payments", release_type_id="t", status=status
    )


def test_events_have_stable_uids_all_day_ends_and_cancellations():
    milestone = dm.ScheduleItem(
        id="sch-0000000000000001",
        release_id="rel-0000000000000001",
        name="Go-live",
        kind=ScheduleKind.MILESTONE,
        planned_start=date(2026, 5, 1),
        planned_end=date(2026, 5, 1),
    )
    deployment = dm.Deployment(
        id="dpl-0000000000000001",
        release_id="rel-0000000000000001",
        environment_id="env-p",
        planned_start=datetime(2026, 5, 1, 22),
        planned_end=datetime(2026, 5, 1, 23, 30),
    )
    window = dm.FreezeWindow(
        id="frz-0000000000000001",
        name="Year end, peak",
        start=date(2026, 12, 15),
        end=date(2027, 1, 2),
        reason="Peak; trading",
    )
    events = calendar_events(
        releases=[release(ReleaseStatus.CANCELLED)],
        schedule_items=[milestone],
        deployments=[deployment],
        windows=[window],
        environments={"env-p": "Production"},
    )
    lines = calendar_lines(events, name="Plan", stamp=STAMP)
    text = "\n".join(lines)
    assert "UID:sch-0000000000000001@releaseplanner" in lines
    assert "DTSTART;VALUE=DATE:20260501" in lines and "DTEND;VALUE=DATE:20260502" in lines
    assert "DTSTART:20260501T220000" in lines and "DTEND:20260501T233000" in lines
    assert "DTEND;VALUE=DATE:20270103" in lines  # the day after the window's last day
    assert "SUMMARY:Freeze window: Year end\\, peak" in lines
    assert text.count("STATUS:CANCELLED") == 2  # the cancelled release's milestone and deployment
    assert "DTSTAMP:20260302T120000Z" in lines and "SEQUENCE:3243600" in lines


def test_calendar_export_is_the_same_events_each_time(plan_ws, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    count = export_calendar(plan_ws, first)
    export_calendar(plan_ws, second)
    uids = [line for line in first.read_text().splitlines() if line.startswith("UID:")]
    assert count == len(uids) == len(set(uids)) > 0
    assert uids == [line for line in second.read_text().splitlines() if line.startswith("UID:")]
    assert first.read_bytes().endswith(b"END:VCALENDAR\r\n")


def test_write_calendar_counts_events(tmp_path):
    event = CalendarEvent("frz-1", "x", date(2026, 1, 1), date(2026, 1, 2))
    assert write_calendar(tmp_path / "c.ics", [event, event], name="n", stamp=STAMP) == 2


def test_csv_files_per_sheet(plan_ws, tmp_path):
    files = export_csv(plan_ws, tmp_path / "csv")
    assert [p.name for p in files.values()] == [
        "releases.csv",
        "packages.csv",
        "components.csv",
        "changes.csv",
        "schedule.csv",
        "dependencies.csv",
        "risks.csv",
        "approvals.csv",
        "freeze_windows.csv",
    ]
    with files["Risks"].open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(int(r["Score"]) == int(r["Likelihood"]) * int(r["Impact"]) for r in rows)
    assert all(len(r["Review date"]) in (0, 10) for r in rows)


def test_review_workbook_from_sample_records(tmp_path):
    rel = dm.Release(
        id="rel-0000000000000001",
        key="PAY-1",
        name="Payments",
        release_type_id="t",
        status=ReleaseStatus.CLOSED,
        planned_start=date(2026, 1, 5),
        planned_go_live=date(2026, 2, 1),
        actual_start=date(2026, 1, 5),
        actual_go_live=date(2026, 2, 4),
    )
    review = dm.Review(
        id="rvw-1",
        release_id=rel.id,
        held_on=date(2026, 2, 12),
        facilitator="Ana",
        went_well="=cmd|' /C calc'!A0",
        lessons="Rehearse",
    )
    actions = [
        dm.ReviewAction(
            id="act-1",
            review_id="rvw-1",
            description="Automate smoke test",
            owner="Raj",
            due_on=date(2026, 3, 1),
            status=ActionStatus.OPEN,
        )
    ]
    deployments = [
        dm.Deployment(
            id="dpl-1",
            release_id=rel.id,
            environment_id="env-p",
            planned_start=datetime(2026, 2, 1, 22),
            planned_end=datetime(2026, 2, 1, 23),
            actual_start=datetime(2026, 2, 4, 22),
            actual_end=datetime(2026, 2, 4, 23, 30),
            result=DeploymentResult.ROLLED_BACK,
        )
    ]
    incidents = [
        dm.Incident(
            id="inc-1",
            title="Checkout errors",
            severity=IncidentSeverity.SEV2,
            opened_at=datetime(2026, 2, 5, 8),
            resolved_at=datetime(2026, 2, 5, 11),
            release_id=rel.id,
            caused_by_release=True,
        )
    ]
    milestone = dm.ScheduleItem(
        id="sch-1",
        release_id=rel.id,
        name="Go-live",
        kind=ScheduleKind.MILESTONE,
        planned_start=date(2026, 2, 1),
        planned_end=date(2026, 2, 1),
        actual_end=date(2026, 2, 4),
        status=ScheduleStatus.DONE,
    )
    data = review_from_records(
        rel,
        release_type="minor",
        review=review,
        actions=actions,
        schedule_items=[milestone],
        deployments=deployments,
        incidents=incidents,
        environments={"env-p": "Production"},
    )
    path = tmp_path / "review.xlsx"
    write_review_workbook(path, data)

    book = load_workbook(path)
    assert book.sheetnames == ["Summary", "Planned vs actual", "Incidents", "Actions", "Metrics"]
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=3, values_only=True)}
    assert summary["Release"] == "PAY-1 Payments" and summary["Facilitator"] == "Ana"
    assert book["Summary"]["B12"].data_type == "s" and book["Summary"]["B12"].quotePrefix
    steps = list(book["Planned vs actual"].iter_rows(min_row=2, values_only=True))
    assert steps[0][0] == "Release (start to go-live)" and steps[0][6] == 3
    assert steps[1][:2] == ("Go-live", "milestone") and steps[2][-1] == "rolled_back"
    incident = next(book["Incidents"].iter_rows(min_row=2, values_only=True))
    assert incident[6] == 3.0
    metrics = dict(book["Metrics"].iter_rows(min_row=2, values_only=True))
    assert metrics["On schedule"] == "no" and metrics["Rollback performed"] == "yes"
    assert metrics["Incidents SEV2"] == 1 and metrics["Actions open"] == 1


def test_review_export_of_a_release_without_review_writes_what_exists(plan_ws, tmp_path):
    from releaseplanner.storage.store import Store

    with plan_ws.session_factory() as session:
        store = Store(session)
        reviewed = {r.release_id for r in store.all(dm.Review)}
        unreviewed = next(r for r in store.releases() if r.id not in reviewed)
    data = export_review(plan_ws, unreviewed.key, tmp_path / "r.xlsx")
    assert data.held_on is None and data.steps
    notes = [
        r
        for r in load_workbook(tmp_path / "r.xlsx")["Summary"].iter_rows(values_only=True)
        if r[0] == "Note"
    ]
    assert notes == [("Note", "No review has been recorded for this release yet.")]
