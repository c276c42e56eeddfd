"""Risk scales and bands: likelihood × impact on 1-5 scales, kept where an organisation can
change them.

The bands follow the common 5×5 matrix: 1-4 low, 5-9 medium, 10-16 high, 20-25 critical (scores
17-19 cannot occur as a product of two numbers from 1 to 5, so 'high' ends at 16).

Also here: the words of the 1-5 scales, review-overdue and heat-map counting, and the parsing of
the values people type into the register (strings from a form or the command line) into fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import RiskBand, RiskCategory, RiskStatus
from releaseplanner.domain.errors import ValidationError

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
    likelihood, impact = residual_rating(risk)
    return likelihood * impact


def is_active(risk: dm.Risk) -> bool:
    """Open, being mitigated or already occurred: a risk that still counts against a release."""
    return risk.status in ACTIVE_RISK_STATUSES


#: Words for the 1-5 scales, lowest first: what a heat map's axes and a register's form show.
LIKELIHOOD_LABELS: tuple[str, ...] = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
IMPACT_LABELS: tuple[str, ...] = ("Negligible", "Minor", "Moderate", "Major", "Severe")


def is_review_overdue(risk: dm.Risk, today: date) -> bool:
    """True when an active risk's review date has passed; closed and accepted risks never are."""
    return is_active(risk) and risk.review_date is not None and risk.review_date < today


def heat_counts(ratings: Iterable[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    """Count (likelihood, impact) ratings into a 5×5 grid: ``grid[likelihood - 1][impact - 1]``.

    Raises:
        ValueError: for a rating outside 1-5.
    """
    grid = [[0] * 5 for _ in range(5)]
    for likelihood, impact in ratings:
        if not (1 <= likelihood <= 5 and 1 <= impact <= 5):
            raise ValueError(f"a rating runs from 1 to 5, not ({likelihood}, {impact})")
        grid[likelihood - 1][impact - 1] += 1
    return tuple(tuple(row) for row in grid)


def residual_rating(risk: dm.Risk) -> tuple[int, int]:
    """(likelihood, impact) after mitigation, falling back to the inherent rating per axis."""
    return (risk.residual_likelihood or risk.likelihood, risk.residual_impact or risk.impact)


#: The fields of a risk people edit in the register's table and form (not id, not release).
EDITABLE_FIELDS = (
    "title",
    "category",
    "likelihood",
    "impact",
    "package_id",
    "description",
    "owner_id",
    "mitigation",
    "contingency",
    "status",
    "residual_likelihood",
    "residual_impact",
    "review_date",
)


def coerce_risk_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn form or command-line values (strings allowed) into risk field values.

    Raises:
        ValidationError: naming the field, for an unknown field or a value of the wrong kind.
    """
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in EDITABLE_FIELDS:
            raise ValidationError(
                f"{name}: not an editable field of a risk (editable: {', '.join(EDITABLE_FIELDS)})"
            )
        out[name] = _COERCE.get(name, _text)(name, value)
    if "title" in out and not out["title"]:
        raise ValidationError("title: a risk needs a title")
    return out


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{name}: {value!r} is not text")
    return value.strip() if name == "title" else value


def _optional_id(name: str, value: Any) -> str | None:
    return None if value in (None, "") else _text(name, value)


def _rating(name: str, value: Any) -> int | None:
    if value in (None, "") and name.startswith("residual"):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    # bool is an int to Python, but True is not a rating anyone meant.
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(f"{name}: {value!r} is not a whole number from 1 to 5")
    return value


def _day(name: str, value: Any) -> date | None:
    if value in (None, "") or isinstance(value, date):
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"{name}: '{value}' is not a date (YYYY-MM-DD)") from None


_COERCE: dict[str, Callable[[str, Any], Any]] = {
    "category": lambda n, v: v if isinstance(v, RiskCategory) else RiskCategory.parse(v, n),
    "status": lambda n, v: v if isinstance(v, RiskStatus) else RiskStatus.parse(v, n),
    "likelihood": _rating,
    "impact": _rating,
    "residual_likelihood": _rating,
    "residual_impact": _rating,
    "review_date": _day,
    "package_id": _optional_id,
    "owner_id": _optional_id,
}
