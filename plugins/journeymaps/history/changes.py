"""What changed between two versions of a journey: targets, touchpoints, decisions, improvements;
and which touchpoint states changed for which persona."""

from __future__ import annotations

from typing import Mapping, Optional

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
    Targets are compared in scale points; statuses by name."""
    if after is None:
        return []
    if before is None:
        return [Change(commit, ChangeKind.JOURNEY_ADDED, after.id, after.title, None, len(after.touchpoints))]
    changes: list[Change] = []
    old_tps = {t.id: t for t in before.touchpoints}
    new_tps = {t.id: t for t in after.touchpoints}
    for tp in after.touchpoints:
        old = old_tps.get(tp.id)
        if old is None:
            changes.append(Change(commit, ChangeKind.TOUCHPOINT_ADDED, tp.id, tp.title, None, tp.target))
            continue
        if old.target != tp.target:
            if old.target is None:
                kind = ChangeKind.TARGET_SET
            elif tp.target is None:
                kind = ChangeKind.TARGET_REMOVED
            else:
                kind = ChangeKind.TARGET_RAISED if tp.target > old.target else ChangeKind.TARGET_LOWERED
            changes.append(Change(commit, kind, tp.id, tp.title, old.target, tp.target))
    for tp in before.touchpoints:
        if tp.id not in new_tps:
            changes.append(Change(commit, ChangeKind.TOUCHPOINT_REMOVED, tp.id, tp.title, tp.target, None))

    old_decisions = {d.id: d for d in before.decisions}
    new_decisions = {d.id: d for d in after.decisions}
    for decision in after.decisions:
        old_decision = old_decisions.get(decision.id)
        if old_decision is None or old_decision.status is not decision.status:
            changes.append(Change(commit, _DECISION_KINDS[decision.status], decision.id, decision.title,
                                  old_decision.status.value if old_decision else None, decision.status.value))
    superseded = {c.item_id for c in changes if c.kind is ChangeKind.DECISION_SUPERSEDED}
    for decision in after.decisions:  # a decision replaced by a newly accepted one, its own status unchanged
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
    for decision in before.decisions:
        if decision.id not in new_decisions:
            changes.append(Change(commit, ChangeKind.DECISION_REMOVED, decision.id, decision.title,
                                  decision.status.value, None))

    old_items = {i.id: i for i in before.improvements}
    new_items = {i.id: i for i in after.improvements}
    for item in after.improvements:
        old_item = old_items.get(item.id)
        if old_item is None or old_item.status is not item.status:
            changes.append(Change(commit, _IMPROVEMENT_KINDS[item.status], item.id, item.title,
                                  old_item.status.value if old_item else None, item.status.value))
    for item in before.improvements:
        if item.id not in new_items:
            changes.append(Change(commit, ChangeKind.IMPROVEMENT_REMOVED, item.id, item.title,
                                  item.status.value, None))
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
