"""The command line: the top-level parser, which registers each command module, and main.

Each command module (validate, schema, new, diff, mermaid, codeowners, generate) has `add_parser`, which
adds its subcommand and sets `func` to its `run`; main calls that and turns a UsageError or an
OSError into one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from .. import __version__
from . import codeowners, diff, generate, mermaid, new, schema, validate
from .common import HelpFormatter, UsageError

# in the order `journeymaps --help` lists them
COMMANDS = (validate, schema, new, diff, mermaid, codeowners, generate)


def build_parser() -> argparse.ArgumentParser:
    """The `journeymaps` argument parser with every command; parse_args gives a Namespace whose
    `func` runs the command (and exits with code 2 on a usage error, as argparse does)."""
    parser = argparse.ArgumentParser(
        prog="journeymaps",
        formatter_class=HelpFormatter,
        description="Check, scaffold and compare the customer journeys of a journeymaps site "
                    "(mkdocs.yml with the journeymaps plugin, and journeys/ beside it).",
        epilog="Exit codes: 0 fine, 1 problems in the journeys, 2 usage errors or (validate --strict) warnings.\n"
               "Run `journeymaps COMMAND --help` for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"journeymaps {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command `argv` names (default: sys.argv[1:]) and give its exit code: 0 fine, 1 problems
    in the sources, 2 a usage error (printed as one line on stderr), 130 interrupted. argparse raises
    SystemExit for --help, --version and arguments it cannot parse."""
    if hasattr(sys.stdout, "reconfigure") and (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        sys.stdout.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)  # the command's exit code
        return code
    except UsageError as exc:
        print(f"journeymaps {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"journeymaps {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
