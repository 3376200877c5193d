"""What changed between two versions of a journey: targets, touchpoints, decisions, improvements;
and which touchpoint states changed for which persona."""

from __future__ import annotations

import enum
from typing import Any, Mapping, Optional, Protocol, Sequence

from ..analysis import State
from ..model import DecisionStatus, ImprovementStatus, Journey
from .records import Change, ChangeKind, Commit, StateChange

_DECISION_KINDS = {
    DecisionStatus.PROPOSED: ChangeKind.DECISION_PROPOSED,
    DecisionStatus.ACCEPTED: ChangeKind.DECISION_TAKEN,
    DecisionStatus.SUPERSEDED: ChangeKind.DECISION_SUPERSEDED,
    DecisionStatus.RETIRED: ChangeKind.DECISION_RETIRED,
}
_IMPROVEMENT_KINDS = {
    ImprovementStatus.IDEA: ChangeKind.IMPROVEMENT_ADDED,
    ImprovementStatus.PLANNED: ChangeKind.IMPROVEMENT_PLANNED,
    ImprovementStatus.IN_PROGRESS: ChangeKind.IMPROVEMENT_STARTED,
    ImprovementStatus.DONE: ChangeKind.IMPROVEMENT_DELIVERED,
    ImprovementStatus.DROPPED: ChangeKind.IMPROVEMENT_DROPPED,
}


def journey_changes(before: Optional[Journey], after: Optional[Journey], commit: Commit) -> list[Change]:
    """The changes `commit` made to a journey, from its version `before` (None: the journey did not
    exist) to `after` (None: removed). A new journey is one JOURNEY_ADDED change, not one per item.
    Targets are compared in scale points; statuses by name. In order: touchpoints, decisions,
    improvements."""
    if after is None:
        return []
    if before is None:
        return [Change(commit, ChangeKind.JOURNEY_ADDED, after.id, after.title, None, len(after.touchpoints))]
    changes = _touchpoint_changes(before, after, commit)
    changes += _status_changes(before.decisions, after.decisions, _DECISION_KINDS, commit)
    changes += _superseded(before, after, commit, {c.item_id for c in changes if c.kind is ChangeKind.DECISION_SUPERSEDED})
    changes += _removed(before.decisions, after.decisions, ChangeKind.DECISION_REMOVED, commit)
    changes += _status_changes(before.improvements, after.improvements, _IMPROVEMENT_KINDS, commit)
    changes += _removed(before.improvements, after.improvements, ChangeKind.IMPROVEMENT_REMOVED, commit)
    return changes


class _Tracked(Protocol):
    """A decision or an improvement: an item with an id, a title and a status."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> enum.Enum: ...


def _target_kind(old: Optional[float], new: Optional[float]) -> ChangeKind:
    if old is None:
        return ChangeKind.TARGET_SET
    if new is None:
        return ChangeKind.TARGET_REMOVED
    return ChangeKind.TARGET_RAISED if new > old else ChangeKind.TARGET_LOWERED


def _touchpoint_changes(before: Journey, after: Journey, commit: Commit) -> list[Change]:
    """Touchpoints added, targets set, raised, lowered or removed, then touchpoints removed."""
    changes: list[Change] = []
    old_tps = {t.id: t for t in before.touchpoints}
    new_ids = {t.id for t in after.touchpoints}
    for tp in after.touchpoints:
        old = old_tps.get(tp.id)
        if old is None:
            changes.append(Change(commit, ChangeKind.TOUCHPOINT_ADDED, tp.id, tp.title, None, tp.target))
        elif old.target != tp.target:
            changes.append(Change(commit, _target_kind(old.target, tp.target), tp.id, tp.title, old.target, tp.target))
    for tp in before.touchpoints:
        if tp.id not in new_ids:
            changes.append(Change(commit, ChangeKind.TOUCHPOINT_REMOVED, tp.id, tp.title, tp.target, None))
    return changes


def _status_changes(before: Sequence[_Tracked], after: Sequence[_Tracked], kinds: Mapping[Any, ChangeKind],
                    commit: Commit) -> list[Change]:
    """An item that is new, or whose status changed: the kind its new status maps to."""
    old_items = {i.id: i for i in before}
    changes = []
    for item in after:
        old = old_items.get(item.id)
        if old is None or old.status is not item.status:
            changes.append(Change(commit, kinds[item.status], item.id, item.title,
                                  old.status.value if old else None, item.status.value))
    return changes


def _removed(before: Sequence[_Tracked], after: Sequence[_Tracked], kind: ChangeKind, commit: Commit) -> list[Change]:
    """Items of `before` that `after` no longer has."""
    new_ids = {i.id for i in after}
    return [Change(commit, kind, i.id, i.title, i.status.value, None) for i in before if i.id not in new_ids]


def _superseded(before: Journey, after: Journey, commit: Commit, already: set[str]) -> list[Change]:
    """A decision replaced by a newly accepted one, its own status unchanged (`already`: the ids
    whose own status became superseded)."""
    old_decisions = {d.id: d for d in before.decisions}
    new_decisions = {d.id: d for d in after.decisions}
    changes = []
    superseded = set(already)
    for decision in after.decisions:
        replaced = decision.supersedes
        old_decision = old_decisions.get(decision.id)
        newly = old_decision is None or old_decision.supersedes != replaced or (
            old_decision.status is not DecisionStatus.ACCEPTED)
        if (replaced and decision.status is DecisionStatus.ACCEPTED and newly and replaced in new_decisions
                and replaced not in superseded):
            target = new_decisions[replaced]
            changes.append(Change(commit, ChangeKind.DECISION_SUPERSEDED, target.id, target.title,
                                  target.status.value, decision.id))
            superseded.add(replaced)
    return changes


StateMap = Mapping[tuple[str, str], State]
"""(touchpoint id, persona id) -> state, for one journey at one commit."""


def state_changes(before: Optional[StateMap], after: StateMap, commit: Commit, journey_id: str) -> list[StateChange]:
    """Each (touchpoint, persona) whose state differs between `before` (None: the journey did not
    exist) and `after`, in the journey's order: those of `after` first, then the removed ones."""
    old = before or {}
    found = [
        StateChange(commit, journey_id, tp, persona, old.get((tp, persona)), state)
        for (tp, persona), state in after.items() if old.get((tp, persona)) is not state
    ]
    found += [
        StateChange(commit, journey_id, tp, persona, state, None)
        for (tp, persona), state in old.items() if (tp, persona) not in after
    ]
    return found
