"""Spreadsheet, calendar and CSV exchange: export plans and reviews, import a colleague's edits.

Exports read the workspace in one session and hand plain records to the writers in
:mod:`releaseplanner.exchange`. An import is previewed first (:func:`preview_import`, which
changes nothing) and applied as one undoable command (:func:`import_command`): one transaction,
one undo step, journalled with source "import". Whatever goes wrong, the workspace is left as it
was: problems are found before anything is written, and a failure while writing rolls back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import UserError
from releaseplanner.domain.risk import band_for_score, is_active
from releaseplanner.exchange.csv_export import write_plan_csv
from releaseplanner.exchange.ics import calendar_events, write_calendar
from releaseplanner.exchange.merge import ItemKind, MergeItem, MergePlan
from releaseplanner.exchange.merge_plan import plan_merge
from releaseplanner.exchange.plan_data import PlanData
from releaseplanner.exchange.references import Lookups
from releaseplanner.exchange.review_workbook import (
    ReviewData,
    write_review_workbook,
)
from releaseplanner.exchange.workbook_schema import SHEETS
from releaseplanner.exchange.xlsx_export import write_plan_workbook
from releaseplanner.exchange.xlsx_import import read_plan_workbook
from releaseplanner.services.commands import (
    BulkCommand,
    Command,
    CreateRecords,
    DeleteRecord,
    EditRecord,
    StaleEditError,
)
from releaseplanner.services.journal import JournalWriter, current_actor, render_value
from releaseplanner.services.reviews import review_export_data
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

IMPORT_SOURCE = "import"
ACCEPT_CHOICES = ("ours", "theirs")
_SHEET_ORDER = {schema.record_type: index for index, schema in enumerate(SHEETS)}


class ImportConflictError(UserError):
    """The import has conflicts and no rule (ours or theirs) or selection says how to resolve
    them; nothing was changed. The CLI exits with 3 for it."""


# -- reading the workspace -------------------------------------------------------------------------
def _read_plan(
    store: Store, release_keys: Sequence[str] | None = None
) -> tuple[dict[str, list[Any]], Lookups, list[dm.Release]]:
    """Records of every sheet (of the named releases only, when given), the reference lookups
    over the whole workspace, and the releases in go-live order.

    Raises:
        NotFoundError: a key names no release.
    """
    releases = store.releases()
    packages = store.packages()
    schedule = store.all(dm.ScheduleItem)
    lookups = Lookups.from_records(
        releases=releases,
        release_types=store.all(dm.ReleaseType),
        teams=store.all(dm.Team),
        people=store.all(dm.Person),
        environments=store.all(dm.Environment),
        components=store.all(dm.Component),
        packages=packages,
        schedule_items=schedule,
    )
    records: dict[str, list[Any]] = {
        "Releases": releases,
        "Packages": packages,
        "Components": store.all(dm.PackageComponent),
        "Changes": store.all(dm.ChangeItem),
        "Schedule": schedule,
        "Dependencies": store.all(dm.Dependency),
        "Risks": store.all(dm.Risk),
        "Approvals": store.all(dm.Approval),
        "Freeze windows": store.all(dm.FreezeWindow),
    }
    if release_keys:
        wanted = {store.release_by_key(key).id for key in release_keys}
        _keep_releases(records, wanted)
    return records, lookups, records["Releases"]


def _keep_releases(records: dict[str, list[Any]], wanted: set[str]) -> None:
    """Limit ``records`` to the releases ``wanted`` and what hangs off them (windows stay)."""
    for title in ("Releases",):
        records[title] = [r for r in records[title] if r.id in wanted]
    for title in ("Packages", "Schedule", "Risks", "Approvals"):
        records[title] = [r for r in records[title] if r.release_id in wanted]
    packages = {p.id for p in records["Packages"]}
    for title in ("Components", "Changes"):
        records[title] = [r for r in records[title] if r.package_id in packages]
    items = {i.id for i in records["Schedule"]}
    records["Dependencies"] = [
        d for d in records["Dependencies"] if d.predecessor_id in items or d.successor_id in items
    ]


def _plan_data(workspace: Workspace, release_keys: Sequence[str] | None) -> PlanData:
    with workspace.session_factory() as session:
        records, lookups, releases = _read_plan(Store(session), release_keys)
    records["Schedule"].sort(key=lambda i: (i.release_id, i.planned_start, i.name))
    records["Changes"].sort(key=lambda c: (c.package_id, c.ticket_ref))
    records["Freeze windows"].sort(key=lambda w: (w.start, w.name))
    bands = Counter(band_for_score(r.score) for r in records["Risks"] if is_active(r))
    return PlanData(
        workspace=workspace.display_name,
        exported_at=datetime.now().replace(microsecond=0),
        records=records,
        lookups=lookups,
        schedule_items=records["Schedule"],
        freeze_windows=records["Freeze windows"],
        releases=releases,
        release_keys=tuple(release_keys or ()),
        actor=current_actor(),
        risk_bands=dict(bands),
    )


# -- exports -------------------------------------------------------------------------------------
def export_plan(
    workspace: Workspace, path: Path, release_keys: Sequence[str] | None = None
) -> dict[str, int]:
    """Write the plan workbook (all releases, or those with ``release_keys``) to ``path``.

    Returns:
        Rows written per sheet title.

    Raises:
        NotFoundError: a key names no release.
        UserError: the file cannot be written.
    """
    return write_plan_workbook(Path(path), _plan_data(workspace, release_keys))


def export_csv(
    workspace: Workspace, folder: Path, release_keys: Sequence[str] | None = None
) -> dict[str, Path]:
    """Write one CSV file per plan sheet into ``folder`` (see
    :mod:`releaseplanner.exchange.csv_export` for the shape); return the files by sheet.

    Raises:
        NotFoundError: a key names no release.
        UserError: the folder cannot be created or written.
    """
    return write_plan_csv(Path(folder), _plan_data(workspace, release_keys))


def export_calendar(
    workspace: Workspace, path: Path, release_keys: Sequence[str] | None = None
) -> int:
    """Write milestones, deployments and freeze windows as an iCalendar file; return the
    number of events.

    Raises:
        NotFoundError: a key names no release.
        UserError: the file cannot be written.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        releases = store.releases()
        if release_keys:
            wanted = {store.release_by_key(key).id for key in release_keys}
            releases = [r for r in releases if r.id in wanted]
        events = calendar_events(
            releases=releases,
            schedule_items=store.all(dm.ScheduleItem),
            deployments=store.all(dm.Deployment),
            windows=store.all(dm.FreezeWindow),
            environments=store.names(dm.Environment),
        )
    return write_calendar(
        Path(path), events, name=f"Releases: {workspace.display_name}", stamp=datetime.now(UTC)
    )


def export_review(workspace: Workspace, release_key: str, path: Path) -> ReviewData:
    """Write the post-release review workbook of one release to ``path``; return its data.

    Raises:
        NotFoundError: no release has ``release_key``.
        UserError: the file cannot be written.
    """
    # The same data the GUI's review export writes: the review, the records, and the release's
    # delivery metrics with their bands.
    data = review_export_data(workspace, release_key)
    write_review_workbook(Path(path), data)
    return data


# -- import --------------------------------------------------------------------------------------
def preview_import(workspace: Workspace, path: Path) -> MergePlan:
    """Read the workbook at ``path`` and plan its import against the workspace; changes nothing.

    Returns:
        The plan; cell problems are in ``plan.problems`` (and block :func:`import_command`).

    Raises:
        UserError: the file cannot be read as a workbook at all (missing, not an xlsx,
            encrypted, truncated, a possible zip bomb, XML entities), naming the file.
    """
    content = read_plan_workbook(Path(path))
    with workspace.session_factory() as session:
        records, lookups, _ = _read_plan(Store(session))
    return plan_merge(content, records, lookups)


def import_command(
    workspace: Workspace,
    plan: MergePlan,
    accept: str | None = None,
    selected: Collection[str] | None = None,
) -> Command:
    """The undoable command that applies ``plan``: one transaction and one undo step.

    Args:
        accept: how to resolve conflicts: "ours" keeps the workspace's values, "theirs" takes
            the workbook's; None when the plan has none (or ``selected`` decides).
        selected: keys (:attr:`MergeItem.key`) of the items to apply; a selected conflict takes
            the workbook's side. None applies every item (conflicts as ``accept`` says).

    Raises:
        UserError: the plan has problems, or ``accept`` is not ours/theirs.
        ImportConflictError: conflicts remain unresolved.
    """
    if plan.has_problems:
        shown = "; ".join(plan.problem_messages()[:3])
        raise UserError(f"{len(plan.problems)} problem(s) in the workbook; fix them first: {shown}")
    if accept is not None and accept not in ACCEPT_CHOICES:
        raise UserError(f"accept: '{accept}' is not one of {', '.join(ACCEPT_CHOICES)}")
    chosen = _chosen_items(plan, accept, selected)
    steps = _steps(workspace, plan, chosen)
    counts = Counter(item.kind for item in chosen)
    text = (
        f"Import {plan.path.name}: {counts[ItemKind.ADDED]} added, "
        f"{counts[ItemKind.CHANGED] + counts[ItemKind.CONFLICT]} changed, "
        f"{counts[ItemKind.REMOVED]} removed"
    )
    return BulkCommand(workspace, steps, text, source=IMPORT_SOURCE)


def _chosen_items(
    plan: MergePlan, accept: str | None, selected: Collection[str] | None
) -> list[MergeItem]:
    if selected is not None:
        wanted = set(selected)
        return [item for item in plan.items if item.key in wanted]
    conflicts = plan.conflicts
    if conflicts and accept is None:
        raise ImportConflictError(
            f"{plan.path}: {len(conflicts)} conflict(s) between the workbook and the workspace; "
            "nothing was changed. Choose which side wins (--accept ours or --accept theirs)"
        )
    return [i for i in plan.items if i.kind is not ItemKind.CONFLICT or accept == "theirs"]


def _steps(workspace: Workspace, plan: MergePlan, items: list[MergeItem]) -> list[Command]:
    """Creates (parents first), then edits, then deletes (children first)."""
    creates, deletes = [], []
    edits: dict[tuple[type, str], tuple[dict[str, Any], dict[str, Any]]] = {}
    for item in items:
        operation = item.operation
        if operation is None:
            continue
        if operation.action == "create":
            creates.append(operation.record)
        elif operation.action == "delete":
            deletes.append(operation)
        else:
            values, expected = edits.setdefault(
                (operation.record_type, operation.record_id), ({}, {})
            )
            values.update(operation.values)
            expected.update(operation.expected)
    steps: list[Command] = []
    if creates:
        creates.sort(key=lambda record: _SHEET_ORDER[type(record)])
        steps.append(CreateRecords(workspace, creates, "Add rows", source=IMPORT_SOURCE))
    for (record_type, record_id), (values, expected) in edits.items():
        steps.append(_ImportEdit(workspace, record_type, record_id, values, expected, plan.path))
    deletes.sort(key=lambda op: _SHEET_ORDER[op.record_type], reverse=True)
    for operation in deletes:
        steps.append(
            _ImportDelete(
                workspace,
                operation.record_type,
                operation.record_id,
                "Remove row",
                source=IMPORT_SOURCE,
            )
        )
    return steps


class _ImportEdit(EditRecord):
    """An edit that first checks the record still holds what the preview saw, so an import
    never overwrites a change made between preview and apply."""

    def __init__(self, workspace, record_type, record_id, values, expected, path: Path) -> None:
        super().__init__(
            workspace, record_type, record_id, values, "Update row", source=IMPORT_SOURCE
        )
        self.expected = dict(expected)
        self.path = path

    def _redo(self, store: Store, journal: JournalWriter) -> None:
        if self.before is None:
            current = store.get(self.record_type, self.record_id)
            for name, value in self.expected.items():
                if getattr(current, name) != value:
                    raise StaleEditError(
                        f"{self.path}: {self.record_type.__name__} {self.record_id} {name} is now "
                        f"'{render_value(getattr(current, name))}', changed since the preview; "
                        "preview the import again"
                    )
        super()._redo(store, journal)


class _ImportDelete(DeleteRecord):
    """A delete that is a no-op when an earlier delete of the same import cascaded to it."""

    def _redo(self, store: Store, journal: JournalWriter) -> None:
        if not store.all(self.record_type, id=self.record_id):
            self.subtree = None
            return
        super()._redo(store, journal)

    def _undo(self, store: Store, journal: JournalWriter) -> None:
        if self.subtree is not None:
            super()._undo(store, journal)
