"""Delivery metrics of a workspace: the default period, the team filter, and the demo portfolio
(closed releases with deployments, incidents and reviews) giving meaningful numbers."""

from __future__ import annotations

from datetime import date

import pytest

from releaseplanner.domain.delivery_metrics import (
    CHANGE_FAILURE_RATE,
    DEPLOYMENT_FREQUENCY,
    LEAD_TIME,
    SCHEDULE_ADHERENCE,
    TIME_TO_RESTORE,
    DeliveryRecords,
)
from releaseplanner.domain.enums import ReleaseStatus
from releaseplanner.domain.errors import ValidationError
from releaseplanner.services.demo import build_demo
from releaseplanner.services.lifecycle import lifecycle_summary
from releaseplanner.services.metrics import default_period, delivery_metrics, team_names
from releaseplanner.services.reviews import review_export_data
from releaseplanner.storage.engine import open_workspace

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    workspace = open_workspace(str(tmp_path_factory.mktemp("demo") / "m.sqlite"), create=True)
    build_demo(workspace, scale=1, seed=1, today=TODAY)
    yield workspace
    workspace.close()


def test_default_period_is_the_records_at_most_a_year_back():
    empty = DeliveryRecords(releases=[])
    assert default_period(empty, TODAY).start == date(2025, 12, 1)  # 12 months with this one
    assert default_period(empty, TODAY, end=date(2026, 3, 5)).start == date(2025, 4, 1)
    assert default_period(empty, TODAY, start=date(2026, 1, 1)).end == TODAY
    with pytest.raises(ValidationError, match="^--to: 2025-01-01 is before --from 2026-01-01"):
        default_period(empty, TODAY, date(2026, 1, 1), date(2025, 1, 1))


def test_an_empty_workspace_measures_nothing_without_failing(workspace):
    report = delivery_metrics(workspace, today=TODAY)
    assert report.overall[LEAD_TIME].value is None
    assert report.by_team == {}
    assert len(report.by_month) == 12


def test_an_unknown_team_is_named_with_the_known_ones(demo):
    assert team_names(demo) == ["Identity", "Payments", "Platform"]
    with pytest.raises(ValidationError, match=r"^--team: no team named 'Ops' \(known: Identity, "):
        delivery_metrics(demo, team="Ops", today=TODAY)


def test_the_demo_gives_meaningful_metrics(demo):
    report = delivery_metrics(demo, today=TODAY)
    # From the first production deployment's month up to today.
    assert report.period.end == TODAY and report.period.start.day == 1
    overall = report.overall
    for name in (DEPLOYMENT_FREQUENCY, LEAD_TIME, CHANGE_FAILURE_RATE, TIME_TO_RESTORE):
        metric = overall[name]
        assert metric.value is not None and metric.value > 0, name
        assert metric.band is not None and metric.sample >= 1, name
    # The demo rolls one release back, so not every production deployment succeeded.
    assert 0 < overall[CHANGE_FAILURE_RATE].value < 1
    assert overall[CHANGE_FAILURE_RATE].details["failed_or_rolled_back"] >= 1
    assert overall[SCHEDULE_ADHERENCE].sample >= 1
    assert {"Identity", "Payments"} <= set(report.by_team)
    assert any(m.metrics[DEPLOYMENT_FREQUENCY].sample for m in report.by_month)
    identity = delivery_metrics(demo, team="identity", today=TODAY)
    assert list(identity.by_team) == ["Identity"]
    assert identity.overall[DEPLOYMENT_FREQUENCY].sample < overall[DEPLOYMENT_FREQUENCY].sample


def test_the_demo_has_reviews_to_export(demo):
    held = [r for r in lifecycle_summary(demo, today=TODAY) if r.review_held_on is not None]
    closed = [r for r in held if r.status is ReleaseStatus.CLOSED]
    assert closed, "the demo should have a closed release with its review"
    data = review_export_data(demo, closed[0].key, today=TODAY)
    assert data.status == "closed" and data.held_on is not None and data.actions
    metrics = dict(data.metrics)
    assert metrics["Lead time for changes, days (median)"] > 0
    assert metrics["Lead time for changes: DORA band"] in ("elite", "high", "medium", "low")
    assert metrics["Exit criteria signed off"] is True
    assert any(name.endswith("pass rate (latest runs)") for name in metrics)
