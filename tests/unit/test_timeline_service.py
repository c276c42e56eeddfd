"""The timeline's service: reading the plan and its checks from a workspace, and the commands
for moves, edits and links (journalled, undoable)."""

from __future__ import annotations

from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import ProblemKind
from releaseplanner.domain.enums import ScheduleKind, ScheduleStatus
from releaseplanner.domain.errors import ValidationError
from releaseplanner.domain.timeline.editing import Dates, Handle
from releaseplanner.services.baselines import save_baseline
from releaseplanner.services.portfolio import create_release
from releaseplanner.services.timeline import (
    edit_command,
    link_command,
    load_checks,
    load_plan,
    load_timeline,
    move_command,
    release_critical_path,
)
from releaseplanner.storage.store import Store

TODAY = date(2026, 10, 1)


@pytest.fixture
def plan(workspace):
    release, _ = create_release(
        workspace,
        key="PAY-4.2",
        name="Payments API",
        type_key="minor",
        planned_start=date(2026, 10, 1),
        planned_go_live=date(2026, 12, 1),
    )
    build = dm.ScheduleItem(
        id="sch-build",
        release_id=release.id,
        name="Build: Core",
        kind=ScheduleKind.BUILD,
        planned_start=date(2026, 10, 1),
        planned_end=date(2026, 10, 9),
    )
    test = dm.ScheduleItem(
        id="sch-test",
        release_id=release.id,
        name="Test: Core",
        kind=ScheduleKind.TEST,
        planned_start=date(2026, 10, 8),
        planned_end=date(2026, 10, 14),
    )
    link = dm.Dependency(id="dep-1", predecessor_id="sch-build", successor_id="sch-test")
    with workspace.session_factory.begin() as session:
        Store(session).add_all([build, test, link])
    return workspace


def fetch(workspace, item_id):
    with workspace.session_factory() as session:
        return Store(session).get(dm.ScheduleItem, item_id)


def test_the_plan_and_its_checks_are_read_apart(plan):
    data = load_plan(plan)
    assert {i.id for i in data.items} == {"sch-build", "sch-test"}
    assert {e.name for e in data.environments} >= {"Production"}
    assert data.dependencies == () and data.problems == ()
    checks = load_checks(plan, data, today=TODAY)
    assert [d.id for d in checks.dependencies] == ["dep-1"]
    assert [p.kind for p in checks.problems] == [ProblemKind.DEPENDENCY_VIOLATED]
    assert checks.baseline_id is None and checks.baseline == {}


def test_the_latest_baseline_is_read_with_the_checks(plan):
    baseline, _ = save_baseline(plan, "Plan agreed")
    data = load_timeline(plan, today=TODAY)
    assert data.baseline["sch-build"] == (date(2026, 10, 1), date(2026, 10, 9))
    assert load_timeline(plan, today=TODAY, baseline_id=None).baseline == {}
    assert load_checks(plan, data, today=TODAY, baseline_id=baseline.id).baseline_id == baseline.id


def test_a_move_is_one_journalled_undoable_edit(plan):
    item = fetch(plan, "sch-test")
    new = Dates(date(2026, 10, 10), date(2026, 10, 16))
    command = move_command(plan, item, "PAY-4.2", new, Handle.BODY, merge_key="drag-1")
    changes = command.redo()
    assert changes.updated == {"schedule_item": {"sch-test"}}
    assert fetch(plan, "sch-test").planned_start == date(2026, 10, 10)
    with plan.session_factory() as session:
        entries = Store(session).journal(limit=2)
    assert {e.field for e in entries} == {"planned_start", "planned_end"}
    assert entries[0].operation == "Move 'Test: Core' (PAY-4.2) 2 days later"
    command.undo()
    assert fetch(plan, "sch-test").planned_start == date(2026, 10, 8)


def test_the_editor_changes_only_what_differs_and_only_editable_fields(plan):
    item = fetch(plan, "sch-test")
    assert edit_command(plan, item, {"name": "Test: Core"}, "PAY-4.2") is None
    command = edit_command(
        plan, item, {"name": "System test: Core", "status": ScheduleStatus.LATE}, "PAY-4.2"
    )
    assert command.text == "Edit name, status of 'Test: Core' (PAY-4.2)"
    command.redo()
    assert fetch(plan, "sch-test").status is ScheduleStatus.LATE
    with pytest.raises(ValidationError, match="cannot edit kind"):
        edit_command(plan, item, {"kind": ScheduleKind.BUILD}, "PAY-4.2")


def test_a_link_is_created_and_undone_and_loops_are_refused(plan):
    data = load_timeline(plan, today=TODAY)
    build, test = fetch(plan, "sch-build"), fetch(plan, "sch-test")
    with pytest.raises(ValidationError, match="already depends"):
        link_command(plan, build, test, data.dependencies)
    with pytest.raises(ValidationError, match="wait for each other"):
        link_command(plan, test, build, data.dependencies)
    release = data.releases[0]
    review = dm.ScheduleItem(
        id="sch-review",
        release_id=release.id,
        name="Review",
        kind=ScheduleKind.REVIEW,
        planned_start=date(2026, 10, 20),
        planned_end=date(2026, 10, 20),
    )
    with plan.session_factory.begin() as session:
        Store(session).add(review)
    command = link_command(plan, test, review, data.dependencies)
    assert command.text == "Make 'Review' wait for 'Test: Core'"
    command.redo()
    assert len(load_timeline(plan, today=TODAY).dependencies) == 2
    command.undo()
    assert len(load_timeline(plan, today=TODAY).dependencies) == 1


def test_the_critical_path_comes_from_the_loaded_data(plan):
    data = load_timeline(plan, today=TODAY)
    path = release_critical_path(data, data.releases[0].id)
    assert set(path.critical) == {"sch-build", "sch-test"}


def test_each_release_gets_the_risk_chip_of_its_band_with_the_checks(plan):
    from releaseplanner.services.risk_bands import release_bands

    data = load_plan(plan)
    assert data.risks == {}  # the first stage draws bars only
    checks = load_checks(plan, data, today=TODAY)
    bands = release_bands(plan, today=TODAY)
    assert checks.risks.keys() == bands.keys()
    for release_id, chip in checks.risks.items():
        band = bands[release_id]  # conflicts counted from the checks' problems: the same band
        assert (chip.band, chip.label, chip.explanation) == (
            band.band,
            band.label,
            band.explanation,
        )
    assert load_timeline(plan, today=TODAY).risks == checks.risks
    assert load_timeline(plan, today=TODAY, bands=False).risks == {}
