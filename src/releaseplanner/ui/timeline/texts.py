"""What the timeline says in words: tooltips, drag feedback and problem summaries (Qt-free).

Kept apart from the widgets so the wording is tested without a GUI and reused by the item
editor, the problems panel and meeting mode.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import Problem
from releaseplanner.domain.critical_path import ItemTiming
from releaseplanner.domain.timeline.editing import Dates
from releaseplanner.ui.formatting import format_date, plural


def span_text(start: date, end: date) -> str:
    """``Tue 24 Nov 2026 → Fri 4 Dec 2026 (11 days)``, or one date for a one-day item."""
    days = (end - start).days + 1
    if days == 1:
        return format_date(start)
    return f"{format_date(start)} → {format_date(end)} ({plural(days, 'day')})"


def drag_text(item: dm.ScheduleItem, new: Dates) -> str:
    """The tooltip while dragging: the new days and how far they moved."""
    lines = [item.name, span_text(new.start, new.end)]
    moved = [
        (label, (after - before).days)
        for label, before, after in (
            ("start", item.planned_start, new.start),
            ("end", item.planned_end, new.end),
        )
    ]
    changes = [f"{label} {days:+d} d" for label, days in moved if days]
    lines.append(", ".join(changes) if changes else "unchanged")
    return "\n".join(lines)


def item_tooltip(
    item: dm.ScheduleItem,
    release: dm.Release | None,
    *,
    package: str = "",
    environment: str = "",
    timing: ItemTiming | None = None,
    problems: Iterable[Problem] = (),
    baseline: tuple[date, date] | None = None,
) -> str:
    """Everything a planner asks about a bar on hover, one fact per line."""
    heading = f"{release.key} · {item.name}" if release else item.name
    lines = [heading, span_text(item.planned_start, item.planned_end)]
    facts = [item.kind.label, item.status.label]
    if package:
        facts.append(package)
    if environment:
        facts.append(environment)
    lines.append(" · ".join(facts))
    if baseline is not None and baseline != (item.planned_start, item.planned_end):
        slip = (item.planned_end - baseline[1]).days
        lines.append(f"Baseline {span_text(*baseline)}: ends {slip:+d} d against it")
    if timing is not None:
        lines.append(_slack(timing))
    for problem in list(problems)[:3]:
        lines.append(f"⚠ {problem.severity.label}: {problem.message}")
    return "\n".join(lines)


def _slack(timing: ItemTiming) -> str:
    text = timing.explanation
    return text[0].upper() + text[1:] if text else ""


def problem_title(problem: Problem) -> str:
    """``High · Deployment overlap``: the first column of the problems panel."""
    return f"{problem.severity.label} · {problem.kind.label}"
