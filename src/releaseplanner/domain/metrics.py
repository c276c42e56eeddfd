"""Delivery metrics vocabulary: the DORA performance bands, kept in one table.

Thresholds follow the State of DevOps reports' published bands, rounded to numbers a release
manager can quote. Later work computes the metrics; this module only classifies them.
"""

from __future__ import annotations

from enum import StrEnum


class DoraBand(StrEnum):
    ELITE = "elite"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


#: metric → ((upper bound of the band, band), ...) best first; values at or below the bound qualify.
#: Deployment frequency is the exception: it is "higher is better", so its bounds are minimums.
DORA_THRESHOLDS: dict[str, tuple[tuple[float, DoraBand], ...]] = {
    # days between production deployments
    # (31, not 30: one deployment a month must grade the same in every month)
    "deployment_interval_days": ((1, DoraBand.ELITE), (7, DoraBand.HIGH), (31, DoraBand.MEDIUM)),
    # lead time for changes, in days
    "lead_time_days": ((1, DoraBand.ELITE), (7, DoraBand.HIGH), (30, DoraBand.MEDIUM)),
    # share of production deployments that failed or caused an incident
    "change_failure_rate": ((0.05, DoraBand.ELITE), (0.10, DoraBand.HIGH), (0.15, DoraBand.MEDIUM)),
    # time to restore service, in hours
    "time_to_restore_hours": ((1, DoraBand.ELITE), (24, DoraBand.HIGH), (168, DoraBand.MEDIUM)),
    # not DORA, graded on the same scale: median days a go-live was late
    "schedule_days_late": ((0, DoraBand.ELITE), (2, DoraBand.HIGH), (7, DoraBand.MEDIUM)),
}


def dora_band(metric: str, value: float) -> DoraBand:
    """The performance band of ``value`` for ``metric`` (a key of DORA_THRESHOLDS).

    Raises:
        KeyError: for an unknown metric.
    """
    for bound, band in DORA_THRESHOLDS[metric]:
        if value <= bound:
            return band
    return DoraBand.LOW
