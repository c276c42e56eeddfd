"""Qt-free helpers for editing: which statuses to offer, readable problems, suggested keys.

Kept apart from the widgets so the rules about *what* to offer are tested without Qt, and
imported lazily by the delegates and menus so start-up does not pay for the domain enums.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from releaseplanner.ui.formatting import format_short_date, plural

RELEASE_KIND = "release"
PACKAGE_KIND = "package"

#: Field names as the domain's messages use them (``planned_go_live: ...``), said in words.
_FIELD_WORDS = {
    "key": "Key",
    "name": "Name",
    "type": "Type",
    "status": "Status",
    "planned_start": "Planned start",
    "planned_go_live": "Planned go-live",
    "actual_start": "Actual start",
    "actual_go_live": "Actual go-live",
    "release": "Release",
    "ticket_ref": "Ticket",
}
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ENTITY_WORDS = {
    "package": "package",
    "schedule_item": "schedule item",
    "change_item": "change",
    "package_component": "component",
    "risk": "risk",
}
_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)(\D*)$")


def status_choices(kind: str, current: Iterable[str]) -> list[tuple[str, str]]:
    """Statuses (value, label) that every selected row of ``kind`` may move to.

    Releases follow their lifecycle, so only the statuses allowed from *each* current status
    are offered; packages may take any status but the one they all share already.
    """
    from releaseplanner.domain.enums import PackageStatus, ReleaseStatus
    from releaseplanner.domain.lifecycle import allowed_next_statuses

    statuses = {str(value) for value in current}
    if not statuses:
        return []
    if kind == RELEASE_KIND:
        allowed = [set(allowed_next_statuses(ReleaseStatus(value))) for value in sorted(statuses)]
        common = set.intersection(*allowed)
        # Keep the lifecycle's order (main line first) rather than the set's.
        order = list(allowed_next_statuses(ReleaseStatus(min(statuses)))) + list(ReleaseStatus)
        ordered = list(dict.fromkeys(s for s in order if s in common))
        return [(s.value, s.label) for s in ordered]
    shared = next(iter(statuses)) if len(statuses) == 1 else None
    return [(s.value, s.label) for s in PackageStatus if s.value != shared]


def readable_problem(message: str) -> str:
    """A domain message (``planned_go_live: 2025-03-01 is before ...``) as a sentence.

    The field becomes words and ISO dates become short dates: ``Planned go-live: 1 Mar 2025 is
    before the planned start 10 Mar 2025``.
    """
    field, sep, rest = message.partition(": ")
    if sep and field in _FIELD_WORDS:
        message = f"{_FIELD_WORDS[field]}: {rest}"
    return _ISO_DATE.sub(
        lambda m: format_short_date(date(int(m[1]), int(m[2]), int(m[3]))), message
    )


def suggest_next_key(key: str, taken: Iterable[str]) -> str:
    """The next free key after ``key``: its last number counted up (``R-25.1`` → ``R-25.2``).

    A key without a number gets ``-2``, ``-3``... appended. Comparison ignores case, as the
    services' duplicate check does.
    """
    used = {k.lower() for k in taken}
    match = _TRAILING_NUMBER.match(key)
    if match:
        head, number, tail = match.groups()
        width = len(number)
        candidates = (f"{head}{n:0{width}d}{tail}" for n in range(int(number) + 1, 10**6))
    else:
        candidates = (f"{key}-{n}" for n in range(2, 10**6))
    return next(c for c in candidates if c.lower() not in used)


def describe_impact(counts: Mapping[str, int]) -> str:
    """``3 packages, 12 schedule items and 2 risks`` (empty when nothing goes with it)."""
    parts = [
        plural(count, _ENTITY_WORDS.get(entity, entity.replace("_", " ")))
        for entity, count in sorted(counts.items(), key=lambda item: _entity_rank(item[0]))
        if count
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _entity_rank(entity: str) -> tuple[int, str]:
    order = list(_ENTITY_WORDS)
    return (order.index(entity) if entity in order else len(order), entity)
