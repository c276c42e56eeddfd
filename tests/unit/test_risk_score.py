"""The release risk score and readiness: worked examples, bands, blockers and monotonicity."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    ApprovalDecision,
    ApprovalRole,
    RiskBand,
    RiskCategory,
    RiskStatus,
    ScheduleKind,
    ScheduleStatus,
    TestSuite,
)
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.risk import coerce_risk_values, heat_counts, is_review_overdue
from releaseplanner.domain.risk_score import (
    READINESS_THRESHOLD,
    READINESS_WEIGHTS,
    SCORE_WEIGHTS,
    RiskInputs,
    is_late,
    latest_runs,
    readiness,
    release_band,
    release_risk_score,
)

TODAY = date(2026, 11, 26)


def risk(likelihood=3, impact=3, status=RiskStatus.OPEN, title="Risk", **extra) -> dm.Risk:
    return dm.Risk(
        id=f"rsk-{title}-{likelihood}{impact}",
        release_id="rel-1",
        title=title,
        category=RiskCategory.TECHNICAL,
        likelihood=likelihood,
        impact=impact,
        status=status,
        **extra,
    )


def run(suite, passed, failed=0, blocked=0, days_ago=1, package="pkg-1") -> dm.TestRun:
    return dm.TestRun(
        id=f"tst-{package}-{suite}-{days_ago}",
        package_id=package,
        suite=TestSuite(suite),
        run_on=TODAY - timedelta(days=days_ago),
        passed=passed,
        failed=failed,
        blocked=blocked,
    )


def points(score) -> dict[str, float]:
    return {c.name: c.points for c in score.components}


#: A patch release a week from go-live: one critical and one medium risk open (a third, closed,
#: risk does not count), 10 components, 25 change items, production, 95 % of tests passing,
#: one of its two required suites never run, one schedule item late.
WORKED = RiskInputs(
    release_key="PAY-4.2.1",
    today=TODAY,
    risks=(
        risk(5, 5, title="Lock"),
        risk(3, 2, title="Docs"),
        risk(5, 5, RiskStatus.CLOSED, title="Old"),
    ),
    test_runs=(
        run("unit", 190, 10),
        run("unit", 20, 80, days_ago=9),
    ),  # the older run is superseded
    approvals=(),
    required_suites=("unit", "regression"),
    min_test_pass_rate=0.95,
    max_risk_score=70,
    component_count=10,
    change_item_count=25,
    production_environments=1,
    go_live=TODAY + timedelta(days=7),
    late_items=1,
)


def test_worked_example_shows_every_component_and_adds_up():
    score = release_risk_score(WORKED)
    assert points(score) == {
        "Worst open risk": 25.0,  # 25 × 25/25
        "Open risks total": 7.8,  # 15 × 31/60 = 7.75
        "Test pass rate": 3.8,  # 15 × (1 − 0.95) / 0.2 = 3.75
        "Required suites missing": 5.0,  # 10 × 1/2 (regression)
        "Components changed": 2.5,  # 5 × 10/20
        "Change items": 2.5,  # 5 × 25/50
        "Production environments": 2.5,  # 5 × 1/2
        "Days to go-live": 5.0,  # 10 × (1 − 7/14)
        "Late schedule items": 1.7,  # 5 × 1/3
        "Schedule conflicts": 0.0,
    }
    assert score.score == 56 == round(sum(points(score).values()))
    assert score.band is RiskBand.HIGH
    assert not score.needs_escalation  # patch releases escalate above 70
    by_name = {c.name: c for c in score.components}
    assert by_name["Worst open risk"].raw == 25
    assert by_name["Open risks total"].raw == 31
    assert by_name["Test pass rate"].raw == 0.95
    assert "190 of 200" in by_name["Test pass rate"].explanation
    assert "regression" in by_name["Required suites missing"].explanation
    assert "7 days to go-live" in by_name["Days to go-live"].explanation


def test_an_empty_release_scores_only_its_missing_test_evidence():
    score = release_risk_score(RiskInputs(release_key="X", today=TODAY))
    assert score.score == 15 and score.band is RiskBand.LOW
    assert points(score)["Test pass rate"] == 15
    by_name = {c.name: c for c in score.components}
    assert by_name["Test pass rate"].explanation == "no test runs recorded"
    assert by_name["Days to go-live"].explanation == "no planned go-live"


def test_weights_sum_to_one_hundred_and_readiness_to_one():
    assert sum(w.points for w in SCORE_WEIGHTS.values()) == 100
    assert sum(READINESS_WEIGHTS.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "go_live_in,gone_live,expected",
    [(14, False, 0), (30, False, 0), (0, False, 10), (-5, False, 10), (-5, True, 0), (7, True, 0)],
)
def test_time_pressure(go_live_in, gone_live, expected):
    inputs = RiskInputs(
        release_key="X",
        today=TODAY,
        go_live=TODAY + timedelta(days=go_live_in),
        gone_live=gone_live,
    )
    assert points(release_risk_score(inputs))["Days to go-live"] == expected


def test_a_score_above_the_types_maximum_needs_escalation():
    score = release_risk_score(dataclasses.replace(WORKED, max_risk_score=50))
    assert score.needs_escalation and score.max_risk_score == 50


@pytest.mark.parametrize(
    "score,band",
    [
        (0, RiskBand.LOW),
        (24, RiskBand.LOW),
        (25, RiskBand.MEDIUM),
        (49, RiskBand.MEDIUM),
        (50, RiskBand.HIGH),
        (74, RiskBand.HIGH),
        (75, RiskBand.CRITICAL),
        (100, RiskBand.CRITICAL),
    ],
)
def test_release_bands(score, band):
    assert release_band(score) is band


@pytest.mark.parametrize("score", [-1, 101])
def test_release_band_refuses_scores_outside_0_to_100(score):
    with pytest.raises(ValueError, match=str(score)):
        release_band(score)


def test_breakdown_json_carries_every_component():
    data = json.loads(release_risk_score(WORKED).breakdown_json())
    assert data["score"] == 56 and data["band"] == "high" and data["max_risk_score"] == 70
    assert [c["name"] for c in data["components"]][:2] == ["Worst open risk", "Open risks total"]
    assert set(data["components"][0]) == {"name", "raw", "weight", "points", "explanation"}


def test_latest_runs_keep_the_newest_per_package_and_suite():
    runs = [
        run("unit", 1, days_ago=5),
        run("unit", 2, days_ago=1),
        run("unit", 3, days_ago=3, package="pkg-2"),
        run("uat", 4, days_ago=9),
    ]
    assert sorted(r.passed for r in latest_runs(runs)) == [2, 3, 4]


def test_late_items():
    item = dm.ScheduleItem(
        id="sch-1",
        release_id="rel-1",
        name="Build",
        kind=ScheduleKind.BUILD,
        planned_start=TODAY - timedelta(days=5),
        planned_end=TODAY - timedelta(days=1),
    )
    assert is_late(item, TODAY)
    assert not is_late(dataclasses.replace(item, status=ScheduleStatus.DONE), TODAY)
    assert not is_late(dataclasses.replace(item, planned_end=TODAY), TODAY)
    assert is_late(dataclasses.replace(item, planned_end=TODAY, status=ScheduleStatus.LATE), TODAY)


# -- readiness -----------------------------------------------------------------------------------
def test_readiness_worked_example_lists_its_blockers():
    rejected = dm.Approval(
        id="apr-1",
        release_id="rel-1",
        role=ApprovalRole.CAB,
        approver="Dana",
        decision=ApprovalDecision.REJECTED,
    )
    result = readiness(dataclasses.replace(WORKED, approvals=(rejected,)))
    assert points(result) == {
        "Test pass rate": 33.2,  # 35 × 0.95 = 33.25
        "Tests executed": 25.0,  # nothing blocked
        "Required suites covered": 10.0,  # 20 × 1/2
        "No critical risks": 0.0,  # 'Lock' is 5 × 5
    }
    assert result.score == 68 and result.threshold == READINESS_THRESHOLD
    assert not result.ready and result.verdict == "not ready"
    assert result.blockers == (
        "CAB approval rejected by Dana",
        "critical risk open: 'Lock' (5×5=25)",
        "required suite 'regression' has no test run",
    )


def test_a_well_tested_release_without_criticals_is_ready():
    inputs = RiskInputs(
        release_key="X",
        today=TODAY,
        risks=(risk(2, 3),),
        test_runs=(run("unit", 99, 1), run("regression", 50)),
        required_suites=("unit", "regression"),
    )
    result = readiness(inputs)
    assert result.score == 100  # 34.8 (149 of 150 passed) + 25 + 20 + 20 = 99.8
    assert result.ready and result.verdict == "ready" and result.blockers == ()


def test_blockers_override_a_high_readiness_score():
    inputs = RiskInputs(
        release_key="X",
        today=TODAY,
        test_runs=(run("unit", 90, 10),),  # 90 % < the 95 % policy minimum
        required_suites=("unit",),
    )
    result = readiness(inputs)
    assert result.score >= READINESS_THRESHOLD
    assert not result.ready
    assert result.blockers == (
        "required suite 'unit' latest runs pass 90.0%, below the 95.0% the policy requires",
    )


def test_blocked_tests_count_as_not_executed():
    inputs = RiskInputs(release_key="X", today=TODAY, test_runs=(run("unit", 60, 0, 40),))
    by_name = {c.name: c for c in readiness(inputs).components}
    assert by_name["Tests executed"].raw == 0.6 and by_name["Test pass rate"].raw == 0.6


# -- properties ----------------------------------------------------------------------------------
ratings = st.integers(1, 5)
statuses = st.sampled_from(list(RiskStatus))
risk_lists = st.lists(st.tuples(ratings, ratings, statuses), max_size=12)
other_inputs = st.fixed_dictionaries(
    {
        "component_count": st.integers(0, 40),
        "change_item_count": st.integers(0, 90),
        "production_environments": st.integers(0, 3),
        "late_items": st.integers(0, 5),
        "conflicts": st.integers(0, 5),
        "go_live": st.one_of(st.none(), st.integers(-30, 60).map(lambda d: TODAY + timedelta(d))),
        "test_runs": st.lists(
            st.tuples(
                st.sampled_from(["unit", "uat", "system"]),
                st.integers(0, 50),
                st.integers(0, 50),
                st.integers(0, 50),
            ),
            max_size=4,
        ).map(lambda rs: tuple(run(s, p, f, b, days_ago=i) for i, (s, p, f, b) in enumerate(rs))),
    }
)


def _inputs(risks, others) -> RiskInputs:
    return RiskInputs(
        release_key="X",
        today=TODAY,
        risks=tuple(risk(li, im, s, title=str(n)) for n, (li, im, s) in enumerate(risks)),
        required_suites=("unit", "uat"),
        **others,
    )


@given(risk_lists, other_inputs, st.data())
def test_raising_a_risks_likelihood_never_lowers_the_release_score(risks, others, data):
    if not risks:
        risks = [(1, 1, RiskStatus.OPEN)]
    index = data.draw(st.integers(0, len(risks) - 1))
    likelihood, impact, status = risks[index]
    higher = data.draw(st.integers(likelihood, 5))
    raised = [*risks]
    raised[index] = (higher, impact, status)
    before = release_risk_score(_inputs(risks, others)).score
    after = release_risk_score(_inputs(raised, others)).score
    assert after >= before


@given(risk_lists, other_inputs)
def test_scores_stay_in_range_and_equal_the_sum_of_their_breakdown(risks, others):
    score = release_risk_score(_inputs(risks, others))
    assert 0 <= score.score <= 100
    assert score.score == min(100, round(sum(c.points for c in score.components)))
    assert all(0 <= c.points <= c.weight for c in score.components)
    ready = readiness(_inputs(risks, others))
    assert 0 <= ready.score <= 100
    assert not (ready.ready and ready.blockers)


# -- the register's helpers (domain/risk.py) ------------------------------------------------------
def test_review_overdue_only_for_active_risks_past_their_date():
    due = risk(review_date=TODAY - timedelta(days=1))
    assert is_review_overdue(due, TODAY)
    assert not is_review_overdue(dataclasses.replace(due, review_date=TODAY), TODAY)
    assert not is_review_overdue(dataclasses.replace(due, status=RiskStatus.CLOSED), TODAY)
    assert not is_review_overdue(risk(), TODAY)


def test_heat_counts_put_likelihood_in_rows_and_impact_in_columns():
    grid = heat_counts([(5, 1), (5, 1), (1, 5)])
    assert grid[4][0] == 2 and grid[0][4] == 1 and sum(map(sum, grid)) == 3
    with pytest.raises(ValueError, match=r"\(6, 1\)"):
        heat_counts([(6, 1)])


def test_coerce_risk_values_parses_what_a_form_or_the_cli_sends():
    values = coerce_risk_values(
        {
            "title": "  Lock  ",
            "category": "Security",
            "likelihood": "4",
            "residual_impact": "",
            "review_date": "2026-12-01",
            "owner_id": "",
        }
    )
    assert values == {
        "title": "Lock",
        "category": RiskCategory.SECURITY,
        "likelihood": 4,
        "residual_impact": None,
        "review_date": date(2026, 12, 1),
        "owner_id": None,
    }


@pytest.mark.parametrize(
    "values,message",
    [
        ({"likelihood": 6}, "likelihood: 6 is not a whole number from 1 to 5"),
        ({"impact": True}, "impact: True is not"),
        ({"impact": ""}, "impact: '' is not"),
        ({"category": "weather"}, "category: 'weather' is not one of"),
        ({"review_date": "next week"}, "review_date: 'next week' is not a date"),
        ({"release_id": "rel-2"}, "release_id: not an editable field"),
        ({"title": "   "}, "title: a risk needs a title"),
        ({"mitigation": 3}, "mitigation: 3 is not text"),
    ],
)
def test_coerce_risk_values_names_the_bad_field(values, message):
    with pytest.raises(ValidationError, match=message):
        coerce_risk_values(values)
