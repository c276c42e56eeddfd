"""Arguments and helpers shared by subcommands."""

from __future__ import annotations

import argparse
from datetime import date

from releaseplanner.paths import default_db


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="DB",
        default=None,
        help="workspace: a SQLite file or a SQLAlchemy URL "
        "(default: $RELEASEPLANNER_DB, else workspace.sqlite in the user data folder)",
    )


def db_of(args: argparse.Namespace) -> str:
    return args.db or default_db()


def iso_date(text: str) -> date:
    """An argparse type for YYYY-MM-DD; argparse names the option when it fails."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None
