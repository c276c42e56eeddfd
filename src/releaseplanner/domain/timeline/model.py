"""What the timeline reads (:class:`TimelineData`), how it is asked (:class:`LayoutOptions`) and
what the layout makes of it (:class:`Row`, :class:`Bar`).

Days are proleptic ordinals (``date.toordinal()``) throughout the layout and the frame: integer
arithmetic is what the per-repaint code does millions of times, and an ordinal turns back into a
date with ``date.fromordinal``. A bar covers ``[start, end + 1)``: both planned days included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import Problem
from releaseplanner.domain.enums import RiskBand, ScheduleKind, ScheduleStatus


class GroupBy(StrEnum):
    RELEASE = "release"
    ENVIRONMENT = "environment"


class RowKind(StrEnum):
    RELEASE = "release"  # a release's summary row (level 0)
    RELEASE_ITEMS = "release_items"  # a release's deployments, tests and support without package
    PACKAGE = "package"
    ENVIRONMENT = "environment"  # an environment's summary row (level 0)
    LANE = "lane"  # one lane of an environment's swimlane


@dataclass(frozen=True, slots=True)
class RiskChip:
    """A release's risk band as its row header shows it: ``label`` (``High 57``) on the band's
    colour, ``explanation`` as the tooltip."""

    band: RiskBand
    label: str
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class TimelineData:
    """The records a timeline shows, as the store returns them, plus derived findings.

    ``baseline`` maps a schedule item id to its baseline (start, end); ``problems`` come from
    :func:`releaseplanner.domain.conflicts.find_problems`; ``risks`` maps a release id to the
    chip of its risk band (empty: no chips).
    """

    releases: Sequence[dm.Release] = ()
    packages: Sequence[dm.ReleasePackage] = ()
    environments: Sequence[dm.Environment] = ()
    teams: Sequence[dm.Team] = ()
    items: Sequence[dm.ScheduleItem] = ()
    windows: Sequence[dm.FreezeWindow] = ()
    dependencies: Sequence[dm.Dependency] = ()
    problems: Sequence[Problem] = ()
    baseline: Mapping[str, tuple[date, date]] = field(default_factory=dict)
    risks: Mapping[str, RiskChip] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """Which items to show. Empty fields do not filter.

    ``release_text`` matches a release's key or name (case-insensitive substring);
    ``window`` keeps items that touch the days from its first to its last, both included.
    """

    release_text: str = ""
    release_ids: frozenset[str] | None = None
    team_id: str | None = None
    environment_id: str | None = None
    statuses: frozenset[ScheduleStatus] | None = None
    window: tuple[date, date] | None = None

    @property
    def is_active(self) -> bool:
        return bool(
            self.release_text.strip()
            or self.release_ids is not None
            or self.team_id
            or self.environment_id
            or self.statuses is not None
            or self.window is not None
        )


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """How to arrange the rows.

    ``expanded`` names the release (or environment) ids whose detail rows show; None expands
    every group. ``hidden`` names group keys (``release:<id>``, ``environment:<id>``) left out,
    as in a meeting where some releases are not discussed.
    """

    group_by: GroupBy = GroupBy.RELEASE
    expanded: frozenset[str] | None = None
    filter: TimelineFilter = field(default_factory=TimelineFilter)
    hidden: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Row:
    """One horizontal strip of the timeline, all rows the same height.

    ``group_key`` is the top-level group the row belongs to (``release:<id>`` or
    ``environment:<id>``, ``environment:`` for items without one); ``label`` is empty on a
    group's second and later lanes; ``detail`` is the smaller second text of the row header.
    """

    key: str
    group_key: str
    kind: RowKind
    level: int
    label: str
    detail: str = ""
    release_id: str | None = None
    expandable: bool = False
    expanded: bool = False
    summary: bool = False  # rolled-up: items drawn thin, several per line


@dataclass(frozen=True, slots=True)
class Bar:
    """One schedule item placed on a row; ``point`` items (milestones, reviews) are diamonds."""

    item_id: str
    row: int
    start: int
    end: int  # inclusive ordinal
    kind: ScheduleKind
    status: ScheduleStatus
    label: str
    release_id: str
    point: bool = False

    @property
    def stop(self) -> int:
        """The ordinal just after the last day (exclusive end)."""
        return self.end + 1


@dataclass(frozen=True, slots=True)
class Band:
    """A freeze or maintenance window; ``group_key`` None covers every row."""

    window_id: str
    start: int
    end: int
    label: str
    freeze: bool
    group_key: str | None = None
    environment: str = ""
