"""The timeline window around the chart: problems panel, critical path, baselines and slips,
meeting mode, export and printing, tooltips and the legend."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

pytest.importorskip("PySide6")

import test_timeline_view as shared
from matplotlib.image import imread
from PySide6.QtCore import QPointF, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from test_timeline_drag import movable_bar

from releaseplanner.domain.conflicts import ProblemKind
from releaseplanner.domain.timeline.editing import Dates, Handle
from releaseplanner.ui.timeline.exporting import ExportRequest
from releaseplanner.ui.timeline.present import PRESENT_STYLE, PresentOptions

# The window and workspace fixtures live with the view tests; bound here so pytest finds them.
TODAY = shared.TODAY
demo_template = shared.demo_template
demo_workspace = shared.demo_workspace
harness = shared.harness
window = shared.window


def test_choosing_a_problem_selects_and_shows_its_bars(window):
    panel = window.problems_panel
    rows = panel.model.rows()
    number = next(i for i, row in enumerate(rows) if len(row.problem.item_ids) == 2)
    problem = rows[number].problem
    panel.select_row(number)
    assert window.view.selected_items() == sorted(problem.item_ids)
    first, last = window.view.days_shown()
    for item_id in problem.item_ids:
        bar = window.document.layout.item_bar[item_id]
        assert first <= bar.start and bar.end < last
    assert window.view.frame().hits_for(problem.item_ids[0])
    kinds = {row.problem.kind for row in rows}
    assert ProblemKind.DEPLOYMENT_OVERLAP in kinds or ProblemKind.COMPONENT_CLASH in kinds


def test_problem_markers_are_drawn_on_the_affected_bars(window):
    problem = next(p for p in window.document.data.problems if p.item_ids)
    window.show_problem(problem)
    badges = [t for t in window.view.frame().layer("marks").texts if t.text == "!"]
    assert badges


def test_the_critical_path_of_the_selected_release_is_outlined(window):
    item, _hit = movable_bar(window)
    window.view.select_items([item.id])
    window.actions_by_id["plan.critical"].trigger()
    critical = window.view.marks().critical
    path = window.document.critical_path(item.release_id)
    assert critical == frozenset(path.critical) and critical
    assert "Critical path of" in window._status.text()
    tip = window.view.tooltip_at(QPointF(*centre_of(window, item.id)))
    assert "slack" in tip.lower() or "critical" in tip.lower()
    window.actions_by_id["plan.critical"].trigger()
    assert not window.view.marks().critical


def test_without_a_selection_the_critical_path_asks_for_one(window):
    window.view.select_items([])
    window.actions_by_id["plan.critical"].trigger()
    assert not window.actions_by_id["plan.critical"].isChecked()
    assert "Select an item" in window._status.text()


def test_a_saved_baseline_shows_ghosts_and_slips(window, harness, qtbot):
    with qtbot.waitSignal(window.document.checks_loaded, timeout=20_000):
        assert window.save_baseline("Before the move")
    assert window.baseline_combo.currentText().startswith("Before the move")
    assert harness.stack.undoText() == "Save baseline 'Before the move'"
    item, _hit = movable_bar(window)
    new = Dates(item.planned_start + timedelta(days=4), item.planned_end + timedelta(days=4))
    with qtbot.waitSignal(window.document.checks_loaded, timeout=20_000):
        assert window.document.move(item.id, new, Handle.BODY)
    slips = window.slips_panel.model.rows()
    assert [(row.id, row.slip.end_days) for row in slips] == [(item.id, 4)]
    ghosts = [
        s for s in window.view.frame().layer("bars").shapes if getattr(s, "fill", None) == "#b7bec8"
    ]
    assert ghosts
    window.slips_panel.select_row(0)
    assert window.view.selected_items() == [item.id]


def test_meeting_mode_is_full_screen_large_read_only_and_steps_through_milestones(window, qtbot):
    view = window.view
    hidden = next(row.group_key for row in window.document.layout.rows if row.level == 0)
    first = TODAY - timedelta(days=30)
    last = TODAY + timedelta(days=60)
    window.present(PresentOptions("Release board", first, last, frozenset({hidden})))
    assert window.isFullScreen() and window.presenter.active
    assert not window.menuBar().isVisible() and not window.legend.isVisible()
    assert view.style_().font_px == PRESENT_STYLE.font_px
    texts = view.frame().texts()
    assert "Release board" in texts and any(TODAY.strftime("%b %Y") in t for t in texts)
    assert all(row.group_key != hidden for row in window.document.layout.rows)
    shown_first, shown_last = view.days_shown()
    assert shown_first <= first.toordinal() and shown_last >= last.toordinal()
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right)
    focus = view.marks().focus
    assert focus is not None and window.document.layout.item_bar[focus].point
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.marks().focus != focus
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert view.marks().focus == focus
    label = window.document.layout.item_bar[focus].label
    assert label in view.frame().texts()  # the milestone in focus always shows its name
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert not window.presenter.active and not window.isFullScreen()
    assert window.menuBar().isVisible() and window.legend.isVisible()
    assert any(row.group_key == hidden for row in window.document.layout.rows)


def test_export_writes_png_svg_and_pdf_like_the_command_line(window, qtbot, tmp_path):
    first, last = TODAY - timedelta(days=20), TODAY + timedelta(days=40)
    png = tmp_path / "timeline.png"
    with qtbot.waitSignal(
        window.export(ExportRequest(str(png), first, last, width=1600)).done, timeout=60_000
    ):
        pass
    assert imread(str(png)).shape[1] == 1600
    svg = tmp_path / "timeline.svg"
    with qtbot.waitSignal(window.export(ExportRequest(str(svg), first, last)).done, timeout=60_000):
        pass
    assert "<svg" in svg.read_text()
    pdf = tmp_path / "timeline.pdf"
    request = ExportRequest(str(pdf), first, last, tiled=True, paper="a4")
    with qtbot.waitSignal(window.export(request).done, timeout=60_000):
        pass
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))
    assert pdf.read_bytes().startswith(b"%PDF") and pages >= 1
    assert "Exported" in window._status.text()


def test_printing_paints_the_page_frames(window, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    window.view.zoom_to_preset("month")
    pages = window.print_to(printer, tiled=True)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and pages >= 1
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == pages


def test_hovering_a_bar_tells_its_dates_and_status(window):
    item, hit = movable_bar(window)
    tip = window.view.tooltip_at(QPointF((hit.x0 + hit.x1) / 2, (hit.y0 + hit.y1) / 2))
    assert item.name in tip and item.status.label in tip
    assert f"{item.planned_start.day} {item.planned_start:%b %Y}" in tip


def test_the_legend_explains_the_colours(window):
    assert window.legend.isVisible() and window.legend.height() > 20
    image = window.legend.grab().toImage()
    assert not image.isNull()


def centre_of(window, item_id: str) -> tuple[float, float]:
    hit = window.view.frame().hits_for(item_id)[0]
    return (hit.x0 + hit.x1) / 2, (hit.y0 + hit.y1) / 2


def test_the_apps_undo_actions_join_an_edit_menu_and_unrelated_changes_are_ignored(window):
    from PySide6.QtGui import QAction

    from releaseplanner.services.changes import ChangeSet

    undo = QAction("&Undo", window)
    window.add_edit_actions(undo)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[:3] == ["&File", "&Edit", "&View"]
    assert undo in window.actions()
    unrelated = ChangeSet("Rename team", updated={"team": {"team-1"}})
    window.refresh(unrelated)
    assert not window.document.is_loading
    window.refresh(ChangeSet("Move", updated={"schedule_item": {"x"}}))
    assert window.document.is_loading
