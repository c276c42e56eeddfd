"""The release lifecycle: which status may follow which.

planned → in build → in test → approved → deploying → early-life support → closed, one step at a
time forward; one step back to correct a mistake; cancelled from any open status; rolled back
from deploying or early-life support; a cancelled release may be re-planned.
"""

from __future__ import annotations

from releaseplanner.domain.enums import (
    FINISHED_RELEASE_STATUSES,
    RELEASE_LIFECYCLE,
    ReleaseStatus,
)
from releaseplanner.domain.errors import ValidationError

S = ReleaseStatus


def allowed_next_statuses(current: ReleaseStatus) -> tuple[ReleaseStatus, ...]:
    """Statuses a release in ``current`` may move to, main line first."""
    allowed: list[ReleaseStatus] = []
    if current in RELEASE_LIFECYCLE:
        index = RELEASE_LIFECYCLE.index(current)
        if index + 1 < len(RELEASE_LIFECYCLE):
            allowed.append(RELEASE_LIFECYCLE[index + 1])
        if index > 0:
            allowed.append(RELEASE_LIFECYCLE[index - 1])
    if current not in FINISHED_RELEASE_STATUSES:
        allowed.append(S.CANCELLED)
    if current in (S.DEPLOYING, S.EARLY_LIFE_SUPPORT):
        allowed.append(S.ROLLED_BACK)
    if current in (S.CANCELLED, S.ROLLED_BACK):
        allowed.append(S.PLANNED)
    return tuple(allowed)


def check_status_change(key: str, current: ReleaseStatus, new: ReleaseStatus) -> None:
    """Raises ValidationError, naming the allowed statuses, unless ``new`` may follow
    ``current``."""
    if new == current or new in allowed_next_statuses(current):
        return
    allowed = ", ".join(s.label.lower() for s in allowed_next_statuses(current)) or "none"
    raise ValidationError(
        f"status: {key} cannot go from {current.label.lower()} to {new.label.lower()} "
        f"(allowed: {allowed})"
    )
