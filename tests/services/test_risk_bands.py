"""Release bands for views outside the risk pages, and the risk service's reads for the GUI's
register editors and dashboard, on the demo workspace."""

from __future__ import annotations

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import RiskBand
from releaseplanner.services.demo import build_demo
from releaseplanner.services.risk import (
    conflicts_by_release,
    release_risks,
    risk_edit_context,
)
from releaseplanner.services.risk_bands import ReleaseBand, release_bands
from releaseplanner.services.risk_inputs import conflict_counts
from releaseplanner.storage.store import Store

TODAY = date(2026, 11, 26)


@pytest.fixture
def demo(workspace):
    build_demo(workspace, scale=1, seed=1, today=TODAY)
    return workspace


def test_every_release_has_the_band_of_its_risk_score(demo):
    bands = release_bands(demo, today=TODAY)
    scored = release_risks(demo, today=TODAY)
    assert set(bands) == {r.release_id for r in scored}
    for release in scored:
        band = bands[release.release_id]
        assert (band.key, band.score, band.band) == (
            release.key,
            release.risk.score,
            release.risk.band,
        )
        assert band.needs_escalation is release.risk.needs_escalation


def test_known_conflicts_are_used_rather_than_counted(demo):
    counted = release_bands(demo, today=TODAY)
    none = release_bands(demo, today=TODAY, conflicts={})
    # Conflicts add points; with none given, no score can be higher.
    assert all(none[i].score <= counted[i].score for i in counted)
    assert any(none[i].score < counted[i].score for i in counted)


def test_a_band_reads_well_in_a_column_and_a_tooltip():
    band = ReleaseBand("r1", "PAY-5.0", 57, RiskBand.HIGH, needs_escalation=False)
    assert band.label == "High 57"
    assert band.explanation == "Risk score 57 of 100 (high), within its release type's limit"
    escalated = ReleaseBand("r1", "PAY-5.0", 80, RiskBand.CRITICAL, needs_escalation=True)
    assert escalated.explanation.endswith("needs escalation")


def test_the_edit_context_holds_every_risk_and_the_pick_lists(demo):
    context = risk_edit_context(demo)
    with demo.session_factory() as session:
        store = Store(session)
        assert set(context.risks) == {r.id for r in store.all(dm.Risk)}
        assert len(context.packages) == store.count(dm.ReleasePackage)
        assert len(context.people) == store.count(dm.Person)
    keys = [r.key.lower() for r in context.releases]
    assert keys == sorted(keys)
    names = [p.name.lower() for p in context.people]
    assert names == sorted(names)


def test_conflicts_by_release_counts_what_the_scores_count(demo):
    with demo.session_factory() as session:
        expected = conflict_counts(Store(session), TODAY)
    assert conflicts_by_release(demo, today=TODAY) == expected
    assert sum(expected.values()) > 0  # the demo carries deliberate conflicts
