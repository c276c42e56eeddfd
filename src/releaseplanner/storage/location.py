"""Where a workspace lives, and the checks of a file path that need no database library.

Kept apart from ``engine`` (and importing SQLAlchemy only to parse URLs) so the GUI can report a
mistyped ``--db`` before it pays for importing the database layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from releaseplanner.domain.errors import WorkspaceError


@dataclass(frozen=True)
class WorkspaceLocation:
    """Where a workspace lives: a SQLAlchemy URL and, for SQLite, the file path."""

    url: str
    path: Path | None

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return str(self.path)
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)


def resolve_location(db: str) -> WorkspaceLocation:
    """Turn a ``--db`` argument (a file path or a SQLAlchemy URL) into a location.

    Raises:
        WorkspaceError: the URL cannot be parsed.
    """
    if "://" in db:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(db)
        except (ArgumentError, ValueError) as exc:
            raise WorkspaceError(f"--db: '{db}' is not a valid database URL ({exc})") from None
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return WorkspaceLocation(db, Path(url.database).expanduser().absolute())
        return WorkspaceLocation(db, None)
    path = Path(db).expanduser().absolute()
    return WorkspaceLocation(f"sqlite:///{path}", path)


def check_sqlite_path(path: Path, *, create: bool) -> None:
    """Check a workspace file path before opening it.

    Raises:
        WorkspaceError: the path is a folder, its folder is missing, the file is missing (unless
            ``create``), or the file is not a SQLite database.
    """
    if path.is_dir():
        raise WorkspaceError(f"--db: {path} is a folder, not a workspace file")
    if not path.parent.is_dir():
        raise WorkspaceError(f"--db: cannot open {path}: the folder {path.parent} does not exist")
    if not path.exists() and not create:
        raise WorkspaceError(
            f"--db: no workspace at {path}; create one with 'rplan init --db {path}'"
        )
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise WorkspaceError(f"--db: {path} is not a SQLite database")
