"""The plan workbook as a person opens it: sheets, real types, styled frozen headers, filters,
drop-downs, risk colours, printing, the hidden snapshot, text that never runs as a formula, and
a file that appears whole or not at all."""

from __future__ import annotations

import os
import shutil
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import UserError
from releaseplanner.services.commands import EditRecord
from releaseplanner.services.exchange import export_plan
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.store import Store

SHEET_NAMES = [
    "Summary",
    "Releases",
    "Packages",
    "Components",
    "Changes",
    "Schedule",
    "Dependencies",
    "Risks",
    "Approvals",
    "Freeze windows",
    "Timeline",
    "_base",
]
TRICKY = ["=1+2", "+44 20 7946 0000", "-rollback", "@SUM(A1:A3)", "\tindented"]


@pytest.fixture(scope="module")
def book(demo_db, tmp_path_factory):
    """The whole demo plan exported once, with formula-like text in some release fields."""
    folder = tmp_path_factory.mktemp("export")
    db = folder / "plan.sqlite"
    shutil.copyfile(demo_db, db)
    workspace = open_workspace(str(db))
    with workspace.session_factory() as session:
        releases = Store(session).releases()
    for release, text in zip(releases, TRICKY, strict=False):
        EditRecord(workspace, dm.Release, release.id, {"description": text}, "Edit").redo()
    path = folder / "plan.xlsx"
    counts = export_plan(workspace, path)
    with workspace.session_factory() as session:
        expected = {r.id: r for r in Store(session).releases()}
    workspace.close()
    return load_workbook(path), counts, expected


def test_sheets_and_counts(book):
    workbook, counts, releases = book
    assert workbook.sheetnames == SHEET_NAMES
    assert counts["Releases"] == len(releases) == workbook["Releases"].max_row - 1
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["Scope"] == "all releases" and summary["Releases"] == counts["Releases"]
    assert isinstance(summary["Exported at"], datetime)
    assert {"Low", "Medium", "High", "Critical"} <= set(summary)


def test_rows_carry_ids_and_real_types(book):
    workbook, _, releases = book
    sheet = workbook["Releases"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["ID", "Key", "Name", "Type", "Status"]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        release = releases[row[0]]
        assert row[1] == release.key and row[4] == release.status.value
        start = row[header.index("Planned start")]
        assert start is None or (
            isinstance(start, datetime) and start.date() == release.planned_start
        )
    likelihoods = [r[5] for r in workbook["Risks"].iter_rows(min_row=2, values_only=True)]
    assert likelihoods and all(isinstance(v, int) for v in likelihoods)


def test_headers_are_styled_frozen_and_filtered(book):
    workbook, counts, _ = book
    sheet = workbook["Risks"]
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("2F4F6F")
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:Q{counts['Risks'] + 1}"
    assert sheet.column_dimensions["D"].width == 36


def test_drop_downs_for_enumerations_scales_and_release_keys(book):
    workbook, _, _ = book
    validations = {
        str(v.sqref): (v.type, v.formula1, v.formula2)
        for v in workbook["Risks"].data_validations.dataValidation
    }
    assert validations["E2:E1048576"] == (
        "list",
        '"technical,schedule,resource,business,security,compliance,operational"',
        None,
    )
    assert validations["F2:F1048576"] == ("whole", "1", "5")
    assert validations["B2:B1048576"][1].startswith("'Releases'!$B$2:$B$")
    statuses = {
        str(v.sqref): v.formula1 for v in workbook["Releases"].data_validations.dataValidation
    }
    assert statuses["E2:E1048576"].startswith('"planned,in_build,in_test')
    assert statuses["D2:D1048576"] == '"emergency,major,minor,patch"'


def test_risk_scores_are_formulas_coloured_by_band(book):
    workbook, _, _ = book
    sheet = workbook["Risks"]
    assert sheet["H2"].value == '=IF(COUNT(F2,G2)=2,F2*G2,"")'
    assert sheet["I2"].value.startswith('=IF(H2="","",IF(H2>=20,"critical"')
    ranges = {
        str(r.sqref): [rule.formula for rule in r.rules] for r in sheet.conditional_formatting
    }
    assert ranges["H2:H1048576"] == [["1", "4"], ["5", "9"], ["10", "19"], ["20", "25"]]


def test_print_set_up(book):
    workbook, _, _ = book
    sheet = workbook["Schedule"]
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_the_snapshot_sheet_is_hidden_and_protected(book):
    workbook, counts, _ = book
    base = workbook["_base"]
    assert base.sheet_state == "hidden" and base.protection.sheet
    assert base["A1"].value == "format" and base["B1"].value == "releaseplanner-base/1"
    assert base.max_row == 1 + 9 + sum(counts.values())


def test_formula_like_text_is_written_as_quoted_text(book):
    workbook, _, releases = book
    sheet = workbook["Releases"]
    found = {}
    for row in sheet.iter_rows(min_row=2):
        cell = row[11]
        if releases[row[0].value].description in TRICKY:
            found[cell.value] = (cell.data_type, cell.quotePrefix)
    # Leading and trailing white space is trimmed from text, so a tab is no threat any more.
    assert found == {
        "=1+2": ("s", True),
        "+44 20 7946 0000": ("s", True),
        "-rollback": ("s", True),
        "@SUM(A1:A3)": ("s", True),
        "indented": ("s", False),
    }


def test_the_timeline_draws_the_schedule_by_week(book):
    workbook, _, releases = book
    sheet = workbook["Timeline"]
    assert [c.value for c in sheet[1][:3]] == ["Release", "Name", "Status"]
    assert isinstance(sheet.cell(1, 4).value, datetime) and sheet.cell(1, 4).value.weekday() == 0
    assert sheet.cell(2, 1).value == "Freeze windows"
    keys = [sheet.cell(r, 1).value for r in range(3, 3 + len(releases))]
    assert sorted(keys) == sorted(r.key for r in releases.values())
    letters = {
        c.value: c.fill.fgColor.rgb
        for row in sheet.iter_rows(min_row=3, min_col=4)
        for c in row
        if c.value
    }
    assert {"B", "T", "D", "M"} <= set(letters)
    assert letters["D"].endswith("F4B183")


def test_export_of_selected_releases_only(plan_ws, tmp_path):
    with plan_ws.session_factory() as session:
        release = Store(session).releases()[0]
    counts = export_plan(plan_ws, tmp_path / "one.xlsx", [release.key.lower()])
    workbook = load_workbook(tmp_path / "one.xlsx", read_only=True)
    assert counts["Releases"] == 1
    rows = list(workbook["Packages"].iter_rows(min_row=2, values_only=True))
    assert rows and {r[1] for r in rows} == {release.key}
    assert workbook["Summary"]["B5"].value == release.key.lower()
    workbook.close()


def test_writing_is_atomic(plan_ws, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "plan.xlsx"
    target.write_bytes(b"the previous export")

    def fail(self, filename):
        with open(filename, "wb") as out:
            out.write(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", fail)
    with pytest.raises(UserError, match="cannot write the file \\(No space left on device\\)"):
        export_plan(plan_ws, target)
    assert target.read_bytes() == b"the previous export"
    assert os.listdir(folder) == ["plan.xlsx"], "no temporary file is left behind"


def test_a_missing_folder_is_a_user_error(plan_ws, tmp_path):
    with pytest.raises(UserError, match="cannot write there"):
        export_plan(plan_ws, tmp_path / "missing" / "plan.xlsx")


def test_a_new_file_gets_ordinary_permissions_and_a_replaced_one_keeps_its_own(plan_ws, tmp_path):
    fresh, kept = tmp_path / "fresh.xlsx", tmp_path / "kept.xlsx"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    export_plan(plan_ws, fresh)
    export_plan(plan_ws, kept)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~current_umask()
    assert kept.stat().st_mode & 0o777 == 0o640


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_export_and_the_merge_see_the_same_canonical_values(plan_ws):
    """The snapshot is written from record_rows and the workspace side of a merge is read with
    canonical_row: they must agree on every record, or an untouched row would show a change."""
    from releaseplanner.exchange.plan_data import canonical_row, record_rows
    from releaseplanner.exchange.workbook_schema import SHEETS
    from releaseplanner.services.exchange import _read_plan

    with plan_ws.session_factory() as session:
        release = Store(session).releases()[0]
    EditRecord(
        plan_ws, dm.Release, release.id, {"description": "  tab\there\x07, bell\r\n "}, "Edit"
    ).redo()
    with plan_ws.session_factory() as session:
        records, lookups, _ = _read_plan(Store(session))
    for schema in SHEETS:
        imported = [i for i, c in enumerate(schema.columns[1:]) if c.imported]
        by_id = {r.id: r for r in records[schema.title]}
        for record_id, values in record_rows(schema, by_id.values(), lookups):
            expected = canonical_row(schema, by_id[record_id], lookups)
            assert dict(zip(schema.fields, [values[i] for i in imported], strict=True)) == expected
