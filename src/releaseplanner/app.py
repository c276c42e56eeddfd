"""GUI start-up: read the command line, paint the main window, then open the workspace.

The order is chosen for speed. The services bring SQLAlchemy and the ORM mapping, whose imports
alone take longer than a bare Qt window needs to appear, so the window is painted first and the
workspace opens on the event-loop turn after that first paint. For a SQLite file at the current
schema (the usual case) that first paint already shows the releases and packages, read with the
standard library's sqlite3 (``storage.quick_read``); editing is enabled once the workspace opens.

Mistakes in ``--db`` that show without a database (missing folder or file, a folder, not a SQLite
file) are reported before Qt starts, as one line on stderr with exit code 2; a workspace that
fails later (newer schema, unreachable server) is reported in a dialog and on stderr, and the
window stays open.

matplotlib, openpyxl and alembic are never imported on this path (alembic only when an old
workspace must be upgraded), which keeps start-up within twice a bare Qt window.

``RELEASEPLANNER_EXIT_AFTER_PAINT`` exists for the start-up benchmark and smoke tests:
``1`` quits right after the main window's first paint (with the workspace's rows when the quick
read applies, else the empty shell; before the workspace opens); ``ready`` quits once the opened
workspace has been painted. Either way the app first prints ``painted-at-monotonic <seconds>``
(``time.monotonic()``, a clock every process on the machine shares), so the benchmark can time
start to paint without counting interpreter tear-down, then ``painted-releases <n>``, the
releases the painted tree showed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from releaseplanner import __version__, paths
from releaseplanner.domain.errors import UserError
from releaseplanner.storage.location import check_sqlite_path

EXIT_AFTER_PAINT_ENV = "RELEASEPLANNER_EXIT_AFTER_PAINT"


@dataclass(frozen=True, slots=True)
class StartupWorkspace:
    """Which workspace the window opens first."""

    db: str
    demo: bool = False
    #: Create the file when missing: true for the default workspace (first run), false for an
    #: explicit ``--db``, where a missing file is more likely a typo.
    create: bool = False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="releaseplanner",
        description="Release Planner, the desktop app (the command line tool is 'rplan').",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--db",
        metavar="DB",
        help="workspace to open: a SQLite file or a SQLAlchemy URL "
        "(default: $RELEASEPLANNER_DB, else workspace.sqlite in the user data folder)",
    )
    which.add_argument(
        "--demo",
        action="store_true",
        help="open the demo workspace, building it around today on first use",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def startup_workspace(args: argparse.Namespace) -> StartupWorkspace:
    """Decide what to open from the parsed arguments, checking what can be checked cheaply.

    Raises:
        WorkspaceError: ``--db`` names a missing folder or file, a folder, or a non-SQLite file.
    """
    if args.demo:
        return StartupWorkspace(str(paths.demo_db()), demo=True, create=True)
    if args.db:
        check_sqlite_argument(args.db, create=False)
        return StartupWorkspace(args.db)
    db = paths.default_db()
    check_sqlite_argument(db, create=True)
    return StartupWorkspace(db, create=True)


def check_sqlite_argument(db: str, *, create: bool) -> None:
    """Catch ``--db`` mistakes in a file path before Qt starts (URLs are left to storage).

    Raises:
        WorkspaceError: naming the path and what is wrong with it.
    """
    if "://" in db:
        return
    check_sqlite_path(Path(db).expanduser().absolute(), create=create)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop app; returns the exit code (2 for a workspace that cannot be opened)."""
    args = build_parser().parse_args(argv)
    try:
        start = startup_workspace(args)
    except UserError as exc:
        print(f"releaseplanner: error: {exc}", file=sys.stderr)
        return 2
    return run_gui(start)


def run_gui(start: StartupWorkspace) -> int:
    """Show the main window and open ``start`` once it has been painted."""
    # Imported here so that --help and command-line mistakes never wait for Qt.
    from PySide6.QtWidgets import QApplication

    from releaseplanner.ui.first_paint import call_after_first_paint
    from releaseplanner.ui.gateway import WorkspaceGateway
    from releaseplanner.ui.main_window import MainWindow
    from releaseplanner.ui.settings import APPLICATION, ORGANISATION, AppSettings
    from releaseplanner.ui.style import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("releaseplanner")
    apply_theme(app)

    window = MainWindow(AppSettings.for_user(), WorkspaceGateway())
    # An up-to-date SQLite file is read with the standard library, so its rows are painted with
    # the window; editing waits for the workspace, opened on the turn after the first paint.
    window.show_preview(start.db)
    exit_mode = os.environ.get(EXIT_AFTER_PAINT_ENV, "")

    def report_on_stderr(message: str) -> None:
        print(f"releaseplanner: error: {message}", file=sys.stderr)

    def quit_after_paint() -> None:
        print(f"painted-at-monotonic {time.monotonic():.6f}", flush=True)
        # How many releases the painted tree showed: the benchmark checks the paint had rows.
        print(f"painted-releases {window.portfolio_view.model().rowCount()}", flush=True)
        app.quit()

    def open_start_workspace() -> None:
        if exit_mode == "1":
            quit_after_paint()
            return
        window.workspace_open_failed.connect(report_on_stderr)
        if start.demo:
            opened = window.open_demo_workspace()
        else:
            opened = window.open_workspace(start.db, create=start.create)
        window.workspace_open_failed.disconnect(report_on_stderr)
        if not opened:
            window.show_no_workspace()
        if exit_mode == "ready":
            window.repaint()
            quit_after_paint()

    call_after_first_paint(window, open_start_workspace)
    window.show()
    return app.exec()
