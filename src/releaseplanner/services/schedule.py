"""Schedule checks over a workspace: the problems planners look for, and a release's critical path.

Each use case reads in one session and hands the plain records to the pure rules in
:mod:`releaseplanner.domain.conflicts` and :mod:`releaseplanner.domain.critical_path`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import Plan, Problem, ProblemKind, Severity
from releaseplanner.domain.conflicts import find_problems as detect_problems
from releaseplanner.domain.critical_path import CriticalPath, compute_critical_path
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store


@dataclass(frozen=True, slots=True)
class ProblemRow:
    """A problem as the CLI and tables show it: release keys instead of ids."""

    kind: ProblemKind
    severity: Severity
    message: str
    item_ids: tuple[str, ...]
    release_keys: tuple[str, ...]
    start: date | None
    end: date | None


def find_problems(
    workspace: Workspace, *, today: date, release_key: str | None = None
) -> list[Problem]:
    """Every schedule problem in the workspace, worst first.

    Args:
        today: the day against which planned go-lives count as past.
        release_key: keep only the problems that involve this release (case-insensitive);
            every release is still checked, as a clash always involves another one.

    Raises:
        NotFoundError: ``release_key`` names no release.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        return _problems(store, today, release_key)


def list_problems(
    workspace: Workspace, *, today: date, release_key: str | None = None
) -> list[ProblemRow]:
    """Like :func:`find_problems`, with each problem's releases named by key.

    Raises:
        NotFoundError: ``release_key`` names no release.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        problems = _problems(store, today, release_key)
        keys = store.names(dm.Release, "key")
    return [
        ProblemRow(
            kind=p.kind,
            severity=p.severity,
            message=p.message,
            item_ids=p.item_ids,
            release_keys=tuple(keys.get(r, r) for r in p.release_ids),
            start=p.start,
            end=p.end,
        )
        for p in problems
    ]


def critical_path(
    workspace: Workspace, release_key: str, *, respect_planned_starts: bool = True
) -> CriticalPath:
    """The critical path of one release's schedule items and their dependencies.

    Raises:
        NotFoundError: no release has ``release_key``.
        ValidationError: the release's dependencies form a cycle (named).
    """
    with workspace.session_factory() as session:
        store = Store(session)
        release = store.release_by_key(release_key)
        items = store.all(dm.ScheduleItem, release_id=release.id)
        # Dependencies have no release column; the domain keeps those between these items.
        dependencies = store.all(dm.Dependency)
    return compute_critical_path(items, dependencies, respect_planned_starts=respect_planned_starts)


def load_plan(store: Store) -> Plan:
    """Every record the problem checks read, from one open session."""
    return Plan(
        releases=store.all(dm.Release),
        release_types=store.all(dm.ReleaseType),
        items=store.all(dm.ScheduleItem),
        dependencies=store.all(dm.Dependency),
        windows=store.all(dm.FreezeWindow),
        environments=store.all(dm.Environment),
        packages=store.all(dm.ReleasePackage),
        package_components=store.all(dm.PackageComponent),
        components=store.all(dm.Component),
    )


def _problems(store: Store, today: date, release_key: str | None) -> list[Problem]:
    wanted = store.release_by_key(release_key).id if release_key is not None else None
    plan = load_plan(store)
    problems = detect_problems(plan, today=today)
    if wanted is not None:
        problems = [p for p in problems if wanted in p.release_ids]
    return problems
