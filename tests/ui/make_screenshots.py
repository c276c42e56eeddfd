"""Render the README screenshots offscreen: ``python tests/ui/make_screenshots.py``.

Not a test (pytest collects only ``test_*.py``). Builds the demo workspace in a temporary
folder, opens it in the main window at the default 1280x800, selects a release in flight so
every pane has content, waits for the Risk and Lifecycle columns (read in the background), and
saves ``QWidget.grab()`` to ``resources/screenshots/main-window.png``.
Then it opens New release with a go-live typed before the start, so the picture shows validation
as you type, and saves ``release-dialog.png``. Settings go to the temporary folder too, so the
user's own are never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, QSettings
from PySide6.QtWidgets import QAbstractItemView, QApplication

from releaseplanner.domain.enums import ReleaseStatus
from releaseplanner.ui.dialogs.release_dialog import ReleaseDialog
from releaseplanner.ui.gateway import WorkspaceGateway
from releaseplanner.ui.main_window import MainWindow
from releaseplanner.ui.models.portfolio_model import RELEASE_KIND, PortfolioRole
from releaseplanner.ui.settings import AppSettings
from releaseplanner.ui.style import apply_theme

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "resources" / "screenshots"
#: A fixed day, so that screenshots taken on different days show the same portfolio.
TODAY = date(2025, 3, 3)


# Releases in flight make the liveliest picture: their packages are mid-way and their dates near.
_PREFERRED_STATUSES = (
    ReleaseStatus.IN_TEST,
    ReleaseStatus.DEPLOYING,
    ReleaseStatus.APPROVED,
    ReleaseStatus.IN_BUILD,
    ReleaseStatus.EARLY_LIFE_SUPPORT,
    ReleaseStatus.PLANNED,
)


def pick_release(window: MainWindow) -> QModelIndex:
    """A release in flight with the most packages: it fills both the tree and the details."""
    model = window.portfolio_view.model()
    candidates = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        release = index.data(PortfolioRole.ROW)
        if index.data(PortfolioRole.KIND) == RELEASE_KIND and release.status in _PREFERRED_STATUSES:
            rank = _PREFERRED_STATUSES.index(release.status)
            candidates.append((rank, -release.package_count, row, index))
    return min(candidates)[3] if candidates else QModelIndex()


def wait_for_insights(app: QApplication, window: MainWindow, timeout: float = 30.0) -> bool:
    """Let the background read of risk bands and lifecycle flags land in the tree."""
    deadline = time.monotonic() + timeout
    while window.insights_loader.is_busy and time.monotonic() < deadline:
        window.insights_loader.wait_until_idle(100)
        app.processEvents()
    return not window.insights_loader.is_busy


def save_release_dialog(app: QApplication, dialog: ReleaseDialog, folder: Path) -> bool:
    """Fill New release with a go-live before its start and save the dialog as it objects."""
    dialog.key_edit.setText("PAY-6.0")
    dialog.name_edit.setText("Payments API 6.0")
    dialog.type_combo.setCurrentIndex(max(dialog.type_combo.findText("Minor"), 0))
    dialog.start_edit.set_value(date(2025, 3, 10))
    dialog.go_live_edit.set_value(date(2025, 3, 1))
    dialog.description_edit.setPlainText("Instalments and refunds for the spring campaign.")
    app.processEvents()
    if "before the planned start" not in dialog.problem():
        print(f"make_screenshots: unexpected dialog state: {dialog.problem()!r}", file=sys.stderr)
        return False
    target = folder / "release-dialog.png"
    if not dialog.grab().save(str(target)):
        print(f"make_screenshots: cannot write {target}", file=sys.stderr)
        return False
    print(f"wrote {target} ({dialog.width()}x{dialog.height()})")
    dialog.reject()
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="folder for the PNG files")
    parser.add_argument("--db", help="render this workspace instead of a fresh demo workspace")
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)

    app = QApplication(sys.argv[:1])
    apply_theme(app)
    # A plain, fixed folder name: the status bar shows the workspace's path in the picture.
    folder = Path(tempfile.gettempdir()) / "release-planner"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        gateway = WorkspaceGateway(demo_db=lambda: folder / "demo.sqlite", today=lambda: TODAY)
        window = MainWindow(settings, gateway)
        window.show()
        opened = window.open_workspace(args.db) if args.db else window.open_demo_workspace()
        if not opened:
            print("make_screenshots: the workspace did not open", file=sys.stderr)
            return 1
        if not wait_for_insights(app, window):
            print("make_screenshots: risk and lifecycle columns did not load", file=sys.stderr)
            return 1
        release = pick_release(window)
        # Lay the tree out first: scrolling an unlaid-out view can stop mid-release.
        app.processEvents()
        if release.isValid():
            window.portfolio_view.setCurrentIndex(release)
            window.portfolio_view.scrollTo(release, QAbstractItemView.ScrollHint.EnsureVisible)
        app.processEvents()
        target = args.output / "main-window.png"
        if not window.grab().save(str(target)):
            print(f"make_screenshots: cannot write {target}", file=sys.stderr)
            return 1
        print(f"wrote {target} ({window.width()}x{window.height()})")

        dialog = window.editing.prompt_new_release()
        if dialog is None or not save_release_dialog(app, dialog, args.output):
            return 1
        window.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
