"""Arranging schedule items into rows: by release (expandable to packages) or by environment.

By release, each release has a summary row: collapsed, it rolls up all of its items (thin bars,
milestones as diamonds); expanded, it keeps the milestones and a bracket over the release's span,
and detail rows follow: the release's own deployments, tests and support, then each package's
builds and tests. By environment, each environment is a swimlane: a summary row, then lanes.
Items that overlap in time go to separate lanes (greedy first fit), so bars never cover each
other outside summary rows.

:func:`build_layout` is pure and takes a few hundred milliseconds for 100,000 items; the frame
then queries the result per repaint through each row's :class:`RowIndex`.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import Problem, Severity
from releaseplanner.domain.timeline.index import RowIndex
from releaseplanner.domain.timeline.model import (
    Band,
    Bar,
    GroupBy,
    LayoutOptions,
    Row,
    RowKind,
    TimelineData,
    TimelineFilter,
)
from releaseplanner.domain.timeline.palette import POINT_KINDS

NO_ENVIRONMENT = "environment:"


@dataclass(slots=True)
class TimelineLayout:
    """Rows and their bars, with lookups the view needs (by item, by group, by dependency).

    ``bracket`` holds each expanded release row's span (first day, last day); ``first_day`` and
    ``last_day`` bound every shown item (None when nothing is shown).
    """

    rows: list[Row]
    index: list[RowIndex]
    bands: list[Band]
    bracket: dict[int, tuple[int, int]]
    item_bar: dict[str, Bar]
    groups: dict[str, tuple[int, int]]
    first_day: int | None
    last_day: int | None
    data: TimelineData
    options: LayoutOptions
    items: dict[str, dm.ScheduleItem] = field(default_factory=dict)
    releases: dict[str, dm.Release] = field(default_factory=dict)
    successors: dict[str, list[dm.Dependency]] = field(default_factory=dict)
    predecessors: dict[str, list[dm.Dependency]] = field(default_factory=dict)
    item_problems: dict[str, Severity] = field(default_factory=dict)
    row_problems: dict[int, Severity] = field(default_factory=dict)
    group_number: list[int] = field(default_factory=list)  # per row: its group's position

    def row_of(self, item_id: str) -> int | None:
        bar = self.item_bar.get(item_id)
        return bar.row if bar is not None else None

    def extent(self, item_ids: Iterable[str] | None = None) -> tuple[int, int] | None:
        """First and last day (ordinals) of the given items, or of everything shown."""
        if item_ids is None:
            if self.first_day is None or self.last_day is None:
                return None
            return self.first_day, self.last_day
        bars = [self.item_bar[i] for i in item_ids if i in self.item_bar]
        if not bars:
            return None
        return min(b.start for b in bars), max(b.end for b in bars)

    def points(self) -> list[Bar]:
        """Milestones and reviews shown, by day then row: what a presenter steps through."""
        found = [bar for bar in self.item_bar.values() if bar.point]
        return sorted(found, key=lambda bar: (bar.start, bar.row, bar.label))


def build_layout(data: TimelineData, options: LayoutOptions | None = None) -> TimelineLayout:
    """Arrange ``data`` into rows as ``options`` ask; see the module docstring."""
    options = options or LayoutOptions()
    releases = {r.id: r for r in data.releases}
    kept = _filtered_items(data, options.filter, releases)
    builder = _Builder(data, options, releases)
    if options.group_by is GroupBy.ENVIRONMENT:
        builder.by_environment(kept)
    else:
        builder.by_release(kept)
    return builder.finish(kept)


def _filtered_items(
    data: TimelineData, flt: TimelineFilter, releases: dict[str, dm.Release]
) -> list[dm.ScheduleItem]:
    if not flt.is_active:
        return [i for i in data.items if i.release_id in releases]
    text = flt.release_text.strip().lower()
    wanted = {
        r.id
        for r in releases.values()
        if (not text or text in r.key.lower() or text in r.name.lower())
        and (flt.release_ids is None or r.id in flt.release_ids)
    }
    package_team = {p.id: p.team_id for p in data.packages}
    first, last = flt.window or (date.min, date.max)
    kept = []
    for item in data.items:
        if item.release_id not in wanted:
            continue
        if flt.environment_id and item.environment_id != flt.environment_id:
            continue
        if flt.statuses is not None and item.status not in flt.statuses:
            continue
        if item.planned_end < first or item.planned_start > last:
            continue
        if flt.team_id and flt.team_id not in (
            item.team_id,
            releases[item.release_id].team_id,
            package_team.get(item.package_id or ""),
        ):
            continue
        kept.append(item)
    return kept


class _Builder:
    """Collects rows and bars; one method per grouping."""

    def __init__(
        self, data: TimelineData, options: LayoutOptions, releases: dict[str, dm.Release]
    ) -> None:
        self.data = data
        self.options = options
        self.releases = releases
        self.rows: list[Row] = []
        self.bars: list[list[Bar]] = []
        self.bracket: dict[int, tuple[int, int]] = {}
        self.item_bar: dict[str, Bar] = {}
        self.groups: dict[str, tuple[int, int]] = {}

    def _expanded(self, group_id: str) -> bool:
        return self.options.expanded is None or group_id in self.options.expanded

    def _add_row(self, row: Row) -> int:
        self.rows.append(row)
        self.bars.append([])
        return len(self.rows) - 1

    def _place(self, item: dm.ScheduleItem, row: int, label: str, *, primary: bool) -> Bar:
        bar = Bar(
            item_id=item.id,
            row=row,
            start=item.planned_start.toordinal(),
            end=item.planned_end.toordinal(),
            kind=item.kind,
            status=item.status,
            label=label,
            release_id=item.release_id,
            point=item.kind in POINT_KINDS,
        )
        self.bars[row].append(bar)
        if primary:
            self.item_bar[item.id] = bar
        return bar

    def _lanes(
        self,
        items: list[dm.ScheduleItem],
        make_row: Callable[[int], Row],
        label_of: Callable[[dm.ScheduleItem], str],
    ) -> None:
        """Pack ``items`` into as few lanes as possible, each a new row from ``make_row(n)``."""
        items = sorted(items, key=lambda i: (i.planned_start, i.planned_end, i.name))
        busy: list[tuple[int, int]] = []  # (last day, lane) of lanes in use
        free: list[int] = []
        lane_rows: list[int] = []
        for item in items:
            start = item.planned_start.toordinal()
            while busy and busy[0][0] < start:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if free:
                lane = heapq.heappop(free)
            else:
                lane = len(lane_rows)
                lane_rows.append(self._add_row(make_row(lane)))
            heapq.heappush(busy, (item.planned_end.toordinal(), lane))
            self._place(item, lane_rows[lane], label_of(item), primary=True)

    # -- by release ----------------------------------------------------------------------------
    def by_release(self, kept: list[dm.ScheduleItem]) -> None:
        by_release: dict[str, list[dm.ScheduleItem]] = defaultdict(list)
        for item in kept:
            by_release[item.release_id].append(item)
        shown = (
            [self.releases[r] for r in by_release]
            if self.options.filter.is_active
            else list(self.releases.values())
        )
        ends = {r: max(i.planned_end for i in items) for r, items in by_release.items()}
        shown.sort(key=lambda r: (r.planned_go_live or _end_of(ends.get(r.id)), r.key))
        packages: dict[str, list[dm.ReleasePackage]] = defaultdict(list)
        for package in self.data.packages:
            packages[package.release_id].append(package)
        for release in shown:
            group = f"release:{release.id}"
            if group in self.options.hidden:
                continue
            self._release_rows(release, group, by_release.get(release.id, []), packages)

    def _release_rows(
        self,
        release: dm.Release,
        group: str,
        items: list[dm.ScheduleItem],
        packages: dict[str, list[dm.ReleasePackage]],
    ) -> None:
        expanded = self._expanded(release.id) and bool(items)
        go_live = release.planned_go_live
        detail = release.status.label + (f" · go-live {go_live:%d %b %Y}" if go_live else "")
        first = summary = self._add_row(
            Row(
                key=group,
                group_key=group,
                kind=RowKind.RELEASE,
                level=0,
                label=f"{release.key} · {release.name}",
                detail=detail,
                release_id=release.id,
                expandable=bool(items),
                expanded=expanded,
                summary=not expanded,
            )
        )
        if not expanded:
            for item in items:
                self._place(item, summary, item.name, primary=True)
            self.groups[group] = (first, len(self.rows) - 1)
            return
        self.bracket[summary] = (
            min(i.planned_start for i in items).toordinal(),
            max(i.planned_end for i in items).toordinal(),
        )
        by_package: dict[str | None, list[dm.ScheduleItem]] = defaultdict(list)
        for item in items:
            if item.kind in POINT_KINDS:
                self._place(item, summary, item.name, primary=True)
            else:
                by_package[item.package_id].append(item)

        def lane_row(kind: RowKind, label: str, detail: str, key: str) -> Callable[[int], Row]:
            def make(lane: int) -> Row:
                return Row(
                    key=f"{key}:{lane}",
                    group_key=group,
                    kind=kind,
                    level=1,
                    label="" if lane else label,
                    detail="" if lane else detail,
                    release_id=release.id,
                )

            return make

        own = by_package.pop(None, [])
        if own:
            make = lane_row(RowKind.RELEASE_ITEMS, "Deployments & support", "", f"{group}:own")
            self._lanes(own, make, lambda i: i.name)
        for package in sorted(packages.get(release.id, []), key=lambda p: p.name.lower()):
            mine = by_package.pop(package.id, [])
            if mine:
                key = f"package:{package.id}"
                make = lane_row(RowKind.PACKAGE, package.name, package.status.label, key)
                self._lanes(mine, make, lambda i: i.name)
        for package_id, orphans in by_package.items():  # a package another filter hid
            make = lane_row(RowKind.PACKAGE, "Package", "", f"package:{package_id}")
            self._lanes(orphans, make, lambda i: i.name)
        self.groups[group] = (first, len(self.rows) - 1)

    # -- by environment ------------------------------------------------------------------------
    def by_environment(self, kept: list[dm.ScheduleItem]) -> None:
        by_environment: dict[str | None, list[dm.ScheduleItem]] = defaultdict(list)
        for item in kept:
            by_environment[item.environment_id].append(item)
        environments = sorted(self.data.environments, key=lambda e: (e.sort_order, e.name))
        lanes: list[tuple[str, str, str, list[dm.ScheduleItem]]] = [
            (f"environment:{e.id}", e.id, e.name, by_environment.get(e.id, []))
            for e in environments
        ]
        lanes.append((NO_ENVIRONMENT, "", "No environment", by_environment.get(None, [])))
        tiers = {e.id: e.tier.label for e in environments}
        for group, env_id, name, items in lanes:
            if group in self.options.hidden or (not items and group == NO_ENVIRONMENT):
                continue
            expanded = self._expanded(env_id) and bool(items)
            tier = tiers.get(env_id, "Builds, milestones")
            detail = _count(len(items), "item")
            if tier.lower() != name.lower():
                detail = f"{tier} · {detail}"
            first = summary = self._add_row(
                Row(
                    key=group,
                    group_key=group,
                    kind=RowKind.ENVIRONMENT,
                    level=0,
                    label=name,
                    detail=detail,
                    expandable=bool(items),
                    expanded=expanded,
                    summary=True,
                )
            )
            for item in items:
                self._place(item, summary, self._keyed(item), primary=not expanded)
            if expanded:

                def make(lane: int, group: str = group) -> Row:
                    return Row(
                        key=f"{group}:lane:{lane}",
                        group_key=group,
                        kind=RowKind.LANE,
                        level=1,
                        label=f"Lane {lane + 1}",
                    )

                self._lanes(items, make, self._keyed)
            self.groups[group] = (first, len(self.rows) - 1)

    def _keyed(self, item: dm.ScheduleItem) -> str:
        return f"{self.releases[item.release_id].key} · {item.name}"

    # -- the rest ------------------------------------------------------------------------------
    def finish(self, kept: list[dm.ScheduleItem]) -> TimelineLayout:
        environments = {e.id: e.name for e in self.data.environments}
        by_environment = self.options.group_by is GroupBy.ENVIRONMENT
        bands = [
            Band(
                window_id=w.id,
                start=w.start.toordinal(),
                end=w.end.toordinal(),
                label=w.name,
                freeze=w.kind.value == "freeze",
                group_key=f"environment:{w.environment_id}"
                if by_environment and w.environment_id
                else None,
                environment=environments.get(w.environment_id or "", "all environments"),
            )
            for w in self.data.windows
        ]
        bands.sort(key=lambda band: (band.start, band.label))
        shown = list(self.item_bar.values())
        items = {i.id: i for i in kept}
        successors: dict[str, list[dm.Dependency]] = defaultdict(list)
        predecessors: dict[str, list[dm.Dependency]] = defaultdict(list)
        for dependency in self.data.dependencies:
            if dependency.predecessor_id in items and dependency.successor_id in items:
                successors[dependency.predecessor_id].append(dependency)
                predecessors[dependency.successor_id].append(dependency)
        item_problems, row_problems = _problem_marks(self.data.problems, self.item_bar, self)
        group_number, number = [], -1
        for row in self.rows:
            number += row.level == 0
            group_number.append(number)
        return TimelineLayout(
            rows=self.rows,
            index=[RowIndex(bars) for bars in self.bars],
            bands=bands,
            bracket=self.bracket,
            item_bar=self.item_bar,
            groups=self.groups,
            first_day=min((b.start for b in shown), default=None),
            last_day=max((b.end for b in shown), default=None),
            data=self.data,
            options=self.options,
            items=items,
            releases=self.releases,
            successors=dict(successors),
            predecessors=dict(predecessors),
            item_problems=item_problems,
            row_problems=row_problems,
            group_number=group_number,
        )


def _problem_marks(
    problems: Iterable[Problem], item_bar: dict[str, Bar], builder: _Builder
) -> tuple[dict[str, Severity], dict[int, Severity]]:
    """The worst severity per item and per row; a problem without items (a missed go-live)
    marks its releases' summary rows."""
    per_item: dict[str, Severity] = {}
    per_row: dict[int, Severity] = {}
    summary_row = {
        row.release_id: index
        for index, row in enumerate(builder.rows)
        if row.kind is RowKind.RELEASE
    }

    rank = {severity: severity.rank for severity in Severity}
    for problem in problems:
        severity, worst = problem.severity, rank[problem.severity]
        rows = []
        for item_id in problem.item_ids:
            bar = item_bar.get(item_id)
            if bar is None:
                continue
            current = per_item.get(item_id)
            if current is None or worst < rank[current]:
                per_item[item_id] = severity
            rows.append(bar.row)
        if not problem.item_ids:
            rows = [summary_row[r] for r in problem.release_ids if r in summary_row]
        for row in rows:
            current = per_row.get(row)
            if current is None or worst < rank[current]:
                per_row[row] = severity
    return per_item, per_row


def _end_of(ordinal_end: date | None) -> date:
    return ordinal_end or date.max


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
