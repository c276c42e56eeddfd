"""Planning an import: the rules of :mod:`releaseplanner.exchange.merge` applied to every sheet.

Takes what the reader found in the workbook, the workspace's records and their reference
lookups, and returns a :class:`~releaseplanner.exchange.merge.MergePlan`: items to show, each
with the operation that applies it, and the problems that block the import. Values the import
would write are resolved (a release key to the release's id) and the resulting records are
checked by the domain's rules here, so that nothing fails half-way through applying the plan.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.ids import new_id
from releaseplanner.domain.lifecycle import check_status_change
from releaseplanner.domain.rules import validate_release, validate_risk, validate_schedule_item
from releaseplanner.exchange import cell_values
from releaseplanner.exchange.cell_values import CellError
from releaseplanner.exchange.merge import (
    ItemKind,
    MergeItem,
    MergePlan,
    Operation,
    RowFate,
    changed_fields,
    merge_fields,
    row_fate,
)
from releaseplanner.exchange.plan_data import canonical_row
from releaseplanner.exchange.references import Lookups
from releaseplanner.exchange.workbook_schema import SHEETS, Kind, SheetSchema
from releaseplanner.exchange.xlsx_import import CellProblem, SheetContent, SheetRow, WorkbookContent

#: The field that names a row in the preview, per sheet.
LABEL_FIELDS = {
    "Releases": "key",
    "Packages": "name",
    "Components": "component_id",
    "Changes": "ticket_ref",
    "Schedule": "name",
    "Dependencies": "successor_id",
    "Risks": "title",
    "Approvals": "role",
    "Freeze windows": "name",
}
#: Values that must stay unique across the workspace, per sheet (the database enforces them).
UNIQUE_FIELDS = {
    "Releases": ("key",),
    "Components": ("package_id", "component_id"),
    "Dependencies": ("predecessor_id", "successor_id"),
}
_VALIDATORS: dict[type, Callable[[Any], None]] = {
    dm.Release: validate_release,
    dm.ScheduleItem: validate_schedule_item,
    dm.Risk: validate_risk,
}


def plan_merge(
    content: WorkbookContent, ours: Mapping[str, Sequence[Any]], lookups: Lookups
) -> MergePlan:
    """Compare the workbook with the workspace and plan the import.

    Args:
        content: what :func:`~releaseplanner.exchange.xlsx_import.read_plan_workbook` read.
        ours: the workspace's records per sheet title (every record, not only exported ones).
        lookups: reference lookups over the workspace.

    Returns:
        The plan; its ``problems`` include the reader's and block applying it.
    """
    return _Planner(content, ours, lookups).run()


class _Planner:
    def __init__(
        self, content: WorkbookContent, ours: Mapping[str, Sequence[Any]], lookups: Lookups
    ) -> None:
        self.content = content
        self.plan = MergePlan(
            content.path,
            content.base is not None,
            problems=list(content.problems),
            warnings=list(content.warnings),
            more_problems=content.more_problems,
        )
        self.ours = {title: {r.id: r for r in records} for title, records in ours.items()}
        self.ours_lookups = lookups
        self.lookups = lookups.overlay()  # also knows what this import adds or renames
        # Final state of rows the import touches: sheet → id → (row, record or None if removed)
        self.touched: dict[str, dict[str, tuple[int | None, Any]]] = defaultdict(dict)

    def run(self) -> MergePlan:
        base = self.content.base
        for schema in SHEETS:
            sheet = self.content.sheets.get(schema.title)
            base_rows = None if base is None else base.rows.get(schema.title, {})
            if sheet is not None:
                self._merge_sheet(schema, sheet, base_rows)
        self._check_unique()
        return self.plan

    # -- rows ------------------------------------------------------------------------------------
    def _merge_sheet(
        self, schema: SheetSchema, sheet: SheetContent, base_rows: dict[str, dict] | None
    ) -> None:
        ours_by_id = self.ours.get(schema.title, {})
        same = _same_for(schema)
        seen: set[str] = set()
        for row in sheet.rows:
            record_id = row.record_id
            if record_id is not None:
                seen.add(record_id)
            if row.damaged:
                continue  # its problems are reported; planning it would only repeat them
            base = base_rows.get(record_id) if base_rows and record_id else None
            current = ours_by_id.get(record_id) if record_id else None
            fate = row_fate(base is not None, current is not None, True)
            if fate is RowFate.ADD:
                self._add(schema, sheet, row, record_id or new_id(schema.entity))
            elif base is not None and not _differs(row.values, base, same):
                self.plan.unchanged += 1  # the colleague left it alone: nothing to compare
            elif fate is RowFate.MERGE:
                self._merge_row(schema, sheet, row, base, current, same)
            else:
                self._revive(schema, sheet, row, base or {})
        for record_id, base in (base_rows or {}).items():
            current = ours_by_id.get(record_id)
            if (
                record_id not in seen
                and row_fate(True, current is not None, False) is RowFate.REMOVE
            ):
                self._remove(schema, base, current, same)

    def _merge_row(
        self,
        schema: SheetSchema,
        sheet: SheetContent,
        row: SheetRow,
        base: dict | None,
        current: Any,
        same: Callable[[str, Any, Any], bool],
    ) -> None:
        ours_row = canonical_row(schema, current, self.ours_lookups)
        changes, conflicts = merge_fields(schema.fields, base, ours_row, row.values, same)
        if not changes and not conflicts:
            self.plan.unchanged += 1
            return
        wanted = dict(changes) | {c.field: c.theirs for c in conflicts}
        resolved = self._resolve_all(schema, sheet, row, wanted, new_row=False)
        if resolved is None:
            return
        label = self._label(schema, row.values, current)
        for name, value in changes.items():
            operation = _update(schema, current, name, resolved[name])
            self.plan.items.append(
                MergeItem(
                    ItemKind.CHANGED,
                    schema.title,
                    current.id,
                    operation,
                    field=name,
                    column=schema.column(name).header,
                    old=ours_row[name],
                    new=value,
                    base=None if base is None else base.get(name),
                    row=row.row,
                    label=label,
                )
            )
        for conflict in conflicts:
            operation = _update(schema, current, conflict.field, resolved[conflict.field])
            self.plan.items.append(
                MergeItem(
                    ItemKind.CONFLICT,
                    schema.title,
                    current.id,
                    operation,
                    field=conflict.field,
                    column=schema.column(conflict.field).header,
                    old=conflict.ours,
                    new=conflict.theirs,
                    base=conflict.base,
                    row=row.row,
                    label=label,
                    note="changed in the workspace and in the workbook",
                )
            )
        updated = dataclasses.replace(current, **resolved)
        self._check_record(schema, sheet, row, updated, current)
        self._register(schema, updated, row.row)

    def _add(self, schema: SheetSchema, sheet: SheetContent, row: SheetRow, record_id: str) -> None:
        values = dict(row.values)
        resolved = self._resolve_all(schema, sheet, row, values, new_row=True)
        if resolved is None:
            return
        record = self._new_record(schema, sheet, row, record_id, resolved)
        if record is None:
            return
        self._check_record(schema, sheet, row, record, None)
        self._register(schema, record, row.row)
        self.plan.items.append(
            MergeItem(
                ItemKind.ADDED,
                schema.title,
                record_id,
                Operation("create", schema.record_type, record_id, record=record),
                new={f: v for f, v in values.items() if v not in (None, "")},
                row=row.row,
                label=self._label(schema, values, None),
            )
        )

    def _revive(self, schema: SheetSchema, sheet: SheetContent, row: SheetRow, base: dict) -> None:
        """A row the colleague changed that the workspace deleted since: a conflict whose
        'theirs' side re-creates the record."""
        assert row.record_id is not None
        values = base | row.values
        resolved = self._resolve_all(schema, sheet, row, values, new_row=True)
        record = None
        if resolved is not None:
            record = self._new_record(schema, sheet, row, row.record_id, resolved)
        if record is None:
            return
        self._check_record(schema, sheet, row, record, None)
        self._register(schema, record, row.row)
        self.plan.items.append(
            MergeItem(
                ItemKind.CONFLICT,
                schema.title,
                row.record_id,
                Operation("create", schema.record_type, row.record_id, record=record),
                new={f: v for f, v in values.items() if v not in (None, "")},
                row=row.row,
                label=self._label(schema, values, None),
                note="changed in the workbook, deleted in the workspace since",
            )
        )

    def _remove(
        self,
        schema: SheetSchema,
        base: dict,
        current: Any,
        same: Callable[[str, Any, Any], bool],
    ) -> None:
        ours_row = canonical_row(schema, current, self.ours_lookups)
        differing = changed_fields(schema.fields, base, ours_row, same)
        operation = Operation("delete", schema.record_type, current.id)
        self.touched[schema.title][current.id] = (None, None)
        label = self._label(schema, ours_row, current)
        if not differing:
            self.plan.items.append(
                MergeItem(
                    ItemKind.REMOVED,
                    schema.title,
                    current.id,
                    operation,
                    old={f: v for f, v in ours_row.items() if v not in (None, "")},
                    label=label,
                )
            )
            return
        headers = ", ".join(schema.column(f).header for f in differing)
        self.plan.items.append(
            MergeItem(
                ItemKind.CONFLICT,
                schema.title,
                current.id,
                operation,
                old={f: ours_row[f] for f in differing},
                base={f: base.get(f) for f in differing},
                label=label,
                note=f"removed in the workbook, changed in the workspace since ({headers})",
            )
        )

    # -- values and records ----------------------------------------------------------------------
    def _resolve_all(
        self,
        schema: SheetSchema,
        sheet: SheetContent,
        row: SheetRow,
        values: Mapping[str, Any],
        *,
        new_row: bool,
    ) -> dict[str, Any] | None:
        """Record values for canonical ``values``; None (with problems noted) if any fails."""
        resolved: dict[str, Any] = {}
        failed = False
        nullable = schema.nullable
        defaults = schema.defaults
        for name, value in values.items():
            column = schema.column(name)
            if value is None and name not in nullable:
                if new_row and name in defaults and not column.required:
                    continue  # the record's default applies
                self._problem(sheet, row, name, "is empty; a value is required")
                failed = True
                continue
            try:
                resolved[name] = _resolve(column, value, self.lookups)
            except CellError as exc:
                self._problem(sheet, row, name, str(exc))
                failed = True
        if new_row:
            for column in schema.columns[1:]:
                if column.required and column.field not in values:
                    self._problem(sheet, row, column.field, "is required for a new row")
                    failed = True
        return None if failed else resolved

    def _new_record(
        self,
        schema: SheetSchema,
        sheet: SheetContent,
        row: SheetRow,
        record_id: str,
        values: dict[str, Any],
    ) -> Any:
        try:
            return schema.record_type(id=record_id, **values)
        except TypeError as exc:  # a required field no column supplied
            self._problem(sheet, row, None, f"cannot make a {schema.entity}: {exc}")
            return None

    def _check_record(
        self, schema: SheetSchema, sheet: SheetContent, row: SheetRow, record: Any, before: Any
    ) -> None:
        for message in record_problems(record, before):
            name, _, rest = message.partition(": ")
            if name in schema.fields:
                self._problem(sheet, row, name, rest)
            else:
                self._problem(sheet, row, None, message)

    def _register(self, schema: SheetSchema, record: Any, row: int) -> None:
        """Let later sheets refer to what this import adds or renames."""
        self.touched[schema.title][record.id] = (row, record)
        if isinstance(record, dm.Release):
            self.lookups.add("release", record.id, record.key)
        elif isinstance(record, dm.ReleasePackage):
            self.lookups.add_package(record.id, record.name, record.release_id)
        elif isinstance(record, dm.ScheduleItem):
            self.lookups.add_schedule_item(record.id, record.name)

    def _label(self, schema: SheetSchema, values: Mapping[str, Any], current: Any) -> str:
        name = LABEL_FIELDS[schema.title]
        value = values.get(name)
        if value in (None, "") and current is not None:
            value = cell_values.canonical_of(
                schema.column(name), getattr(current, name), self.ours_lookups
            )
        return "" if value is None else str(value)

    def _problem(self, sheet: SheetContent, row: SheetRow, name: str | None, message: str) -> None:
        letter, header = sheet.place(name) if name else (None, None)
        problem = CellProblem(sheet.title, row.row, letter, header, message)
        if len(self.plan.problems) < 200:
            self.plan.problems.append(problem)
        else:
            self.plan.more_problems += 1

    # -- whole-workspace checks ------------------------------------------------------------------
    def _check_unique(self) -> None:
        """Keys and pairs the database keeps unique, over the workspace as the import leaves it."""
        for title, names in UNIQUE_FIELDS.items():
            touched = self.touched.get(title)
            if not touched:
                continue
            owner: dict[tuple, str] = {}
            for record_id, record in self.ours.get(title, {}).items():
                if record_id not in touched:
                    owner[_unique_value(record, names)] = record_id
            for record_id, (_, record) in touched.items():
                if record is not None:
                    owner.setdefault(_unique_value(record, names), record_id)
            sheet = self.content.sheets[title]
            for record_id, (row, record) in touched.items():
                if record is None or row is None:
                    continue
                other = owner[_unique_value(record, names)]
                if other != record_id:
                    shown = " and ".join(str(v) for v in _unique_value(record, names))
                    noun = sheet.schema.entity.replace("_", " ")
                    self._problem(
                        sheet,
                        SheetRow(row, record_id, {}),
                        names[-1],
                        f"'{shown}' is already used by {noun} {other}",
                    )


def record_problems(record: Any, before: Any = None) -> list[str]:
    """What the domain's rules say against ``record`` (``before``: the record it replaces), as
    messages starting with the field's name."""
    problems = []
    validator = _VALIDATORS.get(type(record))
    try:
        if validator is not None:
            validator(record)
        if isinstance(before, dm.Release):
            check_status_change(before.key, before.status, record.status)
    except ValidationError as exc:
        problems.append(str(exc))
    if isinstance(record, dm.FreezeWindow) and record.end < record.start:
        problems.append(f"end: {record.end.isoformat()} is before the start {record.start}")
    if isinstance(record, dm.Dependency) and record.predecessor_id == record.successor_id:
        problems.append("successor_id: a schedule item cannot depend on itself")
    return problems


def _resolve(column: Any, value: Any, lookups: Lookups) -> Any:
    """The record value for a canonical value of ``column``."""
    if value is None:
        return None
    kind = column.kind
    if kind is Kind.DATE:
        return date.fromisoformat(value)
    if kind is Kind.DATETIME:
        return datetime.fromisoformat(value)
    if kind is Kind.ENUM:
        return column.enum(value)
    if kind is Kind.REF:
        return lookups.resolve(column.ref, value)
    return value


def _update(schema: SheetSchema, current: Any, name: str, value: Any) -> Operation:
    return Operation(
        "update",
        schema.record_type,
        current.id,
        values={name: value},
        expected={name: getattr(current, name)},
    )


def _same_for(schema: SheetSchema) -> Callable[[str, Any, Any], bool]:
    references = {c.field for c in schema.columns if c.kind is Kind.REF}

    def same(name: str, a: Any, b: Any) -> bool:
        if a == b:
            return True
        if name in references and isinstance(a, str) and isinstance(b, str):
            return a.casefold() == b.casefold()
        return False

    return same


def _differs(values: Mapping[str, Any], base: Mapping[str, Any], same: Callable) -> bool:
    for name, value in values.items():
        expected = base.get(name)
        if value != expected and not same(name, value, expected):
            return True
    return False


def _unique_value(record: Any, names: Sequence[str]) -> tuple:
    # Keys are unique regardless of case (release_by_key looks them up that way).
    values = (getattr(record, n) for n in names)
    return tuple(v.casefold() if isinstance(v, str) and names == ("key",) else v for v in values)
