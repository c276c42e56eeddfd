"""Placeholder replaced by the demo generator."""
from releaseplanner.services.setup import ensure_reference_data

def build_demo(workspace, *, scale, seed, today):
    ensure_reference_data(workspace)
    return {"releases": 0}
