"""Release and package editing as undoable commands with readable texts.

Each function reads what it needs, validates, and returns a command (see ``services.commands``)
whose ``redo()`` performs the edit in one journalled transaction. The GUI pushes the command on its
undo stack; the CLI simply calls ``redo()``. Texts name the object the way a release manager
would ("Rename package 'Payments API' to 'Payments API v2'"), because they appear in Edit > Undo
and in the History view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta
from enum import Enum
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ChangeKind, PackageStatus, ReleaseStatus
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.ids import new_id
from releaseplanner.domain.rules import validate_release
from releaseplanner.services.commands import (
    BulkCommand,
    Command,
    CreateRecords,
    DeleteRecord,
    EditRecord,
)
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

FIELD_LABELS = {
    "planned_start": "planned start",
    "planned_go_live": "planned go-live",
    "actual_start": "actual start",
    "actual_go_live": "actual go-live",
    "release_type_id": "type",
    "owner_id": "owner",
    "team_id": "team",
    "release_id": "release",
    "ticket_ref": "ticket",
    "from_version": "from-version",
    "to_version": "to-version",
}

KIND_LABELS = {
    dm.Release: "release",
    dm.ReleasePackage: "package",
    dm.ChangeItem: "change",
    dm.PackageComponent: "component",
}


def _label(value: Any) -> str:
    if isinstance(value, Enum):
        return getattr(value, "label", str(value.value))
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def describe_edit(record: Any, changes: dict[str, Any], name: str) -> str:
    """A readable undo text for changing ``record`` (shown as ``name``) by ``changes``."""
    kind = KIND_LABELS.get(type(record), type(record).__name__.lower())
    if set(changes) == {"name"}:
        return f"Rename {kind} '{record.name}' to '{changes['name']}'"
    if set(changes) == {"status"}:
        return f"Set status of {kind} '{name}' to {_label(changes['status'])}"
    if len(changes) == 1:
        ((field, value),) = changes.items()
        label = FIELD_LABELS.get(field, field.replace("_", " "))
        if field.endswith("_id"):
            return f"Change {label} of {kind} '{name}'"
        return f"Change {label} of {kind} '{name}' to {_label(value) or 'nothing'}"
    fields = ", ".join(FIELD_LABELS.get(f, f.replace("_", " ")) for f in changes)
    return f"Edit {kind} '{name}' ({fields})"


def _read(workspace: Workspace, record_type: type, record_id: str) -> Any:
    with workspace.session_factory() as session:
        return Store(session).get(record_type, record_id)


def edit_release(
    workspace: Workspace, release_id: str, changes: dict[str, Any], *, merge_key: str | None = None
) -> EditRecord:
    """Command to change fields of a release (validated, incl. the status lifecycle, on redo).

    Raises:
        NotFoundError: no such release.
        ValidationError: a changed key clashes with another release's key.
    """
    release = _read(workspace, dm.Release, release_id)
    if "key" in changes:
        _check_key_free(workspace, changes["key"], except_id=release_id)
    validate_release(dataclasses.replace(release, **changes))
    return EditRecord(
        workspace,
        dm.Release,
        release_id,
        changes,
        describe_edit(release, changes, release.key),
        merge_key=merge_key,
    )


def edit_package(workspace: Workspace, package_id: str, changes: dict[str, Any]) -> EditRecord:
    """Command to change fields of a package. Raises NotFoundError for an unknown id."""
    package = _read(workspace, dm.ReleasePackage, package_id)
    if "name" in changes and not str(changes["name"]).strip():
        raise ValidationError("name: a package needs a name")
    return EditRecord(
        workspace,
        dm.ReleasePackage,
        package_id,
        changes,
        describe_edit(package, changes, package.name),
    )


def edit_change_item(workspace: Workspace, change_id: str, changes: dict[str, Any]) -> EditRecord:
    item = _read(workspace, dm.ChangeItem, change_id)
    if "ticket_ref" in changes and not str(changes["ticket_ref"]).strip():
        raise ValidationError("ticket_ref: a change needs a ticket reference")
    return EditRecord(
        workspace, dm.ChangeItem, change_id, changes, describe_edit(item, changes, item.ticket_ref)
    )


def new_release(
    workspace: Workspace,
    *,
    key: str,
    name: str,
    type_key: str,
    planned_start: date | None = None,
    planned_go_live: date | None = None,
    owner_id: str | None = None,
    team_id: str | None = None,
    description: str = "",
    source: str = "app",
) -> CreateRecords:
    """Command to create a planned release (``source``: app, cli or import, for the journal).

    Raises:
        ValidationError: a duplicate key, an unknown type, bad dates (each naming the field).
    """
    _check_key_free(workspace, key)
    release = dm.Release(
        id=new_id("release"),
        key=key.strip(),
        name=name.strip(),
        release_type_id=_release_type_id(workspace, type_key),
        planned_start=planned_start,
        planned_go_live=planned_go_live,
        owner_id=owner_id,
        team_id=team_id,
        description=description,
    )
    validate_release(release)
    return CreateRecords(workspace, [release], f"New release '{release.key}'", source=source)


def new_package(workspace: Workspace, release_id: str, name: str, **fields: Any) -> CreateRecords:
    """Command to add a package to a release. Raises ValidationError for a blank name."""
    release = _read(workspace, dm.Release, release_id)
    if not name.strip():
        raise ValidationError("name: a package needs a name")
    package = dm.ReleasePackage(
        id=new_id("package"), release_id=release_id, name=name.strip(), **fields
    )
    return CreateRecords(workspace, [package], f"New package '{package.name}' in {release.key}")


def new_change_item(
    workspace: Workspace,
    package_id: str,
    ticket_ref: str,
    title: str,
    kind: ChangeKind = ChangeKind.FEATURE,
) -> CreateRecords:
    if not ticket_ref.strip():
        raise ValidationError("ticket_ref: a change needs a ticket reference")
    item = dm.ChangeItem(
        id=new_id("change_item"),
        package_id=package_id,
        ticket_ref=ticket_ref.strip(),
        title=title.strip(),
        kind=kind,
        created_on=date.today(),
    )
    return CreateRecords(workspace, [item], f"Add change {item.ticket_ref}")


def add_component(
    workspace: Workspace, package_id: str, component_id: str, from_version: str, to_version: str
) -> CreateRecords:
    """Command to put a catalogue component into a package, from one version to another."""
    component = _read(workspace, dm.Component, component_id)
    package = _read(workspace, dm.ReleasePackage, package_id)
    with workspace.session_factory() as session:
        if Store(session).all(
            dm.PackageComponent, package_id=package_id, component_id=component_id
        ):
            raise ValidationError(f"component: {component.name} is already in {package.name}")
    link = dm.PackageComponent(
        id=new_id("package_component"),
        package_id=package_id,
        component_id=component_id,
        from_version=from_version,
        to_version=to_version,
    )
    return CreateRecords(workspace, [link], f"Add component '{component.name}' to {package.name}")


def delete_release(workspace: Workspace, release_id: str) -> DeleteRecord:
    release = _read(workspace, dm.Release, release_id)
    return DeleteRecord(workspace, dm.Release, release_id, f"Delete release '{release.key}'")


def delete_package(workspace: Workspace, package_id: str) -> DeleteRecord:
    package = _read(workspace, dm.ReleasePackage, package_id)
    return DeleteRecord(
        workspace, dm.ReleasePackage, package_id, f"Delete package '{package.name}'"
    )


def delete_record(workspace: Workspace, record_type: type, record_id: str, text: str) -> Command:
    return DeleteRecord(workspace, record_type, record_id, text)


def cancel_release(workspace: Workspace, release_id: str) -> EditRecord:
    """Command to cancel an open release (the lifecycle rule refuses finished ones)."""
    return edit_release(workspace, release_id, {"status": ReleaseStatus.CANCELLED})


def set_release_status(
    workspace: Workspace, release_ids: Sequence[str], status: ReleaseStatus
) -> Command:
    """One undo step that sets ``status`` on every release (all or nothing)."""
    edits = [edit_release(workspace, rid, {"status": status}) for rid in release_ids]
    if len(edits) == 1:
        return edits[0]
    return BulkCommand(workspace, edits, f"Set status of {len(edits)} releases to {status.label}")


def set_package_status(
    workspace: Workspace, package_ids: Sequence[str], status: PackageStatus
) -> Command:
    edits = [edit_package(workspace, pid, {"status": status}) for pid in package_ids]
    if len(edits) == 1:
        return edits[0]
    return BulkCommand(workspace, edits, f"Set status of {len(edits)} packages to {status.label}")


def move_package(workspace: Workspace, package_id: str, target_release_id: str) -> Command:
    """Command to move a package, with its own schedule items and risks, to another release.

    Raises:
        ValidationError: the package is already in that release.
    """
    with workspace.session_factory() as session:
        store = Store(session)
        package = store.get(dm.ReleasePackage, package_id)
        target = store.get(dm.Release, target_release_id)
        if package.release_id == target_release_id:
            raise ValidationError(f"release: {package.name} is already in {target.key}")
        items = store.all(dm.ScheduleItem, package_id=package_id)
        risks = store.all(dm.Risk, package_id=package_id)
    moves: list[Command] = [
        EditRecord(workspace, dm.ReleasePackage, package_id, {"release_id": target.id}, "")
    ]
    moves += [
        EditRecord(workspace, dm.ScheduleItem, i.id, {"release_id": target.id}, "") for i in items
    ]
    moves += [EditRecord(workspace, dm.Risk, r.id, {"release_id": target.id}, "") for r in risks]
    return BulkCommand(workspace, moves, f"Move package '{package.name}' to {target.key}")


def duplicate_release(
    workspace: Workspace, release_id: str, *, key: str, name: str, shift_days: int
) -> CreateRecords:
    """Command to start the next release from this one as a template.

    Copies the release (as planned), its packages with their components (the old to-version
    becomes the new from-version), and its schedule with dependencies, shifted by ``shift_days``.
    Change items, runs, approvals and risks belong to the old release and are not copied.

    Raises:
        ValidationError: the new key is taken or invalid.
    """
    _check_key_free(workspace, key)
    shift = timedelta(days=shift_days)
    with workspace.session_factory() as session:
        store = Store(session)
        source = store.get(dm.Release, release_id)
        packages = store.all(dm.ReleasePackage, release_id=release_id)
        links = [link for p in packages for link in store.all(dm.PackageComponent, package_id=p.id)]
        items = store.all(dm.ScheduleItem, release_id=release_id)
        item_ids = {i.id for i in items}
        dependencies = [
            d
            for i in items
            for d in store.all(dm.Dependency, successor_id=i.id)
            if d.predecessor_id in item_ids
        ]

    def moved(day: date | None) -> date | None:
        return day + shift if day else None

    release = dataclasses.replace(
        source,
        id=new_id("release"),
        key=key.strip(),
        name=name.strip(),
        status=ReleaseStatus.PLANNED,
        planned_start=moved(source.planned_start),
        planned_go_live=moved(source.planned_go_live),
        actual_start=None,
        actual_go_live=None,
    )
    validate_release(release)
    package_ids = {p.id: new_id("package") for p in packages}
    new_item_ids = {i.id: new_id("schedule_item") for i in items}
    records: list[Any] = [release]
    records += [
        dataclasses.replace(
            p, id=package_ids[p.id], release_id=release.id, status=PackageStatus.DRAFT
        )
        for p in packages
    ]
    records += [
        dataclasses.replace(
            link,
            id=new_id("package_component"),
            package_id=package_ids[link.package_id],
            from_version=link.to_version,
            to_version="",
        )
        for link in links
    ]
    records += [
        dataclasses.replace(
            i,
            id=new_item_ids[i.id],
            release_id=release.id,
            package_id=package_ids.get(i.package_id) if i.package_id else None,
            planned_start=i.planned_start + shift,
            planned_end=i.planned_end + shift,
            actual_start=None,
            actual_end=None,
            status=type(i.status)("not_started"),
        )
        for i in items
    ]
    records += [
        dataclasses.replace(
            d,
            id=new_id("dependency"),
            predecessor_id=new_item_ids[d.predecessor_id],
            successor_id=new_item_ids[d.successor_id],
        )
        for d in dependencies
    ]
    return CreateRecords(workspace, records, f"Duplicate release '{source.key}' as '{release.key}'")


def _check_key_free(workspace: Workspace, key: str, except_id: str | None = None) -> None:
    with workspace.session_factory() as session:
        taken = Store(session).names(dm.Release, "key")
    wanted = key.strip().lower()
    if any(k.lower() == wanted and rid != except_id for rid, k in taken.items()):
        raise ValidationError(f"key: a release with key '{key.strip()}' already exists")


def _release_type_id(workspace: Workspace, type_key: str) -> str:
    with workspace.session_factory() as session:
        types = Store(session).names(dm.ReleaseType, "key")
    for type_id, known in types.items():
        if known.lower() == type_key.strip().lower():
            return type_id
    listed = ", ".join(sorted(types.values())) or "none defined"
    raise ValidationError(f"type: unknown release type '{type_key}' (known: {listed})")
