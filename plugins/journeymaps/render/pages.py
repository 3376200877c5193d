"""The generated pages as small objects: URL, title, template, context and the YAML behind them.

A page knows nothing about MkDocs. The plugin turns each into a MkDocs file; a command line
could write the same HTML to disk. Their addresses come from render/routes.py; docs/index.md lists
them for readers (Where to find what).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional

from ..analysis import (
    RankedImprovement,
    SiteAnalysis,
    State,
    TouchpointState,
    message_grid,
    sort_backlog,
    uses_messages,
)
from ..analysis.states import decisions_in_force
from ..history import JourneyHistory
from ..model import Decision, DecisionStatus, Journey, Persona, Touchpoint
from ..problems import Location, Problem, SourceError
from . import routes
from .organisation import ORG_ROWS, gap_order, journey_decisions, org_backlog, persona_in_journey, team_view
from .urls import page_url, slugify


class PageKind(enum.StrEnum):
    """What a generated page is. The title of a list page (TITLE_KEYS), the navigation, and which
    pages the render cache may keep across rebuilds (render/cache.py) go by it."""

    JOURNEYS = "journeys"  # the list of journeys
    JOURNEY = "journey"  # a journey's map
    PERSONA = "persona"  # a persona in one journey
    PHASE = "phase"
    BACKLOG = "backlog"  # a journey's improvement backlog
    DECISIONS = "decisions"  # a journey's decision register
    DECISION = "decision"
    ORG_BACKLOG = "org-backlog"  # organisation-wide, for leadership
    ORG_DECISIONS = "org-decisions"
    PERSONAS = "personas"  # every persona of the organisation
    ORG_PERSONA = "org-persona"  # one persona across all journeys
    TEAMS = "teams"
    TEAM = "team"
    HISTORY = "history"  # a journey's changes from git, per quarter (not kept by the render cache: a commit changes it)
    EMBED = "embed"  # a hand-written page, for the charts its `journeymap` blocks embed

    @property
    def of_one_journey(self) -> bool:
        """Drawn from one journey's files only (its YAML, its exports, the shared personas): the
        render cache keeps these across rebuilds while those files are unchanged
        (tests/test_render_cache.py checks each byte against a full build)."""
        return self in _JOURNEY_KINDS


_JOURNEY_KINDS = frozenset({PageKind.JOURNEY, PageKind.PERSONA, PageKind.PHASE, PageKind.BACKLOG,
                            PageKind.DECISIONS, PageKind.DECISION})


@dataclass
class GeneratedPage:
    """One page of the site, before it is rendered."""

    src_uri: str  # e.g. 'journeys/webshop/personas/sanne.md'; MkDocs derives the URL from it
    title: str  # plain text; escaped wherever it is shown
    template: str  # e.g. 'journeymaps/persona.html', overridable from the site's overrides/
    context: dict[str, Any]
    source: Optional[str] = None  # site-relative YAML file for the page's edit link
    in_nav: bool = True
    kind: PageKind = field(kw_only=True)


@dataclass
class Team:
    """An owner named in the YAML (free text), with everything it owns across journeys."""

    slug: str
    name: str
    touchpoints: list[tuple[Journey, Touchpoint]] = field(default_factory=list)
    improvements: list[RankedImprovement] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)


@dataclass
class ThemeRow:
    """A touchpoint's comment themes as a page shows them: `themes` most mentioned first (the
    feedback step's Theme), `comments` how many comments they were counted over."""

    journey: Journey
    touchpoint: Touchpoint
    themes: list[Any]
    comments: int

    @property
    def mixed_languages(self) -> bool:
        """True when its themes are in more than one language: the page then marks each theme's."""
        return len({theme.language for theme in self.themes}) > 1

    def trend(self, theme: Any) -> tuple[tuple[str, int], ...]:
        """The months a theme's trend shows: its last MONTHS_SHOWN ('YYYY-MM', mentions)."""
        return tuple(theme.months[-MONTHS_SHOWN:])

    @functools.cached_property  # read once per theme row of the touchpoint
    def busiest_month(self) -> int:
        """The most mentions one theme has in one month of its trend (0 without any): the top of
        the one scale every theme of the touchpoint is drawn on."""
        return max((n for theme in self.themes for _, n in self.trend(theme)), default=0)


MONTHS_SHOWN = 12
"""A theme's trend shows its last this many months."""


def theme_rows(analysis: SiteAnalysis, pairs: list[tuple[Journey, Touchpoint]], top: int | None = None,
               persona: str | None = None) -> list[ThemeRow]:
    """The touchpoints of `pairs` that have themes, in that order, each with its `top` themes (all:
    None); of one persona's comments only, where it left enough (feedback/themes.py), for `persona`.
    A theme fewer than min_responses comments mention is left out: a word three customers used is
    not yet something customers keep saying (the rule the scores follow)."""
    rows = []
    least = analysis.settings.min_responses
    for journey, touchpoint in pairs:
        feedback = analysis.feedback.get(journey.id)
        found = feedback.themes.of(touchpoint.id, persona) if feedback is not None and feedback.themes is not None else []
        found = [theme for theme in found if theme.mentions >= least]
        if found:
            rows.append(ThemeRow(journey, touchpoint, found[:top] if top else found, found[0].comments))
    return rows


@dataclass
class GapGroup:
    """One touchpoint's gaps for all the personas it affects: one row for leadership, not one per persona."""

    journey: Journey
    touchpoint: Touchpoint
    states: list[TouchpointState]

    @property
    def worst(self) -> TouchpointState:
        """The state of the persona with the worst gap here (states are sorted worst first)."""
        return self.states[0]


@dataclass
class LeadershipView:
    """The order leadership reads gaps in: unaddressed, then breached or overdue, then accepted, then improving."""

    unaddressed: list[GapGroup]
    breached: list[GapGroup]
    overdue: list[tuple[Journey, Decision]]
    accepted: list[tuple[Journey, Decision, list[TouchpointState]]]
    improving: list[GapGroup]


def group_gaps(states: list[TouchpointState]) -> list[GapGroup]:
    """Gaps per touchpoint, the worst first, each group's personas in order of their gap."""
    groups: dict[tuple[str, str], GapGroup] = {}
    for state in sorted(states, key=gap_order):
        key = (state.journey.id, state.touchpoint.id)
        if key not in groups:
            groups[key] = GapGroup(state.journey, state.touchpoint, [])
        groups[key].states.append(state)
    return sorted(groups.values(), key=lambda g: gap_order(g.worst))


TITLE_KEYS = {
    PageKind.JOURNEYS: "journeys", PageKind.BACKLOG: "improvement_backlog", PageKind.DECISIONS: "decision_register",
    PageKind.ORG_BACKLOG: "improvement_backlog", PageKind.ORG_DECISIONS: "decision_register",
    PageKind.PERSONAS: "personas", PageKind.TEAMS: "teams", PageKind.HISTORY: "history",
}


RESERVED_TEAM_SLUGS = (routes.INDEX,)  # a team page there would replace the listing of teams


def build_pages(analysis: SiteAnalysis, labels: dict[str, str],
                histories: Optional[Mapping[str, JourneyHistory]] = None) -> list[GeneratedPage]:
    """Every generated page of the site, in navigation order; list pages are titled in the site's
    language. With `histories` (journey id -> its history from git; None with `history: false`)
    each journey gets a history page. Raises SourceError when two pages would have one address
    (never overwrite a page)."""
    pages = _pages(analysis, histories)
    _refuse_shared_addresses(pages)
    for page in pages:
        if not page.title:
            page.title = labels[TITLE_KEYS[page.kind]]
    return pages


def _refuse_shared_addresses(pages: list[GeneratedPage]) -> None:
    by_uri: dict[str, GeneratedPage] = {}
    problems = []
    for page in pages:
        first = by_uri.setdefault(page.src_uri, page)
        if first is not page:
            problems.append(Problem(
                Location(page.source or first.source or "journeys"),
                f"'{first.title or first.kind}' and '{page.title or page.kind}' would both be published at {page.src_uri}",
                "give one of them another id or name",
            ))
    if problems:
        raise SourceError(problems)


def _pages(analysis: SiteAnalysis, histories: Optional[Mapping[str, JourneyHistory]] = None) -> list[GeneratedPage]:
    site = analysis.site
    teams = collect_teams(analysis)
    registers = {j.id: decision_rows(analysis, j) for j in site.journeys}  # each journey's, once
    pages: list[GeneratedPage] = [
        GeneratedPage(
            routes.journeys(), "", "journeymaps/journeys.html",
            {"health": [journey_health(analysis, j) for j in site.journeys]},
            kind=PageKind.JOURNEYS,
        )
    ]
    for journey in site.journeys:
        states = analysis.states[journey.id]
        files = journey.files
        common = {"journey": journey, "states": states, "feedback": analysis.feedback.get(journey.id),
                  "has_history": histories is not None}
        grid = message_grid(journey)  # persona x phase: what we tell whom (analysis/messages.py)
        pages.append(
            GeneratedPage(
                routes.journey(journey), journey.title, "journeymaps/journey.html",
                {**common, "health": journey_health(analysis, journey),
                 "gaps": sorted((s for s in states.all if s.state.is_gap), key=gap_order),
                 "message_grid": grid, "uses_messages": uses_messages(journey),
                 "theme_rows": theme_rows(analysis, [(journey, t) for t in journey.touchpoints], top=3)},
                files["journey"], kind=PageKind.JOURNEY,
            )
        )
        for persona, plan in zip(journey.all_personas, grid, strict=True):  # grid: one plan per persona, in order
            path = states.for_persona(persona.id)
            pages.append(
                GeneratedPage(
                    routes.persona(journey, persona.id), persona.name, "journeymaps/persona.html",
                    {**common, "persona": persona, "path": path,
                     "gaps": sorted((s for s in path if s.state.is_gap), key=gap_order),
                     "message_plan": plan, "uses_messages": uses_messages(journey),
                     "theme_rows": theme_rows(analysis, [(journey, s.touchpoint) for s in path], top=3, persona=persona.id)},
                    persona.location.file if persona.location else files["journey"], kind=PageKind.PERSONA,
                )
            )
        for n, phase in enumerate(journey.phases):
            touchpoints = journey.touchpoints_in(phase.id)
            pages.append(
                GeneratedPage(
                    routes.phase(journey, phase.id), phase.title, "journeymaps/phase.html",
                    {**common, "phase": phase, "touchpoints": touchpoints,
                     "personas": [p for p in journey.all_personas if any(p in journey.personas_at(t) for t in touchpoints)],
                     "unsaid": [row[n].persona for row in grid if row[n].missing],  # meet us here, hear nothing
                     "theme_rows": theme_rows(analysis, [(journey, t) for t in touchpoints])},
                    files["journey"], kind=PageKind.PHASE,
                )
            )
        backlog = analysis.backlog[journey.id]
        pages.append(
            GeneratedPage(
                routes.backlog(journey), "", "journeymaps/backlog.html",
                {**common, "backlog": backlog, "groups": group_by_status(backlog), "scope": journey},
                files.get("improvements", files["journey"]), kind=PageKind.BACKLOG,
            )
        )
        pages.append(
            GeneratedPage(
                routes.decisions(journey), "", "journeymaps/decisions.html",
                {**common, "decisions": registers[journey.id], "scope": journey},
                files.get("decisions", files["journey"]), kind=PageKind.DECISIONS,
            )
        )
        if histories is not None:
            pages.append(
                GeneratedPage(
                    routes.history(journey), "", "journeymaps/history.html",
                    {**common, "history": histories.get(journey.id) or JourneyHistory(journey.id), "scope": journey},
                    files["journey"], kind=PageKind.HISTORY,
                )
            )
        for row in registers[journey.id]:
            decision = row["decision"]
            pages.append(
                GeneratedPage(
                    routes.decision(journey, decision.id), decision.title, "journeymaps/decision.html",
                    {**common, **row},
                    decision.location.file if decision.location else files["journey"], kind=PageKind.DECISION,
                )
            )

    all_backlog = sort_backlog([r for j in site.journeys for r in analysis.backlog[j.id]])
    leadership = leadership_view(analysis, registers)
    pages.append(
        GeneratedPage(
            routes.backlog(), "", "journeymaps/org_backlog.html",
            {"org": org_backlog(analysis, all_backlog), "unaddressed": leadership.unaddressed, "limit": ORG_ROWS},
            kind=PageKind.ORG_BACKLOG,
        )
    )
    pages.append(
        GeneratedPage(
            routes.decisions(), "", "journeymaps/org_decisions.html",
            {"leadership": leadership, "limit": ORG_ROWS, "total": sum(len(rows) for rows in registers.values()),
             "journeys": [journey_decisions(j, registers[j.id], analysis.states[j.id].all) for j in site.journeys]},
            kind=PageKind.ORG_DECISIONS,
        )
    )
    people = personas_across(analysis)
    pages.append(
        GeneratedPage(routes.personas(), "", "journeymaps/personas.html", {"people": people}, kind=PageKind.PERSONAS)
    )
    for persona, journeys in people:
        pages.append(
            GeneratedPage(
                routes.org_persona(persona.id), persona.name, "journeymaps/org_persona.html",
                {"persona": persona,
                 "journeys": [persona_in_journey(j, next(p for p in j.all_personas if p.id == persona.id),
                                                 analysis.states[j.id].for_persona(persona.id)) for j in journeys]},
                persona.location.file if persona.location else site.personas_file, kind=PageKind.ORG_PERSONA,
            )
        )
    pages.append(GeneratedPage(routes.teams(), "", "journeymaps/teams.html", {"teams": teams}, kind=PageKind.TEAMS))
    for team in teams:
        team_states = [analysis.states[j.id].of(t.id) for j, t in team.touchpoints]
        covered = {(j.id, t.id) for j, t in team.touchpoints}
        pages.append(
            GeneratedPage(
                routes.team(team.name), team.name, "journeymaps/team.html",
                {"team": team, "view": team_view([s for s in team_states if s is not None]), "limit": ORG_ROWS,
                 "feedback": analysis.feedback,
                 "theme_rows": theme_rows(analysis, team.touchpoints),
                 "decisions": [
                     r for j in team.journeys for r in registers[j.id]
                     if any((j.id, t) in covered for t in r["decision"].touchpoints)
                 ]},
                _team_source(team), kind=PageKind.TEAM,
            )
        )
    return pages


def _team_source(team: Team) -> Optional[str]:
    files = {t.location.file for _, t in team.touchpoints if t.location}
    return files.pop() if len(files) == 1 else None


def journey_health(analysis: SiteAnalysis, journey: Journey) -> dict[str, Any]:
    """The figures of the journeys index: how much is on target and what needs attention."""
    states = analysis.states[journey.id].all
    with_target = [s for s in states if s.state not in (State.NO_TARGET, State.NO_SCORE)]
    count: Callable[[State], int] = lambda st: sum(1 for s in states if s.state is st)  # noqa: E731
    return {
        "journey": journey,
        "scored": len(with_target),
        "on_target": count(State.ON_TARGET),
        "unaddressed": count(State.UNADDRESSED),
        "breached": count(State.FLOOR_BREACHED),
        "accepted": count(State.ACCEPTED),
        "improving": count(State.IMPROVING),
        "open_improvements": sum(1 for i in journey.improvements if i.status.is_open),
        "decisions": len(decisions_in_force(journey)),
        "responses": getattr(analysis.feedback.get(journey.id), "total_responses", 0),
    }


def group_by_status(backlog: list[RankedImprovement]) -> list[tuple[str, list[RankedImprovement]]]:
    """(status value, its items) in the backlog's order, for a backlog already in backlog order."""
    groups: dict[str, list[RankedImprovement]] = defaultdict(list)
    for item in backlog:
        groups[item.improvement.status.value].append(item)
    return list(groups.items())  # backlog is already in status order


def decision_rows(analysis: SiteAnalysis, journey: Journey) -> list[dict[str, Any]]:
    """Each decision with the states it covers, the chain it belongs to and whether its review is due."""
    states = analysis.states[journey.id]
    by_id = {d.id: d for d in journey.decisions}
    superseded_by = {d.supersedes: d for d in journey.decisions if d.supersedes}
    rows = []
    for decision in journey.decisions:
        covered = [
            s for t in decision.touchpoints for s in (
                [states.of(t, p) for p in decision.personas] if decision.personas else [states.of(t)]
            ) if s is not None
        ]
        rows.append({
            "journey": journey,
            "decision": decision,
            "covered": covered,
            "lowest": min((s.current for s in covered if s.current is not None), default=None),
            "supersedes": by_id.get(decision.supersedes) if decision.supersedes else None,
            "superseded_by": superseded_by.get(decision.id),
            "review_overdue": bool(
                decision.review and decision.review < analysis.settings.today
                and decision.status in (DecisionStatus.ACCEPTED, DecisionStatus.PROPOSED)
            ),
            "in_force": decision in decisions_in_force(journey),
        })
    return rows


def leadership_view(analysis: SiteAnalysis,
                    registers: Optional[Mapping[str, list[dict[str, Any]]]] = None) -> LeadershipView:
    """The leadership page's lists over every journey: gaps grouped per touchpoint, decisions
    overdue for review, and decisions in force, the most recently decided first. `registers`: each
    journey id's decision_rows, when the caller has them already (else they are computed)."""
    unaddressed, breached, improving, overdue, accepted = [], [], [], [], []
    for journey in analysis.site.journeys:
        states = analysis.states[journey.id]
        for s in states.all:
            if s.state is State.UNADDRESSED:
                unaddressed.append(s)
            elif s.state is State.FLOOR_BREACHED:
                breached.append(s)
            elif s.state is State.IMPROVING:
                improving.append(s)
        rows = registers[journey.id] if registers is not None else decision_rows(analysis, journey)
        for row in rows:
            if row["review_overdue"]:
                overdue.append((journey, row["decision"]))
            if row["in_force"]:
                accepted.append((journey, row["decision"], row["covered"]))
    accepted.sort(key=lambda item: item[1].decided or dt.date.min, reverse=True)  # stable: journey order on a tie
    return LeadershipView(group_gaps(unaddressed), group_gaps(breached), overdue, accepted, group_gaps(improving))


def personas_across(analysis: SiteAnalysis) -> list[tuple[Persona, list[Journey]]]:
    """Every persona of the site with the journeys they appear in; org personas first, then local ones."""
    seen: dict[str, tuple[Persona, list[Journey]]] = {p.id: (p, []) for p in analysis.site.personas}
    for journey in analysis.site.journeys:
        for persona in journey.all_personas:
            seen.setdefault(persona.id, (persona, []))[1].append(journey)
    return sorted(seen.values(), key=lambda item: item[0].id)


def collect_teams(analysis: SiteAnalysis) -> list[Team]:
    """Every owner named in the YAML, as a team. Names that differ only in case or spacing are one
    team; two different names whose page address would be the same (or a listing page's, such as
    a team called 'Index') are an error at both places, never silently merged."""
    teams: dict[str, Team] = {}
    first_seen: dict[str, tuple[str, Optional[Location]]] = {}  # slug -> (identity, where first named)
    problems: dict[tuple[str, str], Problem] = {}  # one per clash, however often the names recur

    def team(name: str, where: Optional[Location] = None) -> Team:
        slug, identity = slugify(name), " ".join(name.split()).casefold()
        here = where or Location("journeys")
        if slug in RESERVED_TEAM_SLUGS:
            problems.setdefault((slug, identity), Problem(
                here, f"a team called '{name}' would replace the /{page_url(routes.teams())} listing page",
                "give the team another name"))
        first_identity, first_where = first_seen.setdefault(slug, (identity, where))
        if first_identity != identity:
            problems.setdefault((slug, identity), Problem(
                here, f"teams '{teams[slug].name}' ({first_where or 'elsewhere'}) and '{name}' would share "
                f"the page /{page_url(routes.team(name))}",
                "write one team's name the same way everywhere, or rename one"))
        return teams.setdefault(slug, Team(slug, name))

    for journey in analysis.site.journeys:
        if journey.owner:
            t = team(journey.owner, journey.field_location("owner"))
            if all(j.id != journey.id for j in t.journeys):  # by id: == compares whole models
                t.journeys.append(journey)
        for touchpoint in journey.touchpoints:
            if touchpoint.owner:
                t = team(touchpoint.owner, touchpoint.field_location("owner"))
                t.touchpoints.append((journey, touchpoint))
                if all(j.id != journey.id for j in t.journeys):  # by id: == compares whole models
                    t.journeys.append(journey)
        for ranked in analysis.backlog[journey.id]:
            if ranked.improvement.owner:
                t = team(ranked.improvement.owner, ranked.improvement.field_location("owner"))
                t.improvements.append(ranked)
                if all(j.id != journey.id for j in t.journeys):  # by id: == compares whole models
                    t.journeys.append(journey)
    if problems:
        raise SourceError(list(problems.values()))
    return sorted(teams.values(), key=lambda t: t.slug)
