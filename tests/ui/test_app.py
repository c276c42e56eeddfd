"""Start-up: command line, errors before the window, and the real entry point end to end."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from releaseplanner import app


def run_entry_point(
    args: list[str], tmp_path: Path, mode: str = "ready"
) -> subprocess.CompletedProcess:
    """Run the app in a child process that quits once its window has painted."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RELEASEPLANNER_EXIT_AFTER_PAINT": mode,
        # Settings and the demo workspace go to this test's folder, not the user's.
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path),
    }
    env.pop("RELEASEPLANNER_DB", None)
    script = textwrap.dedent(
        f"""
        import sys
        from releaseplanner.app import main
        code = main({args!r})
        heavy = [name for name in ("matplotlib", "openpyxl", "alembic") if name in sys.modules]
        print("heavy imports:", ",".join(heavy) or "none")
        print("sqlalchemy loaded:", "sqlalchemy" in sys.modules)
        sys.exit(code)
        """
    )
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )


def assert_one_line_error(capsys, expected: str) -> None:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("releaseplanner: error: --db: ")
    assert expected in err
    assert "Traceback" not in err


def test_missing_folder_is_a_one_line_error_with_exit_code_2(capsys, tmp_path):
    code = app.main(["--db", str(tmp_path / "nowhere" / "plans.sqlite")])

    assert code == 2
    assert_one_line_error(capsys, "does not exist")


def test_missing_file_is_an_error_when_named_explicitly(capsys, tmp_path):
    code = app.main(["--db", str(tmp_path / "typo.sqlite")])

    assert code == 2
    assert_one_line_error(capsys, "rplan init")


def test_a_folder_or_a_non_sqlite_file_is_refused(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")

    assert app.main(["--db", str(tmp_path)]) == 2
    assert_one_line_error(capsys, "is a folder")
    assert app.main(["--db", str(notes)]) == 2
    assert_one_line_error(capsys, "is not a SQLite database")


def test_db_and_demo_cannot_be_combined(capsys):
    with pytest.raises(SystemExit) as exited:
        app.main(["--db", "x.sqlite", "--demo"])

    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_without_arguments_the_default_workspace_is_created_on_first_run(monkeypatch, tmp_path):
    monkeypatch.setenv("RELEASEPLANNER_DB", str(tmp_path / "workspace.sqlite"))

    start = app.startup_workspace(app.build_parser().parse_args([]))

    assert start == app.StartupWorkspace(str(tmp_path / "workspace.sqlite"), create=True)


def test_entry_point_opens_a_workspace_without_heavy_imports(tmp_path, workspace_a):
    result = run_entry_point(["--db", workspace_a], tmp_path)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "painted-at-monotonic" in result.stdout
    assert "heavy imports: none" in result.stdout


def test_first_paint_shows_the_workspace_without_sqlalchemy(tmp_path, workspace_a):
    # Mode 1 quits at the first paint, which shows the rows read with sqlite3 alone.
    result = run_entry_point(["--db", workspace_a], tmp_path, mode="1")

    assert result.returncode == 0, result.stderr
    assert "painted-at-monotonic" in result.stdout
    assert "sqlalchemy loaded: False" in result.stdout


def test_python_dash_m_reports_the_first_paint(tmp_path, workspace_a):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RELEASEPLANNER_EXIT_AFTER_PAINT": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "releaseplanner", "--db", workspace_a],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("painted-at-monotonic ")


@pytest.mark.skipif(sys.platform == "win32", reason="the data folder is not set by env there")
def test_demo_flag_builds_the_demo_workspace_on_first_use(tmp_path):
    result = run_entry_point(["--demo"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert list(tmp_path.rglob("demo.sqlite"))


def test_workspace_failing_after_the_window_is_up_is_reported_not_raised(tmp_path):
    # A SQLite file with someone else's tables passes the early checks; storage refuses it.
    import sqlite3

    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.close()

    result = run_entry_point(["--db", str(foreign)], tmp_path)

    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert "releaseplanner: error:" in result.stderr
    assert "not a Release Planner workspace" in result.stderr
