"""The shared component catalogue: list it, and import or export a CMDB component list.

An import is previewed first (what would be added, what would change, field by field) and then
applied as one undoable, journalled transaction. Components are matched on their CMDB id (ci_id),
case-insensitively, so re-importing a list updates instead of duplicating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import UserError
from releaseplanner.domain.ids import new_id
from releaseplanner.exchange.component_list import (
    ComponentList,
    read_component_list,
    write_component_list,
)
from releaseplanner.services.commands import BulkCommand, Command, CreateRecords, EditRecord
from releaseplanner.storage.engine import Workspace
from releaseplanner.storage.store import Store

COMPARED_FIELDS = ("name", "version", "type", "owner")


@dataclass(frozen=True, slots=True)
class FieldChange:
    ci_id: str
    field: str
    old: str
    new: str


@dataclass
class CatalogueImportPlan:
    """A previewed import: new components, field changes to existing ones, and row problems."""

    source: ComponentList
    added: list[dm.Component] = field(default_factory=list)
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)  # component id → changes
    changes: list[FieldChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_problems(self) -> bool:
        return bool(self.source.problems)

    def problem_messages(self) -> list[str]:
        return [self.source.describe(p) for p in self.source.problems]


def list_components(workspace: Workspace) -> list[dm.Component]:
    """The whole catalogue, by CI id."""
    with workspace.session_factory() as session:
        return sorted(Store(session).all(dm.Component), key=lambda c: c.ci_id.lower())


def preview_component_import(workspace: Workspace, path: Path) -> CatalogueImportPlan:
    """Read ``path`` and compare it with the catalogue; changes nothing.

    Raises:
        UserError: the file cannot be read at all (row problems are in the plan instead).
    """
    parsed = read_component_list(path)
    plan = CatalogueImportPlan(parsed)
    existing = {c.ci_id.lower(): c for c in list_components(workspace)}
    for line in parsed.lines:
        current = existing.get(line.ci_id.lower())
        if current is None:
            plan.added.append(
                dm.Component(
                    id=new_id("component"),
                    ci_id=line.ci_id,
                    name=line.name,
                    type=line.type,
                    version=line.version,
                    owner=line.owner,
                )
            )
            continue
        differences = {
            name: getattr(line, name)
            for name in COMPARED_FIELDS
            if getattr(line, name) != getattr(current, name)
        }
        if differences:
            plan.changed[current.id] = differences
            plan.changes.extend(
                FieldChange(current.ci_id, name, str(getattr(current, name)), str(value))
                for name, value in differences.items()
            )
        else:
            plan.unchanged += 1
    return plan


def component_import_command(
    workspace: Workspace, plan: CatalogueImportPlan, *, source: str = "app"
) -> Command:
    """The undoable command that applies ``plan`` in one transaction.

    Raises:
        UserError: the plan has row problems (nothing is applied from a file with errors).
    """
    if plan.has_problems:
        raise UserError(
            f"{plan.source.source}: {len(plan.source.problems)} row problem(s); fix them first"
        )
    steps: list[Command] = []
    if plan.added:
        steps.append(CreateRecords(workspace, plan.added, "Add components", source=source))
    steps.extend(
        EditRecord(
            workspace, dm.Component, component_id, changes, "Update component", source=source
        )
        for component_id, changes in plan.changed.items()
    )
    text = (
        f"Import components from {plan.source.path.name}: "
        f"{len(plan.added)} added, {len(plan.changed)} updated"
    )
    return BulkCommand(workspace, steps, text, source=source)


def export_components(workspace: Workspace, path: Path) -> int:
    """Write the catalogue to a .csv or .xlsx file; return how many components were written."""
    return write_component_list(path, list_components(workspace))
