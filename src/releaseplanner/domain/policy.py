"""Release policy checks: a release type's rules applied to one release's facts.

Each check returns findings that say what rule was broken and why, because users distrust
warnings they cannot see into. Later work adds checks; each is a pure function of plain records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from releaseplanner.domain import model as dm


@dataclass(frozen=True, slots=True)
class PolicyFinding:
    release_id: str
    rule: str
    message: str


def check_lead_time(
    release: dm.Release, release_type: dm.ReleaseType, created_on: date
) -> list[PolicyFinding]:
    """A release planned to go live sooner than its type's lead time after it was raised."""
    if release.planned_go_live is None or release_type.lead_time_days <= 0:
        return []
    notice = (release.planned_go_live - created_on).days
    if notice >= release_type.lead_time_days:
        return []
    return [
        PolicyFinding(
            release.id,
            "lead_time",
            f"{release.key}: {notice} days' notice, but a {release_type.name} release needs "
            f"{release_type.lead_time_days}",
        )
    ]


def check_freeze(
    release: dm.Release,
    release_type: dm.ReleaseType,
    deployments_on: list[date],
    windows: list[dm.FreezeWindow],
) -> list[PolicyFinding]:
    """Deployments planned inside a freeze window, unless the release type may override it."""
    if release_type.may_override_freeze:
        return []
    findings = []
    for window in windows:
        if window.kind.value != "freeze":
            continue
        for day in deployments_on:
            if window.start <= day <= window.end:
                findings.append(
                    PolicyFinding(
                        release.id,
                        "freeze",
                        f"{release.key}: deployment on {day.isoformat()} falls in the freeze "
                        f"'{window.name}' ({window.start.isoformat()} to {window.end.isoformat()})",
                    )
                )
    return findings
