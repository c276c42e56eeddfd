"""Writing the plan workbook: one sheet per kind of record, a summary, a timeline and a snapshot.

Sheets follow :mod:`releaseplanner.exchange.workbook_schema`. Values keep their types (dates are
Excel dates, numbers are numbers), every row carries its record's stable id, and text a
spreadsheet would evaluate (starting with =, +, -, @, tab or CR) is written as quote-prefixed
text, never as a formula. The hidden, protected ``_base`` sheet records what was exported, for
the three-way merge of a later import.

openpyxl's write-only mode streams rows to disk as they are made, so a workspace of tens of
thousands of schedule items is written in little memory; the file appears under its name only
when complete (see :mod:`releaseplanner.exchange.atomic`).
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import WorkbookAlreadySaved

from releaseplanner.exchange import base_snapshot
from releaseplanner.exchange.atomic import atomic_target
from releaseplanner.exchange.cell_values import FORMULA_STARTS
from releaseplanner.exchange.plan_data import PlanData, record_rows
from releaseplanner.exchange.workbook_schema import (
    BASE_SHEET,
    RELEASES,
    SHEETS,
    Column,
    Kind,
    SheetSchema,
)
from releaseplanner.exchange.xlsx_layout import (
    CellMaker,
    add_band_colours,
    add_list_validation,
    add_range_list_validation,
    add_scale_validation,
    add_text_band_colours,
    declare_size,
    finish_table_sheet,
    start_table_sheet,
)
from releaseplanner.exchange.xlsx_overview import write_summary, write_timeline

_FORMULA_FIRST = frozenset(FORMULA_STARTS)
#: Reference kinds short enough, and closed enough, for a strict drop-down.
_CLOSED_REFERENCE_LISTS = ("release_type", "environment")


def write_plan_workbook(path: Path, data: PlanData) -> dict[str, int]:
    """Write the plan workbook for ``data`` to ``path`` atomically.

    Returns:
        The number of rows written per record sheet, by sheet title.

    Raises:
        UserError: the folder is missing or cannot be written.
    """
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("Summary")
    sheets = {
        schema.title: start_table_sheet(
            workbook, schema.title, [c.width for c in schema.columns], schema.frozen
        )
        for schema in SHEETS
    }
    timeline = workbook.create_sheet("Timeline")
    base = workbook.create_sheet(BASE_SHEET)
    base.sheet_state = "hidden"
    # Protected against slips, not against intent: the snapshot is no secret.
    base.protection.sheet = True
    # Snapshot rows longer than a cell are split over more cells; readers must not trust the
    # declared width of this sheet (the import does not).
    declare_size(base, 1 + len(SHEETS) + sum(data.count(s.title) for s in SHEETS), 3)
    base.append(base_snapshot.header_row())

    try:
        write_summary(summary, data)
        counts = {}
        for schema in SHEETS:
            counts[schema.title] = _write_records(sheets[schema.title], base, schema, data)
        write_timeline(timeline, data)
        with atomic_target(path) as temporary:
            workbook.save(temporary)
    except BaseException:
        _discard(workbook)
        raise
    return counts


def _discard(workbook: Workbook) -> None:
    """Close and delete the rows streamed so far, so a failed export leaves no temporary
    files behind (write-only sheets stream to files of their own until saved)."""
    for sheet in workbook.worksheets:
        with contextlib.suppress(WorkbookAlreadySaved, OSError, ValueError):
            sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()


def _write_records(sheet: Any, base: Any, schema: SheetSchema, data: PlanData) -> int:
    make = CellMaker(sheet)
    declare_size(sheet, data.count(schema.title) + 1, len(schema.columns))
    sheet.append([make.header(c.header) for c in schema.columns])
    base.append(base_snapshot.fields_row(schema.title, schema.fields))
    columns = schema.columns[1:]
    # Cells are made from the canonical values kind by kind (see record_rows for why).
    text = [
        i
        for i, c in enumerate(columns)
        if c.kind in (Kind.TEXT, Kind.REF, Kind.DERIVED) and c.formula is None
    ]
    dates = [i for i, c in enumerate(columns) if c.kind is Kind.DATE]
    moments = [i for i, c in enumerate(columns) if c.kind is Kind.DATETIME]
    formulas = [(i, _formula_template(c, schema)) for i, c in enumerate(columns) if c.formula]
    imported = [i for i, c in enumerate(columns) if c.imported]
    every_column = len(imported) == len(columns)  # then the snapshot takes the row as it is
    title, records = schema.title, data.records.get(schema.title, ())
    row_number = 1
    for row_number, (record_id, values) in enumerate(
        record_rows(schema, records, data.lookups), start=2
    ):
        cells = [record_id, *values]
        for i in text:
            value = values[i]
            if not value:
                cells[i + 1] = None  # no cell at all, as a spreadsheet has for an empty one
            elif value[0] in _FORMULA_FIRST:
                cells[i + 1] = make.text(value)
        for i in dates:
            if values[i] is not None:
                cells[i + 1] = date.fromisoformat(values[i])
        for i in moments:
            if values[i] is not None:
                cells[i + 1] = datetime.fromisoformat(values[i])
        for i, template in formulas:
            cells[i + 1] = template.format(row=row_number)
        sheet.append(cells)
        snapshot = values if every_column else [values[i] for i in imported]
        base.append(base_snapshot.record_row(title, record_id, snapshot))
    _decorate(sheet, schema, data, row_number - 1)
    return len(records)


def _formula_template(column: Column, schema: SheetSchema) -> str:
    """The column's formula with each ``{field}`` as that field's cell in row ``{row}``."""
    template = column.formula or ""
    for index, other in enumerate(schema.columns, start=1):
        template = template.replace(f"{{{other.field}}}", f"{get_column_letter(index)}{{row}}")
    return template


def _release_keys_range(data: PlanData) -> str:
    # Room below the exported keys, so releases the colleague adds show in the drop-down too.
    letter = get_column_letter(RELEASES.columns.index(RELEASES.column("key")) + 1)
    return f"'{RELEASES.title}'!${letter}$2:${letter}${data.count(RELEASES.title) + 1001}"


def _decorate(sheet: Any, schema: SheetSchema, data: PlanData, rows: int) -> None:
    """Drop-downs, scales and band colours per column; then the auto-filter."""
    for index, column in enumerate(schema.columns, start=1):
        if column.kind is Kind.ENUM and column.enum is not None:
            add_list_validation(sheet, index, column.enum.values())
        elif column.kind is Kind.INT and (column.minimum, column.maximum) == (1, 5):
            add_scale_validation(sheet, index, 1, 5)
        elif column.kind is Kind.REF and column.ref == "release" and schema is not RELEASES:
            add_range_list_validation(sheet, index, _release_keys_range(data))
        elif column.kind is Kind.REF and column.ref in _CLOSED_REFERENCE_LISTS:
            add_list_validation(sheet, index, data.lookups.choices(column.ref))
        elif column.field == "score":
            add_band_colours(sheet, index)
        elif column.field == "band":
            add_text_band_colours(sheet, index)
    finish_table_sheet(sheet, len(schema.columns), rows)
