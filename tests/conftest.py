"""Shared fixtures: real SQLite workspaces on disk, and the offscreen Qt platform for GUI tests."""

from __future__ import annotations

import os

# Before anything imports Qt: GUI tests render offscreen, with no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

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
