"""The Lifecycle window at the sizes people use it (1280x800 on a laptop, 1920x1080 on a
projector): no control pushed out of view, no table header cut off, the DORA chart inside its
figure; and the README screenshots.

``python tests/ui/test_lifecycle_screenshots.py`` writes ``resources/screenshots/review.png``
and ``metrics.png`` (1280x800) from the demo workspace; ``--all DIR`` writes every tab of three
releases and both metrics pages at both sizes to DIR, for looking at them.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView, QWidget

from releaseplanner.services.demo import build_demo
from releaseplanner.storage.engine import Workspace, open_workspace
from releaseplanner.storage.store import Store
from releaseplanner.ui.lifecycle.lifecycle_window import LifecycleWindow
from releaseplanner.ui.undo import push_command

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "resources" / "screenshots"
TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 16, 30)
SIZES = ((1280, 800), (1920, 1080))
#: In early-life support, closed with a held review, and late and not live yet.
RELEASES = ("IAM-2.8", "PAY-4.0", "PAY-4.1")
#: Room Fusion's header takes beside the text (margins, the sort arrow).
HEADER_PADDING = 8


class LifecyclePages:
    """A Lifecycle window on one workspace, wired as the main window wires it."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.stack = QUndoStack()
        self.window = LifecycleWindow(workspace, self.push, today=lambda: TODAY, now=lambda: NOW)

    def push(self, command) -> bool:
        return push_command(self.stack, command, self.window.apply_changes, print)

    def focus(self, key: str) -> None:
        with self.workspace.session_factory() as session:
            self.window.focus_release(Store(session).release_by_key(key).id)


def wait_for(signal, timeout_ms: int = 30_000) -> None:
    """Run the event loop until ``signal`` fires (for the script; tests use qtbot).

    An event loop, not a processEvents() spin: the GUI thread must let the worker run.
    """
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


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


def cut_off_headers(page: QWidget) -> list[str]:
    """Column titles wider than their column in the visible tables."""
    out = []
    for table in page.findChildren(QTableView):
        if not table.isVisible() or table.model() is None:
            continue
        header: QHeaderView = table.horizontalHeader()
        metrics = header.fontMetrics()
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = str(table.model().headerData(section, header.orientation()))
            if metrics.horizontalAdvance(text) + HEADER_PADDING > header.sectionSize(section):
                out.append(f"{table.objectName()}: {text!r} in {header.sectionSize(section)} px")
    return out


def clipped_chart(pages: LifecyclePages) -> str:
    """Something drawn beyond the DORA figure's edges ("" when nothing is)."""
    canvas = pages.window.metrics.chart.canvas
    if canvas is None:
        return "no canvas"
    figure = canvas.figure
    figure.canvas.draw()
    tight = figure.get_tightbbox(figure.canvas.get_renderer())
    page = figure.bbox_inches
    if (
        tight.x0 < page.x0 - 0.02
        or tight.y0 < page.y0 - 0.02
        or tight.x1 > page.x1 + 0.02
        or tight.y1 > page.y1 + 0.02
    ):
        return f"{tight} beyond {page}"
    return ""


@pytest.fixture
def pages(demo_file, tmp_path, qtbot):
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    workspace = open_workspace(str(copy))
    pages = LifecyclePages(workspace)
    qtbot.addWidget(pages.window)
    yield pages
    pages.window.shutdown()
    workspace.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_nothing_is_cut_off_on_any_tab(pages, qtbot, size):
    window = pages.window
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    records = window.records
    for key in RELEASES:
        pages.focus(key)
        for number in range(records.tabs.count()):
            records.tabs.setCurrentIndex(number)
            assert controls_out_of_view(window) == [], (key, records.tabs.tabText(number))
            assert cut_off_headers(window) == [], (key, records.tabs.tabText(number))
    with qtbot.waitSignal(window.metrics.metrics_updated, timeout=30_000):
        window.show_metrics()
    qtbot.waitUntil(lambda: not window.metrics.is_busy(), timeout=30_000)
    assert clipped_chart(pages) == ""
    for number in range(window.metrics.pages.count()):
        window.metrics.pages.setCurrentIndex(number)
        assert controls_out_of_view(window) == []
        assert cut_off_headers(window) == []


def render(pages: LifecyclePages, size: tuple[int, int], folder: Path, *, every_tab: bool) -> None:
    """Save the review of a closed release and the metrics chart (every tab when asked)."""
    window, records = pages.window, pages.window.records
    window.resize(*size)
    window.show()
    suffix = "" if size == SIZES[0] and not every_tab else f"-{size[0]}x{size[1]}"
    for key in RELEASES if every_tab else ("PAY-4.0",):
        pages.focus(key)
        for number in range(records.tabs.count()) if every_tab else (3,):
            records.tabs.setCurrentIndex(number)
            QApplication.processEvents()
            name = "review" if not every_tab else f"{key}-{number}"
            window.grab().save(str(folder / f"{name}{suffix}.png"))
    window.show_metrics()
    wait_for(window.metrics.chart.drawn)
    for number in range(window.metrics.pages.count()) if every_tab else (0,):
        window.metrics.pages.setCurrentIndex(number)
        QApplication.processEvents()
        name = "metrics" if not every_tab else f"metrics-{number}"
        window.grab().save(str(folder / f"{name}{suffix}.png"))
    window.tabs.setCurrentIndex(0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", type=Path, metavar="DIR", help="every tab at both sizes")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    from releaseplanner.ui.style import apply_theme

    apply_theme(app)
    with tempfile.TemporaryDirectory(prefix="rp-lifecycle-shots-") as temp:
        workspace = open_workspace(str(Path(temp) / "demo.sqlite"), create=True)
        build_demo(workspace, scale=1, seed=1, today=TODAY)
        try:
            for size in SIZES if args.all else SIZES[:1]:
                pages = LifecyclePages(workspace)
                render(pages, size, args.all or OUTPUT, every_tab=bool(args.all))
                pages.window.shutdown()
                pages.window.close()
                pages.window.deleteLater()
        finally:
            workspace.close()
    print(f"wrote the lifecycle screenshots to {args.all or OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
