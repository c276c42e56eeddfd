"""The post-release review pre-fill and a release's lifecycle standing, from plain records."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    CloseCode,
    DeploymentResult,
    EnvironmentTier,
    IncidentSeverity,
    ReleaseStatus,
    RiskCategory,
    RiskStatus,
    ScheduleKind,
    TestSuite,
)
from releaseplanner.domain.review_prefill import (
    els_window,
    is_review_overdue,
    prefill_review,
    release_lifecycle,
    review_due,
    suite_results,
)

GO_LIVE = date(2026, 6, 14)
MINOR = dm.ReleaseType(id="rt", key="minor", name="Minor", els_days=14, review_due_days=10)
RELEASE = dm.Release(
    id="rel",
    key="PAY-4.0",
    name="Payments 4.0",
    release_type_id="rt",
    status=ReleaseStatus.EARLY_LIFE_SUPPORT,
    planned_start=date(2026, 3, 1),
    planned_go_live=date(2026, 6, 12),
    actual_start=date(2026, 3, 3),
    actual_go_live=GO_LIVE,
)
ENVS = {
    "prod": dm.Environment(id="prod", name="Production", tier=EnvironmentTier.PRODUCTION),
    "stg": dm.Environment(id="stg", name="Staging", tier=EnvironmentTier.STAGING),
}


def at(day: date, hour: int = 20) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)


def deployment(env: str, day: date, result=DeploymentResult.SUCCEEDED, minutes=50, n=0):
    return dm.Deployment(
        id=f"d-{env}-{n}",
        release_id="rel",
        environment_id=env,
        planned_start=at(day),
        planned_end=at(day) + timedelta(minutes=45),
        result=result,
        actual_start=at(day) + timedelta(minutes=5),
        actual_end=at(day) + timedelta(minutes=5 + minutes),
    )


def incident(day: date, severity: IncidentSeverity, *, caused=True, resolved=True, n=0):
    return dm.Incident(
        id=f"i{n}",
        title=f"incident {n}",
        severity=severity,
        opened_at=at(day, 9),
        release_id="rel",
        resolved_at=at(day, 15) if resolved else None,
        caused_by_release=caused,
    )


def run(package: str, suite: TestSuite, day: date, passed: int, failed: int, signed="QA", n=0):
    return dm.TestRun(
        id=f"t-{package}-{suite}-{n}",
        package_id=package,
        suite=suite,
        run_on=day,
        passed=passed,
        failed=failed,
        signed_off_by=signed,
    )


def test_review_due_and_els_window_come_from_the_release_type():
    assert review_due(RELEASE, MINOR) == date(2026, 6, 24)  # go-live + 10
    assert els_window(RELEASE, MINOR) == (GO_LIVE, date(2026, 6, 28))  # go-live + 14
    not_live = dm.Release(id="r", key="K", name="n", release_type_id="rt")
    assert review_due(not_live, MINOR) is None and els_window(not_live, MINOR) is None


def test_review_overdue_flag():
    held = dm.Review(id="rv", release_id="rel", held_on=date(2026, 6, 30))
    not_held = dm.Review(id="rv", release_id="rel")
    assert not is_review_overdue(RELEASE, MINOR, None, date(2026, 6, 24))  # the due day itself
    assert is_review_overdue(RELEASE, MINOR, None, date(2026, 6, 25))
    assert is_review_overdue(RELEASE, MINOR, not_held, date(2026, 6, 25))
    assert not is_review_overdue(RELEASE, MINOR, held, date(2026, 7, 25))
    found = prefill_review(RELEASE, MINOR, today=date(2026, 7, 1), environments=ENVS, review=held)
    assert (found.review_overdue, found.review_held_late) == (False, True)


def test_prefill_from_the_records():
    found = prefill_review(
        RELEASE,
        MINOR,
        today=date(2026, 6, 20),
        environments=ENVS,
        deployments=[
            deployment("stg", date(2026, 6, 1)),
            deployment("prod", date(2026, 6, 13), DeploymentResult.ROLLED_BACK, minutes=80),
            deployment("prod", GO_LIVE, n=1),
        ],
        incidents=[
            incident(date(2026, 6, 13), IncidentSeverity.SEV1, n=1),  # before the window
            incident(GO_LIVE, IncidentSeverity.SEV2, n=2),
            incident(date(2026, 6, 16), IncidentSeverity.SEV2, caused=False, n=3),
            incident(date(2026, 6, 28), IncidentSeverity.SEV3, resolved=False, n=4),  # last day
            incident(date(2026, 6, 29), IncidentSeverity.SEV4, n=5),  # after the window
        ],
        test_runs=[
            run("p1", TestSuite.UNIT, date(2026, 5, 1), 80, 20, n=1),  # superseded
            run("p1", TestSuite.UNIT, date(2026, 5, 3), 99, 1, n=2),
            run("p2", TestSuite.UNIT, date(2026, 5, 2), 50, 0, signed=""),
            run("p1", TestSuite.UAT, date(2026, 6, 1), 10, 0),
        ],
        risks=[
            dm.Risk(
                id="k1",
                release_id="rel",
                title="Alerting not updated",
                category=RiskCategory.OPERATIONAL,
                likelihood=3,
                impact=4,
                status=RiskStatus.OCCURRED,
            ),
            dm.Risk(
                id="k2",
                release_id="rel",
                title="Closed",
                category=RiskCategory.TECHNICAL,
                likelihood=5,
                impact=5,
                status=RiskStatus.CLOSED,
            ),
        ],
        els_criteria=[
            dm.ElsCriterion(id="c1", release_id="rel", criterion="Users work unaided", met=True),
            dm.ElsCriterion(id="c2", release_id="rel", criterion="SLA met"),
        ],
        schedule_items=[
            dm.ScheduleItem(
                id="s1",
                release_id="rel",
                name="Code freeze",
                kind=ScheduleKind.MILESTONE,
                planned_start=date(2026, 5, 1),
                planned_end=date(2026, 5, 1),
                actual_end=date(2026, 5, 4),
            ),
            dm.ScheduleItem(
                id="s2",
                release_id="rel",
                name="Build",
                kind=ScheduleKind.BUILD,
                planned_start=date(2026, 4, 1),
                planned_end=date(2026, 4, 20),
            ),
        ],
        snapshots=[
            dm.RiskSnapshot(
                id="n1", release_id="rel", taken_at=at(date(2026, 6, 1)), score=40, band="medium"
            ),
            dm.RiskSnapshot(
                id="n2",
                release_id="rel",
                taken_at=at(date(2026, 6, 14), 8),
                score=35,
                band="medium",
            ),
            dm.RiskSnapshot(
                id="n3", release_id="rel", taken_at=at(date(2026, 6, 20)), score=10, band="low"
            ),
        ],
    )
    assert [(m.name, m.variance_days) for m in found.milestones] == [
        ("Start", 2),
        ("Go-live", 2),
        ("Code freeze", 3),  # builds are summarised by the tests, not listed
    ]
    assert found.on_schedule is False
    assert [d.environment for d in found.deployments] == ["Staging", "Production", "Production"]
    assert len(found.production_deployments) == 2
    assert [d.actual_minutes for d in found.rollbacks] == [80]
    assert (
        found.deployments[0].planned_minutes == 45 and found.deployments[0].start_delay_minutes == 5
    )
    assert [i.id for i in found.els_incidents] == ["i2", "i3", "i4"]
    assert found.incidents_by_severity == {
        IncidentSeverity.SEV1: 0,
        IncidentSeverity.SEV2: 2,
        IncidentSeverity.SEV3: 1,
        IncidentSeverity.SEV4: 0,
    }
    assert (found.caused_incidents, found.open_incidents) == (2, 1)
    unit, uat = found.test_results
    assert (unit.suite, unit.passed, unit.failed, unit.runs) == (TestSuite.UNIT, 149, 1, 2)
    assert unit.pass_rate == 149 / 150 and unit.signed_off is False  # p2's run has no sign-off
    assert unit.last_run_on == date(2026, 5, 3)
    assert (uat.suite, uat.pass_rate, uat.signed_off) == (TestSuite.UAT, 1.0, True)
    assert [r.title for r in found.risks_occurred] == ["Alerting not updated"]
    assert (found.els_start, found.els_end) == (GO_LIVE, date(2026, 6, 28))
    assert found.in_early_life_support and found.els_exit_signed_off is False
    assert found.review_due == date(2026, 6, 24) and not found.review_overdue
    assert found.risk_score_at_go_live == 35  # the latest snapshot on or before go-live day
    assert found.suggested_close_code is CloseCode.UNSUCCESSFUL  # a rollback


def test_close_code_suggestion_and_exit_criteria():
    live = [deployment("prod", GO_LIVE)]
    quiet = prefill_review(RELEASE, MINOR, today=GO_LIVE, environments=ENVS, deployments=live)
    assert quiet.suggested_close_code is CloseCode.SUCCESSFUL
    assert quiet.els_exit_signed_off is None  # no criteria recorded
    with_incident = prefill_review(
        RELEASE,
        MINOR,
        today=GO_LIVE,
        environments=ENVS,
        deployments=live,
        incidents=[incident(GO_LIVE, IncidentSeverity.SEV3)],
        els_criteria=[dm.ElsCriterion(id="c", release_id="rel", criterion="x", met=True)],
    )
    assert with_incident.suggested_close_code is CloseCode.SUCCESSFUL_WITH_ISSUES
    assert with_incident.els_exit_signed_off is True
    assert (
        prefill_review(RELEASE, MINOR, today=GO_LIVE, environments=ENVS).suggested_close_code
        is None
    )


def test_a_release_not_live_yet_has_no_window_and_no_due_review():
    planned = dm.Release(id="r", key="K", name="n", release_type_id="rt", planned_go_live=GO_LIVE)
    found = prefill_review(planned, MINOR, today=date(2027, 1, 1), environments=ENVS)
    assert (found.els_start, found.review_due, found.review_overdue) == (None, None, False)
    assert found.on_schedule is None and not found.in_early_life_support
    assert found.notes == ("not live yet: no early-life support window",)


def test_suite_results_of_nothing():
    assert suite_results([]) == ()


def test_release_lifecycle_flags_open_incidents_in_els_and_an_overdue_review():
    standing = release_lifecycle(
        RELEASE,
        MINOR,
        incidents=[
            incident(GO_LIVE, IncidentSeverity.SEV3, resolved=False, n=1),
            incident(GO_LIVE, IncidentSeverity.SEV2, resolved=False, n=2),
            incident(GO_LIVE, IncidentSeverity.SEV1, n=3),  # resolved
        ],
        els_criteria=[dm.ElsCriterion(id="c", release_id="rel", criterion="x", met=True)],
        review=None,
        today=date(2026, 6, 26),
    )
    assert (standing.open_incidents, standing.highest_open_severity) == (2, IncidentSeverity.SEV2)
    assert (standing.els_criteria_met, standing.els_criteria_total) == (1, 1)
    assert standing.els_end == date(2026, 6, 28)
    assert standing.flags == (
        "2 open incident(s) (worst SEV2)",
        "post-release review overdue since 2026-06-24",
    )
    calm = release_lifecycle(
        RELEASE, MINOR, incidents=[], els_criteria=[], review=None, today=GO_LIVE
    )
    assert calm.flags == ()
