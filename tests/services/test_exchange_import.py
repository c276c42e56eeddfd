"""Applying an import: one transaction and one undo step, journalled as "import"; a plan that
went stale, or any failure while applying, leaves the workspace file exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date

import pytest
from openpyxl import load_workbook

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import UserError
from releaseplanner.exchange.merge import ItemKind, MergePlan
from releaseplanner.services.commands import EditRecord, StaleEditError
from releaseplanner.services.demo import build_demo
from releaseplanner.services.exchange import export_plan, import_command, preview_import
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.store import Store


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    workspace = open_workspace(str(path), create=True)
    ensure_reference_data(workspace)
    build_demo(workspace, scale=1, seed=11, today=date(2026, 3, 2))
    workspace.close()
    return path


@pytest.fixture
def db(template, tmp_path):
    path = tmp_path / "w.sqlite"
    shutil.copyfile(template, path)
    return path


@pytest.fixture
def ws(db):
    workspace = open_workspace(str(db))
    yield workspace
    workspace.close()


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def all_of(workspace, record_type, **where):
    with workspace.session_factory() as session:
        return Store(session).all(record_type, **where)


@pytest.fixture
def edited(ws, tmp_path):
    """A two-release export in which the colleague renamed a release, re-rated a risk, removed
    another risk and added a package."""
    keys = sorted(r.key for r in all_of(ws, dm.Release))[:2]
    path = tmp_path / "plan.xlsx"
    export_plan(ws, path, keys)
    book = load_workbook(path)
    book["Releases"]["C2"] = "Renamed"
    risks = book["Risks"]
    risks["F2"] = 5 if risks["F2"].value != 5 else 4
    removed = risks["A3"].value
    risks.delete_rows(3)
    book["Packages"].append([None, keys[0], "Added package"])
    book.save(path)
    return path, removed


def test_applying_is_one_undo_step_journalled_as_import(ws, edited):
    path, removed = edited
    plan = preview_import(ws, path)
    assert sorted(i.kind for i in plan.items) == [
        ItemKind.ADDED,
        ItemKind.CHANGED,
        ItemKind.CHANGED,
        ItemKind.REMOVED,
    ]
    before = {r.id: r for r in all_of(ws, dm.Release)}
    command = import_command(ws, plan)
    assert command.text == "Import plan.xlsx: 1 added, 2 changed, 1 removed"

    changes = command.redo()

    assert changes.created.keys() == {"package"} and changes.deleted.keys() == {"risk"}
    with ws.session_factory() as session:
        entries = Store(session).journal(limit=50)
    mine = [e for e in entries if e.operation == command.text]
    assert mine and {e.source for e in mine} == {"import"}
    assert all_of(ws, dm.Risk, id=removed) == []

    command.undo()

    assert {r.id: r for r in all_of(ws, dm.Release)} == before
    assert all_of(ws, dm.Risk, id=removed)
    assert not [p for p in all_of(ws, dm.ReleasePackage) if p.name == "Added package"]
    command.redo()  # and again, as Ctrl+Y would
    assert [p for p in all_of(ws, dm.ReleasePackage) if p.name == "Added package"]


def test_only_the_selected_items_are_applied(ws, edited):
    path, removed = edited
    plan = preview_import(ws, path)
    (rename,) = [i for i in plan.changed if i.sheet == "Releases"]
    import_command(ws, plan, selected={rename.key}).redo()
    assert all_of(ws, dm.Release, id=rename.record_id)[0].name == "Renamed"
    assert all_of(ws, dm.Risk, id=removed), "the removal was not selected"


def test_a_change_made_after_the_preview_stops_the_import_and_nothing_is_written(ws, db, edited):
    path, removed = edited
    plan = preview_import(ws, path)
    (rename,) = [i for i in plan.changed if i.sheet == "Releases"]
    EditRecord(ws, dm.Release, rename.record_id, {"name": "Meanwhile"}, "Rename").redo()
    ws.close()  # settle the file, so its bytes can be compared
    before = digest(db)
    workspace = open_workspace(str(db))
    try:
        with pytest.raises(StaleEditError, match="changed since the preview; preview the import"):
            import_command(workspace, plan).redo()
        assert all_of(workspace, dm.Risk, id=removed), "the earlier steps were rolled back"
        assert not [p for p in all_of(workspace, dm.ReleasePackage) if p.name == "Added package"]
    finally:
        workspace.close()
    assert digest(db) == before


def test_a_failure_while_writing_rolls_everything_back(ws, db, edited, monkeypatch):
    path, _ = edited
    plan = preview_import(ws, path)
    ws.close()
    before = digest(db)
    workspace = open_workspace(str(db))
    from releaseplanner.storage import store as store_module

    def broken_delete(self, record_type, record_id):
        raise UserError("disk full")

    monkeypatch.setattr(store_module.Store, "delete", broken_delete)
    try:
        with pytest.raises(UserError, match="disk full"):
            import_command(workspace, plan).redo()
    finally:
        workspace.close()
    assert digest(db) == before


def test_a_plan_with_problems_or_a_wrong_accept_is_refused(ws, edited):
    path, _ = edited
    book = load_workbook(path)
    book["Risks"]["F2"] = 9
    book.save(path)
    plan = preview_import(ws, path)
    with pytest.raises(UserError, match="1 problem\\(s\\) in the workbook; fix them first"):
        import_command(ws, plan)
    with pytest.raises(UserError, match="accept: 'mine' is not one of ours, theirs"):
        import_command(ws, MergePlan(path, three_way=True), accept="mine")
