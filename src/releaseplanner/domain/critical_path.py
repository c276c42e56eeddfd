"""The critical path of one release's schedule: earliest and latest days, slack, and why.

The classic critical-path method over schedule items (durations from their planned days, both
ends included) linked by dependencies with lag. All days are offsets from the earliest planned
start among the items (day 0); finishes are the *last* day of an item, so a one-day item starts
and finishes on the same day, and a finish-to-start successor may start the day after.

A release plan is dated, not a bare network: by default an item's planned start acts as "start
no earlier than", so slack measures how far an item can slip from the plan before it pushes the
release's last day. ``respect_planned_starts=False`` gives the textbook network instead, where
every item starts as soon as its predecessors allow.

Cancelled items take no part, and dependencies on items outside the given ones (other releases)
are ignored: they constrain this release from outside, not its chain.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import DependencyKind, ScheduleStatus
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.scheduling import duration_days


@dataclass(frozen=True, slots=True)
class ItemTiming:
    """One item's earliest and latest days (offsets from the origin) and its slack explained.

    ``constrained_by`` is the successor whose start limits how late this item may finish, or
    None when only the release's last day does.
    """

    item_id: str
    name: str
    duration: int
    earliest_start: int
    earliest_finish: int
    latest_start: int
    latest_finish: int
    constrained_by: str | None
    explanation: str

    @property
    def slack(self) -> int:
        return self.latest_start - self.earliest_start

    @property
    def critical(self) -> bool:
        return self.slack == 0


@dataclass(frozen=True, slots=True)
class CriticalPath:
    """The timings of a release's items, ordered by earliest start, and its critical chain.

    ``origin`` is day 0 (None when there are no items); ``finish`` the offset of the release's
    last day; ``critical`` the ids of the items without slack, in the order they run.
    """

    origin: date | None
    finish: int
    timings: tuple[ItemTiming, ...]
    critical: tuple[str, ...]

    def timing(self, item_id: str) -> ItemTiming:
        """Return the timing of one item; raises KeyError for an item not in the path."""
        for timing in self.timings:
            if timing.item_id == item_id:
                return timing
        raise KeyError(item_id)

    def day(self, offset: int) -> date:
        """The calendar day of an offset (raises ValueError for an empty path)."""
        if self.origin is None:
            raise ValueError("an empty critical path has no days")
        return self.origin + timedelta(days=offset)


def compute_critical_path(
    items: Iterable[dm.ScheduleItem],
    dependencies: Iterable[dm.Dependency],
    *,
    respect_planned_starts: bool = True,
) -> CriticalPath:
    """Compute earliest/latest days, slack and the critical chain of ``items``.

    Args:
        items: one release's schedule items; cancelled ones are left out.
        dependencies: any dependencies; those not between two of ``items`` are ignored.
        respect_planned_starts: treat each planned start as "no earlier than" (the default;
            see the module docstring).

    Returns:
        A :class:`CriticalPath`; empty (origin None, finish -1) when no item takes part.

    Raises:
        ValidationError: the dependencies form a cycle; the message names its items in order.
    """
    nodes = {i.id: i for i in items if i.status is not ScheduleStatus.CANCELLED}
    if not nodes:
        return CriticalPath(None, -1, (), ())
    links = [d for d in dependencies if d.predecessor_id in nodes and d.successor_id in nodes]
    successors: dict[str, list[dm.Dependency]] = defaultdict(list)
    predecessors: dict[str, list[dm.Dependency]] = defaultdict(list)
    for link in links:
        successors[link.predecessor_id].append(link)
        predecessors[link.successor_id].append(link)
    order = _topological_order(nodes, predecessors, successors)
    origin = min(i.planned_start for i in nodes.values())
    duration = {k: duration_days(i.planned_start, i.planned_end) for k, i in nodes.items()}

    # Forward pass: the earliest each item may start, given its predecessors (and its plan).
    early: dict[str, int] = {}
    for key in order:
        start = (nodes[key].planned_start - origin).days if respect_planned_starts else 0
        for link in predecessors[key]:
            p = link.predecessor_id
            p_finish = early[p] + duration[p] - 1
            if link.kind is DependencyKind.START_TO_START:
                start = max(start, early[p] + link.lag_days)
            elif link.kind is DependencyKind.FINISH_TO_FINISH:
                start = max(start, p_finish + link.lag_days - duration[key] + 1)
            else:
                start = max(start, p_finish + 1 + link.lag_days)
        early[key] = start
    finish = max(early[k] + duration[k] - 1 for k in nodes)

    # Backward pass: the latest each item may finish without moving the release's last day.
    late_finish: dict[str, int] = {}
    binding: dict[str, str | None] = {}
    for key in reversed(order):
        best, by = finish, None
        for link in successors[key]:
            s = link.successor_id
            s_start = late_finish[s] - duration[s] + 1
            if link.kind is DependencyKind.START_TO_START:
                bound = s_start - link.lag_days + duration[key] - 1
            elif link.kind is DependencyKind.FINISH_TO_FINISH:
                bound = late_finish[s] - link.lag_days
            else:
                bound = s_start - 1 - link.lag_days
            # On a tie with the release's end, name the successor: it says more to a planner.
            if bound < best or (bound == best and (by is None or nodes[s].name < nodes[by].name)):
                best, by = bound, s
        late_finish[key], binding[key] = best, by

    position = {key: index for index, key in enumerate(order)}
    timings = []
    for key in sorted(nodes, key=lambda k: (early[k], position[k])):
        latest_start = late_finish[key] - duration[key] + 1
        slack = latest_start - early[key]
        by = binding[key]
        timings.append(
            ItemTiming(
                item_id=key,
                name=nodes[key].name,
                duration=duration[key],
                earliest_start=early[key],
                earliest_finish=early[key] + duration[key] - 1,
                latest_start=latest_start,
                latest_finish=late_finish[key],
                constrained_by=by,
                explanation=_explain(slack, nodes[by].name if by else None, origin, finish),
            )
        )
    critical = tuple(t.item_id for t in timings if t.critical)
    return CriticalPath(origin, finish, tuple(timings), critical)


def _topological_order(
    nodes: dict[str, dm.ScheduleItem],
    predecessors: dict[str, list[dm.Dependency]],
    successors: dict[str, list[dm.Dependency]],
) -> list[str]:
    """Kahn's algorithm, taking ready items by planned start then name so results are stable.

    Raises:
        ValidationError: naming the items of one cycle when the dependencies have any.
    """
    waiting = {key: len(predecessors[key]) for key in nodes}
    ready = [(i.planned_start, i.name, key) for key, i in nodes.items() if not waiting[key]]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        key = heapq.heappop(ready)[2]
        order.append(key)
        for link in successors[key]:
            s = link.successor_id
            waiting[s] -= 1
            if not waiting[s]:
                heapq.heappush(ready, (nodes[s].planned_start, nodes[s].name, s))
    if len(order) < len(nodes):
        raise ValidationError(_cycle_message(nodes, predecessors, set(nodes) - set(order)))
    return order


def _cycle_message(
    nodes: dict[str, dm.ScheduleItem],
    predecessors: dict[str, list[dm.Dependency]],
    stuck: set[str],
) -> str:
    # Every item Kahn could not order has a predecessor that is stuck too, so walking back
    # through stuck predecessors must come round to an item already seen: that loop is a cycle.
    walk: list[str] = []
    seen: dict[str, int] = {}
    key = min(stuck, key=lambda k: (nodes[k].planned_start, nodes[k].name, k))
    while key not in seen:
        seen[key] = len(walk)
        walk.append(key)
        key = min(
            (link.predecessor_id for link in predecessors[key] if link.predecessor_id in stuck),
            key=lambda k: (nodes[k].planned_start, nodes[k].name, k),
        )
    cycle = list(reversed(walk[seen[key] :]))
    # Start from the earliest planned item, so the message reads in schedule order.
    first = cycle.index(min(cycle, key=lambda k: (nodes[k].planned_start, nodes[k].name, k)))
    cycle = cycle[first:] + cycle[:first]
    names = " → ".join(f"'{nodes[k].name}'" for k in [*cycle, cycle[0]])
    return f"dependencies form a cycle: {names}; remove one of these dependencies"


def _explain(slack: int, successor: str | None, origin: date, finish: int) -> str:
    last_day = (origin + timedelta(days=finish)).isoformat()
    if slack == 0:
        if successor is None:
            return f"critical: it ends on the release's last day ({last_day})"
        return f"critical: any delay delays '{successor}' and the release's last day ({last_day})"
    days = "1 day" if slack == 1 else f"{slack} days"
    if successor is None:
        return f"{days} of slack before the release's last day ({last_day})"
    return f"{days} of slack before '{successor}'"
