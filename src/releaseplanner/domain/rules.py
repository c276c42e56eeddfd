"""Validation rules for records people type in: checked before anything is written."""

from __future__ import annotations

import re

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import ValidationError

# Keys travel in file names, spreadsheets and commit messages: keep them short and plain.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def validate_key(key: str) -> None:
    """Raises ValidationError unless ``key`` is 1-40 letters, digits, '.', '_' or '-'."""
    if not KEY_PATTERN.match(key):
        raise ValidationError(
            f"key: '{key}' must be 1-40 letters, digits, '.', '_' or '-', starting with a "
            "letter or digit"
        )


def validate_release(release: dm.Release) -> None:
    """Check a release's key, name and date order.

    Raises:
        ValidationError: naming the field and the reason (e.g. a go-live before the start).
    """
    validate_key(release.key)
    if not release.name.strip():
        raise ValidationError("name: a release needs a name")
    if (
        release.planned_start
        and release.planned_go_live
        and release.planned_go_live < release.planned_start
    ):
        raise ValidationError(
            f"planned_go_live: {release.planned_go_live.isoformat()} is before the planned "
            f"start {release.planned_start.isoformat()}"
        )
    if (
        release.actual_start
        and release.actual_go_live
        and release.actual_go_live < release.actual_start
    ):
        raise ValidationError(
            f"actual_go_live: {release.actual_go_live.isoformat()} is before the actual "
            f"start {release.actual_start.isoformat()}"
        )


def validate_schedule_item(item: dm.ScheduleItem) -> None:
    """Raises ValidationError when an item ends before it starts."""
    if item.planned_end < item.planned_start:
        raise ValidationError(
            f"planned_end: {item.planned_end.isoformat()} is before the planned start "
            f"{item.planned_start.isoformat()} of '{item.name}'"
        )


def validate_risk(risk: dm.Risk) -> None:
    """Raises ValidationError when a likelihood or impact is outside 1-5."""
    for field in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
        value = getattr(risk, field)
        if value is None and field.startswith("residual"):
            continue
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError(f"{field}: {value!r} is not a whole number from 1 to 5")
