"""The risk dashboard: heat map, trend, risk by release and readiness, beside the breakdown of the
release score, so every number on a chart can be traced to where it comes from.

Reading the scores and building the figures runs in the background helper (a portfolio can take
a while); the GUI thread only swaps finished figures into their canvases, and only for charts
whose data changed, so one risk edit redraws each affected chart once. Nothing is read or drawn
while the dashboard is hidden: a change only marks it stale, and it catches up when shown. The
first showing is also when matplotlib is first imported (in the worker), so app start-up and
the risk register never pay for it.

Charts follow the application's palette (the dark chart palette when the window is dark) and
export to PNG, SVG or PDF at meeting size, as ``rplan render`` draws them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.charts.palette import DARK
from releaseplanner.ui.background import BackgroundRunner, BackgroundTask
from releaseplanner.ui.formatting import format_date
from releaseplanner.ui.risk.breakdown import RELEASE_LINK, portfolio_html, release_breakdown_html
from releaseplanner.ui.risk.chart_view import ChartView
from releaseplanner.ui.risk.dashboard_data import (
    Chart,
    DashboardData,
    DashboardUpdate,
    export_chart,
    load_and_build,
    screen_palette,
)
from releaseplanner.ui.risk.risk_reader import RiskReader
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.band_chip import BandChipLabel, is_dark
from releaseplanner.ui.widgets.chart_export import (
    ask_chart_export_path,
    default_export_folder,
    export_palette,
)

if TYPE_CHECKING:
    from releaseplanner.charts.palette import ChartPalette
    from releaseplanner.services.changes import ChangeSet

#: Asks where to export a chart: (parent, chart, suggested file name) → a path, or "" to cancel.
AskExportPath = Callable[[QWidget, Chart, str], str]
_DARK_MUTED = "#a4a9b0"
_NO_TREND = "Pick a release above to see its risk score over time, with its go-live marked."


def ask_export_path(parent: QWidget, chart: Chart, suggested: str) -> str:
    """A save dialog for a chart; the chosen filter's suffix is added when none was typed."""
    return ask_chart_export_path(parent, f"Export the {chart.title.lower()} chart", suggested)


class RiskDashboardView(QWidget):
    """The risk charts of one workspace and the breakdown of the release in focus.

    Args:
        reader: reads the workspace (in the background) for the charts and scores.
        ask_path: asks where to export a chart (a file dialog; tests pass their own).
    """

    #: A heat-map cell was clicked: (likelihood, impact, residual panel).
    cell_selected = Signal(int, int, bool)
    #: The user picked a release to focus on (None: the portfolio).
    release_selected = Signal(object)
    #: New data is on screen (after each load).
    charts_updated = Signal()
    #: A chart was exported; carries the file's path.
    chart_exported = Signal(str)
    #: Exporting or loading failed; carries the reason.
    failed = Signal(str)

    def __init__(
        self,
        reader: RiskReader,
        parent: QWidget | None = None,
        *,
        ask_path: AskExportPath = ask_export_path,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("riskDashboard")
        self._reader = reader
        self._ask_path = ask_path
        self._runner = BackgroundRunner(self)
        self._release_id: str | None = None
        self._requested: str | None = None  # the release the running load reads
        self._data: DashboardData | None = None
        self._shown: dict[Chart, Any] = {}  # chart → the data its figure was drawn from
        self._palette: ChartPalette | None = None
        self._task: BackgroundTask | None = None
        self._stale = True
        self._load_scheduled = False
        self._reload_wanted = False
        self._cell: tuple[int, int, bool] | None = None
        self._breakdown_html = ""
        self._export_folder = default_export_folder()

        self._views = {chart: ChartView(chart.value, chart.title) for chart in Chart}
        for chart, view in self._views.items():
            view.export_requested.connect(partial(self._on_view_export_requested, chart))
        self._views[Chart.HEATMAP].set_clickable(True)
        self._views[Chart.HEATMAP].pressed.connect(self._on_heatmap_pressed)
        self._breakdown = QTextBrowser()
        self._breakdown.setObjectName("riskBreakdown")
        self._breakdown.setOpenLinks(False)
        self._breakdown.anchorClicked.connect(self._on_breakdown_anchor_clicked)
        self._breakdown.setMinimumWidth(340)

        # A chart's type is sized for a chart at least 850 px wide (the heat map's ten cells of
        # words need it), so charts are never side by side: the heat map and the trend get a page
        # each, the two portfolio charts share one, one above the other.
        self._pages = QTabWidget()
        self._pages.setObjectName("dashboardPages")
        self._pages.setDocumentMode(True)
        self._pages.addTab(self._views[Chart.HEATMAP], "Heat map")
        self._pages.addTab(self._views[Chart.TREND], "Trend")
        portfolio = QSplitter(Qt.Orientation.Vertical)
        portfolio.setChildrenCollapsible(False)
        portfolio.addWidget(self._views[Chart.BY_RELEASE])
        portfolio.addWidget(self._views[Chart.READINESS])
        self._pages.addTab(portfolio, "Portfolio")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._pages)
        splitter.addWidget(self._breakdown)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self._status = QLabel()
        self._status.setObjectName("dashboardStatus")
        self._status.setStyleSheet(f"color: {MUTED_TEXT};")
        self._status.setWordWrap(True)
        # Text from the start: a label that gains its first line later would shrink the charts
        # by a line, and every canvas would be drawn a second time.
        self._status.setText("Reading the scores…")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(self._build_top_row())
        layout.addWidget(splitter, 1)
        layout.addWidget(self._status)

    # -- for the window and tests ----------------------------------------------------------------

    def chart_view(self, chart: Chart) -> ChartView:
        return self._views[chart]

    @property
    def breakdown(self) -> QTextBrowser:
        return self._breakdown

    @property
    def data(self) -> DashboardData | None:
        return self._data

    def release_id(self) -> str | None:
        return self._release_id

    def is_busy(self) -> bool:
        """Loading, or a load or a draw is waiting to happen."""
        running = self._task is not None and self._task.is_running
        drawing = any(view.is_draw_pending() for view in self._views.values())
        return running or self._load_scheduled or self._reload_wanted or drawing

    def shutdown(self) -> None:
        """Wait for background work; call before the workspace is closed."""
        if self._task is not None:
            self._task.cancel()
        self._runner.wait_for_done()

    # -- what to show ----------------------------------------------------------------------------

    def set_release(self, release_id: str | None) -> None:
        """Focus on one release (None: the portfolio) without emitting ``release_selected``."""
        if release_id == self._release_id:
            return
        self._release_id = release_id
        self._cell = None
        index = self._release_combo.findData(release_id or "")
        if index >= 0:
            self._release_combo.setCurrentIndex(index)
        self.refresh()

    def refresh(self) -> None:
        """Read and redraw what changed, on the next event-loop turn (once, however often it is
        asked for); only marks the dashboard stale while it is hidden."""
        self._stale = True
        if self.isVisible() and not self._load_scheduled:
            self._load_scheduled = True
            QTimer.singleShot(0, self, self._on_load_timer_timeout)

    def apply_changes(self, changes: ChangeSet) -> None:
        """React to a command's ChangeSet (edits, undo, redo): any change may move a score."""
        if not changes.is_empty:
            self.refresh()

    def clear_cell_selection(self) -> None:
        """Drop the highlighted heat-map cell (the register's cell filter was cleared)."""
        if self._cell is not None:
            self._cell = None
            self._highlight_cell()

    def export_chart(self, chart: Chart, path: str | Path) -> BackgroundTask | None:
        """Export a chart at meeting size, in the background; ``chart_exported`` or ``failed``
        follows. None when the chart has nothing to export yet."""
        piece = self._shown.get(chart)
        if piece is None or self._palette is None:
            if chart is Chart.TREND and self._data is not None and self._release_id is None:
                self._report("Pick a release first: the trend is drawn for one release.")
            else:
                self._report(f"The {chart.title.lower()} chart has nothing to export yet.")
            return None
        palette = export_palette(self._palette)
        task = self._runner.run(
            partial(export_chart, chart, piece, palette, path),
            description=f"Export {chart.title}",
        )
        task.succeeded.connect(self._on_export_task_succeeded)
        task.failed.connect(self._report)
        return task

    # -- events ----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._palette is not None:
            self._shown.clear()  # every chart must be drawn again in the new colours
            self.refresh()

    # -- loading ---------------------------------------------------------------------------------

    def _on_load_timer_timeout(self) -> None:
        self._load_scheduled = False
        if not self.isVisible():
            return
        if self._task is not None and self._task.is_running:
            self._reload_wanted = True  # after this one: it may have read before the change
            return
        self._stale = False
        self._requested = self._release_id
        dpi = float(min(max(self.logicalDpiX(), 72), 192))
        palette = screen_palette(dark=is_dark(self.palette()), point_size=self.font().pointSizeF())
        shown = dict(self._shown) if palette == self._palette else {}
        sizes = {chart: view.build_size(dpi) for chart, view in self._views.items()}
        work = partial(
            load_and_build,
            self._reader.workspace,
            self._release_id,
            self._reader.today(),
            palette,
            sizes,
            dpi,
            shown,
        )
        self._task = self._runner.run(work, description="Risk dashboard")
        self._task.succeeded.connect(self._on_load_task_succeeded)
        self._task.failed.connect(self._on_load_task_failed)

    def _on_load_task_succeeded(self, update: DashboardUpdate) -> None:
        self._task = None
        if self._reload_wanted or self._load_scheduled or self._requested != self._release_id:
            # Something changed while this load was reading: its result is already old, and
            # drawing it would only be drawn over again.
            self._reload_wanted = False
            self.refresh()
            return
        data, self._data = update.data, update.data
        self._palette = update.palette
        if data.release_id != self._release_id:  # the release was deleted: back to the portfolio
            self._release_id = data.release_id
            self._cell = None
        self._fill_release_combo(data)
        for chart, figure in update.figures.items():
            self._views[chart].set_figure(figure)
            self._shown[chart] = data.pieces[chart]
        if data.pieces[Chart.TREND] is None:
            self._views[Chart.TREND].show_message(_NO_TREND)
            self._shown.pop(Chart.TREND, None)
        if Chart.HEATMAP in update.figures:
            self._highlight_cell(redraw=False)  # the new figure's first draw shows it
        self._show_breakdown(data)
        self._status.setText(
            f"Scores as of {format_date(data.today)}. Click a heat-map cell to list its risks"
            " in the register; right-click a chart to export it."
        )
        self.charts_updated.emit()

    def _on_load_task_failed(self, message: str) -> None:
        self._task = None
        self._reload_wanted = False
        for view in self._views.values():
            if view.canvas is None:
                view.show_message("The charts could not be drawn.")
        self._report(f"The risk dashboard could not be loaded: {message}")

    # -- parts -----------------------------------------------------------------------------------

    def _build_top_row(self) -> QHBoxLayout:
        self._release_combo = QComboBox()
        self._release_combo.setObjectName("dashboardRelease")
        self._release_combo.setMinimumContentsLength(28)
        self._release_combo.addItem("All releases (portfolio)", "")
        self._release_combo.activated.connect(self._on_release_combo_activated)
        caption = QLabel("&Release")
        caption.setBuddy(self._release_combo)
        self._band = BandChipLabel()
        self._summary = QLabel()
        self._summary.setStyleSheet(f"color: {MUTED_TEXT};")
        export = QPushButton("Export chart")
        export.setObjectName("exportChartButton")
        export.setToolTip("Save a chart as PNG, SVG or PDF, drawn at 1600 × 1000 for slides")
        menu = QMenu(export)
        for chart in Chart:
            action = menu.addAction(f"{chart.title}…")
            action.triggered.connect(partial(self._on_view_export_requested, chart))
        export.setMenu(menu)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self._release_combo)
        row.addSpacing(8)
        row.addWidget(self._band)
        row.addWidget(self._summary)
        row.addStretch(1)
        row.addWidget(export)
        return row

    def _fill_release_combo(self, data: DashboardData) -> None:
        combo = self._release_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All releases (portfolio)", "")
        for release in sorted(data.releases, key=lambda r: r.key.lower()):
            combo.addItem(f"{release.key} — {release.name}", release.release_id)
        combo.setCurrentIndex(max(combo.findData(data.release_id or ""), 0))
        combo.blockSignals(False)

    def _show_breakdown(self, data: DashboardData) -> None:
        dark = self._palette is not None and self._palette.name == DARK.name
        muted = _DARK_MUTED if dark else MUTED_TEXT
        release = data.release(data.release_id)
        if release is None:
            html = portfolio_html(data.releases, data.today, muted=muted, dark=dark)
            self._band.set_band(None)
            active = sum(sum(r.band_counts.values()) for r in data.releases)
            self._summary.setText(f"{len(data.releases)} releases · {active} active risks")
        else:
            html = release_breakdown_html(release, muted=muted, dark=dark)
            score = release.risk
            self._band.set_band(score.band, f"{score.band.label} {score.score}")
            self._summary.setText(
                f"readiness {release.readiness.score} · {release.readiness.verdict}"
                + (" · needs escalation" if score.needs_escalation else "")
            )
        if html != self._breakdown_html:
            self._breakdown_html = html
            self._breakdown.setHtml(html)

    def _highlight_cell(self, *, redraw: bool = True) -> None:
        from_view = self._views[Chart.HEATMAP]
        figure = from_view.figure
        if figure is None or len(figure.axes) < 2:
            return
        for axes in figure.axes[:2]:
            for patch in [p for p in axes.patches if p.get_gid() == "selected-cell"]:
                patch.remove()
        if self._cell is not None and self._palette is not None:
            from matplotlib.patches import Rectangle

            likelihood, impact, residual = self._cell
            figure.axes[1 if residual else 0].add_patch(
                Rectangle(
                    (impact - 0.5, likelihood - 0.5),
                    1,
                    1,
                    fill=False,
                    edgecolor=self._palette.text,
                    linewidth=3.5,
                    gid="selected-cell",
                    zorder=4,
                )
            )
        if redraw:
            from_view.redraw()

    def _report(self, message: str) -> None:
        self._status.setText(message)
        self.failed.emit(message)

    # -- slots -----------------------------------------------------------------------------------

    def _on_heatmap_pressed(self, event: Any) -> None:
        figure = self._views[Chart.HEATMAP].figure
        if figure is None or event.button != 1 or event.inaxes not in figure.axes[:2]:
            return
        if event.xdata is None or event.ydata is None:
            return
        impact, likelihood = round(event.xdata), round(event.ydata)
        if not (1 <= impact <= 5 and 1 <= likelihood <= 5):
            return
        residual = event.inaxes is figure.axes[1]
        self._cell = (likelihood, impact, residual)
        self._highlight_cell()
        self.cell_selected.emit(likelihood, impact, residual)

    def _on_release_combo_activated(self, _index: int) -> None:
        release_id = self._release_combo.currentData() or None
        if release_id != self._release_id:
            self._release_id = release_id
            self._cell = None
            self.refresh()
            self.release_selected.emit(release_id)

    def _on_breakdown_anchor_clicked(self, url: QUrl) -> None:
        link = url.toString()
        if link.startswith(RELEASE_LINK):
            release_id = link.removeprefix(RELEASE_LINK)
            self.set_release(release_id)
            self.release_selected.emit(release_id)

    def _on_view_export_requested(self, chart: Chart) -> None:
        key = ""
        if self._data is not None and (release := self._data.release(self._release_id)):
            key = f"-{release.key}"
        suggested = str(Path(self._export_folder) / f"{chart.value}{key}.png")
        path = self._ask_path(self, chart, suggested)
        if path:
            self._export_folder = str(Path(path).parent)
            self.export_chart(chart, path)

    def _on_export_task_succeeded(self, path: Any) -> None:
        self._status.setText(f"Exported to {path}")
        self.chart_exported.emit(str(path))
