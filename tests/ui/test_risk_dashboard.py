"""The risk dashboard on the demo workspace: lazy loading, the breakdown, heat-map clicks that
filter the register, exactly one draw per changed chart after an edit, exports, dark palette."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date
from functools import partial
from xml.etree import ElementTree

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QColor, QPalette, QUndoStack
from PySide6.QtWidgets import QApplication, QTabWidget

from releaseplanner.charts.palette import DARK, LIGHT
from releaseplanner.ui.risk.dashboard_data import Chart
from releaseplanner.ui.risk.links import link_risk_views
from releaseplanner.ui.risk.risk_dashboard import RiskDashboardView
from releaseplanner.ui.risk.risk_reader import RiskReader
from releaseplanner.ui.risk.risk_register import RiskRegisterView
from releaseplanner.ui.risk.risk_register_model import RiskColumn
from releaseplanner.ui.undo import push_command

TODAY = date(2026, 11, 26)
FOCUS = "PLT-2026.12"


@pytest.fixture
def workspace(demo_workspace):
    return demo_workspace


class Window:
    """The main window's part: one undo stack whose ChangeSets reach both views, linked."""

    def __init__(self, workspace, qtbot, exports):
        self.stack = QUndoStack()
        self.reader = RiskReader(workspace, today=lambda: TODAY)
        self.register = RiskRegisterView(self.reader, self.push)
        self.dashboard = RiskDashboardView(
            self.reader, ask_path=lambda _parent, _chart, _name: exports.pop(0)
        )
        link_risk_views(self.register, self.dashboard)
        for widget in (self.register, self.dashboard):
            qtbot.addWidget(widget)
            widget.resize(1280, 800)

    def applied(self, changes) -> None:
        self.register.apply_changes(changes)
        self.dashboard.apply_changes(changes)

    def push(self, command) -> bool:
        return push_command(self.stack, command, self.applied, lambda message: None)


@pytest.fixture
def exports():
    """Paths the export dialog 'chooses', in order."""
    return []


@pytest.fixture
def window(workspace, qtbot, exports):
    window = Window(workspace, qtbot, exports)
    yield window
    window.dashboard.shutdown()  # no worker may read the workspace after it closes


def show_loaded(window, qtbot):
    dashboard = window.dashboard
    with qtbot.waitSignal(dashboard.charts_updated, timeout=20_000):
        dashboard.show()
    settle(dashboard, qtbot)
    return dashboard


def settle(dashboard, qtbot):
    """Until nothing is loading and no canvas has a draw pending."""
    qtbot.waitUntil(lambda: not dashboard.is_busy(), timeout=20_000)
    QApplication.processEvents()


def focus(window, qtbot, key=FOCUS):
    dashboard = window.dashboard
    release = next(r for r in dashboard.data.releases if r.key == key)
    with qtbot.waitSignal(dashboard.charts_updated, timeout=20_000):
        dashboard.set_release(release.release_id)
    settle(dashboard, qtbot)
    return release


def visit_every_page(dashboard, qtbot):
    """Show each page of charts in turn (charts on hidden pages are drawn when shown)."""
    pages = dashboard.findChild(QTabWidget, "dashboardPages")
    for number in [*range(1, pages.count()), 0]:
        pages.setCurrentIndex(number)
        settle(dashboard, qtbot)


def click_cell(view, likelihood, impact, *, residual=False):
    """A left click on a heat-map cell, as matplotlib reports one from the canvas."""
    from matplotlib.backend_bases import MouseEvent

    canvas = view.canvas
    axes = canvas.figure.axes[1 if residual else 0]
    x, y = axes.transData.transform((impact, likelihood))
    event = MouseEvent("button_press_event", canvas, x, y, button=1)
    canvas.callbacks.process("button_press_event", event)


def test_the_risk_pages_import_neither_matplotlib_nor_the_services():
    code = (
        "import sys\n"
        "import releaseplanner.ui.risk.links, releaseplanner.ui.widgets.band_chip\n"
        "print(sorted(m for m in ('matplotlib', 'sqlalchemy') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_nothing_is_read_while_the_dashboard_is_hidden(window, qtbot):
    dashboard = window.dashboard
    dashboard.refresh()
    QApplication.processEvents()
    assert dashboard.data is None and not dashboard.is_busy()
    show_loaded(window, qtbot)
    assert dashboard.data is not None
    for chart in (Chart.HEATMAP, Chart.BY_RELEASE, Chart.READINESS):
        assert dashboard.chart_view(chart).figure is not None, chart
    # The portfolio has no single trend: the view says what to do instead.
    assert "Pick a release" in dashboard.chart_view(Chart.TREND).message()
    text = dashboard.breakdown.toPlainText()
    assert "Release risk across the portfolio" in text
    assert all(r.key in text for r in dashboard.data.releases)


def test_the_breakdown_shows_every_number_and_where_it_comes_from(window, qtbot):
    show_loaded(window, qtbot)
    release = focus(window, qtbot)
    text = window.dashboard.breakdown.toPlainText()
    assert f"Risk score {release.risk.score} of 100" in text
    assert f"Readiness {release.readiness.score} of 100" in text
    for part in (*release.risk.components, *release.readiness.components):
        assert part.name in text and part.explanation in text
    for blocker in release.readiness.blockers:
        assert blocker in text
    trend = window.dashboard.chart_view(Chart.TREND).figure
    assert trend is not None
    assert release.key in trend.texts[0].get_text() or release.key in trend._suptitle.get_text()


def test_clicking_a_heat_map_cell_filters_the_register(window, qtbot):
    dashboard = show_loaded(window, qtbot)
    release = focus(window, qtbot)
    register = window.register
    active = [e for e in register.data.entries if e.release_id == release.release_id and e.active]
    likelihood, impact = active[0].likelihood, active[0].impact

    with qtbot.waitSignal(dashboard.cell_selected) as clicked:
        click_cell(dashboard.chart_view(Chart.HEATMAP), likelihood, impact)
    assert clicked.args == [likelihood, impact, False]
    shown = register.visible_entries()
    expected = [e for e in active if (e.likelihood, e.impact) == (likelihood, impact)]
    assert {e.id for e in shown} == {e.id for e in expected}
    # The count in the cell is the number of rows listed.
    count = next(
        t
        for t in dashboard.chart_view(Chart.HEATMAP).figure.axes[0].texts
        if t.get_gid() == f"inherent-{likelihood}-{impact}"
    )
    assert int(count.get_text()) == len(shown)

    residual = active[0].residual_rating
    click_cell(dashboard.chart_view(Chart.HEATMAP), *residual, residual=True)
    assert {e.id for e in register.visible_entries()} == {
        e.id for e in active if e.residual_rating == residual
    }
    register.clear_cell_filter()
    figure = dashboard.chart_view(Chart.HEATMAP).figure
    assert not [p for a in figure.axes for p in a.patches if p.get_gid() == "selected-cell"]


def test_one_risk_edit_draws_each_changed_chart_once(window, qtbot):
    dashboard = show_loaded(window, qtbot)
    release = focus(window, qtbot)
    register = window.register
    before = dict(dashboard.data.pieces)
    draws = Counter()
    for chart in Chart:
        dashboard.chart_view(chart).drawn.connect(partial(draws.update, [chart]))

    entry = next(
        e
        for e in register.data.entries
        if e.release_id == release.release_id and e.active and e.likelihood < 5
    )
    index = register.proxy.mapFromSource(
        register.model.index(register.model.row_number(entry.id), RiskColumn.LIKELIHOOD)
    )
    with qtbot.waitSignal(dashboard.charts_updated, timeout=20_000):
        assert register.proxy.setData(index, entry.likelihood + 1)
    settle(dashboard, qtbot)

    changed = {chart for chart in Chart if dashboard.data.pieces[chart] != before[chart]}
    assert {Chart.HEATMAP, Chart.TREND, Chart.BY_RELEASE} <= changed  # new rating, snapshot, bar
    # The heat map's page is on show: drawn once. The others wait for their page to be shown.
    assert dict(draws) == {Chart.HEATMAP: 1}
    visit_every_page(dashboard, qtbot)
    assert dict(draws) == dict.fromkeys(changed, 1)


def test_each_chart_exports_to_png_svg_and_pdf(window, qtbot, tmp_path, exports):
    import matplotlib.image

    dashboard = show_loaded(window, qtbot)
    focus(window, qtbot)
    # Every format once for the heat map, one each for the other charts (each export draws
    # 1600 × 1000: all twelve would only repeat the same code path).
    exported = [(Chart.HEATMAP, suffix) for suffix in (".png", ".svg", ".pdf")]
    exported += [(Chart.TREND, ".pdf"), (Chart.BY_RELEASE, ".svg"), (Chart.READINESS, ".png")]
    for chart, suffix in exported:
        path = tmp_path / f"{chart.value}{suffix}"
        with qtbot.waitSignal(dashboard.chart_exported, timeout=20_000) as done:
            dashboard.export_chart(chart, path)
        assert done.args == [str(path)]
        if suffix == ".png":
            pixels = matplotlib.image.imread(path)
            assert pixels.shape[:2] == (1000, 1600)
        elif suffix == ".svg":
            assert ElementTree.parse(path).getroot().tag.endswith("svg")
        else:
            assert path.read_bytes().startswith(b"%PDF")

    # From the GUI: the chart's context menu asks for a file, then exports.
    exports.append(str(tmp_path / "from-menu.svg"))
    with qtbot.waitSignal(dashboard.chart_exported, timeout=20_000):
        dashboard.chart_view(Chart.READINESS).export_requested.emit()
    assert (tmp_path / "from-menu.svg").stat().st_size > 0


def test_a_failed_export_is_reported(window, qtbot, tmp_path):
    dashboard = show_loaded(window, qtbot)
    with qtbot.waitSignal(dashboard.failed, timeout=20_000) as failed:
        dashboard.export_chart(Chart.HEATMAP, tmp_path / "missing" / "heatmap.png")
    assert "does not exist" in failed.args[0]


def test_charts_follow_a_dark_application_palette(window, qtbot):
    dashboard = show_loaded(window, qtbot)
    light = dashboard.chart_view(Chart.HEATMAP).figure
    assert QColor.fromRgbF(*light.get_facecolor()).name() == LIGHT.background
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    with qtbot.waitSignal(dashboard.charts_updated, timeout=20_000):
        dashboard.setPalette(dark)
    settle(dashboard, qtbot)
    for chart in (Chart.HEATMAP, Chart.BY_RELEASE, Chart.READINESS):
        figure = dashboard.chart_view(chart).figure
        assert QColor.fromRgbF(*figure.get_facecolor()).name() == DARK.background, chart


def test_picking_a_release_focuses_the_dashboard_and_filters_the_register(window, qtbot):
    dashboard = show_loaded(window, qtbot)
    combo = dashboard.findChild(object, "dashboardRelease")
    release = next(r for r in dashboard.data.releases if r.key == FOCUS)
    picked = []
    dashboard.release_selected.connect(picked.append)
    with qtbot.waitSignal(dashboard.charts_updated, timeout=20_000):
        combo.setCurrentIndex(combo.findData(release.release_id))
        combo.activated.emit(combo.currentIndex())
    assert picked == [release.release_id]
    assert dashboard.release_id() == release.release_id
    assert {e.release_id for e in window.register.visible_entries()} == {release.release_id}
    assert "Risks of PLT-2026.12" in dashboard.chart_view(Chart.HEATMAP).figure._suptitle.get_text()


def test_an_edit_that_moves_no_count_redraws_only_the_trend(window, qtbot):
    dashboard = show_loaded(window, qtbot)
    release = focus(window, qtbot)
    visit_every_page(dashboard, qtbot)  # every chart drawn before the edit
    draws = Counter()
    for chart in Chart:
        dashboard.chart_view(chart).drawn.connect(partial(draws.update, [chart]))
    entry = next(e for e in window.register.data.entries if e.release_id == release.release_id)
    with qtbot.waitSignal(dashboard.charts_updated, timeout=20_000):
        assert window.register.edit_risk(entry.id, {"mitigation": "Rehearse the cut-over."})
    settle(dashboard, qtbot)
    visit_every_page(dashboard, qtbot)
    # The edit stored a snapshot (a new trend point) but moved no cell, bar or readiness.
    assert dict(draws) == {Chart.TREND: 1}


def test_deleting_the_release_in_focus_falls_back_to_the_portfolio(window, qtbot):
    from releaseplanner.services.releases import delete_release

    dashboard = show_loaded(window, qtbot)
    release = focus(window, qtbot)
    with qtbot.waitSignal(dashboard.charts_updated, timeout=20_000):
        assert window.push(delete_release(window.reader.workspace, release.release_id))
    settle(dashboard, qtbot)
    assert dashboard.release_id() is None
    assert "Release risk across the portfolio" in dashboard.breakdown.toPlainText()
    assert "Pick a release" in dashboard.chart_view(Chart.TREND).message()
    assert all(r.release_id != release.release_id for r in dashboard.data.releases)
