"""`journeymaps mermaid`: a journey as a Mermaid `journey` diagram, for places the site is not.

The text comes from render/mermaid.py, which `journeymaps diff` uses for its comment too; the
scores are the build's, from the pipeline run exactly as `validate` runs it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..problems import SourceError, did_you_mean
from .common import HelpFormatter, UsageError, add_root_option, display_paths, root_dir
from .output import as_human
from .site import read_options, run_pipeline


def add_parser(commands: Any) -> None:
    """Register `mermaid` with the parser's subcommands (argparse's add_subparsers action)."""
    parser = commands.add_parser(
        "mermaid", formatter_class=HelpFormatter,
        help="a journey as a Mermaid journey diagram, for issues, wikis and slides",
        description="Print a Mermaid `journey` diagram of one journey: a section per phase, a task per\n"
                    "touchpoint with its current score (the one the site shows: measured once there is\n"
                    "enough feedback, else the estimate) mapped from the journey's scale onto Mermaid's 1-5,\n"
                    "and the personas as actors. GitHub, GitLab and most Markdown tools draw it from a\n"
                    "```mermaid fence. A touchpoint without a score is drawn at 3 and says \"(no score)\".",
        epilog="Examples:\n"
               "  journeymaps mermaid webshop                          every persona\n"
               "  journeymaps mermaid webshop --persona nieuwe-klant   one persona's journey\n"
               "  journeymaps mermaid webshop > webshop.mmd            a file for the Mermaid tools\n"
               "Exit codes: 0 the diagram was printed; 1 the journeys do not validate (the errors go to\n"
               "stderr); 2 an unknown journey or persona, or not a site.",
    )
    parser.add_argument("journey", metavar="JOURNEY", help="the journey's id: its folder name under journeys/")
    parser.add_argument("--persona", metavar="PERSONA",
                        help="only this persona (its id): its touchpoints and its scores")
    add_root_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the diagram of args.journey (for args.persona, if given). Gives 0, or 1 when the
    sources have errors (printed on stderr). Raises UsageError for an unknown journey or persona,
    or a folder that is not a site."""
    from ..i18n import labels
    from ..render.mermaid import journey_diagram

    root = root_dir(args.root)
    try:
        options = read_options(root)
        analysis = run_pipeline(root, options)
    except SourceError as exc:
        display = display_paths(root)
        for problem in exc.problems:
            print(as_human(problem, display), file=sys.stderr)
        count = sum(1 for p in exc.problems if p.is_error) or len(exc.problems)
        print(f"journeymaps mermaid: the journeys do not validate ({count} error{'s' if count != 1 else ''}), "
              "so there is no diagram; `journeymaps validate` says the same", file=sys.stderr)
        return 1
    journeys = [j.id for j in analysis.site.journeys]
    if args.journey not in journeys:
        raise UsageError(_unknown(f"unknown journey '{args.journey}'", args.journey, journeys,
                                  "the journeys are", "there are no journeys"))
    journey = analysis.site.journey(args.journey)
    if args.persona is not None:
        personas = [p.id for p in journey.all_personas]
        if args.persona not in personas:
            raise UsageError(_unknown(f"unknown persona '{args.persona}' in journey '{journey.id}'", args.persona,
                                      personas, "its personas are", "it has no personas"))
    no_score = labels(options.language)["no_score"]
    sys.stdout.write(journey_diagram(analysis.states[journey.id], args.persona, no_score=no_score))
    return 0


def _unknown(text: str, value: str, known: list[str], listing: str, none: str) -> str:
    """`text`, a did-you-mean hint for `value`, and the ids that are known: "unknown journey 'x'
    (did you mean 'y'?); the journeys are: a, b"."""
    hint = did_you_mean(value, known)
    text += f" ({hint})" if hint else ""
    return f"{text}; {listing}: {', '.join(known)}" if known else f"{text}; {none}"
