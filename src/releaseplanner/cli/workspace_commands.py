"""``rplan init`` and ``rplan demo``: create workspaces."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from releaseplanner.cli.common import add_db_argument, db_of, iso_date
from releaseplanner.domain.errors import UserError
from releaseplanner.services.demo import build_demo
from releaseplanner.services.setup import ensure_reference_data
from releaseplanner.storage.engine import open_workspace


def register(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help="create an empty workspace (or upgrade an old one)")
    add_db_argument(init)
    init.set_defaults(handler=run_init)

    demo = commands.add_parser("demo", help="build a realistic demo workspace around today")
    add_db_argument(demo)
    demo.add_argument(
        "--scale",
        type=int,
        default=1,
        metavar="N",
        help="1: about 10 releases; 100: a large portfolio for benchmarks",
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    demo.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day the portfolio is built around (default: today)",
    )
    demo.set_defaults(handler=run_demo)


def run_init(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args), create=True)
    try:
        ensure_reference_data(workspace)
        print(f"workspace ready: {workspace.display_name}")
    finally:
        workspace.close()
    return 0


def run_demo(args: argparse.Namespace) -> int:
    if not 1 <= args.scale <= 1000:
        raise UserError(f"--scale: {args.scale} is not from 1 to 1000")
    workspace = open_workspace(db_of(args), create=True)
    try:
        counts = build_demo(
            workspace, scale=args.scale, seed=args.seed, today=args.today or date.today()
        )
    finally:
        workspace.close()
    summary = ", ".join(counted(count, name) for name, count in counts.items())
    print(f"demo workspace {workspace.display_name}: {summary}", file=sys.stdout)
    return 0


# Plural names of build_demo's counts that do not just add an "s".
SINGULARS = {"people": "person", "dependencies": "dependency", "els_criteria": "els_criterion"}


def counted(count: int, plural: str) -> str:
    """``count`` things in words, singular for one: (1, "baselines") → "1 baseline",
    (15, "people") → "15 people", (1, "els_criteria") → "1 ELS criterion"."""
    word = plural if count != 1 else SINGULARS.get(plural, plural.removesuffix("s"))
    words = word.split("_")
    if words[0] == "els":
        words[0] = "ELS"
    return f"{count} {' '.join(words)}"
