"""Each release's risk band, for views outside the risk pages (the portfolio tree's "Risk" column,
the timeline) that show a release's band without its whole breakdown.

The band is that of the release's 0-100 risk score (:func:`releaseplanner.domain.risk_score.
release_band`), computed now from the same inputs as the risk pages, so every view shows the same
band for a release. Counting schedule conflicts checks the whole portfolio (about 0.05 s for a
hundred releases); a caller that already knows them passes ``conflicts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from releaseplanner.domain.enums import RiskBand
from releaseplanner.services.risk import release_risks
from releaseplanner.storage.engine import Workspace


@dataclass(frozen=True, slots=True)
class ReleaseBand:
    """A release's risk score, its band and whether it needs escalation."""

    release_id: str
    key: str
    score: int
    band: RiskBand
    needs_escalation: bool

    @property
    def label(self) -> str:
        """``High 57``: the band first (what people scan for), the score for who wants it."""
        return f"{self.band.label} {self.score}"

    @property
    def explanation(self) -> str:
        """One line for a tooltip: the score, its band and the escalation verdict."""
        verdict = "needs escalation" if self.needs_escalation else "within its release type's limit"
        return f"Risk score {self.score} of 100 ({self.band.label.lower()}), {verdict}"


def release_bands(
    workspace: Workspace,
    *,
    today: date | None = None,
    conflicts: Mapping[str, int] | None = None,
) -> dict[str, ReleaseBand]:
    """The band of every release, by release id (closed and cancelled releases included).

    ``conflicts`` (release id → count) replaces counting them from the schedule.
    """
    return {
        r.release_id: ReleaseBand(
            release_id=r.release_id,
            key=r.key,
            score=r.risk.score,
            band=r.risk.band,
            needs_escalation=r.risk.needs_escalation,
        )
        for r in release_risks(workspace, today=today, conflicts=conflicts)
    }
