"""Entry point of ``rplan``: parses arguments, runs one subcommand, maps user errors to exit 2.

Exit codes: 0 success; 2 bad usage or bad input (one line on stderr naming what was wrong);
later subcommands add 3 for "stopped to ask" (an import with conflicts). A traceback means a bug.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from releaseplanner import __version__
from releaseplanner.cli import (
    component_commands,
    exchange_commands,
    lifecycle_commands,
    listing,
    risk_commands,
    workspace_commands,
)
from releaseplanner.domain.errors import UserError

EXIT_USER_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors print one line and exit 2 like every other user error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USER_ERROR, f"rplan: {message} (see 'rplan --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rplan", description="Release Planner on the command line.")
    parser.add_argument("--version", action="version", version=f"rplan {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    workspace_commands.register(commands)
    listing.register(commands)
    component_commands.register(commands)
    exchange_commands.register(commands)
    risk_commands.register_render(commands)
    lifecycle_commands.register(commands)
    lifecycle_commands.register_render_dora(lifecycle_commands.render_group(commands))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(f"rplan: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("rplan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (rplan ... | head): not an error; keep Python from complaining
        # again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
