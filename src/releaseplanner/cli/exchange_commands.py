"""``rplan export plan|calendar|csv|review`` and ``rplan import``: exchange plans as files.

* ``export plan --out FILE.xlsx [--release KEY ...]``: the plan workbook (see
  :mod:`releaseplanner.exchange.xlsx_export`).
* ``export calendar --out FILE.ics [--release KEY ...]``: milestones, deployments and freeze
  windows as iCalendar events with stable UIDs.
* ``export csv --out DIR [--release KEY ...]``: one CSV file per plan sheet in DIR
  (``releases.csv``, ``packages.csv``, ..., ``freeze_windows.csv``), same columns as the
  workbook; see :mod:`releaseplanner.exchange.csv_export`.
* ``export review --release KEY --out FILE.xlsx``: the post-release review workbook; for a
  release without a recorded review it holds what exists (planned vs actual, incidents,
  actions).
* ``import FILE.xlsx [--dry-run] [--accept ours|theirs] [--format text|json]``: preview the
  merge of an edited plan workbook and apply it as one journalled, undoable transaction.

Exit codes: 0 done; 2 bad input (every problem is printed, naming file, sheet, row and column;
nothing is changed); 3 the import has conflicts and no ``--accept`` (also with ``--dry-run``),
nothing is changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from releaseplanner.cli.common import add_db_argument, db_of
from releaseplanner.exchange.merge import MergePlan
from releaseplanner.services.exchange import (
    ACCEPT_CHOICES,
    export_calendar,
    export_csv,
    export_plan,
    export_review,
    import_command,
    preview_import,
)
from releaseplanner.storage.engine import open_workspace

EXIT_BAD_INPUT = 2
EXIT_CONFLICTS = 3


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``export`` (with its four kinds) and ``import`` to ``rplan``'s subcommands."""
    group = commands.add_parser("export", help="write the plan, calendar, CSV or a review")
    kinds = group.add_subparsers(dest="kind", metavar="KIND", parser_class=type(group))
    kinds.required = True

    plan = kinds.add_parser("plan", help="the plan workbook (.xlsx) for editing and re-import")
    _export_arguments(plan, "FILE.xlsx")
    plan.set_defaults(handler=_export_plan)

    calendar = kinds.add_parser("calendar", help="milestones, deployments, windows (.ics)")
    _export_arguments(calendar, "FILE.ics")
    calendar.set_defaults(handler=_export_calendar)

    csv = kinds.add_parser("csv", help="one CSV file per plan sheet, into a folder")
    _export_arguments(csv, "DIR")
    csv.set_defaults(handler=_export_csv)

    review = kinds.add_parser("review", help="the post-release review workbook of a release")
    add_db_argument(review)
    review.add_argument("--release", required=True, metavar="KEY", help="the release's key")
    review.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    review.set_defaults(handler=_export_review)

    importing = commands.add_parser(
        "import", help="merge an edited plan workbook into the workspace"
    )
    importing.add_argument("file", type=Path, metavar="FILE.xlsx")
    add_db_argument(importing)
    importing.add_argument("--dry-run", action="store_true", help="show the changes, apply none")
    importing.add_argument(
        "--accept",
        choices=ACCEPT_CHOICES,
        default=None,
        help="resolve conflicts: keep the workspace's values (ours) or take the workbook's",
    )
    importing.add_argument("--format", choices=("text", "json"), default="text")
    importing.set_defaults(handler=_import)


def _export_arguments(parser: argparse.ArgumentParser, out: str) -> None:
    add_db_argument(parser)
    parser.add_argument("--out", type=Path, required=True, metavar=out)
    parser.add_argument(
        "--release",
        action="append",
        default=None,
        metavar="KEY",
        help="only this release (repeat for more; default: every release)",
    )


def _export_plan(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        counts = export_plan(workspace, args.out, args.release)
    finally:
        workspace.close()
    summary = ", ".join(f"{count} {title.lower()}" for title, count in counts.items())
    print(f"plan written to {args.out}: {summary}")
    return 0


def _export_calendar(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        count = export_calendar(workspace, args.out, args.release)
    finally:
        workspace.close()
    print(f"{count} events written to {args.out}")
    return 0


def _export_csv(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        files = export_csv(workspace, args.out, args.release)
    finally:
        workspace.close()
    print(
        f"{len(files)} CSV files written to {args.out}: "
        + ", ".join(p.name for p in files.values())
    )
    return 0


def _export_review(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        data = export_review(workspace, args.release, args.out)
    finally:
        workspace.close()
    note = (
        ""
        if data.held_on or data.facilitator
        else " (no review recorded yet: schedule, deployments, incidents and actions only)"
    )
    print(f"review of {data.release_key} written to {args.out}{note}")
    return 0


def _import(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        plan = preview_import(workspace, args.file)
        for warning in plan.warnings:
            print(f"rplan: warning: {warning}", file=sys.stderr)
        if plan.has_problems:
            for message in plan.problem_messages():
                print(f"rplan: {message}", file=sys.stderr)
            print("rplan: nothing was imported", file=sys.stderr)
            if args.format == "json":
                _print_json(
                    {"file": str(plan.path), "problems": plan.problem_messages(), "applied": False}
                )
            return EXIT_BAD_INPUT
        blocked = bool(plan.conflicts) and args.accept is None
        apply = not args.dry_run and not blocked and bool(plan.items)
        if apply:
            import_command(workspace, plan, accept=args.accept).redo()
    finally:
        workspace.close()
    _report(plan, args, applied=apply)
    if blocked:
        print(
            f"rplan: {len(plan.conflicts)} conflict(s) between the workbook and the workspace; "
            "nothing was changed. Re-run with --accept ours (keep the workspace's values) or "
            "--accept theirs (take the workbook's)",
            file=sys.stderr,
        )
        return EXIT_CONFLICTS
    return 0


def _report(plan: MergePlan, args: argparse.Namespace, *, applied: bool) -> None:
    if args.format == "json":
        _print_json(plan.as_dict() | {"applied": applied, "accept": args.accept})
        return
    for item in plan.items:
        print(item.describe())
    counts = (
        f"{len(plan.added)} added, {len(plan.changed)} changed, {len(plan.removed)} removed, "
        f"{len(plan.conflicts)} conflict(s), {plan.unchanged} unchanged"
    )
    if not plan.items:
        note = " (nothing to change)"
    elif args.dry_run:
        note = " (dry run: nothing was changed)"
    elif applied:
        note = f" (conflicts resolved: {args.accept})" if plan.conflicts else ""
    else:
        note = " (nothing was changed)"
    mode = "three-way" if plan.three_way else "two-way (no snapshot in the workbook)"
    print(f"{counts}; {mode}{note}")


def _print_json(data: dict) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    print()
