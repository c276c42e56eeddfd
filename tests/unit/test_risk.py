"""Risk bands and residual scores."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import RiskBand, RiskCategory, RiskStatus
from releaseplanner.domain.risk import band_for_score, is_active, residual_score


@pytest.mark.parametrize(
    "score,band",
    [
        (1, RiskBand.LOW),
        (4, RiskBand.LOW),
        (5, RiskBand.MEDIUM),
        (9, RiskBand.MEDIUM),
        (10, RiskBand.HIGH),
        (16, RiskBand.HIGH),
        (20, RiskBand.CRITICAL),
        (25, RiskBand.CRITICAL),
    ],
)
def test_bands_follow_the_common_matrix(score, band):
    assert band_for_score(score) is band


@pytest.mark.parametrize("score", [0, 26, -3])
def test_scores_outside_the_matrix_are_refused(score):
    with pytest.raises(ValueError, match=str(score)):
        band_for_score(score)


ORDER = [RiskBand.LOW, RiskBand.MEDIUM, RiskBand.HIGH, RiskBand.CRITICAL]


@given(st.integers(1, 5), st.integers(1, 4), st.integers(1, 5))
def test_raising_likelihood_never_lowers_the_band(likelihood, step_base, impact):
    higher = min(5, likelihood + step_base)
    before = ORDER.index(band_for_score(likelihood * impact))
    after = ORDER.index(band_for_score(higher * impact))
    assert after >= before


def make_risk(**changes):
    values = dict(
        id="rsk-1",
        release_id="rel-1",
        title="Schema migration locks table",
        category=RiskCategory.TECHNICAL,
        likelihood=4,
        impact=5,
    )
    values.update(changes)
    return dm.Risk(**values)


def test_residual_score_uses_the_residual_ratings_where_given():
    assert make_risk().score == 20
    assert residual_score(make_risk()) == 20
    assert residual_score(make_risk(residual_likelihood=2)) == 10
    assert residual_score(make_risk(residual_likelihood=1, residual_impact=2)) == 2


@pytest.mark.parametrize(
    "status,active",
    [
        (RiskStatus.OPEN, True),
        (RiskStatus.MITIGATING, True),
        (RiskStatus.OCCURRED, True),
        (RiskStatus.ACCEPTED, False),
        (RiskStatus.CLOSED, False),
    ],
)
def test_active_risks(status, active):
    assert is_active(make_risk(status=status)) is active
