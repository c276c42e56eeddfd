"""``rplan list releases|packages``: the portfolio as a table, CSV or JSON."""

from __future__ import annotations

import argparse

from releaseplanner.cli.common import add_db_argument, db_of
from releaseplanner.cli.output import FORMATS, emit
from releaseplanner.domain.errors import NotFoundError
from releaseplanner.services.portfolio import list_packages, list_releases
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


def register(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser("list", help="list releases or packages")
    what = listing.add_subparsers(dest="what", metavar="WHAT", parser_class=type(listing))
    what.required = True
    for name, handler in (("releases", _list_releases), ("packages", _list_packages)):
        sub = what.add_parser(name, help=f"list {name}")
        add_db_argument(sub)
        sub.add_argument("--release", metavar="KEY", help="only this release")
        sub.add_argument("--format", choices=FORMATS, default="table")
        sub.set_defaults(handler=handler)


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
