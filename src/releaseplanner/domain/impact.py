"""Component impact of a release package: what else touches the same configuration items, when.

A release manager assessing a package asks: which environments will this reach, which other
releases change the same components while our test or deployment windows are open, and what kind
of change is in it. The answer feeds the risk assessment (size of change, overlaps).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import FINISHED_RELEASE_STATUSES, ChangeKind, ScheduleKind
from releaseplanner.domain.scheduling import overlap_days

#: Schedule kinds whose windows count as "the component is in motion".
ACTIVE_KINDS = frozenset({ScheduleKind.BUILD, ScheduleKind.TEST, ScheduleKind.DEPLOYMENT})


@dataclass(frozen=True, slots=True)
class SharedComponent:
    """Another release changes ``component`` while this package's windows are open."""

    component_id: str
    component_name: str
    other_release_id: str
    other_release_key: str
    other_versions: str  # "from → to" in the other release
    overlap_start: date | None
    overlap_days: int


@dataclass(frozen=True, slots=True)
class PackageImpact:
    package_id: str
    environments: tuple[str, ...]  # names, in pipeline order
    production_touched: bool
    changes_by_kind: dict[ChangeKind, int]
    component_count: int
    shared: tuple[SharedComponent, ...]

    @property
    def overlapping_releases(self) -> tuple[str, ...]:
        return tuple(sorted({s.other_release_key for s in self.shared}))


@dataclass(frozen=True, slots=True)
class PortfolioFacts:
    """The records the assessment reads, loaded once by the service."""

    releases: dict[str, dm.Release]
    packages: dict[str, dm.ReleasePackage]
    components: dict[str, dm.Component]
    package_components: list[dm.PackageComponent]
    change_items: list[dm.ChangeItem]
    schedule_items: list[dm.ScheduleItem]
    environments: dict[str, dm.Environment]


def assess_package(package_id: str, facts: PortfolioFacts) -> PackageImpact:
    """Assess one package against the rest of the portfolio (see the module docstring).

    Raises:
        KeyError: ``package_id`` is not in ``facts``.
    """
    package = facts.packages[package_id]
    release_id = package.release_id
    own_windows = _windows(facts.schedule_items, release_id, package_id)
    env_ids = {
        item.environment_id
        for item in facts.schedule_items
        if item.release_id == release_id
        and item.environment_id
        and item.package_id in (None, package_id)
        and item.kind in (ScheduleKind.TEST, ScheduleKind.DEPLOYMENT)
    }
    environments = sorted(
        (facts.environments[e] for e in env_ids if e in facts.environments),
        key=lambda e: e.sort_order,
    )
    own_links = [link for link in facts.package_components if link.package_id == package_id]
    own_components = {link.component_id for link in own_links}
    shared = []
    windows_by_release: dict[str, list[tuple[date, date]]] = {}
    for link in facts.package_components:
        if link.component_id not in own_components or link.package_id == package_id:
            continue
        other_package = facts.packages.get(link.package_id)
        if other_package is None or other_package.release_id == release_id:
            continue
        other = facts.releases[other_package.release_id]
        if other.status in FINISHED_RELEASE_STATUSES:
            continue
        if other.id not in windows_by_release:
            windows_by_release[other.id] = _windows(facts.schedule_items, other.id, None)
        start, days = _best_overlap(own_windows, windows_by_release[other.id])
        if days == 0:
            continue
        component = facts.components.get(link.component_id)
        shared.append(
            SharedComponent(
                component_id=link.component_id,
                component_name=component.name if component else link.component_id,
                other_release_id=other.id,
                other_release_key=other.key,
                other_versions=f"{link.from_version} → {link.to_version}".strip(" →"),
                overlap_start=start,
                overlap_days=days,
            )
        )
    kinds = Counter(item.kind for item in facts.change_items if item.package_id == package_id)
    return PackageImpact(
        package_id=package_id,
        environments=tuple(e.name for e in environments),
        production_touched=any(e.is_production for e in environments),
        changes_by_kind={kind: kinds.get(kind, 0) for kind in ChangeKind},
        component_count=len(own_components),
        shared=tuple(sorted(shared, key=lambda s: (s.component_name, s.other_release_key))),
    )


def _windows(
    items: Iterable[dm.ScheduleItem], release_id: str, package_id: str | None
) -> list[tuple[date, date]]:
    """Build/test/deployment windows of a release (a package's own, plus release-wide ones)."""
    return [
        (item.planned_start, item.planned_end)
        for item in items
        if item.release_id == release_id
        and item.kind in ACTIVE_KINDS
        and (package_id is None or item.package_id in (None, package_id))
    ]


def _best_overlap(
    ours: list[tuple[date, date]], theirs: list[tuple[date, date]]
) -> tuple[date | None, int]:
    """The longest overlap between any of our windows and any of theirs, and where it starts."""
    best: tuple[date | None, int] = (None, 0)
    for a_start, a_end in ours:
        for b_start, b_end in theirs:
            days = overlap_days(a_start, a_end, b_start, b_end)
            if days > best[1]:
                best = (max(a_start, b_start), days)
    return best
