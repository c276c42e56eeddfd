"""What the release list says about each release beyond its own fields: the risk band and the
early-life support and review flags (Qt-free, so the texts are tested without a window).

The gateway reads the services' :class:`~releaseplanner.services.risk_bands.ReleaseBand` and
:class:`~releaseplanner.domain.review_prefill.ReleaseLifecycle` rows on a worker thread and turns
them into one :class:`ReleaseInsight` per release with :func:`build_insights`; the portfolio tree
and the details pane show those texts as they are. The column text is short ("ELS · 2 open
incidents", "Review overdue 5 d"); the tooltip and the details pane say the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from releaseplanner.ui.formatting import format_short_date, plural

if TYPE_CHECKING:
    from releaseplanner.domain.review_prefill import ReleaseLifecycle
    from releaseplanner.services.risk_bands import ReleaseBand

#: Lifecycle tones, mildest first: how loudly the chip asks for attention.
INFO, WARNING, ALERT = "info", "warning", "alert"
_TONE_RANK = {"": 0, INFO: 1, WARNING: 2, ALERT: 3}
# Open SEV1/SEV2 incidents during early-life support make the flag an alert, not a warning.
_SEVERE = frozenset({"sev1", "sev2"})


@dataclass(frozen=True, slots=True)
class ReleaseInsight:
    """A release's risk band and lifecycle flags, as texts ready to show."""

    release_id: str
    #: ``High 57``; "" when the release has no score.
    risk_label: str = ""
    #: The band's value (``high``) for the chip's colour.
    risk_band: str = ""
    risk_score: int = -1
    #: One line on where the score comes from (the tooltip).
    risk_explanation: str = ""
    #: Each flag with its tone (:data:`INFO`, :data:`WARNING`, :data:`ALERT`), the most
    #: pressing first: ``(("Review overdue 5 d", "alert"), ("ELS · 2 open incidents", ...))``.
    lifecycle_flags: tuple[tuple[str, str], ...] = ()
    #: The flags in one line for the column; "" when there is nothing to flag.
    lifecycle_text: str = ""
    #: The most pressing flag's tone, or "".
    lifecycle_tone: str = ""
    #: Sorts the lifecycle column: higher is more pressing.
    lifecycle_rank: int = 0
    #: Full sentences on where the release stands after go-live (tooltip, details pane).
    lifecycle_details: tuple[str, ...] = ()


def build_insights(
    bands: Mapping[str, ReleaseBand], lifecycles: Iterable[ReleaseLifecycle], today: date
) -> dict[str, ReleaseInsight]:
    """One insight per release id found in ``bands`` or ``lifecycles``."""
    by_id = {lc.release_id: lc for lc in lifecycles}
    insights = {}
    for release_id in {*bands, *by_id}:
        band, lifecycle = bands.get(release_id), by_id.get(release_id)
        risk: dict[str, object] = {}
        if band is not None:
            risk = {
                "risk_label": band.label,
                "risk_band": band.band.value,
                "risk_score": band.score,
                "risk_explanation": band.explanation,
            }
        flags = lifecycle_flags(lifecycle, today) if lifecycle is not None else {}
        insights[release_id] = ReleaseInsight(release_id, **risk, **flags)  # type: ignore[arg-type]
    return insights


def lifecycle_flags(lifecycle: ReleaseLifecycle, today: date) -> dict[str, object]:
    """The lifecycle fields of a :class:`ReleaseInsight` for one release."""
    lc = lifecycle
    flags: list[tuple[str, str]] = []
    details: list[str] = []
    overdue_days = 0
    if lc.review_overdue and lc.review_due is not None:
        # First: the most pressing flag must survive a narrow column's elision.
        overdue_days = (today - lc.review_due).days
        flags.append((f"Review overdue {overdue_days} d", ALERT))
    if lc.in_early_life_support:
        worst = lc.highest_open_severity
        if lc.open_incidents:
            els_tone = ALERT if worst is not None and worst.value in _SEVERE else WARNING
            flags.append((f"ELS · {plural(lc.open_incidents, 'open incident')}", els_tone))
        elif lc.els_end is not None and lc.els_end >= today:
            flags.append((f"ELS until {lc.els_end.day} {lc.els_end:%b}", INFO))
        else:
            flags.append(("ELS", INFO))
        details.append(_els_sentence(lc.els_end, today))
        if worst is not None:
            details.append(f"{plural(lc.open_incidents, 'open incident')} (worst {worst.label})")
        else:
            details.append("No open incidents")
        if lc.els_criteria_total:
            details.append(f"Exit criteria {lc.els_criteria_met} of {lc.els_criteria_total} met")
    if overdue_days and lc.review_due is not None:
        details.append(
            f"Post-release review overdue {plural(overdue_days, 'day')} (due {_day(lc.review_due)})"
        )
    elif lc.review_held_on is not None:
        details.append(f"Post-release review held {_day(lc.review_held_on)}")
    elif lc.review_due is not None:
        details.append(f"Post-release review due {_day(lc.review_due)}")
    tone = max((t for _, t in flags), key=_TONE_RANK.__getitem__, default="")
    rank = _TONE_RANK[tone] * 1_000_000 + min(overdue_days, 9_999) * 100
    rank += min(lc.open_incidents, 99)
    return {
        "lifecycle_flags": tuple(flags),
        "lifecycle_text": " · ".join(text for text, _ in flags),
        "lifecycle_tone": tone,
        "lifecycle_rank": rank,
        "lifecycle_details": tuple(details),
    }


def _day(value: date) -> str:
    """``1 Dec 2026`` that never wraps inside: the details pane is narrow."""
    return format_short_date(value).replace(" ", "\N{NO-BREAK SPACE}")


def _els_sentence(els_end: date | None, today: date) -> str:
    if els_end is None:
        return "In early-life support"
    if els_end < today:
        return f"In early-life support past its window (ended {_day(els_end)})"
    return f"In early-life support until {_day(els_end)}"
