"""Reading plan workbooks: headers in any order, every cell checked, problems with their place,
and hostile or damaged files refused before they are parsed."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from releaseplanner.domain.errors import UserError
from releaseplanner.exchange.base_snapshot import fields_row, header_row, record_row
from releaseplanner.exchange.workbook_schema import RISKS
from releaseplanner.exchange.xlsx_import import read_plan_workbook

RISK_ID = "rsk-00000000000000a1"


def workbook(path, sheets: dict[str, list[list]], base: list[list] | None = None):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if base is not None:
        sheet = book.create_sheet("_base")
        sheet.sheet_state = "hidden"
        for row in base:
            sheet.append(row)
    book.save(path)
    return path


def test_headers_in_any_order_case_and_spelling_extra_columns_warned(tmp_path):
    path = workbook(
        tmp_path / "hand.xlsx",
        {
            "risks": [
                ["notes", "IMPACT", "likelihood", "Title", "release", "Category", "review_date"],
                ["x", 2, "3", "Vendor late", "R-1", "Schedule", 46023],
                [None, None, None, None, None, None, None],  # trailing empty rows are skipped
                [None] * 7,
            ]
        },
    )
    content = read_plan_workbook(path)
    assert content.problems == [] and content.base is None
    assert content.warnings == [
        f"{path}, sheet 'risks': ignored column(s) 'notes' (A)",
        f"{path}, sheet 'risks': no ID column, so every row is added as new",
    ]
    (row,) = content.sheets["Risks"].rows
    assert row.row == 2 and row.record_id is None
    assert row.values == {
        "impact": 2,
        "likelihood": 3,
        "title": "Vendor late",
        "release_id": "R-1",
        "category": "schedule",
        "review_date": "2026-01-01",  # a serial number in a date column is a date
    }


def test_every_bad_cell_is_reported_with_sheet_row_and_column(tmp_path):
    path = workbook(
        tmp_path / "bad.xlsx",
        {
            "Risks": [
                ["ID", "Release", "Title", "Category", "Likelihood", "Impact", "Review date"],
                [RISK_ID, "R-1", "", "weather", 6, 2.5, "31/12/2026"],
                [RISK_ID, "R-1", "Fine", "technical", 1, 1, datetime(2026, 1, 1)],
                ["pkg-00000000000000a1", "R-1", "Wrong id", "technical", 1, 1, None],
            ],
            "Risks register": [["ID"]],
        },
    )
    content = read_plan_workbook(path)
    assert [p.describe(path) for p in content.problems] == [
        f"{path}, sheet 'Risks', row 2, column C (Title): is empty; a value is required",
        f"{path}, sheet 'Risks', row 2, column D (Category): 'weather' is not one of technical, "
        "schedule, resource, business, security, compliance, operational",
        f"{path}, sheet 'Risks', row 2, column E (Likelihood): 6 is not from 1 to 5",
        f"{path}, sheet 'Risks', row 2, column F (Impact): '2.5' is not a whole number",
        f"{path}, sheet 'Risks', row 2, column G (Review date): '31/12/2026' is not a date (use "
        "a date cell or YYYY-MM-DD)",
        f"{path}, sheet 'Risks', row 3, column A (ID): '{RISK_ID}' repeats row 2",
        f"{path}, sheet 'Risks', row 4, column A (ID): 'pkg-00000000000000a1' is not the id of a "
        "risk (leave it empty for a new row)",
        f"{path}, sheet 'Risks register': the sheet is not a plan sheet (expected Releases, "
        "Packages, Components, Changes, Schedule, Dependencies, Risks, Approvals, Freeze "
        "windows)",
    ]


def test_a_repeated_column_is_a_problem(tmp_path):
    path = workbook(tmp_path / "twice.xlsx", {"Risks": [["ID", "Title", "title"]]})
    (problem,) = read_plan_workbook(path).problems
    assert problem.describe(path) == (
        f"{path}, sheet 'Risks', row 1, column C (title): the column repeats column B"
    )


def base_rows(values: list) -> list[list]:
    return [header_row(), fields_row("Risks", RISKS.fields), record_row("Risks", RISK_ID, values)]


def test_a_sheet_missing_from_a_workbook_with_snapshot_is_a_problem(tmp_path):
    values = [None] * len(RISKS.fields)
    path = workbook(tmp_path / "lost.xlsx", {"Releases": [["ID"]]}, base_rows(values))
    (problem,) = read_plan_workbook(path).problems
    assert problem.describe(path) == (
        f"{path}, sheet 'Risks': the sheet is missing, but the export had 1 rows in it; put it "
        "back (or delete the hidden sheet '_base' to import two-way)"
    )


def test_a_column_missing_from_a_workbook_with_snapshot_is_left_alone(tmp_path):
    values = [None] * len(RISKS.fields)
    path = workbook(
        tmp_path / "narrow.xlsx", {"Risks": [["ID", "Title"], [RISK_ID, "T"]]}, base_rows(values)
    )
    content = read_plan_workbook(path)
    assert content.problems == []
    assert content.warnings[0].startswith(f"{path}, sheet 'Risks': column(s) Release, Package,")
    assert content.sheets["Risks"].rows[0].values == {"title": "T"}


def test_a_damaged_snapshot_is_refused(tmp_path):
    base = [header_row(), fields_row("Risks", ["title"]), ["Risks", RISK_ID, "[not json"]]
    path = workbook(tmp_path / "damaged.xlsx", {"Risks": [["ID"]]}, base)
    with pytest.raises(UserError, match=r"sheet '_base', row 3: the snapshot of the export is "):
        read_plan_workbook(path)


def test_a_snapshot_of_another_format_is_refused(tmp_path):
    path = workbook(tmp_path / "future.xlsx", {"Risks": [["ID"]]}, [["format", "other/9"]])
    with pytest.raises(UserError, match="expected format releaseplanner-base/1, found 'other/9'"):
        read_plan_workbook(path)


def test_entities_hidden_after_a_long_prolog_are_still_refused(tmp_path):
    """The quick scan reads the start of each part; defusedxml catches the rest."""
    path = workbook(tmp_path / "plain.xlsx", {"Risks": [["ID", "Title"], [None, "x"]]})
    hostile = tmp_path / "hostile.xlsx"
    prolog = b'<?xml version="1.0"?><!--' + b" " * 8000 + b"-->"
    doctype = b'<!DOCTYPE w [<!ENTITY e "boom">]>'
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(hostile, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = prolog + doctype + data.split(b"?>", 1)[-1]
            new.writestr(info, data)
    with pytest.raises(UserError, match=r"hostile.xlsx: the workbook's XML declares entities"):
        read_plan_workbook(hostile)


def test_an_open_document_spreadsheet_is_named_as_such(tmp_path):
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UserError, match="not an xlsx workbook \\(an OpenDocument spreadsheet"):
        read_plan_workbook(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(UserError, match=f"{tmp_path / 'nope.xlsx'}: no such file"):
        read_plan_workbook(tmp_path / "nope.xlsx")


def test_dates_and_numbers_of_other_programs(tmp_path):
    """Dates typed as text, as datetimes at midnight or a hair off it (float rounding), and
    whole numbers stored as floats all read as what they mean."""
    path = workbook(
        tmp_path / "other.xlsx",
        {
            "Schedule": [
                ["ID", "Planned start", "Planned end", "Actual start", "Actual end"],
                [
                    None,
                    "2026-03-01",
                    datetime(2026, 3, 4, 23, 59, 59, 999_900),
                    date(2026, 3, 2),
                    46085.0,
                ],
            ]
        },
    )
    (row,) = read_plan_workbook(path).sheets["Schedule"].rows
    assert row.values == {
        "planned_start": "2026-03-01",
        "planned_end": "2026-03-05",
        "actual_start": "2026-03-02",
        "actual_end": "2026-03-04",
    }
