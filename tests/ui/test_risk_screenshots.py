"""The risk pages at the sizes people use them (1280x800 on a laptop, 1920x1080 on a projector):
nothing drawn off a chart's edge, no control pushed out of view; and the README screenshots.

``python tests/ui/test_risk_screenshots.py`` writes ``resources/screenshots/risk-dashboard.png``
and ``risk-register.png`` (1280x800) from the demo workspace; ``--all DIR`` also writes every
page of the dashboard at both sizes to DIR, for looking at them.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import shutil
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from releaseplanner.domain import model as dm
from releaseplanner.services.demo import build_demo
from releaseplanner.services.risk import take_snapshot
from releaseplanner.storage.engine import Workspace, open_workspace
from releaseplanner.storage.store import Store
from releaseplanner.ui.risk.dashboard_data import Chart
from releaseplanner.ui.risk.links import link_risk_views
from releaseplanner.ui.risk.risk_dashboard import RiskDashboardView
from releaseplanner.ui.risk.risk_reader import RiskReader
from releaseplanner.ui.risk.risk_register import RiskRegisterView
from releaseplanner.ui.undo import push_command

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "resources" / "screenshots"
TODAY = date(2026, 11, 26)
FOCUS = "PLT-2026.12"
SIZES = ((1280, 800), (1920, 1080))


def seed_history(workspace: Workspace, release_key: str) -> None:
    """Six weeks of stored scores for one release: the demo records none, and an empty trend
    makes a poor picture. A risk is rated lower early on and raised mid-way, as happens."""
    with workspace.session_factory.begin() as session:
        store = Store(session)
        release = store.release_by_key(release_key)
        risk = max(store.all(dm.Risk, release_id=release.id), key=lambda r: r.score)
        rating = risk.likelihood
        for days_ago, likelihood in ((42, 1), (35, 2), (28, 2), (21, rating), (14, rating), (7, 3)):
            day = TODAY - timedelta(days=days_ago)
            store.update(dm.Risk, risk.id, {"likelihood": likelihood})
            session.flush()
            take_snapshot(store, release.id, today=day, taken_at=datetime.combine(day, time(10)))
        store.update(dm.Risk, risk.id, {"likelihood": rating})


class RiskPages:
    """A register and a dashboard on one workspace, wired as the main window wires them."""

    def __init__(self, workspace: Workspace) -> None:
        self.stack = QUndoStack()
        self.reader = RiskReader(workspace, today=lambda: TODAY)
        self.register = RiskRegisterView(self.reader, self.push)
        self.dashboard = RiskDashboardView(self.reader, ask_path=lambda *_args: "")
        link_risk_views(self.register, self.dashboard)

    def push(self, command) -> bool:
        def applied(changes) -> None:
            self.register.apply_changes(changes)
            self.dashboard.apply_changes(changes)

        return push_command(self.stack, command, applied, print)

    def focus(self, key: str) -> None:
        release = next(r for r in self.register.data.releases if r.label == key)
        self.dashboard.set_release(release.id)
        self.register.set_release_filter(release.id)


def wait_until(condition, timeout_ms: int = 30_000) -> None:
    """Process events until ``condition()`` holds (for the script; tests use qtbot)."""
    app = QApplication.instance()
    expired = []
    QTimer.singleShot(timeout_ms, lambda: expired.append(True))
    while not condition():
        if expired:
            raise TimeoutError("the risk pages did not settle")
        app.processEvents()


def settled(dashboard: RiskDashboardView) -> bool:
    return dashboard.data is not None and not dashboard.is_busy()


def clipped_charts(dashboard: RiskDashboardView) -> list[str]:
    """Charts with something drawn beyond the figure's edges (a cut-off label or legend)."""
    found = []
    for chart in Chart:
        canvas = dashboard.chart_view(chart).canvas
        if canvas is None or not canvas.isVisible():
            continue
        figure = canvas.figure
        figure.canvas.draw()
        tight = figure.get_tightbbox(figure.canvas.get_renderer())
        page = figure.bbox_inches
        if (
            tight.x0 < page.x0 - 0.02
            or tight.y0 < page.y0 - 0.02
            or (tight.x1 > page.x1 + 0.02 or tight.y1 > page.y1 + 0.02)
        ):
            found.append(f"{chart.value}: {tight} beyond {page}")
    return found


def controls_out_of_view(page: QWidget) -> list[str]:
    """Buttons, boxes and labels whose right edge lies beyond the page's."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel

    out = []
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, (QAbstractButton, QComboBox, QLabel)) or not widget.isVisible():
            continue
        right = widget.mapTo(page, widget.rect().topRight()).x()
        if right > page.width():
            out.append(f"{type(widget).__name__} {widget.objectName() or widget.text()!r}")
    return out


@pytest.fixture
def pages(demo_file, tmp_path, qtbot):
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    workspace = open_workspace(str(copy))
    pages = RiskPages(workspace)
    for widget in (pages.register, pages.dashboard):
        qtbot.addWidget(widget)
    yield pages
    pages.dashboard.shutdown()
    workspace.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_chart_is_clipped_and_no_control_is_out_of_view(pages, qtbot, size):
    dashboard, register = pages.dashboard, pages.register
    for widget in (dashboard, register):
        widget.resize(*size)
        widget.show()
    pages.focus(FOCUS)
    qtbot.waitUntil(lambda: settled(dashboard), timeout=30_000)
    assert dashboard.chart_view(Chart.TREND).figure is not None
    tabs = dashboard.findChild(QTabWidget, "dashboardPages")
    for number in range(tabs.count()):  # charts on hidden pages are drawn when shown
        tabs.setCurrentIndex(number)
        qtbot.waitUntil(lambda: settled(dashboard), timeout=30_000)
        assert clipped_charts(dashboard) == []
        assert controls_out_of_view(dashboard) == []
    assert controls_out_of_view(register) == []


def render(pages: RiskPages, size: tuple[int, int], folder: Path, *, every_page: bool) -> None:
    """Save the register and the dashboard (each of its pages when ``every_page``)."""
    dashboard, register = pages.dashboard, pages.register
    for widget in (dashboard, register):
        widget.resize(*size)
        widget.show()
    pages.focus(FOCUS)
    wait_until(lambda: settled(dashboard))
    entry = max(register.visible_entries(), key=lambda e: (e.active, e.score))
    register.set_release_filter(None)  # the whole register: a fuller picture than one release
    register.select_risk(entry.id)
    if not entry.description:
        register.edit_risk(
            entry.id,
            {
                "description": "The Helm charts and secrets move to the new cluster in the same "
                "window as the database upgrade; a failed cut-over would block every team's "
                "deployments until it is rolled back."
            },
        )
    wait_until(lambda: settled(dashboard) and not register.form.is_dirty())
    suffix = "" if size == SIZES[0] and not every_page else f"-{size[0]}x{size[1]}"
    pages_tab = dashboard.findChild(QTabWidget, "dashboardPages")
    for number in range(pages_tab.count() if every_page else 1):
        pages_tab.setCurrentIndex(number)
        wait_until(lambda: settled(dashboard))
        name = "" if not every_page else f"-{pages_tab.tabText(number).lower().replace(' ', '-')}"
        dashboard.grab().save(str(folder / f"risk-dashboard{suffix}{name}.png"))
    register.grab().save(str(folder / f"risk-register{suffix}.png"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", type=Path, metavar="DIR", help="every page at both sizes")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    from releaseplanner.ui.style import apply_theme

    apply_theme(app)
    with tempfile.TemporaryDirectory(prefix="rp-risk-shots-") as temp:
        db = Path(temp) / "demo.sqlite"
        workspace = open_workspace(str(db), create=True)
        build_demo(workspace, scale=1, seed=1, today=TODAY)
        seed_history(workspace, FOCUS)
        try:
            for size in SIZES if args.all else SIZES[:1]:
                pages = RiskPages(workspace)
                render(pages, size, args.all or OUTPUT, every_page=bool(args.all))
                pages.dashboard.shutdown()
                for widget in (pages.dashboard, pages.register):
                    widget.close()
                    widget.deleteLater()
        finally:
            workspace.close()
    print(f"wrote the risk screenshots to {args.all or OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
