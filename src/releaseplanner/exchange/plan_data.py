"""What a plan export holds, and its records as rows of canonical values, sheet by sheet.

The services read the records in one session and hand them over as a :class:`PlanData`; the
xlsx and CSV writers and the merge all turn records into rows with :func:`record_rows`, so the
three agree on every value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import RiskBand
from releaseplanner.exchange.cell_values import canonical_of, clean_text, round_to_second
from releaseplanner.exchange.references import Lookups
from releaseplanner.exchange.workbook_schema import Kind, SheetSchema


@dataclass
class PlanData:
    """Records to export, per sheet title, with the lookups that name their references.

    ``release_keys`` is the export's filter (empty: every release). ``risk_bands`` counts the
    active risks per band of their likelihood × impact score.
    """

    workspace: str
    exported_at: datetime
    records: dict[str, Sequence[Any]]
    lookups: Lookups
    schedule_items: Sequence[dm.ScheduleItem] = ()
    freeze_windows: Sequence[dm.FreezeWindow] = ()
    releases: Sequence[dm.Release] = ()
    release_keys: tuple[str, ...] = ()
    actor: str = ""
    risk_bands: dict[RiskBand, int] = field(default_factory=dict)

    def count(self, title: str) -> int:
        return len(self.records.get(title, ()))


def record_rows(
    schema: SheetSchema, records: Iterable[Any], lookups: Lookups
) -> Iterator[tuple[str, list[Any]]]:
    """Each record as (id, values of ``schema.columns[1:]``): canonical values for imported
    columns, the derived value (or None for a formula) for derived ones.

    The same values as :func:`~releaseplanner.exchange.cell_values.canonical_of` gives, made
    column kind by column kind rather than cell by cell: an export of tens of thousands of rows
    spends its time writing cells, not calling a function per cell to make them.
    """
    columns = schema.columns[1:]
    # Derived columns fetch the id as a placeholder: they are filled in below (formulas: None).
    fetch = attrgetter(*(c.field if c.imported else "id" for c in columns))
    text = [i for i, c in enumerate(columns) if c.kind is Kind.TEXT]
    dates = [i for i, c in enumerate(columns) if c.kind is Kind.DATE]
    moments = [i for i, c in enumerate(columns) if c.kind is Kind.DATETIME]
    enums = [i for i, c in enumerate(columns) if c.kind is Kind.ENUM]
    references = [
        (i, lookups.display_map(c.ref or "")) for i, c in enumerate(columns) if c.kind is Kind.REF
    ]
    derived = [
        (i, attrgetter(c.source), lookups.derived_map(c.via))
        for i, c in enumerate(columns)
        if c.kind is Kind.DERIVED and c.source and c.via
    ]
    formulas = [i for i, c in enumerate(columns) if c.formula]
    for record in records:
        values = list(fetch(record)) if len(columns) > 1 else [fetch(record)]
        for i in text:
            value = values[i]
            # Most text is printable and trimmed already; clean_text handles the rest.
            if value and (not value.isprintable() or value[0] == " " or value[-1] == " "):
                values[i] = clean_text(value)
            elif value is None:
                values[i] = ""
        for i in dates:
            if values[i] is not None:
                values[i] = values[i].isoformat()
        for i in moments:
            if values[i] is not None:
                values[i] = round_to_second(values[i]).isoformat()
        for i in enums:
            if values[i] is not None:
                values[i] = values[i]._value_  # the plain string, without the property
        for i, shown in references:
            value = values[i]
            if value is not None:
                values[i] = shown.get(value, value)
        for i, source, names in derived:
            values[i] = names.get(source(record))
        for i in formulas:
            values[i] = None  # the xlsx writer writes the formula, CSV the computed value
        yield record.id, values


def canonical_row(schema: SheetSchema, record: Any, lookups: Lookups) -> dict[str, Any]:
    """A record's imported fields as field → canonical value (the workspace side of a merge)."""
    return {
        column.field: canonical_of(column, getattr(record, column.field), lookups)
        for column in schema.columns[1:]
        if column.imported
    }
