"""The timeline window: the chart with its toolbar, filters, legend, and problems and slips panels.

It is self-contained so the main window can open it from View > Timeline: it takes the open
workspace and the app's ``push_command`` (which runs a command and puts it on the one undo
stack), loads the plan in the background and shows bars as soon as they are read. Call
:meth:`refresh` when the workspace changed elsewhere (an undo, an import, another window).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from releaseplanner.domain.conflicts import Problem
from releaseplanner.domain.enums import ScheduleStatus
from releaseplanner.domain.timeline.model import GroupBy, TimelineFilter
from releaseplanner.domain.timeline.pages import Span, pages
from releaseplanner.domain.timeline.viewport import FrameStyle
from releaseplanner.ui.background import BackgroundRunner
from releaseplanner.ui.formatting import format_date, plural
from releaseplanner.ui.timeline.actions import MENUS, TOOLBAR, build_actions
from releaseplanner.ui.timeline.document import PushCommand, TimelineDocument
from releaseplanner.ui.timeline.exporting import (
    ExportDialog,
    export_frames,
    print_frames,
    write_frames,
)
from releaseplanner.ui.timeline.item_dialog import ItemEditorDialog
from releaseplanner.ui.timeline.legend import LegendStrip
from releaseplanner.ui.timeline.panels import ProblemsPanel, SlipsPanel
from releaseplanner.ui.timeline.present import PresentDialog, Presenter, PresentOptions
from releaseplanner.ui.timeline.timeline_view import TimelineView

if TYPE_CHECKING:
    from releaseplanner.storage.engine import Workspace

HINT = "Drag a bar to move it, its edges to resize, Shift+drag to link; double-click to edit"


class TimelineWindow(QMainWindow):
    """The timeline of one workspace (see the module docstring).

    Args:
        workspace: the open workspace; the window never closes it.
        push_command: runs a Qt-free command on the app's undo stack; False when refused.
        today: the day of the today line (default: the real today).
    """

    def __init__(
        self,
        workspace: Workspace,
        push_command: PushCommand,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timelineWindow")
        self.setWindowTitle(f"Timeline — {workspace.display_name}")
        self.document = TimelineDocument(workspace, push_command, today=today, parent=self)
        self.view = TimelineView(self.document)
        self.legend = LegendStrip()
        self.legend.setProperty("editingChrome", True)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self.setCentralWidget(central)
        self.problems_panel = ProblemsPanel()
        self.slips_panel = SlipsPanel()
        self._problems_dock = self._dock("Problems", "problemsDock", self.problems_panel)
        self._slips_dock = self._dock("Slips", "slipsDock", self.slips_panel)
        self.tabifyDockWidget(self._problems_dock, self._slips_dock)
        self._problems_dock.raise_()
        # The chart is the point of the window: the panels start low.
        self.resizeDocks([self._problems_dock], [170], Qt.Orientation.Vertical)
        self.presenter = Presenter(self, self.view, self.document)
        self._runner = BackgroundRunner(self)
        self._editor: ItemEditorDialog | None = None
        self._critical_release: str | None = None
        self._shown_once = False

        self.actions_by_id = build_actions(self, self)
        self._build_menus()
        self._build_toolbars()
        self._status = QLabel(HINT)
        self.statusBar().addWidget(self._status, 1)
        self._counts = QLabel("Loading…")
        self.statusBar().addPermanentWidget(self._counts)

        self.document.loaded.connect(self._on_document_loaded)
        self.document.checks_loaded.connect(self._on_document_checks_loaded)
        self.document.layout_changed.connect(self._on_document_layout_changed)
        self.document.failed.connect(self._on_document_failed)
        self.view.item_activated.connect(self.edit_item)
        self.view.selection_changed.connect(self._on_view_selection_changed)
        self.view.step_requested.connect(self.presenter.step)
        self.view.exit_requested.connect(self.presenter.stop)
        self.problems_panel.problem_chosen.connect(self.show_problem)
        self.slips_panel.slip_chosen.connect(self._on_slips_slip_chosen)
        self.resize(1400, 860)
        self.document.reload()

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setProperty("editingChrome", True)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return dock

    def _build_menus(self) -> None:
        for title, ids in MENUS:
            menu = self.menuBar().addMenu(title)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions_by_id[action_id])
        view_menu = self.menuBar().actions()[1].menu()
        view_menu.addSeparator()
        view_menu.addAction(self._problems_dock.toggleViewAction())
        view_menu.addAction(self._slips_dock.toggleViewAction())

    def add_edit_actions(self, *actions: QAction) -> None:
        """Put the app's own actions (Undo, Redo) in an Edit menu here, so their shortcuts work
        while this window has the focus; the actions stay the app's, on its one undo stack."""
        menu = self.menuBar().insertMenu(self.menuBar().actions()[1], QMenu("&Edit", self))
        edit = menu.menu()
        for action in actions:
            edit.addAction(action)
            self.addAction(action)

    def _build_toolbars(self) -> None:
        navigate = QToolBar("Navigate", self)
        navigate.setObjectName("navigateToolbar")
        self.group_combo = QComboBox()
        # Plain strings as item data: Qt does not keep Python enum members intact.
        self.group_combo.addItem("By release", GroupBy.RELEASE.value)
        self.group_combo.addItem("By environment", GroupBy.ENVIRONMENT.value)
        self.group_combo.setToolTip("Rows per release (expand to packages) or per environment")
        self.group_combo.currentIndexChanged.connect(self._on_group_combo_changed)
        navigate.addWidget(self.group_combo)
        navigate.addSeparator()
        for action_id in TOOLBAR:
            if action_id is None:
                navigate.addSeparator()
            else:
                navigate.addAction(self.actions_by_id[action_id])
        filters = QToolBar("Filter", self)
        filters.setObjectName("filterToolbar")
        self.release_filter = QLineEdit()
        self.release_filter.setPlaceholderText("Filter releases by key or name…")
        self.release_filter.setClearButtonEnabled(True)
        self.release_filter.setMaximumWidth(260)
        self._filter_timer = QTimer(self, singleShot=True, interval=200)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.release_filter.textChanged.connect(self._filter_timer.start)
        self.team_combo = self._filter_combo("All teams")
        self.environment_combo = self._filter_combo("All environments")
        self.status_combo = self._filter_combo("All statuses")
        for status in ScheduleStatus:
            self.status_combo.addItem(status.label, status.value)
        self.baseline_combo = QComboBox()
        self.baseline_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.baseline_combo.setToolTip("The baseline drawn as ghost bars and compared in Slips")
        self.baseline_combo.activated.connect(self._on_baseline_combo_activated)
        for widget in (
            self.release_filter,
            self.team_combo,
            self.environment_combo,
            self.status_combo,
        ):
            filters.addWidget(widget)
        filters.addSeparator()
        filters.addWidget(QLabel(" Baseline "))
        filters.addWidget(self.baseline_combo)
        filters.addAction(self.actions_by_id["plan.save_baseline"])
        self.addToolBar(navigate)
        self.addToolBarBreak()
        self.addToolBar(filters)
        for toolbar in (navigate, filters):
            toolbar.setProperty("editingChrome", True)

    def _filter_combo(self, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        combo.currentIndexChanged.connect(self._apply_filter)
        return combo

    # -- navigation (also the actions' host) ---------------------------------------------------
    def zoom(self, factor: float) -> None:
        self.view.zoom(factor)

    def zoom_to_preset(self, name: str) -> None:
        self.view.zoom_to_preset(name)

    def zoom_to_fit(self, selection: bool = False) -> None:
        chosen = self.view.selected_items()
        self.view.zoom_to_fit(chosen if selection and chosen else None)

    def jump_to_today(self) -> None:
        self.view.jump_to_today()

    def set_all_expanded(self, expanded: bool) -> None:
        self.document.set_all_expanded(expanded)

    def refresh(self, changes: object = None) -> None:
        """Read the workspace again (connect the app's undo stack's changes here)."""
        touches = getattr(changes, "touches", None)
        relevant = (
            "schedule_item",
            "dependency",
            "release",
            "package",
            "baseline",
            "environment",
            "freeze_window",
        )
        if touches is None or any(touches(entity) for entity in relevant):
            self.document.reload()

    # -- filters -------------------------------------------------------------------------------
    def _apply_filter(self) -> None:
        self.document.set_filter(
            TimelineFilter(
                release_text=self.release_filter.text(),
                team_id=self.team_combo.currentData(),
                environment_id=self.environment_combo.currentData(),
                statuses=(
                    frozenset({ScheduleStatus(self.status_combo.currentData())})
                    if self.status_combo.currentData() is not None
                    else None
                ),
            )
        )

    def _on_group_combo_changed(self, _index: int) -> None:
        self.document.set_group_by(GroupBy(self.group_combo.currentData()))

    # -- items, problems, critical path --------------------------------------------------------
    def edit_item(self, item_id: str) -> ItemEditorDialog | None:
        """Open the editor of one item (non-modal, so the chart stays readable behind it)."""
        if self.view.presenting or self.document.item(item_id) is None:
            return None
        if self._editor is not None:
            self._editor.close()
        self._editor = ItemEditorDialog(self.document, item_id, self)
        self._editor.open()
        return self._editor

    def edit_selected_item(self) -> None:
        chosen = self.view.selected_items()
        if len(chosen) == 1:
            self.edit_item(chosen[0])

    def show_problem(self, problem: Problem) -> None:
        """Select the problem's bars and zoom to them (a missed go-live: its release row)."""
        ids = [i for i in problem.item_ids if i in self.document.layout.item_bar]
        if ids:
            self.view.select_items(ids)
            self.view.zoom_to_fit(ids)
        elif problem.start is not None:
            day = problem.start.toordinal()
            self.view.zoom_to_days(day - 30, day + 30)
        self._status.setText(problem.message)

    def set_critical_path_shown(self, shown: bool) -> None:
        self._critical_release = None
        if shown:
            chosen = [self.document.item(i) for i in self.view.selected_items()]
            releases = {item.release_id for item in chosen if item is not None}
            if len(releases) != 1:
                self.actions_by_id["plan.critical"].setChecked(False)
                self._status.setText("Select an item of a release to see its critical path.")
                return
            self._critical_release = releases.pop()
        self._show_critical_path()

    def _show_critical_path(self) -> None:
        if self._critical_release is None:
            self.view.set_critical(())
            return
        path = self.document.critical_path(self._critical_release)
        if path is None:
            self.view.set_critical(())
            return
        self.view.set_critical(path.critical)
        key = self.document.release_key(self._critical_release)
        last = format_date(path.day(path.finish)) if path.origin else "—"
        self._status.setText(
            f"Critical path of {key}: {plural(len(path.critical), 'item')} without slack, "
            f"ending {last}. Hover an item to read its slack."
        )

    def set_all_dependencies_shown(self, shown: bool) -> None:
        self.view.set_all_arrows(shown)

    def set_baseline_shown(self, shown: bool) -> None:
        self.view.set_ghosts(shown)

    # -- baselines -----------------------------------------------------------------------------
    def prompt_save_baseline(self) -> None:
        default = f"Plan of {format_date(self.document.today)}"
        name, ok = QInputDialog.getText(
            self, "Save baseline", "Name of the baseline:", text=default
        )
        if ok and name.strip():
            self.save_baseline(name.strip())

    def save_baseline(self, name: str) -> bool:
        return self.document.save_baseline(name)

    def _on_baseline_combo_activated(self, _index: int) -> None:
        self.document.choose_baseline(self.baseline_combo.currentData())

    def _fill_baselines(self) -> None:
        checks = self.document.checks
        self.baseline_combo.blockSignals(True)
        self.baseline_combo.clear()
        self.baseline_combo.addItem("None", None)
        for baseline in self.document.baselines():
            self.baseline_combo.addItem(
                f"{baseline.name} ({baseline.created_at:%d %b %Y})", baseline.id
            )
        chosen = checks.baseline_id if checks else None
        self.baseline_combo.setCurrentIndex(max(0, self.baseline_combo.findData(chosen)))
        self.baseline_combo.blockSignals(False)

    def _on_slips_slip_chosen(self, item_id: str) -> None:
        if item_id in self.document.layout.item_bar:
            self.view.select_items([item_id])
            self.view.reveal_item(item_id)

    # -- meeting mode, export, print -----------------------------------------------------------
    def toggle_presentation(self) -> None:
        if self.presenter.active:
            self.presenter.stop()
            return
        first, last = (date.fromordinal(int(d)) for d in self.view.days_shown())
        dialog = PresentDialog(self.document, first, last, "Release timeline", self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.present(dialog.options())

    def present(self, options: PresentOptions) -> None:
        self.presenter.start(options)

    def prompt_export(self) -> None:
        first, last = (date.fromordinal(int(d)) for d in self.view.days_shown())
        dialog = ExportDialog(first, last, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.export(dialog.request())

    def export(self, request):  # type: ignore[no-untyped-def]
        """Write the picture in the background; returns the task (its ``done`` fires after)."""
        frames = export_frames(
            self.document.layout,
            request,
            title=f"Release timeline · {self.document.workspace.display_name}",
            today=self.document.today,
            marks=self.view.export_marks(),
            px_per_day=self.view.state().px_per_day,
        )
        task = self._runner.run(lambda: write_frames(frames, request.path), description="export")
        task.succeeded.connect(lambda path: self._status.setText(f"Exported {path}"))
        task.failed.connect(self._on_document_failed)
        return task

    def prompt_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter, *, tiled: bool = True) -> int:
        """Print the days on screen (tiles by default, so text stays readable)."""
        first, last = self.view.days_shown()
        span = Span(int(first), int(last))
        style = FrameStyle(title=f"Release timeline · {self.document.workspace.display_name}")
        layout, marks = self.document.layout, self.view.export_marks()
        ppd, today = self.view.state().px_per_day, self.document.today.toordinal()
        return print_frames(
            printer,
            lambda page: pages(
                layout,
                span,
                page=page,
                style=style,
                tiled=tiled,
                px_per_day=ppd,
                today=today,
                marks=marks,
            ),
        )

    # -- document events -----------------------------------------------------------------------
    def _on_document_loaded(self) -> None:
        data = self.document.data
        self._fill_combo(self.team_combo, sorted((t.name, t.id) for t in data.teams))
        environments = sorted(data.environments, key=lambda e: (e.sort_order, e.name))
        self._fill_combo(self.environment_combo, [(e.name, e.id) for e in environments])
        if not self._shown_once:
            # Open on today, scrolled to the first rows with work around it.
            self._shown_once = True
            self.view.jump_to_today()
            self.view.reveal_rows_in_view()
        self._update_counts()

    def _fill_combo(self, combo: QComboBox, entries: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, value in entries:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    def _on_document_checks_loaded(self) -> None:
        self.problems_panel.set_problems(self.document.data.problems, self.document.release_key)
        self._fill_baselines()
        self._update_slips()
        self._update_counts()

    def _update_slips(self) -> None:
        name = self.baseline_combo.currentText() if self.baseline_combo.currentData() else ""
        self.slips_panel.set_slips(self.document.slips(), self.document.release_key, name)

    def _on_document_layout_changed(self) -> None:
        if self._critical_release is not None:
            self._show_critical_path()
        self._update_counts()

    def _update_counts(self) -> None:
        layout = self.document.layout
        groups = sum(1 for row in layout.rows if row.level == 0)
        noun = "environment" if self.document.options.group_by is GroupBy.ENVIRONMENT else "release"
        problems = len(self.document.data.problems)
        checking = " · checking…" if self.document.is_loading else ""
        self._counts.setText(
            f"{plural(groups, noun)} · {plural(len(layout.item_bar), 'item')} · "
            f"{plural(problems, 'problem')}{checking}"
        )

    def _on_document_failed(self, message: str) -> None:
        # In the status bar, not a modal box: a refused drag should not stop the next one.
        self._status.setText(f"⚠ {message}")

    def _on_view_selection_changed(self) -> None:
        chosen = self.view.selected_items()
        if len(chosen) == 1:
            item = self.document.item(chosen[0])
            if item is not None:
                self._status.setText(self.document.describe_item(item.id).replace("\n", " · "))
        else:
            self._status.setText(HINT)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.presenter.active:
            self.presenter.stop()
        # Workers read the workspace: let them finish before the app may close it.
        self.document.wait_until_idle(10_000)
        self._runner.wait_for_done(30_000)
        super().closeEvent(event)
