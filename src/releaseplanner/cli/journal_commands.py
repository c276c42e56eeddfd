"""``rplan list journal``: the activity journal, newest first."""

from __future__ import annotations

import argparse

from releaseplanner.cli.common import add_db_argument, db_of, iso_date
from releaseplanner.cli.output import FORMATS, emit
from releaseplanner.services.journal import list_journal
from releaseplanner.storage.engine import open_workspace

JOURNAL_COLUMNS = [
    "at",
    "actor",
    "operation",
    "entity",
    "release_key",
    "field",
    "old_value",
    "new_value",
]


def add_list_journal(what: argparse._SubParsersAction) -> None:
    """Add ``journal`` to the ``rplan list`` group."""
    sub = what.add_parser("journal", help="list the activity journal, newest first")
    add_db_argument(sub)
    sub.add_argument("--release", metavar="KEY", help="only entries of this release")
    sub.add_argument(
        "--object", metavar="KIND", help="only this kind of object (release, package…)"
    )
    sub.add_argument("--from", dest="since", type=iso_date, metavar="YYYY-MM-DD")
    sub.add_argument("--to", dest="until", type=iso_date, metavar="YYYY-MM-DD")
    sub.add_argument("--limit", type=int, default=None, metavar="N")
    sub.add_argument("--format", choices=FORMATS, default="table")
    sub.set_defaults(handler=_list_journal)


def _list_journal(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        lines = list_journal(
            workspace,
            release_key=args.release,
            entity=args.object,
            since=args.since,
            until=args.until,
            limit=args.limit,
        )
    finally:
        workspace.close()
    emit(lines, args.format, JOURNAL_COLUMNS)
    return 0
