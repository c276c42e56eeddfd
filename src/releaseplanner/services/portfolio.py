"""The portfolio of releases and packages: plain read rows for views and the CLI, and basic edits.

Views never see ORM objects: they get frozen summary rows (``domain.summaries``, re-exported
here), which carry display names already resolved (type key, owner and team names, counts) so a
table model needs no lookups. ``storage.quick_read`` builds the same rows for the GUI's first
paint; a test keeps the two equal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from releaseplanner.domain import model as dm
from releaseplanner.domain.summaries import PackageSummary, ReleaseSummary
from releaseplanner.services.changes import ChangeSet
from releaseplanner.services.journal import ENTITY_NAMES
from releaseplanner.services.releases import new_release
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store, capture_subtree


def list_releases(workspace: Workspace) -> list[ReleaseSummary]:
    """Every release with display names resolved, by planned go-live then key."""
    with workspace.session_factory() as session:
        store = Store(session)
        types = store.names(dm.ReleaseType, "key")
        people = store.names(dm.Person)
        teams = store.names(dm.Team)
        package_counts = store.counts_by(dm.ReleasePackage, "release_id")
        return [
            ReleaseSummary(
                id=r.id,
                key=r.key,
                name=r.name,
                type=types.get(r.release_type_id, ""),
                status=r.status,
                owner=people.get(r.owner_id or "", ""),
                team=teams.get(r.team_id or "", ""),
                planned_start=r.planned_start,
                planned_go_live=r.planned_go_live,
                actual_go_live=r.actual_go_live,
                package_count=package_counts.get(r.id, 0),
                description=r.description,
            )
            for r in store.releases()
        ]


def list_packages(workspace: Workspace, release_key: str | None = None) -> list[PackageSummary]:
    """Packages of one release (by key) or of all, with counts of components and changes.

    Raises:
        NotFoundError: ``release_key`` names no release.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        release_keys = store.names(dm.Release, "key")
        release_ids = None
        if release_key is not None:
            release_ids = [store.release_by_key(release_key).id]
        people = store.names(dm.Person)
        teams = store.names(dm.Team)
        component_counts = store.counts_by(dm.PackageComponent, "package_id")
        change_counts = store.counts_by(dm.ChangeItem, "package_id")
        rows = [
            PackageSummary(
                id=p.id,
                release_id=p.release_id,
                release_key=release_keys.get(p.release_id, ""),
                name=p.name,
                status=p.status,
                team=teams.get(p.team_id or "", ""),
                owner=people.get(p.owner_id or "", ""),
                component_count=component_counts.get(p.id, 0),
                change_count=change_counts.get(p.id, 0),
                description=p.description,
            )
            for p in store.packages(release_ids)
        ]
        return sorted(rows, key=lambda p: (p.release_key, p.name.lower()))


def create_release(
    workspace: Workspace,
    *,
    key: str,
    name: str,
    type_key: str,
    planned_start: date | None = None,
    planned_go_live: date | None = None,
    source: str = "app",
) -> tuple[dm.Release, ChangeSet]:
    """Create a planned release in one transaction, journalled (not undoable: for scripts and
    the command line; the GUI pushes :func:`services.releases.new_release` on its undo stack).

    Raises:
        ValidationError: a duplicate key, an unknown release type or bad dates (named).
    """
    # The same command the GUI's New release runs, so both validate and journal alike.
    command = new_release(
        workspace,
        key=key,
        name=name,
        type_key=type_key,
        planned_start=planned_start,
        planned_go_live=planned_go_live,
        source=source,
    )
    changes = command.redo()
    return command.records[0], changes


def workspace_counts(workspace: Workspace) -> dict[str, int]:
    """How many of each main record the workspace holds (status bar, About, summaries)."""
    with workspace.session_factory() as session:
        store = Store(session)
        return {
            "releases": store.count(dm.Release),
            "packages": store.count(dm.ReleasePackage),
            "schedule_items": store.count(dm.ScheduleItem),
            "risks": store.count(dm.Risk),
        }


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of a form's drop-down: a record's id, its display name and (types) its key."""

    id: str
    name: str
    key: str = ""


@dataclass(frozen=True, slots=True)
class EditChoices:
    """What release and package forms offer, read once when a form opens.

    ``release_keys`` maps release id → key, so a form can say "key taken" as the user types.
    """

    release_types: tuple[Choice, ...]
    people: tuple[Choice, ...]
    teams: tuple[Choice, ...]
    release_keys: dict[str, str]


def edit_choices(workspace: Workspace) -> EditChoices:
    """Release types (longest lead time first), people and teams (by name), and release keys."""
    with workspace.session_factory() as session:
        store = Store(session)
        types = sorted(store.all(dm.ReleaseType), key=lambda t: (-t.lead_time_days, t.name))
        people = sorted(store.names(dm.Person).items(), key=lambda item: item[1].lower())
        teams = sorted(store.names(dm.Team).items(), key=lambda item: item[1].lower())
        return EditChoices(
            release_types=tuple(Choice(t.id, t.name, t.key) for t in types),
            people=tuple(Choice(pid, name) for pid, name in people),
            teams=tuple(Choice(tid, name) for tid, name in teams),
            release_keys=store.names(dm.Release, "key"),
        )


def get_release(workspace: Workspace, release_id: str) -> dm.Release:
    """The release record with this id (a form edits ids, not the summary's display names).

    Raises:
        NotFoundError: no such release (deleted meanwhile).
    """
    with workspace.session_factory() as session:
        return Store(session).get(dm.Release, release_id)


def get_package(workspace: Workspace, package_id: str) -> dm.ReleasePackage:
    """The package record with this id. Raises NotFoundError when it is gone."""
    with workspace.session_factory() as session:
        return Store(session).get(dm.ReleasePackage, package_id)


def ticket_refs_by_package(workspace: Workspace) -> dict[str, tuple[str, ...]]:
    """Map package id → the ticket refs of its change items, sorted, for filtering by ticket."""
    with workspace.session_factory() as session:
        items = Store(session).all(dm.ChangeItem)
    refs: dict[str, list[str]] = {}
    for item in items:
        refs.setdefault(item.package_id, []).append(item.ticket_ref)
    return {package_id: tuple(sorted(found)) for package_id, found in refs.items()}


def deletion_impact(workspace: Workspace, record_type: type, record_id: str) -> dict[str, int]:
    """What deleting a record takes with it, counted by entity name (``{"package": 3}``).

    The count follows the same cascade the delete itself follows, so a confirmation that
    quotes it is exact. The record itself is not counted.

    Raises:
        NotFoundError: no such record.
    """
    with workspace.session_factory() as session:
        subtree = capture_subtree(Store(session), record_type, record_id)
    # The first record is the one being deleted; everything after it cascades from it.
    return dict(Counter(ENTITY_NAMES[type(record)] for record in subtree.records[1:]))
