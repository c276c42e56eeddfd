"""The portfolio rows of a SQLite workspace, read with the standard library alone.

The GUI paints the workspace's releases and packages at its first paint with these rows, while
SQLAlchemy, the ORM mapping and the services (about 300 ms of imports) are still to come. The
rows are the very ones ``services.portfolio`` returns (a test compares them on the demo), read
by plain SQL from a file opened read-only. Only a file at this program's schema revision is
read: anything else (an older file to upgrade, a newer one, a server URL, a damaged file) gets
None, and the caller opens the workspace the normal way, which says what is wrong.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from releaseplanner.domain.enums import PackageStatus, ReleaseStatus
from releaseplanner.domain.summaries import PackageSummary, ReleaseSummary
from releaseplanner.storage.revision import HEAD_REVISION


@dataclass(frozen=True, slots=True)
class PortfolioRows:
    """What the portfolio view shows of a workspace, in the services' order and shape."""

    releases: tuple[ReleaseSummary, ...]
    packages: tuple[PackageSummary, ...]
    #: As ``services.portfolio.workspace_counts``.
    counts: Mapping[str, int] = field(default_factory=dict)
    #: As ``services.portfolio.ticket_refs_by_package``.
    ticket_refs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def read_portfolio(path: Path) -> PortfolioRows | None:
    """Read the portfolio rows of the SQLite workspace at ``path`` without changing the file.

    Returns None when ``path`` is not a file, not a SQLite database, not at ``HEAD_REVISION``,
    or cannot be read for any other reason; never raises for a bad file.
    """
    if not path.is_file():
        return None
    try:
        # mode=ro never creates or writes the file; a missing one fails instead of appearing.
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        # One read transaction, so the rows and counts agree even while the CLI writes.
        connection.isolation_level = None
        connection.execute("BEGIN")
        if _revision(connection) != HEAD_REVISION:
            return None
        return _read_rows(connection)
    except (sqlite3.Error, ValueError):
        # ValueError: a value the domain does not know (a bad status or date); let the normal
        # open deal with such a file.
        return None
    finally:
        connection.close()


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _names(connection: sqlite3.Connection, table: str, column: str = "name") -> dict[str, str]:
    return dict(connection.execute(f"SELECT id, {column} FROM {table}"))


def _counts_by(connection: sqlite3.Connection, table: str, column: str) -> dict[str, int]:
    statement = f"SELECT {column}, count(*) FROM {table} GROUP BY {column}"
    return dict(connection.execute(statement))


def _count(connection: sqlite3.Connection, table: str) -> int:
    return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _date(value: str | None) -> date | None:
    # SQLAlchemy stores a Date in SQLite as ISO text.
    return None if value is None else date.fromisoformat(value)


def _read_rows(connection: sqlite3.Connection) -> PortfolioRows:
    types = _names(connection, "release_types", "key")
    people = _names(connection, "people")
    teams = _names(connection, "teams")
    package_counts = _counts_by(connection, "release_packages", "release_id")
    releases = [
        ReleaseSummary(
            id=release_id,
            key=key,
            name=name,
            type=types.get(type_id, ""),
            status=ReleaseStatus(status),
            owner=people.get(owner_id or "", ""),
            team=teams.get(team_id or "", ""),
            planned_start=_date(planned_start),
            planned_go_live=_date(planned_go_live),
            actual_go_live=_date(actual_go_live),
            package_count=package_counts.get(release_id, 0),
            description=description,
        )
        for (
            release_id,
            key,
            name,
            type_id,
            status,
            owner_id,
            team_id,
            planned_start,
            planned_go_live,
            actual_go_live,
            description,
        ) in connection.execute(
            "SELECT id, key, name, release_type_id, status, owner_id, team_id, planned_start,"
            " planned_go_live, actual_go_live, description FROM releases"
        )
    ]
    # The services' order, sorted the same way in Python (SQL collation could differ).
    releases.sort(key=lambda r: (r.planned_go_live is None, r.planned_go_live or 0, r.key))

    release_keys = {r.id: r.key for r in releases}
    component_counts = _counts_by(connection, "package_components", "package_id")
    change_counts = _counts_by(connection, "change_items", "package_id")
    packages = [
        PackageSummary(
            id=package_id,
            release_id=release_id,
            release_key=release_keys.get(release_id, ""),
            name=name,
            status=PackageStatus(status),
            team=teams.get(team_id or "", ""),
            owner=people.get(owner_id or "", ""),
            component_count=component_counts.get(package_id, 0),
            change_count=change_counts.get(package_id, 0),
            description=description,
        )
        for package_id, release_id, name, status, team_id, owner_id, description in (
            connection.execute(
                "SELECT id, release_id, name, status, team_id, owner_id, description"
                " FROM release_packages"
            )
        )
    ]
    # Two stable sorts, as Store.packages and then list_packages do: ties keep the first order.
    packages.sort(key=lambda p: (p.release_id, p.name.lower()))
    packages.sort(key=lambda p: (p.release_key, p.name.lower()))

    refs: dict[str, list[str]] = {}
    for package_id, ticket_ref in connection.execute(
        "SELECT package_id, ticket_ref FROM change_items"
    ):
        refs.setdefault(package_id, []).append(ticket_ref)
    counts = {
        "releases": len(releases),
        "packages": len(packages),
        "schedule_items": _count(connection, "schedule_items"),
        "risks": _count(connection, "risks"),
    }
    return PortfolioRows(
        releases=tuple(releases),
        packages=tuple(packages),
        counts=counts,
        ticket_refs={package_id: tuple(sorted(found)) for package_id, found in refs.items()},
    )
