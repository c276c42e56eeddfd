"""The release list's risk and lifecycle texts, from the services' rows (Qt-free)."""

from __future__ import annotations

import dataclasses
from datetime import date

from releaseplanner.domain.enums import IncidentSeverity, ReleaseStatus, RiskBand
from releaseplanner.domain.review_prefill import ReleaseLifecycle
from releaseplanner.services.risk_bands import ReleaseBand
from releaseplanner.ui.release_insights import ALERT, INFO, WARNING, build_insights

TODAY = date(2026, 11, 26)
NBSP = "\N{NO-BREAK SPACE}"

NOT_LIVE = ReleaseLifecycle(
    release_id="r1",
    key="PAY-5.0",
    status=ReleaseStatus.PLANNED,
    go_live=None,
    els_end=None,
    in_early_life_support=False,
    open_incidents=0,
    highest_open_severity=None,
    els_criteria_met=0,
    els_criteria_total=0,
    review_due=None,
    review_held_on=None,
    review_overdue=False,
)
IN_ELS = dataclasses.replace(
    NOT_LIVE,
    status=ReleaseStatus.EARLY_LIFE_SUPPORT,
    go_live=date(2026, 11, 17),
    els_end=date(2026, 12, 1),
    in_early_life_support=True,
    open_incidents=2,
    highest_open_severity=IncidentSeverity.SEV3,
    els_criteria_met=2,
    els_criteria_total=4,
    review_due=date(2026, 11, 27),
)


def flags_of(lifecycle: ReleaseLifecycle, today: date = TODAY):
    return build_insights({}, [lifecycle], today)[lifecycle.release_id]


def test_risk_band_gives_label_band_score_and_explanation():
    band = ReleaseBand("r1", "PAY-5.0", 57, RiskBand.HIGH, needs_escalation=True)

    insight = build_insights({"r1": band}, [NOT_LIVE], TODAY)["r1"]

    assert insight.risk_label == "High 57"
    assert insight.risk_band == "high"
    assert insight.risk_score == 57
    assert insight.risk_explanation == "Risk score 57 of 100 (high), needs escalation"
    assert insight.lifecycle_text == ""
    assert insight.lifecycle_tone == ""


def test_a_release_in_early_life_support_shows_its_open_incidents():
    insight = flags_of(IN_ELS)

    assert insight.lifecycle_text == "ELS · 2 open incidents"
    assert insight.lifecycle_tone == WARNING
    assert insight.lifecycle_details == (
        f"In early-life support until 1{NBSP}Dec{NBSP}2026",
        "2 open incidents (worst SEV3)",
        "Exit criteria 2 of 4 met",
        f"Post-release review due 27{NBSP}Nov{NBSP}2026",
    )


def test_a_severe_open_incident_is_an_alert():
    insight = flags_of(
        dataclasses.replace(IN_ELS, open_incidents=1, highest_open_severity=IncidentSeverity.SEV1)
    )

    assert insight.lifecycle_text == "ELS · 1 open incident"
    assert insight.lifecycle_tone == ALERT


def test_early_life_support_without_open_incidents_says_until_when():
    insight = flags_of(dataclasses.replace(IN_ELS, open_incidents=0, highest_open_severity=None))

    assert insight.lifecycle_text == "ELS until 1 Dec"
    assert insight.lifecycle_tone == INFO
    assert "No open incidents" in insight.lifecycle_details


def test_an_overdue_review_comes_first_with_its_days():
    overdue = dataclasses.replace(IN_ELS, review_overdue=True)

    insight = flags_of(overdue, today=date(2026, 12, 2))

    assert insight.lifecycle_flags == (
        ("Review overdue 5 d", ALERT),
        ("ELS · 2 open incidents", WARNING),
    )
    assert insight.lifecycle_text == "Review overdue 5 d · ELS · 2 open incidents"
    assert insight.lifecycle_tone == ALERT
    assert f"Post-release review overdue 5 days (due 27{NBSP}Nov{NBSP}2026)" in (
        insight.lifecycle_details
    )
    assert "past its window" in insight.lifecycle_details[0]


def test_a_held_review_is_told_but_not_flagged():
    closed = dataclasses.replace(
        NOT_LIVE,
        status=ReleaseStatus.CLOSED,
        go_live=date(2026, 6, 10),
        review_due=date(2026, 6, 24),
        review_held_on=date(2026, 6, 24),
    )

    insight = flags_of(closed)

    assert insight.lifecycle_text == ""
    assert insight.lifecycle_details == (f"Post-release review held 24{NBSP}Jun{NBSP}2026",)


def test_the_rank_sorts_alerts_before_warnings_before_info_before_nothing():
    ranks = [
        flags_of(dataclasses.replace(IN_ELS, review_overdue=True)).lifecycle_rank,
        flags_of(IN_ELS).lifecycle_rank,
        flags_of(
            dataclasses.replace(IN_ELS, open_incidents=0, highest_open_severity=None)
        ).lifecycle_rank,
        flags_of(NOT_LIVE).lifecycle_rank,
    ]

    assert ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) == 4
