"""`journeymaps codeowners`: CODEOWNERS lines from the owners in the YAML (written by codeowners_file.py)."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path
from typing import Any

from ..problems import SourceError
from .common import HelpFormatter, UsageError, add_root_option, display_paths, root_dir
from .git import repo_prefix
from .output import as_human
from .site import options_or_usage


def add_parser(commands: Any) -> None:
    """Register `codeowners` with the parser's subcommands (argparse's add_subparsers action)."""
    parser = commands.add_parser(
        "codeowners", formatter_class=HelpFormatter,
        help="CODEOWNERS lines from the owners in the journeys",
        description="Print CODEOWNERS lines so the team that owns a journey reviews changes to it. One line per\n"
                    "journey folder, owned by the journey's `owner` (a journey's files hold touchpoints of several\n"
                    "teams, and CODEOWNERS works per file). Team names become handles with --owner, or @ORG/<slug>\n"
                    "of the team name with --org.",
        epilog="Example:\n"
               "  journeymaps codeowners --org huis-en-haard --owner 'Team E-commerce=@huis-en-haard/webshop' \\\n"
               "      --default @huis-en-haard/cx --output .github/CODEOWNERS",
    )
    parser.add_argument("--owner", action="append", metavar="TEAM=HANDLES",
                        help="the handle(s) of a team, e.g. 'Team Payments=@org/payments' (repeatable)")
    parser.add_argument("--org", help="map other teams to @ORG/<team name as slug>")
    parser.add_argument("--default", metavar="HANDLES",
                        help="owner of the whole journeys folder (personas.yml, journeys without an owner)")
    parser.add_argument("--all-owners", action="store_true",
                        help="also list the owners of a journey's touchpoints and improvements on its line")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (e.g. .github/CODEOWNERS)")
    add_root_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the CODEOWNERS lines of the site at args.root, or write them to args.output. Gives the
    exit code: 1 when the journeys do not load or a team has no handle, else 0. Raises UsageError
    for a malformed --owner or a folder that is not a site, OSError when the file cannot be written."""
    from ..load import load_site
    from .codeowners_file import codeowners, journey_teams

    root = root_dir(args.root)
    options = options_or_usage(root)
    mapping = _owner_mapping(args.owner or [])
    default = _handles(args.default, "--default") if args.default else None
    try:
        site = load_site(root, options.journeys_dir)
    except SourceError as exc:
        display = display_paths(root)
        for problem in exc.problems:
            print(as_human(problem, display), file=sys.stderr)
        return 1
    journeys_path = "/".join(part for part in (repo_prefix(root), options.journeys_dir.strip("/")) if part)
    result = codeowners(site, journeys_path, mapping, args.org, default, args.all_owners)
    owners = {team for journey in site.journeys for team in journey_teams(journey, all_owners=True)}
    for team in _unused(mapping, owners):
        close = difflib.get_close_matches(team, sorted(owners), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"owners: {', '.join(sorted(owners)) or 'none'}"
        print(f"journeymaps: --owner '{team}': no journey, touchpoint or improvement has that owner ({hint})",
              file=sys.stderr)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(result.text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(result.text)
    if result.unmapped:
        teams = ", ".join(f"'{t}'" for t in result.unmapped)
        print(f"journeymaps: no handle for {teams}: pass --owner 'Team=@handle' or --org ORG", file=sys.stderr)
        return 1
    return 0


# What CODEOWNERS takes as an owner (GitHub's docs, "About code owners"): @user (with '_' for an
# Enterprise Managed User, @jan_acme), @org/team, or an e-mail address of an account.
_HANDLE = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+")


def _owner_mapping(items: list[str]) -> dict[str, str]:
    """The --owner options ('Team name=@org/team @someone') as team name -> handles. Raises
    UsageError for an option without '=' or a handle that is no @user, @org/team or e-mail address."""
    mapping: dict[str, str] = {}
    for item in items:
        team, sep, handles = item.partition("=")
        if not sep or not team.strip() or not handles.strip():
            raise UsageError(f"--owner '{item}': write it as 'Team name=@org/team' (one or more handles)")
        mapping[team.strip()] = _handles(handles, f"--owner '{item}'")
    return mapping


def _handles(text: str, option: str) -> str:
    """The handles of an option, one space apart; UsageError names the first that is none."""
    for handle in text.split():
        if not _HANDLE.fullmatch(handle):
            raise UsageError(f"{option}: '{handle}' is not a handle: write @user, @org/team or an e-mail address")
    return " ".join(text.split())


def _unused(mapping: dict[str, str], teams: set[str]) -> list[str]:
    """The team names of --owner that no journey, touchpoint or improvement has as its owner (by
    name or, as handle_for matches them, by slug): a typo would otherwise pass unnoticed."""
    from ..render.urls import slugify

    known = {slugify(team) for team in teams}
    return [team for team in mapping if team not in teams and slugify(team) not in known]
