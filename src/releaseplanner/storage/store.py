"""Reads and writes of domain records inside one session; the only place that builds SQL.

A :class:`Store` wraps a session that a service opened with ``factory.begin()``: everything a
use case does through it commits or rolls back together. It takes and returns domain records
(frozen dataclasses), never ORM rows, so nothing above storage can trigger a hidden query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from releaseplanner.domain import model as dm
from releaseplanner.domain.errors import NotFoundError, ValidationError
from releaseplanner.storage import orm

R = TypeVar("R")

# Parents before children, so bulk inserts satisfy foreign keys whatever order records came in.
INSERT_ORDER: tuple[type, ...] = (
    dm.Team,
    dm.Person,
    dm.ReleaseType,
    dm.PolicyRule,
    dm.Environment,
    dm.Component,
    dm.Release,
    dm.ReleasePackage,
    dm.PackageComponent,
    dm.ChangeItem,
    dm.ScheduleItem,
    dm.Dependency,
    dm.FreezeWindow,
    dm.Risk,
    dm.RiskSnapshot,
    dm.BuildRun,
    dm.TestRun,
    dm.Approval,
    dm.Deployment,
    dm.Incident,
    dm.ElsCriterion,
    dm.Review,
    dm.ReviewAction,
    dm.Baseline,
    dm.BaselineItem,
    dm.JournalEntry,
)


def record_values(record: Any) -> dict[str, Any]:
    """Return a record's fields as a column → value dict."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def table_for(record_type: type) -> type[orm.Base]:
    return orm.TABLE_FOR_RECORD[record_type]


def _to_record(record_type: type[R], row: Any) -> R:
    return record_type(**{f.name: getattr(row, f.name) for f in fields(record_type)})  # type: ignore[arg-type]


@contextmanager
def _integrity_as_validation(record_type: type) -> Iterator[None]:
    """A constraint the database enforces (unique key, missing parent) is a user's mistake: say
    so as a ValidationError; the caller's transaction is rolled back as the error leaves it."""
    try:
        yield
    except IntegrityError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else "constraint failed"
        raise ValidationError(f"{record_type.__name__}: {detail}") from None


class Store:
    """Domain-record access over one open session (see the module docstring)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- generic reads -------------------------------------------------------------------------
    def all(self, record_type: type[R], **where: Any) -> list[R]:
        """Return every record of ``record_type`` whose columns equal ``where``."""
        table = table_for(record_type).__table__
        statement = select(*(table.c[f.name] for f in fields(record_type)))
        for column, value in where.items():
            statement = statement.where(table.c[column] == value)
        return [_to_record(record_type, row) for row in self.session.execute(statement)]

    def get(self, record_type: type[R], record_id: str) -> R:
        """Return one record by id.

        Raises:
            NotFoundError: no such record.
        """
        found = self.all(record_type, id=record_id)
        if not found:
            raise NotFoundError(f"no {record_type.__name__} with id '{record_id}'")
        return found[0]

    def count(self, record_type: type) -> int:
        table = table_for(record_type).__table__
        return self.session.execute(select(func.count()).select_from(table)).scalar_one()

    # -- generic writes ------------------------------------------------------------------------
    def add(self, record: Any) -> None:
        """Insert one record."""
        self.add_all([record])

    def add_all(self, records: Iterable[Any]) -> None:
        """Insert many records with executemany, parents first (fast enough for the demo at
        scale 100: one INSERT statement per table)."""
        by_type: dict[type, list[dict[str, Any]]] = defaultdict(list)
        for record in records:
            values = record_values(record)
            if isinstance(record, dm.JournalEntry) and values["id"] is None:
                del values["id"]
            by_type[type(record)].append(values)
        for record_type in INSERT_ORDER:
            rows = by_type.pop(record_type, None)
            if rows:
                with _integrity_as_validation(record_type):
                    self.session.execute(insert(table_for(record_type)), rows)
        if by_type:
            raise TypeError(f"not storable: {sorted(t.__name__ for t in by_type)}")

    def update(self, record_type: type, record_id: str, changes: dict[str, Any]) -> None:
        """Set ``changes`` on one record and bump its row version.

        Raises:
            NotFoundError: no such record.
        """
        table = table_for(record_type).__table__
        values = dict(changes)
        if "row_version" in table.c:
            values["row_version"] = table.c.row_version + 1
        with _integrity_as_validation(record_type):
            result = self.session.execute(
                update(table).where(table.c.id == record_id).values(values)
            )
        if result.rowcount == 0:
            raise NotFoundError(f"no {record_type.__name__} with id '{record_id}'")

    def delete(self, record_type: type, record_id: str) -> None:
        """Delete one record; children go with it through ON DELETE CASCADE."""
        table = table_for(record_type).__table__
        self.session.execute(delete(table).where(table.c.id == record_id))

    # -- domain queries ------------------------------------------------------------------------
    def release_by_key(self, key: str) -> dm.Release:
        """Return the release with ``key`` (case-insensitive).

        Raises:
            NotFoundError: naming the key.
        """
        table = orm.ReleaseRow.__table__
        row = self.session.execute(
            select(table.c.id).where(func.lower(table.c.key) == key.strip().lower())
        ).first()
        if row is None:
            raise NotFoundError(f"--release: no release with key '{key}'")
        return self.get(dm.Release, row.id)

    def releases(self) -> list[dm.Release]:
        """Every release, by planned go-live (undated last), then key."""
        return sorted(
            self.all(dm.Release),
            key=lambda r: (r.planned_go_live is None, r.planned_go_live or 0, r.key),
        )

    def packages(self, release_ids: Sequence[str] | None = None) -> list[dm.ReleasePackage]:
        """Packages of the given releases (all when None), by name."""
        packages = self.all(dm.ReleasePackage)
        if release_ids is not None:
            wanted = set(release_ids)
            packages = [p for p in packages if p.release_id in wanted]
        return sorted(packages, key=lambda p: (p.release_id, p.name.lower()))

    def names(self, record_type: type, attribute: str = "name") -> dict[str, str]:
        """Map id → display name for a small lookup table (teams, people, types...)."""
        table = table_for(record_type).__table__
        statement = select(table.c.id, table.c[attribute])
        return {row[0]: row[1] for row in self.session.execute(statement)}

    def counts_by(self, record_type: type, column: str) -> dict[str, int]:
        """Count records of ``record_type`` grouped by ``column`` (e.g. packages per release)."""
        table = table_for(record_type).__table__
        statement = select(table.c[column], func.count()).group_by(table.c[column])
        return {row[0]: row[1] for row in self.session.execute(statement)}

    def journal(
        self,
        release_id: str | None = None,
        limit: int | None = None,
        *,
        entity: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        before_id: int | None = None,
    ) -> list[dm.JournalEntry]:
        """Journal entries, newest first, filtered by release, entity kind and time (UTC).

        ``before_id`` pages through a long journal: only entries older than that id come back.
        """
        table = orm.JournalRow.__table__
        statement = select(*(table.c[f.name] for f in fields(dm.JournalEntry)))
        if release_id is not None:
            statement = statement.where(table.c.release_id == release_id)
        if entity is not None:
            statement = statement.where(table.c.entity == entity)
        if since is not None:
            statement = statement.where(table.c.at >= since)
        if until is not None:
            statement = statement.where(table.c.at < until)
        if before_id is not None:
            statement = statement.where(table.c.id < before_id)
        statement = statement.order_by(table.c.id.desc())
        if limit is not None:
            statement = statement.limit(limit)
        return [_to_record(dm.JournalEntry, row) for row in self.session.execute(statement)]


class Subtree:
    """A record and everything that hangs off it, captured before a delete so undo can restore it.

    ``records`` are the rows that ON DELETE CASCADE removes (parents first); ``links`` are the
    (record type, id, column, value) references that ON DELETE SET NULL clears, to be put back.
    """

    def __init__(self, records: list[Any], links: list[tuple[type, str, str, str]]) -> None:
        self.records = records
        self.links = links


def _referencing_columns() -> dict[str, list[tuple[Any, Any, str]]]:
    """Map table name → [(child table, child column, ondelete)] from the schema's foreign keys."""
    found: dict[str, list[tuple[Any, Any, str]]] = defaultdict(list)
    for table in orm.Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            found[fk.column.table.name].append((table, fk.parent, (fk.ondelete or "").upper()))
    return found


_RECORD_FOR_TABLE = {cls.__tablename__: record for record, cls in orm.TABLE_FOR_RECORD.items()}


def capture_subtree(store: Store, record_type: type, record_id: str) -> Subtree:
    """Collect ``record_id`` and, following the schema's foreign keys, every row a delete of it
    would cascade to or unlink. Raises NotFoundError for an unknown id."""
    referencing = _referencing_columns()
    records: list[Any] = []
    links: list[tuple[type, str, str, str]] = []
    seen: set[tuple[type, str]] = set()
    queue: list[tuple[type, str]] = [(record_type, record_id)]
    records.append(store.get(record_type, record_id))
    seen.add((record_type, record_id))
    while queue:
        parent_type, parent_id = queue.pop(0)
        parent_table = table_for(parent_type).__tablename__
        for child_table, column, ondelete in referencing.get(parent_table, []):
            child_type = _RECORD_FOR_TABLE[child_table.name]
            for child in store.all(child_type, **{column.name: parent_id}):
                if ondelete == "CASCADE":
                    if (child_type, child.id) not in seen:
                        seen.add((child_type, child.id))
                        records.append(child)
                        queue.append((child_type, child.id))
                elif ondelete == "SET NULL":
                    links.append((child_type, child.id, column.name, parent_id))
    # A SET NULL link from a row that is itself deleted needs no restoring.
    links = [link for link in links if (link[0], link[1]) not in seen]
    return Subtree(records, links)


def restore_subtree(store: Store, subtree: Subtree) -> None:
    """Re-insert a captured subtree with the same ids and re-link what the delete unlinked."""
    store.add_all(subtree.records)
    for record_type, record_id, column, value in subtree.links:
        table = table_for(record_type).__table__
        store.session.execute(update(table).where(table.c.id == record_id).values({column: value}))
