"""The plan workbook's sheets, declared once for the writer and the reader so they cannot drift.

Each :class:`SheetSchema` names the record type a sheet holds and lists its columns: the header
people see, the record field behind it, the kind of value (text, whole number, date, date and
time, enumeration, yes/no, a reference to another record by its readable key, or a derived
column that is written for reading only), the width, and the limits the reader checks.

References travel as readable text: a release by its key, a team or environment by its name, a
person by their name (qualified by team where names repeat), a catalogue component by its CMDB
id. Packages and schedule items have no readable key, so they are referenced by their stable id,
with a derived column beside it giving the name.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import (
    ApprovalDecision,
    ApprovalRole,
    ChangeKind,
    ChangeStatus,
    DependencyKind,
    DomainEnum,
    PackageStatus,
    ReleaseStatus,
    RiskCategory,
    RiskStatus,
    ScheduleKind,
    ScheduleStatus,
    WindowKind,
)
from releaseplanner.domain.risk import SCORE_BANDS

#: Sheets the plan workbook carries besides the record sheets; the reader skips them.
SUMMARY_SHEET = "Summary"
TIMELINE_SHEET = "Timeline"
BASE_SHEET = "_base"
INFORMATIONAL_SHEETS = (SUMMARY_SHEET, TIMELINE_SHEET)


class Kind(StrEnum):
    """What a column holds, deciding how it is written, read and compared."""

    TEXT = "text"
    INT = "int"
    DATE = "date"
    DATETIME = "datetime"
    ENUM = "enum"
    BOOL = "bool"
    REF = "ref"  # another record, by the readable text of :data:`REFERENCE_KINDS`
    DERIVED = "derived"  # written for people to read; never imported


#: What a derived column may show of the record an id points at.
DERIVED_VIEWS = {
    "package_name": "the package's name",
    "package_release": "the key of the package's release",
    "schedule_name": "the schedule item's name",
    "component_name": "the catalogue component's name",
}

#: Record kinds a REF column may point at, and what the sheet shows of them.
REFERENCE_KINDS = {
    "release": "key",
    "release_type": "key",
    "team": "name",
    "person": "name",
    "environment": "name",
    "component": "CMDB id (ci_id)",
    "package": "id",
    "schedule_item": "id",
}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet.

    ``field`` is the record field behind the column (for a derived column: a name only). A
    derived column shows what the id in field ``source`` points at, as ``via`` names it (see
    :data:`DERIVED_VIEWS`), or gives an Excel ``formula`` in which ``{field}`` stands for the
    cell of that field in the same row.
    """

    header: str
    field: str
    kind: Kind
    width: float = 14
    enum: type[DomainEnum] | None = None
    ref: str | None = None
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    source: str | None = None
    via: str | None = None
    formula: str | None = None
    number_format: str | None = None

    @property
    def imported(self) -> bool:
        return self.kind is not Kind.DERIVED


@dataclass(frozen=True, slots=True)
class SheetSchema:
    """A sheet of records: its title, record type, entity kind (for ids) and columns.

    ``frozen`` is how many leading columns stay in view when scrolling sideways.
    """

    title: str
    record_type: type
    entity: str
    columns: tuple[Column, ...]
    frozen: int = 2

    @property
    def id_column(self) -> Column:
        return self.columns[0]

    @property
    def fields(self) -> tuple[str, ...]:
        """The imported record fields, in column order, without the id."""
        return tuple(c.field for c in self.columns[1:] if c.imported)

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    @property
    def nullable(self) -> frozenset[str]:
        """Fields that may hold None (an empty cell clears them)."""
        return _nullable_fields(self.record_type)

    @property
    def defaults(self) -> dict[str, Any]:
        """Field defaults of the record type: what a new row gets for a missing column."""
        found = {}
        for f in dataclasses.fields(self.record_type):
            if f.default is not dataclasses.MISSING:
                found[f.name] = f.default
        return found


def _nullable_fields(record_type: type) -> frozenset[str]:
    # Annotations are strings (postponed evaluation); "X | None" marks an optional field.
    return frozenset(
        f.name for f in dataclasses.fields(record_type) if "None" in str(f.type).split("|")[-1]
    )


def _id() -> Column:
    return Column("ID", "id", Kind.TEXT, width=21)


def _text(header: str, field: str, width: float = 24, *, required: bool = False, limit=None):
    return Column(header, field, Kind.TEXT, width, required=required, max_length=limit)


def _date(header: str, field: str, *, required: bool = False) -> Column:
    return Column(header, field, Kind.DATE, 12, required=required)


def _enum(header: str, field: str, enum: type[DomainEnum], width: float = 14, **kw) -> Column:
    return Column(header, field, Kind.ENUM, width, enum=enum, **kw)


def _ref(header: str, field: str, ref: str, width: float = 16, *, required: bool = False):
    return Column(header, field, Kind.REF, width, ref=ref, required=required)


def _scale(header: str, field: str, *, required: bool = False) -> Column:
    return Column(header, field, Kind.INT, 10, required=required, minimum=1, maximum=5)


def _derived(header: str, name: str, source: str, via: str, width: float = 20) -> Column:
    return Column(header, name, Kind.DERIVED, width, source=source, via=via)


def _score_formula() -> str:
    return '=IF(COUNT({likelihood},{impact})=2,{likelihood}*{impact},"")'


def _band_formula() -> str:
    # Bands come from the domain's table, highest first, so the sheet agrees with the app.
    expression = '""'
    for lowest, band in reversed(SCORE_BANDS):
        expression = f'IF({{score}}>={lowest},"{band.value}",{expression})'
    return f'=IF({{score}}="","",{expression})'


RELEASES = SheetSchema(
    "Releases",
    dm.Release,
    "release",
    (
        _id(),
        _text("Key", "key", 14, required=True, limit=40),
        _text("Name", "name", 34, required=True, limit=200),
        _ref("Type", "release_type_id", "release_type", 11, required=True),
        _enum("Status", "status", ReleaseStatus, 18),
        _ref("Owner", "owner_id", "person", 22),
        _ref("Team", "team_id", "team", 18),
        _date("Planned start", "planned_start"),
        _date("Planned go-live", "planned_go_live"),
        _date("Actual start", "actual_start"),
        _date("Actual go-live", "actual_go_live"),
        _text("Description", "description", 40),
    ),
)

PACKAGES = SheetSchema(
    "Packages",
    dm.ReleasePackage,
    "package",
    (
        _id(),
        _ref("Release", "release_id", "release", 14, required=True),
        _text("Name", "name", 34, required=True, limit=200),
        _enum("Status", "status", PackageStatus, 13),
        _ref("Team", "team_id", "team", 18),
        _ref("Owner", "owner_id", "person", 22),
        _text("Description", "description", 40),
    ),
    frozen=3,
)

COMPONENTS = SheetSchema(
    "Components",
    dm.PackageComponent,
    "package_component",
    (
        _id(),
        _derived("Release", "release_key", "package_id", "package_release", 14),
        _ref("Package", "package_id", "package", 21, required=True),
        _derived("Package name", "package_name", "package_id", "package_name", 28),
        _ref("CI ID", "component_id", "component", 14, required=True),
        _derived("Component", "component_name", "component_id", "component_name"),
        _text("From version", "from_version", 13, limit=60),
        _text("To version", "to_version", 13, limit=60),
    ),
    frozen=2,
)

CHANGES = SheetSchema(
    "Changes",
    dm.ChangeItem,
    "change_item",
    (
        _id(),
        _derived("Release", "release_key", "package_id", "package_release", 14),
        _ref("Package", "package_id", "package", 21, required=True),
        _derived("Package name", "package_name", "package_id", "package_name", 28),
        _text("Ticket", "ticket_ref", 12, required=True, limit=60),
        _text("Title", "title", 40, required=True, limit=300),
        _enum("Kind", "kind", ChangeKind, 14),
        _enum("Status", "status", ChangeStatus, 13),
        _date("Created on", "created_on"),
    ),
    frozen=2,
)

SCHEDULE = SheetSchema(
    "Schedule",
    dm.ScheduleItem,
    "schedule_item",
    (
        _id(),
        _ref("Release", "release_id", "release", 14, required=True),
        _ref("Package", "package_id", "package", 21),
        _text("Name", "name", 30, required=True, limit=200),
        _enum("Kind", "kind", ScheduleKind, 18, required=True),
        _ref("Environment", "environment_id", "environment", 13),
        _enum("Status", "status", ScheduleStatus, 13),
        _date("Planned start", "planned_start", required=True),
        _date("Planned end", "planned_end", required=True),
        _date("Actual start", "actual_start"),
        _date("Actual end", "actual_end"),
        _ref("Team", "team_id", "team", 18),
    ),
    frozen=2,
)

DEPENDENCIES = SheetSchema(
    "Dependencies",
    dm.Dependency,
    "dependency",
    (
        _id(),
        _ref("Predecessor", "predecessor_id", "schedule_item", 21, required=True),
        _derived("Predecessor name", "predecessor_name", "predecessor_id", "schedule_name", 28),
        _ref("Successor", "successor_id", "schedule_item", 21, required=True),
        _derived("Successor name", "successor_name", "successor_id", "schedule_name", 28),
        _enum("Kind", "kind", DependencyKind, 17),
        Column("Lag days", "lag_days", Kind.INT, 10, minimum=-3650, maximum=3650),
    ),
    frozen=1,
)

RISKS = SheetSchema(
    "Risks",
    dm.Risk,
    "risk",
    (
        _id(),
        _ref("Release", "release_id", "release", 14, required=True),
        _ref("Package", "package_id", "package", 21),
        _text("Title", "title", 36, required=True, limit=300),
        _enum("Category", "category", RiskCategory, 13, required=True),
        _scale("Likelihood", "likelihood", required=True),
        _scale("Impact", "impact", required=True),
        Column("Score", "score", Kind.DERIVED, 8, formula=_score_formula()),
        Column("Band", "band", Kind.DERIVED, 10, formula=_band_formula()),
        _enum("Status", "status", RiskStatus, 12),
        _ref("Owner", "owner_id", "person", 22),
        _scale("Residual likelihood", "residual_likelihood"),
        _scale("Residual impact", "residual_impact"),
        _date("Review date", "review_date"),
        _text("Mitigation", "mitigation", 36),
        _text("Contingency", "contingency", 30),
        _text("Description", "description", 36),
    ),
    frozen=2,
)

APPROVALS = SheetSchema(
    "Approvals",
    dm.Approval,
    "approval",
    (
        _id(),
        _ref("Release", "release_id", "release", 14, required=True),
        _enum("Role", "role", ApprovalRole, 16, required=True),
        _text("Approver", "approver", 22, limit=120),
        _enum("Decision", "decision", ApprovalDecision, 12),
        Column("Decided at", "decided_at", Kind.DATETIME, 17),
        _text("Comment", "comment", 40),
    ),
)

FREEZE_WINDOWS = SheetSchema(
    "Freeze windows",
    dm.FreezeWindow,
    "freeze_window",
    (
        _id(),
        _text("Name", "name", 30, required=True, limit=200),
        _enum("Kind", "kind", WindowKind, 13),
        _date("Start", "start", required=True),
        _date("End", "end", required=True),
        _ref("Environment", "environment_id", "environment", 14),
        _text("Reason", "reason", 40),
    ),
)

#: The record sheets, parents before children: the order they are written, read and applied.
SHEETS: tuple[SheetSchema, ...] = (
    RELEASES,
    PACKAGES,
    COMPONENTS,
    CHANGES,
    SCHEDULE,
    DEPENDENCIES,
    RISKS,
    APPROVALS,
    FREEZE_WINDOWS,
)
SHEET_BY_TITLE = {s.title: s for s in SHEETS}


def normalise_name(text: Any) -> str:
    """A header or sheet name as matched: case, spaces, dashes and underscores ignored."""
    return "".join(ch for ch in str(text).casefold() if ch not in " _-\t\n")


def find_sheet(title: str) -> SheetSchema | None:
    """The schema of the sheet called ``title`` (compared as :func:`normalise_name` does)."""
    wanted = normalise_name(title)
    return next((s for s in SHEETS if normalise_name(s.title) == wanted), None)


def header_aliases(schema: SheetSchema) -> dict[str, Column]:
    """Every accepted spelling of each column's header (also the record field's name)."""
    aliases: dict[str, Column] = {}
    for column in schema.columns:
        aliases.setdefault(normalise_name(column.header), column)
        aliases.setdefault(normalise_name(column.field), column)
    return aliases
