"""Baselines: saved in one transaction with one journal entry, undoable, listed, and measured."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import JournalAction, ScheduleKind, ScheduleStatus
from releaseplanner.domain.errors import NotFoundError, ValidationError
from releaseplanner.services.baselines import (
    SaveBaseline,
    baseline_dates,
    find_baseline,
    list_baselines,
    save_baseline,
    slips,
)
from releaseplanner.services.commands import EditRecord
from releaseplanner.services.portfolio import create_release
from releaseplanner.storage.store import Store


@pytest.fixture
def items(workspace):
    release, _ = create_release(
        workspace,
        key="PAY-4.2",
        name="Payments API",
        type_key="minor",
        planned_start=date(2026, 10, 1),
        planned_go_live=date(2026, 12, 1),
    )
    records = [
        dm.ScheduleItem(
            id=f"sch-{n}",
            release_id=release.id,
            name=name,
            kind=ScheduleKind.BUILD,
            planned_start=date(2026, 10, 1 + 5 * n),
            planned_end=date(2026, 10, 4 + 5 * n),
            status=status,
        )
        for n, (name, status) in enumerate(
            [
                ("Build: Core", ScheduleStatus.DONE),
                ("Build: API", ScheduleStatus.NOT_STARTED),
                ("Build: Old", ScheduleStatus.CANCELLED),
            ]
        )
    ]
    with workspace.session_factory.begin() as session:
        Store(session).add_all(records)
    return records


def journal(workspace):
    with workspace.session_factory() as session:
        return list(reversed(Store(session).journal()))


def test_saving_records_every_item_but_the_cancelled_with_one_journal_entry(workspace, items):
    before = len(journal(workspace))
    baseline, changes = save_baseline(workspace, "Plan agreed", now=datetime(2026, 10, 2, 9))
    assert changes.created == {"baseline": {baseline.id}}
    recorded = baseline_dates(workspace, baseline.id)
    assert recorded == {
        "sch-0": (date(2026, 10, 1), date(2026, 10, 4)),
        "sch-1": (date(2026, 10, 6), date(2026, 10, 9)),
    }
    entries = journal(workspace)[before:]
    assert [(e.action, e.entity, e.operation) for e in entries] == [
        (JournalAction.CREATE, "baseline", "Save baseline 'Plan agreed'")
    ]
    [summary] = list_baselines(workspace)
    assert (summary.name, summary.item_count) == ("Plan agreed", 2)


def test_undo_deletes_the_baseline_and_redo_brings_it_back(workspace, items):
    command = SaveBaseline(workspace, "  Plan agreed  ")
    command.redo()
    assert command.text == "Save baseline 'Plan agreed'"
    command.undo()
    assert list_baselines(workspace) == []
    command.redo()
    assert [b.id for b in list_baselines(workspace)] == [command.baseline.id]
    assert journal(workspace)[-2].operation == "Undo: Save baseline 'Plan agreed'"


def test_names_must_be_given_and_unique(workspace, items):
    save_baseline(workspace, "Plan agreed")
    with pytest.raises(ValidationError, match="exists already"):
        save_baseline(workspace, "Plan agreed")
    with pytest.raises(ValidationError, match="needs a name"):
        save_baseline(workspace, "   ")
    assert len(list_baselines(workspace)) == 1


def test_slips_compare_the_plan_with_the_baseline(workspace, items):
    baseline, _ = save_baseline(workspace, "Plan agreed")
    assert slips(workspace, baseline.id) == []
    EditRecord(
        workspace,
        dm.ScheduleItem,
        "sch-1",
        {"planned_start": date(2026, 10, 8), "planned_end": date(2026, 10, 12)},
        "Move 'Build: API' 2 days later",
    ).redo()
    [slip] = slips(workspace, baseline.id)
    assert (slip.release_key, slip.item_name, slip.start_slip_days, slip.end_slip_days) == (
        "PAY-4.2",
        "Build: API",
        2,
        3,
    )
    assert len(slips(workspace, baseline.id, changed_only=False)) == 2


def test_baselines_are_found_by_name_or_id_and_listed_newest_first(workspace, items):
    first, _ = save_baseline(workspace, "Plan agreed", now=datetime(2026, 10, 2))
    second, _ = save_baseline(workspace, "Re-plan", now=datetime(2026, 10, 20))
    assert [b.name for b in list_baselines(workspace)] == ["Re-plan", "Plan agreed"]
    assert find_baseline(workspace, "plan AGREED").id == first.id
    assert find_baseline(workspace, second.id).name == "Re-plan"
    with pytest.raises(NotFoundError, match="baselines: 'Re-plan', 'Plan agreed'"):
        find_baseline(workspace, "Nope")
    with pytest.raises(NotFoundError):
        baseline_dates(workspace, "bas-missing")
