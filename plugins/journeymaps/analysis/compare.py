"""What a change does to the journeys: the difference between two analysed sites, as plain data.

`journeymaps diff` analyses the base and the head of a pull request with the same pipeline as
the build and compares them here; cli/diff_markdown.py turns the result into a comment.
Only what changed is listed. Moves are reported sparingly: when one touchpoint moves, the ones
it jumped over keep their order relative to each other and are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Sequence

from ..model import Model
from .backlog import RankedImprovement
from .site import SiteAnalysis
from .states import JourneyStates, State

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Change:
    """One tracked field that differs between base and head (None: not set on that side)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Move:
    """A touchpoint that changed phase, or changed place among the touchpoints of its phase."""

    from_phase: str  # phase titles, as shown
    to_phase: str
    after: Optional[str] = None  # reorder within a phase: the id of the touchpoint it now follows (None: first)

    @property
    def within_phase(self) -> bool:
        """True for a reorder inside one phase, False for a move to another phase."""
        return self.from_phase == self.to_phase


@dataclass
class ItemDiff:
    """A touchpoint, decision, improvement or persona that was added, removed or changed."""

    kind: str  # touchpoint | decision | improvement | persona
    id: str
    title: str
    status: str  # added | removed | changed
    changes: list[Change] = field(default_factory=list)  # tracked fields, in a fixed order
    edited: list[str] = field(default_factory=list)  # other fields whose value changed
    move: Optional[Move] = None
    item: Any = None  # the model on the side that has it (head, or base when removed)
    extra: dict[str, Any] = field(default_factory=dict)  # facts shown with an added item (phase, RICE, rank)

    def change(self, name: str) -> Optional[Change]:
        """The change of the tracked field `name` (such as 'target'), or None if it did not change."""
        return next((c for c in self.changes if c.field == name), None)


@dataclass(frozen=True)
class StateFlip:
    """Personas for whom a touchpoint's state went from one value to another."""

    touchpoint: str
    title: str
    personas: tuple[str, ...]
    before: State
    after: State


@dataclass
class JourneyDiff:
    """What changed in one journey between two versions of the site: its own fields, its items,
    and the touchpoint states that flipped."""

    id: str
    title: str
    status: str  # added | removed | changed
    edited: list[str] = field(default_factory=list)  # journey-level fields (title, phases, feedback, ...)
    personas: Optional[Change] = None  # who the journey is for: persona ids before and after
    touchpoints: list[ItemDiff] = field(default_factory=list)
    decisions: list[ItemDiff] = field(default_factory=list)
    improvements: list[ItemDiff] = field(default_factory=list)
    flips: list[StateFlip] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # for an added or removed journey

    @property
    def empty(self) -> bool:
        """True when the journey is in both versions and nothing shown changed."""
        return self.status == CHANGED and not (
            self.edited or self.personas or self.touchpoints or self.decisions or self.improvements or self.flips
        )


@dataclass
class SiteDiff:
    """What changed between two versions of the site (a pull request's base and head): the shared
    personas, the plugin settings, each journey, and the check warnings that appeared or went."""

    personas: list[ItemDiff] = field(default_factory=list)
    settings: list[Change] = field(default_factory=list)
    journeys: list[JourneyDiff] = field(default_factory=list)
    new_warnings: list[str] = field(default_factory=list)
    resolved_warnings: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the two versions show no difference at all."""
        return not (self.personas or self.settings or self.journeys or self.new_warnings or self.resolved_warnings)


@dataclass
class FileChanges:
    """Files that differ, when the journeys themselves cannot be compared."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when no file was added, removed or modified."""
        return not (self.added or self.removed or self.modified)


def compare_files(base: dict[str, str], head: dict[str, str]) -> FileChanges:
    """Compare two {path: content hash} maps."""
    return FileChanges(
        added=sorted(set(head) - set(base)),
        removed=sorted(set(base) - set(head)),
        modified=sorted(p for p in set(base) & set(head) if base[p] != head[p]),
    )


# -- sites --------------------------------------------------------------------------------------

TOUCHPOINT_TRACKED = ("title", "target", "estimate", "messages")  # shown as before -> after
DECISION_TRACKED = ("status", "floor")
IMPROVEMENT_TRACKED = ("status", "delivered", "rice", "rank")
IMPROVEMENT_RICE_PARTS = ("reach", "impact", "confidence", "effort")
JOURNEY_ITEM_LISTS = ("touchpoints", "decisions", "improvements")


def compare(base: SiteAnalysis, head: SiteAnalysis) -> SiteDiff:
    """Everything the change does to the journeys, personas, settings and warnings."""
    diff = SiteDiff()
    diff.personas = _compare_items(
        "persona", base.site.personas, head.site.personas, tracked=(), diffable=_persona_fields
    )
    for option, name in (("min_responses", "min_responses"), ("stale_after", "stale_after_days"), ("today", "today")):
        before, after = getattr(base.settings, name), getattr(head.settings, name)
        if before != after:  # shown with the option's name in mkdocs.yml
            diff.settings.append(Change(option, before, after))
    base_journeys = {j.id: j for j in base.site.journeys}
    head_journeys = {j.id: j for j in head.site.journeys}
    for journey_id in sorted(set(base_journeys) | set(head_journeys)):
        if journey_id not in base_journeys:
            diff.journeys.append(_whole_journey(head_journeys[journey_id], ADDED))
        elif journey_id not in head_journeys:
            diff.journeys.append(_whole_journey(base_journeys[journey_id], REMOVED))
        else:
            journey_diff = _compare_journey(base, head, journey_id)
            if not journey_diff.empty:
                diff.journeys.append(journey_diff)
    before_warnings = _warning_texts(base)
    after_warnings = _warning_texts(head)
    diff.new_warnings = [w for w in after_warnings if w not in before_warnings]
    diff.resolved_warnings = [w for w in before_warnings if w not in after_warnings]
    return diff


def _warning_texts(analysis: SiteAnalysis) -> list[str]:
    """Warnings without their line numbers, which shift with every edit above them."""
    texts = [p.message for p in analysis.warnings if p.severity.value == "warning"]
    return list(dict.fromkeys(texts))


def _whole_journey(journey: Any, status: str) -> JourneyDiff:
    return JourneyDiff(
        journey.id, journey.title, status,
        counts={name: len(getattr(journey, name)) for name in JOURNEY_ITEM_LISTS},
    )


def _compare_journey(base: SiteAnalysis, head: SiteAnalysis, journey_id: str) -> JourneyDiff:
    before, after = base.site.journey(journey_id), head.site.journey(journey_id)
    diff = JourneyDiff(journey_id, after.title, CHANGED)
    diff.edited = [
        name
        for name in type(after).model_fields
        if name not in JOURNEY_ITEM_LISTS + ("personas",) and _dump(getattr(before, name)) != _dump(getattr(after, name))
    ]
    personas_before, personas_after = [p.id for p in before.all_personas], [p.id for p in after.all_personas]
    if personas_before != personas_after:  # in journey.yml, or personas.yml for a journey of all personas
        diff.personas = Change("personas", personas_before, personas_after)
    elif _dump(before.personas) != _dump(after.personas):
        diff.edited.append("personas")  # a local persona's text
    diff.touchpoints = _compare_touchpoints(before, after)
    diff.decisions = _compare_items(
        "decision", before.decisions, after.decisions, tracked=DECISION_TRACKED, diffable=_fields
    )
    diff.improvements = _compare_backlog(base.backlog.get(journey_id, []), head.backlog.get(journey_id, []))
    diff.flips = _flips(base.states[journey_id], head.states[journey_id])
    return diff


def _compare_touchpoints(before: Any, after: Any) -> list[ItemDiff]:
    diffs = _compare_items("touchpoint", before.touchpoints, after.touchpoints, tracked=TOUCHPOINT_TRACKED,
                           diffable=lambda tp: _fields(tp, exclude=("phase",)))
    phase_title_before = {p.id: p.title for p in before.phases}
    phase_title_after = {p.id: p.title for p in after.phases}
    old = {t.id: t for t in before.touchpoints}
    moved: dict[str, Move] = {}
    for phase in after.phases:
        ids_now = [t.id for t in after.touchpoints if t.phase == phase.id]
        for tp_id in ids_now:
            if tp_id in old and old[tp_id].phase != phase.id:
                moved[tp_id] = Move(phase_title_before.get(old[tp_id].phase, old[tp_id].phase), phase.title)
        stayed_now = [i for i in ids_now if i in old and old[i].phase == phase.id]
        stayed_before = [t.id for t in before.touchpoints if t.phase == phase.id and t.id in set(stayed_now)]
        kept = set(_longest_common_subsequence(stayed_before, stayed_now))
        for tp_id in stayed_now:
            if tp_id not in kept:
                index = ids_now.index(tp_id)
                title = phase_title_after.get(phase.id, phase.id)
                moved[tp_id] = Move(title, title, ids_now[index - 1] if index else None)
    by_id = {d.id: d for d in diffs}
    for tp_id, move in moved.items():
        if tp_id not in by_id:
            item = next(t for t in after.touchpoints if t.id == tp_id)
            by_id[tp_id] = ItemDiff("touchpoint", tp_id, item.title, CHANGED, item=item)
            diffs.append(by_id[tp_id])
        by_id[tp_id].move = move
    for d in diffs:
        if d.status == ADDED:
            d.extra["phase"] = phase_title_after.get(d.item.phase, d.item.phase)
        elif d.status == REMOVED:
            d.extra["phase"] = phase_title_before.get(d.item.phase, d.item.phase)
    return _in_order(diffs, [t.id for t in after.touchpoints])


def _compare_backlog(before: Sequence[RankedImprovement], after: Sequence[RankedImprovement]) -> list[ItemDiff]:
    """Backlog items added, removed, delivered, or re-prioritised (RICE score or place changed)."""
    old = {r.improvement.id: r for r in before}
    new = {r.improvement.id: r for r in after}
    rank_before, rank_after = _ranks(before), _ranks(after)
    diffs = _compare_items(
        "improvement", [r.improvement for r in before], [r.improvement for r in after],
        tracked=("status", "delivered"), diffable=lambda i: _fields(i, exclude=IMPROVEMENT_RICE_PARTS),
    )
    # Items still open on both sides whose order relative to each other changed.
    open_both = [i for i in rank_before if i in rank_after]
    open_now = sorted(open_both, key=rank_after.__getitem__)
    kept = set(_longest_common_subsequence(open_both, open_now))
    by_id = {d.id: d for d in diffs}
    for item_id in [i for i in new if i in old]:
        rice_before, rice_after = old[item_id].rice, new[item_id].rice
        changes = []
        if rice_before != rice_after:
            changes.append(Change("rice", rice_before, rice_after))
        if item_id in open_both and (item_id not in kept or changes):
            changes.append(Change("rank", rank_before[item_id], rank_after[item_id]))
        if not changes:
            continue
        if item_id not in by_id:
            by_id[item_id] = ItemDiff("improvement", item_id, new[item_id].improvement.title, CHANGED,
                                      item=new[item_id].improvement)
            diffs.append(by_id[item_id])
        by_id[item_id].changes.extend(changes)
    for d in diffs:
        if d.status == ADDED:
            d.extra["rice"] = new[d.id].rice
            d.extra["rank"] = rank_after.get(d.id)
    return _in_order(diffs, [r.improvement.id for r in after])


def _ranks(backlog: Sequence[RankedImprovement]) -> dict[str, int]:
    """1-based priority among the open items (idea, planned, in progress), in the backlog's order."""
    open_items = [r.improvement.id for r in backlog if r.improvement.status.is_open]
    return {item_id: index + 1 for index, item_id in enumerate(open_items)}


def _flips(before: JourneyStates, after: JourneyStates) -> list[StateFlip]:
    """States that changed for a touchpoint and persona present on both sides, grouped per touchpoint."""
    groups: dict[tuple[str, State, State], list[str]] = {}
    for (tp_id, persona_id), state in after.by_persona.items():
        old = before.by_persona.get((tp_id, persona_id))
        if old is not None and old.state is not state.state:
            groups.setdefault((tp_id, old.state, state.state), []).append(persona_id)
    titles = {t.id: t.title for t in after.journey.touchpoints}
    order = {t.id: i for i, t in enumerate(after.journey.touchpoints)}
    flips = [StateFlip(tp, titles[tp], tuple(personas), old, new) for (tp, old, new), personas in groups.items()]
    return sorted(flips, key=lambda f: (order[f.touchpoint], f.before.rank, f.after.rank))


# -- items --------------------------------------------------------------------------------------

def _compare_items(kind: str, before: Iterable[Any], after: Iterable[Any], *, tracked: Sequence[str],
                   diffable: Any) -> list[ItemDiff]:
    old = {item.id: item for item in before}
    new = {item.id: item for item in after}
    diffs: list[ItemDiff] = []
    for item_id, item in new.items():
        if item_id not in old:
            diffs.append(ItemDiff(kind, item_id, _title(item), ADDED, item=item))
            continue
        previous = old[item_id]
        changes = [
            Change(name, _value(getattr(previous, name)), _value(getattr(item, name)))
            for name in tracked
            if _dump(getattr(previous, name)) != _dump(getattr(item, name))
        ]
        fields_before, fields_after = diffable(previous), diffable(item)
        edited = [
            name for name in fields_after
            if name not in tracked and fields_before.get(name) != fields_after[name]
        ]
        if changes or edited:
            diffs.append(ItemDiff(kind, item_id, _title(item), CHANGED, changes, edited, item=item))
    for item_id, item in old.items():
        if item_id not in new:
            diffs.append(ItemDiff(kind, item_id, _title(item), REMOVED, item=item))
    return _in_order(diffs, list(new))


def _title(item: Any) -> str:
    title: str = getattr(item, "title", None) or getattr(item, "name", None) or item.id
    return title


def _fields(item: Model, exclude: Sequence[str] = ()) -> dict[str, Any]:
    return {name: _dump(getattr(item, name)) for name in type(item).model_fields if name not in exclude}


def _persona_fields(item: Model) -> dict[str, Any]:
    return _fields(item)


def _dump(value: Any) -> Any:
    if isinstance(value, Model):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if hasattr(value, "value") and not isinstance(value, (int, float, str)):
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _value(value: Any) -> Any:
    """A tracked value as plain data: enums as their text, dates as dates, numbers as numbers."""
    if hasattr(value, "value") and isinstance(getattr(value, "value"), str):
        return value.value
    return value


def _in_order(diffs: list[ItemDiff], order: list[str]) -> list[ItemDiff]:
    """Added first, then removed, then changed; within each, in the order of the head's file."""
    position = {item_id: i for i, item_id in enumerate(order)}
    rank = {ADDED: 0, REMOVED: 1, CHANGED: 2}
    return sorted(diffs, key=lambda d: (rank[d.status], position.get(d.id, len(position)), d.id))


def _longest_common_subsequence(a: Sequence[str], b: Sequence[str]) -> list[str]:
    """The items that kept their relative order; the others are the ones that moved."""
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = lengths[i + 1][j + 1] + 1 if a[i] == b[j] else max(lengths[i + 1][j], lengths[i][j + 1])
    result, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            result.append(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return result
