"""``rplan components import|export``: exchange the component catalogue with a CMDB."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from releaseplanner.cli.common import add_db_argument, db_of
from releaseplanner.services.catalogue import (
    component_import_command,
    export_components,
    preview_component_import,
)
from releaseplanner.storage.engine import open_workspace

EXIT_BAD_INPUT = 2


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("components", help="import or export the component catalogue")
    actions = group.add_subparsers(dest="action", metavar="ACTION", parser_class=type(group))
    actions.required = True

    importing = actions.add_parser("import", help="add or update components from a CSV or xlsx")
    importing.add_argument("file", type=Path, metavar="FILE")
    add_db_argument(importing)
    importing.add_argument("--dry-run", action="store_true", help="show the changes, apply none")
    importing.add_argument("--format", choices=("text", "json"), default="text")
    importing.set_defaults(handler=_import)

    exporting = actions.add_parser("export", help="write the catalogue to a CSV or xlsx")
    add_db_argument(exporting)
    exporting.add_argument("--out", type=Path, required=True, metavar="FILE")
    exporting.set_defaults(handler=_export)


def _import(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        plan = preview_component_import(workspace, args.file)
        for warning in plan.source.warnings:
            print(f"rplan: warning: {warning}", file=sys.stderr)
        if plan.has_problems:
            for message in plan.problem_messages():
                print(f"rplan: {message}", file=sys.stderr)
            print("rplan: nothing was imported", file=sys.stderr)
            return EXIT_BAD_INPUT
        if not args.dry_run and (plan.added or plan.changed):
            component_import_command(workspace, plan, source="cli").redo()
    finally:
        workspace.close()
    if args.format == "json":
        json.dump(
            {
                "added": [
                    {
                        "ci_id": c.ci_id,
                        "name": c.name,
                        "version": c.version,
                        "type": c.type.value,
                        "owner": c.owner,
                    }
                    for c in plan.added
                ],
                "changed": [
                    {"ci_id": c.ci_id, "field": c.field, "old": c.old, "new": c.new}
                    for c in plan.changes
                ],
                "unchanged": plan.unchanged,
                "applied": not args.dry_run,
            },
            sys.stdout,
            indent=2,
        )
        print()
    else:
        for component in plan.added:
            print(f"+ {component.ci_id}  {component.name} {component.version}".rstrip())
        for change in plan.changes:
            print(f"~ {change.ci_id}  {change.field}: {change.old!r} -> {change.new!r}")
        note = " (dry run: nothing was changed)" if args.dry_run else ""
        print(
            f"{len(plan.added)} added, {len(plan.changed)} updated, {plan.unchanged} unchanged"
            + note
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    workspace = open_workspace(db_of(args))
    try:
        count = export_components(workspace, args.out)
    finally:
        workspace.close()
    print(f"{count} components written to {args.out}")
    return 0
