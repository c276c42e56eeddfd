"""Cell values: what a record's field becomes in a sheet, and what a sheet's cell means.

Every value has a *canonical* form, plain enough for JSON: text (trimmed, newlines as ``\\n``),
whole numbers, ISO dates (``2026-03-01``), ISO date-times to the second, enumeration values,
booleans, and references as the text the sheet shows. The writer derives the canonical form
from the cell it writes, the reader from the cell it reads, so a workbook saved again by Excel
or LibreOffice (shared strings, dates as serial numbers, other styles) compares equal to what
was exported, and only real edits show up as changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

from releaseplanner.domain.errors import ValidationError
from releaseplanner.exchange.workbook_schema import Column, Kind

# Characters XML 1.0 cannot carry; a spreadsheet cannot hold them either.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: What a spreadsheet would evaluate when typed: such text is written as text, never a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_LAST_EXCEL_SERIAL = 2958465  # 9999-12-31
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0", ""}


class CellError(Exception):
    """A cell's value does not fit its column; the message says why, without the place."""


def clean_text(value: Any) -> str:
    """Text as compared and written: trimmed, CR LF and CR as LF, unprintable controls gone."""
    if value is None:
        return ""
    text = str(value)
    if not text.isprintable():
        text = _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip()


def needs_defusing(text: str) -> bool:
    """True for text a spreadsheet would treat as a formula if it were typed in."""
    return text.startswith(FORMULA_STARTS)


def round_to_second(moment: datetime) -> datetime:
    """Spreadsheets keep date-times as fractions of a day; compare them to the second."""
    if moment.microsecond:
        moment = (moment + timedelta(microseconds=500_000)).replace(microsecond=0)
    return moment


# -- record value → canonical (export, and the workspace side of a merge) ----------------------
def canonical_of(column: Column, value: Any, lookups: Any) -> Any:
    """The canonical form of a record's field ``value`` in ``column``."""
    kind = column.kind
    if kind is Kind.TEXT:
        return clean_text(value)
    if value is None:
        return None
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.DATETIME:
        return round_to_second(value).isoformat()
    if kind is Kind.ENUM:
        return value.value
    if kind is Kind.REF:
        return lookups.display(column.ref, value)
    return value  # INT, BOOL


def cell_of(column: Column, canonical: Any) -> Any:
    """The typed value written to a cell for a canonical value (dates as real dates)."""
    if canonical is None or canonical == "":
        return None
    if column.kind is Kind.DATE:
        return date.fromisoformat(canonical)
    if column.kind is Kind.DATETIME:
        return datetime.fromisoformat(canonical)
    return canonical


def same(column: Column, a: Any, b: Any) -> bool:
    """Whether two canonical values of ``column`` mean the same (references ignore case)."""
    if column.kind is Kind.REF and a is not None and b is not None:
        return a.casefold() == b.casefold()
    return a == b


# -- cell → canonical (import) ----------------------------------------------------------------
def reader_for(column: Column, epoch: datetime = CALENDAR_WINDOWS_1900) -> Callable[[Any], Any]:
    """A function turning a raw cell value of ``column`` into its canonical form.

    The function raises CellError for a value that does not fit (a date that is not a date, a
    likelihood of 7, an unknown status...).
    """
    kind = column.kind
    if kind is Kind.TEXT:
        return _read_text
    if kind is Kind.INT:
        return lambda value: _read_int(value, column)
    if kind is Kind.DATE:
        return lambda value: _read_date(value, epoch)
    if kind is Kind.DATETIME:
        return lambda value: _read_datetime(value, epoch)
    if kind is Kind.ENUM:
        return lambda value: _read_enum(value, column)
    if kind is Kind.BOOL:
        return _read_bool
    return _read_ref


def _read_text(value: Any) -> str:
    if isinstance(value, str):
        return clean_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = round_to_second(value)
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    return clean_text(value)


def _read_int(value: Any, column: Column) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(f"{value!r} is not a whole number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise CellError(f"'{value}' is not a whole number") from None
        if not number.is_integer():
            raise CellError(f"'{value}' is not a whole number")
        value = int(number)
    if not isinstance(value, int):
        raise CellError(f"'{value}' is not a whole number")
    if (
        column.minimum is not None
        and column.maximum is not None
        and not column.minimum <= value <= column.maximum
    ):
        raise CellError(f"{value} is not from {column.minimum} to {column.maximum}")
    return value


def _from_serial(value: float, epoch: datetime) -> datetime:
    if not 1 <= value <= _LAST_EXCEL_SERIAL:  # below 1 is a time of day, not a date
        raise CellError(f"{value} is not a date")
    return round_to_second(from_excel(value, epoch))


def _read_date(value: Any, epoch: datetime) -> str | None:
    if isinstance(value, datetime):
        return round_to_second(value).date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(value, epoch).date().isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        if len(text) > 10 and text[10] in "T ":
            return datetime.fromisoformat(text).date().isoformat()
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise CellError(f"'{text}' is not a date (use a date cell or YYYY-MM-DD)") from None


def _read_datetime(value: Any, epoch: datetime) -> str | None:
    if isinstance(value, datetime):
        return round_to_second(value).isoformat()
    if isinstance(value, date):
        return datetime.combine(value, time()).isoformat()
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(value, epoch).isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CellError(
            f"'{text}' is not a date and time (use a date cell or YYYY-MM-DD HH:MM)"
        ) from None
    if moment.tzinfo is not None:
        raise CellError(f"'{text}' has a time zone; give the local time without one")
    return round_to_second(moment).isoformat()


def _read_enum(value: Any, column: Column) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    assert column.enum is not None
    try:
        return column.enum.parse(str(value), field=column.field).value
    except ValidationError as exc:
        raise CellError(str(exc).removeprefix(f"{column.field}: ")) from None


def _read_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return None if not text else False
    raise CellError(f"'{value}' is not yes or no")


def _read_ref(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    return text or None
