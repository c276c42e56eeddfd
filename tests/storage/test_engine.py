"""Opening workspaces: locations, pragmas, migrations, backups and refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from releaseplanner.domain.errors import WorkspaceError
from releaseplanner.storage.engine import (
    HEAD_REVISION,
    MIGRATIONS_DIR,
    current_revision,
    open_workspace,
    resolve_location,
)


def test_head_revision_constant_matches_the_migration_scripts():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_new_file_gets_the_schema_and_alembic_version(workspace_path):
    workspace = open_workspace(str(workspace_path), create=True)
    workspace.close()
    with sqlite3.connect(workspace_path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert {
        "alembic_version",
        "releases",
        "release_packages",
        "schedule_items",
        "journal",
    } <= tables
    assert version == HEAD_REVISION


def test_connections_use_foreign_keys_and_wal(workspace):
    with workspace.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(WorkspaceError, match="folder .*nowhere does not exist"):
        open_workspace(str(tmp_path / "nowhere" / "x.sqlite"), create=True)


def test_missing_file_is_not_created_unless_asked(tmp_path):
    with pytest.raises(WorkspaceError, match="no workspace at .*rplan init"):
        open_workspace(str(tmp_path / "absent.sqlite"))
    assert not (tmp_path / "absent.sqlite").exists()


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("these are my notes, not a database")
    with pytest.raises(WorkspaceError, match="not a SQLite database"):
        open_workspace(str(bogus))
    assert bogus.read_text() == "these are my notes, not a database"


def test_a_foreign_sqlite_database_is_not_taken_over(tmp_path):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(WorkspaceError, match="not a Release Planner workspace"):
        open_workspace(str(other))
    with sqlite3.connect(other) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert tables == {"invoices"}


def test_a_newer_schema_is_refused_without_changes(workspace_path):
    open_workspace(str(workspace_path), create=True).close()
    with sqlite3.connect(workspace_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(WorkspaceError, match="newer Release Planner"):
        open_workspace(str(workspace_path))


def test_an_unknown_revision_is_refused_and_left_alone(workspace_path):
    open_workspace(str(workspace_path), create=True).close()
    with sqlite3.connect(workspace_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000_unknown'")
    with pytest.raises(WorkspaceError, match="schema 0000_unknown"):
        open_workspace(str(workspace_path))
    assert not list(workspace_path.parent.glob("*.bak"))


def test_a_workspace_behind_the_head_is_backed_up_before_migrating(workspace_path, monkeypatch):
    open_workspace(str(workspace_path), create=True).close()
    with sqlite3.connect(workspace_path) as connection:
        connection.execute("INSERT INTO teams (id, name, description) VALUES ('team-1', 'Ops', '')")
    # Pretend this program knows a newer head, so the file on disk (0001) is behind it; the
    # real upgrade then runs (a no-op at 0001) after the backup is taken.
    monkeypatch.setattr("releaseplanner.storage.engine.HEAD_REVISION", "0002_next")
    open_workspace(str(workspace_path)).close()
    backup = Path(f"{workspace_path}.0001_initial.bak")
    assert backup.exists()
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT name FROM teams").fetchall() == [("Ops",)]


def test_resolve_location_accepts_paths_and_urls(tmp_path):
    by_path = resolve_location(str(tmp_path / "a.sqlite"))
    assert by_path.url == f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert by_path.path == tmp_path / "a.sqlite"
    by_url = resolve_location("postgresql+psycopg://planner:secret@127.0.0.1/plans")
    assert by_url.path is None
    assert "secret" not in by_url.display_name


def test_a_malformed_url_is_a_user_error():
    with pytest.raises(WorkspaceError, match="not a valid database URL"):
        resolve_location("nonsense://::::")


def test_current_revision_of_an_empty_database_is_none(tmp_path):
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    assert current_revision(engine) is None
