"""The state of each touchpoint for each persona, and the measures behind it (for readers:
docs/configuration.md, What a state means).

A score is either measured (enough survey responses) or the workshop estimate, and the site
always says which. The state answers the question leadership asks first: is this gap known
and handled (accepted by decision, being improved), or is nobody on it?
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Mapping, Optional, Protocol

from ..feedback import Cell
from ..model import Decision, DecisionStatus, Improvement, Journey, Persona, Site, Touchpoint
from .current import Measured, Window, measure


class State(str, Enum):
    """Ordered from what needs attention first to what needs none."""

    UNADDRESSED = "unaddressed"
    FLOOR_BREACHED = "floor-breached"
    IMPROVING = "improving"
    ACCEPTED = "accepted"
    ON_TARGET = "on-target"
    NO_TARGET = "no-target"
    NO_SCORE = "no-score"

    @property
    def rank(self) -> int:
        """0 for the state that needs attention first (unaddressed), rising to no-score."""
        return list(State).index(self)

    @property
    def is_gap(self) -> bool:
        """Below target: unaddressed, floor breached, improving or accepted."""
        return self in (State.UNADDRESSED, State.FLOOR_BREACHED, State.IMPROVING, State.ACCEPTED)


class ScoreSource(str, Enum):
    """Where a touchpoint's current score comes from: measured in survey feedback, the workshop
    estimate written in the journey, or none."""

    MEASURED = "measured"
    ESTIMATE = "estimate"
    NONE = "none"


class FeedbackLike(Protocol):
    """What the states need of a journey's feedback (JourneyFeedback, or a stand-in in tests)."""

    def cell(self, touchpoint_id: str, persona_id: Optional[str] = None) -> Optional[Cell]:
        """The Cell of a touchpoint for a persona (None: everyone), or None without responses."""
        ...


@dataclass
class TouchpointState:
    """One touchpoint as one persona (or, with persona None, every persona together) experiences it."""

    journey: Journey
    touchpoint: Touchpoint
    persona: Optional[Persona]
    current: Optional[float]
    source: ScoreSource
    responses: int
    state: State
    decision: Optional[Decision] = None
    improvements: list[Improvement] = field(default_factory=list)
    cell: Optional[Cell] = None  # the feedback aggregate, when there is one with enough responses
    measured: Optional[Measured] = None  # what a measured `current` is: window, count, metric figure
    everyone: bool = False  # a persona's score measured on every respondent: the export has no persona column

    @property
    def target(self) -> Optional[float]:
        """The touchpoint's target on the journey scale, or None if it has none."""
        return self.touchpoint.target

    @property
    def gap(self) -> Optional[float]:
        """How far below target (positive) or above it (negative); None without both numbers."""
        if self.current is None or self.target is None:
            return None
        return round(self.target - self.current, 4)

    @property
    def estimate(self) -> Optional[float]:
        """The workshop estimate on the journey scale: the persona's or, for everyone, the one
        estimate or the mean of the per-persona ones; None when there is none."""
        if self.persona is None:
            return _mean_estimate(self.journey, self.touchpoint)
        return self.touchpoint.estimate_for(self.persona.id)


@dataclass
class AnalysisSettings:
    """The site's choices that change states and checks; `today` is injectable so tests are stable."""

    min_responses: int = 5
    stale_after_days: Optional[int] = 365
    today: dt.date = field(default_factory=dt.date.today)
    current_window_days: Optional[int] = 90  # None: every response counts
    window_end: Optional[dt.date] = None  # where the window ends; None: the journey's newest response

    def window(self, newest: Optional[dt.date]) -> Optional[Window]:
        """The current window of a journey whose newest response is `newest` (docs/configuration.md,
        What a state means)."""
        end = self.window_end or newest
        if not self.current_window_days or end is None:
            return None
        return Window.ending(end, self.current_window_days)


def decisions_in_force(journey: Journey) -> list[Decision]:
    """Accepted decisions not replaced by another accepted decision."""
    replaced = {d.supersedes for d in journey.decisions if d.status is DecisionStatus.ACCEPTED and d.supersedes}
    return [d for d in journey.decisions if d.status is DecisionStatus.ACCEPTED and d.id not in replaced]


def _covers(item: Decision | Improvement, journey: Journey, touchpoint: Touchpoint, persona: Optional[Persona]) -> bool:
    if touchpoint.id not in item.touchpoints:
        return False
    if persona is None or item.personas is None:
        return True
    return persona.id in item.personas


def _mean_estimate(journey: Journey, touchpoint: Touchpoint) -> Optional[float]:
    if isinstance(touchpoint.estimate, dict):
        values = [touchpoint.estimate[p.id] for p in journey.personas_at(touchpoint) if p.id in touchpoint.estimate]
        return round(sum(values) / len(values), 4) if values else None
    return touchpoint.estimate


def touchpoint_state(
    journey: Journey,
    touchpoint: Touchpoint,
    persona: Optional[Persona],
    feedback: Optional[FeedbackLike],
    settings: AnalysisSettings,
    window: Optional[Window] = None,
    everyone: bool = False,
) -> TouchpointState:
    """The rule of docs/configuration.md (What a state means): measured over the current window
    once min_responses is reached (widening to every response when the window holds fewer), else
    the estimate. `everyone`: the
    touchpoint's feedback says nothing about personas, so a persona gets every respondent's score."""
    who = persona.id if persona and not everyone else None
    cell = feedback.cell(touchpoint.id, who) if feedback is not None else None
    responses = cell.count if cell is not None else 0
    measured = measure(cell, window, settings.min_responses, (journey.scale[0], journey.scale[1]))
    current: Optional[float]
    if measured is not None:
        current, source, responses = round(measured.mean, 4), ScoreSource.MEASURED, measured.count
    else:
        estimate = touchpoint.estimate_for(persona.id) if persona else _mean_estimate(journey, touchpoint)
        current, source = estimate, (ScoreSource.ESTIMATE if estimate is not None else ScoreSource.NONE)
    decision = next((d for d in decisions_in_force(journey) if _covers(d, journey, touchpoint, persona)), None)
    improvements = [
        i for i in journey.improvements if i.status.is_open and _covers(i, journey, touchpoint, persona)
    ]
    target = touchpoint.target
    if current is None:
        state = State.NO_SCORE
    elif target is None:
        state = State.NO_TARGET
    elif current >= target:
        state = State.ON_TARGET
    elif decision is not None and decision.floor is not None and current >= decision.floor:
        state = State.ACCEPTED
    elif decision is not None:
        state = State.FLOOR_BREACHED
    elif improvements:
        state = State.IMPROVING
    else:
        state = State.UNADDRESSED
    return TouchpointState(
        journey, touchpoint, persona, current, source, responses, state, decision, improvements,
        cell if source is ScoreSource.MEASURED else None, measured,
        everyone=everyone and persona is not None and measured is not None,
    )


@dataclass
class JourneyStates:
    """Every state of one journey: per touchpoint x persona, and per touchpoint for all personas."""

    journey: Journey
    by_persona: dict[tuple[str, str], TouchpointState]
    overall: dict[str, TouchpointState]

    def of(self, touchpoint_id: str, persona_id: Optional[str] = None) -> Optional[TouchpointState]:
        """The state of a touchpoint for one persona, or for every persona together with
        `persona_id` None; None if the persona does not meet the touchpoint."""
        if persona_id is None:
            return self.overall.get(touchpoint_id)
        return self.by_persona.get((touchpoint_id, persona_id))

    def for_persona(self, persona_id: str) -> list[TouchpointState]:
        """A persona's journey in order: the curve of the map."""
        return [self.by_persona[(t.id, persona_id)] for t in self.journey.touchpoints_of(persona_id)]

    def worst(self, touchpoint_id: str) -> Optional[TouchpointState]:
        """The persona for whom this touchpoint needs attention most: what the grid shows first."""
        states = [s for (t, _), s in self.by_persona.items() if t == touchpoint_id]
        return min(states, key=lambda s: (s.state.rank, -(s.gap or 0))) if states else None

    @property
    def all(self) -> list[TouchpointState]:
        """Every per-persona state (not the all-persona ones), touchpoint by touchpoint."""
        return list(self.by_persona.values())


def journey_states(journey: Journey, feedback: Optional[FeedbackLike], settings: AnalysisSettings) -> JourneyStates:
    """The state of every touchpoint of `journey`, per persona who meets it and for everyone,
    measured from `feedback` (None: estimates only) over the current window of `settings`."""
    by_persona: dict[tuple[str, str], TouchpointState] = {}
    overall: dict[str, TouchpointState] = {}
    window = settings.window(getattr(feedback, "newest", None))
    for touchpoint in journey.touchpoints:
        overall[touchpoint.id] = touchpoint_state(journey, touchpoint, None, feedback, settings, window)
        personas = journey.personas_at(touchpoint)
        everyone = feedback is not None and not any(feedback.cell(touchpoint.id, p.id) for p in personas)
        for persona in personas:
            by_persona[(touchpoint.id, persona.id)] = touchpoint_state(
                journey, touchpoint, persona, feedback, settings, window, everyone
            )
    return JourneyStates(journey, by_persona, overall)


def site_states(
    site: Site, feedback: Mapping[str, FeedbackLike], settings: AnalysisSettings
) -> dict[str, JourneyStates]:
    """journey id -> its JourneyStates, for every journey of the site; `feedback` maps journey
    ids to their feedback (a journey without an entry has estimates only)."""
    return {j.id: journey_states(j, feedback.get(j.id), settings) for j in site.journeys}
