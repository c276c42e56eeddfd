"""``rplan`` end to end: real workspaces on disk, exit codes, output formats, no Qt."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date

import pytest

from releaseplanner import __version__
from releaseplanner.cli.main import main
from releaseplanner.services.portfolio import create_release


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def populated(workspace, workspace_path):
    create_release(
        workspace,
        key="PAY-4.2",
        name="Payments 4.2",
        type_key="minor",
        planned_start=date(2026, 10, 1),
        planned_go_live=date(2026, 12, 1),
    )
    create_release(
        workspace,
        key="ID-2.0",
        name="Identity 2.0",
        type_key="major",
        planned_go_live=date(2027, 2, 1),
    )
    return str(workspace_path)


def test_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"rplan {__version__}"


def test_init_creates_a_seeded_workspace(capsys, tmp_path):
    db = tmp_path / "plans.sqlite"
    code, out, _ = run(capsys, "init", "--db", str(db))
    assert code == 0 and str(db) in out
    code, out, _ = run(capsys, "list", "releases", "--db", str(db), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_list_releases_as_json_has_stable_fields_and_iso_dates(capsys, populated):
    code, out, err = run(capsys, "list", "releases", "--db", populated, "--format", "json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert [r["key"] for r in rows] == ["PAY-4.2", "ID-2.0"]
    first = rows[0]
    assert {
        "id",
        "key",
        "name",
        "type",
        "status",
        "owner",
        "planned_start",
        "planned_go_live",
        "actual_go_live",
        "package_count",
    } <= set(first)
    assert first["id"].startswith("rel-")
    assert (first["type"], first["status"], first["planned_go_live"]) == (
        "minor",
        "planned",
        "2026-12-01",
    )
    assert first["actual_go_live"] is None


def test_list_releases_as_csv_and_table(capsys, populated):
    _, out, _ = run(capsys, "list", "releases", "--db", populated, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["key"] for r in rows] == ["PAY-4.2", "ID-2.0"]
    _, out, _ = run(capsys, "list", "releases", "--db", populated)
    header, first, second = out.splitlines()
    assert header.split()[:3] == ["key", "name", "type"]
    assert first.startswith("PAY-4.2 ") and "2026-12-01" in first


def test_list_one_release_and_packages(capsys, populated):
    _, out, _ = run(
        capsys, "list", "releases", "--db", populated, "--release", "id-2.0", "--format", "json"
    )
    assert [r["key"] for r in json.loads(out)] == ["ID-2.0"]
    code, out, _ = run(
        capsys, "list", "packages", "--db", populated, "--release", "ID-2.0", "--format", "json"
    )
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize(
    "argv,message",
    [
        (
            ["list", "releases", "--db", "/nonexistent/dir/x"],
            "folder /nonexistent/dir does not exist",
        ),
        (["list", "packages", "--db", "{db}", "--release", "NOPE"], "no release with key 'NOPE'"),
        (["list", "releases", "--db", "{db}", "--release", "NOPE"], "no release with key 'NOPE'"),
        (["list", "releases", "--db", "{db}", "--format", "xml"], "invalid choice: 'xml'"),
        (["list", "risks-and-more", "--db", "{db}"], "invalid choice"),
        (["demo", "--db", "{db}", "--today", "2026-02-30"], "--today: '2026-02-30' is not a date"),
        (["demo", "--db", "{db}", "--scale", "0"], "--scale: 0 is not from 1 to 1000"),
        ([], "the following arguments are required"),
    ],
)
def test_user_errors_exit_2_with_one_line(capsys, populated, argv, message):
    argv = [a.replace("{db}", populated) for a in argv]
    try:
        code = main(argv)
    except SystemExit as exited:
        code = exited.code
    out, err = capsys.readouterr()
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_file_that_is_not_a_workspace(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    code, _, err = run(capsys, "list", "releases", "--db", str(notes))
    assert code == 2 and "is not a SQLite database" in err


def test_rplan_never_imports_qt(populated):
    script = (
        "import sys; from releaseplanner.cli.main import main; "
        f"code = main(['list', 'releases', '--db', {populated!r}, '--format', 'json']); "
        "qt = sorted(m for m in sys.modules if m.startswith('PySide6')); "
        "print('QT', qt, file=sys.stderr); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "QT []" in done.stderr
    assert json.loads(done.stdout)[0]["key"] == "PAY-4.2"


def test_installed_rplan_script_reports_errors_with_exit_2(tmp_path):
    rplan = [sys.executable, "-m", "releaseplanner.cli.main"]
    done = subprocess.run(
        [*rplan, "list", "releases", "--db", str(tmp_path / "missing.sqlite")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("rplan: --db: no workspace at")
