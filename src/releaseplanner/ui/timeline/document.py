"""The timeline's data as the window sees it: loaded in the background, laid out, and edited.

A :class:`TimelineDocument` reads the workspace through :mod:`releaseplanner.services.timeline`
on a worker thread (the plan first, so bars appear quickly; then dependencies, problems, the
baseline and each release's risk band), keeps the current
:class:`~releaseplanner.domain.timeline.layout.TimelineLayout` and turns edits into Qt-free
commands given to ``push_command`` (the app's one undo stack).

A successful edit is applied to the loaded plan at once, so the view shows it without waiting;
a reload then brings the problems up to date. Loads carry a generation number: a load that was
started before a later edit is dropped when it lands, and loaded again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from releaseplanner.domain import model as dm
from releaseplanner.domain.conflicts import Problem
from releaseplanner.domain.critical_path import CriticalPath, ItemTiming
from releaseplanner.domain.errors import UserError
from releaseplanner.domain.timeline.editing import Dates, Handle
from releaseplanner.domain.timeline.layout import TimelineLayout, build_layout
from releaseplanner.domain.timeline.model import (
    GroupBy,
    LayoutOptions,
    TimelineData,
    TimelineFilter,
)
from releaseplanner.domain.timeline.slips import Slip, compute_slips
from releaseplanner.services import timeline as service
from releaseplanner.services.baselines import BaselineSummary, SaveBaseline
from releaseplanner.services.commands import Command
from releaseplanner.ui.background import BackgroundRunner
from releaseplanner.ui.timeline.texts import item_tooltip

if TYPE_CHECKING:
    from releaseplanner.storage.engine import Workspace

PushCommand = Callable[[Command], bool]

#: Up to this many releases the timeline opens with every release expanded to its packages.
EXPAND_ALL_UP_TO = 40


class TimelineDocument(QObject):
    """Loaded plan + layout options → layout; edits → commands.

    Args:
        workspace: the open workspace (read on a worker thread; commands write to it); None
            for a document that only shows data given to :meth:`set_data`.
        push_command: runs a command and puts it on the undo stack; False when it was refused.
        today: the day of the today line and of "past go-live" problems.
    """

    #: The plan was (re)loaded and laid out.
    loaded = Signal()
    #: Dependencies, problems, the baseline and the releases' risk bands were (re)loaded.
    checks_loaded = Signal()
    #: The layout changed (options, edits, loads): views repaint.
    layout_changed = Signal()
    #: An edit or a load was refused; carries the message to show.
    failed = Signal(str)

    def __init__(
        self,
        workspace: Workspace | None,
        push_command: PushCommand,
        *,
        today: date | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._push = push_command
        self.today = today or date.today()
        self._runner = BackgroundRunner(self)
        self._plan = TimelineData()
        self._checks: service.Checks | None = None
        self._options = LayoutOptions()
        self._layout = build_layout(self._plan, self._options)
        self._paths = {}
        self._problems_by_item = None
        self._generation = 0
        self._loading = False
        self._reload_again = False
        self._baseline_choice: str | None = "latest"
        self._first_load = True

    # -- reading -------------------------------------------------------------------------------
    @property
    def layout(self) -> TimelineLayout:
        return self._layout

    @property
    def data(self) -> TimelineData:
        return self._layout.data

    @property
    def options(self) -> LayoutOptions:
        return self._options

    @property
    def checks(self) -> service.Checks | None:
        return self._checks

    @property
    def is_loading(self) -> bool:
        return self._loading

    def reload(self) -> None:
        """Read the workspace again in the background (coalesced while a load runs)."""
        if self.workspace is None:
            return
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        self._reload_again = False
        generation = self._generation
        task = self._runner.run(lambda: service.load_plan(self.workspace), description="plan")
        task.succeeded.connect(lambda plan: self._on_plan_loaded(plan, generation))
        task.failed.connect(self._on_load_failed)

    def set_data(self, data: TimelineData, options: LayoutOptions | None = None) -> None:
        """Show ``data`` as it is, without reading the workspace (benchmarks, previews)."""
        self._first_load = False
        self._plan = data
        self._checks = None
        if options is not None:
            self._options = options
        self._relayout()
        self.loaded.emit()

    def wait_until_idle(self, msecs: int = 30_000) -> bool:
        """Block until background loads are done (tests, benchmarks, closing)."""
        return self._runner.wait_for_done(msecs)

    def _on_plan_loaded(self, plan: TimelineData, generation: int) -> None:
        if generation != self._generation:
            self._loading = False
            self.reload()
            return
        self._plan = plan
        if self._first_load:
            self._first_load = False
            if len(plan.releases) > EXPAND_ALL_UP_TO:
                self._options = replace(self._options, expanded=frozenset())
        self._relayout()
        self.loaded.emit()
        baseline = self._baseline_choice
        task = self._runner.run(
            lambda: service.load_checks(
                self.workspace, plan, today=self.today, baseline_id=baseline
            ),
            description="checks",
        )
        task.succeeded.connect(lambda checks: self._on_checks_loaded(checks, generation))
        task.failed.connect(self._on_load_failed)

    def _on_checks_loaded(self, checks: service.Checks, generation: int) -> None:
        self._loading = False
        if generation != self._generation or self._reload_again:
            self._reload_again = False
            self.reload()
            return
        self._checks = checks
        self._relayout()
        self.checks_loaded.emit()

    def _on_load_failed(self, message: str) -> None:
        self._loading = False
        self.failed.emit(message)

    def _relayout(self) -> None:
        data = service.with_checks(self._plan, self._checks) if self._checks else self._plan
        self._layout = build_layout(data, self._options)
        self._paths: dict[str, CriticalPath | None] = {}
        self._problems_by_item: dict[str, list[Problem]] | None = None
        self.layout_changed.emit()

    # -- options -------------------------------------------------------------------------------
    def set_options(self, options: LayoutOptions) -> None:
        if options != self._options:
            self._options = options
            self._relayout()

    def set_group_by(self, group_by: GroupBy) -> None:
        expanded = self._options.expanded
        if group_by is not self._options.group_by:
            # Environments are few: their swimlanes open expanded; releases keep their rule.
            big = len(self._plan.releases) > EXPAND_ALL_UP_TO
            expanded = frozenset() if group_by is GroupBy.RELEASE and big else None
        self.set_options(replace(self._options, group_by=group_by, expanded=expanded))

    def set_filter(self, flt: TimelineFilter) -> None:
        self.set_options(replace(self._options, filter=flt))

    def set_expanded(self, group_id: str, expanded: bool) -> None:
        """Expand or collapse one release (or environment), by id."""
        current = self._options.expanded
        if current is None:
            if expanded:
                return
            current = frozenset(self._group_ids())
        wanted = current | {group_id} if expanded else current - {group_id}
        self.set_options(replace(self._options, expanded=frozenset(wanted)))

    def set_all_expanded(self, expanded: bool) -> None:
        self.set_options(replace(self._options, expanded=None if expanded else frozenset()))

    def _group_ids(self) -> list[str]:
        if self._options.group_by is GroupBy.ENVIRONMENT:
            return [e.id for e in self._plan.environments] + [""]
        return [r.id for r in self._plan.releases]

    # -- derived -------------------------------------------------------------------------------
    def item(self, item_id: str) -> dm.ScheduleItem | None:
        return self._layout.items.get(item_id)

    def release_key(self, release_id: str) -> str:
        release = self._layout.releases.get(release_id)
        return release.key if release else release_id

    def critical_path(self, release_id: str) -> CriticalPath | None:
        """The release's critical path, or None (and ``failed``) when its links form a loop."""
        try:
            return service.release_critical_path(self.data, release_id)
        except UserError as exc:
            self.failed.emit(str(exc))
            return None

    def timing(self, item_id: str) -> ItemTiming | None:
        """The item's earliest/latest days and slack within its release (cached per release)."""
        item = self.item(item_id)
        if item is None:
            return None
        path = self._paths.get(item.release_id)
        if path is None and item.release_id not in self._paths:
            try:
                path = service.release_critical_path(self.data, item.release_id)
            except UserError:
                path = None  # a loop: the editor and the critical-path action say so
            self._paths[item.release_id] = path
        if path is None:
            return None
        try:
            return path.timing(item_id)
        except KeyError:  # cancelled items take no part
            return None

    def problems_for(self, item_id: str) -> list[Problem]:
        """The problems that involve the item, worst first."""
        if self._problems_by_item is None:
            found: dict[str, list[Problem]] = {}
            for problem in self.data.problems:
                for involved in problem.item_ids:
                    found.setdefault(involved, []).append(problem)
            self._problems_by_item = found
        return self._problems_by_item.get(item_id, [])

    def describe_item(self, item_id: str) -> str:
        """The item's tooltip: dates, status, slack, baseline and problems."""
        item = self.item(item_id)
        if item is None:
            return ""
        packages = {p.id: p.name for p in self.data.packages}
        environments = {e.id: e.name for e in self.data.environments}
        return item_tooltip(
            item,
            self._layout.releases.get(item.release_id),
            package=packages.get(item.package_id or "", ""),
            environment=environments.get(item.environment_id or "", ""),
            timing=self.timing(item_id),
            problems=self.problems_for(item_id),
            baseline=self.data.baseline.get(item_id),
        )

    def baselines(self) -> tuple[BaselineSummary, ...]:
        return self._checks.baselines if self._checks else ()

    def slips(self) -> list[Slip]:
        return compute_slips(self._plan.items, self.data.baseline)

    def choose_baseline(self, baseline_id: str | None) -> None:
        """Show ``baseline_id``'s ghost bars and slips (None: no baseline)."""
        self._baseline_choice = baseline_id
        self._generation += 1
        self.reload()

    # -- editing -------------------------------------------------------------------------------
    def move(self, item_id: str, new: Dates, handle: Handle, *, merge_key: str | None = None):
        """Set an item's planned days; True when the command ran."""
        item = self.item(item_id)
        if item is None or (item.planned_start, item.planned_end) == (new.start, new.end):
            return False
        key = self.release_key(item.release_id)
        command = service.move_command(self.workspace, item, key, new, handle, merge_key=merge_key)
        return self._run(command, {item_id: {"planned_start": new.start, "planned_end": new.end}})

    def edit(self, item_id: str, changes: dict[str, Any]) -> bool:
        """Apply the item editor's changes; True when the command ran (or nothing changed)."""
        item = self.item(item_id)
        if item is None:
            return False
        try:
            command = service.edit_command(
                self.workspace, item, changes, self.release_key(item.release_id)
            )
        except UserError as exc:
            self.failed.emit(str(exc))
            return False
        return True if command is None else self._run(command, {item_id: changes})

    def link(self, predecessor_id: str, successor_id: str) -> bool:
        """Add a finish-to-start dependency; True when it was added."""
        before, after = self.item(predecessor_id), self.item(successor_id)
        if before is None or after is None:
            return False
        try:
            command = service.link_command(
                self.workspace, before, after, list(self.data.dependencies)
            )
        except UserError as exc:
            self.failed.emit(str(exc))
            return False
        if not self._push(command):
            return False
        if self._checks is not None:
            dependency = command.records[0]
            self._checks = replace(
                self._checks, dependencies=(*self._checks.dependencies, dependency)
            )
        self._changed()
        return True

    def save_baseline(self, name: str) -> bool:
        """Save a baseline of the whole schedule (undoable) and show it."""
        command = SaveBaseline(self.workspace, name)
        if not self._push(command):
            return False
        assert command.baseline is not None
        self.choose_baseline(command.baseline.id)
        return True

    def _run(self, command: Command, patches: dict[str, dict[str, Any]]) -> bool:
        if not self._push(command):
            return False
        items = [
            replace(item, **patches[item.id]) if item.id in patches else item
            for item in self._plan.items
        ]
        self._plan = replace(self._plan, items=items)
        self._changed()
        return True

    def _changed(self) -> None:
        """After an edit: show it now, and re-check the plan in the background."""
        self._generation += 1
        self._relayout()
        self.reload()
