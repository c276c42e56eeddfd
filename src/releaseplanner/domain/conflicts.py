"""Problems planners look for in a schedule, found by pure functions over plain records.

Each rule reads a :class:`Plan` (the records as :class:`~releaseplanner.storage.store.Store`
returns them) and returns :class:`Problem` findings whose message names the items, releases,
environments, dates and days involved. Nothing here does I/O.

What takes part: cancelled schedule items and cancelled releases are not part of the plan. A
finding about work that is all *settled* (items done, or releases closed or rolled back) is
history: nothing is left to re-plan, but a freeze broken or a clash that happened still matters
to the post-release review, so it is kept at low severity and says so. Schedule items are
compared by their planned days, both ends included.

Deployments are the schedule items of kind ``deployment`` that name an environment, not the
``Deployment`` records: those record execution (results, actual times) and are written once a
deployment is under way, whereas the schedule items are the plan the timeline shows, in days like
freeze windows and dependencies, and their ids let the timeline highlight what clashes.

Rules avoid comparing every item with every other: they group by environment or component and
sweep spans sorted by start (see :func:`overlapping_pairs`), so a portfolio of tens of thousands of
items takes well under a second.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    FINISHED_RELEASE_STATUSES,
    DependencyKind,
    DomainEnum,
    EnvironmentTier,
    ReleaseStatus,
    ScheduleKind,
    ScheduleStatus,
    WindowKind,
)
from releaseplanner.domain.scheduling import duration_days, overlap_days

T = TypeVar("T", bound=Hashable)
U = TypeVar("U", bound=Hashable)


class ProblemKind(DomainEnum):
    DEPLOYMENT_OVERLAP = "deployment_overlap"
    FREEZE_BREACH = "freeze_breach"
    DEPENDENCY_VIOLATED = "dependency_violated"
    COMPONENT_CLASH = "component_clash"
    GO_LIVE_MISSED = "go_live_missed"


class Severity(DomainEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:  # 0 for the worst, which sorts first
        return ("high", "medium", "low").index(self.value)


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: what is wrong, how badly, which items and releases, and over which days."""

    kind: ProblemKind
    severity: Severity
    message: str
    item_ids: tuple[str, ...] = ()
    release_ids: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """Every record the rules read; sequences of domain records, in any order."""

    releases: Sequence[dm.Release] = ()
    release_types: Sequence[dm.ReleaseType] = ()
    items: Sequence[dm.ScheduleItem] = ()
    dependencies: Sequence[dm.Dependency] = ()
    windows: Sequence[dm.FreezeWindow] = ()
    environments: Sequence[dm.Environment] = ()
    packages: Sequence[dm.ReleasePackage] = ()
    package_components: Sequence[dm.PackageComponent] = ()
    components: Sequence[dm.Component] = ()


# Release statuses that mean the release has gone (or is going) live.
DEPLOYED_STATUSES = frozenset(
    {ReleaseStatus.DEPLOYING, ReleaseStatus.EARLY_LIFE_SUPPORT, ReleaseStatus.CLOSED}
)


def find_problems(plan: Plan, *, today: date) -> list[Problem]:
    """Run every rule over ``plan``.

    Args:
        plan: the records to check.
        today: the day against which go-lives count as past.

    Returns:
        Every finding, worst first, then by first day, kind and message.
    """
    problems = [
        *deployment_overlaps(plan),
        *freeze_breaches(plan),
        *dependency_violations(plan),
        *component_clashes(plan),
        *missed_go_lives(plan, today=today),
    ]
    return sorted(
        problems,
        key=lambda p: (p.severity.rank, p.start or date.max, p.kind.value, p.message),
    )


# -- sweeps ------------------------------------------------------------------------------------
def overlapping_pairs(spans: Iterable[tuple[date, date, T]]) -> Iterator[tuple[T, T]]:
    """Every pair of ``(start, end, value)`` spans that share a day, each pair once.

    Sorts by start and keeps a heap of the spans still open, so the cost is O(n log n) plus the
    number of pairs, not O(n²). A pair comes as (earlier start, later start).
    """
    active: list[tuple[date, int, T]] = []
    ordered = sorted(spans, key=lambda span: span[0])
    for index, (start, end, value) in enumerate(ordered):
        while active and active[0][0] < start:
            heapq.heappop(active)
        for _, _, other in active:
            yield other, value
        heapq.heappush(active, (end, index, value))


def overlapping_between(
    left: Iterable[tuple[date, date, T]], right: Iterable[tuple[date, date, U]]
) -> Iterator[tuple[T, U]]:
    """Every (left value, right value) whose spans share a day: a sweep like
    :func:`overlapping_pairs`, but never pairing two spans of the same side."""
    events: list[tuple[date, date, int, int, Any]] = [
        (s, e, 0, i, v) for i, (s, e, v) in enumerate(left)
    ]
    events += [(s, e, 1, i, v) for i, (s, e, v) in enumerate(right)]
    events.sort(key=lambda event: (event[0], event[2], event[3]))
    # One heap of open spans per side, by end day; the index keeps values from being compared.
    active: tuple[list[tuple[date, int, Any]], list[tuple[date, int, Any]]] = ([], [])
    for start, end, side, index, value in events:
        others = active[1 - side]
        while others and others[0][0] < start:
            heapq.heappop(others)
        for _, _, other in others:
            yield (value, other) if side == 0 else (other, value)
        heapq.heappush(active[side], (end, index, value))


# -- the rules ---------------------------------------------------------------------------------
def deployment_overlaps(plan: Plan) -> list[Problem]:
    """Deployments of two releases to the same environment on a shared day.

    Two deployments of one release are left alone: its manager deploys its packages together
    on purpose. Overlaps in production are high severity, elsewhere medium.
    """
    releases = {r.id: r for r in plan.releases}
    environments = {e.id: e for e in plan.environments}
    by_environment: dict[str, list[tuple[date, date, dm.ScheduleItem]]] = defaultdict(list)
    for item in plan.items:
        if (
            item.kind is ScheduleKind.DEPLOYMENT
            and item.environment_id is not None
            and _takes_part(item, releases.get(item.release_id))
        ):
            by_environment[item.environment_id].append(_span(item))
    problems = []
    for environment_id, spans in by_environment.items():
        environment = environments.get(environment_id)
        place = environment.name if environment else environment_id
        production = environment is not None and environment.tier is EnvironmentTier.PRODUCTION
        for first, second in overlapping_pairs(spans):
            if first.release_id == second.release_id:
                continue
            one, two = releases[first.release_id], releases[second.release_id]
            start, end, days = _shared(first, second)
            severity, message = _unless_history(
                Severity.HIGH if production else Severity.MEDIUM,
                f"{_dated(first, one)} and {_dated(second, two)} both deploy to {place}: "
                f"{_days(days)} overlap ({_range(start, end)}).",
                _settled(first, one) and _settled(second, two),
            )
            problems.append(
                Problem(
                    ProblemKind.DEPLOYMENT_OVERLAP,
                    severity,
                    message,
                    (first.id, second.id),
                    (one.id, two.id),
                    start,
                    end,
                )
            )
    return problems


def freeze_breaches(plan: Plan) -> list[Problem]:
    """Builds and deployments planned inside a freeze window.

    A window without an environment freezes every environment; one with an environment catches
    deployments to it (a build names no environment, so only all-environment freezes catch it).
    A release whose type may override a freeze (emergency) still gets a finding, at medium
    instead of high severity, saying that an override must be authorised.
    """
    releases = {r.id: r for r in plan.releases}
    types = {t.id: t for t in plan.release_types}
    environments = {e.id: e.name for e in plan.environments}
    windows_for: dict[str | None, list[dm.FreezeWindow]] = defaultdict(list)
    for window in plan.windows:
        if window.kind is WindowKind.FREEZE:
            windows_for[window.environment_id].append(window)
    items_by_environment: dict[str | None, list[dm.ScheduleItem]] = defaultdict(list)
    for item in plan.items:
        release = releases.get(item.release_id)
        if item.kind in (ScheduleKind.BUILD, ScheduleKind.DEPLOYMENT) and _takes_part(
            item, release
        ):
            items_by_environment[item.environment_id].append(item)
    problems = []
    for environment_id, items in items_by_environment.items():
        windows = windows_for[None] + (windows_for[environment_id] if environment_id else [])
        pairs = overlapping_between(
            (_span(item) for item in items), ((w.start, w.end, w) for w in windows)
        )
        for item, window in pairs:
            release = releases[item.release_id]
            release_type = types.get(release.release_type_id)
            start = max(item.planned_start, window.start)
            end = min(item.planned_end, window.end)
            where = environments.get(window.environment_id or "", "all environments")
            message = (
                f"{_dated(item, release)} is a {item.kind.value} inside freeze window "
                f"'{window.name}' ({where}, {_range(window.start, window.end)}): "
                f"{_days(duration_days(start, end))} inside"
            )
            severity = Severity.HIGH
            if release_type is not None and release_type.may_override_freeze:
                severity = Severity.MEDIUM
                message += (
                    f"; {release.key} is of type {release_type.name}, which may override the "
                    "freeze, but an override authorisation is required"
                )
            severity, message = _unless_history(severity, message + ".", _settled(item, release))
            problems.append(
                Problem(
                    ProblemKind.FREEZE_BREACH,
                    severity,
                    message,
                    (item.id,),
                    (release.id,),
                    start,
                    end,
                )
            )
    return problems


def dependency_violations(plan: Plan) -> list[Problem]:
    """Dependencies the planned days break.

    Finish-to-start: the successor must start after the predecessor's last day plus
    ``lag_days``. Start-to-start: not before the predecessor's start plus the lag.
    Finish-to-finish: not end before the predecessor's end plus the lag.
    """
    releases = {r.id: r for r in plan.releases}
    items = {i.id: i for i in plan.items}
    problems = []
    for dependency in plan.dependencies:
        before, after = items.get(dependency.predecessor_id), items.get(dependency.successor_id)
        if before is None or after is None:
            continue
        first, then = releases.get(before.release_id), releases.get(after.release_id)
        if first is None or then is None:
            continue
        if not (_takes_part(before, first) and _takes_part(after, then)):
            continue
        allowed, actual, verb, rule = _requirement(dependency, before, after, _named(before, first))
        if actual >= allowed:
            continue
        severity, message = _unless_history(
            Severity.HIGH,
            f"{_named(after, then)} {verb} {actual.isoformat()} but {rule}: it can {verb[:-1]} "
            f"{allowed.isoformat()} at the earliest, {_days((allowed - actual).days)} too early.",
            _settled(before, first) and _settled(after, then),
        )
        problems.append(
            Problem(
                ProblemKind.DEPENDENCY_VIOLATED,
                severity,
                message,
                (before.id, after.id),
                tuple(dict.fromkeys((first.id, then.id))),
                actual,
                allowed - timedelta(days=1),
            )
        )
    return problems


def _requirement(
    dependency: dm.Dependency, before: dm.ScheduleItem, after: dm.ScheduleItem, named: str
) -> tuple[date, date, str, str]:
    """The day a dependency allows, the planned day it constrains, the verb for that day, and
    the rule in words, for each kind of dependency."""
    lag = timedelta(days=dependency.lag_days)
    lag_text = ""
    if dependency.lag_days:
        sign, word = ("+", "lag") if dependency.lag_days > 0 else ("-", "lead")
        lag_text = f" {sign} {_days(abs(dependency.lag_days))} {word}"
    if dependency.kind is DependencyKind.START_TO_START:
        when = f"{before.planned_start.isoformat()}{lag_text}"
        rule = f"may start only once {named} has started ({when})"
        return before.planned_start + lag, after.planned_start, "starts", rule
    if dependency.kind is DependencyKind.FINISH_TO_FINISH:
        rule = f"may end only once {named} has ended ({before.planned_end.isoformat()}{lag_text})"
        return before.planned_end + lag, after.planned_end, "ends", rule
    # Finish-to-start: days are inclusive, so the successor may begin the day after the end.
    rule = f"depends on {named}, which ends {before.planned_end.isoformat()}{lag_text}"
    return before.planned_end + lag + timedelta(days=1), after.planned_start, "starts", rule


def component_clashes(plan: Plan) -> list[Problem]:
    """Pairs of releases that change a shared component while their test or deployment windows
    (their schedule items of those kinds) overlap; one finding per pair of releases, naming every
    component they share at the time.
    """
    releases = {r.id: r for r in plan.releases}
    release_of_package = {p.id: p.release_id for p in plan.packages}
    component_names = {c.id: c.name for c in plan.components}
    releases_of: dict[str, set[str]] = defaultdict(set)
    for link in plan.package_components:
        release = releases.get(release_of_package.get(link.package_id, ""))
        if release is not None and release.status is not ReleaseStatus.CANCELLED:
            releases_of[link.component_id].add(release.id)
    windows: dict[str, list[dm.ScheduleItem]] = defaultdict(list)
    for item in plan.items:
        if item.kind in (ScheduleKind.TEST, ScheduleKind.DEPLOYMENT) and _takes_part(
            item, releases.get(item.release_id)
        ):
            windows[item.release_id].append(item)
    # One release's windows merged into disjoint spans: the sweep below then meets only pairs
    # from different releases, however much a release's own tests overlap each other.
    merged = {
        release_id: _merge((i.planned_start, i.planned_end) for i in items)
        for release_id, items in windows.items()
    }
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for component_id, release_ids in releases_of.items():
        if len(release_ids) < 2:
            continue
        spans = [(s, e, r) for r in release_ids for s, e in merged.get(r, ())]
        for one, two in overlapping_pairs(spans):
            if one != two:
                shared[(one, two) if one < two else (two, one)].add(component_id)
    return [
        _clash(
            releases[one], releases[two], windows, sorted(component_names.get(c, c) for c in ids)
        )
        for (one, two), ids in shared.items()
    ]


def _clash(
    one: dm.Release,
    two: dm.Release,
    windows: dict[str, list[dm.ScheduleItem]],
    component_names: list[str],
) -> Problem:
    # Merged spans of both releases overlap, so at least one pair of their items does too.
    if two.key < one.key:
        one, two = two, one
    pairs = list(overlapping_between(map(_span, windows[one.id]), map(_span, windows[two.id])))
    pairs.sort(key=lambda pair: (_shared(*pair)[0], pair[0].name, pair[1].name))
    spans = _merge(_shared(a, b)[:2] for a, b in pairs)
    days = sum(duration_days(start, end) for start, end in spans)
    first, second = pairs[0]
    more = f" and {len(pairs) - 1} more overlapping pair(s)" if len(pairs) > 1 else ""
    items = dict.fromkeys(i.id for pair in pairs for i in pair)
    severity, message = _unless_history(
        Severity.MEDIUM,
        f"{one.key} and {two.key} both change {_listed(component_names)} while their "
        f"test/deployment windows overlap for {_days(days)} ({_range(spans[0][0], spans[-1][1])}"
        f"): {_dated(first, one)} meets {_dated(second, two)}{more}.",
        all(_settled(a, one) and _settled(b, two) for a, b in pairs),
    )
    return Problem(
        ProblemKind.COMPONENT_CLASH,
        severity,
        message,
        tuple(items),
        (one.id, two.id),
        spans[0][0],
        spans[-1][1],
    )


def missed_go_lives(plan: Plan, *, today: date) -> list[Problem]:
    """Releases whose planned go-live is before ``today`` but which have not gone live: no
    actual go-live and a status before deploying. Cancelled releases are left out."""
    problems = []
    for release in plan.releases:
        if (
            release.planned_go_live is None
            or release.planned_go_live >= today
            or release.actual_go_live is not None
            or release.status in DEPLOYED_STATUSES
            or release.status is ReleaseStatus.CANCELLED
        ):
            continue
        late = (today - release.planned_go_live).days
        problems.append(
            Problem(
                ProblemKind.GO_LIVE_MISSED,
                Severity.HIGH,
                f"{release.key} '{release.name}' was to go live on "
                f"{release.planned_go_live.isoformat()} ({_days(late)} ago) but its status is "
                f"'{release.status.label}' and no actual go-live is recorded.",
                (),
                (release.id,),
                release.planned_go_live,
                release.planned_go_live,
            )
        )
    return problems


# -- helpers -----------------------------------------------------------------------------------
def _takes_part(item: dm.ScheduleItem, release: dm.Release | None) -> bool:
    return (
        release is not None
        and item.status is not ScheduleStatus.CANCELLED
        and release.status is not ReleaseStatus.CANCELLED
    )


def _settled(item: dm.ScheduleItem, release: dm.Release) -> bool:
    return item.status is ScheduleStatus.DONE or release.status in FINISHED_RELEASE_STATUSES


def _unless_history(severity: Severity, message: str, settled: bool) -> tuple[Severity, str]:
    if not settled:
        return severity, message
    return Severity.LOW, f"{message} All of it is done: kept for the record."


def _span(item: dm.ScheduleItem) -> tuple[date, date, dm.ScheduleItem]:
    return item.planned_start, item.planned_end, item


def _merge(spans: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Spans merged where they share a day, sorted; merely adjacent spans stay apart."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _shared(a: dm.ScheduleItem, b: dm.ScheduleItem) -> tuple[date, date, int]:
    start, end = max(a.planned_start, b.planned_start), min(a.planned_end, b.planned_end)
    return start, end, overlap_days(a.planned_start, a.planned_end, b.planned_start, b.planned_end)


def _range(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _named(item: dm.ScheduleItem, release: dm.Release) -> str:
    return f"'{item.name}' ({release.key})"


def _dated(item: dm.ScheduleItem, release: dm.Release) -> str:
    return f"'{item.name}' ({release.key}, {_range(item.planned_start, item.planned_end)})"


def _listed(names: list[str], limit: int = 4) -> str:
    quoted = [f"'{name}'" for name in names[:limit]]
    if len(names) > limit:
        quoted.append(f"{len(names) - limit} more components")
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
