"""Typed settings: the recent-workspace list and remembered window state."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QByteArray, QSettings

from releaseplanner.ui.settings import SETTINGS_VERSION, AppSettings


def reopen(tmp_path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def test_new_settings_are_empty_and_versioned(settings):
    assert settings.recent_workspaces == []
    assert settings.window_geometry is None
    assert settings.version == SETTINGS_VERSION


def test_recent_workspaces_are_newest_first_without_duplicates(settings):
    for db in ("a.sqlite", "b.sqlite", "a.sqlite"):
        settings.add_recent_workspace(db)

    assert settings.recent_workspaces == ["a.sqlite", "b.sqlite"]


def test_recent_workspaces_keep_at_most_eight(settings):
    for number in range(12):
        settings.add_recent_workspace(f"w{number}.sqlite")

    assert settings.recent_workspaces == [f"w{n}.sqlite" for n in range(11, 3, -1)]


def test_a_single_recent_workspace_survives_a_round_trip(settings, tmp_path):
    # INI files store a one-item list as a plain string; reading must still give a list.
    settings.add_recent_workspace("/data/only.sqlite")
    settings.sync()

    assert reopen(tmp_path).recent_workspaces == ["/data/only.sqlite"]


def test_recent_workspaces_can_be_removed_and_cleared(settings):
    settings.add_recent_workspace("a.sqlite")
    settings.add_recent_workspace("b.sqlite")

    settings.remove_recent_workspace("a.sqlite")
    assert settings.recent_workspaces == ["b.sqlite"]
    settings.clear_recent_workspaces()
    assert settings.recent_workspaces == []


def test_window_state_round_trips(settings, tmp_path):
    settings.window_geometry = QByteArray(b"geometry")
    settings.splitter_state = QByteArray(b"splitter")
    settings.sync()

    reopened = reopen(tmp_path)
    assert bytes(reopened.window_geometry) == b"geometry"
    assert bytes(reopened.splitter_state) == b"splitter"
    assert reopened.window_state is None
