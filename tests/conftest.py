"""Shared fixtures: real SQLite workspaces on disk, and the offscreen Qt platform for GUI tests."""

from __future__ import annotations

import os

# Before anything imports Qt: GUI tests render offscreen, with no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from datetime import date

import pytest

from releaseplanner.services.demo import build_demo
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import open_workspace


@pytest.fixture
def workspace_path(tmp_path):
    return tmp_path / "workspace.sqlite"


@pytest.fixture
def workspace(workspace_path):
    """A new, seeded SQLite workspace file in the test's temporary folder."""
    opened = open_workspace(str(workspace_path), create=True)
    ensure_reference_data(opened)
    yield opened
    opened.close()


#: The day the shared demo workspace is built around, so tests can name its releases' states.
DEMO_TODAY = date(2026, 11, 26)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """The scale-1 demo workspace (seed 1, today 2026-11-26), built once per test run.

    Never open it directly: tests change what they open, so use ``demo_workspace`` (a copy).
    """
    path = tmp_path_factory.mktemp("shared-demo") / "demo.sqlite"
    workspace = open_workspace(str(path), create=True)
    try:
        build_demo(workspace, scale=1, seed=1, today=DEMO_TODAY)
    finally:
        workspace.close()
    return path


@pytest.fixture
def demo_workspace(demo_file, tmp_path):
    """An open copy of the shared demo workspace, the test's own to change."""
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    opened = open_workspace(str(copy))
    yield opened
    opened.close()
