"""`journeymaps validate`: the build's loading and checks, as text, CI annotations or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..problems import Problem, Severity, SourceError
from .common import HelpFormatter, add_root_option, display_paths, root_dir
from .output import Display, as_code_quality, as_github, as_human, as_json
from .site import read_options, run_pipeline


def add_parser(commands: Any) -> None:
    """Register `validate` with the parser's subcommands (argparse's add_subparsers action)."""
    parser = commands.add_parser(
        "validate", formatter_class=HelpFormatter,
        help="check the journeys exactly as the build does, without building",
        description="Load journeys/ and the feedback CSVs and run the checks, with the journeymaps options of\n"
                    "mkdocs.yml (journeys_dir, min_responses, stale_after, today, checks), exactly as\n"
                    "`mkdocs build` does. Every problem is reported in one run, with file, line and column.",
        epilog="Exit codes: 0 no errors (and, with --strict, no warnings); 1 errors; 2 warnings with --strict.\n"
               "Formats: human (one line per problem and a summary), github (workflow annotations),\n"
               "json (a list of {file, line, column, severity, code, message, hint}),\n"
               "gitlab (a Code Quality report for merge requests).",
    )
    add_root_option(parser)
    parser.add_argument("--format", choices=("human", "github", "json", "gitlab"), default="human",
                        help="output format (default: human)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 2 on warnings, as `mkdocs build --strict` fails on them")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate the site at args.root and print every problem in args.format. Gives the exit code:
    0 fine, 1 errors, 2 warnings with args.strict. Raises UsageError when args.root is not a site."""
    root = root_dir(args.root)
    problems: list[Problem]
    analysis = None
    try:
        options = read_options(root)
        analysis = run_pipeline(root, options)
        problems = options.warnings + list(analysis.warnings)
    except SourceError as exc:
        problems = list(exc.problems)
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    _print(problems, args.format, display_paths(root))
    if args.format == "human":
        print(_summary(errors, warnings, problems, analysis, args.strict))
    if errors:
        return 1
    if warnings and args.strict:
        return 2
    return 0


def _print(problems: list[Problem], format: str, display: Display) -> None:
    if format == "json":
        print(json.dumps([as_json(p, display) for p in problems], indent=2, ensure_ascii=False))
    elif format == "gitlab":
        print(json.dumps([as_code_quality(p, display) for p in problems], indent=2, ensure_ascii=False))
    elif format == "github":
        for problem in problems:
            print(as_github(problem, display))
    else:
        for problem in problems:
            print(as_human(problem, display))


def _summary(errors: list[Problem], warnings: list[Problem], problems: list[Problem], analysis: Any,
             strict: bool) -> str:
    if errors:
        return f"{_count(len(errors), 'error')} in the journeys; the site cannot be built."
    journeys = analysis.site.journeys
    touchpoints = sum(len(j.touchpoints) for j in journeys)
    checked = f"{_count(len(journeys), 'journey')} and {_count(touchpoints, 'touchpoint')} checked"
    notes = len(problems) - len(warnings)
    if not warnings and not notes:
        return f"{checked}: no problems."
    parts = ([_count(len(warnings), "warning")] if warnings else []) + ([_count(notes, "note")] if notes else [])
    tail = " (--strict fails on warnings)" if warnings and strict else ""
    return f"{checked}: {', '.join(parts)}{tail}."


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
