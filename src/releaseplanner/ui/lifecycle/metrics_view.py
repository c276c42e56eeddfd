"""The Metrics view: how well releases go, over a period and for one team or all.

Five cards give deployment frequency, lead time for changes, change failure rate, time to
restore and schedule adherence over the period, each with its unit and DORA band; below, the
DORA chart month by month, and the same metrics per team and per month in tables.

Computing the report and building the chart run in the background helper; the GUI thread only
fills the cards and tables and puts the new figure into its canvas, which draws it once. Nothing
is computed while the view is hidden: a change marks it stale and it catches up when shown (the
first showing is also when matplotlib is first imported, in the worker). The chart exports to
PNG, SVG or PDF at meeting size, as ``rplan render dora`` draws it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.charts.palette import DARK
from releaseplanner.domain.delivery_metrics import METRICS, NO_TEAM, DeliveryReport
from releaseplanner.ui.background import BackgroundRunner, BackgroundTask
from releaseplanner.ui.formatting import format_date
from releaseplanner.ui.lifecycle.chips import install_chips
from releaseplanner.ui.lifecycle.form_widgets import DayEdit
from releaseplanner.ui.lifecycle.metrics_data import (
    MetricsRequest,
    MetricsUpdate,
    export_dora,
    load_metrics,
    screen_palette,
)
from releaseplanner.ui.lifecycle.metrics_parts import MetricCard, MetricRow, MetricRowsModel
from releaseplanner.ui.lifecycle.records_tabs import heading
from releaseplanner.ui.risk.chart_view import ChartView
from releaseplanner.ui.style import MUTED_TEXT
from releaseplanner.ui.widgets.band_chip import is_dark
from releaseplanner.ui.widgets.chart_export import (
    ask_chart_export_path,
    default_export_folder,
    export_palette,
)
from releaseplanner.ui.widgets.table_view import PlaceholderTableView

if TYPE_CHECKING:
    from releaseplanner.charts.palette import ChartPalette
    from releaseplanner.services.changes import ChangeSet
    from releaseplanner.storage.engine import Workspace

#: Asks where to export the chart: (parent, suggested path) → a path, or "" to cancel.
AskChartPath = Callable[[QWidget, str], str]
#: Entity kinds whose change can move a metric.
METRIC_ENTITIES = ("release", "deployment", "incident", "change_item", "package", "team")
#: Typing a date fires on every keystroke; wait this long for the user to finish.
PERIOD_DELAY_MS = 400


def ask_chart_path(parent: QWidget, suggested: str) -> str:
    """A save dialog for the chart; the chosen filter's suffix is added when none was typed."""
    return ask_chart_export_path(parent, "Export the DORA chart", suggested)


class MetricsView(QWidget):
    """Delivery metrics of ``workspace`` with the DORA chart.

    Args:
        workspace: the open workspace (read in the background).
        today: the day late go-lives are judged on and the default period ends.
        ask_path: asks where to export the chart (a file dialog; tests pass their own).
    """

    #: New metrics are on screen (after each load).
    metrics_updated = Signal()
    #: The chart was exported; carries the file's path.
    chart_exported = Signal(str)
    #: Loading or exporting failed; carries the reason.
    failed = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        ask_path: AskChartPath = ask_chart_path,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("metricsView")
        self._workspace = workspace
        self._today = today
        self._ask_path = ask_path
        self._runner = BackgroundRunner(self)
        self._task: BackgroundTask | None = None
        self._request = MetricsRequest()
        self._report: DeliveryReport | None = None
        self._palette: ChartPalette | None = None
        self._stale = True
        self._load_scheduled = False
        self._reload_wanted = False
        self._export_folder = default_export_folder()
        self._period_timer = QTimer(self)
        self._period_timer.setSingleShot(True)
        self._period_timer.setInterval(PERIOD_DELAY_MS)
        self._period_timer.timeout.connect(self._on_period_timer_timeout)

        self.cards = {name: MetricCard(name) for name in METRICS}
        self.chart = ChartView("dora", "DORA")
        self.chart.export_requested.connect(self._on_export_button_clicked)
        self.team_model = MetricRowsModel("Team", self)
        self.month_model = MetricRowsModel("Month", self)
        self.team_table = self._table(self.team_model, "teamMetricsTable", "No team has a release.")
        self.month_table = self._table(self.month_model, "monthMetricsTable", "No months.")
        self.status = QLabel("Computing the metrics…")
        self.status.setObjectName("metricsStatus")
        self.status.setStyleSheet(f"color: {MUTED_TEXT};")
        self.status.setWordWrap(True)

        cards = QHBoxLayout()
        cards.setSpacing(8)
        for card in self.cards.values():
            cards.addWidget(card, 1)
        tables = QWidget()
        tables_layout = QVBoxLayout(tables)
        tables_layout.setContentsMargins(0, 6, 0, 0)
        tables_layout.addWidget(heading("By team"))
        tables_layout.addWidget(self.team_table, 2)
        tables_layout.addWidget(heading("By month"))
        tables_layout.addWidget(self.month_table, 3)
        self.pages = QTabWidget()
        self.pages.setObjectName("metricsPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.chart, "DORA chart")
        self.pages.addTab(tables, "By team and month")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.addLayout(self._build_top_row())
        layout.addLayout(cards)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)

    def _table(self, model: MetricRowsModel, name: str, empty: str) -> PlaceholderTableView:
        table = PlaceholderTableView(empty)
        table.setObjectName(name)
        table.setModel(model)
        table.setSortingEnabled(False)
        table.set_column_widths({0: 140}, stretch=None)
        header = table.horizontalHeader()
        for column in range(1, model.columnCount()):
            header.setSectionResizeMode(column, header.ResizeMode.Stretch)
        install_chips(table, list(range(1, model.columnCount())), table)
        return table

    def _build_top_row(self) -> QHBoxLayout:
        today = self._today()
        self.from_edit = DayEdit(today, object_name="metricsFrom")
        self.to_edit = DayEdit(today, object_name="metricsTo")
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._on_period_edit_changed)
        self.team_combo = QComboBox()
        self.team_combo.setObjectName("metricsTeam")
        self.team_combo.setMinimumContentsLength(16)
        self.team_combo.addItem("All teams", None)
        self.team_combo.activated.connect(self._on_team_combo_activated)
        self.default_button = QPushButton("Last 12 months")
        self.default_button.setObjectName("defaultPeriodButton")
        self.default_button.setToolTip(
            "Back to the default period: up to today, from the first month with a record "
            "(at most twelve months)"
        )
        self.default_button.clicked.connect(self._on_default_button_clicked)
        self.export_button = QPushButton("Export chart…")
        self.export_button.setObjectName("exportDoraButton")
        self.export_button.setToolTip("Save the DORA chart as PNG, SVG or PDF, at 1600 × 1000")
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.export_button.setEnabled(False)
        row = QHBoxLayout()
        for text, widget in (("From", self.from_edit), ("to", self.to_edit)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        row.addWidget(self.default_button)
        row.addSpacing(16)
        row.addWidget(QLabel("Team"))
        row.addWidget(self.team_combo)
        row.addStretch(1)
        row.addWidget(self.export_button)
        return row

    # -- for the window and tests ----------------------------------------------------------------

    @property
    def report(self) -> DeliveryReport | None:
        return self._report

    def is_busy(self) -> bool:
        """Computing, or a computation or a draw is waiting to happen."""
        running = self._task is not None and self._task.is_running
        return (
            running or self._load_scheduled or self._reload_wanted or self.chart.is_draw_pending()
        )

    def shutdown(self) -> None:
        """Wait for background work; call before the workspace is closed."""
        self._period_timer.stop()
        if self._task is not None:
            self._task.cancel()
        self._runner.wait_for_done()

    def set_period(self, start: date | None, end: date | None) -> None:
        """Compute over ``start``..``end`` (None: the default period)."""
        self._request = MetricsRequest(start, end, self._request.team)
        self.refresh()

    def set_team(self, team: str | None) -> None:
        """Compute for one team's releases (None: all teams)."""
        self._request = MetricsRequest(self._request.start, self._request.end, team)
        self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(team)))
        self.refresh()

    def refresh(self) -> None:
        """Compute again on the next event-loop turn (once, however often asked); only marks
        the view stale while it is hidden."""
        self._stale = True
        if self.isVisible() and not self._load_scheduled:
            self._load_scheduled = True
            QTimer.singleShot(0, self, self._on_load_timer_timeout)

    def apply_changes(self, changes: ChangeSet) -> None:
        """React to a command's ChangeSet: records that feed a metric changed."""
        if any(changes.touches(entity) for entity in METRIC_ENTITIES):
            self.refresh()

    def export_chart(self, path: str | Path) -> BackgroundTask | None:
        """Export the chart at meeting size in the background; ``chart_exported`` or ``failed``
        follows. None while there is nothing to export."""
        if self._report is None or self._palette is None:
            self._report_problem("The chart has nothing to export yet.")
            return None
        palette = export_palette(self._palette)
        task = self._runner.run(
            partial(export_dora, self._report, palette, path), description="Export DORA chart"
        )
        task.succeeded.connect(self._on_export_task_succeeded)
        task.failed.connect(self._report_problem)
        return task

    # -- loading ---------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_load_timer_timeout(self) -> None:
        self._load_scheduled = False
        if not self.isVisible():
            return
        if self._task is not None and self._task.is_running:
            self._reload_wanted = True  # after this one: it may have read before the change
            return
        self._stale = False
        dpi = float(min(max(self.logicalDpiX(), 72), 192))
        dark = is_dark(self.palette())
        palette = screen_palette(dark=dark, point_size=self.font().pointSizeF())
        work = partial(
            load_metrics,
            self._workspace,
            self._request,
            self._today(),
            palette,
            self.chart.build_size(dpi),
            dpi,
        )
        self._palette = palette
        self.status.setText("Computing the metrics…")
        self._task = self._runner.run(work, description="Delivery metrics")
        self._task.succeeded.connect(self._on_load_task_succeeded)
        self._task.failed.connect(self._on_load_task_failed)

    def _on_load_task_succeeded(self, update: MetricsUpdate) -> None:
        self._task = None
        if self._reload_wanted or self._load_scheduled or update.request != self._request:
            # Asked for something else meanwhile: this result would only be drawn over.
            self._reload_wanted = False
            self.refresh()
            return
        report = self._report = update.report
        dark = self._palette is not None and self._palette.name == DARK.name
        for name, card in self.cards.items():
            card.set_metric(report.overall[name], dark=dark)
        self.team_model.set_dark(dark)
        self.month_model.set_dark(dark)
        self.team_model.set_rows(
            [MetricRow(team, team, found) for team, found in report.by_team.items()]
        )
        self.month_model.set_rows(
            [MetricRow(m.month, f"{m.period.start:%b %Y}", m.metrics) for m in report.by_month]
        )
        self._show_period(report, update.teams)
        self.chart.set_figure(update.figure)
        self.export_button.setEnabled(True)
        scope = f"team {report.team}" if report.team else "all teams"
        self.status.setText(
            f"{format_date(report.period.start)} to {format_date(report.period.end)}, {scope}. "
            "Colours are the DORA bands (elite green to low red); hover a value for what it "
            "rests on. Right-click the chart to export it."
        )
        self.metrics_updated.emit()

    def _on_load_task_failed(self, message: str) -> None:
        self._task = None
        self._reload_wanted = False
        if self.chart.figure is None:
            self.chart.show_message("The metrics could not be computed.")
        self._report_problem(message)

    def _show_period(self, report: DeliveryReport, teams: tuple[str, ...]) -> None:
        """Show the period and teams the report covers, without asking for them again."""
        for edit, day in ((self.from_edit, report.period.start), (self.to_edit, report.period.end)):
            edit.blockSignals(True)
            edit.set_value(day)
            edit.blockSignals(False)
        combo = self.team_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All teams", None)
        # "(no team)" only where releases without a team exist (or it is the one shown).
        extra = (NO_TEAM,) if NO_TEAM in report.by_team or report.team == NO_TEAM else ()
        for team in (*teams, *extra):
            combo.addItem(team, team)
        combo.setCurrentIndex(max(0, combo.findData(report.team)))
        combo.blockSignals(False)

    def _report_problem(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    # -- slots -----------------------------------------------------------------------------------

    def _on_period_edit_changed(self, *_args: object) -> None:
        self._period_timer.start()

    def _on_period_timer_timeout(self) -> None:
        start, end = self.from_edit.value(), self.to_edit.value()
        if end < start:
            self._report_problem(
                f"The period ends ({format_date(end)}) before it starts ({format_date(start)})."
            )
            return
        self.set_period(start, end)

    def _on_default_button_clicked(self) -> None:
        self._period_timer.stop()
        self.set_period(None, None)

    def _on_team_combo_activated(self, _index: int) -> None:
        self.set_team(self.team_combo.currentData())

    def _on_export_button_clicked(self) -> None:
        team = f"-{self._report.team}" if self._report is not None and self._report.team else ""
        suggested = str(Path(self._export_folder) / f"dora{team.replace(' ', '-')}.png")
        path = self._ask_path(self, suggested)
        if path:
            self._export_folder = str(Path(path).parent)
            self.export_chart(path)

    def _on_export_task_succeeded(self, path: Any) -> None:
        self.status.setText(f"Exported to {path}")
        self.chart_exported.emit(str(path))
