"""Export → edit → import round trips through the services: exactly the edits come back, the
workspace's own changes are kept, and both sides changing a field make a conflict."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ReleaseStatus, ScheduleStatus
from releaseplanner.exchange.merge import ItemKind
from releaseplanner.services.commands import EditRecord
from releaseplanner.services.exchange import (
    ImportConflictError,
    export_plan,
    import_command,
    preview_import,
)
from releaseplanner.storage.store import Store


def records(workspace, record_type, **where):
    with workspace.session_factory() as session:
        return Store(session).all(record_type, **where)


def two_keys(workspace):
    releases = sorted(records(workspace, dm.Release), key=lambda r: r.key)
    return [releases[0].key, releases[1].key]


@pytest.fixture
def exported(plan_ws, tmp_path):
    """The plan of two releases, exported."""
    path = tmp_path / "plan.xlsx"
    export_plan(plan_ws, path, two_keys(plan_ws))
    return path


def edit_in_workspace(workspace, record_type, record_id, **changes):
    EditRecord(workspace, record_type, record_id, changes, "Edit in the app").redo()


def test_export_then_import_gives_no_changes(plan_ws, exported):
    plan = preview_import(plan_ws, exported)
    assert plan.three_way
    assert plan.problems == [] and plan.warnings == []
    assert plan.items == []
    assert plan.unchanged > 100


def test_edited_cells_come_back_as_exactly_those_changes(plan_ws, exported, editor):
    book = editor(exported)
    release_id = book.ids("Releases")[0]
    risk_id = book.ids("Risks")[0]
    item_id = book.ids("Schedule")[0]
    old_likelihood = book.get("Risks", risk_id, "Likelihood")
    new_likelihood = 1 if old_likelihood != 1 else 2
    old_end = book.get("Schedule", item_id, "Planned end").date()
    book.set("Releases", release_id, "Name", "Renamed in the spreadsheet")
    book.set("Risks", risk_id, "Likelihood", new_likelihood)
    book.set("Schedule", item_id, "Planned end", datetime(2030, 1, 31))
    book.set("Schedule", item_id, "Status", "Blocked")  # a label, as a person types it
    book.save()

    plan = preview_import(plan_ws, exported)

    assert plan.problems == []
    found = {(i.sheet, i.record_id, i.field): (i.old, i.new) for i in plan.items}
    old_name = records(plan_ws, dm.Release, id=release_id)[0].name
    assert found == {
        ("Releases", release_id, "name"): (old_name, "Renamed in the spreadsheet"),
        ("Risks", risk_id, "likelihood"): (old_likelihood, new_likelihood),
        ("Schedule", item_id, "planned_end"): (old_end.isoformat(), "2030-01-31"),
        ("Schedule", item_id, "status"): (
            records(plan_ws, dm.ScheduleItem, id=item_id)[0].status.value,
            "blocked",
        ),
    }
    assert all(i.kind is ItemKind.CHANGED for i in plan.items)

    changes = import_command(plan_ws, plan).redo()
    assert changes.updated.keys() == {"release", "risk", "schedule_item"}
    item = records(plan_ws, dm.ScheduleItem, id=item_id)[0]
    assert (item.planned_end, item.status) == (date(2030, 1, 31), ScheduleStatus.BLOCKED)
    assert records(plan_ws, dm.Risk, id=risk_id)[0].likelihood == new_likelihood
    assert preview_import(plan_ws, exported).items == [], "after applying, nothing is left"


def test_rows_removed_and_added_in_the_sheet(plan_ws, exported, editor):
    book = editor(exported)
    gone = book.ids("Risks")[0]
    release_key = book.get("Releases", book.ids("Releases")[0], "Key")
    book.delete("Risks", gone)
    row = book.append(
        "Risks",
        {
            "Release": release_key,
            "Title": "Vendor API deprecation",
            "Category": "technical",
            "Likelihood": 3,
            "Impact": 4,
            "Review date": datetime(2026, 4, 1),
        },
    )
    book.save()

    plan = preview_import(plan_ws, exported)

    assert plan.problems == []
    assert [(i.kind, i.record_id) for i in plan.removed] == [(ItemKind.REMOVED, gone)]
    (added,) = plan.added
    assert added.row == row and added.sheet == "Risks"
    assert added.new["title"] == "Vendor API deprecation"
    import_command(plan_ws, plan).redo()
    assert records(plan_ws, dm.Risk, id=gone) == []
    (new_risk,) = records(plan_ws, dm.Risk, id=added.record_id)
    assert (new_risk.likelihood, new_risk.impact, new_risk.review_date) == (3, 4, date(2026, 4, 1))


def test_new_release_and_a_package_referring_to_its_key(plan_ws, exported, editor):
    book = editor(exported)
    book.append(
        "Releases",
        {
            "Key": "NEW-1.0",
            "Name": "Brand new",
            "Type": "minor",
            "Planned start": datetime(2026, 5, 1),
        },
    )
    book.append("Packages", {"Release": "new-1.0", "Name": "Core"})  # keys ignore case
    book.save()

    plan = preview_import(plan_ws, exported)

    assert plan.problems == []
    assert sorted(i.sheet for i in plan.added) == ["Packages", "Releases"]
    import_command(plan_ws, plan).redo()
    (release,) = [r for r in records(plan_ws, dm.Release) if r.key == "NEW-1.0"]
    (package,) = records(plan_ws, dm.ReleasePackage, release_id=release.id)
    assert package.name == "Core" and release.status is ReleaseStatus.PLANNED


def test_workspace_changes_since_the_export_are_kept(plan_ws, exported, editor):
    book = editor(exported)
    release_id = book.ids("Releases")[0]
    book.set("Releases", release_id, "Name", "Theirs")
    book.save()
    edit_in_workspace(plan_ws, dm.Release, release_id, description="Ours, written after export")

    plan = preview_import(plan_ws, exported)

    assert [(i.field, i.new) for i in plan.items] == [("name", "Theirs")]
    import_command(plan_ws, plan).redo()
    release = records(plan_ws, dm.Release, id=release_id)[0]
    assert (release.name, release.description) == ("Theirs", "Ours, written after export")


def test_the_same_edit_on_both_sides_is_no_change(plan_ws, exported, editor):
    book = editor(exported)
    release_id = book.ids("Releases")[0]
    book.set("Releases", release_id, "Name", "Agreed name")
    book.save()
    edit_in_workspace(plan_ws, dm.Release, release_id, name="Agreed name")
    assert preview_import(plan_ws, exported).items == []


def test_both_sides_changing_a_field_is_a_conflict(plan_ws, exported, editor):
    book = editor(exported)
    release_id = book.ids("Releases")[0]
    exported_name = book.get("Releases", release_id, "Name")
    book.set("Releases", release_id, "Name", "Theirs")
    book.save()
    edit_in_workspace(plan_ws, dm.Release, release_id, name="Ours")

    plan = preview_import(plan_ws, exported)

    (conflict,) = plan.conflicts
    assert (conflict.field, conflict.base, conflict.old, conflict.new) == (
        "name",
        exported_name,
        "Ours",
        "Theirs",
    )
    with pytest.raises(ImportConflictError, match="1 conflict"):
        import_command(plan_ws, plan)
    import_command(plan_ws, plan, accept="ours").redo()
    assert records(plan_ws, dm.Release, id=release_id)[0].name == "Ours"
    import_command(plan_ws, preview_import(plan_ws, exported), accept="theirs").redo()
    assert records(plan_ws, dm.Release, id=release_id)[0].name == "Theirs"


def test_removed_in_the_sheet_but_changed_in_the_workspace_is_a_conflict(plan_ws, exported, editor):
    book = editor(exported)
    risk_id = book.ids("Risks")[0]
    book.delete("Risks", risk_id)
    book.save()
    edit_in_workspace(plan_ws, dm.Risk, risk_id, mitigation="Added after the export")

    plan = preview_import(plan_ws, exported)

    (conflict,) = plan.conflicts
    assert conflict.record_id == risk_id and "removed in the workbook" in conflict.note
    import_command(plan_ws, plan, accept="ours").redo()
    assert records(plan_ws, dm.Risk, id=risk_id)
    import_command(plan_ws, preview_import(plan_ws, exported), accept="theirs").redo()
    assert records(plan_ws, dm.Risk, id=risk_id) == []


def test_changed_in_the_sheet_but_deleted_in_the_workspace_is_a_conflict(plan_ws, exported, editor):
    from releaseplanner.services.commands import DeleteRecord

    book = editor(exported)
    risk_id = book.ids("Risks")[0]
    book.set("Risks", risk_id, "Title", "Still relevant")
    book.save()
    DeleteRecord(plan_ws, dm.Risk, risk_id, "Delete risk").redo()

    plan = preview_import(plan_ws, exported)

    (conflict,) = plan.conflicts
    assert "deleted in the workspace" in conflict.note
    import_command(plan_ws, plan, accept="theirs").redo()
    assert records(plan_ws, dm.Risk, id=risk_id)[0].title == "Still relevant"


def test_workbook_without_snapshot_imports_two_way(plan_ws, exported, editor):
    book = editor(exported)
    book.book.remove(book.sheet("_base"))
    risk_id = book.ids("Risks")[0]
    dropped = book.ids("Risks")[1]
    book.set("Risks", risk_id, "Title", "Two-way title")
    book.delete("Risks", dropped)  # without a snapshot, a missing row is not a removal
    sheet = book.sheet("Risks")
    sheet.insert_cols(1)  # columns in another order
    sheet.cell(1, 1, "Notes")
    book.save()

    plan = preview_import(plan_ws, exported)

    assert not plan.three_way and plan.problems == []
    assert any("ignored column(s) 'Notes' (A)" in w for w in plan.warnings)
    assert [(i.kind, i.field, i.new) for i in plan.items] == [
        (ItemKind.CHANGED, "title", "Two-way title")
    ]


def test_missing_release_reference_blocks_the_import(plan_ws, exported, editor):
    book = editor(exported)
    package_id = book.ids("Packages")[0]
    row = book.set("Packages", package_id, "Release", "NOPE-9")
    book.save()

    plan = preview_import(plan_ws, exported)

    assert plan.problem_messages() == [
        f"{exported}, sheet 'Packages', row {row}, column B (Release): no release 'NOPE-9'"
    ]


def test_a_status_the_lifecycle_forbids_is_a_problem(plan_ws, exported, editor):
    book = editor(exported)
    planned = [r for r in records(plan_ws, dm.Release) if r.status is ReleaseStatus.PLANNED]
    if not planned or planned[0].id not in book.ids("Releases"):
        export_plan(plan_ws, exported, [planned[0].key])
        book = editor(exported)
    row = book.set("Releases", planned[0].id, "Status", "closed")
    book.save()
    (problem,) = preview_import(plan_ws, exported).problems
    assert (problem.row, problem.column, problem.header) == (row, "E", "Status")
    assert "cannot go from planned to closed" in problem.message


def test_a_key_taken_by_another_release_is_a_problem(plan_ws, exported, editor):
    book = editor(exported)
    first, second = book.ids("Releases")[:2]
    taken = book.get("Releases", second, "Key")
    row = book.set("Releases", first, "Key", taken.lower())
    book.save()
    (problem,) = preview_import(plan_ws, exported).problems
    assert (problem.row, problem.header) == (row, "Key")
    assert f"'{taken.lower()}' is already used by release {second}" == problem.message


def test_text_that_looks_like_a_formula_survives_the_round_trip(plan_ws, exported, editor):
    book = editor(exported)
    release_id = book.ids("Releases")[0]
    tricky = '=HYPERLINK("http://example.com","x")'
    edit_in_workspace(plan_ws, dm.Release, release_id, description=tricky)
    export_plan(plan_ws, exported, two_keys(plan_ws))
    book = editor(exported)
    cell = book.sheet("Releases").cell(book.row_of("Releases", release_id), 12)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (tricky, "s", True)
    assert preview_import(plan_ws, exported).items == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_workbook_saved_again_by_libreoffice_imports_without_changes(plan_ws, tmp_path):
    path = tmp_path / "plan.xlsx"
    export_plan(plan_ws, path)
    out = tmp_path / "libreoffice"
    out.mkdir()
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = out / "plan.xlsx"
    assert resaved.read_bytes() != path.read_bytes()

    plan = preview_import(plan_ws, resaved)

    assert plan.problems == [] and plan.warnings == []
    assert plan.items == []
    assert plan.unchanged == sum(len(records(plan_ws, t)) for t in (dm.Release, dm.Risk)) + sum(
        len(records(plan_ws, t))
        for t in (
            dm.ReleasePackage,
            dm.PackageComponent,
            dm.ChangeItem,
            dm.ScheduleItem,
            dm.Dependency,
            dm.Approval,
            dm.FreezeWindow,
        )
    )
