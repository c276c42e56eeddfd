"""Reading and writing CMDB component lists (CSV and xlsx), with per-row problems."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook, load_workbook

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ComponentType
from releaseplanner.domain.errors import UserError
from releaseplanner.exchange.component_list import read_component_list, write_component_list


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path, rows, title="CMDB export"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_headers_in_any_order_and_case_with_extra_columns_warned(tmp_path):
    path = write_csv(
        tmp_path / "cmdb.csv",
        [
            ["Owner", "CI ID", "Name", "Type", "Version", "Location"],
            ["Ana", "CI-00001", "Payments API", "service", "4.2.0", "eu-west"],
            ["", "CI-00002", "Ledger DB", "Database schema", "", ""],
            [],
        ],
    )
    parsed = read_component_list(path)
    assert parsed.problems == []
    assert parsed.warnings == [f"{path}: ignored column(s) Location"]
    first, second = parsed.lines
    assert (first.row, first.ci_id, first.name, first.version, first.owner) == (
        2,
        "CI-00001",
        "Payments API",
        "4.2.0",
        "Ana",
    )
    assert second.type is ComponentType.DATABASE_SCHEMA


def test_every_bad_row_is_reported_with_row_and_column(tmp_path):
    path = write_csv(
        tmp_path / "cmdb.csv",
        [
            ["ci_id", "name", "type"],
            ["CI-1", "", "service"],
            ["CI-2", "Gateway", "spaceship"],
            ["ci-2", "Gateway again", "service"],
            ["CI-3", "Fine", ""],
        ],
    )
    parsed = read_component_list(path)
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "name"), (3, "type"), (4, "ci_id")]
    assert "'spaceship' is not one of" in parsed.problems[1].message
    assert parsed.describe(parsed.problems[0]) == f"{path}, row 2, column name: is empty"
    assert [line.ci_id for line in parsed.lines] == ["CI-3"]


def test_a_duplicate_ci_id_names_the_first_row(tmp_path):
    path = write_csv(
        tmp_path / "cmdb.csv",
        [
            ["ci_id", "name"],
            ["CI-9", "One"],
            ["ci-9", "Two"],
        ],
    )
    (problem,) = read_component_list(path).problems
    assert (problem.row, problem.column, problem.message) == (3, "ci_id", "'ci-9' repeats row 2")


def test_xlsx_names_the_sheet(tmp_path):
    path = write_xlsx(tmp_path / "cmdb.xlsx", [["ci_id", "name", "version"], ["CI-5", None, 3]])
    parsed = read_component_list(path)
    assert parsed.describe(parsed.problems[0]) == (
        f"{path} (sheet 'CMDB export'), row 2, column name: is empty"
    )


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("notes.txt", "hello", "must be a .csv or .xlsx"),
        ("fake.xlsx", "this is not a zip", "not a readable xlsx workbook"),
        ("empty.csv", "", "the file is empty"),
        ("nohead.csv", "a,b\n1,2\n", "missing column(s) ci_id, name"),
    ],
)
def test_unreadable_files_are_named(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(UserError) as caught:
        read_component_list(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_write_then_read_round_trips_and_defuses_formulas(tmp_path):
    components = [
        dm.Component(
            id="cmp-1",
            ci_id="CI-2",
            name='=HYPERLINK("x")',
            version="1.0",
            type=ComponentType.SERVICE,
            owner="@ops",
        ),
        dm.Component(id="cmp-2", ci_id="CI-1", name="Ledger", version="2.0"),
    ]
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"out{suffix}"
        assert write_component_list(path, components) == 2
        assert not list(tmp_path.glob(".out*")), "no temporary file is left behind"
        parsed = read_component_list(path)
        assert [line.ci_id for line in parsed.lines] == ["CI-1", "CI-2"]
        assert parsed.lines[1].name == '=HYPERLINK("x")' and parsed.lines[1].owner == "@ops"
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet["B3"].data_type == "s" and sheet["B3"].value == '=HYPERLINK("x")'
    assert sheet.freeze_panes == "A2"
    with (tmp_path / "out.csv").open() as handle:
        assert "'=HYPERLINK" in handle.read()
