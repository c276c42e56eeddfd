"""The timeline's door to a workspace: read the plan, check it, and build its undoable edits.

Reading comes in two parts so the window opens fast: :func:`load_plan` reads what the bars need
(releases, packages, environments, teams, items, windows), :func:`load_checks` what takes longer
(dependencies, the problems the domain rules find, a baseline's days, each release's risk band).
Both are plain functions
over one session each, safe to call from a worker thread. Commands are Qt-free
:class:`~releaseplanner.services.commands.Command` objects the UI pushes on its undo stack.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import Plan, Problem, find_problems
from releaseplanner.domain.critical_path import CriticalPath, compute_critical_path
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.ids import new_id
from releaseplanner.domain.timeline.editing import Dates, Handle, check_new_dependency, describe
from releaseplanner.domain.timeline.model import RiskChip, TimelineData
from releaseplanner.services.baselines import BaselineSummary, baseline_dates, list_baselines
from releaseplanner.services.commands import CreateRecords, EditRecord
from releaseplanner.services.risk_bands import release_bands
from releaseplanner.services.risk_inputs import CONFLICT_KINDS
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

#: Fields the item editor may change.
EDITABLE_FIELDS = ("name", "status", "planned_start", "planned_end", "actual_start", "actual_end")


@dataclass(frozen=True, slots=True)
class Checks:
    """The slower half of what the timeline shows."""

    dependencies: tuple[dm.Dependency, ...]
    problems: tuple[Problem, ...]
    baselines: tuple[BaselineSummary, ...]
    baseline_id: str | None
    baseline: dict[str, tuple[date, date]]
    risks: dict[str, RiskChip] = field(default_factory=dict)


def load_plan(workspace: Workspace) -> TimelineData:
    """Releases, packages, environments, teams, schedule items and windows, in one session."""
    with workspace.session_factory() as session:
        store = Store(session)
        return TimelineData(
            releases=store.all(dm.Release),
            packages=store.all(dm.ReleasePackage),
            environments=store.all(dm.Environment),
            teams=store.all(dm.Team),
            items=store.all(dm.ScheduleItem),
            windows=store.all(dm.FreezeWindow),
        )


def load_checks(
    workspace: Workspace,
    plan: TimelineData,
    *,
    today: date,
    baseline_id: str | None = "latest",
    bands: bool = True,
) -> Checks:
    """Dependencies, problems (by the domain rules, over ``plan`` and the records they need
    beside it), a baseline's days (``"latest"`` for the newest baseline, None for none) and,
    with ``bands``, each release's risk chip (the band the portfolio tree shows).

    Raises:
        NotFoundError: ``baseline_id`` names no baseline.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        dependencies = store.all(dm.Dependency)
        checked = Plan(
            releases=plan.releases,
            release_types=store.all(dm.ReleaseType),
            items=plan.items,
            dependencies=dependencies,
            windows=plan.windows,
            environments=plan.environments,
            packages=plan.packages,
            package_components=store.all(dm.PackageComponent),
            components=store.all(dm.Component),
        )
    baselines = tuple(list_baselines(workspace))
    if baseline_id == "latest":
        baseline_id = baselines[0].id if baselines else None
    days = baseline_dates(workspace, baseline_id) if baseline_id else {}
    problems = tuple(find_problems(checked, today=today))
    return Checks(
        dependencies=tuple(dependencies),
        problems=problems,
        baselines=baselines,
        baseline_id=baseline_id,
        baseline=days,
        risks=risk_chips(workspace, problems, today=today) if bands else {},
    )


def risk_chips(
    workspace: Workspace, problems: tuple[Problem, ...] | list[Problem], *, today: date
) -> dict[str, RiskChip]:
    """Each release's risk band as a timeline chip, by release id.

    The score counts a release's schedule conflicts; they are counted from ``problems`` (found
    over the same records), which saves checking the whole plan a second time.
    """
    conflicts: Counter[str] = Counter()
    for problem in problems:
        if problem.kind in CONFLICT_KINDS:
            conflicts.update(set(problem.release_ids))
    return {
        release_id: RiskChip(band=band.band, label=band.label, explanation=band.explanation)
        for release_id, band in release_bands(workspace, today=today, conflicts=conflicts).items()
    }


def load_timeline(
    workspace: Workspace,
    *,
    today: date,
    baseline_id: str | None = "latest",
    bands: bool = True,
) -> TimelineData:
    """Everything at once, for the CLI and exports: the plan with its checks folded in."""
    plan = load_plan(workspace)
    checks = load_checks(workspace, plan, today=today, baseline_id=baseline_id, bands=bands)
    return with_checks(plan, checks)


def with_checks(plan: TimelineData, checks: Checks) -> TimelineData:
    return replace(
        plan,
        dependencies=checks.dependencies,
        problems=checks.problems,
        baseline=checks.baseline,
        risks=checks.risks,
    )


def release_critical_path(data: TimelineData, release_id: str) -> CriticalPath:
    """The critical path of one release over the loaded items and dependencies.

    Raises:
        ValidationError: the release's dependencies form a cycle (named).
    """
    items = [item for item in data.items if item.release_id == release_id]
    return compute_critical_path(items, data.dependencies)


# -- commands ----------------------------------------------------------------------------------
def move_command(
    workspace: Workspace,
    item: dm.ScheduleItem,
    release_key: str,
    new: Dates,
    handle: Handle,
    *,
    merge_key: str | None = None,
) -> EditRecord:
    """Set an item's planned days (a drag or a key press); ``merge_key`` joins the steps of one
    gesture into one undo step."""
    return EditRecord(
        workspace,
        dm.ScheduleItem,
        item.id,
        {"planned_start": new.start, "planned_end": new.end},
        describe(item, release_key, new, handle),
        merge_key=merge_key,
    )


def edit_command(
    workspace: Workspace, item: dm.ScheduleItem, changes: dict[str, object], release_key: str
) -> EditRecord | None:
    """Apply the item editor's changes; None when nothing changed.

    Raises:
        ValidationError: a field the editor may not change, or an end before the start.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"cannot edit {', '.join(sorted(unknown))} of a schedule item")
    real = {k: v for k, v in changes.items() if getattr(item, k) != v}
    if not real:
        return None
    fields = ", ".join(name.replace("_", " ") for name in real)
    return EditRecord(
        workspace,
        dm.ScheduleItem,
        item.id,
        real,
        f"Edit {fields} of '{item.name}' ({release_key})",
    )


def link_command(
    workspace: Workspace,
    predecessor: dm.ScheduleItem,
    successor: dm.ScheduleItem,
    dependencies: list[dm.Dependency] | tuple[dm.Dependency, ...],
) -> CreateRecords:
    """A new finish-to-start dependency: ``successor`` waits for ``predecessor`` to end.

    Raises:
        ValidationError: the link exists, is to itself, or would close a loop.
    """
    check_new_dependency(predecessor, successor, dependencies)
    dependency = dm.Dependency(
        id=new_id("dependency"), predecessor_id=predecessor.id, successor_id=successor.id
    )
    return CreateRecords(
        workspace,
        [dependency],
        f"Make '{successor.name}' wait for '{predecessor.name}'",
    )
