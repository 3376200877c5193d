"""The organisation-wide pages as summaries: per journey a row of counts and its first item, and
the first few items across all journeys; never every row of every journey.

At 80 journeys the full lists made /decisions/ and /backlog/ 2.2 MB each and a persona across
journeys 1.5 MB (issue 15). Nobody reads such a table: a reader of an organisation page wants
where to look, and finds the full list on each journey's own page, or in the CSV download
(render/downloads.py) that leadership opens in Excel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from ..analysis import RankedImprovement, SiteAnalysis, State, TouchpointState
from ..model import DecisionStatus, ImprovementStatus, Journey, Persona

ORG_ROWS = 10
"""How many items an organisation-wide list shows before it points at the journeys' own pages."""


def gap_order(state: TouchpointState) -> tuple[int, float, str, str]:
    """The order gaps are read in: the worst state first, then the largest gap to target."""
    return (state.state.rank, -(state.gap or 0), state.touchpoint.id, state.persona.id if state.persona else "")


@dataclass
class JourneyBacklog:
    """One journey's line on /backlog/: improvements per status and the one ranked first."""

    journey: Journey
    counts: dict[str, int]  # ImprovementStatus value -> improvements
    first: Optional[RankedImprovement]  # the open improvement its backlog ranks first


@dataclass
class OrgBacklog:
    """What /backlog/ shows: each journey's line, the first open improvements across journeys and
    the latest delivered ones (at most ORG_ROWS each), and the counts behind them."""

    journeys: list[JourneyBacklog]
    first: list[RankedImprovement]  # open improvements across journeys, in backlog order, at most ORG_ROWS
    open_count: int
    delivered: list[RankedImprovement]  # done, the latest delivery first, at most ORG_ROWS
    done_count: int
    total: int


def org_backlog(analysis: SiteAnalysis, ranked: list[RankedImprovement]) -> OrgBacklog:
    """/backlog/ from the whole backlog in backlog order (`ranked`: analysis.sort_backlog)."""
    journeys = []
    for journey in analysis.site.journeys:
        items = analysis.backlog[journey.id]
        counts = {status.value: sum(1 for r in items if r.improvement.status is status) for status in ImprovementStatus}
        first = next((r for r in items if r.improvement.status.is_open), None)
        journeys.append(JourneyBacklog(journey, counts, first))
    open_items = [r for r in ranked if r.improvement.status.is_open]
    done = [r for r in ranked if r.improvement.status is ImprovementStatus.DONE]
    done.sort(key=lambda r: r.improvement.delivered or dt.date.min, reverse=True)
    return OrgBacklog(journeys, open_items[:ORG_ROWS], len(open_items), done[:ORG_ROWS], len(done), len(ranked))


@dataclass
class JourneyDecisions:
    """One journey's line on /decisions/: its register in counts."""

    journey: Journey
    total: int  # every decision of its register, superseded and retired ones too
    in_force: int
    proposed: int
    overdue: int  # reviews past their date (accepted or proposed decisions)
    breached: int  # touchpoints below a decision's floor


def journey_decisions(journey: Journey, rows: list[dict[str, Any]], states: list[TouchpointState]) -> JourneyDecisions:
    """`rows`: the journey's decision_rows; `states`: every state of the journey."""
    return JourneyDecisions(
        journey,
        total=len(rows),
        in_force=sum(1 for row in rows if row["in_force"]),
        proposed=sum(1 for row in rows if row["decision"].status is DecisionStatus.PROPOSED),
        overdue=sum(1 for row in rows if row["review_overdue"]),
        breached=len({s.touchpoint.id for s in states if s.state is State.FLOOR_BREACHED}),
    )


@dataclass
class PersonaInJourney:
    """One journey as a persona meets it, for the persona's page across journeys."""

    journey: Journey
    persona: Persona
    touchpoints: int  # touchpoints on the persona's path
    scored: int  # of which have a score and a target
    on_target: int
    gaps: int  # of which fall short of the target (any gap state, lower by choice included)
    worst: Optional[TouchpointState]  # the furthest below target, the worst state first


def persona_in_journey(journey: Journey, persona: Persona, path: list[TouchpointState]) -> PersonaInJourney:
    """`path`: the persona's states in the journey (JourneyStates.for_persona)."""
    scored = [s for s in path if s.state not in (State.NO_TARGET, State.NO_SCORE)]
    gaps = sorted((s for s in path if s.state.is_gap), key=gap_order)
    on_target = sum(1 for s in path if s.state is State.ON_TARGET)
    return PersonaInJourney(journey, persona, len(path), len(scored), on_target, len(gaps), gaps[0] if gaps else None)


@dataclass
class TeamInJourney:
    """One journey's line on a team's page: the touchpoints the team owns there."""

    journey: Journey
    touchpoints: int
    on_target: int
    gaps: int


@dataclass
class TeamView:
    """What a team's page shows: every owned touchpoint when they are few (at most 2 x ORG_ROWS),
    else a line per journey and the ones furthest below target (`shown`, at most ORG_ROWS)."""

    states: list[TouchpointState]  # every touchpoint the team owns (everyone's score)
    shown: list[TouchpointState]  # the rows of the table, the chart and the quotes
    journeys: list[TeamInJourney]  # empty when `shown` is every state
    gaps: int  # owned touchpoints below target


def team_view(states: list[TouchpointState]) -> TeamView:
    """A team page from every touchpoint the team owns: all of them when there are at most
    2 x ORG_ROWS, else the worst ORG_ROWS gaps with a line per journey."""
    below = sorted((s for s in states if s.state.is_gap), key=gap_order)
    if len(states) <= 2 * ORG_ROWS:
        return TeamView(states, states, [], len(below))
    journeys: dict[str, TeamInJourney] = {}
    for s in states:
        row = journeys.setdefault(s.journey.id, TeamInJourney(s.journey, 0, 0, 0))
        row.touchpoints += 1
        row.on_target += s.state is State.ON_TARGET
        row.gaps += s.state.is_gap
    return TeamView(states, below[:ORG_ROWS], list(journeys.values()), len(below))
