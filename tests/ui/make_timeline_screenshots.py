"""The README's timeline screenshots, offscreen: ``python tests/ui/make_timeline_screenshots.py``.

Not a test (pytest collects only ``test_*.py``). Builds the demo workspace (seed 1, today
26 Nov 2026) in a temporary folder and opens it in the timeline window at 1600x1000:

- ``timeline.png``: the window after both loading stages (bars, then problems, the latest
  baseline and each release's risk chip), with the problem "Dependency violated" chosen in the
  problems panel, so the picture shows its bars selected and the hint in the status bar;
- ``timeline-present.png``: meeting mode at 1920x1080 ("Release board · December change
  window", 16 Nov 2026 to 3 Jan 2027), stepped to IAM-2.9's code freeze. Offscreen, the
  virtual screen is made 1920x1080 so that full screen is a projector's size.

Settings go to the temporary folder too, so the user's own are never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from releaseplanner.domain.conflicts import ProblemKind
from releaseplanner.services.demo import build_demo
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import open_workspace
from releaseplanner.ui.style import apply_theme
from releaseplanner.ui.timeline.present import PresentOptions
from releaseplanner.ui.timeline.timeline_window import TimelineWindow

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "resources" / "screenshots"
#: The demo's own "today": its plan is built around this day.
TODAY = date(2026, 11, 26)
WINDOW_SIZE = (1600, 1000)
PRESENT_SIZE = (1920, 1080)


def settle(app: QApplication, window: TimelineWindow, timeout: float = 60.0) -> bool:
    """Let both background loads land (the plan, then the checks and risk chips)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        window.document.wait_until_idle(100)
        app.processEvents()
        if not window.document.is_loading and window.document.data.risks:
            return True
    return False


def push(command) -> bool:
    """The screenshots edit nothing, but the window wants a way to run commands."""
    command.redo()
    return True


def save_window(app: QApplication, window: TimelineWindow, folder: Path) -> Path:
    window.resize(*WINDOW_SIZE)
    window.show()
    if not settle(app, window):
        raise SystemExit("the timeline did not finish loading")
    panel = window.problems_panel
    rows = panel.model.rows()
    chosen = next(
        (n for n, row in enumerate(rows) if row.problem.kind is ProblemKind.DEPENDENCY_VIOLATED),
        0,
    )
    if rows:
        panel.select_row(chosen)
    # Choosing a problem zooms to its bars; step back to the week around today, where the
    # bars, their problems and the releases' risk chips all show.
    window.view.zoom_to_preset("week")
    window.view.jump_to_today()
    app.processEvents()
    target = folder / "timeline.png"
    window.grab().save(str(target))
    return target


def save_present(app: QApplication, window: TimelineWindow, folder: Path) -> Path:
    window.present(
        PresentOptions(
            title="Release board · December change window",
            first=date(2026, 11, 16),
            last=date(2027, 1, 3),
        )
    )
    app.processEvents()
    window.view.zoom_to_days(date(2026, 11, 16).toordinal(), date(2027, 1, 3).toordinal())
    # Step through the milestones as a presenter would, up to IAM-2.9's code freeze.
    for _ in range(40):
        point = window.presenter.step(1)
        if point is None or (
            point.label == "Code freeze"
            and window.document.release_key(point.release_id) == "IAM-2.9"
        ):
            break
    app.processEvents()
    target = folder / "timeline-present.png"
    window.grab().save(str(target))
    window.presenter.stop()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUTPUT, help="folder for the PNG files")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
            # Full screen is the screen's size: offscreen, make the screen a 1080p projector.
            config = Path(temp) / "screen.json"
            width, height = PRESENT_SIZE
            screen = {"name": "projector", "x": 0, "y": 0, "width": width, "height": height}
            config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96}]}))
            os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, temp)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setApplicationName("Release Planner screenshots")
        apply_theme(app)
        workspace = open_workspace(str(Path(temp) / "demo.sqlite"), create=True)
        try:
            ensure_reference_data(workspace)
            build_demo(workspace, scale=1, seed=1, today=TODAY)
            window = TimelineWindow(workspace, push, today=TODAY)
            try:
                for target in (
                    save_window(app, window, args.out),
                    save_present(app, window, args.out),
                ):
                    print(f"wrote {target}")
            finally:
                window.close()
                window.document.wait_until_idle()
        finally:
            workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
