"""``rplan list releases|packages|conflicts``: the portfolio and its schedule problems as a
table, CSV or JSON."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from releaseplanner.cli.common import add_db_argument, db_of, iso_date
from releaseplanner.cli.journal_commands import add_list_journal
from releaseplanner.cli.output import FORMATS, emit
from releaseplanner.cli.risk_commands import add_list_risks
from releaseplanner.domain.errors import NotFoundError
from releaseplanner.services.portfolio import list_packages, list_releases
from releaseplanner.services.schedule import ProblemRow, list_problems
from releaseplanner.storage.engine import open_workspace

RELEASE_COLUMNS = ["key", "name", "type", "status", "owner", "planned_go_live", "package_count"]
PACKAGE_COLUMNS = [
    "release_key",
    "name",
    "status",
    "team",
    "owner",
    "component_count",
    "change_count",
]
CONFLICT_COLUMNS = ["severity", "kind", "start", "end", "release_keys", "message"]


def register(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser(
        "list", help="list releases, packages, conflicts, risks or the journal"
    )
    what = listing.add_subparsers(dest="what", metavar="WHAT", parser_class=type(listing))
    what.required = True
    for name, handler in (("releases", _list_releases), ("packages", _list_packages)):
        sub = what.add_parser(name, help=f"list {name}")
        add_db_argument(sub)
        sub.add_argument("--release", metavar="KEY", help="only this release")
        sub.add_argument("--format", choices=FORMATS, default="table")
        sub.set_defaults(handler=handler)
    _register_conflicts(what)
    add_list_journal(what)
    add_list_risks(what)


def _register_conflicts(what: argparse._SubParsersAction) -> None:
    sub = what.add_parser(
        "conflicts",
        help="list schedule problems: clashing deployments, freeze breaches, broken "
        "dependencies, components changed twice at once, missed go-lives",
    )
    add_db_argument(sub)
    sub.add_argument("--release", metavar="KEY", help="only problems involving this release")
    sub.add_argument("--format", choices=FORMATS, default="table")
    sub.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        type=iso_date,
        default=None,
        help="the day against which go-lives count as past (default: today)",
    )
    sub.set_defaults(handler=_list_conflicts)


def _list_releases(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        rows = list_releases(workspace)
    finally:
        workspace.close()
    if args.release:
        rows = [r for r in rows if r.key.lower() == args.release.lower()]
        if not rows:
            raise NotFoundError(f"--release: no release with key '{args.release}'")
    emit(rows, args.format, RELEASE_COLUMNS)
    return 0


def _list_packages(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        rows = list_packages(workspace, args.release)
    finally:
        workspace.close()
    emit(rows, args.format, PACKAGE_COLUMNS)
    return 0


def _list_conflicts(args: argparse.Namespace) -> int:
    # A listing: finding problems is success (exit 0); only bad input exits 2.
    workspace = open_workspace(db_of(args))
    try:
        rows = list_problems(workspace, today=args.today or date.today(), release_key=args.release)
    finally:
        workspace.close()
    records = [_conflict_record(row) for row in rows]
    if args.format != "json":
        # Lists do not fit a cell: join them (JSON keeps them as arrays).
        for record in records:
            record["item_ids"] = " ".join(record["item_ids"])
            record["release_keys"] = ", ".join(record["release_keys"])
    emit(records, args.format, CONFLICT_COLUMNS)
    return 0


def _conflict_record(row: ProblemRow) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "severity": row.severity,
        "message": row.message,
        "item_ids": list(row.item_ids),
        "release_keys": list(row.release_keys),
        "start": row.start,
        "end": row.end,
    }
