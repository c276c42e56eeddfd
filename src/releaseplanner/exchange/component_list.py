"""Component lists exchanged with a CMDB: read and write CSV or xlsx with the columns
``name, version, type, owner, ci_id``.

Reading never stops at the first bad row: every row is checked and each problem is reported with
the file, sheet, row and column, so a user fixes the file in one pass. Headers are matched without
regard to case, spacing or order; unknown columns are ignored with a warning.
"""

from __future__ import annotations

import csv
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ComponentType
from releaseplanner.domain.errors import UserError, ValidationError

COLUMNS = ("ci_id", "name", "version", "type", "owner")
REQUIRED = ("ci_id", "name")
MAX_CELL = 200


@dataclass(frozen=True, slots=True)
class ComponentLine:
    """One valid row of a component list; ``row`` is the 1-based row number in the file."""

    row: int
    ci_id: str
    name: str
    version: str
    type: ComponentType
    owner: str


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class ComponentList:
    """What a file held: valid lines, problems per row, and warnings about the file itself."""

    path: Path
    source: str  # the file, and the sheet for xlsx, as messages name it
    lines: list[ComponentLine] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def describe(self, problem: RowProblem) -> str:
        return f"{self.source}, row {problem.row}, column {problem.column}: {problem.message}"


def read_component_list(path: Path) -> ComponentList:
    """Read a .csv or .xlsx component list.

    Raises:
        UserError: the file is missing, of another kind, unreadable, or lacks a required column
            (the message names the file and, for xlsx, the sheet).
    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    if suffix == ".csv":
        return _parse(path, str(path), _csv_rows(path))
    if suffix == ".xlsx":
        sheet_name, rows = _xlsx_rows(path)
        return _parse(path, f"{path} (sheet '{sheet_name}')", rows)
    raise UserError(f"{path}: a component list must be a .csv or .xlsx file")


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return [row for row in csv.reader(handle)]
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text; save the CSV as UTF-8") from None
    except csv.Error as exc:
        raise UserError(f"{path}: not a readable CSV file ({exc})") from None


def _xlsx_rows(path: Path) -> tuple[str, list[list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise UserError(f"{path}: not a readable xlsx workbook ({type(exc).__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        rows = [
            ["" if value is None else str(value).strip() for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        return sheet.title, rows
    finally:
        workbook.close()


def _parse(path: Path, source: str, rows: Sequence[Sequence[str]]) -> ComponentList:
    result = ComponentList(path, source)
    header_index = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    if header_index is None:
        raise UserError(f"{source}: the file is empty; expected columns {', '.join(COLUMNS)}")
    header = [_normalise(cell) for cell in rows[header_index]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise UserError(
            f"{source}, row {header_index + 1}: missing column(s) {', '.join(missing)}; "
            f"expected {', '.join(COLUMNS)}"
        )
    unknown = [rows[header_index][i] for i, c in enumerate(header) if c and c not in COLUMNS]
    if unknown:
        result.warnings.append(f"{source}: ignored column(s) {', '.join(unknown)}")
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(str(cell).strip() for cell in row):
            continue  # trailing blank rows are common in spreadsheets
        values = {
            name: _undefuse(str(row[i]).strip() if i < len(row) else "")
            for name, i in positions.items()
        }
        line = _check_row(offset, values, seen, result)
        # Remember every id, valid row or not, so a repeat is reported against its first row.
        seen.setdefault(values.get("ci_id", "").lower(), offset)
        if line is not None:
            result.lines.append(line)
    return result


def _check_row(
    row: int, values: dict[str, str], seen: dict[str, int], result: ComponentList
) -> ComponentLine | None:
    problems = []
    for name in REQUIRED:
        if not values.get(name):
            problems.append(RowProblem(row, name, "is empty"))
    for name, value in values.items():
        if len(value) > MAX_CELL:
            problems.append(RowProblem(row, name, f"is longer than {MAX_CELL} characters"))
    ci_id = values.get("ci_id", "")
    if ci_id and ci_id.lower() in seen:
        problems.append(RowProblem(row, "ci_id", f"'{ci_id}' repeats row {seen[ci_id.lower()]}"))
    component_type = ComponentType.APPLICATION
    if values.get("type"):
        try:
            component_type = ComponentType.parse(values["type"], field="type")
        except ValidationError as exc:
            problems.append(RowProblem(row, "type", str(exc).removeprefix("type: ")))
    if problems:
        result.problems.extend(problems)
        return None
    return ComponentLine(
        row=row,
        ci_id=ci_id,
        name=values["name"],
        version=values.get("version", ""),
        type=component_type,
        owner=values.get("owner", ""),
    )


def _normalise(header: str) -> str:
    return str(header).strip().lower().replace(" ", "_").replace("-", "_")


def component_rows(components: Iterable[dm.Component]) -> Iterator[list[str]]:
    """Header then one row per component, ordered by CI id, for writing."""
    yield list(COLUMNS)
    for component in sorted(components, key=lambda c: c.ci_id.lower()):
        yield [
            component.ci_id,
            component.name,
            component.version,
            component.type.value,
            component.owner,
        ]


def write_component_list(path: Path, components: Iterable[dm.Component]) -> int:
    """Write the catalogue to ``path`` (.csv or .xlsx) atomically; return the rows written.

    Text that a spreadsheet would run as a formula (starting with =, +, -, @) is written as text.

    Raises:
        UserError: another suffix, or the folder cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UserError(f"{path}: export to a .csv or .xlsx file")
    rows = list(component_rows(components))
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=suffix
        )
    except OSError as exc:
        raise UserError(f"{path}: cannot write there ({exc.strerror})") from None
    os.close(handle)
    try:
        if suffix == ".csv":
            with open(temporary, "w", newline="", encoding="utf-8") as out:
                csv.writer(out).writerows([[_defuse(c) for c in row] for row in rows])
        else:
            _write_xlsx(Path(temporary), rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(rows) - 1


def _write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Components"
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for letter, width in zip("ABCDE", (14, 36, 12, 18, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    workbook.save(path)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _defuse(text: str) -> str:
    """Prefix a quote to CSV text a spreadsheet would evaluate as a formula."""
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


def _undefuse(text: str) -> str:
    """Undo :func:`_defuse`, so an exported list re-imports unchanged."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text
