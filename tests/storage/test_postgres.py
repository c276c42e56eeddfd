"""The same workspace on a real PostgreSQL server (a shared team workspace).

Runs when RELEASEPLANNER_TEST_PG_URL names a server (``.ci/run`` starts one on 127.0.0.1);
each test gets a fresh database of its own.
"""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest

from releaseplanner.domain import model as dm
from releaseplanner.services.portfolio import create_release, list_releases
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import HEAD_REVISION, current_revision, open_workspace

pytestmark = pytest.mark.postgres

SERVER_URL = os.environ.get("RELEASEPLANNER_TEST_PG_URL")


@pytest.fixture
def pg_workspace():
    if not SERVER_URL:
        pytest.skip("RELEASEPLANNER_TEST_PG_URL is not set (.ci/run sets it)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"rp_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    workspace = open_workspace(url)
    yield workspace
    workspace.close()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_run_on_postgres(pg_workspace):
    assert current_revision(pg_workspace.engine) == HEAD_REVISION
    assert pg_workspace.location.path is None


def test_releases_and_journal_on_postgres(pg_workspace):
    ensure_reference_data(pg_workspace)
    create_release(
        pg_workspace,
        key="PAY-4.2",
        name="Payments 4.2",
        type_key="minor",
        planned_start=date(2026, 10, 1),
        planned_go_live=date(2026, 12, 1),
    )
    (row,) = list_releases(pg_workspace)
    assert (row.key, row.type, row.planned_go_live) == ("PAY-4.2", "minor", date(2026, 12, 1))


def test_the_journal_is_append_only_on_postgres(pg_workspace):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    ensure_reference_data(pg_workspace)
    create_release(pg_workspace, key="ID-2.0", name="Identity 2.0", type_key="major")
    with pytest.raises(DBAPIError, match="append-only"), pg_workspace.engine.begin() as c:
        c.execute(text("DELETE FROM journal"))
    with pg_workspace.session_factory() as session:
        from releaseplanner.storage.store import Store

        assert Store(session).count(dm.JournalEntry) == 1
