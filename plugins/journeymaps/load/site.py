"""journeys/ on disk -> a validated Site, with every cross-reference checked.

All errors of all files are collected and raised together, so a contributor fixes a pull
request in one round. Parsed files are cached by (mtime, size): `mkdocs serve` re-reads only
what changed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import AbstractSet, Any, Iterable, Union

from ..model import (
    SLUG_PATTERN,
    Decision,
    DecisionsFile,
    DecisionStatus,
    Improvement,
    ImprovementsFile,
    Journey,
    Model,
    Persona,
    PersonasFile,
    Site,
)
from ..paths import refuse_reason
from ..problems import Location, Problem, Problems, SourceError, did_you_mean, relative
from .strict_yaml import Document, parse_file
from .validate import validate

_SLUG = re.compile(SLUG_PATTERN)

JOURNEY_FILE = "journey.yml"
PERSONAS_FILE = "personas.yml"
IMPROVEMENTS_FILE = "improvements.yml"
DECISIONS_FILE = "decisions.yml"


@dataclass
class ParseCache:
    """Parsed documents by path, kept across `mkdocs serve` rebuilds; a changed file is parsed again."""

    entries: dict[Path, tuple[tuple[int, int], Document | SourceError]] = field(default_factory=dict)
    parsed: int = 0  # how many files were actually parsed, for tests and logs

    def document(self, path: Path, display: str) -> Document:
        """The parsed file at `path` (`display`: its name in messages), parsed again only when its
        mtime or size changed. Raises SourceError for a file that does not parse, every time."""
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        hit = self.entries.get(path)
        if hit is None or hit[0] != key:
            self.parsed += 1
            try:
                result: Document | SourceError = parse_file(path, display)
            except SourceError as exc:
                result = exc
            self.entries[path] = (key, result)
            hit = self.entries[path]
        if isinstance(hit[1], SourceError):
            raise hit[1]
        return hit[1]


def load_site(root: Path, journeys_dir: str = "journeys", cache: ParseCache | None = None) -> Site:
    """Load and check everything under `root/journeys_dir`; raise SourceError listing every error."""
    cache = cache or ParseCache()
    root = Path(root)
    base = root / journeys_dir
    problems = Problems()
    if not base.is_dir():
        raise SourceError(
            [Problem(Location(relative(base, root)), f"folder '{journeys_dir}' not found", "create it, or set journeys_dir")]
        )
    refused = _refuse_entries(base, root, problems)
    personas_path = base / PERSONAS_FILE
    personas: list[Persona] = []
    personas_file = None
    personas_ok = True
    if personas_path not in refused and personas_path.is_file():
        personas_file = relative(personas_path, root)
        before = len(problems.errors)
        doc = _parse(cache, personas_path, root, problems)
        if doc is not None:
            personas = _validated(doc, PersonasFile, problems) or []
            _check_unique(personas, "persona", problems)
            _check_reserved(personas, "persona", problems)
        personas_ok = len(problems.errors) == before

    journeys: list[Journey] = []
    for folder in sorted(p for p in base.iterdir() if p not in refused and p.is_dir()):
        inner = _refuse_entries(folder, root, problems, base)
        if folder / JOURNEY_FILE in inner:
            continue
        journey_path = folder / JOURNEY_FILE
        if not journey_path.is_file():
            if any(folder.glob("*.yml")) or any(folder.glob("*.yaml")):
                problems.error(
                    Location(relative(folder, root)), f"no {JOURNEY_FILE} in this journey folder", "add one"
                )
            continue
        journey = _load_journey(folder, root, cache, problems, inner)
        if journey is not None:
            journeys.append(journey)
    for stray in sorted(base.glob("*.yaml")) + sorted(p for p in base.glob("*.yml") if p.name != PERSONAS_FILE):
        problems.error(
            Location(relative(stray, root)),
            "this file is not read",
            f"personas go in {PERSONAS_FILE}; a journey goes in its own folder as {JOURNEY_FILE}",
        )

    if personas_ok:  # references can be checked in every journey that validated
        for journey in journeys:
            _resolve(journey, personas, problems)
    problems.raise_errors()
    return Site(personas=personas, journeys=journeys, personas_file=personas_file)


JOURNEY_FOLDER_FILES = (JOURNEY_FILE, IMPROVEMENTS_FILE, DECISIONS_FILE)


def _refuse_entries(folder: Path, root: Path, problems: Problems, journeys: Path | None = None) -> set[Path]:
    """Report every entry of `folder` that must not be read (a link leaving the journeys folder, a
    dangling link, a FIFO or device) and, in a journey folder, every YAML file that would be
    silently skipped (decisions.yaml, improvement.yml). Returns the refused paths."""
    journeys = journeys or folder
    refused: set[Path] = set()
    for entry in sorted(folder.iterdir()):
        reason = refuse_reason(entry, journeys)
        shown = f"{relative(folder, root)}/{entry.name}"  # the link itself, not where it points
        if reason:
            problems.error(Location(shown), *reason)
            refused.add(entry)
        elif folder != journeys and entry.suffix in (".yml", ".yaml") and entry.name not in JOURNEY_FOLDER_FILES:
            hint = did_you_mean(entry.stem + ".yml", JOURNEY_FOLDER_FILES) or (
                f"a journey folder reads {', '.join(JOURNEY_FOLDER_FILES)}")
            problems.error(Location(shown), "this file is not read", hint)
    return refused


def _parse(cache: ParseCache, path: Path, root: Path, problems: Problems) -> Document | None:
    try:
        return cache.document(path, relative(path, root))
    except SourceError as exc:
        problems.extend(exc.problems)
        return None


def _validated(doc: Document, annotation: Any, problems: Problems) -> Any:
    value, found = validate(doc, annotation)
    problems.extend(found)
    return value


def _load_journey(folder: Path, root: Path, cache: ParseCache, problems: Problems,
                  refused: AbstractSet[Path] = frozenset()) -> Journey | None:
    journey_path = folder / JOURNEY_FILE
    doc = _parse(cache, journey_path, root, problems)
    if doc is None:
        return None
    if not _SLUG.match(folder.name):
        problems.error(
            doc.locate(()),
            f"journey folder '{folder.name}' is not a valid id",
            "rename it with lowercase letters, digits and hyphens; the folder name is the journey's URL",
        )
    if not isinstance(doc.data, dict):
        problems.error(doc.locate(()), "expected the journey's fields (title, phases, touchpoints, ...)")
        return None
    journey: Journey | None = _validated(doc, Journey, problems)
    if journey is None:
        return None
    journey._id = folder.name
    journey._files = {"journey": doc.file}
    for kind, filename, annotation in (
        ("improvements", IMPROVEMENTS_FILE, ImprovementsFile),
        ("decisions", DECISIONS_FILE, DecisionsFile),
    ):
        path = folder / filename
        if path in refused or not path.is_file():
            continue
        extra_doc = _parse(cache, path, root, problems)
        if extra_doc is None:
            continue
        items = _validated(extra_doc, annotation, problems)
        if items is None:
            continue
        journey._files[kind] = extra_doc.file
        inline = {item.id: item for item in getattr(journey, kind)}
        for item in items:
            if item.id in inline:
                first = inline[item.id].location
                problems.error(
                    item.location,
                    f"{kind[:-1]} '{item.id}' is defined both here and in {first}",
                    "keep it in one place",
                )
        getattr(journey, kind).extend(item for item in items if item.id not in inline)
    return journey


def _resolve(journey: Journey, org_personas: list[Persona], problems: Problems) -> None:
    """Resolve the journey's personas and check every id it references."""
    org = {p.id: p for p in org_personas}
    resolved: list[Persona] = []
    if not journey.personas:
        resolved = list(org_personas)
    for entry in journey.personas:
        if isinstance(entry, Persona):
            if entry.id in org:
                problems.error(
                    entry.location,
                    f"persona '{entry.id}' is already defined in {org[entry.id].location}",
                    "refer to it by its id alone, or give the local persona another id",
                )
            resolved.append(entry)
        elif entry in org:
            resolved.append(org[entry])
        else:
            problems.error(
                journey.field_location("personas", journey.personas.index(entry)),
                f"unknown persona '{entry}'",
                did_you_mean(entry, org) or "define it in personas.yml or as a local persona here",
            )
    journey._persona_list = resolved
    if not resolved:
        problems.error(journey.location, "the journey has no personas", "add personas.yml or local personas")
    persona_ids = {p.id for p in resolved}
    _check_unique([p for p in journey.personas if isinstance(p, Persona)], "persona", problems)
    _check_unique(journey.phases, "phase", problems)
    _check_unique(journey.touchpoints, "touchpoint", problems)
    _check_unique(journey.improvements, "improvement", problems)
    _check_unique(journey.decisions, "decision", problems)
    _check_reserved([p for p in journey.personas if isinstance(p, Persona)], "persona", problems)
    _check_reserved(journey.decisions, "decision", problems)

    phase_ids = {p.id for p in journey.phases}
    touchpoint_ids = {t.id for t in journey.touchpoints}
    low, high = journey.scale
    for tp in journey.touchpoints:
        if tp.phase not in phase_ids:
            problems.error(_field(tp, "phase"), f"unknown phase '{tp.phase}'", did_you_mean(tp.phase, phase_ids))
        _check_refs(tp, "personas", tp.personas or [], persona_ids, "persona", problems)
        if isinstance(tp.estimate, dict):
            allowed = set(tp.personas) if tp.personas is not None else persona_ids
            _check_refs(tp, "estimate", tp.estimate, allowed, "persona", problems)
        if isinstance(tp.messages, dict):
            _check_message_personas(tp, [p.id for p in resolved], problems)
        for name in ("target",):
            value = getattr(tp, name)
            if value is not None and not low <= value <= high:
                problems.error(_field(tp, name), f"{name} {value:g} is outside the journey scale {low:g}..{high:g}")
        estimates = tp.estimate.values() if isinstance(tp.estimate, dict) else [tp.estimate]
        for value in estimates:
            if value is not None and not low <= value <= high:
                problems.error(
                    _field(tp, "estimate"), f"estimate {value:g} is outside the journey scale {low:g}..{high:g}"
                )
    for source in journey.feedback or []:
        for label, ref in source.touchpoints.items():
            if ref not in touchpoint_ids:
                problems.error(
                    source.field_location("touchpoints", label), f"unknown touchpoint '{ref}'",
                    did_you_mean(ref, touchpoint_ids),
                )
        for label, ref in source.personas.items():
            if ref not in persona_ids:
                problems.error(
                    source.field_location("personas", label), f"unknown persona '{ref}'", did_you_mean(ref, persona_ids)
                )
    linked: list[Union[Improvement, Decision]] = [*journey.improvements, *journey.decisions]
    for item in linked:
        _check_refs(item, "touchpoints", item.touchpoints, touchpoint_ids, "touchpoint", problems)
        _check_refs(item, "personas", item.personas or [], persona_ids, "persona", problems)
    _check_decisions(journey, problems)


def _check_message_personas(tp: Any, persona_ids: list[str], problems: Problems) -> None:
    """A per-persona message names a persona who meets the touchpoint (`persona_ids`: the journey's,
    in its order); anything else is an error at its key, with the near miss or who it could be for."""
    allowed = [p for p in persona_ids if tp.personas is None or p in tp.personas]
    for ref in tp.messages:
        if ref in allowed:
            continue
        where = tp.field_location("messages", ref)
        if ref in persona_ids:
            problems.error(
                where, f"persona '{ref}' does not meet touchpoint '{tp.id}', so no message can reach them here",
                f"add '{ref}' to the touchpoint's personas, or move the message to a touchpoint they meet",
            )
        else:
            problems.error(
                where, f"unknown persona '{ref}'",
                did_you_mean(ref, allowed) or f"messages here can be for: {', '.join(allowed) or 'no persona'}",
            )


def _check_decisions(journey: Journey, problems: Problems) -> None:
    """Decision records must form a chain: supersede a known, older decision, never themselves."""
    by_id = {d.id: d for d in journey.decisions}
    low, high = journey.scale
    targets = {t.id: t.target for t in journey.touchpoints}
    for decision in journey.decisions:
        if decision.supersedes is not None:
            if decision.supersedes == decision.id:
                problems.error(_field(decision, "supersedes"), f"decision '{decision.id}' supersedes itself")
            elif decision.supersedes not in by_id:
                problems.error(
                    _field(decision, "supersedes"),
                    f"unknown decision '{decision.supersedes}'",
                    did_you_mean(decision.supersedes, by_id),
                )
            else:
                chain = [decision.id]
                current: Decision | None = by_id[decision.supersedes]
                while current is not None and current.id not in chain:
                    chain.append(current.id)
                    current = by_id.get(current.supersedes) if current.supersedes else None
                if current is not None and current.id == decision.id:
                    problems.error(
                        _field(decision, "supersedes"),
                        "decisions supersede each other in a cycle: " + " -> ".join(chain + [decision.id]),
                        "a decision can only replace an older one",
                    )
        if decision.floor is not None:
            if not low <= decision.floor <= high:
                problems.error(
                    _field(decision, "floor"),
                    f"floor {decision.floor:g} is outside the journey scale {low:g}..{high:g}",
                )
            for tp_id in decision.touchpoints:
                target = targets.get(tp_id)
                if target is not None and decision.floor > target:
                    problems.error(
                        _field(decision, "floor"),
                        f"floor {decision.floor:g} is above the target {target:g} of touchpoint '{tp_id}'",
                        "a floor is the lowest score accepted below target",
                    )
        if decision.decided and decision.review and decision.review < decision.decided:
            problems.error(
                _field(decision, "review"),
                f"review date {decision.review} is before the decision date {decision.decided}",
            )
        if decision.status is DecisionStatus.ACCEPTED and decision.floor is None:
            problems.error(
                decision.location,
                f"accepted decision '{decision.id}' has no floor",
                "set floor: the lowest score accepted here",
            )


def _field(item: Model, name: str) -> Location | None:
    return item.field_location(name)


def _check_refs(item: Any, name: str, ids: Iterable[str], known: set[str], kind: str, problems: Problems) -> None:
    """Every id in `item.name` must be known; an unknown one is reported where it was written."""
    for index, ref in enumerate(ids):
        if ref not in known:
            key = ref if isinstance(getattr(item, name), dict) else index
            problems.error(item.field_location(name, key), f"unknown {kind} '{ref}'", did_you_mean(ref, known))


# Ids that are the name of a listing page in the folder the item's own page goes to:
# /personas/index/ would replace /personas/, /journeys/J/decisions/index/ the decision register.
# (The addresses are render/routes.py's, INDEX; load comes before render and cannot import it.)
RESERVED_IDS = {"persona": ("index",), "decision": ("index",)}


def _check_reserved(items: Iterable[Any], kind: str, problems: Problems) -> None:
    for item in items:
        if item.id in RESERVED_IDS.get(kind, ()):
            problems.error(
                item.field_location("id") if hasattr(item, "field_location") else item.location,
                f"'{item.id}' cannot be a {kind} id: it is the address of the {kind}s' listing page",
                f"choose another id, such as '{item.id}-{kind}'",
            )


def _check_unique(items: list[Any], kind: str, problems: Problems) -> None:
    counts = Counter(item.id for item in items)
    first: dict[str, Any] = {}
    for item in items:
        if counts[item.id] > 1:
            if item.id in first:
                problems.error(
                    item.location,
                    f"duplicate {kind} id '{item.id}' (first defined at {first[item.id].location})",
                    "ids must be unique",
                )
            else:
                first[item.id] = item
