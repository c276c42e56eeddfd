"""Delivery metrics on hand-computed examples: every metric, empty data, a single deployment,
per team and per month. Each expected number is worked out in the comment beside it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.delivery_metrics import (
    CHANGE_FAILURE_RATE,
    DEPLOYMENT_FREQUENCY,
    LEAD_TIME,
    METRICS,
    NO_TEAM,
    SCHEDULE_ADHERENCE,
    TIME_TO_RESTORE,
    DeliveryRecords,
    Metric,
    Period,
    change_failure_rate,
    delivery_report,
    deployment_frequency,
    describe_value,
    lead_time,
    measure,
    schedule_adherence,
    time_to_restore,
)
from releaseplanner.domain.enums import (
    ChangeStatus,
    DeploymentResult,
    IncidentSeverity,
    ReleaseStatus,
)
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.metrics import DORA_THRESHOLDS, DoraBand, dora_band

R = DeploymentResult
PROD, STAGING = "env-prod", "env-stg"
MARCH = Period(date(2026, 3, 1), date(2026, 3, 28))  # 28 days: four whole weeks
TODAY = date(2026, 3, 28)


def release(rid: str, *, team: str | None = "team-a", **fields) -> dm.Release:
    return dm.Release(
        id=rid, key=rid.upper(), name=rid, release_type_id="minor", team_id=team, **fields
    )


def deploy(rid: str, day: date, result=R.SUCCEEDED, env=PROD, hour=20, n=0) -> dm.Deployment:
    start = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
    return dm.Deployment(
        id=f"dpl-{rid}-{day}-{n}",
        release_id=rid,
        environment_id=env,
        planned_start=start,
        planned_end=start + timedelta(hours=1),
        result=result,
        actual_start=start,
        actual_end=start + timedelta(hours=1),
    )


def incident(rid: str | None, opened: datetime, hours: float | None, *, caused=True, n=0):
    resolved = opened + timedelta(hours=hours) if hours is not None else None
    return dm.Incident(
        id=f"inc-{rid}-{opened:%m%d%H}-{n}",
        title="Something broke",
        severity=IncidentSeverity.SEV2,
        opened_at=opened,
        release_id=rid,
        resolved_at=resolved,
        caused_by_release=caused,
    )


def change(rid: str, created: date | None, n: int, status=ChangeStatus.DONE) -> dm.ChangeItem:
    return dm.ChangeItem(
        id=f"chg-{rid}-{n}",
        package_id=f"pkg-{rid}",
        ticket_ref=f"T-{n}",
        title="x",
        status=status,
        created_on=created,
    )


def records(releases, deployments=(), incidents=(), changes=()) -> DeliveryRecords:
    return DeliveryRecords(
        releases=releases,
        deployments=deployments,
        incidents=incidents,
        packages=[dm.ReleasePackage(id=f"pkg-{r.id}", release_id=r.id, name="p") for r in releases],
        change_items=changes,
        production_environment_ids=frozenset({PROD}),
        els_days={"minor": 14},
        teams={"team-a": "Payments", "team-b": "Identity"},
    )


# -- empty data and a single deployment ----------------------------------------------------------
def test_empty_data_gives_none_with_reasons_not_a_crash():
    found = measure(records([]), MARCH, TODAY)
    assert list(found) == list(METRICS)
    frequency = found[DEPLOYMENT_FREQUENCY]
    assert (frequency.value, frequency.band, frequency.sample) == (0.0, None, 0)
    assert "no successful production deployments between 2026-03-01 and 2026-03-28" in (
        frequency.reason
    )
    for name in (LEAD_TIME, CHANGE_FAILURE_RATE, TIME_TO_RESTORE, SCHEDULE_ADHERENCE):
        assert found[name].value is None and found[name].band is None, name
        assert found[name].reason, name
    report = delivery_report(records([]), MARCH, TODAY)
    assert report.by_team == {}
    assert [m.month for m in report.by_month] == ["2026-03"]


def test_a_single_deployment():
    rel = release("r1", planned_go_live=date(2026, 3, 10), actual_go_live=date(2026, 3, 10))
    data = records(
        [rel],
        [deploy("r1", date(2026, 3, 10))],
        changes=[
            change("r1", date(2026, 3, 1), 1),  # 9 days
            change("r1", date(2026, 3, 7), 2),  # 3 days
            change("r1", date(2026, 2, 27), 3),  # 11 days (February 2026 has 28 days)
        ],
    )
    found = measure(data, MARCH, TODAY)
    frequency = found[DEPLOYMENT_FREQUENCY]
    assert frequency.value == pytest.approx(0.25)  # 1 × 7 / 28 days
    assert frequency.details["per_month"] == pytest.approx(365.25 / 12 / 28)
    assert frequency.details["interval_days"] == 28  # one deployment in 28 days
    assert frequency.band is DoraBand.MEDIUM  # 28 ≤ 30
    assert found[LEAD_TIME].value == 9  # median of 3, 9, 11
    assert found[LEAD_TIME].band is DoraBand.MEDIUM  # 7 < 9 ≤ 30
    assert found[CHANGE_FAILURE_RATE].value == 0  # 0 of 1
    assert found[CHANGE_FAILURE_RATE].band is DoraBand.ELITE
    assert found[TIME_TO_RESTORE].value is None
    assert found[SCHEDULE_ADHERENCE].value == 1.0


# -- each metric ---------------------------------------------------------------------------------
def test_deployment_frequency_counts_successful_production_deployments_only():
    rel = release("r1")
    data = records(
        [rel],
        [
            deploy("r1", date(2026, 3, 2)),
            deploy("r1", date(2026, 3, 9), R.SUCCEEDED_WITH_ISSUES),
            deploy("r1", date(2026, 3, 16)),
            deploy("r1", date(2026, 3, 23)),
            deploy("r1", date(2026, 3, 24), R.FAILED),  # not a release to users
            deploy("r1", date(2026, 3, 25), env=STAGING),  # not production
            deploy("r1", date(2026, 2, 27)),  # before the period
            dm.Deployment(  # planned only
                id="planned",
                release_id="r1",
                environment_id=PROD,
                planned_start=datetime(2026, 3, 26, 20),
                planned_end=datetime(2026, 3, 26, 21),
            ),
        ],
    )
    found = deployment_frequency(data, MARCH)
    assert found.value == pytest.approx(1.0)  # 4 × 7 / 28
    assert found.sample == 4
    assert found.details["interval_days"] == 7  # 28 / 4
    assert found.details["per_month"] == pytest.approx(4 * 30.4375 / 28)
    assert found.band is DoraBand.HIGH  # 7 ≤ 7
    assert found.band is dora_band("deployment_interval_days", 7)


def test_daily_deployments_are_elite():
    data = records(
        [release("r1")], [deploy("r1", MARCH.start + timedelta(days=n)) for n in range(28)]
    )
    found = deployment_frequency(data, MARCH)
    assert found.value == pytest.approx(7.0)  # 28 × 7 / 28
    assert found.band is DoraBand.ELITE  # an interval of 1 day


def test_lead_time_is_the_median_from_creation_to_the_first_successful_production_deployment():
    r1, r2, r3 = release("r1"), release("r2"), release("r3")
    data = records(
        [r1, r2, r3],
        [
            deploy("r1", date(2026, 3, 5), R.FAILED),  # not the go-live
            deploy("r1", date(2026, 3, 8)),  # r1's first successful one
            deploy("r1", date(2026, 3, 20)),  # a later one does not count again
            deploy("r2", date(2026, 3, 20)),
            deploy("r3", date(2026, 2, 20)),  # first deployed before the period
            deploy("r3", date(2026, 3, 21)),
        ],
        changes=[
            change("r1", date(2026, 3, 1), 1),  # 7 days
            change("r1", date(2026, 2, 26), 2),  # 10 days
            change("r1", date(2026, 1, 1), 3, ChangeStatus.DEFERRED),  # never shipped
            change("r1", None, 4),  # no date: counted apart
            change("r1", date(2026, 3, 9), 5),  # created after the go-live
            change("r2", date(2026, 3, 18), 1),  # 2 days
            change("r2", date(2026, 3, 20), 2),  # 0 days
            change("r3", date(2026, 1, 1), 1),  # r3 went live in February
        ],
    )
    found = lead_time(data, MARCH)
    assert found.value == pytest.approx(4.5)  # median of 0, 2, 7, 10 = (2 + 7) / 2
    assert found.details["mean_days"] == pytest.approx(4.75)  # 19 / 4
    assert found.details["max_days"] == 10
    assert (found.sample, found.details["releases"], found.details["undated_changes"]) == (4, 2, 1)
    assert found.band is DoraBand.HIGH  # 4.5 ≤ 7


def test_lead_time_without_dated_changes_says_so():
    data = records(
        [release("r1")], [deploy("r1", date(2026, 3, 8))], changes=[change("r1", None, 1)]
    )
    found = lead_time(data, MARCH)
    assert found.value is None and found.band is None
    assert "none of their change items has a created date" in found.reason


def test_change_failure_rate():
    rels = [release(f"r{n}") for n in range(1, 6)]
    data = records(
        rels,
        [
            deploy("r1", date(2026, 3, 2)),  # then an incident it caused in ELS: a failure
            deploy("r2", date(2026, 3, 4), R.ROLLED_BACK),  # a failure
            deploy("r3", date(2026, 3, 6)),  # its incident came after ELS: not a failure
            deploy("r4", date(2026, 3, 8)),  # an incident not caused by it: not a failure
            deploy("r5", date(2026, 3, 10), R.SUCCEEDED_WITH_ISSUES),  # not a failure alone
        ],
        incidents=[
            incident("r1", datetime(2026, 3, 12, 9), 3),  # day 10 of 14
            incident("r3", datetime(2026, 3, 26, 9), 3),  # day 20: after the 14 days
            incident("r4", datetime(2026, 3, 9, 9), 3, caused=False),
        ],
    )
    found = change_failure_rate(data, MARCH)
    assert found.value == pytest.approx(0.4)  # 2 of 5
    assert found.details["failed_or_rolled_back"] == 1
    assert found.details["caused_incidents"] == 1
    assert found.band is DoraBand.LOW  # 0.4 > 0.15


def test_an_incident_belongs_to_the_latest_production_deployment_before_it():
    data = records(
        [release("r1")],
        [deploy("r1", date(2026, 3, 1)), deploy("r1", date(2026, 3, 10), n=1)],
        incidents=[incident("r1", datetime(2026, 3, 12, 9), 1)],
    )
    found = change_failure_rate(data, MARCH)
    assert (found.value, found.details["failures"]) == (0.5, 1)  # only the second failed


def test_an_incident_before_production_is_not_a_change_failure():
    data = records(
        [release("r1")],
        [deploy("r1", date(2026, 3, 10))],
        incidents=[incident("r1", datetime(2026, 3, 9, 9), 1)],
    )
    assert change_failure_rate(data, MARCH).value == 0


def test_time_to_restore_is_the_median_of_incidents_caused_by_a_release():
    data = records(
        [release("r1")],
        incidents=[
            incident("r1", datetime(2026, 3, 3, 9), 2, n=1),
            incident("r1", datetime(2026, 3, 4, 9), 5, n=2),
            incident("r1", datetime(2026, 3, 5, 9), 30, n=3),
            incident("r1", datetime(2026, 3, 6, 9), 1, caused=False, n=4),  # not caused
            incident("r1", datetime(2026, 3, 7, 9), None, n=5),  # still open
            incident("r1", datetime(2026, 2, 7, 9), 100, n=6),  # before the period
            incident(None, datetime(2026, 3, 8, 9), 1, caused=False, n=7),  # no release
        ],
    )
    found = time_to_restore(data, MARCH)
    assert found.value == 5  # median of 2, 5, 30 hours
    assert found.details["mean_hours"] == pytest.approx(37 / 3)
    assert (found.sample, found.details["open"], found.details["incidents"]) == (3, 1, 4)
    assert found.band is DoraBand.HIGH  # 5 ≤ 24


def test_time_to_restore_with_only_open_incidents_says_so():
    data = records([release("r1")], incidents=[incident("r1", datetime(2026, 3, 7, 9), None)])
    found = time_to_restore(data, MARCH)
    assert found.value is None
    assert found.reason == "1 incident(s) caused by a release, none resolved yet"


def test_schedule_adherence():
    day = date(2026, 3, 10)
    data = records(
        [
            release("on-time", planned_go_live=day, actual_go_live=day),
            release("early", planned_go_live=day, actual_go_live=day - timedelta(days=2)),
            release("late", planned_go_live=day, actual_go_live=day + timedelta(days=3)),
            release("not-live", planned_go_live=date(2026, 3, 23)),  # 5 days late by the 28th
            release("not-due", planned_go_live=date(2026, 3, 29)),  # after today
            release("future", planned_go_live=date(2026, 3, 28)),  # due today: not late yet
            release("cancelled", planned_go_live=date(2026, 3, 2), status=ReleaseStatus.CANCELLED),
            release("outside", planned_go_live=date(2026, 2, 2)),
        ]
    )
    found = schedule_adherence(data, MARCH, TODAY)
    assert found.value == pytest.approx(0.5)  # on time: 2 of 4
    assert found.details["median_days_late"] == pytest.approx(1.5)  # of 0, 0, 3, 5
    assert found.details["mean_days_late"] == pytest.approx(2.0)
    assert (found.details["max_days_late"], found.details["not_live_yet"]) == (5, 1)
    key = "schedule_days_late"
    expected = dora_band(key, 1.5) if key in DORA_THRESHOLDS else None
    assert found.band == expected


# -- teams, months, periods ----------------------------------------------------------------------
def test_per_team_and_per_month():
    period = Period(date(2026, 1, 15), date(2026, 3, 10))
    data = records(
        [release("a1"), release("b1", team="team-b"), release("x1", team=None)],
        [
            deploy("a1", date(2026, 1, 20)),
            deploy("a1", date(2026, 2, 3), n=1),
            deploy("b1", date(2026, 2, 10)),
            deploy("x1", date(2026, 3, 5)),
        ],
    )
    report = delivery_report(data, period, TODAY)
    assert list(report.by_team) == ["Identity", "Payments", NO_TEAM]  # no team last
    assert report.by_team["Payments"][DEPLOYMENT_FREQUENCY].sample == 2
    assert report.by_team["Identity"][DEPLOYMENT_FREQUENCY].sample == 1
    months = {m.month: m for m in report.by_month}
    assert list(months) == ["2026-01", "2026-02", "2026-03"]
    assert months["2026-01"].period == Period(date(2026, 1, 15), date(2026, 1, 31))  # clipped
    assert months["2026-03"].period.days == 10
    # January: one deployment in 17 days; February: two in 28 days.
    jan, feb = (months[m].metrics[DEPLOYMENT_FREQUENCY] for m in ("2026-01", "2026-02"))
    assert jan.value == pytest.approx(7 / 17)
    assert feb.value == pytest.approx(0.5)
    assert report.overall[DEPLOYMENT_FREQUENCY].sample == 4
    only = delivery_report(data, period, TODAY, team="Identity")
    assert list(only.by_team) == ["Identity"]
    assert only.overall[DEPLOYMENT_FREQUENCY].sample == 1


def test_a_period_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationError, match=r"^--to: 2026-01-01 is before --from 2026-02-01"):
        Period(date(2026, 2, 1), date(2026, 1, 1))


def test_months_across_a_year_end():
    months = Period(date(2025, 12, 5), date(2026, 1, 3)).months()
    assert [(label, p.days) for label, p in months] == [("2025-12", 27), ("2026-01", 3)]


@pytest.mark.parametrize(
    "name,value,text",
    [
        (DEPLOYMENT_FREQUENCY, 2.5, "2.5 / week"),
        (DEPLOYMENT_FREQUENCY, 0.25, "1.1 / month"),  # 0.25 × 30.4375 / 7
        (DEPLOYMENT_FREQUENCY, 0.0, "none"),
        (LEAD_TIME, 86.5, "86 days"),
        (LEAD_TIME, 0.5, "12 hours"),
        (CHANGE_FAILURE_RATE, 0.75, "75%"),
        (TIME_TO_RESTORE, 15.0, "15.0 hours"),
        (TIME_TO_RESTORE, 72.0, "3.0 days"),
        (SCHEDULE_ADHERENCE, None, "no data"),
    ],
)
def test_values_in_words(name, value, text):
    assert describe_value(Metric(name, value, "", None, 0)) == text
