"""The merge rules of an import, and the plan they produce.

Every row exists in up to three versions: the *base* (what the workbook held when exported, from
its hidden snapshot), *theirs* (the colleague's sheet) and *ours* (the workspace now). Field by
field:

* theirs equals base: the colleague did not touch it; nothing to do, whatever ours holds;
* theirs differs, ours equals base: the colleague's edit is a change to apply;
* theirs differs, ours differs too: the same value on both sides needs nothing; different
  values are a conflict, shown with both values and resolved by the user (ours or theirs).

Rows: a row without base that is not in the workspace is added; a base row missing from the
sheet is removed, unless the workspace changed it since (a conflict); a row the colleague
edited that the workspace deleted since is a conflict too. Without a base (a workbook written
by hand or by another tool) the import is two-way: a row whose id the workspace knows is
updated where it differs, a row without id is added, and nothing is removed.

Values are canonical (see :mod:`releaseplanner.exchange.cell_values`), compared with a
``same`` function so references ignore case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from releaseplanner.exchange.references import describe_value
from releaseplanner.exchange.xlsx_import import CellProblem

Same = Callable[[str, Any, Any], bool]
MISSING = object()


def _equal(_field: str, a: Any, b: Any) -> bool:
    return a == b


@dataclass(frozen=True, slots=True)
class FieldConflict:
    field: str
    base: Any
    ours: Any
    theirs: Any


def merge_fields(
    fields: Iterable[str],
    base: Mapping[str, Any] | None,
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    same: Same = _equal,
) -> tuple[dict[str, Any], list[FieldConflict]]:
    """Merge one row present on all sides (``base`` None: two-way).

    Fields absent from ``theirs`` (a column the sheet lacks) count as untouched.

    Returns:
        (field → theirs value to apply, conflicts).
    """
    changes: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name in fields:
        t = theirs.get(name, MISSING)
        if t is MISSING:
            continue
        o = ours.get(name)
        b = MISSING if base is None else base.get(name, MISSING)
        if b is MISSING:  # two-way, or a field the snapshot did not have
            if not same(name, t, o):
                changes[name] = t
            continue
        if same(name, t, b) or same(name, t, o):
            continue
        if same(name, o, b):
            changes[name] = t
        else:
            conflicts.append(FieldConflict(name, b, o, t))
    return changes, conflicts


def changed_fields(
    fields: Iterable[str],
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    same: Same = _equal,
) -> list[str]:
    """Fields present in both mappings whose values differ."""
    return [
        name
        for name in fields
        if name in before and name in after and not same(name, before[name], after[name])
    ]


class RowFate(StrEnum):
    """What a row comes to, decided from which of the three versions exist."""

    NOTHING = "nothing"
    ADD = "add"
    MERGE = "merge"  # on all sides (or theirs and ours without base): compare field by field
    REMOVE = "remove"  # in base and ours, gone from theirs: removed unless ours changed
    REVIVE = "revive"  # in base and theirs, gone from ours: a conflict if theirs changed


def row_fate(in_base: bool, in_ours: bool, in_theirs: bool) -> RowFate:
    """The fate of a row from its presence in the base, the workspace and the sheet."""
    if in_theirs:
        if in_ours:
            return RowFate.MERGE
        return RowFate.REVIVE if in_base else RowFate.ADD
    if in_base and in_ours:
        return RowFate.REMOVE
    return RowFate.NOTHING


# -- the plan --------------------------------------------------------------------------------------
class ItemKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"
    CONFLICT = "conflict"


@dataclass(frozen=True, slots=True)
class Operation:
    """What applying an item does to the workspace.

    ``create``: insert ``record``; ``update``: set ``values`` on the record, which the preview
    saw holding ``expected``; ``delete``: remove the record (and what cascades from it).
    """

    action: str
    record_type: type
    record_id: str
    values: Mapping[str, Any] = field(default_factory=dict)
    expected: Mapping[str, Any] = field(default_factory=dict)
    record: Any = None


@dataclass(frozen=True, slots=True)
class MergeItem:
    """One line of the preview: a row added or removed, a field changed, or a conflict.

    ``old`` is the workspace's value (as the sheet would show it), ``new`` the workbook's,
    ``base`` the exported one (conflicts). Added rows carry their values in ``new`` as a
    mapping, removed rows theirs in ``old``; row conflicts say in ``note`` what happened.
    ``operation`` is what applying the item does (for a conflict: taking the workbook's side).
    """

    kind: ItemKind
    sheet: str
    record_id: str
    operation: Operation | None
    field: str = ""
    column: str = ""
    old: Any = None
    new: Any = None
    base: Any = None
    row: int | None = None
    label: str = ""
    note: str = ""

    @property
    def key(self) -> str:
        """Identifies the item within its plan (for check boxes and ``selected``)."""
        return f"{self.sheet}|{self.record_id}|{self.field}"

    def as_dict(self) -> dict[str, Any]:
        """The item as JSON carries it."""
        data: dict[str, Any] = {
            "sheet": self.sheet,
            "id": self.record_id,
            "label": self.label,
            "field": self.field or None,
            "column": self.column or None,
            "old": self.old,
            "new": self.new,
            "row": self.row,
        }
        if self.kind is ItemKind.CONFLICT:
            data["base"] = self.base
            data["note"] = self.note
        return data

    def describe(self) -> str:
        """One readable line: ``~ Risks R-1 'Vendor late' likelihood: 3 -> 4``."""
        what = f"{self.sheet} {self.label or self.record_id}"
        if self.kind is ItemKind.ADDED:
            return f"+ {what}: added"
        if self.kind is ItemKind.REMOVED:
            return f"- {what}: removed"
        if self.kind is ItemKind.CHANGED:
            return (
                f"~ {what} {self.column}: {describe_value(self.old)} -> {describe_value(self.new)}"
            )
        if self.field:
            return (
                f"! {what} {self.column}: workspace {describe_value(self.old)}, workbook "
                f"{describe_value(self.new)} (exported {describe_value(self.base)})"
            )
        return f"! {what}: {self.note}"


@dataclass
class MergePlan:
    """A previewed import: what it would add, change and remove, the conflicts, and problems
    (which block it). ``three_way`` is False for a workbook without a snapshot."""

    path: Path
    three_way: bool
    items: list[MergeItem] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    more_problems: int = 0
    unchanged: int = 0

    def of_kind(self, kind: ItemKind) -> list[MergeItem]:
        return [item for item in self.items if item.kind is kind]

    @property
    def added(self) -> list[MergeItem]:
        return self.of_kind(ItemKind.ADDED)

    @property
    def changed(self) -> list[MergeItem]:
        return self.of_kind(ItemKind.CHANGED)

    @property
    def removed(self) -> list[MergeItem]:
        return self.of_kind(ItemKind.REMOVED)

    @property
    def conflicts(self) -> list[MergeItem]:
        return self.of_kind(ItemKind.CONFLICT)

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)

    def problem_messages(self) -> list[str]:
        """Every problem as a line naming file, sheet, row and column."""
        lines = [problem.describe(self.path) for problem in self.problems]
        if self.more_problems:
            lines.append(f"{self.path}: and {self.more_problems} more problem(s)")
        return lines

    def as_dict(self) -> dict[str, Any]:
        """The plan as ``rplan import --format json`` prints it."""
        return {
            "file": str(self.path),
            "mode": "three-way" if self.three_way else "two-way",
            "added": [i.as_dict() for i in self.added],
            "changed": [i.as_dict() for i in self.changed],
            "removed": [i.as_dict() for i in self.removed],
            "conflicts": [i.as_dict() for i in self.conflicts],
            "unchanged": self.unchanged,
            "warnings": list(self.warnings),
        }
