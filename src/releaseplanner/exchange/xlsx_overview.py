"""The plan workbook's two sheets for reading: the Summary and the Timeline.

The Summary names the workspace, the time and scope of the export, the rows per sheet and the
risk bands. The Timeline draws the schedule as coloured cells, one row per release and one
column per week, so the picture survives in any spreadsheet; each cell also carries a letter,
for printing in black and white. Both are skipped by the import.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import RiskBand, ScheduleKind, WindowKind
from releaseplanner.exchange.plan_data import PlanData
from releaseplanner.exchange.workbook_schema import SHEETS
from releaseplanner.exchange.xlsx_layout import (
    BAND_COLOURS,
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    CellMaker,
    band_ranges,
    declare_size,
    set_print_layout,
)

MAX_WEEKS = 156  # three years of weeks; a longer plan is cut at its end, not squeezed

#: Letter and fill of each kind of schedule item, the most telling first: where a week holds
#: several kinds, the cell shows the first of them.
KIND_STYLES: dict[ScheduleKind, tuple[str, str]] = {
    ScheduleKind.DEPLOYMENT: ("D", "F4B183"),
    ScheduleKind.MILESTONE: ("M", "C9A0DC"),
    ScheduleKind.FREEZE: ("F", "9DC3E6"),
    ScheduleKind.TEST: ("T", "FFD966"),
    ScheduleKind.BUILD: ("B", "BDD7EE"),
    ScheduleKind.EARLY_LIFE_SUPPORT: ("E", "A9D08E"),
    ScheduleKind.REVIEW: ("R", "D9D9D9"),
}
_PRIORITY = {kind: rank for rank, kind in enumerate(KIND_STYLES)}
WINDOW_STYLES = {WindowKind.FREEZE: ("F", "8EA9DB"), WindowKind.MAINTENANCE: ("W", "C6E0B4")}
HOW_TO = (
    "Edit the sheets, then import the workbook (File > Import, or 'rplan import FILE').",
    "Every row keeps its ID; leave the ID empty on a new row. Delete a row to remove it.",
    "Dates are dates; statuses and kinds have drop-downs. Derived columns are not imported.",
    "The hidden sheet '_base' records this export so the import can tell your edits from",
    "changes made in the workspace since: keep it.",
)


def write_summary(sheet: Any, data: PlanData) -> None:
    """Fill the Summary sheet: title, workspace, export time, scope, counts and risk bands."""
    make = CellMaker(sheet)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 14
    set_print_layout(sheet, repeat_header=False)
    sheet.page_setup.orientation = "portrait"
    scope = ", ".join(data.release_keys) if data.release_keys else "all releases"
    sheet.append([make.title("Release plan")])
    sheet.append([make.label("Workspace"), make.text(data.workspace)])
    sheet.append([make.label("Exported at"), make.formatted(data.exported_at, "yyyy-mm-dd hh:mm")])
    sheet.append([make.label("Exported by"), make.text(data.actor)])
    sheet.append([make.label("Scope"), make.text(scope)])
    sheet.append([])
    sheet.append([make.header("Sheet"), make.header("Rows")])
    for schema in SHEETS:
        sheet.append([schema.title, data.count(schema.title)])
    _band_table(sheet, make, "Active risks by band (likelihood × impact)", data.risk_bands)
    sheet.append([])
    for line in HOW_TO:
        sheet.append([line])


def _band_table(sheet: Any, make: CellMaker, title: str, counts: dict[RiskBand, int]) -> None:
    sheet.append([])
    sheet.append([make.header(title), make.header("Count"), make.header("Scores")])
    for band, lowest, highest in band_ranges():
        sheet.append(
            [
                make.filled(band.label, BAND_COLOURS[band]),
                counts.get(band, 0),
                f"{lowest}-{highest}",
            ]
        )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def write_timeline(sheet: Any, data: PlanData) -> None:
    """Fill the Timeline sheet: releases down, weeks across, schedule kinds as coloured cells."""
    items = data.schedule_items
    make = CellMaker(sheet)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 14
    if not items:
        sheet.append([make.header("Release"), make.header("Name"), make.header("Status")])
        sheet.append(["No schedule items to draw."])
        return
    first = _monday(min(i.planned_start for i in items))
    last = _monday(max(i.planned_end for i in items))
    weeks = min((last - first).days // 7 + 1, MAX_WEEKS)
    for index in range(weeks):
        sheet.column_dimensions[get_column_letter(4 + index)].width = 3.6
    sheet.freeze_panes = "D2"
    set_print_layout(sheet, repeat_header=True)
    declare_size(sheet, 3 + len(data.releases) + len(KIND_STYLES) + len(WINDOW_STYLES), 3 + weeks)
    week_header = [week_header_cell(make, first + timedelta(weeks=w)) for w in range(weeks)]
    sheet.append([make.header("Release"), make.header("Name"), make.header("Status"), *week_header])
    sheet.append(
        [make.label("Freeze windows"), None, None, *_window_cells(make, data, first, weeks)]
    )
    by_release: dict[str, list[dm.ScheduleItem]] = {}
    for item in items:
        by_release.setdefault(item.release_id, []).append(item)
    for release in data.releases:
        cells = _week_cells(make, by_release.get(release.id, ()), first, weeks)
        sheet.append(
            [make.text(release.key), make.text(release.name), release.status.value, *cells]
        )
    sheet.append([])
    for kind, (letter, colour) in KIND_STYLES.items():
        sheet.append([make.filled(letter, colour), kind.label])
    for kind, (letter, colour) in WINDOW_STYLES.items():
        sheet.append([make.filled(letter, colour), f"{kind.label} window"])


def _week_cells(
    make: CellMaker, items: Iterable[dm.ScheduleItem], first: date, weeks: int
) -> list[Any]:
    shown: dict[int, ScheduleKind] = {}
    for item in items:
        start = max((item.planned_start - first).days // 7, 0)
        end = min((item.planned_end - first).days // 7, weeks - 1)
        for week in range(start, end + 1):
            current = shown.get(week)
            if current is None or _PRIORITY[item.kind] < _PRIORITY[current]:
                shown[week] = item.kind
    cells: list[Any] = [None] * weeks
    for week, kind in shown.items():
        letter, colour = KIND_STYLES[kind]
        cells[week] = make.filled(letter, colour)
    return cells


def _window_cells(make: CellMaker, data: PlanData, first: date, weeks: int) -> list[Any]:
    cells: list[Any] = [None] * weeks
    for window in sorted(data.freeze_windows, key=lambda w: w.kind != WindowKind.FREEZE):
        start = max((window.start - first).days // 7, 0)
        end = min((window.end - first).days // 7, weeks - 1)
        letter, colour = WINDOW_STYLES[window.kind]
        for week in range(start, end + 1):
            if cells[week] is None:
                cells[week] = make.filled(letter, colour)
    return cells


def week_header_cell(make: CellMaker, monday: date) -> Any:
    """A rotated, dated header cell for the week starting ``monday``."""
    return make.styled(
        monday,
        "week",
        font=HEADER_FONT,
        fill=HEADER_FILL,
        border=HEADER_BORDER,
        number_format="d mmm yy",
        alignment=Alignment(text_rotation=90, horizontal="center"),
    )
