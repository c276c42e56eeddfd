"""Start-up benchmark: Release Planner's main window against a bare PySide6 window.

Not a pytest test. Run it as ``python tests/benchmarks/bench_startup.py [--runs N]``.

Each sample is a fresh Python process on the offscreen platform. The parent notes
``time.monotonic()`` just before spawning it; the child prints ``painted-at-monotonic <t>`` on
the event-loop turn after its main window's first paint and quits
(``RELEASEPLANNER_EXIT_AFTER_PAINT``
for the app, the same event filter in the bare script). The difference is process start to
first paint, interpreter start-up included and tear-down excluded (tear-down is not start-up,
and with SQLAlchemy loaded it alone takes ~100 ms). Wall time to exit is printed as well.
The app opens the demo workspace, built once beforehand in a temporary folder.

The app paints its window before it opens the workspace (see ``releaseplanner.app``); for a
SQLite file at the current schema, such as this demo, that first paint already shows the
workspace's releases and packages, read with sqlite3 alone. The headline ``ratio`` is that
first paint, with the workspace's rows, against the bare window; ``first_paint_releases`` is
how many releases the child reports its painted tree showed (0 would mean only the empty shell
was timed). ``ready_ratio`` times until the opened
workspace (SQLAlchemy, services, editing enabled) has been painted, and is reported alongside.

The last line printed is one JSON object: ratio, target, ready_ratio and the medians in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

TARGET_RATIO = 2.0

BARE_WINDOW_SCRIPT = textwrap.dedent(
    """
    import sys
    import time
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    def report_and_quit():
        print(f"painted-at-monotonic {time.monotonic():.6f}", flush=True)
        QApplication.quit()

    class QuitAfterFirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, report_and_quit)
            return False

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 800)
    hook = QuitAfterFirstPaint()
    window.installEventFilter(hook)
    window.show()
    sys.exit(app.exec())
    """
)


def build_demo_workspace(folder: Path) -> Path:
    """Build the demo workspace once, in a child process (keeps this one free of imports)."""
    db = folder / "demo.sqlite"
    script = textwrap.dedent(
        f"""
        from datetime import date
        from releaseplanner.services.demo import build_demo
        from releaseplanner.storage.engine import open_workspace
        workspace = open_workspace({str(db)!r}, create=True)
        try:
            today = date.fromisoformat({date.today().isoformat()!r})
            build_demo(workspace, scale=1, seed=1, today=today)
        finally:
            workspace.close()
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    return db


def timed_run(command: list[str], env: dict[str, str]) -> tuple[float, float, int | None]:
    """Milliseconds from spawning ``command`` to its first paint and to its exit, and how many
    releases the painted window showed (None for the bare window, which does not say)."""
    start = time.monotonic()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    exited = time.monotonic()
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} exited with {result.returncode}:\n{result.stderr.strip()}"
        )
    painted = [line for line in result.stdout.splitlines() if line.startswith("painted-at-")]
    if not painted:
        raise SystemExit(f"{' '.join(command)} did not report its first paint")
    painted_at = float(painted[-1].split()[1])
    shown = [line for line in result.stdout.splitlines() if line.startswith("painted-releases ")]
    releases = int(shown[-1].split()[1]) if shown else None
    return (painted_at - start) * 1000, (exited - start) * 1000, releases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="samples per variant (default 9)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rp-bench-") as temp:
        folder = Path(temp)
        db = build_demo_workspace(folder)
        # An installed app starts from bytecode caches (pip compiles on install): let the warm-up
        # run write them even where the shell forbids it, or every run would recompile the app.
        inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env = {
            **inherited,
            "QT_QPA_PLATFORM": "offscreen",
            # Keep the benchmark's window geometry and recent list out of the user's settings.
            "XDG_CONFIG_HOME": str(folder / "config"),
            "HOME": str(folder),
        }
        bare = [sys.executable, "-c", BARE_WINDOW_SCRIPT]
        app = [sys.executable, "-m", "releaseplanner", "--db", str(db)]
        variants = {
            "bare": (bare, env),
            "first_paint": (app, {**env, "RELEASEPLANNER_EXIT_AFTER_PAINT": "1"}),
            "ready": (app, {**env, "RELEASEPLANNER_EXIT_AFTER_PAINT": "ready"}),
        }
        # One untimed run each warms the page cache and writes the .pyc files.
        for command, variant_env in variants.values():
            timed_run(command, variant_env)
        to_paint: dict[str, list[float]] = {name: [] for name in variants}
        to_exit: dict[str, list[float]] = {name: [] for name in variants}
        releases_shown: dict[str, list[int | None]] = {name: [] for name in variants}
        # Alternate the variants so that drift in machine load hits all of them alike.
        for _ in range(args.runs):
            for name, (command, variant_env) in variants.items():
                paint_ms, exit_ms, releases = timed_run(command, variant_env)
                releases_shown[name].append(releases)
                to_paint[name].append(paint_ms)
                to_exit[name].append(exit_ms)

    paint = {name: statistics.median(values) for name, values in to_paint.items()}
    exit_ = {name: statistics.median(values) for name, values in to_exit.items()}
    for name, values in to_paint.items():
        runs = " ".join(f"{value:.0f}" for value in values)
        print(
            f"{name:12s} to paint {paint[name]:6.1f} ms (median; runs {runs})"
            f"   to exit {exit_[name]:6.1f} ms"
        )
    result = {
        "ratio": round(paint["first_paint"] / paint["bare"], 3),
        "target": TARGET_RATIO,
        "first_paint_releases": min(n or 0 for n in releases_shown["first_paint"]),
        "ready_ratio": round(paint["ready"] / paint["bare"], 3),
        "bare_ms": round(paint["bare"], 1),
        "first_paint_ms": round(paint["first_paint"], 1),
        "ready_ms": round(paint["ready"], 1),
        "exit_ms": {name: round(value, 1) for name, value in exit_.items()},
        "runs": args.runs,
        "python": sys.version.split()[0],
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
