"""The timeline window's actions, declared once; its menus and toolbar are built from them.

Handlers receive the window (through :class:`TimelineHost`, so this module does not import it).
Shortcuts avoid single letters: those belong to the chart (see the view's keys) and must keep
working in the filter box's neighbourhood.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


class TimelineHost(Protocol):
    def zoom(self, factor: float) -> None: ...
    def zoom_to_preset(self, name: str) -> None: ...
    def zoom_to_fit(self, selection: bool = False) -> None: ...
    def jump_to_today(self) -> None: ...
    def set_all_expanded(self, expanded: bool) -> None: ...
    def toggle_presentation(self) -> None: ...
    def set_critical_path_shown(self, shown: bool) -> None: ...
    def set_all_dependencies_shown(self, shown: bool) -> None: ...
    def set_baseline_shown(self, shown: bool) -> None: ...
    def prompt_save_baseline(self) -> None: ...
    def prompt_export(self) -> None: ...
    def prompt_print(self) -> None: ...
    def edit_selected_item(self) -> None: ...
    def refresh(self) -> None: ...
    def close(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class TimelineActionSpec:
    id: str
    text: str
    handler: Callable[[TimelineHost, bool], object]
    shortcut: str | QKeySequence.StandardKey | None = None
    tip: str = ""
    checkable: bool = False
    checked: bool = False


ACTIONS: tuple[TimelineActionSpec, ...] = (
    TimelineActionSpec(
        "view.zoom_in",
        "Zoom &in",
        lambda h, _: h.zoom(1.25),
        "Ctrl+=",
        "Zoom in (Ctrl+wheel, or +)",
    ),
    TimelineActionSpec(
        "view.zoom_out",
        "Zoom &out",
        lambda h, _: h.zoom(0.8),
        "Ctrl+-",
        "Zoom out (Ctrl+wheel, or -)",
    ),
    *(
        TimelineActionSpec(
            f"view.preset.{name}",
            name.capitalize(),
            lambda h, _, n=name: h.zoom_to_preset(n),
            None,
            f"Zoom to {name}s",
        )
        for name in ("day", "week", "month", "quarter", "year")
    ),
    TimelineActionSpec(
        "view.fit",
        "Zoom to &fit",
        lambda h, _: h.zoom_to_fit(),
        "Ctrl+0",
        "Show the whole plan (F)",
    ),
    TimelineActionSpec(
        "view.fit_selection",
        "Zoom to &selection",
        lambda h, _: h.zoom_to_fit(selection=True),
        "Ctrl+Shift+0",
        "Show the selected items (Shift+F)",
    ),
    TimelineActionSpec(
        "view.today", "&Today", lambda h, _: h.jump_to_today(), "Ctrl+T", "Jump to today (T)"
    ),
    TimelineActionSpec("view.expand_all", "E&xpand all", lambda h, _: h.set_all_expanded(True)),
    TimelineActionSpec(
        "view.collapse_all", "&Collapse all", lambda h, _: h.set_all_expanded(False)
    ),
    TimelineActionSpec(
        "view.present",
        "&Present…",
        lambda h, _: h.toggle_presentation(),
        "F11",
        "Full screen for a meeting: large, read-only, arrows step milestones",
    ),
    TimelineActionSpec(
        "plan.critical",
        "&Critical path",
        lambda h, on: h.set_critical_path_shown(on),
        "Ctrl+K",
        "Outline the critical path of the selected item's release",
        checkable=True,
    ),
    TimelineActionSpec(
        "plan.dependencies",
        "All &dependencies",
        lambda h, on: h.set_all_dependencies_shown(on),
        None,
        "Draw every dependency on screen (a selected item's always show)",
        checkable=True,
    ),
    TimelineActionSpec(
        "plan.baseline",
        "Show &baseline",
        lambda h, on: h.set_baseline_shown(on),
        None,
        "Draw the baseline as thin ghost bars under the bars",
        checkable=True,
        checked=True,
    ),
    TimelineActionSpec(
        "plan.save_baseline",
        "&Save baseline…",
        lambda h, _: h.prompt_save_baseline(),
        None,
        "Save the schedule as it is now, to measure slips against",
    ),
    TimelineActionSpec(
        "plan.edit_item",
        "&Edit item…",
        lambda h, _: h.edit_selected_item(),
        None,
        "Edit the selected item (double-click, or Enter)",
    ),
    TimelineActionSpec(
        "file.export",
        "&Export…",
        lambda h, _: h.prompt_export(),
        "Ctrl+E",
        "Save the timeline as PNG, SVG or PDF",
    ),
    TimelineActionSpec(
        "file.print",
        "&Print…",
        lambda h, _: h.prompt_print(),
        QKeySequence.StandardKey.Print,
        "Print the timeline",
    ),
    TimelineActionSpec(
        "file.reload",
        "&Reload",
        lambda h, _: h.refresh(),
        QKeySequence.StandardKey.Refresh,
        "Read the workspace again",
    ),
    TimelineActionSpec(
        "file.close", "&Close", lambda h, _: h.close(), QKeySequence.StandardKey.Close
    ),
)

MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("&File", ("file.export", "file.print", None, "file.reload", None, "file.close")),
    (
        "&View",
        (
            "view.zoom_in",
            "view.zoom_out",
            None,
            "view.preset.day",
            "view.preset.week",
            "view.preset.month",
            "view.preset.quarter",
            "view.preset.year",
            None,
            "view.fit",
            "view.fit_selection",
            "view.today",
            None,
            "view.expand_all",
            "view.collapse_all",
            None,
            "view.present",
        ),
    ),
    (
        "&Plan",
        (
            "plan.edit_item",
            None,
            "plan.critical",
            "plan.dependencies",
            None,
            "plan.baseline",
            "plan.save_baseline",
        ),
    ),
)

TOOLBAR: tuple[str | None, ...] = (
    "view.preset.day",
    "view.preset.week",
    "view.preset.month",
    "view.preset.quarter",
    "view.preset.year",
    None,
    "view.fit",
    "view.today",
    None,
    "plan.critical",
    "plan.dependencies",
    None,
    "view.present",
    "file.export",
)


def build_actions(host: TimelineHost, parent: QWidget) -> dict[str, QAction]:
    """One QAction per spec, connected to its handler on ``host``."""
    actions = {}
    for spec in ACTIONS:
        action = QAction(spec.text, parent)
        action.setObjectName(spec.id)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        action.setCheckable(spec.checkable)
        action.setChecked(spec.checked)
        action.triggered.connect(lambda checked=False, s=spec: s.handler(host, checked))
        actions[spec.id] = action
    return actions
