"""Risk scales and bands: likelihood × impact on 1-5 scales, kept where an organisation can
change them.

The bands follow the common 5×5 matrix: 1-4 low, 5-9 medium, 10-16 high, 20-25 critical (scores
17-19 cannot occur as a product of two numbers from 1 to 5, so 'high' ends at 16).
"""

from __future__ import annotations

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import RiskBand, RiskStatus

#: (lowest score of the band, band), highest first.
SCORE_BANDS: tuple[tuple[int, RiskBand], ...] = (
    (20, RiskBand.CRITICAL),
    (10, RiskBand.HIGH),
    (5, RiskBand.MEDIUM),
    (1, RiskBand.LOW),
)

ACTIVE_RISK_STATUSES = frozenset({RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.OCCURRED})


def band_for_score(score: int) -> RiskBand:
    """The band of a likelihood × impact score from 1 to 25.

    Raises:
        ValueError: for a score outside 1-25.
    """
    if not 1 <= score <= 25:
        raise ValueError(f"a risk score runs from 1 to 25, not {score}")
    for lowest, band in SCORE_BANDS:
        if score >= lowest:
            return band
    raise AssertionError("unreachable: the lowest band starts at 1")


def residual_score(risk: dm.Risk) -> int:
    """The score after mitigation; the inherent score where no residual rating was given."""
    likelihood = risk.residual_likelihood or risk.likelihood
    impact = risk.residual_impact or risk.impact
    return likelihood * impact


def is_active(risk: dm.Risk) -> bool:
    """Open, being mitigated or already occurred: a risk that still counts against a release."""
    return risk.status in ACTIVE_RISK_STATUSES
