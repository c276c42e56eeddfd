"""The plan as CSV, one file per sheet, for tools that want plain text.

``DIR/releases.csv``, ``packages.csv``, ``components.csv``, ``changes.csv``, ``schedule.csv``,
``dependencies.csv``, ``risks.csv``, ``approvals.csv`` and ``freeze_windows.csv``: the same
columns, headers and values as the workbook's sheets (dates as YYYY-MM-DD, date-times as
YYYY-MM-DDTHH:MM:SS, enumerations by value, references by key or id). UTF-8 without a byte order
mark, comma-separated, a header row, CRLF line ends as RFC 4180 has them. Text that a spreadsheet
would evaluate as a formula is prefixed with an apostrophe. The derived Score and Band of a risk
hold their values, not formulas. Each file is written atomically.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from releaseplanner.domain.errors import UserError
from releaseplanner.domain.risk import band_for_score
from releaseplanner.exchange.atomic import atomic_target
from releaseplanner.exchange.cell_values import needs_defusing
from releaseplanner.exchange.plan_data import PlanData, record_rows
from releaseplanner.exchange.workbook_schema import SHEETS, SheetSchema


def csv_name(schema: SheetSchema) -> str:
    """The file name of a sheet's CSV: ``freeze_windows.csv`` for "Freeze windows"."""
    return schema.title.lower().replace(" ", "_") + ".csv"


def write_plan_csv(folder: Path, data: PlanData) -> dict[str, Path]:
    """Write one CSV file per sheet into ``folder`` (created when missing).

    Returns:
        The file written for each sheet title.

    Raises:
        UserError: the folder cannot be created or written.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: is a file; give a folder for the CSV files")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{folder}: cannot create the folder ({exc.strerror})") from None
    written = {}
    for schema in SHEETS:
        path = folder / csv_name(schema)
        with (
            atomic_target(path) as temporary,
            temporary.open("w", newline="", encoding="utf-8") as out,
        ):
            writer = csv.writer(out)
            writer.writerow([c.header for c in schema.columns])
            fields = [c.field for c in schema.columns[1:]]
            for record_id, values in record_rows(
                schema, data.records.get(schema.title, ()), data.lookups
            ):
                row = dict(zip(fields, values, strict=True))
                _fill_scores(row)
                writer.writerow([record_id, *(_text(row[f]) for f in fields)])
        written[schema.title] = path
    return written


def _fill_scores(row: dict[str, Any]) -> None:
    # The workbook computes these with formulas; CSV has none, so give the values.
    if (
        "score" in row
        and isinstance(row.get("likelihood"), int)
        and isinstance(row.get("impact"), int)
    ):
        row["score"] = row["likelihood"] * row["impact"]
        row["band"] = band_for_score(row["score"]).value


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if needs_defusing(text) else text
