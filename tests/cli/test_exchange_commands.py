"""``rplan export plan|calendar|csv|review`` and ``rplan import`` on a real workspace.

Until cli/main.py wires these commands in, the tests build a parser the way main.py does and
map UserError to exit code 2 as main() does. Every bad input the import refuses is tried here:
each must exit 2 with a message naming the file (and sheet, row and column where there is one)
and leave the workspace file byte for byte as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from releaseplanner.cli import exchange_commands
from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import UserError
from releaseplanner.services.demo import build_demo
from releaseplanner.services.journal import list_journal
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.store import Store


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rplan")
    commands = parser.add_subparsers(dest="command", required=True)
    exchange_commands.register(commands)
    return parser


def run(capsys, *argv) -> tuple[int, str, str]:
    """Run one command line; return (exit code, stdout, stderr) like ``rplan`` would."""
    try:
        args = build_parser().parse_args([str(a) for a in argv])
        code = int(args.handler(args) or 0)
    except UserError as exc:
        print(f"rplan: {exc}", file=sys.stderr)
        code = 2
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    workspace = open_workspace(str(path), create=True)
    ensure_reference_data(workspace)
    build_demo(workspace, scale=1, seed=5, today=date(2026, 3, 2))
    workspace.close()
    return path


@pytest.fixture
def db(demo_template, tmp_path) -> Path:
    path = tmp_path / "work.sqlite"
    shutil.copyfile(demo_template, path)
    return path


def release_keys(db: Path) -> list[str]:
    workspace = open_workspace(str(db))
    try:
        with workspace.session_factory() as session:
            return [r.key for r in Store(session).releases()]
    finally:
        workspace.close()


@pytest.fixture
def plan_file(capsys, db, tmp_path) -> Path:
    """The plan of the first release, exported through the command line."""
    path = tmp_path / "plan.xlsx"
    code, out, _ = run(
        capsys, "export", "plan", "--db", db, "--out", path, "--release", release_keys(db)[0]
    )
    assert code == 0 and f"plan written to {path}: 1 releases" in out
    return path


def edit_cell(path: Path, sheet: str, header: str, value, row: int = 2) -> tuple[int, str]:
    """Set a cell by header; return its row and column letter."""
    book = load_workbook(path)
    cells = book[sheet]
    column = next(c for c in cells[1] if c.value == header)
    cells.cell(row, column.column, value)
    book.save(path)
    return row, column.column_letter


# -- export --------------------------------------------------------------------------------------
def test_export_calendar_csv_and_review(capsys, db, tmp_path):
    key = release_keys(db)[0]
    code, out, _ = run(capsys, "export", "calendar", "--db", db, "--out", tmp_path / "r.ics")
    assert code == 0 and "events written" in out
    assert (tmp_path / "r.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")

    code, out, _ = run(capsys, "export", "csv", "--db", db, "--out", tmp_path / "csv")
    assert code == 0 and out.startswith(f"9 CSV files written to {tmp_path / 'csv'}")
    assert (tmp_path / "csv" / "freeze_windows.csv").read_text().startswith("ID,Name,Kind")

    code, out, _ = run(
        capsys, "export", "review", "--db", db, "--release", key, "--out", tmp_path / "rv.xlsx"
    )
    assert code == 0 and f"review of {key} written" in out
    assert load_workbook(tmp_path / "rv.xlsx").sheetnames == [
        "Summary",
        "Planned vs actual",
        "Incidents",
        "Actions",
        "Metrics",
    ]


def test_export_of_an_unknown_release_exits_2(capsys, db, tmp_path):
    code, _, err = run(
        capsys, "export", "plan", "--db", db, "--out", tmp_path / "p.xlsx", "--release", "NOPE-1"
    )
    assert code == 2 and "no release with key 'NOPE-1'" in err
    assert not (tmp_path / "p.xlsx").exists()


# -- import --------------------------------------------------------------------------------------
def test_import_unchanged_workbook_reports_nothing(capsys, db, plan_file):
    code, out, err = run(capsys, "import", plan_file, "--db", db)
    assert code == 0 and err == ""
    assert out.startswith("0 added, 0 changed, 0 removed, 0 conflict(s), ")


def test_import_applies_edits_and_journals_them_as_import(capsys, db, plan_file):
    edit_cell(plan_file, "Releases", "Name", "Renamed by a colleague")
    code, out, _ = run(capsys, "import", plan_file, "--db", db, "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["applied"] is True and result["mode"] == "three-way"
    (change,) = result["changed"]
    assert change["sheet"] == "Releases" and change["field"] == "name"
    assert change["new"] == "Renamed by a colleague"
    assert set(result) >= {"added", "changed", "removed", "conflicts"}
    workspace = open_workspace(str(db))
    try:
        (entry,) = [e for e in list_journal(workspace) if e.new_value == "Renamed by a colleague"]
    finally:
        workspace.close()
    assert entry.source == "import" and entry.operation.startswith("Import plan.xlsx")


def test_dry_run_changes_nothing(capsys, db, plan_file):
    edit_cell(plan_file, "Releases", "Name", "Not applied")
    before = digest(db)
    code, out, _ = run(capsys, "import", plan_file, "--db", db, "--dry-run")
    assert code == 0 and "~ Releases" in out and "dry run: nothing was changed" in out
    assert digest(db) == before


def test_conflicts_without_accept_exit_3_and_change_nothing(capsys, db, plan_file):
    edit_cell(plan_file, "Releases", "Name", "Theirs")
    workspace = open_workspace(str(db))
    try:
        from releaseplanner.services.commands import EditRecord

        with workspace.session_factory() as session:
            release = Store(session).release_by_key(release_keys(db)[0])
        EditRecord(workspace, dm.Release, release.id, {"name": "Ours"}, "Rename").redo()
    finally:
        workspace.close()
    before = digest(db)

    code, out, err = run(capsys, "import", plan_file, "--db", db, "--format", "json")

    assert code == 3 and "--accept" in err
    result = json.loads(out)
    (conflict,) = result["conflicts"]
    assert (conflict["old"], conflict["new"], result["applied"]) == ("Ours", "Theirs", False)
    assert digest(db) == before
    code, out, _ = run(capsys, "import", plan_file, "--db", db, "--accept", "theirs")
    assert code == 0 and "(conflicts resolved: theirs)" in out


# -- bad input: exit 2, a message naming the place, the workspace untouched ---------------------
def rewrite_part(source: Path, target: Path, part: str, change) -> Path:
    """Copy an xlsx, passing one part's XML through ``change``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(data) if info.filename == part else data)
    return target


ENTITY = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def bad_workbooks(plan_file: Path, tmp_path: Path):
    """(name, path, expected message) for every kind of bad input."""
    cases = []

    def cell_case(name, sheet, header, value, message):
        path = tmp_path / f"{name}.xlsx"
        shutil.copyfile(plan_file, path)
        row, letter = edit_cell(path, sheet, header, value)
        cases.append(
            (
                name,
                path,
                f"{path}, sheet '{sheet}', row {row}, column {letter} ({header}): {message}",
            )
        )

    cell_case(
        "date",
        "Schedule",
        "Planned end",
        "next week",
        "'next week' is not a date (use a date cell or YYYY-MM-DD)",
    )
    cell_case("likelihood", "Risks", "Likelihood", 7, "7 is not from 1 to 5")
    cell_case("release", "Packages", "Release", "NOPE-1", "no release 'NOPE-1'")
    cell_case(
        "status",
        "Releases",
        "Status",
        "shipped",
        "'shipped' is not one of planned, in_build, in_test, approved, deploying, "
        "early_life_support, closed, cancelled, rolled_back",
    )

    duplicate = tmp_path / "duplicate.xlsx"
    book = load_workbook(plan_file)
    risks = book["Risks"]
    risks.cell(3, 1, risks.cell(2, 1).value)
    book.save(duplicate)
    cases.append(
        (
            "duplicate",
            duplicate,
            f"{duplicate}, sheet 'Risks', row 3, column A (ID): "
            f"'{risks.cell(2, 1).value}' repeats row 2",
        )
    )

    unknown = tmp_path / "unknown.xlsx"
    book = load_workbook(plan_file)
    book.create_sheet("Notes").append(["anything"])
    book.save(unknown)
    cases.append(
        (
            "unknown sheet",
            unknown,
            f"{unknown}, sheet 'Notes': the sheet is not a plan sheet (expected Releases, Packages",
        )
    )

    text = tmp_path / "text.xlsx"
    text.write_text("ID,Name\nrel-1,Oops\n")
    cases.append(("not xlsx", text, f"{text}: not an xlsx workbook (it is text, perhaps CSV"))

    encrypted = tmp_path / "encrypted.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    cases.append(("encrypted", encrypted, f"{encrypted}: the workbook is encrypted"))

    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(plan_file.read_bytes()[: plan_file.stat().st_size // 2])
    cases.append(("truncated", truncated, f"{truncated}: the workbook is truncated or damaged"))

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (17 << 20))
    cases.append(("zip bomb", bomb, f"{bomb}: part xl/worksheets/sheet1.xml expands"))

    entities = rewrite_part(
        plan_file,
        tmp_path / "entities.xlsx",
        "xl/worksheets/sheet2.xml",
        lambda data: ENTITY + data,
    )
    cases.append(
        (
            "entities",
            entities,
            f"{entities}, sheet 'Releases': the XML declares entities or a document type",
        )
    )
    return cases


def test_every_bad_input_exits_2_names_the_place_and_changes_nothing(
    capsys, db, plan_file, tmp_path
):
    before = digest(db)
    for name, path, message in bad_workbooks(plan_file, tmp_path):
        code, out, err = run(capsys, "import", path, "--db", db)
        assert code == 2, name
        assert f"rplan: {message}" in err, (name, err)
        assert digest(db) == before, name


def test_problems_in_json_are_listed_too(capsys, db, plan_file):
    row, letter = edit_cell(plan_file, "Risks", "Impact", 0)
    code, out, err = run(capsys, "import", plan_file, "--db", db, "--format", "json")
    assert code == 2 and "nothing was imported" in err
    assert json.loads(out)["problems"] == [
        f"{plan_file}, sheet 'Risks', row {row}, column {letter} (Impact): 0 is not from 1 to 5"
    ]


def test_a_small_well_formed_archive_passes_the_file_checks(tmp_path):
    from releaseplanner.exchange.xlsx_safety import check_workbook_file

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    path = tmp_path / "small.xlsx"
    path.write_bytes(buffer.getvalue())
    check_workbook_file(path)  # a well-formed, small archive passes


def test_an_unknown_column_is_ignored_with_a_warning_naming_sheet_and_column(capsys, db, plan_file):
    book = load_workbook(plan_file)
    book["Risks"].cell(1, 18, "My notes")
    book["Risks"].cell(2, 18, "=1+1")
    book.save(plan_file)
    before = digest(db)
    code, out, err = run(capsys, "import", plan_file, "--db", db)
    assert code == 0
    assert f"rplan: warning: {plan_file}, sheet 'Risks': ignored column(s) 'My notes' (R)" in err
    assert "(nothing to change)" in out
    assert digest(db) == before
