"""``rplan components import|export`` and the catalogue import it runs."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from releaseplanner.cli.main import main
from releaseplanner.services.catalogue import (
    component_import_command,
    list_components,
    preview_component_import,
)
from releaseplanner.services.journal import list_journal


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture
def cmdb(tmp_path):
    return write_csv(
        tmp_path / "cmdb.csv",
        [
            ["ci_id", "name", "version", "type", "owner"],
            ["CI-1", "Payments API", "4.2.0", "service", "Ana"],
            ["CI-2", "Ledger DB", "12", "database_schema", "Raj"],
        ],
    )


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_adds_then_updates_and_journals(capsys, workspace, workspace_path, cmdb, tmp_path):
    assert main(["components", "import", str(cmdb), "--db", str(workspace_path)]) == 0
    assert "2 added, 0 updated, 0 unchanged" in capsys.readouterr().out
    edited = write_csv(
        tmp_path / "edited.csv",
        [
            ["ci_id", "name", "version"],
            ["ci-1", "Payments API", "4.3.0"],
            ["CI-2", "Ledger DB", "12"],
        ],
    )
    assert (
        main(["components", "import", str(edited), "--db", str(workspace_path), "--format", "json"])
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["added"] == [] and result["unchanged"] == 0
    assert {"ci_id": "CI-1", "field": "version", "old": "4.2.0", "new": "4.3.0"} in result[
        "changed"
    ]
    assert {c.ci_id: c.version for c in list_components(workspace)} == {
        "CI-1": "4.3.0",
        "CI-2": "12",
    }
    entries = list_journal(workspace, entity="component")
    assert {e.source for e in entries} == {"cli"}
    assert any(e.field == "version" and e.new_value == "4.3.0" for e in entries)


def test_dry_run_changes_nothing(capsys, workspace, workspace_path, cmdb):
    before = digest(workspace_path)
    assert main(["components", "import", str(cmdb), "--db", str(workspace_path), "--dry-run"]) == 0
    assert "dry run: nothing was changed" in capsys.readouterr().out
    assert list_components(workspace) == []
    assert digest(workspace_path) == before


def test_bad_rows_exit_2_name_each_row_and_import_nothing(
    capsys, workspace, workspace_path, tmp_path
):
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            ["ci_id", "name", "type"],
            ["CI-1", "Good", "service"],
            ["CI-2", "", "service"],
            ["CI-3", "Odd", "teapot"],
        ],
    )
    assert main(["components", "import", str(bad), "--db", str(workspace_path)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}, row 3, column name: is empty" in err
    assert f"{bad}, row 4, column type:" in err and "nothing was imported" in err
    assert "Traceback" not in err
    assert list_components(workspace) == []


def test_export_writes_what_import_reads(capsys, workspace, workspace_path, cmdb, tmp_path):
    main(["components", "import", str(cmdb), "--db", str(workspace_path)])
    out = tmp_path / "export.xlsx"
    assert main(["components", "export", "--db", str(workspace_path), "--out", str(out)]) == 0
    assert "2 components written" in capsys.readouterr().out
    plan = preview_component_import(workspace, out)
    assert (plan.added, plan.changed, plan.unchanged) == ([], {}, 2)


def test_export_to_an_unknown_suffix_is_a_user_error(capsys, workspace_path, workspace, tmp_path):
    assert (
        main(
            ["components", "export", "--db", str(workspace_path), "--out", str(tmp_path / "x.pdf")]
        )
        == 2
    )
    assert "export to a .csv or .xlsx file" in capsys.readouterr().err


def test_the_import_is_one_undoable_step(workspace, cmdb):
    command = component_import_command(workspace, preview_component_import(workspace, cmdb))
    command.redo()
    assert len(list_components(workspace)) == 2
    command.undo()
    assert list_components(workspace) == []
