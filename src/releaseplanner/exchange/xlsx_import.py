"""Reading a plan workbook: every cell checked against the schema, every problem reported.

The reader never stops at the first bad cell: it collects each problem with its sheet, row and
column, so a colleague fixes the file in one pass. It turns cells into canonical values (see
:mod:`releaseplanner.exchange.cell_values`) and reads the hidden ``_base`` snapshot when there is
one; comparing with the workspace is the merge's job. Headers are matched without regard to
case, spacing or order; unknown columns are ignored with a warning; trailing empty rows are
skipped. The file is checked before it is opened (:mod:`releaseplanner.exchange.xlsx_safety`)
and read in openpyxl's read-only mode with defusedxml guarding the XML parser.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from releaseplanner.domain.errors import UserError
from releaseplanner.domain.ids import PREFIXES
from releaseplanner.exchange.base_snapshot import BaseSnapshot, read_snapshot
from releaseplanner.exchange.cell_values import CellError, reader_for
from releaseplanner.exchange.workbook_schema import (
    BASE_SHEET,
    INFORMATIONAL_SHEETS,
    SHEETS,
    Column,
    Kind,
    SheetSchema,
    find_sheet,
    header_aliases,
    normalise_name,
)
from releaseplanner.exchange.xlsx_safety import check_workbook_file

_BAD_ID = object()
MAX_PROBLEMS = 200  # enough to fix a file by; a wrong file would otherwise print thousands
_DAMAGED = (ParseError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError)


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A problem at a place in the workbook; ``row`` and ``column`` are None when it concerns a
    whole sheet or row. ``column`` is the letter, ``header`` the column's heading."""

    sheet: str
    row: int | None
    column: str | None
    header: str | None
    message: str

    def describe(self, path: Path | str) -> str:
        place = f"{path}, sheet '{self.sheet}'"
        if self.row is not None:
            place += f", row {self.row}"
        if self.column is not None:
            place += f", column {self.column}"
            if self.header:
                place += f" ({self.header})"
        return f"{place}: {self.message}"


@dataclass(slots=True)
class SheetRow:
    """A data row: its row number, id (None for a new row) and canonical values by field (only
    for the columns the sheet has; a cell with a problem is left out, and ``damaged`` set)."""

    row: int
    record_id: str | None
    values: dict[str, Any]
    damaged: bool = False


@dataclass
class SheetContent:
    """One record sheet as read: its schema, title as found, columns and rows."""

    schema: SheetSchema
    title: str
    positions: dict[str, int]  # field → 1-based column index
    headers: dict[str, str]  # field → header as found
    rows: list[SheetRow] = field(default_factory=list)

    def place(self, field_name: str) -> tuple[str | None, str | None]:
        """The column letter and header of a field, or (None, schema header) when absent."""
        index = self.positions.get(field_name)
        if index is None:
            return None, self.schema.column(field_name).header
        return get_column_letter(index), self.headers[field_name]


@dataclass
class WorkbookContent:
    """What a plan workbook held: record sheets by schema title, the snapshot (None when the
    workbook has none: a two-way import), problems and warnings."""

    path: Path
    sheets: dict[str, SheetContent] = field(default_factory=dict)
    base: BaseSnapshot | None = None
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    more_problems: int = 0

    def problem(self, problem: CellProblem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more_problems += 1


def read_plan_workbook(path: Path) -> WorkbookContent:
    """Read and check every record sheet of the plan workbook at ``path``.

    Returns:
        The content, with cell problems collected rather than raised.

    Raises:
        UserError: the file cannot be read as a workbook at all: missing, not an xlsx,
            encrypted, truncated or damaged, a possible zip bomb, or XML with entity
            declarations (each message names the file, and the sheet where it applies).
    """
    path = Path(path)
    check_workbook_file(path)
    content = WorkbookContent(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except DefusedXmlException:
        raise UserError(_entities_message(path, None)) from None
    except (*_DAMAGED, ValueError, TypeError, IndexError) as exc:
        if _caused_by_entities(exc):  # openpyxl wraps what the parser raised in a ValueError
            raise UserError(_entities_message(path, None)) from None
        raise UserError(
            f"{path}: the workbook is damaged and cannot be read ({type(exc).__name__})"
        ) from None
    try:
        for sheet in workbook.worksheets:
            _guarded(path, sheet.title, lambda s=sheet: _read_sheet(content, s, workbook.epoch))
    finally:
        workbook.close()
    _check_sheets_against_base(content)
    return content


def _guarded(path: Path, title: str, read: Callable[[], None]) -> None:
    try:
        read()
    except DefusedXmlException:
        raise UserError(_entities_message(path, title)) from None
    except _DAMAGED as exc:
        raise UserError(
            f"{path}, sheet '{title}': the sheet is truncated or damaged ({type(exc).__name__})"
        ) from None


def _caused_by_entities(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _entities_message(path: Path, sheet: str | None) -> str:
    where = f"{path}, sheet '{sheet}'" if sheet else f"{path}"
    return (
        f"{where}: the workbook's XML declares entities (possibly an external-entity "
        "attack); refused. Save it again from your spreadsheet program."
    )


def _read_sheet(content: WorkbookContent, sheet: Any, epoch: Any) -> None:
    title = sheet.title
    if title == BASE_SHEET:
        sheet.reset_dimensions()
        content.base = read_snapshot(
            sheet.iter_rows(values_only=True), f"{content.path}, sheet '{title}'"
        )
        return
    if title in INFORMATIONAL_SHEETS:
        return
    # Sizes written by other programs may be wrong; read rows as they are instead of padding
    # or cutting them to the declared size.
    sheet.reset_dimensions()
    schema = find_sheet(title)
    if schema is None or schema.title in content.sheets:
        expected = ", ".join(s.title for s in SHEETS)
        reason = "appears twice" if schema else f"is not a plan sheet (expected {expected})"
        content.problem(CellProblem(title, None, None, None, f"the sheet {reason}"))
        return
    rows = sheet.iter_rows(values_only=True)
    header, header_row = _first_nonempty(rows)
    if header is None:
        return  # an empty sheet: nothing to import from it
    sheet_content = _map_header(content, schema, title, header, header_row)
    if sheet_content is None:
        return
    content.sheets[schema.title] = sheet_content
    _read_rows(content, sheet_content, rows, header_row + 1, epoch)


def _first_nonempty(rows: Iterator[tuple[Any, ...]]) -> tuple[tuple[Any, ...] | None, int]:
    for number, row in enumerate(rows, start=1):
        if any(v is not None and str(v).strip() for v in row):
            return row, number
    return None, 0


def _map_header(
    content: WorkbookContent,
    schema: SheetSchema,
    title: str,
    header: tuple[Any, ...],
    row: int,
) -> SheetContent | None:
    aliases = header_aliases(schema)
    found = SheetContent(schema, title, {}, {})
    ignored = []
    for index, text in enumerate(header, start=1):
        if text is None or not str(text).strip():
            continue
        column = aliases.get(normalise_name(text))
        if column is None:
            ignored.append(f"'{text}' ({get_column_letter(index)})")
            continue
        if column.field in found.positions:
            first = get_column_letter(found.positions[column.field])
            content.problem(
                CellProblem(
                    title,
                    row,
                    get_column_letter(index),
                    str(text),
                    f"the column repeats column {first}",
                )
            )
            continue
        if column.imported:
            found.positions[column.field] = index
            found.headers[column.field] = str(text).strip()
    if ignored:
        content.warnings.append(
            f"{content.path}, sheet '{title}': ignored column(s) " + ", ".join(ignored)
        )
    if "id" not in found.positions:
        content.warnings.append(
            f"{content.path}, sheet '{title}': no ID column, so every row is added as new"
        )
    return found


def _read_rows(
    content: WorkbookContent,
    sheet: SheetContent,
    rows: Iterator[tuple[Any, ...]],
    first_row: int,
    epoch: Any,
) -> None:
    schema = sheet.schema
    id_at = sheet.positions.get("id")
    id_pattern = re.compile(rf"{PREFIXES[schema.entity]}-[0-9a-f]{{16}}")
    readers = [
        (field_name, index - 1, _checked_reader(schema.column(field_name), epoch))
        for field_name, index in sheet.positions.items()
        if field_name != "id"
    ]
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=first_row):
        if not any(v is not None and v != "" for v in row):
            continue  # trailing and separating blank rows are common in spreadsheets
        width = len(row)
        record_id = _read_id(content, sheet, row, id_at, number, id_pattern, seen)
        values: dict[str, Any] = {}
        damaged = record_id is _BAD_ID
        if damaged:
            record_id = None
        for field_name, position, read in readers:
            raw = row[position] if position < width else None
            try:
                values[field_name] = read(raw)
            except CellError as exc:
                damaged = True
                letter, header = sheet.place(field_name)
                content.problem(CellProblem(sheet.title, number, letter, header, str(exc)))
        sheet.rows.append(SheetRow(number, record_id, values, damaged))


def _read_id(
    content: WorkbookContent,
    sheet: SheetContent,
    row: tuple[Any, ...],
    id_at: int | None,
    number: int,
    pattern: re.Pattern[str],
    seen: dict[str, int],
) -> Any:
    """The row's id, None for a new row, or _BAD_ID (reported) for an id that cannot be used."""
    if id_at is None or id_at > len(row) or row[id_at - 1] is None:
        return None
    record_id = str(row[id_at - 1]).strip()
    if not record_id:
        return None
    letter, header = sheet.place("id")
    if not pattern.fullmatch(record_id):
        noun = sheet.schema.entity.replace("_", " ")
        content.problem(
            CellProblem(
                sheet.title,
                number,
                letter,
                header,
                f"'{record_id}' is not the id of a {noun} (leave it empty for a new row)",
            )
        )
        return _BAD_ID
    if record_id in seen:
        content.problem(
            CellProblem(
                sheet.title, number, letter, header, f"'{record_id}' repeats row {seen[record_id]}"
            )
        )
        return _BAD_ID
    seen[record_id] = number
    return record_id


def _checked_reader(column: Column, epoch: Any) -> Callable[[Any], Any]:
    """The column's cell reader, plus its required and length checks."""
    read = reader_for(column, epoch)
    if not column.required and column.max_length is None:
        return read
    limit = column.max_length

    def checked(raw: Any) -> Any:
        value = read(raw)
        if column.required and (value is None or value == ""):
            raise CellError("is empty; a value is required")
        if limit is not None and column.kind is Kind.TEXT and len(value) > limit:
            raise CellError(f"is {len(value)} characters long; at most {limit} fit")
        return value

    return checked


def _check_sheets_against_base(content: WorkbookContent) -> None:
    """A sheet or column missing from a workbook with a snapshot would read as every row (or
    value) removed: refuse a missing sheet, and leave a missing column's values as they are."""
    if content.base is None:
        return
    for title, exported in content.base.rows.items():
        sheet = content.sheets.get(title)
        if sheet is None:
            if exported:
                content.problem(
                    CellProblem(
                        title,
                        None,
                        None,
                        None,
                        f"the sheet is missing, but the export had {len(exported)} rows in it; "
                        "put it back (or delete the hidden sheet '_base' to import two-way)",
                    )
                )
            continue
        if "id" not in sheet.positions and sheet.rows:
            content.problem(
                CellProblem(
                    title, None, None, "ID", "the ID column is missing; rows cannot be matched"
                )
            )
        missing = [
            c.header for c in sheet.schema.columns if c.imported and c.field not in sheet.positions
        ]
        missing = [h for h in missing if h != "ID"]
        if missing:
            content.warnings.append(
                f"{content.path}, sheet '{title}': column(s) {', '.join(missing)} missing; "
                "their values are left as they are"
            )
