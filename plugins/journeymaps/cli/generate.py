"""`journeymaps generate`: the generated pages as Markdown in docs/, for Zensical and other engines
without the plugin. The command only reads the site's options; journeymaps/generate.py does the work."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..options import PluginOptions
from ..problems import Problem
from .common import HelpFormatter, add_root_option, display_paths, root_dir
from .output import as_human
from .site import find_config, load_config, read_options


def add_parser(commands: Any) -> None:
    """Register `generate` with the parser's subcommands (argparse's add_subparsers action)."""
    parser = commands.add_parser(
        "generate", formatter_class=HelpFormatter,
        help="write the generated pages as Markdown, for Zensical and other engines without the plugin",
        description="Run the build's pipeline and write every page the plugin generates into docs_dir as\n"
                    "Markdown (same URLs), the assets, and mkdocs.journeymaps.yml (nav, assets, edit links).\n"
                    "Never overwrites a hand-written file; a re-run replaces what the last run wrote.",
        epilog="Then: zensical build -f mkdocs.journeymaps.yml   (docs/zensical.md)\n"
               "Exit codes: 0 written; 1 problems in the journeys or a hand-written file in the way (nothing written).",
    )
    parser.add_argument("--watch", action="store_true", help="run again on every change under journeys/ and docs/")
    parser.add_argument("--clean", action="store_true", help="remove the files the last run wrote, and write nothing")
    add_root_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """The pages as Markdown files for engines without the plugin: journeymaps/generate.py's command,
    with the options of the site at args.root. Gives its exit code (0 written, 1 problems); raises
    UsageError when args.root is not a site."""
    from .. import generate

    root = root_dir(args.root)

    def load() -> tuple[PluginOptions, list[Problem], dict[str, Any], str]:
        options = read_options(root)  # UsageError when it is not a site
        config = find_config(root)
        data = load_config(config) if config else {}
        return options.plugin, options.warnings, data if isinstance(data, dict) else {}, options.config_file

    return generate.command(root, load, lambda p: as_human(p, display_paths(root)), watch=args.watch,
                            clean_only=args.clean, err=lambda text: print(text, file=sys.stderr))
