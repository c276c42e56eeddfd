"""What the spreadsheet benchmarks share: measuring in a fresh child process.

Each sample runs in its own interpreter so that one variant's imports, caches and memory never
flatter the next; the child prints one JSON object as its last line.
"""

from __future__ import annotations

import json
import subprocess
import sys

# Peak resident size of the child alone: /proc's VmHWM starts afresh at exec, whereas
# getrusage's ru_maxrss would report the parent's peak if it were higher.
PEAK = """
def peak_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""


def run_child(script: str) -> dict:
    """Run ``script`` in a new interpreter and return the JSON object it printed last."""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{result.stderr.strip()}")
    return json.loads(result.stdout.strip().splitlines()[-1])
