"""Import benchmark: validating and previewing the merge of a plan workbook, against a bare
openpyxl read-only pass over the same workbook.

Not a pytest test. Run it as ``python tests/benchmarks/bench_import.py [--runs N] [--scale S]``.

A demo workspace (``--scale 100`` by default) is built in a temporary folder and its plan is
exported once. Each sample is a fresh process, the variants alternating:

* ``import``: opens the workspace and times ``preview_import``: the file checks, reading every
  sheet in read-only mode, checking every cell against the schema, reading the snapshot, reading
  the workspace and planning the three-way merge;
* ``bare``: times ``load_workbook(read_only=True, data_only=True)`` and iterating every row of
  every sheet with ``values_only=True``.

Time is the fastest sample of each variant (other processes' load only ever adds time; the
median ratio is printed too). The last line printed is one JSON object with ratio, target,
median_ratio and the times.
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

TARGET_RATIO = 2.0

BUILD = """
from datetime import date
from pathlib import Path
from releaseplanner.services.demo import build_demo
from releaseplanner.services.exchange import export_plan
from releaseplanner.storage.engine import open_workspace
workspace = open_workspace({db!r}, create=True)
build_demo(workspace, scale={scale}, seed=1, today=date(2026, 3, 2))
export_plan(workspace, Path({out!r}))
workspace.close()
"""

IMPORT = (
    PEAK
    + """
import json, time
from pathlib import Path
from releaseplanner.services.exchange import preview_import
from releaseplanner.storage.engine import open_workspace
workspace = open_workspace({db!r})
start = time.perf_counter()
plan = preview_import(workspace, Path({path!r}))
seconds = time.perf_counter() - start
workspace.close()
assert not plan.problems and not plan.items, "the unchanged export must preview as no change"
print(json.dumps({{"seconds": seconds, "rows": plan.unchanged, "rss_kb": peak_kb()}}))
"""
)

BARE = (
    PEAK
    + """
import json, time
from openpyxl import load_workbook
start = time.perf_counter()
book = load_workbook({path!r}, read_only=True, data_only=True)
cells = 0
for sheet in book.worksheets:
    for row in sheet.iter_rows(values_only=True):
        cells += len(row)
book.close()
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "cells": cells, "rss_kb": peak_kb()}}))
"""
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="samples per variant (default 5)")
    parser.add_argument("--scale", type=int, default=100, help="demo scale (default 100)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rp-bench-import-") as temp:
        folder = Path(temp)
        db, path = str(folder / "demo.sqlite"), str(folder / "plan.xlsx")
        print(f"building the scale-{args.scale} demo workspace and its plan ...", flush=True)
        script = BUILD.format(db=db, scale=args.scale, out=path)
        subprocess.run([sys.executable, "-c", script], check=True)
        print(f"workbook {Path(path).stat().st_size / 1e6:.1f} MB", flush=True)
        variants = {"import": IMPORT.format(db=db, path=path), "bare": BARE.format(path=path)}
        run_child(variants["bare"])  # warms the page cache and the .pyc files
        samples: dict[str, list[dict]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, child in variants.items():
                samples[name].append(run_child(child))

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
        "ratio": round(seconds["import"] / seconds["bare"], 3),
        "median_ratio": round(medians["import"] / medians["bare"], 3),
        "target": TARGET_RATIO,
        "import_s": round(seconds["import"], 2),
        "bare_s": round(seconds["bare"], 2),
        "import_rss_mb": round(rss["import"] / 1024, 1),
        "bare_rss_mb": round(rss["bare"] / 1024, 1),
        "rows": samples["import"][0]["rows"],
        "cells_read": samples["bare"][0]["cells"],
        "scale": args.scale,
        "runs": args.runs,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
