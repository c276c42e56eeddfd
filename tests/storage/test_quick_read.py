"""The start-up quick read: the services' portfolio rows, read with sqlite3 alone."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from releaseplanner.services.demo import build_demo
from releaseplanner.services.portfolio import (
    create_release,
    list_packages,
    list_releases,
    ticket_refs_by_package,
    workspace_counts,
)
from releaseplanner.storage.engine import open_workspace
from releaseplanner.storage.quick_read import read_portfolio
from releaseplanner.storage.revision import HEAD_REVISION


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    """The scale-1 demo plus an undated release (sorted last), built once."""
    path = tmp_path_factory.mktemp("quick") / "demo.sqlite"
    workspace = open_workspace(str(path), create=True)
    try:
        build_demo(workspace, scale=1, seed=1, today=date(2026, 3, 10))
        create_release(workspace, key="ZZ-1", name="Undated", type_key="minor")
    finally:
        workspace.close()
    return path


def test_the_rows_equal_the_services_rows_on_the_demo(demo_path):
    rows = read_portfolio(demo_path)

    workspace = open_workspace(str(demo_path))
    try:
        assert rows is not None
        assert rows.releases == tuple(list_releases(workspace))
        assert rows.packages == tuple(list_packages(workspace))
        assert rows.counts == workspace_counts(workspace)
        assert list(rows.counts) == list(workspace_counts(workspace))
        assert rows.ticket_refs == ticket_refs_by_package(workspace)
    finally:
        workspace.close()
    assert rows.releases[-1].key == "ZZ-1"
    assert rows.counts["releases"] > 5 and rows.counts["packages"] > 10


def test_the_file_is_left_unchanged(demo_path):
    before = demo_path.read_bytes()

    read_portfolio(demo_path)

    assert demo_path.read_bytes() == before


def test_a_file_not_at_the_current_schema_gives_none(demo_path, tmp_path):
    older = tmp_path / "older.sqlite"
    older.write_bytes(demo_path.read_bytes())
    with sqlite3.connect(older) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000_older'")
    connection.close()

    assert read_portfolio(older) is None
    assert HEAD_REVISION != "0000_older"


def test_missing_empty_foreign_and_non_sqlite_files_give_none(tmp_path):
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.close()
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    text = tmp_path / "notes.txt"
    text.write_text("not a database")

    assert read_portfolio(tmp_path / "missing.sqlite") is None
    assert not (tmp_path / "missing.sqlite").exists()
    assert read_portfolio(foreign) is None
    assert read_portfolio(empty) is None
    assert read_portfolio(text) is None
    assert read_portfolio(tmp_path) is None
