"""``rplan list conflicts``: schedule problems as JSON, CSV or a table; exit codes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from releaseplanner.cli.main import main
from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ReleaseStatus, ScheduleKind
from releaseplanner.storage.store import Store

D = date


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exited:  # argparse rejects bad options by exiting
        code = exited.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(workspace, workspace_path):
    """PAY and ID deploy to Production on overlapping days; OLD missed its go-live."""
    with workspace.session_factory.begin() as session:
        store = Store(session)
        minor = next(t.id for t in store.all(dm.ReleaseType) if t.key == "minor")
        production = next(e.id for e in store.all(dm.Environment) if e.name == "Production")

        def release(key, **kw):
            return dm.Release(id=f"rel-{key}", key=key, name=key, release_type_id=minor, **kw)

        def deploy(key, start, end):
            return dm.ScheduleItem(
                id=f"sch-{key}",
                release_id=f"rel-{key}",
                name=f"Deploy {key}",
                kind=ScheduleKind.DEPLOYMENT,
                planned_start=start,
                planned_end=end,
                environment_id=production,
            )

        store.add_all(
            [
                release("PAY"),
                release("ID"),
                release("OLD", status=ReleaseStatus.IN_TEST, planned_go_live=D(2026, 2, 1)),
                deploy("PAY", D(2026, 3, 16), D(2026, 3, 17)),
                deploy("ID", D(2026, 3, 17), D(2026, 3, 18)),
            ]
        )
    return str(workspace_path)


def test_json_is_an_array_with_stable_fields_lists_and_iso_dates(capsys, db):
    code, out, err = run(
        capsys, "list", "conflicts", "--db", db, "--format", "json", "--today", "2026-03-01"
    )
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [list(row) for row in rows] == [
        ["kind", "severity", "message", "item_ids", "release_keys", "start", "end"]
    ] * 2
    late, overlap = rows
    assert late == {
        "kind": "go_live_missed",
        "severity": "high",
        "message": "OLD 'OLD' was to go live on 2026-02-01 (28 days ago) but its status is "
        "'In test' and no actual go-live is recorded.",
        "item_ids": [],
        "release_keys": ["OLD"],
        "start": "2026-02-01",
        "end": "2026-02-01",
    }
    assert overlap["kind"] == "deployment_overlap"
    assert overlap["item_ids"] == ["sch-PAY", "sch-ID"]
    assert overlap["release_keys"] == ["PAY", "ID"]
    assert (overlap["start"], overlap["end"]) == ("2026-03-17", "2026-03-17")


def test_today_decides_whether_a_go_live_is_past(capsys, db):
    code, out, _ = run(
        capsys, "list", "conflicts", "--db", db, "--format", "json", "--today", "2026-02-01"
    )
    assert code == 0
    assert [row["kind"] for row in json.loads(out)] == ["deployment_overlap"]


def test_csv_joins_the_release_keys_in_one_cell(capsys, db):
    code, out, _ = run(
        capsys, "list", "conflicts", "--db", db, "--format", "csv", "--today", "2026-03-01"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["severity", "kind", "start", "end", "release_keys", "message"]
    assert rows[1]["release_keys"] == "PAY, ID"
    assert rows[1]["message"].startswith("'Deploy PAY' (PAY, 2026-03-16 to 2026-03-17) and ")


def test_the_table_shows_one_line_per_problem_and_exits_0(capsys, db):
    code, out, _ = run(capsys, "list", "conflicts", "--db", db, "--today", "2026-03-01")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0].split() == ["severity", "kind", "start", "end", "release_keys", "message"]
    assert lines[2].startswith("high      deployment_overlap  2026-03-17  2026-03-17  PAY, ID")


def test_release_narrows_the_listing(capsys, db):
    code, out, _ = run(
        capsys,
        "list",
        "conflicts",
        "--db",
        db,
        "--release",
        "old",
        "--format",
        "json",
        "--today",
        "2026-03-01",
    )
    assert code == 0
    assert [row["release_keys"] for row in json.loads(out)] == [["OLD"]]


def test_an_empty_workspace_lists_nothing(capsys, workspace, workspace_path):
    code, out, _ = run(capsys, "list", "conflicts", "--db", str(workspace_path), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--release", "NOPE"], "rplan: --release: no release with key 'NOPE'"),
        (["--today", "next tuesday"], "'next tuesday' is not a date (YYYY-MM-DD)"),
        (["--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, db, args, message):
    code, out, err = run(capsys, "list", "conflicts", "--db", db, *args)
    assert (code, out) == (2, "")
    assert message in err and len(err.splitlines()) == 1
