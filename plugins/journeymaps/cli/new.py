"""`journeymaps new`: a starting journey or persona that validates (scaffolding)."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Optional

from ..model import SLUG_PATTERN
from ..problems import SourceError
from .common import HelpFormatter, UsageError, add_root_option, root_dir, shown_path
from .site import options_or_usage

_SLUG = re.compile(SLUG_PATTERN)

# (phase id, phase title, touchpoint id, touchpoint title, touchpoint description) of a new journey
PHASES = [
    ("see", "See", "advert", "Advert", "Where the customer first hears of us."),
    ("think", "Think", "compare", "Compare", "The customer weighs us against the alternatives."),
    ("do", "Do", "order", "Order", "The customer buys, signs up or books."),
    ("care", "Care", "support", "Support", "After the purchase: questions, service, coming back."),
]


def add_parser(commands: Any) -> None:
    """Register `new journey` and `new persona` with the parser's subcommands (argparse's
    add_subparsers action)."""
    new = commands.add_parser(
        "new", formatter_class=HelpFormatter,
        help="start a new journey or persona",
        description="Create a starting file that validates. Never overwrites an existing journey or persona.",
    )
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    journey = kinds.add_parser(
        "journey", help="create journeys/ID/journey.yml",
        description="Create journeys/ID/journey.yml with four phases (See, Think, Do, Care) and a touchpoint in\n"
                    "each; rename and extend them. ID is the folder name and part of every page address.",
        formatter_class=HelpFormatter,
    )
    journey.add_argument("id", metavar="ID", help="the journey id: lowercase letters, digits and hyphens")
    journey.add_argument("--title", help="the journey's name (default: from the id)")
    journey.add_argument("--owner", help="the team that owns the journey, e.g. 'Team E-commerce'")
    add_root_option(journey)
    journey.set_defaults(func=run)
    persona = kinds.add_parser(
        "persona", help="add a persona to journeys/personas.yml",
        description="Append a persona to journeys/personas.yml (created if missing), or print it with --print.",
        formatter_class=HelpFormatter,
    )
    persona.add_argument("id", metavar="ID", help="the persona id: lowercase letters, digits and hyphens")
    persona.add_argument("--name", help="the name shown on pages, e.g. 'Sanne, first-time buyer'")
    persona.add_argument("--print", action="store_true", help="print the entry instead of writing it")
    add_root_option(persona)
    persona.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Create the journey or add the persona args.kind names; gives 0. Raises UsageError for a bad
    id, an existing journey or persona, a personas.yml it cannot add to, or a folder that is not a
    site; OSError when a file cannot be written."""
    root = root_dir(args.root)
    journeys = root / options_or_usage(root).journeys_dir
    if args.kind == "journey":
        return _new_journey(args, root, journeys)
    return _new_persona(args, root, journeys)


def _new_journey(args: argparse.Namespace, root: Path, journeys: Path) -> int:
    _check_id("journey", args.id)
    folder = journeys / args.id
    target = folder / "journey.yml"
    if target.exists():
        raise UsageError(f"{shown_path(target)} already exists; not overwriting it")
    personas = _org_personas(journeys / "personas.yml")
    title = args.title or args.id.replace("-", " ").capitalize()
    text = journey_template(args.id, title, args.owner or "", bool(personas),
                            _schema_modeline(folder, root, "journey"))
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"created {shown_path(target)}")
    print("Next: fill in the phases and touchpoints, then run `journeymaps validate`.")
    return 0


def _new_persona(args: argparse.Namespace, root: Path, journeys: Path) -> int:
    _check_id("persona", args.id)
    name = args.name or args.id.replace("-", " ").capitalize()
    entry = persona_template(args.id, name)
    target = journeys / "personas.yml"
    personas = _org_personas(target)
    if personas is not None and any(isinstance(p, dict) and p.get("id") == args.id for p in personas):
        raise UsageError(f"persona '{args.id}' already exists in {shown_path(target)}; not overwriting it")
    if args.print:
        sys.stdout.write(entry)
        return 0
    if personas is None:
        journeys.mkdir(parents=True, exist_ok=True)
        header = _schema_modeline(journeys, root, "personas") + "# Organisation-wide personas, shared by every journey.\n\n"
        target.write_text(header + entry, encoding="utf-8")
    else:
        _append_persona(target, entry, bool(personas))
    print(f"added persona '{args.id}' to {shown_path(target)}")
    return 0


def _append_persona(target: Path, entry: str, has_personas: bool) -> None:
    """Add the entry at the end of an existing personas.yml, unless its list is not a block list."""
    text = target.read_text(encoding="utf-8-sig")
    if has_personas and not re.search(r"^- ", text, re.MULTILINE):
        sys.stdout.write(entry)
        raise UsageError(f"{shown_path(target)} is not written as a '- id: ...' list; add the persona above by hand")
    if text.strip().endswith("[]"):
        raise UsageError(f"{shown_path(target)} holds an empty flow list '[]'; replace it with the persona above")
    separator = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    with target.open("a", encoding="utf-8") as handle:
        handle.write(separator + entry)


def _check_id(kind: str, value: str) -> None:
    """UsageError, with a suggestion when one can be made, for an id the model would refuse."""
    if not _SLUG.match(value) or len(value) > 80:
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        hint = f"; try '{suggestion}'" if suggestion and _SLUG.match(suggestion) else ""
        raise UsageError(f"'{value}' is not a valid {kind} id: use lowercase letters, digits and single hyphens{hint}")


def _schema_modeline(from_dir: Path, root: Path, kind: str) -> str:
    schema = root / "schemas" / f"{kind}.schema.json"
    if not schema.is_file():
        return ""
    rel = Path(os.path.relpath(schema, from_dir)).as_posix()
    return f"# yaml-language-server: $schema={rel}\n"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON strings are valid YAML scalars


def journey_template(journey_id: str, title: str, owner: str, has_personas: bool, modeline: str) -> str:
    """The text of a new journey.yml: PHASES with a touchpoint each, commented hints, the owner
    (or a comment when `owner` is empty), a local persona unless `has_personas` (personas.yml has
    some), after `modeline` (a schema line for editors, or ''). Raises nothing."""
    lines = [
        modeline.rstrip("\n"),
        f"# The journey '{journey_id}': its id is the folder name and part of every page address.",
        "# Every field is described in the format reference (docs/reference.md).",
        "",
        f"title: {_quote(title)}",
        "description: What this journey covers, from the first moment to the last.",
        f"owner: {_quote(owner)}" if owner else "# owner: Team ...          # the team that owns the journey as a whole",
        "scale: [1, 5]                # the scale of targets and estimates",
        "",
        "phases:                      # in order; rename or replace them with your own stage model",
    ]
    for phase_id, phase_title, *_ in PHASES:
        lines += [f"  - id: {phase_id}", f"    title: {phase_title}"]
    lines += _personas_lines(has_personas)
    lines += ["", "touchpoints:                  # in order within each phase"]
    for phase_id, _, tp_id, tp_title, description in PHASES:
        lines += [
            f"  - id: {tp_id}",
            f"    phase: {phase_id}",
            f"    title: {tp_title}",
            f"    description: {_quote(description)}",
        ]
        if tp_id == PHASES[0][2]:
            lines += [
                "    # channel: web",
                "    # owner: Team ...",
                "    # target: 4               # the score we aim for, on the journey scale",
                "    # estimate: 3             # workshop estimate, until there is enough feedback",
                "    # messages: What we want the customer to hear here.   # or one per persona: {id: text}",
                "    # moment_of_truth: true   # a moment that makes or breaks the relationship",
            ]
    return "\n".join(line for line in lines if line is not None).lstrip("\n") + "\n"


def _personas_lines(has_personas: bool) -> list[str]:
    if has_personas:
        return ["", "# personas: [...]             # default: every persona of personas.yml"]
    return [
        "",
        "personas:                    # no personas.yml yet: a local persona to start with",
        "  - id: customer",
        "    name: Customer",
        "    description: Who this is and what situation they are in.",
    ]


def persona_template(persona_id: str, name: str) -> str:
    """The text of one personas.yml entry (a `- id:` block) with placeholder description, goals and
    frustrations. Raises nothing."""
    return (
        f"- id: {persona_id}\n"
        f"  name: {_quote(name)}\n"
        "  description: Who this is and what situation they are in.\n"
        "  goals:\n"
        "    - What they want to achieve.\n"
        "  frustrations:\n"
        "    - What gets in their way.\n"
    )


def _org_personas(personas_file: Path) -> Optional[list[Any]]:
    """The data of personas.yml (a list), None when there is no file; UsageError when it is unreadable."""
    from ..load.strict_yaml import parse_file

    if not personas_file.is_file():
        return None
    try:
        data = parse_file(personas_file, personas_file.name).data
    except SourceError as exc:
        raise UsageError(f"{personas_file.name} does not read: {exc.problems[0]}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise UsageError(f"{personas_file.name} is not a list of personas")
    return data
