"""Export benchmark: the plan workbook against a bare openpyxl write-only loop of the same cells.

Not a pytest test. Run it as ``python tests/benchmarks/bench_export.py [--runs N] [--scale S]``.

A demo workspace (``--scale 100`` by default: about 1,000 releases and 23,000 schedule items) is
built in a temporary folder. One untimed export gives the workbook whose cells the bare loop
writes: every value of every sheet (the snapshot sheet included), read back and pickled. Then
each sample is a fresh process, the two variants alternating so drift in machine load hits both:

* ``export``: opens the workspace and times ``export_plan`` (reading the workspace, every sheet,
  styles, drop-downs, the snapshot, the atomic save);
* ``bare``: loads the pickled cells and times ``Workbook(write_only=True)``, one ``append`` per
  row, ``save``.

Time is the fastest sample of each variant (other processes' load only ever adds time; the
median ratio is printed too). Memory is each process's peak resident size (VmHWM from /proc,
else ``resource.getrusage``), interpreter and imports included, median over the samples.

The last line printed is one JSON object: ratio and target (time), memory_ratio and
memory_target, median_ratio, and the times.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from child_process import PEAK, run_child

TARGET_RATIO = 1.3
TARGET_MEMORY_RATIO = 1.5

BUILD = """
from datetime import date
from releaseplanner.services.demo import build_demo
from releaseplanner.storage.engine import open_workspace
workspace = open_workspace({db!r}, create=True)
build_demo(workspace, scale={scale}, seed=1, today=date(2026, 3, 2))
workspace.close()
"""

EXPORT = (
    PEAK
    + """
import json, time
from pathlib import Path
from releaseplanner.services.exchange import export_plan
from releaseplanner.storage.engine import open_workspace
workspace = open_workspace({db!r})
start = time.perf_counter()
export_plan(workspace, Path({out!r}))
seconds = time.perf_counter() - start
workspace.close()
print(json.dumps({{"seconds": seconds, "rss_kb": peak_kb()}}))
"""
)

BARE = (
    PEAK
    + """
import json, pickle, time
from openpyxl import Workbook
with open({cells!r}, "rb") as handle:
    sheets = pickle.load(handle)
start = time.perf_counter()
workbook = Workbook(write_only=True)
for title, rows in sheets:
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append(row)
workbook.save({out!r})
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "rss_kb": peak_kb()}}))
"""
)

PICKLE = """
import pickle
from openpyxl import load_workbook
book = load_workbook({path!r}, read_only=True)
sheets, cells = [], 0
for sheet in book.worksheets:
    sheet.reset_dimensions()  # every row as written, not padded to a declared size
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    cells += sum(1 for row in rows for value in row if value is not None)
    sheets.append((sheet.title, rows))
book.close()
with open({target!r}, "wb") as handle:
    pickle.dump(sheets, handle, protocol=pickle.HIGHEST_PROTOCOL)
print(cells)
"""


def pickle_cells(workbook_path: Path, target: Path) -> int:
    """Every sheet's rows as the export wrote them, pickled by a child process (so that this
    process stays small); returns the number of cells."""
    script = PICKLE.format(path=str(workbook_path), target=str(target))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"pickling the cells failed:\n{result.stderr.strip()}")
    return int(result.stdout.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="samples per variant (default 5)")
    parser.add_argument("--scale", type=int, default=100, help="demo scale (default 100)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rp-bench-export-") as temp:
        folder = Path(temp)
        db = str(folder / "demo.sqlite")
        print(f"building the scale-{args.scale} demo workspace ...", flush=True)
        subprocess.run([sys.executable, "-c", BUILD.format(db=db, scale=args.scale)], check=True)
        exported = folder / "plan.xlsx"
        run_child(EXPORT.format(db=db, out=str(exported)))  # warms caches, gives the cells
        cells_path = folder / "cells.pickle"
        cells = pickle_cells(exported, cells_path)
        size = exported.stat().st_size
        print(f"{cells} cells, workbook {size / 1e6:.1f} MB", flush=True)
        variants = {
            "export": EXPORT.format(db=db, out=str(folder / "export.xlsx")),
            "bare": BARE.format(cells=str(cells_path), out=str(folder / "bare.xlsx")),
        }
        samples: dict[str, list[dict]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, script in variants.items():
                samples[name].append(run_child(script))

    # The fastest sample is the cost itself; slower ones carry other processes' load on top.
    seconds = {n: min(s["seconds"] for s in v) for n, v in samples.items()}
    medians = {n: statistics.median(s["seconds"] for s in v) for n, v in samples.items()}
    rss = {n: statistics.median(s["rss_kb"] for s in v) for n, v in samples.items()}
    for name, values in samples.items():
        runs = " ".join(f"{s['seconds']:.2f}" for s in values)
        print(
            f"{name:7s} {seconds[name]:7.2f} s (fastest; runs {runs})   peak RSS "
            f"{rss[name] / 1024:6.1f} MB"
        )
    result = {
        "ratio": round(seconds["export"] / seconds["bare"], 3),
        "median_ratio": round(medians["export"] / medians["bare"], 3),
        "target": TARGET_RATIO,
        "memory_ratio": round(rss["export"] / rss["bare"], 3),
        "memory_target": TARGET_MEMORY_RATIO,
        "export_s": round(seconds["export"], 2),
        "bare_s": round(seconds["bare"], 2),
        "export_rss_mb": round(rss["export"] / 1024, 1),
        "bare_rss_mb": round(rss["bare"] / 1024, 1),
        "cells": cells,
        "scale": args.scale,
        "runs": args.runs,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
