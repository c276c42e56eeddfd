"""Opening a workspace database: URL resolution, SQLite pragmas, migrations on open.

A workspace is a SQLite file (the default, one person on a laptop) or any SQLAlchemy URL (a
shared PostgreSQL database for a team). Opening one brings its schema to the current revision,
after copying an existing SQLite file aside so a failed or unwanted upgrade can be undone by hand.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from releaseplanner.domain.errors import WorkspaceError
from releaseplanner.storage.location import WorkspaceLocation, check_sqlite_path, resolve_location

# HEAD_REVISION is compared on open so that an up-to-date workspace never imports Alembic (it
# slows start-up); it lives in ``revision`` so that ``quick_read`` can check it without SQLAlchemy.
from releaseplanner.storage.revision import HEAD_REVISION

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the GUI read while the CLI or an import writes; NORMAL sync is safe under WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_workspace_engine(location: WorkspaceLocation) -> Engine:
    """Return an engine for ``location`` with the workspace's connection settings."""
    if location.path is not None:
        engine = create_engine(location.url)
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        return engine
    return create_engine(location.url, pool_pre_ping=True)


def current_revision(engine: Engine) -> str | None:
    """Return the schema revision stored in the database, or None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_sqlite_file(path: Path) -> Path:
    """Copy a SQLite workspace aside (consistently, WAL included) before migrating it.

    Returns the backup's path: ``<name>.<revision or 'unversioned'>.bak`` next to the file.
    """
    source = sqlite3.connect(path)
    try:
        revision = None
        # An unversioned file has no alembic_version table yet.
        with contextlib.suppress(sqlite3.DatabaseError):
            revision = source.execute("SELECT version_num FROM alembic_version").fetchone()
        suffix = revision[0] if revision else "unversioned"
        target_path = path.with_name(f"{path.name}.{suffix}.bak")
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return target_path


def upgrade_schema(engine: Engine) -> None:
    """Apply every pending Alembic migration to ``engine``'s database."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Workspace:
    """An open workspace: the engine and the one session factory every use case draws from."""

    def __init__(self, location: WorkspaceLocation, engine: Engine) -> None:
        self.location = location
        self.engine = engine
        # expire_on_commit=False: records leave the session as plain values, never lazy loaders.
        self.session_factory: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)

    @property
    def display_name(self) -> str:
        return self.location.display_name

    def close(self) -> None:
        self.engine.dispose()


def open_workspace(db: str, *, create: bool = False) -> Workspace:
    """Open the workspace at ``db`` and bring its schema up to date.

    Args:
        db: a SQLite file path or a SQLAlchemy URL.
        create: make a new SQLite file when none exists; otherwise a missing file is an error.

    Raises:
        WorkspaceError: the folder or file is missing, the file is not a workspace, the server
            cannot be reached, or the schema is newer than this program understands.
    """
    location = resolve_location(db)
    if location.path is not None:
        check_sqlite_path(location.path, create=create)
    engine = create_workspace_engine(location)
    try:
        revision = current_revision(engine)
        if revision != HEAD_REVISION:
            if revision is not None and not _is_known_revision(revision):
                raise WorkspaceError(
                    f"{location.display_name}: the workspace was written by a newer Release "
                    f"Planner (schema {revision}); update the program to open it"
                )
            if location.path is not None and revision is not None:
                backup_sqlite_file(location.path)
            elif revision is None and _has_foreign_tables(engine):
                raise WorkspaceError(
                    f"{location.display_name}: the database holds other tables and is not a "
                    "Release Planner workspace"
                )
            upgrade_schema(engine)
    except (sqlite3.DatabaseError, OperationalError, SQLAlchemyError) as exc:
        engine.dispose()
        raise WorkspaceError(
            f"{location.display_name}: cannot open the workspace ({_first_line(exc)})"
        ) from None
    except WorkspaceError:
        engine.dispose()
        raise
    return Workspace(location, engine)


def _is_known_revision(revision: str) -> bool:
    return any(MIGRATIONS_DIR.joinpath("versions").glob(f"{revision}.py"))


def _has_foreign_tables(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def _first_line(exc: BaseException) -> str:
    message = str(getattr(exc, "orig", None) or exc)
    return message.strip().splitlines()[0] if message.strip() else type(exc).__name__
