"""The merge rules, checked on generated rows: what counts as the colleague's change, what is a
conflict, and what applying a plan leaves behind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from releaseplanner.domain import model as dm
from releaseplanner.exchange.base_snapshot import BaseSnapshot
from releaseplanner.exchange.merge import ItemKind, RowFate, merge_fields, row_fate
from releaseplanner.exchange.merge_plan import plan_merge
from releaseplanner.exchange.references import Lookups
from releaseplanner.exchange.workbook_schema import FREEZE_WINDOWS
from releaseplanner.exchange.xlsx_import import SheetContent, SheetRow, WorkbookContent

FIELDS = ("a", "b", "c", "d")
values = st.sampled_from([None, "x", "y", "z", 1])
rows = st.fixed_dictionaries({f: values for f in FIELDS})


@given(base=rows, ours=rows)
def test_a_row_the_colleague_left_alone_changes_nothing(base, ours):
    assert merge_fields(FIELDS, base, ours, dict(base)) == ({}, [])


@given(base=rows, theirs=rows)
def test_without_workspace_edits_every_colleague_edit_is_a_change(base, theirs):
    changes, conflicts = merge_fields(FIELDS, base, dict(base), theirs)
    assert conflicts == []
    assert changes == {f: theirs[f] for f in FIELDS if theirs[f] != base[f]}


@given(base=rows, ours=rows, theirs=rows)
def test_conflicts_are_exactly_the_fields_all_three_disagree_on(base, ours, theirs):
    changes, conflicts = merge_fields(FIELDS, base, ours, theirs)
    assert {c.field for c in conflicts} == {
        f for f in FIELDS if len({base[f], ours[f], theirs[f]}) == 3
    }
    assert set(changes).isdisjoint(c.field for c in conflicts)
    for conflict in conflicts:
        assert (conflict.base, conflict.ours, conflict.theirs) == (
            base[conflict.field],
            ours[conflict.field],
            theirs[conflict.field],
        )


@given(base=rows, ours=rows, theirs=rows, take_theirs=st.booleans())
def test_the_merged_row_keeps_both_sides_edits(base, ours, theirs, take_theirs):
    changes, conflicts = merge_fields(FIELDS, base, ours, theirs)
    merged = dict(ours) | changes
    if take_theirs:
        merged |= {c.field: c.theirs for c in conflicts}
    for f in FIELDS:
        if theirs[f] == base[f]:
            assert merged[f] == ours[f], "the workspace's value stays where theirs is untouched"
        elif ours[f] == base[f]:
            assert merged[f] == theirs[f], "the colleague's edit arrives"
        else:
            assert merged[f] == (theirs[f] if take_theirs else ours[f])


@given(base=rows, ours=rows, theirs=rows)
def test_the_rules_are_symmetric_in_ours_and_theirs(base, ours, theirs):
    _, forward = merge_fields(FIELDS, base, ours, theirs)
    _, backward = merge_fields(FIELDS, base, theirs, ours)
    assert [(c.field, c.ours, c.theirs) for c in forward] == [
        (c.field, c.theirs, c.ours) for c in backward
    ]


@given(ours=rows, theirs=rows)
def test_two_way_updates_what_differs_and_never_conflicts(ours, theirs):
    changes, conflicts = merge_fields(FIELDS, None, ours, theirs)
    assert conflicts == []
    assert changes == {f: theirs[f] for f in FIELDS if theirs[f] != ours[f]}


@given(base=rows, ours=rows, theirs=rows, kept=st.sets(st.sampled_from(FIELDS)))
def test_columns_the_sheet_lacks_are_never_touched(base, ours, theirs, kept):
    partial = {f: v for f, v in theirs.items() if f in kept}
    changes, conflicts = merge_fields(FIELDS, base, ours, partial)
    assert set(changes) | {c.field for c in conflicts} <= kept


def test_the_fate_of_a_row_from_where_it_exists():
    table = {
        (b, o, t): row_fate(b, o, t)
        for b in (False, True)
        for o in (False, True)
        for t in (False, True)
    }
    assert table == {
        (False, False, False): RowFate.NOTHING,
        (False, False, True): RowFate.ADD,
        (False, True, False): RowFate.NOTHING,  # added in the workspace since: keep it
        (False, True, True): RowFate.MERGE,  # two-way
        (True, False, False): RowFate.NOTHING,  # deleted on both sides
        (True, False, True): RowFate.REVIVE,
        (True, True, False): RowFate.REMOVE,
        (True, True, True): RowFate.MERGE,
    }


# -- the same rules through the planner, on freeze windows --------------------------------------
WINDOW_IDS = [f"frz-{n:016x}" for n in range(4)]
names = st.sampled_from(["Year end", "Peak", "Audit"])
state = st.one_of(st.none(), names)  # None: the row is absent on that side


def window(record_id: str, name: str) -> dm.FreezeWindow:
    return dm.FreezeWindow(id=record_id, name=name, start=date(2026, 12, 1), end=date(2026, 12, 31))


def canonical(name: str) -> dict:
    return {
        "name": name,
        "kind": "freeze",
        "start": "2026-12-01",
        "end": "2026-12-31",
        "environment_id": None,
        "reason": "",
    }


@settings(max_examples=60, deadline=None)
@given(sides=st.lists(st.tuples(state, state, state), min_size=4, max_size=4))
def test_the_planner_applies_the_rules_row_by_row(sides):
    """For each window: (base, ours, theirs) names or absence; the plan must hold one item per
    row that needs one, of the kind the rules give."""
    base = BaseSnapshot({"Freeze windows": {}})
    ours, sheet_rows = [], []
    positions = {f: i for i, f in enumerate(["id", *FREEZE_WINDOWS.fields], start=1)}
    headers = {f: FREEZE_WINDOWS.column(f).header for f in positions}
    for number, (record_id, (b, o, t)) in enumerate(zip(WINDOW_IDS, sides, strict=True), 2):
        if b is not None:
            base.rows["Freeze windows"][record_id] = canonical(b)
        if o is not None:
            ours.append(window(record_id, o))
        if t is not None:
            sheet_rows.append(SheetRow(number, record_id, canonical(t)))
    content = WorkbookContent(Path("w.xlsx"), base=base)
    content.sheets["Freeze windows"] = SheetContent(
        FREEZE_WINDOWS, "Freeze windows", positions, headers, sheet_rows
    )

    plan = plan_merge(content, {"Freeze windows": ours}, Lookups())

    assert plan.problems == []
    found = {item.record_id: item.kind for item in plan.items}
    for record_id, (b, o, t) in zip(WINDOW_IDS, sides, strict=True):
        expected = None
        if t is not None and o is None:
            expected = ItemKind.ADDED if b is None else (ItemKind.CONFLICT if t != b else None)
        elif t is not None and o is not None:
            if b is None or (t != b and o == b):
                expected = ItemKind.CHANGED if t != o else None
            elif t != b and o != b and t != o:
                expected = ItemKind.CONFLICT
        elif b is not None and o is not None:
            expected = ItemKind.REMOVED if o == b else ItemKind.CONFLICT
        assert found.get(record_id) == expected, (record_id, b, o, t)
