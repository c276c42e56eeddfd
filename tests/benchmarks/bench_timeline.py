"""Timeline benchmark: repaint cost against plan size, zoom-to-fit, and opening a large workspace.

Not a pytest test. Run it as ``python tests/benchmarks/bench_timeline.py [--runs N]
[--demo-db PATH]``; it renders offscreen.

1. Two plans are built in memory, about 1,000 and 100,000 schedule items (releases of ~22 items
   each: builds and tests per package, deployments to four environments, milestones, early-life
   support), the larger with 100 times as many releases over the same 18 months, as a big
   organisation has. Each is shown grouped by release, every release expanded, in a 1400x900
   timeline window's view at the week preset on "today", scrolled to the middle of the rows.
   A *full repaint* is: drop the cached frame, then render the whole view (row header, date
   header, chart) into a QImage. ``ratio`` = median 100k repaint / median 1k repaint, measured
   alternately in the same run (target 1.2).
2. ``fit_ms``: the same repaint after zoom-to-fit on the 100k plan (median; target 16 ms);
   ``fit_first_ms`` is the first one, which also builds the level-of-detail runs of the rows on
   screen; ``environment_fit_ms`` the same grouped by environment, where each swimlane's summary
   row holds some 25,000 items (the level-of-detail path).
3. ``open_ms``: a TimelineWindow on the ``rplan demo --scale 100`` workspace (built first in a
   temporary folder unless ``--demo-db`` names one), from constructing the window until its first
   paint with bars (target 1,000 ms). ``checks_ms``: until the problems have been computed too
   (they arrive in the background; the window is usable meanwhile).

The last line printed is one JSON object with ratio, target, fit_ms, fit_target, open_ms and the
details.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from releaseplanner.domain import model as dm
from releaseplanner.domain.enums import EnvironmentTier, ScheduleKind, ScheduleStatus
from releaseplanner.domain.timeline.model import GroupBy, LayoutOptions, TimelineData
from releaseplanner.ui.style import apply_theme
from releaseplanner.ui.timeline.document import TimelineDocument
from releaseplanner.ui.timeline.timeline_view import TimelineView

TODAY = date(2026, 11, 26)
TARGET_RATIO = 1.2
TARGET_FIT_MS = 16.0
TARGET_OPEN_MS = 1000.0
SIZE = (1400, 900)
ENVIRONMENTS = [
    dm.Environment(id=f"env-{tier.value}", name=tier.label, tier=tier, sort_order=n)
    for n, tier in enumerate(EnvironmentTier)
]


def synthetic_plan(items_wanted: int, seed: int = 7) -> TimelineData:
    """Releases shaped like the demo's, over 18 months around TODAY, until ``items_wanted``."""
    rng = random.Random(seed)
    releases, packages, items = [], [], []
    span_days = 540
    first_day = TODAY - timedelta(days=360)
    number = 0
    while len(items) < items_wanted:
        release_id = f"rel-{number}"
        start = first_day + timedelta(days=rng.randrange(span_days))
        live = start + timedelta(days=rng.randint(30, 70))
        releases.append(
            dm.Release(
                id=release_id,
                key=f"R-{number}",
                name=f"Release {number}",
                release_type_id="minor",
                planned_start=start,
                planned_go_live=live,
            )
        )
        names = [f"Component {k}" for k in range(rng.randint(2, 4))]
        package_ids = []
        for name in names:
            package_ids.append(f"pkg-{number}-{name[-1]}")
            packages.append(dm.ReleasePackage(id=package_ids[-1], release_id=release_id, name=name))

        def add(name, kind, begin, end, package=None, environment=None, release_id=release_id):
            status = (
                ScheduleStatus.DONE
                if end < TODAY
                else ScheduleStatus.IN_PROGRESS
                if begin <= TODAY
                else ScheduleStatus.NOT_STARTED
            )
            items.append(
                dm.ScheduleItem(
                    id=f"sch-{len(items)}",
                    release_id=release_id,
                    name=name,
                    kind=kind,
                    planned_start=begin,
                    planned_end=end,
                    package_id=package,
                    environment_id=environment,
                    status=status,
                )
            )

        build_days = (live - start).days // 3
        add("Scope agreed", ScheduleKind.MILESTONE, start, start)
        for package_id, name in zip(package_ids, names, strict=True):
            add(
                f"Build: {name}",
                ScheduleKind.BUILD,
                start + timedelta(days=1),
                start + timedelta(days=build_days),
                package_id,
            )
            add(
                f"Integration test: {name}",
                ScheduleKind.TEST,
                start + timedelta(days=build_days + 2),
                start + timedelta(days=build_days + 8),
                package_id,
                "env-test",
            )
        day = start + timedelta(days=build_days + 9)
        for environment in ENVIRONMENTS:
            add(
                f"Deploy to {environment.name}",
                ScheduleKind.DEPLOYMENT,
                day,
                day,
                environment=environment.id,
            )
            day += timedelta(days=max(1, (live - day).days // 4))
        add("Go/no-go", ScheduleKind.MILESTONE, live - timedelta(days=1), live - timedelta(days=1))
        add("Go-live", ScheduleKind.MILESTONE, live, live)
        add(
            "Early-life support",
            ScheduleKind.EARLY_LIFE_SUPPORT,
            live + timedelta(days=1),
            live + timedelta(days=14),
        )
        add(
            "Post-release review",
            ScheduleKind.REVIEW,
            live + timedelta(days=10),
            live + timedelta(days=10),
        )
        number += 1
    return TimelineData(
        releases=releases, packages=packages, environments=ENVIRONMENTS, items=items[:items_wanted]
    )


def repaint_ms(view: TimelineView, image: QImage) -> float:
    """One full repaint: a fresh frame, rendered with every part of the view into ``image``."""
    started = time.perf_counter()
    view.invalidate()
    view.render(image)
    return (time.perf_counter() - started) * 1000


def make_view(data: TimelineData) -> TimelineView:
    document = TimelineDocument(None, lambda command: False, today=TODAY)
    document.set_data(data, LayoutOptions(expanded=None))
    view = TimelineView(document)
    view.resize(*SIZE)
    view.show()
    QApplication.processEvents()
    view.zoom_to_preset("week")
    view.jump_to_today()
    rows = len(document.layout.rows)
    view.scroll_to(view.state().left_day, rows // 2 * view.style_().row_height)
    return view


def measure_repaints(runs: int) -> dict[str, float]:
    small_plan, large_plan = synthetic_plan(1_000), synthetic_plan(100_000)
    small, large = make_view(small_plan), make_view(large_plan)
    image = QImage(small.size(), QImage.Format.Format_ARGB32_Premultiplied)
    for view in (small, large):  # warm caches (fonts, pens) as a running app has them
        for _ in range(3):
            repaint_ms(view, image)
    small_times, large_times = [], []
    for _ in range(runs):  # alternate, so drift on a busy machine hits both alike
        small_times.append(repaint_ms(small, image))
        large_times.append(repaint_ms(large, image))
    rows_large = len(large.document().layout.rows)
    large.zoom_to_fit()
    fit_first = repaint_ms(large, image)
    fit_times = [repaint_ms(large, image) for _ in range(runs)]
    # The busiest grouping: environment swimlanes whose summary rows hold 25,000 items each.
    large.document().set_options(LayoutOptions(group_by=GroupBy.ENVIRONMENT))
    large.zoom_to_fit()
    large.scroll_to(large.state().left_day, 0.0)  # the top: Dev and Test, the densest rows
    repaint_ms(large, image)
    environment_fit = [repaint_ms(large, image) for _ in range(runs)]
    return {
        "items_small": len(small_plan.items),
        "items_large": len(large_plan.items),
        "rows_large": rows_large,
        "repaint_1k_ms": statistics.median(small_times),
        "repaint_100k_ms": statistics.median(large_times),
        "fit_first_ms": fit_first,
        "fit_ms": statistics.median(fit_times),
        "fit_px_per_day": large.state().px_per_day,
        "environment_fit_ms": statistics.median(environment_fit),
    }


def build_demo_workspace(folder: Path) -> Path:
    db = folder / "demo100.sqlite"
    rplan = Path(sys.executable).with_name("rplan")
    command = [str(rplan), "demo", "--db", str(db), "--scale", "100", "--today", TODAY.isoformat()]
    subprocess.run(command, check=True, capture_output=True)
    return db


def measure_open(db: Path) -> dict[str, float]:
    from releaseplanner.storage.engine import open_workspace
    from releaseplanner.ui.timeline.timeline_window import TimelineWindow

    workspace = open_workspace(str(db))
    try:
        started = time.perf_counter()
        window = TimelineWindow(workspace, lambda command: False, today=TODAY)
        window.resize(*SIZE)
        window.show()
        loop = QEventLoop()
        window.document.loaded.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        window.view.viewport().repaint()  # the first paint with bars
        opened = (time.perf_counter() - started) * 1000
        bars = sum(1 for hit in window.view.frame().hits if hit.item_id)
        if not window.document.checks:
            loop = QEventLoop()
            window.document.checks_loaded.connect(loop.quit)
            QTimer.singleShot(60_000, loop.quit)
            loop.exec()
        checked = (time.perf_counter() - started) * 1000
        items = len(window.document.data.items)
        window.close()
    finally:
        workspace.close()
    return {"open_ms": opened, "checks_ms": checked, "open_items": items, "open_bars": bars}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="repaints per measurement")
    parser.add_argument("--demo-db", type=Path, help="an existing 'rplan demo --scale 100' file")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    apply_theme(app)
    repaint = measure_repaints(args.runs)
    for key, value in repaint.items():
        print(f"{key:>18}: {value:,.2f}" if isinstance(value, float) else f"{key:>18}: {value:,}")
    with tempfile.TemporaryDirectory() as folder:
        db = args.demo_db or build_demo_workspace(Path(folder))
        opening = measure_open(db)
    for key, value in opening.items():
        print(f"{key:>18}: {value:,.1f}")
    ratio = repaint["repaint_100k_ms"] / repaint["repaint_1k_ms"]
    result = {
        "ratio": round(ratio, 3),
        "target": TARGET_RATIO,
        "fit_ms": round(repaint["fit_ms"], 2),
        "fit_target": TARGET_FIT_MS,
        "open_ms": round(opening["open_ms"], 1),
        "open_target": TARGET_OPEN_MS,
        "fit_first_ms": round(repaint["fit_first_ms"], 2),
        "repaint_1k_ms": round(repaint["repaint_1k_ms"], 2),
        "repaint_100k_ms": round(repaint["repaint_100k_ms"], 2),
        "environment_fit_ms": round(repaint["environment_fit_ms"], 2),
        "checks_ms": round(opening["checks_ms"], 1),
        "items": [repaint["items_small"], repaint["items_large"]],
        "open_items": opening["open_items"],
    }
    print(json.dumps(result))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
