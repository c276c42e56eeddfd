"""Printing rows as an aligned table, CSV or JSON with stable field names."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, TextIO

FORMATS = ("table", "csv", "json")


def plain(value: Any) -> Any:
    """A value as JSON carries it: ISO 8601 dates, enum values, everything else as is."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def as_dicts(rows: list[Any]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        data = asdict(row) if is_dataclass(row) else dict(row)
        out.append({key: plain(value) for key, value in data.items()})
    return out


def emit(
    rows: list[Any], fmt: str, columns: list[str] | None = None, stream: TextIO | None = None
) -> None:
    """Write ``rows`` (dataclasses or dicts) to ``stream`` in ``fmt``.

    ``columns`` picks and orders the table and CSV columns; JSON always carries every field.
    """
    stream = stream or sys.stdout
    dicts = as_dicts(rows)
    if fmt == "json":
        json.dump(dicts, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    columns = columns or (list(dicts[0]) if dicts else [])
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        for row in dicts:
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
        return
    cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in dicts]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    stream.write(
        "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n"
    )
    for r in cells:
        stream.write("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() + "\n")
