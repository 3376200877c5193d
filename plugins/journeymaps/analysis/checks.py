"""The checks that keep a map honest (docs/configuration.md, The checks): gaps nobody decided on must not hide.

Each check has a stable name, so a site can switch it off or make it an error in mkdocs.yml;
each finding names the file and line a contributor has to change.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Iterable, Mapping, Optional

from ..model import DecisionStatus, ImprovementStatus, Journey, Site
from ..problems import Location, Problem, Severity
from .messages import message_grid, uses_messages
from .states import AnalysisSettings, JourneyStates, State


class Check(str, Enum):
    """The name of each check, as a site writes it under `checks:` in mkdocs.yml; the table in
    docs/configuration.md (The checks) says what each one finds."""

    UNADDRESSED_GAP = "unaddressed_gap"
    END_BELOW_TARGET = "end_below_target"
    PERSONA_MISSING_IN_PHASE = "persona_missing_in_phase"
    REVIEW_OVERDUE = "review_overdue"
    FLOOR_BREACHED = "floor_breached"
    FEEDBACK_REJECTED = "feedback_rejected"
    FEEDBACK_STALE = "feedback_stale"
    DONE_WITHOUT_DATE = "done_without_date"
    SUPERSEDED_IN_FORCE = "superseded_in_force"
    MESSAGE_MISSING = "message_missing"
    MOMENT_OF_TRUTH_WITHOUT_MESSAGE = "moment_of_truth_without_message"


class Level(str, Enum):
    """What a site makes of a check's findings: off (dropped), info, warn (the default) or error."""

    OFF = "off"
    INFO = "info"  # reported in the build log, but a strict build does not fail on it
    WARN = "warn"
    ERROR = "error"


def run_checks(
    site: Site,
    states: Mapping[str, JourneyStates],
    feedback: Mapping[str, Any],
    settings: AnalysisSettings,
) -> list[Problem]:
    """Every finding of every check, as warnings; levels are applied by `apply_levels`."""
    found: list[Problem] = []
    for journey in site.journeys:
        found.extend(_journey_checks(journey, states[journey.id], settings))
        found.extend(_message_checks(journey))
        fb = feedback.get(journey.id)
        if fb is not None:
            found.extend(_feedback_checks(journey, fb, settings))
    return found


def apply_levels(problems: Iterable[Problem], levels: Mapping[str, Level]) -> list[Problem]:
    """Drop the checks a site switched off, and set the severity of the others as the site chose."""
    severity = {Level.INFO: Severity.INFO, Level.WARN: Severity.WARNING, Level.ERROR: Severity.ERROR}
    result = []
    for problem in problems:
        level = levels.get(problem.code, Level.WARN)
        if level is Level.OFF:
            continue
        if problem.severity is not Severity.ERROR and severity[level] is not problem.severity:
            problem = Problem(problem.location, problem.message, problem.hint, severity[level], problem.code)
        result.append(problem)
    return result


def _n(value: Optional[float]) -> str:
    """A score in a message: at most two decimals, no trailing zeros (3.5, 2.54, 4)."""
    return f"{round(value, 2):g}" if value is not None else "none"


def _warn(location: Optional[Location], check: Check, message: str, hint: Optional[str] = None) -> Problem:
    return Problem(location or Location("journeys"), message, hint, Severity.WARNING, check.value)


def _journey_checks(journey: Journey, states: JourneyStates, settings: AnalysisSettings) -> Iterable[Problem]:
    name = f"journey '{journey.id}'"
    for touchpoint in journey.touchpoints:
        unaddressed = [s for s in states.all if s.touchpoint is touchpoint and s.state is State.UNADDRESSED]
        if unaddressed:
            who = ", ".join(s.persona.id for s in unaddressed if s.persona)
            worst = max(unaddressed, key=lambda s: s.gap or 0)
            yield _warn(
                touchpoint.location, Check.UNADDRESSED_GAP,
                f"{name}: touchpoint '{touchpoint.id}' is below target for {who} "
                f"({_n(worst.current)} {worst.source.value} < {_n(worst.target)}) with no improvement or decision",
                "add an improvement to the backlog, or record a decision that accepts a lower score",
            )
        breached = [s for s in states.all if s.touchpoint is touchpoint and s.state is State.FLOOR_BREACHED]
        if breached:
            worst = min(breached, key=lambda s: s.current or 0)
            decision = worst.decision
            yield _warn(
                decision.field_location("floor") if decision else touchpoint.location, Check.FLOOR_BREACHED,
                f"{name}: touchpoint '{touchpoint.id}' scores {_n(worst.current)} ({worst.source.value}), "
                f"below the floor {_n(decision.floor)} of decision '{decision.id}'" if decision and decision.floor is not None
                else f"{name}: touchpoint '{touchpoint.id}' is below its accepted floor",
                "improve the touchpoint or revisit the decision",
            )
    for persona in journey.all_personas:
        path = states.for_persona(persona.id)
        if path:
            last = path[-1]
            if last.target is not None and last.current is not None and last.current < last.target:
                yield _warn(
                    last.touchpoint.location, Check.END_BELOW_TARGET,
                    f"{name}: the journey of persona '{persona.id}' ends below target at '{last.touchpoint.id}' "
                    f"({_n(last.current)} < {_n(last.target)})",
                    "customers remember the end best",
                )
        for phase in journey.phases:
            if not any(t.phase == phase.id for t in journey.touchpoints_of(persona.id)):
                yield _warn(
                    phase.location, Check.PERSONA_MISSING_IN_PHASE,
                    f"{name}: persona '{persona.id}' has no touchpoint in phase '{phase.id}'",
                    "who do we forget? add a touchpoint for them or list them in an existing one",
                )
    superseded_by = {
        d.supersedes: d for d in journey.decisions if d.supersedes and d.status is DecisionStatus.ACCEPTED
    }
    for decision in journey.decisions:
        if (
            decision.review is not None
            and decision.review < settings.today
            and decision.status in (DecisionStatus.ACCEPTED, DecisionStatus.PROPOSED)
        ):
            yield _warn(
                decision.field_location("review"), Check.REVIEW_OVERDUE,
                f"{name}: decision '{decision.id}' was due for review on {decision.review.isoformat()}",
                "review it, then set a new review date or change its status",
            )
        newer = superseded_by.get(decision.id)
        if newer is not None and decision.status is not DecisionStatus.SUPERSEDED:
            yield _warn(
                decision.field_location("status"), Check.SUPERSEDED_IN_FORCE,
                f"{name}: decision '{decision.id}' is superseded by '{newer.id}' but its status is "
                f"still '{decision.status.value}'",
                "set status: superseded",
            )
    for item in journey.improvements:
        if item.status is ImprovementStatus.DONE and item.delivered is None:
            yield _warn(
                item.field_location("status"), Check.DONE_WITHOUT_DATE,
                f"{name}: improvement '{item.id}' is done but has no delivery date",
                "add delivered: YYYY-MM-DD so the site can compare scores before and after",
            )


def _message_checks(journey: Journey) -> Iterable[Problem]:
    """What we forget to tell whom: only once the journey writes messages at all (analysis/messages.py)."""
    if not uses_messages(journey):
        return
    name = f"journey '{journey.id}'"
    silent: dict[str, list[str]] = {}  # moment of truth -> the personas it has no message for
    moments = {}
    for row in message_grid(journey):
        for cell in row:
            if cell.missing:
                first = cell.touchpoints[0]
                where = first.field_location("messages") if first.messages else first.location
                ids = ", ".join(f"'{t.id}'" for t in cell.touchpoints)
                yield _warn(
                    where, Check.MESSAGE_MISSING,
                    f"{name}: nothing to tell persona '{cell.persona.id}' in phase '{cell.phase.id}': "
                    f"no message for them at {ids}",
                    f"what should they hear here? add messages: to touchpoint '{first.id}', "
                    f"as one text or as '{cell.persona.id}: ...'",
                )
            for tp in cell.silent_moments:
                moments[tp.id] = tp
                silent.setdefault(tp.id, []).append(cell.persona.id)
    for tp_id, persona_ids in silent.items():
        tp = moments[tp_id]
        yield _warn(
            tp.field_location("messages") if tp.messages else tp.field_location("moment_of_truth"),
            Check.MOMENT_OF_TRUTH_WITHOUT_MESSAGE,
            f"{name}: moment of truth '{tp.id}' has no message for {', '.join(persona_ids)}",
            "a moment that makes or breaks the relationship needs something to say: "
            + ("add " + ", ".join(f"'{p}: ...'" for p in persona_ids) + " to its messages" if tp.messages
               else "add messages: to it, one text for everyone or one per persona"),
        )


def _feedback_checks(journey: Journey, feedback: Any, settings: AnalysisSettings) -> Iterable[Problem]:
    for problem in getattr(feedback, "problems", []):
        if not problem.is_error:
            yield Problem(problem.location, problem.message, problem.hint, Severity.WARNING, Check.FEEDBACK_REJECTED.value)
    newest = getattr(feedback, "newest", None)
    if settings.stale_after_days is not None and newest is not None:
        age = (settings.today - newest).days
        if age > settings.stale_after_days:
            files = getattr(feedback, "files", []) or ["journeys/" + journey.id + "/feedback"]
            yield _warn(
                Location(files[0]), Check.FEEDBACK_STALE,
                f"journey '{journey.id}': the newest feedback is from {newest.isoformat()}, {age} days ago",
                f"add a recent survey export, or raise stale_after (now {settings.stale_after_days} days)",
            )
