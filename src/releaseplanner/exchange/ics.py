"""The release calendar as iCalendar (RFC 5545): milestones, deployments and freeze windows.

Each event's UID is made from its record's stable id, so importing a newer export into a
calendar updates the events instead of duplicating them; SEQUENCE counts minutes since 2020 at
export time, so a newer export always supersedes an older one. Milestones and windows are
all-day events (DTEND is the day after the last day, as the standard has it). Deployment times
are written as "floating" local times, the way the plan holds them. Text is escaped and lines
are folded at 75 octets without splitting a character.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ReleaseStatus, ScheduleKind
from releaseplanner.exchange.atomic import atomic_target

PRODUCT_ID = "-//Release Planner//Release calendar//EN"
UID_DOMAIN = "releaseplanner"
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One VEVENT; ``end`` is exclusive (the day after an all-day event's last day)."""

    record_id: str
    summary: str
    start: date | datetime
    end: date | datetime
    description: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()
    cancelled: bool = False

    @property
    def uid(self) -> str:
        return f"{self.record_id}@{UID_DOMAIN}"


def calendar_events(
    *,
    releases: Iterable[dm.Release],
    schedule_items: Iterable[dm.ScheduleItem],
    deployments: Iterable[dm.Deployment],
    windows: Iterable[dm.FreezeWindow],
    environments: Mapping[str, str],
) -> list[CalendarEvent]:
    """Events for the milestones and deployments of ``releases`` and for every window.

    ``environments`` maps environment id → name. Events of cancelled releases are marked
    cancelled, so a calendar that had them drops them on re-import.
    """
    by_id = {r.id: r for r in releases}
    events: list[CalendarEvent] = []
    for item in schedule_items:
        release = by_id.get(item.release_id)
        if release is None or item.kind is not ScheduleKind.MILESTONE:
            continue
        events.append(
            CalendarEvent(
                item.id,
                f"{release.key}: {item.name}",
                item.planned_start,
                item.planned_end + timedelta(days=1),
                description=f"Milestone of {release.key} {release.name} ({item.status.value})",
                categories=("Milestone", release.key),
                cancelled=release.status is ReleaseStatus.CANCELLED,
            )
        )
    for deployment in deployments:
        release = by_id.get(deployment.release_id)
        if release is None:
            continue
        environment = environments.get(deployment.environment_id, "")
        events.append(
            CalendarEvent(
                deployment.id,
                f"{release.key}: deploy to {environment}".rstrip(),
                deployment.planned_start,
                max(deployment.planned_end, deployment.planned_start),
                description=_deployment_text(release, deployment),
                location=environment,
                categories=("Deployment", release.key),
                cancelled=release.status is ReleaseStatus.CANCELLED,
            )
        )
    for window in windows:
        scope = environments.get(window.environment_id or "", "every environment")
        events.append(
            CalendarEvent(
                window.id,
                f"{window.kind.label} window: {window.name}",
                window.start,
                window.end + timedelta(days=1),
                description=f"{window.reason}\nApplies to {scope}.".strip(),
                location=scope,
                categories=(f"{window.kind.label} window",),
            )
        )
    return sorted(events, key=lambda e: (_sort_key(e.start), e.uid))


def _deployment_text(release: dm.Release, deployment: dm.Deployment) -> str:
    lines = [f"Deployment of {release.key} {release.name}", f"Result: {deployment.result.value}"]
    if deployment.deployed_by:
        lines.append(f"By: {deployment.deployed_by}")
    if deployment.notes:
        lines.append(deployment.notes)
    return "\n".join(lines)


def _sort_key(moment: date | datetime) -> datetime:
    return (
        moment if isinstance(moment, datetime) else datetime(moment.year, moment.month, moment.day)
    )


def write_calendar(
    path: Path, events: Iterable[CalendarEvent], *, name: str, stamp: datetime
) -> int:
    """Write ``events`` as an iCalendar file at ``path``, atomically; return how many.

    Args:
        name: the calendar's display name (X-WR-CALNAME).
        stamp: the export time (UTC, naive or aware), for DTSTAMP and SEQUENCE.

    Raises:
        UserError: the folder is missing or cannot be written.
    """
    lines = calendar_lines(events, name=name, stamp=stamp)
    count = sum(1 for line in lines if line == "BEGIN:VEVENT")
    with atomic_target(path) as temporary:
        temporary.write_bytes("".join(fold(line) for line in lines).encode("utf-8"))
    return count


def calendar_lines(events: Iterable[CalendarEvent], *, name: str, stamp: datetime) -> list[str]:
    """The unfolded content lines of the calendar."""
    stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    sequence = max(int((stamp - _SEQUENCE_EPOCH).total_seconds() // 60), 0)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{dtstamp}",
            f"LAST-MODIFIED:{dtstamp}",
            f"SEQUENCE:{sequence}",
            _moment("DTSTART", event.start),
            _moment("DTEND", event.end),
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
        lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
        lines.append("TRANSP:TRANSPARENT")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return lines


def _moment(name: str, moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        return f"{name}:{moment.replace(microsecond=0).strftime('%Y%m%dT%H%M%S')}"
    return f"{name};VALUE=DATE:{moment.strftime('%Y%m%d')}"


def escape_text(text: str) -> str:
    """A TEXT value as RFC 5545 §3.3.11 writes it: backslash, semicolon, comma and newline
    escaped; carriage returns dropped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str, limit: int = 75) -> str:
    """One content line with its CRLF, folded so no physical line exceeds ``limit`` octets;
    a continuation starts with a space, and a multi-byte character is never split."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    room = limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > room:
            parts.append("".join(current))
            current, size, room = [], 0, limit - 1  # the leading space takes one octet
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"
