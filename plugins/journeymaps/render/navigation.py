"""Where the generated pages sit in the site's navigation, as MkDocs nav entries (plain data).

Journeys -> (their group, on a site of many) -> each journey -> its personas, phases, backlog
and decisions (the register, then one entry per decision, so a decision page opens with its
journey's navigation beside it); then the organisation-wide pages. With Material's
navigation.prune a page carries only the open branch of this tree and its siblings; groups keep
those siblings few on a site of 80 journeys.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from markupsafe import escape

from ..model import Journey, Site
from . import routes
from .pages import GeneratedPage, PageKind

NAV_GROUP_FROM = 12
"""Above this many journeys, the navigation lists them in groups (see journey_groups)."""


def nav_entries(pages: list[GeneratedPage], site: Site, labels: dict[str, str]) -> list[dict[str, Any]]:
    """Nav entries for the generated pages; titles are escaped because themes print them as HTML."""
    def title(text: str) -> str:
        return str(escape(text))

    by_uri = {p.src_uri: p for p in pages}
    journeys: list[Any] = [{title(labels["overview"]): routes.journeys()}]
    groups = journey_groups(site, labels["other"])
    for name, members in groups.items():
        entries = [_journey_entry(journey, labels, title, by_uri) for journey in members]
        journeys += [{title(name): entries}] if len(groups) > 1 else entries
    organisation = [
        {title(labels["improvement_backlog"]): routes.backlog()},
        {title(labels["decision_register"]): routes.decisions()},
        {title(labels["personas"]): [routes.personas()] + [
            {title(p.title): p.src_uri} for p in pages if p.kind == PageKind.ORG_PERSONA
        ]},
        {title(labels["teams"]): [routes.teams()] + [
            {title(p.title): p.src_uri} for p in pages if p.kind == PageKind.TEAM
        ]},
    ]
    assert all(uri in by_uri for uri in _uris(journeys + organisation)), "nav names a page that is not generated"
    return [{title(labels["journeys"]): journeys}, {title(labels["organisation"]): organisation}]


def journey_groups(site: Site, other: str) -> dict[str, list[Journey]]:
    """The journeys under the headings the navigation lists them by: one group (no heading) up to
    NAV_GROUP_FROM journeys; beyond, by `group:`, else owner, else `other`: the groups in
    alphabetical order with `other` last, each group's journeys in the site's order. With Material's navigation.prune a page then carries the groups and the
    journeys of its own group, not every journey of the organisation."""
    if len(site.journeys) <= NAV_GROUP_FROM:
        return {"": list(site.journeys)}
    groups: dict[str, list[Journey]] = {}
    for journey in site.journeys:
        groups.setdefault(journey.group or journey.owner or other, []).append(journey)
    if len(groups) == 1:
        return {"": list(site.journeys)}
    return {name: groups[name] for name in sorted(groups, key=lambda name: (name == other, name.casefold()))}


def _journey_entry(journey: Journey, labels: dict[str, str], title: Callable[[str], str],
                   generated: Mapping[str, GeneratedPage]) -> dict[str, Any]:
    """One journey's branch: its map, personas, phases, backlog, decisions and (unless `history:
    false`) its history."""
    personas = [{title(p.name): routes.persona(journey, p.id)} for p in journey.all_personas]
    phases = [{title(f.title): routes.phase(journey, f.id)} for f in journey.phases]
    return {
        title(journey.title): [
            {title(labels["journey_map"]): routes.journey(journey)},
            {title(labels["personas"]): personas},
            {title(labels["phases"]): phases},
            {title(labels["backlog"]): routes.backlog(journey)},
            {title(labels["decisions"]): [routes.decisions(journey)] + [
                {title(d.title): routes.decision(journey, d.id)} for d in journey.decisions
            ]},
        ] + ([{title(labels["history"]): routes.history(journey)}] if routes.history(journey) in generated else [])
    }


def _uris(entries: Any) -> list[str]:
    if isinstance(entries, str):
        return [entries]
    if isinstance(entries, dict):
        return [u for v in entries.values() for u in _uris(v)]
    return [u for e in entries for u in _uris(e)]


def nav_mentions(nav: Any, uris: set[str]) -> bool:
    """Whether a site's nav config (nested lists and mappings of titles to paths) names any of
    `uris`: a nav that names a generated page is left exactly as written, by both adapters."""
    if isinstance(nav, str):
        return nav in uris
    if isinstance(nav, dict):
        return any(nav_mentions(value, uris) for value in nav.values())
    if isinstance(nav, list):
        return any(nav_mentions(item, uris) for item in nav)
    return False
