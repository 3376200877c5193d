"""`journeymaps diff`: what a change does to the journeys, as Markdown for a pull request.

Each side (a git revision, or the working tree) is analysed with the build's pipeline; the
revisions are written into a temporary folder first (mkdocs.yml and the journeys folder only).
analysis/compare.py compares the two, diff_markdown.py writes the comment; the Mermaid diagrams
of the journeys whose diagram changed come from render/mermaid.py, as `journeymaps mermaid` prints them.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..problems import Location, Problem, SourceError
from .common import HelpFormatter, UsageError, add_root_option, root_dir, shown_dir
from .git import extract, git, repo_prefix, verify_revision
from .site import CONFIG_NAMES, find_config, read_options, run_pipeline


def add_parser(commands: Any) -> None:
    """Register `diff` with the parser's subcommands (argparse's add_subparsers action)."""
    parser = commands.add_parser(
        "diff", formatter_class=HelpFormatter,
        help="what a change does to the journeys, as Markdown for a pull request",
        description="Analyse two git revisions of the site (or a revision and the working tree) with the same\n"
                    "pipeline as the build and print, as Markdown fit for a pull-request comment, what changed:\n"
                    "touchpoints added, removed or moved, targets and estimates, decisions (status, floor),\n"
                    "backlog items added, re-prioritised or delivered, states that flip, and new warnings.\n"
                    "When a side does not validate, its errors and the changed files are listed instead.",
        epilog="Examples:\n"
               "  journeymaps diff                      HEAD against the working tree\n"
               "  journeymaps diff origin/main          origin/main against the working tree\n"
               "  journeymaps diff origin/main HEAD     two commits, as in CI\n"
               "Exit codes: 0 the report was written (even if a side does not validate);\n"
               "2 unknown revision, not a git repository, or not a site.",
    )
    parser.add_argument("base", nargs="?", default="HEAD", metavar="BASE", help="the revision before (default: HEAD)")
    parser.add_argument("head", nargs="?", default=None, metavar="HEAD",
                        help="the revision after (default: the working tree)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the Markdown to FILE instead of printing it")
    add_root_option(parser)
    parser.set_defaults(func=run)


@dataclass
class Side:
    """One side of the comparison: its label in the comment, the site folder, and after _analyse_side
    either the analysis or the errors that stopped it, and the hash of every source file."""

    label: str
    root: Optional[Path]
    analysis: Any = None
    errors: Optional[list[Problem]] = None
    files: dict[str, str] = field(default_factory=dict)


def run(args: argparse.Namespace) -> int:
    """Compare args.base with args.head (default: the working tree) and print the Markdown, or write
    it to args.output; gives 0 even when a side does not validate. Raises UsageError for a folder
    that is not a site or not in git, or an unknown revision; OSError when the file cannot be written."""
    from ..analysis.compare import compare, compare_files
    from .diff_markdown import DiffReport, render_diff

    root = root_dir(args.root)
    if find_config(root) is None:
        raise UsageError(f"{shown_dir(root)} is not a site: there is no mkdocs.yml (use --root to point at the site)")
    top_result = git(root, "rev-parse", "--show-toplevel", check=False)
    if top_result.returncode != 0:
        raise UsageError(f"{shown_dir(root)} is not in a git repository; diff compares git revisions")
    top = Path(top_result.stdout.strip())
    prefix = repo_prefix(root)
    base_commit = verify_revision(top, args.base)
    head_commit = verify_revision(top, args.head) if args.head else None
    with tempfile.TemporaryDirectory(prefix="journeymaps-diff-") as tmp:
        base = Side(f"`{args.base}`", _materialise(top, prefix, base_commit, Path(tmp) / "base"))
        if head_commit is not None:
            head = Side(f"`{args.head}`", _materialise(top, prefix, head_commit, Path(tmp) / "head"))
        else:
            head = Side("the working tree", root)
        for side in (base, head):
            _analyse_side(side)
    report = DiffReport(base.label, head.label, base_errors=base.errors, head_errors=head.errors,
                        files=compare_files(base.files, head.files))
    if base.errors is None and head.errors is None:
        report.diff = compare(base.analysis, head.analysis)
        report.diagrams = changed_diagrams(base.analysis, head.analysis)
    text = render_diff(report)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def changed_diagrams(base: Any, head: Any) -> dict[str, Any]:
    """The Mermaid diagram (every persona) of each journey whose diagram differs between the two
    analyses, by journey id: added and removed journeys too, with None for the side without it."""
    from ..render.mermaid import journey_diagram
    from .diff_markdown import Diagrams

    before = {j.id: (j.title, journey_diagram(base.states[j.id])) for j in base.site.journeys}
    after = {j.id: (j.title, journey_diagram(head.states[j.id])) for j in head.site.journeys}
    changed = {}
    for journey_id in sorted(set(before) | set(after)):
        old, new = before.get(journey_id), after.get(journey_id)
        if old is None or new is None or old[1] != new[1]:
            title = (new or old)[0]  # type: ignore[index]
            changed[journey_id] = Diagrams(title, old[1] if old else None, new[1] if new else None)
    return changed


def _materialise(top: Path, prefix: str, commit: str, into: Path) -> Path:
    """Write mkdocs.yml and the journeys folder of a commit into `into`; return the site root in it.
    `prefix` is the site's folder in the repository at `top`. Raises UsageError when git fails."""
    join = (lambda name: f"{prefix}/{name}") if prefix else (lambda name: name)
    extract(top, commit, [join(name) for name in CONFIG_NAMES], into)
    site_root = into / prefix if prefix else into
    site_root.mkdir(parents=True, exist_ok=True)
    try:
        journeys_dir = read_options(site_root).journeys_dir
    except (UsageError, SourceError):
        journeys_dir = "journeys"
    extract(top, commit, [join(journeys_dir.strip("/"))], into)
    return site_root


def _analyse_side(side: Side) -> None:
    """Fill in a side's analysis, or its errors (a site that is not one is an error too, not a
    UsageError), and the hashes of its files. Raises nothing for bad sources."""
    assert side.root is not None
    journeys_dir = "journeys"
    try:
        options = read_options(side.root)
        journeys_dir = options.journeys_dir
        side.analysis = run_pipeline(side.root, options)
    except UsageError:
        message = ("mkdocs.yml does not enable the journeymaps plugin" if find_config(side.root)
                   else "there is no mkdocs.yml: not a journeymaps site")
        side.errors = [Problem(Location("mkdocs.yml"), message)]
    except SourceError as exc:
        side.errors = list(exc.problems)
    side.files = _hash_files(side.root, journeys_dir)


def _hash_files(root: Path, journeys_dir: str) -> dict[str, str]:
    """The SHA-1 of mkdocs.yml and of every file in the journeys folder, by path relative to `root`."""
    found: dict[str, str] = {}
    candidates = [root / name for name in CONFIG_NAMES if (root / name).is_file()]
    base = root / journeys_dir
    if base.is_dir():
        candidates += [p for p in base.rglob("*") if p.is_file() and not any(
            part.startswith(".") or part == "__pycache__" for part in p.relative_to(root).parts)]
    for path in candidates:
        found[path.relative_to(root).as_posix()] = hashlib.sha1(path.read_bytes()).hexdigest()
    return found
