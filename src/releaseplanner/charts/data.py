"""The plain inputs of the chart builders; no matplotlib here, so services can build them cheaply.

Each dataclass holds what one chart shows and nothing about how: colours, fonts and sizes come from
the palette and the builders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from releaseplanner.domain.enums import RiskBand

#: The order bands stack in, left to right, and the order of ``BandBar.counts``.
BAND_ORDER: tuple[RiskBand, ...] = (
    RiskBand.LOW,
    RiskBand.MEDIUM,
    RiskBand.HIGH,
    RiskBand.CRITICAL,
)

Grid = tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class HeatmapData:
    """Counts of risks per (likelihood, impact): ``grid[likelihood - 1][impact - 1]``."""

    title: str
    inherent: Grid
    residual: Grid


@dataclass(frozen=True, slots=True)
class BandBar:
    """One release's active risks counted per band (in :data:`BAND_ORDER`), with its score."""

    label: str
    counts: tuple[int, int, int, int]
    score: int | None = None
    band: RiskBand | None = None

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class TrendData:
    """A release's stored score history; ``go_live`` is marked, with ``go_live_label`` beside it."""

    title: str
    points: tuple[tuple[datetime, int], ...]
    go_live: date | None = None
    go_live_label: str = "planned go-live"
    today: date | None = None
    max_risk_score: int | None = None


@dataclass(frozen=True, slots=True)
class ReadinessBar:
    """One upcoming release's readiness (0-100) and the blockers that hold it back."""

    label: str
    score: int
    ready: bool
    blockers: tuple[str, ...] = ()
