"""The hidden ``_base`` sheet: what a plan workbook held when it was exported.

An import compares three versions of every row: this snapshot, the colleague's sheet and the
workspace now; that is how it tells the colleague's edits from changes made in the workspace
since. The sheet is a flat table a spreadsheet keeps intact:

* ``format | releaseplanner-base/1``: the first row, so an older or newer layout is recognised;
* ``#fields | <sheet> | ["key", "name", ...]``: the fields of that sheet's rows, as JSON;
* ``<sheet> | <id> | [values...]``: one row per exported record, canonical values as JSON (see
  :mod:`releaseplanner.exchange.cell_values`), split over several cells when longer than a cell
  may hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from releaseplanner.domain.errors import UserError

BASE_FORMAT = "releaseplanner-base/1"
_CELL_LIMIT = 32_000  # Excel holds 32,767 characters in a cell; stay clear of it
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass
class BaseSnapshot:
    """Exported rows per sheet title: ``rows[sheet][id]`` maps field → canonical value."""

    rows: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)


def fields_row(sheet: str, fields: Sequence[str]) -> list[str]:
    """The row that declares the fields of ``sheet``'s snapshot rows."""
    return ["#fields", sheet, _encode(list(fields))]


def record_row(sheet: str, record_id: str, values: Sequence[Any]) -> list[str]:
    """One exported record: its sheet, id and canonical values (aligned with the fields row)."""
    text = _encode(list(values))
    if len(text) <= _CELL_LIMIT:
        return [sheet, record_id, text]
    return [
        sheet,
        record_id,
        *(text[i : i + _CELL_LIMIT] for i in range(0, len(text), _CELL_LIMIT)),
    ]


def header_row() -> list[str]:
    return ["format", BASE_FORMAT]


def read_snapshot(rows: Iterable[Sequence[Any]], where: str) -> BaseSnapshot:
    """Parse the rows of a ``_base`` sheet.

    Args:
        rows: the sheet's rows as cell values.
        where: the file and sheet, for messages.

    Raises:
        UserError: the sheet is of another format or damaged (naming the row).
    """
    snapshot = BaseSnapshot()
    fields_of: dict[str, list[str]] = {}
    iterator: Iterator[Sequence[Any]] = iter(rows)
    first = next(iterator, None)
    if not first or len(first) < 2 or first[0] != "format" or first[1] != BASE_FORMAT:
        found = first[1] if first and len(first) > 1 else "nothing"
        raise UserError(
            f"{where}, row 1: expected format {BASE_FORMAT}, found {found!r}; the workbook "
            "comes from another version of Release Planner (delete the hidden sheet "
            "'_base' to import it as a two-way update)"
        )
    for number, row in enumerate(iterator, start=2):
        if not row or row[0] is None:
            continue
        try:
            if row[0] == "#fields":
                fields_of[str(row[1])] = json.loads(row[2])
                snapshot.rows.setdefault(str(row[1]), {})
                continue
            sheet, record_id = str(row[0]), str(row[1])
            values = json.loads("".join(str(c) for c in row[2:] if c is not None))
            names = fields_of[sheet]
            if len(values) != len(names):
                raise ValueError("wrong number of values")
            snapshot.rows[sheet][record_id] = dict(zip(names, values, strict=True))
        except (IndexError, KeyError, TypeError, ValueError):
            raise UserError(
                f"{where}, row {number}: the snapshot of the export is damaged (delete the "
                "hidden sheet '_base' to import the workbook as a two-way update)"
            ) from None
    return snapshot
