"""The look of exported workbooks: header style, widths, drop-downs, risk colours, printing.

Shared by the plan workbook and the post-release review workbook so both read alike. Everything
here works on openpyxl's write-only sheets, which take column widths, frozen panes and page
properties before the first row and validations, filters and formats before the workbook is
saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from releaseplanner.domain.enums import RiskBand
from releaseplanner.domain.risk import SCORE_BANDS
from releaseplanner.exchange.cell_values import needs_defusing

LAST_ROW = 1_048_576  # validations cover the whole column, so rows added later get them too
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F4F6F")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin", color="1B2B3B"))
TITLE_FONT = Font(bold=True, size=16)
LABEL_FONT = Font(bold=True)

#: Fill colours of the risk bands, lowest first (light enough to read black text on).
BAND_COLOURS: dict[RiskBand, str] = {
    RiskBand.LOW: "C6EFCE",
    RiskBand.MEDIUM: "FFEB9C",
    RiskBand.HIGH: "F8CBAD",
    RiskBand.CRITICAL: "FF8B8B",
}


def band_ranges() -> list[tuple[RiskBand, int, int]]:
    """(band, lowest score, highest score) from the domain's table, lowest band first."""
    ranges = []
    upper = 25
    for lowest, band in SCORE_BANDS:
        ranges.append((band, lowest, upper))
        upper = lowest - 1
    return list(reversed(ranges))


class CellMaker:
    """Makes styled write-only cells cheaply: each style is built once and its style array
    copied, since resolving fonts and fills per cell would dominate the time of a large export."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self._styles: dict[Any, Any] = {}

    def styled(self, value: Any, name: Any, **style: Any) -> WriteOnlyCell:
        """A cell with the style called ``name``, made from ``style`` the first time."""
        template = self._styles.get(name)
        if template is None:
            return self._first(value, name, style)
        cell = WriteOnlyCell(self.sheet, value)
        cell._style = copy(template)
        return cell

    def _first(self, value: Any, name: Any, style: dict[str, Any]) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value)
        for attribute, setting in style.items():
            setattr(cell, attribute, setting)
        self._styles[name] = copy(cell._style)
        return cell

    def text(self, value: str) -> Any:
        """Text that is never taken for a formula: quote-prefixed when it starts like one."""
        if not needs_defusing(value):
            return value
        cell = self.styled(value, "defused", quotePrefix=True)
        cell.data_type = "s"
        return cell

    def header(self, value: str) -> WriteOnlyCell:
        return self.styled(
            value,
            "header",
            font=HEADER_FONT,
            fill=HEADER_FILL,
            alignment=HEADER_ALIGNMENT,
            border=HEADER_BORDER,
        )

    def title(self, value: str) -> WriteOnlyCell:
        return self.styled(value, "title", font=TITLE_FONT)

    def label(self, value: str) -> WriteOnlyCell:
        return self.styled(value, "label", font=LABEL_FONT)

    def filled(self, value: Any, colour: str, number_format: str | None = None) -> WriteOnlyCell:
        name = ("fill", colour, number_format)
        if name in self._styles:  # the common case: skip building the fill
            return self.styled(value, name)
        style: dict[str, Any] = {"fill": PatternFill("solid", fgColor=colour)}
        if number_format:
            style["number_format"] = number_format
        return self._first(value, name, style)

    def formatted(self, value: Any, number_format: str) -> WriteOnlyCell:
        return self.styled(value, ("format", number_format), number_format=number_format)


def start_table_sheet(
    workbook: Workbook, title: str, widths: Sequence[float], frozen_columns: int = 1
) -> Any:
    """A write-only sheet set up as a table: widths, frozen header (and first columns), and
    landscape printing fitted to the page width with the header repeated on every page."""
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}2"
    set_print_layout(sheet, repeat_header=True)
    return sheet


def declare_size(sheet: Any, rows: int, columns: int) -> None:
    """Write the sheet's size into its header (call before the first row).

    openpyxl's write-only sheets leave the size out, and a reader in read-only mode then parses
    the whole sheet an extra time just to find it.
    """
    ref = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"
    sheet.calculate_dimension = lambda: ref


def set_print_layout(sheet: Any, *, repeat_header: bool) -> None:
    """Landscape, one page wide (as many pages tall as needed), header row on every page."""
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.gridLines = True
    if repeat_header:
        sheet.print_title_rows = "1:1"


def finish_table_sheet(sheet: Any, columns: int, rows: int) -> None:
    """Turn on the auto-filter over the header and ``rows`` data rows."""
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(columns, 1))}{rows + 1}"


def add_list_validation(
    sheet: Any, column_index: int, choices: Sequence[str], *, strict: bool = True
) -> bool:
    """A drop-down of ``choices`` on a whole column below the header.

    Returns False (and adds nothing) when the list is too long for an inline list (Excel allows
    255 characters); ``strict`` False only warns on other values instead of refusing them.
    """
    formula = '"' + ",".join(choices) + '"'
    if len(formula) > 255 or not choices or any("," in c or '"' in c for c in choices):
        return False
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle="Not in the list",
        error="Pick one of: " + ", ".join(choices),
    )
    _cover_column(sheet, validation, column_index)
    return True


def add_range_list_validation(sheet: Any, column_index: int, source: str) -> None:
    """A drop-down taken from a range of another sheet (e.g. the release keys); other values
    only warn, since a new key may be typed in the same edit."""
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Unknown",
        error="Not found in the list; the import will refuse it unless it is added.",
    )
    _cover_column(sheet, validation, column_index)


def add_scale_validation(sheet: Any, column_index: int, low: int, high: int) -> None:
    """Whole numbers from ``low`` to ``high`` only (likelihood and impact 1-5)."""
    validation = DataValidation(
        type="whole",
        operator="between",
        formula1=str(low),
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Out of range",
        error=f"A whole number from {low} to {high}",
    )
    _cover_column(sheet, validation, column_index)


def _cover_column(sheet: Any, validation: DataValidation, column_index: int) -> None:
    letter = get_column_letter(column_index)
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.data_validations.append(validation)


def add_band_colours(sheet: Any, column_index: int) -> None:
    """Colour a column of risk scores (1-25) by band, with the domain's thresholds."""
    letter = get_column_letter(column_index)
    cells = f"{letter}2:{letter}{LAST_ROW}"
    for band, lowest, highest in band_ranges():
        fill = PatternFill("solid", fgColor=BAND_COLOURS[band], bgColor=BAND_COLOURS[band])
        rule = CellIsRule(operator="between", formula=[str(lowest), str(highest)], fill=fill)
        sheet.conditional_formatting.add(cells, rule)


def add_text_band_colours(sheet: Any, column_index: int) -> None:
    """Colour a column of band names ("low" ... "critical")."""
    letter = get_column_letter(column_index)
    cells = f"{letter}2:{letter}{LAST_ROW}"
    for band, colour in BAND_COLOURS.items():
        fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        rule = CellIsRule(operator="equal", formula=[f'"{band.value}"'], fill=fill)
        sheet.conditional_formatting.add(cells, rule)
