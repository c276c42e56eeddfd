"""Direct manipulation on the timeline: drag to move, drag an edge to resize, Shift+drag to link,
keys to nudge, double-click to edit. Each gesture is one command: on the undo stack once, in the
journal, and undone exactly."""

from __future__ import annotations

from datetime import timedelta

import pytest

pytest.importorskip("PySide6")

import test_timeline_view as shared
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import ScheduleStatus
from releaseplanner.storage.store import Store

# The window and workspace fixtures live with the view tests; bound here so pytest finds them.
TODAY = shared.TODAY
demo_template = shared.demo_template
demo_workspace = shared.demo_workspace
harness = shared.harness
window = shared.window

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def stored(workspace, item_id: str) -> dm.ScheduleItem:
    with workspace.session_factory() as session:
        return Store(session).get(dm.ScheduleItem, item_id)


def journal(workspace, limit: int = 10):
    with workspace.session_factory() as session:
        return Store(session).journal(limit=limit)


def movable_bar(window, *, exclude: tuple[str, ...] = ()):
    """A not-started bar at least five days wide, wholly on screen, and its hit rectangle."""
    view = window.view
    view.zoom_to_preset("week")
    view.jump_to_today()
    view.reveal_rows_in_view()
    geo = view.chart_geometry()
    for hit in view.frame().hits:
        item = window.document.item(hit.item_id) if hit.item_id else None
        if (
            item is not None
            and item.id not in exclude
            and not hit.point
            and item.status is ScheduleStatus.NOT_STARTED
            and hit.x1 - hit.x0 >= 5 * view.state().px_per_day
            and geo.chart_left + 20 < hit.x0
            and hit.x1 < geo.width - 120
        ):
            return item, hit
    raise AssertionError("no movable bar on screen")


def drag(view, start: QPoint, end: QPoint, modifiers=NONE) -> None:
    viewport = view.viewport()
    QTest.mousePress(viewport, LEFT, modifiers, start)
    steps = 6
    for step in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * step / steps)
    QTest.mouseRelease(viewport, LEFT, modifiers, end)


def centre(hit) -> QPoint:
    return QPoint(round((hit.x0 + hit.x1) / 2), round((hit.y0 + hit.y1) / 2))


def test_dragging_a_bar_moves_it_by_whole_days_in_one_undo_step(window, harness, qtbot):
    workspace = window.document.workspace
    item, hit = movable_bar(window)
    ppd = window.view.state().px_per_day
    start = centre(hit)
    drag(window.view, start, start + QPoint(round(3.2 * ppd), 4))
    moved = stored(workspace, item.id)
    assert moved.planned_start == item.planned_start + timedelta(days=3)
    assert moved.planned_end == item.planned_end + timedelta(days=3)
    assert window.document.item(item.id).planned_start == moved.planned_start
    assert harness.stack.count() == 1
    assert harness.stack.undoText().startswith(f"Move '{item.name}'")
    entries = journal(workspace, 2)
    assert {e.field for e in entries} == {"planned_start", "planned_end"}
    assert entries[0].operation.endswith("3 days later") and entries[0].entity_id == item.id
    # The view shows the bar at its new days.
    new_hit = window.view.frame().hits_for(item.id)[0]
    assert new_hit.x0 == pytest.approx(hit.x0 + 3 * ppd, abs=1)

    with qtbot.waitSignal(window.document.checks_loaded, timeout=20_000):
        harness.stack.undo()
        window.refresh()
    assert stored(workspace, item.id).planned_start == item.planned_start
    assert window.document.item(item.id).planned_start == item.planned_start
    assert journal(workspace, 1)[0].operation.startswith("Undo: Move")


def test_dragging_the_right_edge_changes_only_the_end(window, harness):
    item, hit = movable_bar(window)
    ppd = window.view.state().px_per_day
    edge = QPoint(round(hit.x1) - 2, round((hit.y0 + hit.y1) / 2))
    drag(window.view, edge, edge + QPoint(round(2 * ppd), 0))
    resized = stored(window.document.workspace, item.id)
    assert resized.planned_start == item.planned_start
    assert resized.planned_end == item.planned_end + timedelta(days=2)
    assert harness.stack.undoText().startswith("Change end of")


def test_shift_drag_from_one_bar_to_another_adds_a_dependency(window, harness):
    first, first_hit = movable_bar(window)
    links = window.document.data.dependencies
    related = {d.successor_id for d in links if d.predecessor_id == first.id}
    related |= {d.predecessor_id for d in links if d.successor_id == first.id}
    candidates = [
        hit
        for hit in window.view.frame().hits
        if hit.item_id
        and hit.item_id != first.id
        and hit.item_id not in related
        and window.document.item(hit.item_id).release_id != first.release_id
    ]
    target = candidates[0]
    count = len(links)
    drag(window.view, centre(first_hit), centre(target), SHIFT)
    assert harness.stack.count() == 1, harness.refused
    assert harness.stack.undoText().startswith("Make '")
    assert len(window.document.data.dependencies) == count + 1
    with window.document.workspace.session_factory() as session:
        assert (
            len(
                Store(session).all(
                    dm.Dependency, predecessor_id=first.id, successor_id=target.item_id
                )
            )
            == 1
        )
    harness.stack.undo()
    with window.document.workspace.session_factory() as session:
        assert not Store(session).all(
            dm.Dependency, predecessor_id=first.id, successor_id=target.item_id
        )


def test_escape_cancels_a_drag_and_writes_nothing(window, harness):
    item, hit = movable_bar(window)
    view = window.view
    start = centre(hit)
    QTest.mousePress(view.viewport(), LEFT, NONE, start)
    QTest.mouseMove(view.viewport(), start + QPoint(60, 0))
    QTest.mouseMove(view.viewport(), start + QPoint(80, 0))
    assert view.marks().preview
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(view.viewport(), LEFT, NONE, start + QPoint(80, 0))
    assert not view.marks().preview and harness.stack.count() == 0
    assert stored(window.document.workspace, item.id).planned_start == item.planned_start


def test_arrow_keys_move_and_shift_arrows_resize_the_selected_item(window, harness):
    item, _hit = movable_bar(window)
    view = window.view
    view.select_items([item.id])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right)
    QTest.keyClick(view, Qt.Key.Key_Right, SHIFT)
    QTest.keyClick(view, Qt.Key.Key_Left, SHIFT | Qt.KeyboardModifier.AltModifier)
    now = stored(window.document.workspace, item.id)
    assert now.planned_start == item.planned_start  # +1 then -1 on the start
    assert now.planned_end == item.planned_end + timedelta(days=2)
    assert harness.stack.count() == 3
    for _ in range(3):
        harness.stack.undo()
    now = stored(window.document.workspace, item.id)
    assert (now.planned_start, now.planned_end) == (item.planned_start, item.planned_end)


def test_a_refused_edit_leaves_the_plan_as_it_was(window, harness):
    item, hit = movable_bar(window)
    window.document._push = lambda command: False
    start = centre(hit)
    drag(window.view, start, start + QPoint(60, 0))
    assert window.document.item(item.id).planned_start == item.planned_start
    assert not window.view.marks().preview


def test_double_click_opens_the_editor_which_saves_one_undoable_edit(window, harness, qtbot):
    item, hit = movable_bar(window)
    QTest.mouseDClick(window.view.viewport(), LEFT, NONE, centre(hit))
    dialog = window._editor
    assert dialog is not None and dialog.isVisible()
    assert dialog.name_edit.text() == item.name
    assert any(word in dialog.slack_label.text().lower() for word in ("slack", "critical"))
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("Blocked"))
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(-1))
    dialog.save()
    assert dialog.isVisible() and "before" in dialog.error_label.text()
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(6))
    dialog.save()
    assert not dialog.isVisible()
    saved = stored(window.document.workspace, item.id)
    assert saved.status is ScheduleStatus.BLOCKED
    assert saved.planned_end == item.planned_start + timedelta(days=6)
    assert harness.stack.count() == 1 and "status" in harness.stack.undoText()
    assert TODAY  # the demo was built around this day


def test_a_milestone_moves_by_key_but_does_not_stretch(window, harness):
    layout = window.document.layout
    point = next(
        bar
        for bar in layout.item_bar.values()
        if bar.point and window.document.item(bar.item_id).planned_start > TODAY
    )
    view = window.view
    view.select_items([point.item_id])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right, SHIFT)
    assert harness.stack.count() == 0
    QTest.keyClick(view, Qt.Key.Key_Right)
    moved = stored(window.document.workspace, point.item_id)
    assert moved.planned_start == moved.planned_end
    assert moved.planned_start.toordinal() == point.start + 1
    assert harness.stack.count() == 1
