"""``rplan list journal``: who changed what, filtered, for every kind of change."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from releaseplanner.cli.main import main
from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ReleaseStatus
from releaseplanner.services.commands import CreateRecords, DeleteRecord, EditRecord
from releaseplanner.services.journal import current_actor
from releaseplanner.services.portfolio import create_release


@pytest.fixture
def history(workspace, workspace_path):
    pay, _ = create_release(
        workspace, key="PAY-4.2", name="Payments", type_key="minor", source="cli"
    )
    ident, _ = create_release(workspace, key="ID-2.0", name="Identity", type_key="major")
    EditRecord(
        workspace,
        dm.Release,
        pay.id,
        {"status": ReleaseStatus.IN_BUILD},
        "Set status of 'PAY-4.2' to In build",
    ).redo()
    CreateRecords(
        workspace,
        [dm.ReleasePackage(id="pkg-1", release_id=pay.id, name="API")],
        "New package 'API'",
    ).redo()
    DeleteRecord(workspace, dm.Release, ident.id, "Delete release 'ID-2.0'").redo()
    return str(workspace_path)


def journal_json(capsys, *extra):
    assert main(["list", "journal", "--db", *extra, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_kind_of_change_is_listed_newest_first(capsys, history):
    rows = journal_json(capsys, history)
    assert [(r["action"], r["entity"]) for r in rows] == [
        ("delete", "release"),
        ("create", "package"),
        ("update", "release"),
        ("create", "release"),
        ("create", "release"),
    ]
    update = rows[2]
    assert (update["field"], update["old_value"], update["new_value"]) == (
        "status",
        "planned",
        "in_build",
    )
    assert update["release_key"] == "PAY-4.2" and update["actor"] == current_actor()
    assert rows[-1]["source"] == "cli" and rows[0]["source"] == "app"
    assert "key=ID-2.0" in rows[0]["old_value"]


def test_filters_by_release_object_and_date(capsys, history):
    assert {r["release_key"] for r in journal_json(capsys, history, "--release", "pay-4.2")} == {
        "PAY-4.2"
    }
    assert [r["entity"] for r in journal_json(capsys, history, "--object", "package")] == [
        "package"
    ]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert journal_json(capsys, history, "--from", tomorrow) == []
    assert len(journal_json(capsys, history, "--to", date.today().isoformat())) == 5
    assert len(journal_json(capsys, history, "--limit", "2")) == 2


def test_unknown_object_kind_is_a_user_error(capsys, history):
    assert main(["list", "journal", "--db", history, "--object", "spaceship"]) == 2
    assert "--object: 'spaceship' is not one of" in capsys.readouterr().err
