"""The timeline window on the demo workspace: it opens and paints, zooms, pans, fits, jumps to
today, filters, regroups and expands, all through the widgets a user touches."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QUndoCommand, QUndoStack, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from releaseplanner.domain.errors import UserError
from releaseplanner.domain.timeline.model import GroupBy, RowKind
from releaseplanner.domain.timeline.viewport import PRESETS
from releaseplanner.services.demo import build_demo
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import open_workspace

TODAY = date(2026, 11, 26)


class Undoable(QUndoCommand):
    """The test harness's stand-in for the app's wrapper: the command has run before push."""

    def __init__(self, command) -> None:
        super().__init__(command.text)
        self.command = command
        self._pushed = True

    def redo(self) -> None:
        if self._pushed:
            self._pushed = False
            return
        self.command.redo()

    def undo(self) -> None:
        self.command.undo()

    def id(self) -> int:
        key = getattr(self.command, "merge_key", None)
        return -1 if key is None else abs(hash(key)) % 1_000_000

    def mergeWith(self, other: QUndoCommand) -> bool:
        return self.command.merge_with(other.command)


class Harness:
    """push_command for the window: run the command, keep it on our own undo stack."""

    def __init__(self) -> None:
        self.stack = QUndoStack()
        self.refused: list[str] = []

    def push(self, command) -> bool:
        try:
            command.redo()
        except UserError as exc:
            self.refused.append(str(exc))
            return False
        self.stack.push(Undoable(command))
        return True


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("timeline") / "demo.sqlite"
    workspace = open_workspace(str(path), create=True)
    try:
        ensure_reference_data(workspace)
        build_demo(workspace, scale=1, seed=1, today=TODAY)
    finally:
        workspace.close()
    return path


@pytest.fixture
def demo_workspace(demo_template, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, path)
    workspace = open_workspace(str(path))
    yield workspace
    workspace.close()


@pytest.fixture
def harness():
    return Harness()


@pytest.fixture
def window(qtbot, demo_workspace, harness):
    from releaseplanner.ui.timeline.timeline_window import TimelineWindow

    window = TimelineWindow(demo_workspace, harness.push, today=TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.document.checks_loaded, timeout=20_000):
        window.resize(1400, 900)
        window.show()
    yield window
    window.close()


def chart_point(view, day_offset: float = 0.5, row: int = 0) -> QPoint:
    """A point in the chart: ``day_offset`` days right of the left edge, in ``row`` on screen."""
    geo = view.chart_geometry()
    x = geo.chart_left + day_offset * view.state().px_per_day
    y = geo.chart_top + (row + 0.5) * geo.row_height
    return QPoint(round(x), round(y))


def wheel(widget, pos: QPoint, delta: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    event = QWheelEvent(
        QPointF(pos),
        QPointF(widget.mapToGlobal(pos)),
        QPoint(),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_window_opens_on_today_and_paints_bars(window):
    view = window.view
    first, last = view.days_shown()
    assert first <= TODAY.toordinal() <= last
    frame = view.frame()
    assert any(hit.item_id for hit in frame.hits), "bars of releases around today are visible"
    assert "Today" in frame.texts()
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    view.viewport().render(image)
    colours = {image.pixelColor(x, 300).name() for x in range(0, image.width(), 7)}
    assert len(colours) > 5
    assert window.problems_panel.model.rowCount() == len(window.document.data.problems) > 0


def test_ctrl_wheel_zooms_around_the_pointer(window, qtbot):
    view = window.view
    view.zoom_to_preset("week")
    assert view.state().px_per_day == pytest.approx(PRESETS["week"])
    pos = chart_point(view, 20)
    day_under = view.chart_geometry().day_at(pos.x(), view.state())
    wheel(view.viewport(), pos, 120, Qt.KeyboardModifier.ControlModifier)
    assert view.state().px_per_day == pytest.approx(PRESETS["week"] * 1.25)
    assert view.chart_geometry().day_at(pos.x(), view.state()) == pytest.approx(day_under)
    # Without Ctrl the wheel scrolls down, a few rows at a time.
    top = view.state().top
    wheel(view.viewport(), pos, -120)
    assert view.state().top > top


def test_plus_and_minus_zoom_and_presets_change_the_header(window, qtbot):
    view = window.view
    view.setFocus()
    view.zoom_to_preset("month")
    before = view.state().px_per_day
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert view.state().px_per_day > before
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert view.state().px_per_day == pytest.approx(before)
    window.actions_by_id["view.preset.day"].trigger()
    window.actions_by_id["view.today"].trigger()
    assert "Thu 26" in view.frame().texts()
    window.actions_by_id["view.preset.year"].trigger()
    assert any(text.startswith("Q") for text in view.frame().texts())


def test_dragging_empty_chart_pans_and_scroll_bars_follow(window, qtbot):
    view = window.view
    view.select_items([])
    empty = None
    for row in range(len(view.frame().rows)):
        for offset in (2, 5, 8):
            point = chart_point(view, offset, row)
            if view.frame().hit_at(point.x(), point.y(), 3) is None:
                empty = point
                break
        if empty:
            break
    assert empty is not None
    before = view.state().left_day
    QTest.mousePress(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty
    )
    QTest.mouseMove(view.viewport(), empty + QPoint(-140, 0))
    QTest.mouseRelease(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        empty + QPoint(-140, 0),
    )
    assert view.state().left_day == pytest.approx(before + 140 / view.state().px_per_day)
    bar = view.horizontalScrollBar()
    bar.setValue(bar.value() - 70)
    assert view.state().left_day == pytest.approx(before + 70 / view.state().px_per_day, abs=0.2)


def test_fit_shows_the_whole_plan_and_today_comes_back(window):
    view = window.view
    window.actions_by_id["view.fit"].trigger()
    first, last = view.days_shown()
    extent = window.document.layout.extent()
    assert first <= extent[0] and last >= extent[1] + 1
    view.scroll_to(first - 400, 0)
    window.actions_by_id["view.today"].trigger()
    first, last = view.days_shown()
    assert first < TODAY.toordinal() < last


def test_filters_narrow_the_rows(window, qtbot):
    layout = window.document.layout
    key = next(r for r in layout.rows if r.kind is RowKind.RELEASE).label.split(" · ")[0]
    window.release_filter.setText(key)
    qtbot.waitUntil(lambda: window.document.options.filter.release_text == key)
    releases = {row.release_id for row in window.document.layout.rows}
    assert len(releases) == 1
    window.release_filter.clear()
    qtbot.waitUntil(lambda: not window.document.options.filter.release_text)
    production = window.environment_combo.findText("Production")
    window.environment_combo.setCurrentIndex(production)
    environment = window.environment_combo.currentData()
    items = window.document.layout.items.values()
    assert items and {i.environment_id for i in items} == {environment}
    window.environment_combo.setCurrentIndex(0)
    window.status_combo.setCurrentIndex(window.status_combo.findText("Done"))
    assert {i.status.value for i in window.document.layout.items.values()} == {"done"}
    window.status_combo.setCurrentIndex(0)
    window.team_combo.setCurrentIndex(1)
    assert 0 < len(window.document.layout.items) < len(window.document.data.items)


def test_grouping_by_environment_makes_swimlanes(window):
    window.group_combo.setCurrentIndex(window.group_combo.findData(GroupBy.ENVIRONMENT.value))
    groups = [row.label for row in window.document.layout.rows if row.level == 0]
    assert groups == ["Dev", "Test", "Staging", "Production", "No environment"]
    assert window.view.frame().texts().count("Environment / lane") == 1


def test_clicking_a_triangle_collapses_and_expands_a_release(window, qtbot):
    view = window.view
    view.scroll_to(view.state().left_day, 0)
    frame = view.frame()
    x0, y0, x1, y1, row = frame.expanders[0]
    release = window.document.layout.rows[row]
    assert release.expanded
    rows_before = len(window.document.layout.rows)
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(round((x0 + x1) / 2), round((y0 + y1) / 2)),
    )
    assert len(window.document.layout.rows) < rows_before
    assert not window.document.layout.rows[row].expanded
    window.actions_by_id["view.expand_all"].trigger()
    assert len(window.document.layout.rows) == rows_before


def chip_texts(frame) -> list[str]:
    return [t.text for t in frame.layer("rows").texts if t.align == "center"]


def test_release_rows_show_their_risk_chip_once_the_checks_land(qtbot, demo_workspace, harness):
    from releaseplanner.services.risk_bands import release_bands
    from releaseplanner.ui.timeline.timeline_window import TimelineWindow

    bands = release_bands(demo_workspace, today=TODAY)
    platform = next(b for b in bands.values() if b.key == "PLT-2026.12")
    assert platform.label == "High 57"  # as the portfolio tree shows it
    window = TimelineWindow(demo_workspace, harness.push, today=TODAY)
    qtbot.addWidget(window)
    view = window.view
    first_paint: list[list[str]] = []
    window.document.loaded.connect(lambda: first_paint.append(chip_texts(view.frame())))
    with qtbot.waitSignal(window.document.loaded, timeout=20_000):
        window.resize(1400, 900)
        window.show()
    assert first_paint == [[]]  # the bars come first, the bands with the slower checks
    layout = window.document.layout
    row = next(i for i, r in enumerate(layout.rows) if r.release_id == platform.release_id)
    view.scroll_to(view.state().left_day, row * view.chart_geometry().row_height)
    qtbot.waitUntil(lambda: "High 57" in chip_texts(view.frame()), timeout=20_000)
    frame = view.frame()
    chip = next(t for t in frame.layer("rows").texts if t.text == "High 57")
    geo = view.chart_geometry()
    assert abs(chip.y - (geo.y_of(row, view.state()) + geo.row_height / 2)) < 1
    assert view.tooltip_at(QPointF(chip.x, chip.y)) == platform.explanation
    shown = {layout.rows[r].release_id for r in frame.rows if layout.rows[r].level == 0}
    assert sorted(chip_texts(frame)) == sorted(bands[r].label for r in shown)
    window.close()


def test_the_window_and_the_command_line_paint_the_chip_alike(qapp, tmp_path):
    from matplotlib.image import imread

    from releaseplanner.charts.timeline import write_picture
    from releaseplanner.domain import model as dm
    from releaseplanner.domain.enums import RiskBand, ScheduleKind
    from releaseplanner.domain.timeline.frame import build_frame
    from releaseplanner.domain.timeline.layout import build_layout
    from releaseplanner.domain.timeline.model import RiskChip, TimelineData
    from releaseplanner.domain.timeline.palette import LIGHT
    from releaseplanner.domain.timeline.primitives import Polygon
    from releaseplanner.domain.timeline.viewport import FrameStyle, ViewState
    from releaseplanner.ui.timeline.painter import FramePainter

    release = dm.Release(id="r", key="R-1", name="Payments", release_type_id="t")
    item = dm.ScheduleItem(
        id="i",
        release_id="r",
        name="Build",
        kind=ScheduleKind.BUILD,
        planned_start=TODAY,
        planned_end=TODAY,
    )
    chip = RiskChip(RiskBand.HIGH, "High 57", "Risk score 57 of 100 (high)")
    data = TimelineData(releases=[release], items=[item], risks={"r": chip})
    state = ViewState(left_day=TODAY.toordinal() - 3, px_per_day=20.0)
    frame = build_frame(build_layout(data), state, FrameStyle(), 800, 200)
    pill = next(
        s
        for s in frame.layer("rows").shapes
        if isinstance(s, Polygon) and s.fill == LIGHT.risk_bands[RiskBand.HIGH]
    )
    xs, ys = [x for x, _ in pill.points], [y for _, y in pill.points]
    # Inside the round left end, before the text starts.
    x, y = round(min(xs) + 4), round((min(ys) + max(ys)) / 2)
    image = QImage(800, 200, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    painter = QPainter(image)
    FramePainter().paint(painter, frame)
    painter.end()
    png = write_picture(frame, tmp_path / "chip.png")
    pixels = imread(str(png))
    expected = QColor(LIGHT.risk_bands[RiskBand.HIGH])
    qt = image.pixelColor(x, y)
    mpl = [round(float(c) * 255) for c in pixels[y, x][:3]]
    for got in ([qt.red(), qt.green(), qt.blue()], mpl):
        assert all(
            abs(a - b) <= 3
            for a, b in zip(got, [expected.red(), expected.green(), expected.blue()], strict=True)
        )
